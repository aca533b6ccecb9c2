import pyarrow
import pyarrow.parquet as pq

from whosaid.pipeline.entity_names import common_given_names, given_name_genders
from whosaid.training.name_genders import learn_given_name_genders


def test_given_names_keep_only_common_names_of_one_clear_sex(tmp_path):
    rows = [
        (1950.0, "F", "Ingrid", 900), (1990.0, "F", "Ingrid", 300), (1990.0, "M", "Ingrid", 5),
        (1960.0, "M", "Tobias", 1500), (1960.0, "F", "Tobias", 200),  # 88 % male: not clear enough
        (1980.0, "M", "Rare", 140),  # too few children
        (1900.0, "M", "Old", 5000), (1950.0, "F", "Old", 1000),  # births before 1920 do not count
    ]  # fmt: skip
    table = pyarrow.table(dict(zip(("year", "sex", "name", "n"), map(list, zip(*rows)))))
    pq.write_table(table, tmp_path / "babynames.parquet")
    assert learn_given_name_genders(tmp_path / "babynames.parquet") == {
        "ingrid": ("female", 1205),
        "old": ("female", 1000),
    }


def test_the_shipped_given_name_table_knows_common_names():
    table = given_name_genders()
    assert len(table) > 5000
    assert (table["isabel"], table["william"], table["martha"]) == ("female", "male", "female")
    assert "drew" not in table  # 91 % male: not clear enough
    # "Teodor" (195 births) tells a gender; only names given 1,000 times or more make a word a first name
    assert table["teodor"] == "male" and "teodor" not in common_given_names()
    assert "william" in common_given_names() and common_given_names() < set(table)
    assert "governor" not in table  # 266 births, but a title: no evidence of a gender
