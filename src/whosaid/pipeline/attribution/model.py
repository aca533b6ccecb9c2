"""Thinc models of the attribution component.

- encoder: Docs -> one vector per token. It reads the tensor the shared
  tok2vec left on the Doc (frozen: nothing flows back into it), in v2 also
  the base's static word vectors (frozen), and adds embeddings of the word,
  its tag, its dependency label and its quotation state; a bidirectional
  LSTM over the whole Doc then gives each token the long-range context
  attribution needs (is this clause quoted, does a content follow this verb).
- cue head: token vectors -> BILUO scores for CUE.
- role head: for one cue, the tokens of its window -> BILUO scores for
  SOURCE and CONTENT. Each token sees its own vector, the cue's vector and
  features of its relation to the cue (dependency path, distance, sentence,
  quotation).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy
from spacy.attrs import DEP, LOWER, ORTH, TAG
from spacy.ml.models.tok2vec import MaxoutWindowEncoder
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import LSTM, HashEmbed, Maxout, Model, Softmax, chain, concatenate, with_array, with_padded
from thinc.types import Floats2d, Ints2d

from whosaid.errors import ModelNotFoundError
from whosaid.pipeline.attribution.features import CueWindow
from whosaid.pipeline.attribution.onnx_lstm import with_onnx_inference

CUE_LABELS = ("O", "B-CUE", "I-CUE", "L-CUE", "U-CUE")
ROLE_LABELS = (
    "O",
    "B-SOURCE", "I-SOURCE", "L-SOURCE", "U-SOURCE",
    "B-CONTENT", "I-CONTENT", "L-CONTENT", "U-CONTENT",
)  # fmt: skip
SOURCE_COLUMNS = (1, 2, 3, 4)  # B, I, L, U
CONTENT_COLUMNS = (5, 6, 7, 8)
# Quotation state of a token, as an embedding row.
OUTSIDE_QUOTE, QUOTE_MARK, INSIDE_QUOTE = 0, 1, 2


@dataclass(frozen=True)
class RoleInput:
    """One cue window: the doc it is in, the window, and its feature ids (one row a token)."""

    doc_index: int
    window: CueWindow
    features: Ints2d


def token_feature_ids(doc: Doc, quote_states: Sequence[int]) -> Ints2d:
    ids = doc.to_array([LOWER, TAG, DEP]).astype("uint64")
    states = numpy.asarray(quote_states, dtype="uint64").reshape((-1, 1))
    return numpy.hstack((ids, states)) if len(doc) else numpy.zeros((0, 4), dtype="uint64")


def _init_sublayers(model: Model, X=None, Y=None) -> None:
    """All dimensions are set up front, so the parts initialize without data."""
    for layer in model.layers:
        layer.initialize()


def _embed_columns(widths: Sequence[int], rows: Sequence[int]) -> Model[Ints2d, Floats2d]:
    return concatenate(
        *(
            HashEmbed(nO=width, nV=n_rows, column=column, seed=column + 7)
            for column, (width, n_rows) in enumerate(zip(widths, rows))
        )
    )


def static_vectors(doc: Doc, width: int) -> Floats2d:
    """The rows of the base's static vectors table for `doc`'s words (zeros for a word without one)."""
    vectors = doc.vocab.vectors
    if vectors.shape[1] != width or vectors.mode != "default":
        raise ModelNotFoundError(
            f"the attribution model reads the base's {width}-wide static word vectors; this pipeline's "
            f"vocab has {vectors.shape[1]}-wide ones: add whosaid to en_core_web_md, or retrain it"
        )
    rows = vectors.find(keys=doc.to_array(getattr(vectors, "attr", ORTH)))
    found = numpy.asarray(vectors.data)[rows]
    found[rows < 0] = 0
    return found


def _encoder_inputs_forward(model: Model, inputs: tuple[list[Doc], list[Ints2d]], is_train: bool):
    docs, ids = inputs
    tensor_width = model.get_dim("tensor_width")
    vectors_width = model.get_dim("vectors_width")
    frozen_width = tensor_width + vectors_width
    embedded, backprop_embedded = model.layers[0](ids, is_train)
    tensors = [
        model.ops.asarray2f(doc.tensor) if doc.tensor.size else model.ops.alloc2f(len(doc), tensor_width)
        for doc in docs
    ]
    if vectors_width:
        tensors = [
            model.ops.xp.hstack((tensor, model.ops.asarray2f(static_vectors(doc, vectors_width))))
            for tensor, doc in zip(tensors, docs)
        ]
    outputs = [model.ops.xp.hstack((tensor, vectors)) for tensor, vectors in zip(tensors, embedded)]

    def backprop(d_outputs: list[Floats2d]):
        backprop_embedded([d[:, frozen_width:] for d in d_outputs])
        return []

    return outputs, backprop


@registry.architectures("whosaid.AttributionEncoder.v1")
def build_encoder(
    tensor_width: int, width: int, depth: int, word_rows: int
) -> Model[tuple[list[Doc], list[Ints2d]], list[Floats2d]]:
    """`depth` layers of bidirectional LSTM of `width` outputs (half each way)."""
    return build_encoder_with_vectors(tensor_width, 0, width, depth, word_rows)


@registry.architectures("whosaid.AttributionEncoder.v2")
def build_encoder_with_vectors(
    tensor_width: int, vectors_width: int, width: int, depth: int, word_rows: int
) -> Model[tuple[list[Doc], list[Ints2d]], list[Floats2d]]:
    """v1 reading also the base's static word vectors (`vectors_width` wide: 300 for
    en_core_web_md), which carry what a rare verb of saying means."""
    embed = with_array(_embed_columns(widths=(32, 16, 16, 8), rows=(word_rows, 200, 200, 8)))
    inputs = Model(
        "attribution_inputs",
        _encoder_inputs_forward,
        init=_init_sublayers,
        layers=[embed],
        dims={"tensor_width": tensor_width, "vectors_width": vectors_width},
    )
    n_inputs = tensor_width + vectors_width + 32 + 16 + 16 + 8
    return chain(
        inputs,
        with_array(Maxout(nO=width, nI=n_inputs, nP=3, normalize=True)),
        with_padded(with_onnx_inference(LSTM(nO=width, nI=width, bi=True, depth=depth))),
    )


@registry.architectures("whosaid.AttributionCueHead.v1")
def build_cue_head(width: int) -> Model[list[Floats2d], list[Floats2d]]:
    return with_array(Softmax(nO=len(CUE_LABELS), nI=width))


# Role features: relation to the cue, distance bucket, sentence offset, same quotation as the cue's neighbour.
ROLE_FEATURE_WIDTHS = (24, 8, 8, 8)
ROLE_FEATURE_ROWS = (500, 32, 16, 8)


def _role_head_forward(model: Model, inputs: tuple[list[Floats2d], list[RoleInput]], is_train: bool):
    vectors, windows = inputs
    if not is_train:
        return _role_head_predict(model, vectors, windows), None
    embed, scorer = model.layers
    xp = model.ops.xp
    feature_vectors, backprop_features = embed([w.features for w in windows], is_train)
    rows = []
    for window, features in zip(windows, feature_vectors):
        doc_vectors = vectors[window.doc_index]
        cue = window.window.cue
        cue_vector = doc_vectors[cue.start : cue.end].mean(axis=0, keepdims=True)
        own = doc_vectors[window.window.start : window.window.end]
        rows.append(xp.hstack((own, xp.repeat(cue_vector, len(own), axis=0), features)))
    scores, backprop_scorer = scorer(rows, is_train)

    def backprop(d_scores: list[Floats2d]) -> tuple[list[Floats2d], list]:
        d_rows = backprop_scorer(d_scores)
        width = vectors[0].shape[1] if vectors else 0
        d_vectors = [model.ops.alloc2f(*v.shape) for v in vectors]
        d_features = []
        for window, d_row in zip(windows, d_rows):
            target = d_vectors[window.doc_index]
            cue = window.window.cue
            target[window.window.start : window.window.end] += d_row[:, :width]
            target[cue.start : cue.end] += d_row[:, width : 2 * width].sum(axis=0, keepdims=True) / len(cue)
            d_features.append(d_row[:, 2 * width :])
        backprop_features(d_features)
        return d_vectors, []

    return scores, backprop


def _role_head_predict(model: Model, vectors: list[Floats2d], windows: list[RoleInput]) -> list[Floats2d]:
    """The training path's scores, with the first Maxout's product split by what its rows join:
    a token's own vector is multiplied once per doc, not once for each cue window it is in
    (about three), and a cue's vector once per window, not once per token."""
    if not windows:
        return []
    embed, scorer = model.layers
    first, *rest = scorer.layers
    maxout, layernorm = first.layers[0].layers
    ops = model.ops
    n_out, n_pieces = maxout.get_dim("nO"), maxout.get_dim("nP")
    weights = ops.reshape2f(maxout.get_param("W"), n_out * n_pieces, maxout.get_dim("nI"))
    width = vectors[windows[0].doc_index].shape[1]
    own_weights, cue_weights, feature_weights = (
        ops.as_contig(weights[:, start:end]) for start, end in ((0, width), (width, 2 * width), (2 * width, None))
    )
    own_products = {
        index: ops.gemm(ops.as_contig(vectors[index]), own_weights, trans2=True)
        for index in {window.doc_index for window in windows}
    }
    cues = [window.window.cue for window in windows]
    cue_vectors = ops.xp.stack(
        [vectors[window.doc_index][cue.start : cue.end].mean(axis=0) for window, cue in zip(windows, cues)]
    )
    lengths = [len(window.features) for window in windows]
    summed = ops.xp.concatenate(
        [own_products[window.doc_index][window.window.start : window.window.end] for window in windows]
    )
    summed += ops.xp.repeat(ops.gemm(cue_vectors, cue_weights, trans2=True), lengths, axis=0)
    features = ops.xp.concatenate(embed.predict([window.features for window in windows]))
    summed += ops.gemm(features, feature_weights, trans2=True)
    summed += ops.reshape1f(maxout.get_param("b"), n_out * n_pieces)
    best, _ = ops.maxout(ops.reshape3f(summed, summed.shape[0], n_out, n_pieces))
    scores = ops.xp.split(layernorm.predict(best), numpy.cumsum(lengths)[:-1])
    for layer in rest:
        scores = layer.predict(scores)
    return scores


