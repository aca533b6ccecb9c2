"""No module imports from a layer above it, and the pipeline reads no corpus: the contracts in pyproject.toml
([tool.importlinter]); loading a pipeline imports no evaluation, corpus or training code."""

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_no_module_imports_from_a_layer_above_it():
    lint_imports = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    result = subprocess.run([lint_imports, "--no-cache"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "2 kept, 0 broken" in result.stdout


def test_loading_a_pipeline_imports_no_evaluation_corpus_or_training_code():
    script = (
        "import sys, whosaid; whosaid.load(); whosaid.extract('Ann Lee said it rained.'); "
        "print(sorted(m for m in sys.modules if m.split('.')[:2] in "
        "(['whosaid', 'evaluation'], ['whosaid', 'corpora'], ['whosaid', 'training'])))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "[]"
