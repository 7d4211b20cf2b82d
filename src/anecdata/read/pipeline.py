"""Build the reading pipeline from configuration and run it over posts, threads and plain texts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from anecdata.errors import ConfigError
from anecdata.model import Annotation, Post, PostContext, Thread, short_hash

# Importing the component modules registers their factories with spaCy.
from anecdata.read.context import component as _context  # noqa: F401
from anecdata.read.extensions import EXTENSION
from anecdata.read.mentions import component as _mentions  # noqa: F401
from anecdata.read.outcomes import component as _outcomes  # noqa: F401
from anecdata.read.pii import component as _pii  # noqa: F401
from anecdata.read.pii.component import CONTEXT_KEY
from anecdata.read.safety import component as _safety  # noqa: F401
from anecdata.read.sentences import component as _sentences  # noqa: F401
from anecdata.read.statements import component as _statements  # noqa: F401

PIPELINE_VERSION = "1"
DEFAULT_COMPONENTS: tuple[str, ...] = (
    "anecdata_sentences",
    "anecdata_mentions",
    "anecdata_context",
    "anecdata_statements",
    "anecdata_outcomes",
    "anecdata_pii",
    "anecdata_safety",
)
LAYER_OF_SPANS_KEY = {
    "statement": "statement",
    "mention": "mention",
    "outcome": "outcome",
    "pii": "pii",
    "safety": "safety",
}
"""Which ``doc.spans`` keys become annotations, and in which layer."""
BATCH_SIZE = 64


def build_pipeline(
    components: Sequence[str] = DEFAULT_COMPONENTS, config: Mapping[str, Mapping[str, object]] | None = None
) -> Language:
    """A blank English pipeline with the named registered components, in order.

    Args:
        components: registered factory names, in pipeline order.
        config: per-component settings that override the factories' defaults, e.g.
            ``{"anecdata_statements": {"model": "path/to/model"}}``.
    """
    nlp = spacy.blank("en")
    config = config or {}
    unknown = set(config) - set(components)
    if unknown:
        raise ConfigError(f"settings for components not in the pipeline: {sorted(unknown)}; it has {list(components)}")
    for name in components:
        try:
            nlp.add_pipe(name, config=dict(config.get(name, {})))
        except ValueError as e:
            raise ConfigError(f"cannot add pipeline component {name!r}: {e}") from e
    return nlp


@cache
def default_pipeline() -> Language:
    """The default pipeline, built once per process."""
    return build_pipeline()


def doc_annotations(doc: Doc, post_id: str) -> list[Annotation]:
    """The annotations a processed ``Doc`` carries, in text order.

    A component cannot know the post id, so a record links to other annotations by ``(layer, start, end,
    label)``; here each becomes the id the linked annotation gets (``Annotation`` derives ids the same way).
    """
    found = []
    text = doc.text  # spaCy rebuilds it from the tokens on every access: once per doc, not once per span
    for key, layer in LAYER_OF_SPANS_KEY.items():
        for span in doc.spans.get(key, ()):
            record = dict(span._.get(EXTENSION) or {})
            if "links" in record:
                record["links"] = tuple(short_hash(post_id, *target) for target in record["links"])
            found.append(
                Annotation.over(
                    post_id,
                    text,
                    span.start_char,
                    span.end_char,
                    layer=layer,
                    label=span.label_,
                    **record,
                )
            )
    return sorted(found, key=lambda a: (a.start, -a.end, a.layer))


def post_user_data(post: Post, names: Sequence[str] = ()) -> dict[str, object]:
    """What components learn of a post beyond its text, under ``doc.user_data[CONTEXT_KEY]``.

    ``names``: the thread's people (authors, addressees); ``context``: the reader's typed
    :class:`~anecdata.model.PostContext`; ``closing_start``: where its closing starts (None without one).
    """
    closing = post.context.closing
    return {"names": tuple(names), "context": post.context, "closing_start": closing.start if closing else None}


def mark_context(annotations: Iterable[Annotation], context: PostContext) -> list[Annotation]:
    """The annotations with what the post's layout says of them, in their ``attrs``.

    An annotation starting inside a quote gets ``quoted: True`` and ``quoted_author`` (the quoted writer, or
    None when the quote names nobody): quoted words are never the quoter's statement, question, treatment or
    outcome, and thread logic skips them for the quoter. One starting inside the title gets ``in_title: True``.
    Other annotations are returned as they are.
    """
    marked = []
    for a in annotations:
        extra: dict[str, object] = {}
        if (quote := context.quote_of(a.start)) is not None:
            extra = {"quoted": True, "quoted_author": quote.author}
        if context.title is not None and context.title.has(a.start):
            extra["in_title"] = True
        marked.append(replace(a, attrs={**a.attrs, **extra}) if extra else a)
    return marked


def annotate_posts(posts: Iterable[Post], nlp: Language | None = None, names: Sequence[str] = ()) -> Iterator[Post]:
    """Each post with the pipeline's annotations added to the ones it had, marked by its context
    (:func:`mark_context`).

    Args:
        posts: the posts to read.
        nlp: the pipeline; the default one when None.
        names: people's names the reader found in the thread (authors, addressees), for PII detection.
    """
    nlp = nlp or default_pipeline()
    posts = list(posts)
    docs = []
    for post in posts:
        doc = nlp.make_doc(post.text)
        doc.user_data[CONTEXT_KEY] = post_user_data(post, names)
        docs.append(doc)
    for post, doc in zip(posts, nlp.pipe(docs, batch_size=BATCH_SIZE), strict=True):
        found = mark_context(doc_annotations(doc, post.id), post.context)
        yield replace(post, annotations=(*post.annotations, *found))


def annotate_thread(thread: Thread, nlp: Language | None = None) -> Thread:
    """The thread with every post read; the names its posts are signed with or addressed to count as PII."""
    names = sorted({n for p in thread.posts for n in (p.author, p.addressee) if n})
    return replace(thread, posts=tuple(annotate_posts(thread.posts, nlp, names)))


def annotate_texts(texts: Iterable[str], nlp: Language | None = None) -> Iterator[list[Annotation]]:
    """Annotations for plain texts (evaluation, other tools): post ids are ``text-<n>``."""
    nlp = nlp or default_pipeline()
    for i, doc in enumerate(nlp.pipe(texts, batch_size=BATCH_SIZE)):
        yield doc_annotations(doc, f"text-{i}")
