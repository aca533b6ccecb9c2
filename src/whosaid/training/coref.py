"""Train the word-level coreference model (whosaid.pipeline.coreference) on GUM's gold chains.

1. Features: GUM train and dev go through the base pipeline of the default profile and the
   accurate profile's encoder (the states of an inner layer, `ENCODER_STATES`) once, and
   each article's word and pair features (`article_features`) are cached in
   `OUTPUT/features-SPLIT.npz` with their gold: two mention words corefer when they head
   mentions of one gold entity (a gold mention's head is its span's root in the parse).
2. Training: a word network and a pair network (PyTorch, CPU) score each candidate pair; the
   loss is the negative log of the probability mass a word's softmax (its candidates and
   "none") gives its gold antecedents, or "none" when it has none. Each epoch checkpoints
   `OUTPUT/last.pt` (a later run of the same features resumes from it) and keeps the epoch of
   best dev CoNLL F1 of the chains of mention words (`dev_chain_conll`: MUC, B³ and CEAF-e of
   the words, against the gold chains of the words that head gold mentions; higher than
   `whosaid evaluate entities`, which scores every gold mention by its span) as `OUTPUT/best.pt`.
3. Export: the best checkpoint as ONNX with its settings into `OUTPUT/model`, to copy into
   the package (`src/whosaid/models/en_whosaid_coref`).
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

import numpy
from spacy.language import Language

from whosaid.corpora.gum import GumDocument, read_split
from whosaid.errors import MissingExtraError
from whosaid.evaluation.entities import Counts, coreference_counts
from whosaid.pipeline.coreference import (
    ENCODER_STATES,
    FEATURES_VERSION,
    MODEL_FILE,
    PAIR_FEATURES,
    SETTINGS_FILE,
    TENSOR_WIDTH,
    VECTOR_WIDTH,
    ArticleFeatures,
    antecedent_probabilities,
    article_features,
    chains,
    encoder_of,
    encoder_states,
    is_mention_word,
)
from whosaid.pipeline.profiles import docs_before_attribution

logger = logging.getLogger(__name__)

HIDDEN = 128
EPOCHS = 20
DROPOUT = 0.3
LEARNING_RATE = 1e-3
SEED = 0


def gold_chains(document: GumDocument, doc) -> dict[int, tuple[int, int]]:
    """{token: (mention length, gold entity number)} of each mention word of `doc` that heads a
    gold mention; a word heading mentions of two entities takes the longest mention's."""
    entity_numbers: dict[str, int] = {}
    chain_of: dict[int, tuple[int, int]] = {}  # token -> (mention length, entity number)
    for mention in document.mentions:
        span = mention.span_in(doc)
        if span is None or not is_mention_word(span.root):
            continue
        number = entity_numbers.setdefault(mention.entity, len(entity_numbers))
        if len(span) > chain_of.get(span.root.i, (0, -1))[0]:
            chain_of[span.root.i] = (len(span), number)
    return chain_of


def cache_split(nlp: Language, gum_dir: Path, split: str, path: Path, encoder: dict | None) -> None:
    """Features and gold of every article of a GUM split, in one .npz, with the states of the
    `encoder` (its spec, as in a model's settings) when given."""
    documents = list(read_split(gum_dir, split))
    states_of = encoder_of(encoder) if encoder else None
    arrays: dict[str, numpy.ndarray] = {}
    for number, (document, doc) in enumerate(zip(documents, docs_before_attribution(nlp, (d.text for d in documents)))):
        states = encoder_states(states_of, doc, encoder, keep=False) if states_of is not None else None
        features = article_features(doc, states=states)
        chain_of = gold_chains(document, doc)
        chain = numpy.array([chain_of.get(int(word), (0, -1))[1] for word in features.words], dtype="int64")
        for name, value in (
            ("words", features.words), ("word_features", features.word_features), ("anaphors", features.anaphors),
            ("antecedents", features.antecedents), ("pair_features", features.pair_features), ("chain", chain),
        ):  # fmt: skip
            arrays[f"{number}/{name}"] = value
    numpy.savez(
        path,
        count=numpy.array(len(documents)),
        features_version=numpy.array(FEATURES_VERSION),
        encoder=numpy.array(json.dumps(encoder)),
        **arrays,
    )
    logger.info("cached %s: %d articles", split, len(documents))


def _cached_for_these_features(path: Path, encoder: dict | None) -> bool:
    """Whether the cache holds the features this version computes, of this encoder (else it is rebuilt)."""
    stored = numpy.load(path)
    return (
        "features_version" in stored.files
        and int(stored["features_version"]) == FEATURES_VERSION
        and "encoder" in stored.files
        and str(stored["encoder"]) == json.dumps(encoder)
    )


def load_split(path: Path) -> list[tuple[ArticleFeatures, numpy.ndarray]]:
    stored = numpy.load(path)
    return [
        (
            ArticleFeatures(*(stored[f"{n}/{name}"] for name in ArticleFeatures.__dataclass_fields__)),
            stored[f"{n}/chain"],
        )
        for n in range(int(stored["count"]))
    ]


