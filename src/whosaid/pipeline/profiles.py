"""Loading the whosaid pipeline, in one of its profiles."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from whosaid.errors import InvalidOptionError, ModelNotFoundError
from whosaid.models import ENCODER_ATTRIBUTION_PATH, NEWS_MODEL_PATH
from whosaid.pipeline.profile_options import PROFILE_HELP, Profile  # noqa: F401 - named here too


@functools.lru_cache(maxsize=4)
def _load_cached(path: str, exclude: tuple[str, ...], profile: str) -> Language:
    if not (Path(path) / "config.cfg").exists():
        raise ModelNotFoundError(f"no spaCy pipeline at {path}")
    nlp = spacy.load(path, exclude=list(exclude))
    if profile == "accurate":
        use_accurate_attribution(nlp)
    return nlp


def use_accurate_attribution(nlp: Language, model_dir: Path | None = None, *, fill_in: bool = False) -> Language:
    """Give the pipeline the fine-tuned encoder's components (the shipped model unless
    `model_dir` is given): its attribution component (`whosaid_encoder_attribution_v1`)
    and, when the model has an entity head, its NER (`whosaid_encoder_entities_v1`), each
    in place of the CNN component of the same name (the accurate profile). The encoder
    runs once per article for both.

    With `fill_in`, the fast component's attributions stand and the encoder adds those it
    finds elsewhere: on PolNeAR dev that scores lower on sources, cues and contents and 0.7
    higher on whole attributions (docs/BENCHMARKS.md). Without it, the statement confidence
    takes the weights fitted for the encoder's statements (whosaid.pipeline.statement_confidence).
    """
    from whosaid.pipeline.attribution.encoder import FACTORY
    from whosaid.pipeline.encoder import shared_model
    from whosaid.pipeline.encoder_entities import FACTORY as ENTITIES_FACTORY
    from whosaid.pipeline.statement_confidence import FACTORY as CONFIDENCE_FACTORY

    config = {"model_dir": str(model_dir or "")}
    if shared_model(model_dir or ENCODER_ATTRIBUTION_PATH).entity_tags and "ner" in nlp.pipe_names:
        nlp.replace_pipe("ner", ENTITIES_FACTORY, config=config)
    position = {"before": "reporting"} if "reporting" in nlp.pipe_names else {}
    config = config | {"keep_previous": fill_in}
    if fill_in and "attribution" in nlp.pipe_names:
        nlp.add_pipe(FACTORY, name="encoder_attribution", config=config, after="attribution")
        return nlp
    if "attribution" in nlp.pipe_names:
        nlp.remove_pipe("attribution")
    nlp.add_pipe(FACTORY, name="attribution", config=config, **position)
    if "statement_confidence" in nlp.pipe_names:
        nlp.replace_pipe("statement_confidence", CONFIDENCE_FACTORY, config={"profile": "accurate"})
    return nlp


def load(
    path: str | Path | None = None, *, exclude: Iterable[str] = (), profile: Profile | str = Profile.fast
) -> Language:
    """The whosaid spaCy pipeline (the shipped news model unless `path` is given).

    `profile="accurate"` swaps in the attribution component on a fine-tuned
    transformer encoder (run by ONNX Runtime; slower, more accurate). Loaded once
    per process, path and profile; later calls return the same object.
    """
    if profile not in {choice.value for choice in Profile}:
        raise InvalidOptionError(f"unknown profile {profile!r} (choose from {', '.join(p.value for p in Profile)})")
    return _load_cached(str(path or NEWS_MODEL_PATH), tuple(exclude), Profile(profile).value)


def docs_before_attribution(nlp: Language, texts: Iterable[str], batch_size: int = 8) -> Iterator[Doc]:
    """The texts through the components before attribution (tagger, parser, NER), for the
    evaluations and training that hand gold spans to the later steps."""
    names = nlp.pipe_names
    with nlp.select_pipes(disable=names[names.index("attribution") :] if "attribution" in names else []):
        yield from nlp.pipe(texts, batch_size=batch_size)
