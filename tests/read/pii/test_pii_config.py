"""``pii.toml`` loads strictly: every mistake fails at load time, naming the file and the entry."""

import pytest

from anecdata.errors import ConfigError
from anecdata.read.pii.config import load_pii_config, parse_pii_config
from anecdata.read.pii.registry import RECOGNIZERS

REGISTERED = sorted(RECOGNIZERS)


def test_pii_config_bundled_file_enables_every_registered_recognizer():
    config = load_pii_config()
    assert sorted(spec.name for spec in config.enabled) == REGISTERED
    assert config.stop_words and config.use_lexicon


def test_pii_config_registry_names_are_a_snapshot():
    """Renaming a recogniser breaks users' pii.toml files: it must be a deliberate change (STYLE.md 2.8)."""
    assert REGISTERED == [
        "anecdata.address.v1",
        "anecdata.attribution.v1",
        "anecdata.credential.v1",
        "anecdata.date_of_birth.v1",
        "anecdata.email.v1",
        "anecdata.handle.v1",
        "anecdata.known_name.v1",
        "anecdata.name_tagger.v1",
        "anecdata.phone.v1",
        "anecdata.place.v1",
        "anecdata.postal_code.v1",
        "anecdata.signature.v1",
        "anecdata.titled_name.v1",
        "anecdata.url.v1",
    ]


BAD = [
    ("[analyzer]\nscore_treshold = 0.5\n", "unknown keys ['score_treshold']"),
    ("[analyzer]\nscore_threshold = 1.5\n", "must be a number in [0, 1]"),
    ("[colour]\n", "unknown sections ['colour']"),
    ('[[recognizer]]\nname = "anecdata.fax.v1"\n', "'anecdata.fax.v1' is not registered"),
    ('[[recognizer]]\nname = "anecdata.email.v1"\nbias = 1\n', "unknown keys ['bias']"),
    ('[[recognizer]]\nname = "anecdata.email.v1"\nscores = { email = -1 }\n', "score of 'email'"),
    ('[[recognizer]]\nname = "anecdata.email.v1"\n[[recognizer]]\nname = "anecdata.email.v1"\n', "listed twice"),
    ('[[recognizer]]\nname = "anecdata.email.v1"\ncontext = "mail"\n', "context must be a list"),
    ("[context]\nwords_before = -1\n", "whole number >= 0"),
    ("this is = = not toml", "not valid TOML"),
]


@pytest.mark.parametrize(("text", "message"), BAD, ids=[m for _, m in BAD])
def test_pii_config_rejects_with_the_file_named(text, message):
    with pytest.raises(ConfigError, match=r"my\.toml") as error:
        parse_pii_config(text, "my.toml")
    assert message in str(error.value)


def test_pii_config_rejects_a_score_override_for_an_unknown_rule():
    config = parse_pii_config('[[recognizer]]\nname = "anecdata.email.v1"\nscores = { mail = 0.5 }\n', "my.toml")
    from anecdata.read.pii.registry import build_recognizers

    with pytest.raises(ConfigError, match="no rule named \\['mail'\\]"):
        build_recognizers(config)