def _torch():
    try:
        import torch
    except ImportError as error:
        raise MissingExtraError("training the coreference model needs PyTorch: make install-finetune") from error
    return torch


def make_network(word_width: int):
    torch = _torch()
    nn = torch.nn

    class PairScorer(nn.Module):
        """Scores of (anaphor, antecedent) pairs of mention words: a word network, then a pair network
        over both words, their product and the pair's features. (A bidirectional LSTM over the
        article's mention words, and the syntactic head's vector, scored lower on GUM dev.)"""

        def __init__(self) -> None:
            super().__init__()
            self.words = nn.Sequential(
                nn.Linear(word_width, HIDDEN), nn.ReLU(), nn.Dropout(DROPOUT), nn.Linear(HIDDEN, HIDDEN), nn.ReLU()
            )
            self.pairs = nn.Sequential(
                nn.Linear(3 * HIDDEN + len(PAIR_FEATURES), HIDDEN), nn.ReLU(), nn.Dropout(DROPOUT), nn.Linear(HIDDEN, 1)
            )

        def forward(self, words, anaphors, antecedents, pairs):
            hidden = self.words(words)
            # The pair network's first layer over [anaphor, antecedent, their product, pair features],
            # its word parts computed once per word rather than once per pair.
            first = self.pairs[0]
            of_anaphor, of_antecedent, of_product, of_pair = first.weight.split(
                [HIDDEN, HIDDEN, HIDDEN, len(PAIR_FEATURES)], 1
            )
            layer = (
                (hidden @ of_anaphor.T)[anaphors]
                + (hidden @ of_antecedent.T)[antecedents]
                + (hidden[anaphors] * hidden[antecedents]) @ of_product.T
                + pairs @ of_pair.T
                + first.bias
            )
            return self.pairs[1:](layer).squeeze(-1)

    return PairScorer()


def _grid(features: ArticleFeatures, chain: numpy.ndarray):
    """Each word's candidates as a row: (word count, most candidates + 1) pair indices (-1 pads),
    column 0 "none", and which are gold."""
    count = len(features.words)
    widths = numpy.bincount(features.anaphors, minlength=count)
    columns = numpy.arange(len(features.anaphors)) - numpy.repeat(numpy.cumsum(widths) - widths, widths) + 1
    index = numpy.full((count, int(widths.max(initial=0)) + 1), -1, dtype="int64")
    index[features.anaphors, columns] = numpy.arange(len(features.anaphors))
    gold = numpy.zeros(index.shape, dtype=bool)
    same = (chain[features.anaphors] >= 0) & (chain[features.anaphors] == chain[features.antecedents])
    gold[features.anaphors, columns] = same
    gold[:, 0] = ~gold[:, 1:].any(axis=1)
    return index, gold


def _article_loss(network, features: ArticleFeatures, chain: numpy.ndarray):
    torch = _torch()
    scores = network(*(torch.from_numpy(array) for array in _inputs(features)))
    index, gold = _grid(features, chain)
    index_t = torch.from_numpy(index)
    padded = torch.where(index_t >= 0, torch.cat([scores, scores.new_zeros(1)])[index_t], -1e4)
    padded[:, 0] = 0.0
    log_probs = torch.log_softmax(padded, dim=1)
    gold_t = torch.from_numpy(gold)
    loss = -torch.logsumexp(log_probs.masked_fill(~gold_t, -1e4), dim=1)
    choices = padded.argmax(dim=1).numpy()
    right = gold[numpy.arange(len(choices)), choices]
    return loss.sum(), right


def dev_chain_conll(network, split: list[tuple[ArticleFeatures, numpy.ndarray]]) -> float:
    """CoNLL F1 of the chains the network builds of each article's mention words (`chains`),
    against the gold chains of the words that head gold mentions."""
    torch = _torch()
    counts = Counts()
    for features, chain in split:
        key = [frozenset(features.words[chain == entity].tolist()) for entity in numpy.unique(chain[chain >= 0])]
        found: list[frozenset] = []
        if len(features.anaphors):
            with torch.no_grad():
                scores = network(*(torch.from_numpy(array) for array in _inputs(features))).numpy()
            probabilities = antecedent_probabilities(scores, features.anaphors, len(features.words))
            links = zip(features.words[features.anaphors], features.words[features.antecedents], probabilities)
            found = [frozenset(words) for words in chains(list(links))]
        coreference_counts([cluster for cluster in key if len(cluster) > 1], found, counts)
    return counts.coreference_scores()["conll_f1"]


def _inputs(features: ArticleFeatures) -> tuple[numpy.ndarray, ...]:
    return features.word_features, features.anaphors, features.antecedents, features.pair_features


