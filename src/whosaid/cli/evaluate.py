"""`whosaid evaluate ...`: score whosaid on annotated corpora."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from whosaid.errors import InputNotFoundError, InvalidQueryError
from whosaid.pipeline.profile_options import PROFILE_HELP, Profile


def _load(model, profile: Profile | None):
    """The pipeline, imported only when a command runs (spaCy takes seconds and 300 MB to import)."""
    from whosaid.pipeline.profiles import load

    return load(model, profile=profile)


app = typer.Typer(help="Score whosaid on annotated corpora.", no_args_is_help=True)

# The options the commands share.
Model = Annotated[Optional[Path], typer.Option(help="A spaCy pipeline instead of the shipped one.")]
ProfileOption = Annotated[Optional[Profile], typer.Option(help=PROFILE_HELP, show_default=False)]
AsJson = Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")]
GumDir = Annotated[Path, typer.Option(help="A GUM directory: dep/*.conllu and splits.md.")]
GUM = Path("../shared/data/gum")
Split = Annotated[str, typer.Option(help="Which split to score (dev, or test where the corpus has one to use).")]
Limit = Annotated[Optional[int], typer.Option(min=1, help="Score only the first N articles.")]
PolnearWithCorenlp = Annotated[
    Path, typer.Option(help="A PolNeAR directory: SPLIT/text, SPLIT/attributions, SPLIT/corenlp.")
]


def _echo_scores(result: dict) -> None:
    for key, value in result.items():
        typer.echo(f"{key:>10}  {value}")


def _require_dir(path: Path, what: str) -> None:
    if not path.is_dir():
        raise InputNotFoundError(f"{path}: no {what} directory here")


@app.command("pipeline")
def pipeline_command(
    data: Annotated[Path, typer.Option(help="A PolNeAR directory (SPLIT/text, SPLIT/corenlp).")] = Path(
        "../shared/data/polnear"
    ),
    split: Split = "dev",
    model: Model = None,
    profile: ProfileOption = None,
    as_json: AsJson = False,
) -> None:
    """Tagging, parsing and NER accuracy against the CoreNLP silver annotations."""
    from whosaid.evaluation.silver import evaluate_silver

    _require_dir(data / split / "corenlp", "CoreNLP")
    result = evaluate_silver(_load(model, profile), data, split).as_dict()
    if as_json:
        typer.echo(json.dumps(result, indent=2))
        return
    per_type = result.pop("ents_per_type")
    _echo_scores(result)
    typer.echo(f"{'label':>10}  {'P':>6} {'R':>6} {'F':>6}")
    for label, values in per_type.items():
        typer.echo(f"{label:>10}  {values['p']:6.2f} {values['r']:6.2f} {values['f']:6.2f}")


@app.command("treebank")
def treebank_command(
    data: GumDir = GUM,
    split: Split = "dev",
    model: Model = None,
    as_json: AsJson = False,
) -> None:
    """Tags and parse against GUM's gold UD trees: UPOS and PTB tag accuracy, UAS and LAS (which
    compare only pipelines trained on the same tree scheme), sentence boundaries. --model takes any
    spaCy pipeline directory, e.g. en_core_web_md's."""
    from whosaid.evaluation.treebank import evaluate_treebank

    _require_dir(data / "dep", "GUM dep")
    result = evaluate_treebank(_load(model, Profile.fast), data, split)
    if as_json:
        typer.echo(json.dumps(result, indent=2))
        return
    _echo_scores(result)