@registry.architectures("whosaid.AttributionRoleHead.v1")
def build_role_head(
    width: int, hidden: int, depth: int
) -> Model[tuple[list[Floats2d], list[RoleInput]], list[Floats2d]]:
    embed = with_array(_embed_columns(widths=ROLE_FEATURE_WIDTHS, rows=ROLE_FEATURE_ROWS))
    n_inputs = 2 * width + sum(ROLE_FEATURE_WIDTHS)
    scorer = chain(
        with_array(Maxout(nO=hidden, nI=n_inputs, nP=2, normalize=True)),
        MaxoutWindowEncoder(width=hidden, window_size=1, maxout_pieces=2, depth=depth),
        with_array(Softmax(nO=len(ROLE_LABELS), nI=hidden)),
    )
    return Model("attribution_role_head", _role_head_forward, init=_init_sublayers, layers=[embed, scorer])


@registry.architectures("whosaid.AttributionModel.v1")
def build_attribution_model(encoder: Model, cue_head: Model, role_head: Model) -> Model:
    """A container: the component calls its three parts separately."""
    model = Model(
        "attribution",
        lambda model, X, is_train: (X, lambda dY: dY),
        init=_init_sublayers,
        layers=[encoder, cue_head, role_head],
    )
    model.set_ref("encoder", encoder)
    model.set_ref("cue_head", cue_head)
    model.set_ref("role_head", role_head)
    return model


