"""`whosaid train` and `whosaid publish-model`: reproduce the shipped models."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Optional

import typer

from whosaid.pipeline.profile_options import DEFAULT_PROFILE, Profile

logger = logging.getLogger(__name__)

DEFAULT_DATA = Path("../shared/data")
DEFAULT_OUTPUT = Path("training/attribution")
ENCODER = "encoder"
ENCODER_ENTITY_HEAD = "encoder-entity-head"
ANTECEDENTS = "antecedents"
COREF = "coref"
STATEMENT_CONFIDENCE = "statement-confidence"
ATTRIBUTION_ENSEMBLE = "attribution-ensemble"
ENCODER_INT8 = "encoder-int8"
SENTENCE_ENCODER = "sentence-encoder"
NER = "ner"


def train_command(
    data: Annotated[Path, typer.Option(help="The shared data directory (polnear/, gum/).")] = DEFAULT_DATA,
    output: Annotated[Path, typer.Option(help="Run directory: corpus, checkpoints.")] = DEFAULT_OUTPUT,
    stage: Annotated[
        str,
        typer.Option(
            help="attribution (the fast profile's, on the base pipeline), attribution-vectors (the same reading "
            "the base's static word vectors too), attribution-ensemble (the fast profile's shipped model: the "
            "--member runs' checkpoints read as one; writes OUTPUT/model-best), encoder (the accurate or, with "
            "--encoder mpnet, the precise profile's fine-tuned transformer; needs whosaid[finetune]), "
            "encoder-entity-head (refit the entity head of the "
            "--warm-start encoder run on its frozen encoder), or antecedents (the ranker that resolves "
            "pronoun speakers and the speaker confidence; writes OUTPUT/antecedents.json; with --warm-start "
            "FILE, the ranker of that antecedents.json is kept and the confidence refitted), coref (the word-level "
            "coreference model, on GUM's gold chains; needs whosaid[finetune]; the best epoch's model goes to "
            "OUTPUT/model, to copy into src/whosaid/models/en_whosaid_coref), statement-"
            "confidence (the --profile's statement confidence, on PolNeAR dev; writes its entry into "
            "OUTPUT/statement_confidence.json), or encoder-int8 (the outlier channels with which the --profile's "
            "shipped encoder, stored with int8 weights, runs in int8 arithmetic: the precise profile's; found on "
            "PolNeAR train and written into the model's settings.json; publish-model does it for a new model), or "
            "sentence-encoder (no training: all-MiniLM-L6-v2 exported to ONNX into OUTPUT, the sentence encoder "
            "that compares paraphrased claims; needs whosaid[finetune]), or ner (en_core_web_md's NER fine-tuned on "
            "GUM train's gold names, PolNeAR train articles it labels itself mixed in; the best epoch on GUM dev goes "
            "to OUTPUT/ner, to copy into src/whosaid/models/en_whosaid_news/ner)."
        ),
    ] = "attribution",
    base_model: Annotated[
        Optional[Path],
        typer.Option(
            help="For --stage attribution: the base pipeline (default: en_core_web_md, as whosaid.load finds it)."
        ),
    ] = None,
    member: Annotated[
        Optional[list[Path]],
        typer.Option(help="For attribution-ensemble: a trained attribution checkpoint (give it once per member)."),
    ] = None,
    max_steps: Annotated[int, typer.Option(help="Stop after this many steps (0: when dev stops improving).")] = 0,
    resume: Annotated[bool, typer.Option("--resume/--restart", help="Continue from the last checkpoint.")] = True,
    epochs: Annotated[
        Optional[int],
        typer.Option(help="For a new encoder run: passes over PolNeAR train; for coref and ner: over GUM train."),
    ] = None,
    window: Annotated[
        Optional[int], typer.Option(help="For a new encoder run: subwords per window, at most 512.")
    ] = None,
    learning_rate: Annotated[Optional[float], typer.Option(help="For a new encoder run: peak learning rate.")] = None,
    warm_start: Annotated[
        Optional[Path],
        typer.Option(
            help="For a new encoder run: start from the weights of this finished run; for antecedents: keep "
            "the ranker of this antecedents.json."
        ),
    ] = None,
    encoder: Annotated[
        Optional[str], typer.Option(help="For a new encoder run: the pretrained encoder, minilm or mpnet.")
    ] = None,
    frozen_layers: Annotated[
        Optional[int],
        typer.Option(help="For a new encoder run: keep the embeddings and this many lowest layers pretrained."),
    ] = None,
    threads: Annotated[
        Optional[int], typer.Option(help="For a new encoder run and for coref: PyTorch's CPU threads.")
    ] = None,
    profile: Annotated[
        Profile, typer.Option(help="For statement-confidence and encoder-int8: the profile to fit it for.")
    ] = DEFAULT_PROFILE,
    entities: Annotated[
        bool,
        typer.Option(
            "--entities/--no-entities",
            help="For a new encoder run: also train an entity head (PolNeAR CoreNLP entities, GUM train gold names).",
        ),
    ] = False,
    encoder_states: Annotated[
        bool,
        typer.Option(
            "--encoder-states/--no-encoder-states",
            help="For coref: read the accurate profile's encoder states beside the base's features (the default "
            "model), or the base's alone (the fast model, en_whosaid_coref_fast).",
        ),
    ] = True,
    with_dev: Annotated[
        bool,
        typer.Option(
            "--with-dev",
            help="For coref: train on GUM dev too, for --epochs passes (a count chosen on dev before), "
            "and keep the last; dev then scores nothing held out.",
        ),
    ] = False,
) -> None:
    """Train a stage; resumes from the run directory's last checkpoint.

    A new encoder run takes the settings given and the defaults of EncoderTrainingConfig
    (docs/MODELS.md) for the rest; a resumed one keeps those it started with (its training.json)."""
    if stage == ANTECEDENTS:
        from whosaid.pipeline.profiles import load
        from whosaid.training.antecedents import train_antecedents

        output.mkdir(parents=True, exist_ok=True)
        summary = train_antecedents(load(), data, output / "antecedents.json", ranker=warm_start)
        logger.info(
            "trained on %s examples, accuracy on them %s: %s (ship it by copying it to src/whosaid/models/)",
            summary["examples"],
            summary["train_accuracy"],
            output / "antecedents.json",
        )
        return
    if stage == COREF:
        from whosaid.pipeline.coreference import ENCODER_STATES
        from whosaid.pipeline.profiles import load
        from whosaid.training.coref import EPOCHS, train_coref

        if threads:
            import torch

            torch.set_num_threads(threads)
        states = ENCODER_STATES if encoder_states else None
        model_dir = train_coref(
            output, data / "gum", load(), epochs=epochs or EPOCHS, resume=resume, encoder=states, with_dev=with_dev
        )
        shipped = "en_whosaid_coref" if encoder_states else "en_whosaid_coref_fast"
        logger.info("trained: %s (ship it by copying it to src/whosaid/models/%s)", model_dir, shipped)
        return
    if stage == STATEMENT_CONFIDENCE:
        from whosaid.pipeline.profiles import load
        from whosaid.training.statement_confidence import train_statement_confidence

        nlp = load(profile=profile, exclude=["statement_confidence"])  # its features, not its weights
        entry = train_statement_confidence(nlp, profile.value, data, output / "statement_confidence.json")
        logger.info(
            "fitted on %s statements; cross-validated audit by threshold: %s (%s keeps the other profiles: "
            "ship it by copying it to src/whosaid/models/)",
            entry["statements"],
            entry["cross_validated"]["audit"]["by_threshold"],
            output / "statement_confidence.json",
        )
        return
    if stage == ENCODER_INT8:
        from whosaid.errors import InvalidOptionError
        from whosaid.pipeline.profiles import ENCODER_MODELS
        from whosaid.training.quantization import calibrate_int8

        if profile not in ENCODER_MODELS:
            raise InvalidOptionError(f"--stage {ENCODER_INT8} needs --profile precise: {profile.value} has no encoder")
        channels = calibrate_int8(ENCODER_MODELS[profile], data / "polnear")
        logger.info(
            "%s products run in int8, %s input channels apart in fp32: %s",
            len(channels),
            sum(map(len, channels.values())),
            ENCODER_MODELS[profile] / "settings.json",
        )
        return
    if stage == NER:
        import spacy

        from whosaid.models.base import base_model_path
        from whosaid.training.ner import EPOCHS, fine_tune_ner

        base = spacy.load(base_model_path())  # its own NER weights, not whosaid's
        model_dir = fine_tune_ner(base, data, output, epochs=epochs or EPOCHS, resume=resume)
        if model_dir is None:
            logger.warning("no epoch resolves GUM dev's speakers as well as the base's NER: nothing to ship")
        else:
            logger.info("trained: %s (ship it by copying it to src/whosaid/models/en_whosaid_news/ner)", model_dir)
        return
    if stage == SENTENCE_ENCODER:
        from whosaid.training.sentence_encoder import export_sentence_encoder

        model = export_sentence_encoder(output)
        logger.info("exported: %s (ship its directory as src/whosaid/models/en_whosaid_sentences)", model.parent)
        return
    if stage == ATTRIBUTION_ENSEMBLE:
        from whosaid.training.ensemble import assemble_and_score

        best = assemble_and_score(member or [], data, output)
        logger.info("assembled: %s (publish it with `whosaid publish-model %s`)", best, best)
        return
    if stage == ENCODER_ENTITY_HEAD:
        from whosaid.errors import InvalidOptionError
        from whosaid.training.finetune import fit_entity_head

        if warm_start is None:
            raise InvalidOptionError("--stage encoder-entity-head needs --warm-start: the encoder run to refit")
        fit_entity_head(warm_start, data, output, **({"epochs": epochs} if epochs else {}))
        logger.info("refitted: %s (publish it with `whosaid publish-model %s`)", output, output)
        return
    if stage == ENCODER:
        import shutil

        from whosaid.training.finetune import EncoderTrainingConfig, train_encoder

        if not resume:
            shutil.rmtree(output, ignore_errors=True)
        given = {
            "window": min(window, 512) if window else None, "epochs": epochs, "learning_rate": learning_rate,
            "warm_start": str(warm_start) if warm_start else None, "entities": entities or None,
            "encoder": encoder, "frozen_layers": frozen_layers, "threads": threads,
        }  # fmt: skip
        config = EncoderTrainingConfig(**{name: value for name, value in given.items() if value is not None})
        train_encoder(data, output, config, max_steps=max_steps)
        logger.info("trained: %s (publish it with `whosaid publish-model %s`)", output, output)
        return
    from whosaid.training.train import train  # training imports are heavy and optional

    best = train(data, output, stage=stage, base_model=base_model, max_steps=max_steps, resume=resume)
    logger.info("best checkpoint: %s (publish it with `whosaid publish-model %s`)", best, best)


def publish_command(
    checkpoint: Annotated[
        Path, typer.Argument(help="A trained pipeline (training/attribution/model-best) or an encoder run directory.")
    ] = DEFAULT_OUTPUT / "model-best",
    data: Annotated[Path, typer.Option(help="For an encoder run: the shared data, to score it on dev.")] = DEFAULT_DATA,
    force: Annotated[bool, typer.Option("--force", help="Publish even if it scores lower.")] = False,
) -> None:
    """Copy a checkpoint into the package if it beats the shipped model on dev."""
    if (checkpoint / "training.json").exists():
        from whosaid.training.finetune import publish_encoder

        publish_encoder(checkpoint, data, force=force)
        return
    from whosaid.training.train import publish

    publish(checkpoint, force=force)
