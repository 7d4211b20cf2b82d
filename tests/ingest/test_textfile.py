"""Reading a user's file: every bad input is one clear ReaderError, never a traceback or a silent guess."""

import pytest

from anecdata.errors import ReaderError
from anecdata.ingest.textfile import read_text_source


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty"), (b"  \n\n ", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00", "binary")],
    ids=["empty", "blank", "binary"],
)
def test_textfile_refuses_unreadable_content(tmp_path, content, message):
    path = tmp_path / "in.txt"
    path.write_bytes(content)
    with pytest.raises(ReaderError, match=message):
        read_text_source(str(path))


def test_textfile_refuses_missing_paths_directories_and_oversized_files(tmp_path):
    with pytest.raises(ReaderError, match="no such file"):
        read_text_source(str(tmp_path / "absent.txt"))
    with pytest.raises(ReaderError, match="directory"):
        read_text_source(str(tmp_path))
    big = tmp_path / "big.txt"
    big.write_text("word " * 1000)
    with pytest.raises(ReaderError, match="--max-bytes"):
        read_text_source(str(big), max_bytes=100)


def test_textfile_replaces_invalid_utf8_and_counts_it(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("caf\xe9 and na\xefve".encode("latin-1"))
    source = read_text_source(str(path))
    assert source.replaced == 2 and "\ufffd" in source.text