@app.command("polnear")
def polnear_command(
    data: Annotated[
        Path, typer.Option(help="A PolNeAR directory: SPLIT/text, SPLIT/attributions, metadata.tsv.")
    ] = Path("../shared/data/polnear"),
    split: Split = "dev",
    limit: Limit = None,
    model: Model = None,
    profile: ProfileOption = None,
    protocol: Annotated[
        str, typer.Option(help="article (whosaid's, per article) or cofenet (CofeNet's, per line, every annotator).")
    ] = "article",
    cofenet_file: Annotated[
        Path, typer.Option(help="With --protocol cofenet: CofeNet's split of PolNeAR (JSONL).")
    ] = Path("../shared/data/cofenet/polnear-dev.jsonl"),
    as_json: AsJson = False,
) -> None:
    """Attribution precision/recall/F1 (source, cue, content, whole) against PolNeAR gold.

    See docs/BENCHMARKS.md for the exact definitions of the metrics and of both protocols.
    """
    _require_dir(data / split / "text", "PolNeAR text")
    nlp = _load(model, profile)
    if protocol == "cofenet":
        from whosaid.evaluation.cofenet import evaluate_cofenet

        if not cofenet_file.is_file():
            raise InputNotFoundError(f"{cofenet_file}: no CofeNet split here")
        result = evaluate_cofenet(nlp, cofenet_file, data, split)
        if as_json:
            typer.echo(json.dumps(result))
            return
        typer.echo(f"{'':>12}  {'exact P':>8} {'R':>6} {'F1':>6}")
        for name in ("source", "cue", "content"):
            typer.echo(f"{name:>12}  {result[name]['p']:8.2f} {result[name]['r']:6.2f} {result[name]['f1']:6.2f}")
        typer.echo(f"{result['lines']} lines ({result['tokens_not_found']} of {result['tokens']} tokens not found)")
        return
    if protocol != "article":
        raise InvalidQueryError(f"unknown protocol {protocol!r} (choose from article, cofenet)")
    from whosaid.evaluation.polnear import evaluate_polnear

    _require_dir(data / split / "attributions", "attributions")
    result = evaluate_polnear(nlp, data, split, limit=limit)
    if as_json:
        typer.echo(json.dumps(result))
        return
    typer.echo(f"{'':>12}  {'exact P':>8} {'R':>6} {'F1':>6}   {'partial P':>9} {'R':>6} {'F1':>6}")
    for name in ("source", "cue", "content", "attribution"):
        exact, partial = result[name]["exact"], result[name]["partial"]
        typer.echo(
            f"{name:>12}  {exact['p']:8.2f} {exact['r']:6.2f} {exact['f1']:6.2f}"
            f"   {partial['p']:9.2f} {partial['r']:6.2f} {partial['f1']:6.2f}"
        )
    typer.echo(f"{result['articles']} articles")


@app.command("audit")
def audit_command(
    data: PolnearWithCorenlp = Path("../shared/data/polnear"),
    split: Annotated[str, typer.Option(help="Which split to audit.")] = "dev",
    limit: Limit = None,
    model: Model = None,
    profile: ProfileOption = None,
    as_json: AsJson = False,
) -> None:
    """A fact-checker's audit: of the statements given at each confidence threshold, how many are
    right in content, speaker and relays, and how many gold attributions they find
    (whosaid.evaluation.audit, docs/BENCHMARKS.md)."""
    from whosaid.evaluation.audit import evaluate_audit

    _require_dir(data / split / "attributions", "attributions")
    result = evaluate_audit(_load(model, profile), data, split, limit=limit)
    if as_json:
        typer.echo(json.dumps(result))
        return
    typer.echo(f"{'threshold':>9}  {'given':>6} {'precision':>9} {'speaker':>8} {'recall':>7}")
    for threshold, row in result["by_threshold"].items():
        shares = f"{row['precision']:9.2f} {row['speaker_right']:8.2f} {row['recall']:7.2f}"
        typer.echo(f"{threshold:>9}  {row['given']:6d} {shares}")
    typer.echo(f"{result['gold']} gold attributions")


@app.command("agreement")
def agreement_command(
    data: PolnearWithCorenlp = Path("../shared/data/polnear"),
    as_json: AsJson = False,
) -> None:
    """How far PolNeAR's annotators agree, judged as the audit judges whosaid: on the articles
    several annotated, each annotator against each other, at each share of colleagues who marked
    the same attribution (whosaid.evaluation.agreement, docs/BENCHMARKS.md). Runs no model."""
    from whosaid.evaluation.agreement import SPLITS, evaluate_agreement

    if not any((data / split / "attributions").is_dir() for split in SPLITS):
        raise InputNotFoundError(f"{data}: no PolNeAR attributions in {', '.join(SPLITS)}")
    result = evaluate_agreement(data)
    if as_json:
        typer.echo(json.dumps(result))
        return
    for group, scores in result.items():
        typer.echo(f"{group}: {scores['articles']} articles, {scores['gold']} attributions over the pairs")
        typer.echo(f"{'share':>9}  {'given':>6} {'precision':>9} {'speaker':>8} {'recall':>7}")
        for threshold, row in scores["by_threshold"].items():
            shares = f"{row['precision']:9.2f} {row['speaker_right']:8.2f} {row['recall']:7.2f}"
            typer.echo(f"{threshold:>9}  {row['given']:6d} {shares}")


@app.command("provenance")
def provenance_command(
    data: Annotated[Path, typer.Option(help="A gold directory: articles.jsonl and claims.json.")] = Path(
        "samples/provenance"
    ),
    model: Model = None,
    profile: ProfileOption = None,
    as_json: AsJson = False,
) -> None:
    """Claims across articles against a gold set marked by hand: B³ and pairwise precision,
    recall and F1 of the claims, first-source accuracy (whosaid.evaluation.provenance)."""
    from whosaid.evaluation.provenance import evaluate_provenance

    result = evaluate_provenance(_load(model, profile), data)
    if as_json:
        typer.echo(json.dumps(result))
        return
    _echo_scores(result)


