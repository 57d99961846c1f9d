"""ONNX Runtime for the transformer layer of a sentence-transformers pipeline: export it, run it.

sentence-transformers keeps tokenisation, prompts, length sorting, pooling and normalisation; only
the transformer's forward pass moves to ONNX Runtime, which runs a single query in about 60 % of
PyTorch's time on this CPU (long padded batches of passages stay faster on PyTorch). The exported
graph lives next to the weights, at `<model dir>/onnx/model.onnx`, where sentence-transformers' own
ONNX backend also looks for it.

This is the only module that imports `onnxruntime`.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any

import numpy as np

ONNX_FILE = Path("onnx") / "model.onnx"
OPSET = 17


def onnx_path(model_dir: Path) -> Path:
    """Where the exported graph of a model directory lives."""
    return Path(model_dir) / ONNX_FILE


def runtime_available() -> bool:
    """Tell whether ONNX Runtime can be imported here."""
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def export(hf_model: Any, sample: dict[str, Any], target: Path) -> Path:
    """Export a Hugging Face encoder's forward pass (inputs named as in `sample`) to `target`.

    Written to a temporary file first, so a half-written graph is never picked up.
    """
    import torch

    names = list(sample)

    class LastHiddenState(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.inner = hf_model

        def forward(self, *tensors: torch.Tensor) -> torch.Tensor:
            return self.inner(**dict(zip(names, tensors, strict=True))).last_hidden_state

    axes = {name: {0: "batch", 1: "sequence"} for name in [*names, "last_hidden_state"]}
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer notes on data-dependent branches, all benign
        torch.onnx.export(
            LastHiddenState().eval(),
            tuple(sample[name] for name in names),
            str(partial),
            input_names=names,
            output_names=["last_hidden_state"],
            dynamic_axes=axes,
            opset_version=OPSET,
            dynamo=False,
        )
    os.replace(partial, target)
    return target


class OnnxForward:
    """Stands in for a sentence-transformers `Transformer` module's forward pass."""

    def __init__(self, path: Path, output_name: str = "token_embeddings"):
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.intra_op_num_threads = os.cpu_count() or 1
        self._session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self._inputs = [i.name for i in self._session.get_inputs()]
        self._output_name = output_name

    def __call__(self, features: dict[str, Any], **_: Any) -> dict[str, Any]:
        import torch

        feeds = {name: np.ascontiguousarray(features[name].numpy()) for name in self._inputs}
        (hidden,) = self._session.run(["last_hidden_state"], feeds)
        features[self._output_name] = torch.from_numpy(hidden)
        return features
