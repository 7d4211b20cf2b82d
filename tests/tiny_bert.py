"""A tiny BERT written by the tests themselves (random weights, a vocabulary of the words they use): enough to
exercise the numpy encoder, the PyTorch copy and fine-tuning without any pretrained model on disk."""

import json
import re
from pathlib import Path

import numpy as np
from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors

from anecdata.embed.bert import CONFIG_FILE, TOKENIZER_FILE, WEIGHTS_FILE, BertConfig, write_safetensors

SPECIAL = ("[PAD]", "[UNK]", "[CLS]", "[SEP]")


def tiny_bert(folder: Path, texts: list[str], layers: int = 2, hidden: int = 16, heads: int = 2, seed: int = 0) -> Path:
    """Write a BERT model folder (weights, config, tokenizer) whose vocabulary is the words of ``texts``."""
    words = sorted({w for t in texts for w in re.findall(r"\w+|[^\w\s]", t.lower())})
    vocab = {token: i for i, token in enumerate([*SPECIAL, *words])}
    tokenizer = Tokenizer(models.WordPiece(vocab, unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", special_tokens=[("[CLS]", vocab["[CLS]"]), ("[SEP]", vocab["[SEP]"])]
    )
    rng = np.random.default_rng(seed)
    config = BertConfig(layers=layers, hidden=hidden, heads=heads, max_positions=64)

    def random(*shape: int) -> np.ndarray:
        return rng.normal(0, 0.2, shape).astype(np.float32)

    tensors = {
        "embeddings.word_embeddings.weight": random(len(vocab), hidden),
        "embeddings.position_embeddings.weight": random(64, hidden),
        "embeddings.token_type_embeddings.weight": random(2, hidden),
        "embeddings.LayerNorm.weight": np.ones(hidden, np.float32),
        "embeddings.LayerNorm.bias": np.zeros(hidden, np.float32),
    }
    for i in range(layers):
        p = f"encoder.layer.{i}"
        for name, (rows, cols) in {
            "attention.self.query": (hidden, hidden),
            "attention.self.key": (hidden, hidden),
            "attention.self.value": (hidden, hidden),
            "attention.output.dense": (hidden, hidden),
            "intermediate.dense": (4 * hidden, hidden),
            "output.dense": (hidden, 4 * hidden),
        }.items():
            tensors[f"{p}.{name}.weight"] = random(rows, cols)
            tensors[f"{p}.{name}.bias"] = random(rows)
        for norm in ("attention.output.LayerNorm", "output.LayerNorm"):
            tensors[f"{p}.{norm}.weight"] = np.ones(hidden, np.float32)
            tensors[f"{p}.{norm}.bias"] = np.zeros(hidden, np.float32)
    folder.mkdir(parents=True, exist_ok=True)
    write_safetensors(tensors, folder / WEIGHTS_FILE)
    (folder / CONFIG_FILE).write_text(json.dumps(config.to_dict()), encoding="utf-8")
    (folder / TOKENIZER_FILE).write_text(tokenizer.to_str(), encoding="utf-8")
    return folder
