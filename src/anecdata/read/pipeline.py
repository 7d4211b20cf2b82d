"""Build the reading pipeline from configuration and run it over posts, threads and plain texts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from anecdata.errors import ConfigError, ReaderError
from anecdata.model import Annotation, Post, PostContext, TextExtent, Thread, short_hash

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

PIPELINE_VERSION = "3"
"""Count up when what the default reading finds changes: `read` reads every post of an older version again (2: the
vocabulary, context, outcome and PII changes of issues 14 and 16; 3: drugs kept as written, common condition words,
claim types by model, outcome and PII rules of the same issues)."""
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
WINDOW_CHARS = 20_000
"""A post longer than this is read in windows of at most this many characters, cut at a paragraph, line or
sentence end, and the annotations are shifted back to post offsets. spaCy refuses a text over ``nlp.max_length``
(1,000,000 characters), and some components take time that grows faster than the length (a 50,000-character
post reads in about 3 s, a 200,000-character one in 50 s): windows keep the time linear."""
MAX_POST_CHARS = 2_000_000
"""The longest post the pipeline reads; a longer one (a pasted dump, a spam wall) raises :class:`PostTooLong`,
which ``anecdata read`` stores as the reason the post was skipped."""
_CUTS = ("\n\n", "\n", ". ", "? ", "! ", " ")
"""Where a window may end, best first: a paragraph, a line, a sentence, a word."""


class PostTooLong(ReaderError):
    """A post longer than :data:`MAX_POST_CHARS`: it is not read."""


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


def doc_annotations(doc: Doc, post_id: str, offset: int = 0, text: str | None = None) -> list[Annotation]:
    """The annotations a processed ``Doc`` carries, in text order.

    A component cannot know the post id, so a record links to other annotations by ``(layer, start, end,
    label)``; here each becomes the id the linked annotation gets (``Annotation`` derives ids the same way). A link
    to a span a later component took over (a drug kept as written that PII found to be a name) is dropped, and an
    annotation left linking to nothing (an outcome of that "drug") with it.

    Args:
        doc: the processed text: the whole post, or one window of it.
        post_id: the post's id.
        offset: where the doc's text starts in the post's text (a window's start); every offset the
            annotations carry (extents, links, explanation cues) is shifted by it.
        text: the post's whole text when the doc is a window of it.
    """
    found = []
    if text is None:
        text = doc.text  # spaCy rebuilds it from the tokens on every access: once per doc, not once per span
    for key, layer in LAYER_OF_SPANS_KEY.items():
        for span in doc.spans.get(key, ()):
            record = dict(span._.get(EXTENSION) or {})
            if "links" in record:
                record["links"] = tuple(
                    short_hash(post_id, t_layer, t_start + offset, t_end + offset, t_label)
                    for t_layer, t_start, t_end, t_label in record["links"]
                )
            if offset and (explanation := record.get("explanation")) is not None and explanation.cues:
                moved = tuple(replace(c, start=c.start + offset, end=c.end + offset) for c in explanation.cues)
                record["explanation"] = replace(explanation, cues=moved)
            found.append(
                Annotation.over(
                    post_id,
                    text,
                    span.start_char + offset,
                    span.end_char + offset,
                    layer=layer,
                    label=span.label_,
                    **record,
                )
            )
    ids = {a.id for a in found}
    found = [
        a if set(a.links) <= ids else replace(a, links=tuple(i for i in a.links if i in ids))
        for a in found
        if not a.links or set(a.links) & ids
    ]
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

    A post longer than :data:`WINDOW_CHARS` is read in windows (:func:`text_windows`).

    Raises:
        PostTooLong: a post is longer than :data:`MAX_POST_CHARS` (checked before any post is read).
    """
    nlp = nlp or default_pipeline()
    posts = list(posts)
    for post in posts:
        check_length(post)
    pieces: list[tuple[int, int]] = []  # (post index, window start) of each doc
    docs = []
    for i, post in enumerate(posts):
        windows = [(0, len(post.text))] if len(post.text) <= WINDOW_CHARS else text_windows(post.text)
        for start, end in windows:
            piece = post if (start, end) == (0, len(post.text)) else window_post(post, start, end)
            doc = nlp.make_doc(piece.text)
            doc.user_data[CONTEXT_KEY] = post_user_data(piece, names)
            docs.append(doc)
            pieces.append((i, start))
    found: list[list[Annotation]] = [[] for _ in posts]
    for (i, start), doc in zip(pieces, nlp.pipe(docs, batch_size=BATCH_SIZE), strict=True):
        found[i].extend(doc_annotations(doc, posts[i].id, start, posts[i].text))
    for post, own in zip(posts, found, strict=True):
        marked = mark_context(sorted(own, key=lambda a: (a.start, -a.end, a.layer)), post.context)
        yield replace(post, annotations=(*post.annotations, *marked))


def check_length(post: Post) -> None:
    """Raise :class:`PostTooLong` for a post the pipeline does not read.

    Raises:
        PostTooLong: the post is longer than :data:`MAX_POST_CHARS`.
    """
    if len(post.text) > MAX_POST_CHARS:
        raise PostTooLong(
            f"post {post.id} has {len(post.text):,} characters, more than the {MAX_POST_CHARS:,} the reading "
            "pipeline reads; it is not read"
        )


def text_windows(text: str, size: int | None = None) -> list[tuple[int, int]]:
    """Half-open extents that cover ``text`` in order, each at most ``size`` characters (default
    :data:`WINDOW_CHARS`), cut after a paragraph break where the second half of a window has one, else after a
    line break, a sentence end or a space, else at ``size`` (a text with no space at all)."""
    size = size or WINDOW_CHARS
    windows = []
    start = 0
    while len(text) - start > size:
        end = start + size
        cut = -1
        for mark in _CUTS:
            cut = text.rfind(mark, start + size // 2, end - len(mark) + 1)
            if cut >= 0:
                cut += len(mark)
                break
        end = cut if cut > start else end
        windows.append((start, end))
        start = end
    windows.append((start, len(text)))
    return windows


def window_post(post: Post, start: int, end: int) -> Post:
    """The part ``[start, end)`` of a post as a post of its own, its context cut to the window and shifted."""

    def cut(extent: TextExtent | None) -> TextExtent | None:
        if extent is None or extent.end <= start or extent.start >= end:
            return None
        return replace(extent, start=max(extent.start, start) - start, end=min(extent.end, end) - start)

    context = post.context
    window_context = PostContext(
        title=cut(context.title),
        quotes=tuple(q for q in (cut(q) for q in context.quotes) if q is not None),  # type: ignore[misc]
        closing=cut(context.closing),
        status=context.status,
    )
    return replace(post, text=post.text[start:end], context=window_context, annotations=())


def thread_names(posts: Iterable[Post]) -> list[str]:
    """The names a thread's posts are signed with or addressed to, sorted: what reading counts as PII in each post.
    The store gives pending posts the same names in SQL (``SqlStore.pending``; a test feeds both the same posts)."""
    return sorted({n for p in posts for n in (p.author, p.addressee) if n})


def annotate_thread(thread: Thread, nlp: Language | None = None) -> Thread:
    """The thread with every post read; the names its posts are signed with or addressed to count as PII."""
    return replace(thread, posts=tuple(annotate_posts(thread.posts, nlp, thread_names(thread.posts))))


def annotate_texts(texts: Iterable[str], nlp: Language | None = None) -> Iterator[list[Annotation]]:
    """Annotations for plain texts (evaluation, other tools): post ids are ``text-<n>``."""
    nlp = nlp or default_pipeline()
    for i, doc in enumerate(nlp.pipe(texts, batch_size=BATCH_SIZE)):
        yield doc_annotations(doc, f"text-{i}")
