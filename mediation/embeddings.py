"""Text embeddings: the `Encoder` seam and its sentence-transformers implementation.

This is the only module that imports `sentence_transformers`. The transformer's forward pass runs
on ONNX Runtime when the model directory holds an exported graph (`mediation.onnx_encoder`).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from pathlib import Path
from typing import Protocol

import numpy as np

from mediation import onnx_encoder
from mediation.config import DEFAULT_MODEL_DIR
from mediation.errors import ConfigurationError, ModelMissing

log = logging.getLogger(__name__)

#: bf16 is chosen on "auto" only when it multiplies at least this much faster than fp32.
BF16_MARGIN = 1.2
RUNTIMES = ("auto", "torch", "onnx")
#: Mixed Chinese/English text the ONNX export is traced with.
EXPORT_SAMPLE = ["passage: 晚上十点以后还能打电话催收吗? Can a collector call my employer?"]


class Encoder(Protocol):
    """Turns texts into L2-normalised float32 vectors."""

    dimension: int
    name: str

    def encode_queries(self, texts: list[str]) -> np.ndarray: ...

    def encode_passages(self, texts: list[str], *, batch_size: int = 32) -> np.ndarray: ...


def cpu_has_native_bf16() -> bool:
    """Tell whether this CPU computes bfloat16 natively (AVX512-BF16 or AMX)."""
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


def bf16_is_faster(repeats: int = 5) -> bool:
    """Native bf16, and measured faster here than fp32 on an encoder-sized matrix product.

    Some CPUs flag AVX512-BF16 yet multiply bf16 more slowly than fp32 (no AMX), so ask the hardware.
    """
    if not cpu_has_native_bf16():
        return False
    import torch

    def best_time(dtype: torch.dtype) -> float:
        a, b = torch.rand(256, 1536, dtype=dtype), torch.rand(1536, 384, dtype=dtype)
        a @ b  # warm-up
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            a @ b
            times.append(time.perf_counter() - started)
        return min(times)

    return best_time(torch.bfloat16) * BF16_MARGIN < best_time(torch.float32)


def ensure_model_dir(model_dir: Path) -> Path:
    """Return a usable model directory, converting the bundled e5-small on first use."""
    if (model_dir / "modules.json").exists():
        return model_dir
    if model_dir.resolve() == DEFAULT_MODEL_DIR.resolve():
        from mediation.model_convert import convert

        log.info("converting the bundled multilingual-e5-small into %s", model_dir)
        return convert(model_dir)
    raise ModelMissing(
        f"embedding model directory {model_dir} is missing or not a sentence-transformers "
        "model; set MEDIATION_EMBEDDING_MODEL to a local model directory"
    )


def _load(path: Path):
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
    model.eval()
    return model


def export_onnx(model_dir: Path) -> Path:
    """Export a model directory's transformer to `<model_dir>/onnx/model.onnx` (about 10 s)."""
    path = ensure_model_dir(Path(model_dir))
    model = _load(path)
    sample = {
        name: value
        for name, value in model.tokenize(EXPORT_SAMPLE).items()
        if name in ("input_ids", "attention_mask", "token_type_ids")
    }
    return onnx_encoder.export(model[0].model, sample, onnx_encoder.onnx_path(path))


def choose_runtimes(model_dir: Path, runtime: str) -> tuple[str, str]:
    """The runtimes for (queries, passages).

    `auto` runs queries on ONNX Runtime when an export is here (11 ms against 20-30 ms for one
    query on this CPU) and passages on PyTorch (whose attention kernel is faster on long batches).
    """
    if runtime not in RUNTIMES:
        raise ConfigurationError(f"MEDIATION_EMBEDDING_RUNTIME must be one of {', '.join(RUNTIMES)}")
    exported = onnx_encoder.onnx_path(model_dir).exists()
    if runtime == "onnx" and not exported:
        raise ModelMissing(
            f"no ONNX export in {model_dir}; run `python -m mediation.model_convert` "
            "or set MEDIATION_EMBEDDING_RUNTIME=torch"
        )
    if runtime == "auto":
        return ("onnx" if exported and onnx_encoder.runtime_available() else "torch", "torch")
    return runtime, runtime


class SentenceTransformerEncoder:
    """A local sentence-transformers model, with e5-style `query`/`passage` prompts when present."""

    def __init__(self, model_dir: Path, *, precision: str = "auto", runtime: str = "auto"):
        path = ensure_model_dir(Path(model_dir))
        self._model = _load(path)
        self.name = path.name
        self.dimension = int(self._model.get_embedding_dimension())
        prompts = self._model.prompts or {}
        self._query_prompt = "query" if "query" in prompts else None
        self._passage_prompt = "passage" if "passage" in prompts else None
        self.query_runtime, self.passage_runtime = choose_runtimes(path, runtime)
        self._transformer = self._model[0]
        self._onnx_forward = None
        if "onnx" in (self.query_runtime, self.passage_runtime):
            self._onnx_forward = onnx_encoder.OnnxForward(
                onnx_encoder.onnx_path(path), self._transformer.module_output_name
            )
        self.bf16 = self.passage_runtime == "torch" and (
            precision == "bf16" or (precision == "auto" and bf16_is_faster())
        )
        self._lock = threading.Lock()

    def _autocast(self, runtime: str) -> contextlib.AbstractContextManager:
        if runtime != "torch" or not self.bf16:
            return contextlib.nullcontext()
        import torch

        return torch.autocast("cpu", dtype=torch.bfloat16)

    def _use(self, runtime: str) -> None:
        """Route the transformer's forward pass to ONNX Runtime or back to PyTorch."""
        if runtime == "onnx":
            self._transformer.forward = self._onnx_forward
        else:
            self._transformer.__dict__.pop("forward", None)

    def _encode(self, texts: list[str], prompt: str | None, batch_size: int, runtime: str):
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        with self._lock, self._autocast(runtime):
            self._use(runtime)
            vectors = self._model.encode(
                texts,
                prompt_name=prompt,
                batch_size=batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        """Embed search queries."""
        return self._encode(texts, self._query_prompt, 32, self.query_runtime)

    def encode_passages(self, texts: list[str], *, batch_size: int = 32) -> np.ndarray:
        """Embed passages to be indexed."""
        return self._encode(texts, self._passage_prompt, batch_size, self.passage_runtime)
