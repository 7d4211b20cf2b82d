"""The numpy BERT of ``anecdata.embed.bert`` in PyTorch, so it can be fine-tuned; weights go back to numpy after.

The module holds the same tensors under the same names and computes the same function (a test compares the two
forward passes), so a model trained here is read by the numpy encoder with no conversion beyond ``tensors()``.
PyTorch is needed for training only: ``pip install torch`` (a CPU build is enough).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from anecdata.embed.bert import BertConfig
from anecdata.errors import ConfigError


def import_torch() -> Any:
    """The ``torch`` module, or a one-line error saying how to install it."""
    try:
        import torch
    except ImportError as e:
        raise ConfigError("fine-tuning an encoder needs PyTorch: pip install torch (a CPU build is enough)") from e
    return torch


def sentence_classifier(tensors: Mapping[str, np.ndarray], config: BertConfig, outputs: int, seed: int) -> Any:
    """A torch module: the BERT encoder from ``tensors``, mean pooling, dropout 0.1 and a new linear head.

    The head's weights are ``head.weight`` / ``head.bias``; ``tensors()`` on the result gives every weight back as
    numpy arrays under the Hugging Face names.
    """
    torch = import_torch()
    nn, functional = torch.nn, torch.nn.functional
    torch.manual_seed(seed)

    class SentenceClassifier(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.weights = nn.ParameterDict(
                {
                    _key(name): nn.Parameter(torch.tensor(np.asarray(array, dtype=np.float32)))
                    for name, array in tensors.items()
                }
            )
            head = nn.Linear(config.hidden, outputs)
            self.weights[_key("head.weight")] = head.weight
            self.weights[_key("head.bias")] = head.bias
            self.dropout = nn.Dropout(0.1)

        def w(self, name: str) -> Any:
            return self.weights[_key(name)]

        def linear(self, x: Any, name: str) -> Any:
            return functional.linear(x, self.w(f"{name}.weight"), self.w(f"{name}.bias"))

        def norm(self, x: Any, name: str) -> Any:
            return functional.layer_norm(
                x, (config.hidden,), self.w(f"{name}.weight"), self.w(f"{name}.bias"), config.eps
            )

        def forward(self, ids: Any, mask: Any) -> Any:
            """Logits, shape (batch, outputs), for padded token ``ids`` with attention ``mask``."""
            batch, length = ids.shape
            size = config.hidden // config.heads
            x = (
                functional.embedding(ids, self.w("embeddings.word_embeddings.weight"))
                + self.w("embeddings.position_embeddings.weight")[:length][None]
                + self.w("embeddings.token_type_embeddings.weight")[0]
            )
            x = self.norm(x, "embeddings.LayerNorm")
            bias = (1.0 - mask[:, None, None, :].float()) * -1e9

            def split(y: Any) -> Any:
                return y.view(batch, length, config.heads, size).transpose(1, 2)

            for i in range(config.layers):
                p = f"encoder.layer.{i}"
                q = split(self.linear(x, f"{p}.attention.self.query"))
                k = split(self.linear(x, f"{p}.attention.self.key"))
                v = split(self.linear(x, f"{p}.attention.self.value"))
                attention = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(size) + bias, dim=-1)
                context = (attention @ v).transpose(1, 2).reshape(batch, length, config.hidden)
                x = self.norm(
                    x + self.linear(context, f"{p}.attention.output.dense"), f"{p}.attention.output.LayerNorm"
                )
                inner = functional.gelu(self.linear(x, f"{p}.intermediate.dense"))
                x = self.norm(x + self.linear(inner, f"{p}.output.dense"), f"{p}.output.LayerNorm")
            kept = mask[..., None].float()
            pooled = (x * kept).sum(1) / kept.sum(1).clamp(min=1e-9)
            return self.linear(self.dropout(pooled), "head")

        def tensors(self) -> dict[str, np.ndarray]:
            """Every weight as a numpy array, under its Hugging Face name (the head as ``head.*``)."""
            return {_name(key): p.detach().cpu().numpy().copy() for key, p in self.weights.items()}

    return SentenceClassifier()


def _key(name: str) -> str:
    """A ParameterDict key for a tensor name (keys may not contain dots)."""
    return name.replace(".", "__")


def _name(key: str) -> str:
    return key.replace("__", ".")
