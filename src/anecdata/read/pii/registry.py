"""The PII recognisers by registered name, and how each is built from its ``pii.toml`` entry.

Registration is explicit (no subclass discovery): a recogniser runs when this table names it and ``pii.toml``
enables it. Names are versioned (``anecdata.email.v1``); a change of behaviour gets a new name (STYLE.md 2.2).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

from anecdata.errors import ConfigError
from anecdata.read.pii.allow_list import AllowList, build_words
from anecdata.read.pii.config import BUILTIN, PiiConfig, RecognizerSpec
from anecdata.read.pii.recognizers.address import AddressRecognizer
from anecdata.read.pii.recognizers.attribution import AttributionRecognizer
from anecdata.read.pii.recognizers.base import ForumRecognizer
from anecdata.read.pii.recognizers.credential import CredentialRecognizer
from anecdata.read.pii.recognizers.date_of_birth import DateOfBirthRecognizer
from anecdata.read.pii.recognizers.email import ForumEmailRecognizer
from anecdata.read.pii.recognizers.handle import HandleRecognizer
from anecdata.read.pii.recognizers.known_name import KnownNameRecognizer
from anecdata.read.pii.recognizers.name_tagger import NameTaggerRecognizer
from anecdata.read.pii.recognizers.phone import ForumPhoneRecognizer
from anecdata.read.pii.recognizers.place import PlaceRecognizer
from anecdata.read.pii.recognizers.postal_code import PostalCodeRecognizer
from anecdata.read.pii.recognizers.signature import ForumSignatureRecognizer
from anecdata.read.pii.recognizers.title import TitledNameRecognizer
from anecdata.read.pii.recognizers.url import ForumUrlRecognizer
from anecdata.read.pii.tagger import TaggerModel, bundled_model, load_model_file


class Resources:
    """What several recognisers share, built once per analyzer: the tagger model."""

    def __init__(self, config: PiiConfig) -> None:
        self.config = config

    def model(self, source: str = BUILTIN) -> TaggerModel:
        return bundled_model() if source == BUILTIN else _model_at(source)


@cache
def _model_at(path: str) -> TaggerModel:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as e:
        raise ConfigError(f"cannot read the name tagger model {path!r}: {e.strerror}") from e
    return load_model_file(text, path)


def allow_list_for(config: PiiConfig) -> AllowList:
    """The analyzer's allow-list step: ``pii.toml``'s ``[stop_list]`` words, the bundled lists, and, with
    ``lexicon = true``, the compiled lexicon's phrases and the lay lexicon's words ("Graston", "Achilles")."""
    return _allow_list(config.stop_words, config.use_lexicon)


@cache
def _allow_list(words: tuple[str, ...], use_lexicon: bool) -> AllowList:
    lexicon, lay_words = None, set()
    if use_lexicon:
        from anecdata.vocab import lexicon as lay
        from anecdata.vocab.compiled import load_lexicon

        lexicon = load_lexicon()
        for entry in lay.load_lay_lexicon():
            for phrase in (*entry.synonyms, *entry.abbreviations):
                lay_words.update(re.findall(r"[^\W\d_]{3,}", phrase.lower()))
    gazetteers = bundled_model().gazetteers
    names = gazetteers.first_names | gazetteers.places | gazetteers.place_words
    surnames = frozenset(gazetteers.surnames)
    return AllowList(build_words(words, lexicon, lay_words, names, surnames, gazetteers.first_names))


Builder = Callable[[RecognizerSpec, Resources], ForumRecognizer]


def _plain(cls: type[ForumRecognizer]) -> Builder:
    def build(spec: RecognizerSpec, resources: Resources) -> ForumRecognizer:
        return cls(spec.scores, spec.context, spec.threshold)

    return build


def _known_names(spec: RecognizerSpec, resources: Resources) -> ForumRecognizer:
    first_names = resources.model().gazetteers.first_names
    return KnownNameRecognizer(spec.scores, spec.context, spec.threshold, first_names)


def _name_tagger(spec: RecognizerSpec, resources: Resources) -> ForumRecognizer:
    model = spec.options.get("model", BUILTIN)
    bias = spec.options.get("bias", {})
    lower_bias = spec.options.get("lower_case_bias")
    if not isinstance(model, str) or not isinstance(bias, dict) or not isinstance(lower_bias, dict | None):
        raise ConfigError(
            f"{spec.name}: model must be 'builtin' or a path, bias and lower_case_bias tables of kind = number"
        )
    threshold = 0.0 if spec.threshold is None else spec.threshold
    return NameTaggerRecognizer(spec.scores, spec.context, threshold, resources.model(model), bias, lower_bias)


@dataclass(frozen=True, slots=True)
class RecognizerEntry:
    """A registered recogniser: its class, how to build it, and the extra ``pii.toml`` keys it takes."""

    cls: type[ForumRecognizer]
    build: Builder
    options: frozenset[str] = frozenset()


RECOGNIZERS: Mapping[str, RecognizerEntry] = MappingProxyType(
    {
        "anecdata.email.v1": RecognizerEntry(ForumEmailRecognizer, _plain(ForumEmailRecognizer)),
        "anecdata.phone.v1": RecognizerEntry(ForumPhoneRecognizer, _plain(ForumPhoneRecognizer)),
        "anecdata.url.v1": RecognizerEntry(ForumUrlRecognizer, _plain(ForumUrlRecognizer)),
        "anecdata.handle.v1": RecognizerEntry(HandleRecognizer, _plain(HandleRecognizer)),
        "anecdata.attribution.v1": RecognizerEntry(AttributionRecognizer, _plain(AttributionRecognizer)),
        "anecdata.signature.v1": RecognizerEntry(ForumSignatureRecognizer, _plain(ForumSignatureRecognizer)),
        "anecdata.credential.v1": RecognizerEntry(CredentialRecognizer, _plain(CredentialRecognizer)),
        "anecdata.place.v1": RecognizerEntry(PlaceRecognizer, _plain(PlaceRecognizer)),
        "anecdata.address.v1": RecognizerEntry(AddressRecognizer, _plain(AddressRecognizer)),
        "anecdata.postal_code.v1": RecognizerEntry(PostalCodeRecognizer, _plain(PostalCodeRecognizer)),
        "anecdata.date_of_birth.v1": RecognizerEntry(DateOfBirthRecognizer, _plain(DateOfBirthRecognizer)),
        "anecdata.titled_name.v1": RecognizerEntry(TitledNameRecognizer, _plain(TitledNameRecognizer)),
        "anecdata.known_name.v1": RecognizerEntry(KnownNameRecognizer, _known_names),
        "anecdata.name_tagger.v1": RecognizerEntry(
            NameTaggerRecognizer, _name_tagger, frozenset({"model", "bias", "lower_case_bias"})
        ),
    }
)


def build_recognizers(config: PiiConfig) -> list[ForumRecognizer]:
    """The enabled recognisers of ``config``, built in file order."""
    resources = Resources(config)
    return [RECOGNIZERS[spec.name].build(spec, resources) for spec in config.enabled]
