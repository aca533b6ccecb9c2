"""No module imports from a layer above it, and the pipeline reads no corpus: the contracts in pyproject.toml
([tool.importlinter]); no module imports itself through others; loading a pipeline imports no evaluation,
corpus or training code."""

import shutil
import subprocess
import sys
from pathlib import Path

import grimp

from tests.conftest import ROOT


def test_no_module_imports_from_a_layer_above_it():
    lint_imports = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    result = subprocess.run([lint_imports, "--no-cache"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "2 kept, 0 broken" in result.stdout


def test_no_module_imports_itself_through_others():
    """Every import circle among whosaid's modules, as the chain that closes it; an import inside a
    function or under TYPE_CHECKING counts. (import-linter's acyclic_siblings contract would also refuse
    a module and a sibling package that import each other's modules, as pipeline.onnx_encoder and
    pipeline.attribution do.)"""
    graph = grimp.build_graph("whosaid", cache_dir=None)
    circles = set()
    for importer in graph.modules:
        for imported in graph.find_modules_directly_imported_by(importer):
            if graph.chain_exists(importer=imported, imported=importer):
                chain = graph.find_shortest_chain(importer=imported, imported=importer)[:-1]
                circle = (importer, *chain)
                first = circle.index(min(circle))  # one rotation of each circle
                circles.add(" -> ".join(circle[first:] + circle[:first] + circle[first : first + 1]))
    assert not circles, "import circles:\n" + "\n".join(sorted(circles))


def test_loading_a_pipeline_imports_no_evaluation_corpus_or_training_code():
    script = (
        "import sys, whosaid; whosaid.load(); whosaid.extract('Ann Lee said it rained.'); "
        "print(sorted(m for m in sys.modules if m.split('.')[:2] in "
        "(['whosaid', 'evaluation'], ['whosaid', 'corpora'], ['whosaid', 'training'])))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "[]"