def train_coref(
    output_dir: Path,
    gum_dir: Path,
    nlp: Language,
    *,
    epochs: int = EPOCHS,
    resume: bool = True,
    encoder: dict | None = ENCODER_STATES,
    with_dev: bool = False,
) -> Path:
    """Cache features (once), train with checkpoints, export the best epoch; return the model's
    directory. `encoder`: the encoder states the model reads (None: none). `with_dev`: train on
    GUM dev too, for `epochs` passes (an epoch count chosen on dev before), and export the last:
    dev then chooses nothing and scores nothing held out."""
    torch = _torch()
    torch.manual_seed(SEED)
    output_dir.mkdir(parents=True, exist_ok=True)
    splits = {}
    for split in ("train", "dev"):
        path = output_dir / f"features-{split}.npz"
        if not path.exists() or not _cached_for_these_features(path, encoder):
            cache_split(nlp, gum_dir, split, path, encoder)
        splits[split] = load_split(path)
    width = splits["train"][0][0].word_features.shape[1]
    network = make_network(width)
    optimizer = torch.optim.Adam(network.parameters(), lr=LEARNING_RATE, weight_decay=1e-5)
    # what a checkpoint must share with this run to be resumed: the features and how epochs are chosen
    run = {
        "features_version": FEATURES_VERSION,
        "encoder": encoder,
        "chosen_by": "last_epoch" if with_dev else "dev_chain_conll",
        "trained_on": ["train", "dev"] if with_dev else ["train"],
    }
    training = splits["train"] + splits["dev"] if with_dev else splits["train"]
    state = {"epoch": 0, "best": -1.0, "history": [], "run": run}
    last = output_dir / "last.pt"
    saved = torch.load(last, weights_only=False) if resume and last.exists() else None
    if saved is not None and saved["state"].get("run") != run:
        logger.info("%s is of another run (features or selection): starting afresh", last)
        saved = None
    if saved is not None:
        network.load_state_dict(saved["network"])
        optimizer.load_state_dict(saved["optimizer"])
        state = saved["state"]
        torch.set_rng_state(saved["torch_rng"])
        logger.info("resumed at epoch %d (best dev %.4f)", state["epoch"], state["best"])
    while state["epoch"] < epochs:
        started = time.time()
        network.train()
        total = 0.0
        # an order of its own per epoch, so that a resumed run trains as an unbroken one
        for n in numpy.random.default_rng(SEED + state["epoch"]).permutation(len(training)):
            features, chain = training[n]
            if not len(features.anaphors):
                continue
            optimizer.zero_grad()
            loss, _ = _article_loss(network, features, chain)
            loss.backward()
            optimizer.step()
            total += loss.item()
        network.eval()
        with torch.no_grad():
            rights = [_article_loss(network, f, c)[1] for f, c in splits["dev"] if len(f.anaphors)]
            conll = dev_chain_conll(network, splits["dev"])
        accuracy = float(numpy.concatenate(rights).mean())
        state["epoch"] += 1
        state["history"].append({"epoch": state["epoch"], "loss": total, "dev_accuracy": accuracy, "dev_conll": conll})
        logger.info(
            "epoch %d: loss %.1f, dev accuracy %.4f, chains CoNLL F1 %.2f (%d words, %.0f s)",
            state["epoch"], total, accuracy, conll, sum(len(right) for right in rights), time.time() - started,
        )  # fmt: skip
        if conll > state["best"] or with_dev:
            state["best"], state["best_epoch"] = conll, state["epoch"]
            torch.save(network.state_dict(), output_dir / "best.pt")
        saved = {"network": network.state_dict(), "optimizer": optimizer.state_dict(), "state": state}
        torch.save(saved | {"torch_rng": torch.get_rng_state()}, last)
    network.load_state_dict(torch.load(output_dir / "best.pt"))
    return export(network, width, output_dir / "model", state, encoder)


def export(network, width: int, model_dir: Path, state: dict, encoder: dict | None) -> Path:
    """The network as ONNX (the inputs `CorefModel.links` gives) with its settings."""
    torch = _torch()
    network.eval()
    model_dir.mkdir(parents=True, exist_ok=True)
    example = (
        torch.zeros(3, width), torch.tensor([1, 2, 2]), torch.tensor([0, 0, 1]), torch.zeros(3, len(PAIR_FEATURES))
    )  # fmt: skip
    torch.onnx.export(
        network,
        example,
        str(model_dir / MODEL_FILE),
        input_names=["words", "anaphors", "antecedents", "pairs"],
        output_names=["scores"],
        dynamic_axes={
            "words": {0: "words"},
            **{name: {0: "pairs"} for name in ("anaphors", "antecedents", "pairs", "scores")},
        },
        opset_version=17,
        dynamo=False,
    )
    settings = {
        "vector_width": VECTOR_WIDTH,
        "tensor_width": TENSOR_WIDTH,
        "word_width": width,
        "features_version": FEATURES_VERSION,
        **({"encoder": encoder} if encoder else {}),
        "pair_features": list(PAIR_FEATURES),
        "trained_on": " and ".join(f"GUM {split}" for split in state["run"]["trained_on"]) + " (gold chains)",
        "epochs": state["epoch"],
        "best_epoch": state.get("best_epoch"),
        "chosen_by": state["run"]["chosen_by"],
        # dev scores a run that trained on it not at all
        **({"best_dev_chains_conll_f1": state["best"]} if "dev" not in state["run"]["trained_on"] else {}),
    }
    (model_dir / SETTINGS_FILE).write_text(json.dumps(settings, indent=1) + "\n", encoding="utf-8")
    return model_dir