@app.command("figures")
def figures_command(
    data: Annotated[Path, typer.Option(help="A figure gold directory (its README).")] = Path("samples/figures"),
    polnear: Annotated[Path, typer.Option(help="PolNeAR, for the gold figures of its dev articles.")] = Path(
        "../shared/data/polnear"
    ),
    model: Model = None,
    profile: ProfileOption = None,
    as_json: AsJson = False,
) -> None:
    """Figures against a gold set labelled by hand: how many are found, and of those how many
    have the right value, bound, unit, per-unit and counted thing (whosaid.evaluation.figures)."""
    from whosaid.evaluation.figures import evaluate_figures

    result = evaluate_figures(_load(model, profile), data, polnear)
    if as_json:
        typer.echo(json.dumps(result))
        return
    for name, scores in result.items():
        if isinstance(scores, str):
            typer.echo(f"{name}: {scores}")
            continue
        found = scores["found"]
        typer.echo(f"{name}: {scores['gold']} gold, {scores['recorded']} recorded; "
                   f"found recall {found['recall']}, precision {found['precision']}")  # fmt: skip
        typer.echo("  right of found: " + ", ".join(f"{k} {v}" for k, v in scores["right_of_found"].items()))


@app.command("speakers")
def speakers_command(
    data: PolnearWithCorenlp = Path("../shared/data/polnear"),
    split: Split = "dev",
    limit: Limit = None,
    model: Model = None,
    profile: ProfileOption = None,
    as_json: AsJson = False,
) -> None:
    """Pronoun speakers resolved to the proper name CoreNLP's coreference gives (silver).

    See whosaid.evaluation.speakers and docs/BENCHMARKS.md for what it measures and its limits.
    """
    from whosaid.evaluation.speakers import evaluate_speakers

    _require_dir(data / split / "corenlp", "corenlp")
    result = evaluate_speakers(_load(model, profile), data, split, limit=limit)
    if as_json:
        typer.echo(json.dumps(result))
        return
    bands = result.pop("by_confidence")
    for key, value in result.items():
        typer.echo(f"{key:>17}  {value}")
    _echo_confidence_bands(bands, "speakers")


def _echo_confidence_bands(bands: dict[str, dict], what: str) -> None:
    """One line per confidence band: how many were given in it, and how many of those were right."""
    for band, counts in bands.items():
        right, given, share = counts["right"], counts["given"], counts["precision"]
        typer.echo(f"  {what} with confidence {band}: {right} of {given} right ({share:.2f}%)")


@app.command("entities")
def entities_command(
    data: GumDir = GUM,
    split: Annotated[str, typer.Option(help="dev, test (or train, test2).")] = "dev",
    limit: Annotated[Optional[int], typer.Option(min=1, help="Score only the first N documents.")] = None,
    model: Model = None,
    profile: ProfileOption = None,
    as_json: AsJson = False,
) -> None:
    """NER, antecedents of pronouns and descriptions, and coreference against GUM's gold, news apart.

    See whosaid.evaluation.entities and docs/BENCHMARKS.md for the definitions.
    """
    from whosaid.evaluation.entities import evaluate_entities

    _require_dir(data / "dep", "GUM dep")
    result = evaluate_entities(_load(model, profile), data, split, limit=limit)
    if as_json:
        typer.echo(json.dumps(result, indent=2))
        return
    for group, scores in result.items():
        typer.echo(f"{group} ({scores['documents']} documents)")
        for what, key in (("NER", "ner"), ("recorded", "recorded_entities")):
            for kind, values in scores[key].items():
                p, r, f = values["precision"], values["recall"], values["f1"]
                typer.echo(f"  {what:<8} {kind:>7}  P {p:6.2f}  R {r:6.2f}  F {f:6.2f}")
        antecedents = scores["antecedents"]
        typer.echo(f"  antecedents  {antecedents['accuracy']:6.2f}% right of {antecedents['asked']} asked "
                   f"({antecedents['resolved']} resolved, {antecedents['precision']:.2f}% of those right)")  # fmt: skip
        _echo_confidence_bands(antecedents["by_confidence"], "  antecedents")
        coreference = scores["coreference"]
        parts = [f"{name} {values['f1']:.2f}" for name, values in coreference.items() if name != "conll_f1"]
        typer.echo(f"  coreference  {'  '.join(parts)}  CoNLL F1 {coreference['conll_f1']:.2f}")
