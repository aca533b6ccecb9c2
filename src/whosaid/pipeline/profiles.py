"""Loading the whosaid pipeline, in one of its profiles."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import load_config

from whosaid.errors import InvalidOptionError, ModelNotFoundError
from whosaid.models import ARTICLES_PER_BATCH, ENCODER_ATTRIBUTION_PATH, ENCODER_PRECISE_PATH, NEWS_MODEL_PATH
from whosaid.models.base import base_model_path, unexpected_meta
from whosaid.pipeline.attribution_spans import SECOND_OPINION_KEY
from whosaid.pipeline.compact_vectors import compact_vectors
from whosaid.pipeline.profile_options import DEFAULT_PROFILE, PROFILE_HELP, Profile  # noqa: F401 - named here too

# The fast attribution model's name where an encoder's attributions stand: its spans are a second
# opinion the statement confidence reads (whosaid.pipeline.statement_confidence).
SECOND_OPINION = "second_opinion"
# The coreference component's name (docs/SPACY.md); the encoder profiles run it, and speakers no
# rule resolves take the entity its links give them (whosaid.pipeline.entity_resolution).
COREFERENCE = "coreference"
# The encoder model of each profile that attributes with one.
ENCODER_MODELS = {Profile.accurate: ENCODER_ATTRIBUTION_PATH, Profile.precise: ENCODER_PRECISE_PATH}


def _load(path: str | None, exclude: tuple[str, ...], profile: str | None) -> Language:
    if path is None:
        nlp = add_to(spacy.load(base_model_path(), exclude=list(exclude)), profile, exclude=exclude)
    elif (Path(path) / "config.cfg").exists():
        nlp = spacy.load(path, exclude=list(exclude))
        if profile in ENCODER_MODELS:
            _use_encoder(nlp, profile, exclude)
    else:
        raise ModelNotFoundError(f"no spaCy pipeline at {path}")
    compact_vectors(nlp.vocab)
    nlp.batch_size = ARTICLES_PER_BATCH
    return nlp


def add_to(
    nlp: Language,
    profile: Profile | str = DEFAULT_PROFILE,
    *,
    model_dir: Path | None = None,
    exclude: Iterable[str] = (),
) -> Language:
    """Add whosaid's components, as saved in `model_dir` (the shipped ones unless given), after
    those of an English pipeline with a tagger, parser and NER (`spacy.load("en_core_web_md")`):
    the attribution model of the profile, with its trained weights, and the rules and analyses
    after it. Components the pipeline has already, or named in `exclude`, are left out. When the
    pipeline is en_core_web_md 3.8.0, its `ner` takes the weights `model_dir` carries in `ner/`
    (`whosaid train --stage ner`; the shipped directory carries those fine-tuned on GUM), unless
    `exclude` names "ner"."""
    model_dir = Path(model_dir or NEWS_MODEL_PATH)
    config = load_config(model_dir / "config.cfg")
    base_ner = "ner" in nlp.pipe_names and "ner" not in exclude and not unexpected_meta(nlp.meta)
    if base_ner and (model_dir / "ner").is_dir():
        nlp.get_pipe("ner").from_disk(model_dir / "ner", exclude=["vocab"])
    for name in config["nlp"]["pipeline"]:
        if name in nlp.pipe_names or name in exclude:
            continue
        settings = dict(config["components"][name])
        factory = settings.pop("factory")
        # a component that sets sentence starts goes before the parser, which keeps them
        sets_sentences = "token.is_sent_start" in nlp.get_factory_meta(factory).assigns
        position = {"before": "parser"} if sets_sentences and "parser" in nlp.pipe_names else {}
        nlp.add_pipe(factory, name=name, config=settings, **position)
        if (model_dir / name).is_dir():
            nlp.get_pipe(name).from_disk(model_dir / name, exclude=["vocab"])
    if profile in ENCODER_MODELS:
        _use_encoder(nlp, profile, exclude)
    return nlp


def _use_encoder(nlp: Language, profile: str, exclude: Iterable[str]) -> Language:
    return use_encoder_attribution(
        nlp, profile=profile, second_opinion=SECOND_OPINION not in exclude, coreference=COREFERENCE not in exclude
    )


def use_encoder_attribution(
    nlp: Language,
    model_dir: Path | None = None,
    *,
    profile: Profile | str = Profile.accurate,
    fill_in: bool = False,
    second_opinion: bool = True,
    coreference: bool = True,
) -> Language:
    """Give the pipeline a fine-tuned encoder's components (the `profile`'s shipped model, MiniLM
    for accurate and MPNet-base for precise, unless `model_dir` is given): its attribution
    component (`whosaid_encoder_attribution_v1`)
    and, when the model has an entity head, its NER (`whosaid_encoder_entities_v1`), each
    in place of the CNN component of the same name. The encoder runs once per article for both.

    With `fill_in`, the fast component's attributions stand and the encoder adds those it
    finds elsewhere: on PolNeAR dev that scores lower on sources, cues and contents and 0.7
    higher on whole attributions (docs/BENCHMARKS.md). Without it, the statement confidence
    takes the weights fitted for the profile's statements (whosaid.pipeline.statement_confidence),
    and the trained fast component stays, after the encoder's, as `second_opinion` (its spans
    under "whosaid_second_opinion"), which the statement confidence reads, unless
    `second_opinion` is false. With `coreference`, a pipeline that has a tok2vec and a parser but no
    coreference component gets one (`whosaid_coref_v1`, reading the accurate profile's encoder)
    before the attribution: descriptions, "it" and "they" no rule or ranker resolves take the
    entity its links give them.
    """
    from whosaid.pipeline.attribution.component import FACTORY as FAST_FACTORY
    from whosaid.pipeline.attribution.encoder_component import FACTORY
    from whosaid.pipeline.coreference import FACTORY as COREF_FACTORY
    from whosaid.pipeline.encoder_entities import FACTORY as ENTITIES_FACTORY
    from whosaid.pipeline.onnx_encoder import shared_model
    from whosaid.pipeline.statement_confidence import FACTORY as CONFIDENCE_FACTORY

    profile = Profile(profile)
    model_dir = model_dir or ENCODER_MODELS[profile]
    config = {"model_dir": str(model_dir)}
    if shared_model(model_dir).entity_tags and "ner" in nlp.pipe_names:
        nlp.replace_pipe("ner", ENTITIES_FACTORY, config=config)
    # where the attribution component stands: before the first of the analyses that read attributions
    readers = [name for name in nlp.pipe_names if name in ("layout", "reporting")]
    position = {"before": readers[0]} if readers else {}
    config = config | {"keep_previous": fill_in}
    # (the component reads the base's tok2vec tensor, tags and parse)
    if coreference and COREFERENCE not in nlp.pipe_names and {"tok2vec", "parser"} <= set(nlp.pipe_names):
        ahead = "attribution" if "attribution" in nlp.pipe_names else readers[0] if readers else None
        nlp.add_pipe(COREF_FACTORY, name=COREFERENCE, before=ahead)
    if fill_in and "attribution" in nlp.pipe_names:
        nlp.add_pipe(FACTORY, name="encoder_attribution", config=config, after="attribution")
        return nlp
    fast = _trained_fast_attribution(nlp)
    for name in ("attribution", SECOND_OPINION):
        if name in nlp.pipe_names:
            nlp.remove_pipe(name)
    nlp.add_pipe(FACTORY, name="attribution", config=config, **position)
    if second_opinion and fast is not None:
        settings, component = fast
        # its spans under their own key, and no scores: the pipeline's attribution scores are the encoder's
        settings |= {"spans_key": SECOND_OPINION_KEY, "scorer": None}
        nlp.add_pipe(FAST_FACTORY, name=SECOND_OPINION, config=settings, after="attribution")
        nlp.get_pipe(SECOND_OPINION).from_bytes(component.to_bytes(exclude=["vocab"]), exclude=["vocab"])
    if "statement_confidence" in nlp.pipe_names:
        nlp.replace_pipe("statement_confidence", CONFIDENCE_FACTORY, config={"profile": profile.value})
    return nlp


def _trained_fast_attribution(nlp: Language) -> tuple[dict, object] | None:
    """The settings and the component of the pipeline's trained fast attribution model, whether it
    attributes ("attribution") or gives a second opinion; None where it has none."""
    from whosaid.pipeline.attribution.component import FACTORY as FAST_FACTORY

    for name in ("attribution", SECOND_OPINION):
        if name in nlp.pipe_names and nlp.get_pipe_meta(name).factory == FAST_FACTORY:
            component = nlp.get_pipe(name)
            if all(node.has_param(param) for node in component.model.walk() for param in node.param_names):
                settings = {key: value for key, value in nlp.config["components"][name].items() if key != "factory"}
                return settings, component
    return None


def load(
    path: str | Path | None = None, *, exclude: Iterable[str] = (), profile: Profile | str | None = None
) -> Language:
    """The whosaid spaCy pipeline: en_core_web_md with whosaid's components (`add_to`), or the
    whole pipeline saved at `path`.

    `profile="accurate"` (the default) swaps in the attribution component on a fine-tuned small
    transformer encoder (run by ONNX Runtime; slower, more accurate), `profile="precise"` one
    on a base-size encoder (slower again, the most accurate). A pipeline saved at `path` is
    loaded as it was saved, with its own attribution and weights; "accurate" or "precise" then
    swaps in that encoder's attribution ("fast" changes nothing). Each call loads a pipeline of
    the caller's own (about a second): adding, removing or configuring its components changes
    nobody else's. Load it once and keep it. Its word vectors keep their keys in a compact table
    (whosaid.pipeline.compact_vectors: the same vectors, about 50 MB less memory).
    """
    return _load(*_key(path, exclude, profile))


@functools.lru_cache(maxsize=4)
def _shared(path: str | None, exclude: tuple[str, ...], profile: str | None) -> Language:
    return _load(path, exclude, profile)


def shared_pipeline(
    path: str | Path | None = None, *, exclude: Iterable[str] = (), profile: Profile | str | None = None
) -> Language:
    """The pipeline whosaid's own extraction runs when given none (`extract`, batch workers),
    loaded once per process, path and profile. Never handed to callers, so none can change it."""
    return _shared(*_key(path, exclude, profile))


def _key(
    path: str | Path | None, exclude: Iterable[str], profile: Profile | str | None
) -> tuple[str | None, tuple[str, ...], str | None]:
    """The arguments of _load: no profile means the default for the shipped pipeline, and a
    saved pipeline as it was saved."""
    if profile is None:
        return (str(path), tuple(exclude), None) if path else (None, tuple(exclude), DEFAULT_PROFILE.value)
    if profile not in {choice.value for choice in Profile}:
        raise InvalidOptionError(f"unknown profile {profile!r} (choose from {', '.join(p.value for p in Profile)})")
    return str(path) if path else None, tuple(exclude), Profile(profile).value


def docs_before_attribution(nlp: Language, texts: Iterable[str], batch_size: int = 8) -> Iterator[Doc]:
    """The texts through the components before attribution (tagger, parser, NER), for the
    evaluations and training that hand gold spans to the later steps."""
    names = nlp.pipe_names
    with nlp.select_pipes(disable=names[names.index("attribution") :] if "attribution" in names else []):
        yield from nlp.pipe(texts, batch_size=batch_size)
