"""The project's exceptions: one root, one subclass per kind of failure a user can meet."""


class AnecdataError(Exception):
    """Root of every error anecdata raises on purpose; the CLI prints these as one line."""


class ConfigError(AnecdataError):
    """A setting, option or pipeline configuration is invalid."""


class RuleError(AnecdataError):
    """A bundled or user rule / lexicon file is malformed."""


class ReaderError(AnecdataError):
    """An input could not be read (missing, empty, binary, too large, malformed)."""


class GroundingError(AnecdataError):
    """An annotation does not point at the characters it claims to (the stand-off invariant)."""


class DataError(AnecdataError):
    """A gold corpus or serialised document does not have the expected layout."""


class StoreError(AnecdataError):
    """The store cannot be opened, migrated or written (a bad ``--db`` URL, an unreachable server)."""
