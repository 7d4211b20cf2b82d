"""A static sentence embedder: each wordpiece has a fixed vector; a sentence is their L2-normalised sum.

The vectors were distilled from sentence-transformers/all-MiniLM-L6-v2 by ``tools/distill_embeddings.py`` (see
``data/MODEL_CARD.md``). Each row already carries its token's inverse-frequency weight, so the weighted mean is
a plain sum. Nothing here reaches the network: the vectors and the wordpiece vocabulary are one packaged file.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Sequence
from functools import cache
from importlib import resources
from itertools import chain

import numpy as np
from tokenizers import Tokenizer, models, normalizers, pre_tokenizers

MODEL_FILE = "static-minilm-128.npz"


class StaticEmbedder:
    """Encode texts as float32 unit vectors; empty or wholly out-of-vocabulary text gives a zero row."""

    def __init__(self, vectors: np.ndarray, vocab: Sequence[str], name: str, digest: str) -> None:
        self._vectors = vectors
        self._tokenizer = _wordpiece_tokenizer(vocab)
        self._name = name
        self._digest = digest

    @classmethod
    def load(cls) -> StaticEmbedder:
        """The packaged model, read once per process."""
        return _load_packaged()

    @classmethod
    def from_bytes(cls, data: bytes) -> StaticEmbedder:
        """A model from the bytes of an ``.npz`` file written by ``tools/distill_embeddings.py``."""
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            vectors = npz["vectors"].astype(np.float32) * npz["scales"][:, None]
            vocab = npz["vocab"].tobytes().decode("utf-8").splitlines()
            meta = json.loads(npz["meta"].tobytes().decode("utf-8"))
        special = [i for i, token in enumerate(vocab) if token.startswith("[") and token.endswith("]")]
        vectors[special] = 0.0  # [PAD], [UNK], [CLS], [SEP], [MASK], [unused*]: contribute nothing
        return cls(vectors, vocab, meta["name"], hashlib.sha256(data).hexdigest())

    @property
    def name(self) -> str:
        """The model's name, such as ``static-minilm-128``."""
        return self._name

    @property
    def version(self) -> str:
        """The first 16 hex digits of the model file's SHA-256: store it beside vectors to check them later."""
        return self._digest[:16]

    @property
    def key(self) -> str:
        """``name@version``: what stored vectors are filed under, so another model file never mixes with them."""
        return f"{self._name}@{self.version}"

    @property
    def dimensions(self) -> int:
        return self._vectors.shape[1]

    def encode(self, texts: Sequence[str], batch_size: int = 4096) -> np.ndarray:
        """Unit vectors, shape ``(len(texts), dimensions)``, float32; a row of zeros where no token is known."""
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for start in range(0, len(texts), batch_size):
            out[start : start + batch_size] = self._encode_batch(list(texts[start : start + batch_size]))
        return out

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        encode = getattr(self._tokenizer, "encode_batch_fast", self._tokenizer.encode_batch)  # no offsets: faster
        ids = [e.ids for e in encode(texts, add_special_tokens=False)]
        lengths = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
        sums = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        filled = lengths > 0
        if filled.any():
            flat = np.fromiter(chain.from_iterable(ids), dtype=np.int64, count=int(lengths.sum()))
            starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))[filled]
            sums[filled] = np.add.reduceat(self._vectors[flat], starts, axis=0)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        return np.divide(sums, norms, out=np.zeros_like(sums), where=norms > 0)


def _wordpiece_tokenizer(vocab: Sequence[str]) -> Tokenizer:
    """BERT uncased wordpieces (lowercase, accents stripped, Chinese characters split), no special tokens."""
    model = models.WordPiece({token: i for i, token in enumerate(vocab)}, unk_token="[UNK]")
    tokenizer = Tokenizer(model)
    tokenizer.normalizer = normalizers.BertNormalizer(
        clean_text=True, handle_chinese_chars=True, strip_accents=True, lowercase=True
    )
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    return tokenizer


@cache
def _load_packaged() -> StaticEmbedder:
    data = resources.files("anecdata.embed").joinpath("data", MODEL_FILE).read_bytes()
    return StaticEmbedder.from_bytes(data)