@registry.architectures("whosaid.AttributionEnsemble.v1")
def build_attribution_ensemble(*members: Model) -> Model:
    """Attribution models (AttributionModel.v1) read as one, each member trained alone
    (whosaid.training.ensemble): the encoder gives each token the members' vectors side by side,
    and each head gives the mean of the members' probabilities. Two models that err on different
    sentences agree more often where they are right."""
    encoder = Model(
        "attribution_ensemble_encoder",
        _ensemble_encoder_forward,
        init=_init_sublayers,
        layers=[member.get_ref("encoder") for member in members],
    )
    cue_head, role_head = (
        Model(
            f"attribution_ensemble_{head}",
            # the encoder's member widths split the vectors (thinc refs reach only a node's own layers)
            functools.partial(_ensemble_head_forward, encoder=encoder),
            init=_init_sublayers,
            layers=[member.get_ref(head) for member in members],
        )
        for head in ("cue_head", "role_head")
    )
    return build_attribution_model(encoder, cue_head, role_head)


def _member_slices(encoder: Model) -> list[slice]:
    """Where each member's vectors sit in a token's ensemble vector."""
    bounds = numpy.cumsum([0] + [layer.get_dim("nO") for layer in encoder.layers])
    return [slice(int(start), int(end)) for start, end in zip(bounds[:-1], bounds[1:])]


def _ensemble_encoder_forward(model: Model, inputs, is_train: bool):
    outputs, backprops = zip(*(layer(inputs, is_train) for layer in model.layers))
    joined = [model.ops.xp.hstack(vectors) for vectors in zip(*outputs)]

    def backprop(d_joined: list[Floats2d]):
        for part, member_backprop in zip(_member_slices(model), backprops):
            member_backprop([d[:, part] for d in d_joined])
        return []

    return joined, backprop


def _ensemble_head_forward(model: Model, inputs, is_train: bool, *, encoder: Model):
    """The mean of the member heads' outputs, each head reading its member's part of the vectors
    (the cue head takes the vectors, the role head the vectors and its windows)."""
    vectors, rest = (inputs, None) if isinstance(inputs, list) else inputs
    parts = _member_slices(encoder)
    share = 1.0 / len(model.layers)
    runs = []
    for layer, part in zip(model.layers, parts):
        member_vectors = [v[:, part] for v in vectors]
        runs.append(layer(member_vectors if rest is None else (member_vectors, rest), is_train))
    mean = [share * sum(scores) for scores in zip(*(outputs for outputs, _ in runs))]

    def backprop(d_mean: list[Floats2d]):
        d_vectors = [model.ops.alloc2f(*v.shape) for v in vectors]
        for (_, member_backprop), part in zip(runs, parts):
            d_member = member_backprop([share * d for d in d_mean])
            d_member_vectors = d_member if rest is None else d_member[0]
            for target, d in zip(d_vectors, d_member_vectors):
                target[:, part] += d
        return d_vectors if rest is None else (d_vectors, [])

    return mean, backprop
