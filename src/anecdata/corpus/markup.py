"""The corpus authoring format: one thread per Markdown-like file with inline markup, parsed to gold ``Thread``s.

The format is documented for annotators in ``data/corpus/GUIDE.md``. In short::

    source: refluxboard.example
    area: gut
    title: {q} Do [PPIs]{drug=proton pump inhibitor} stop working?

    ## p1 author=mossy_fern
    {pe} I have been on [omeprazole]{drug} for [two years]{duration}.
    {pe} [It did nothing]{no_change -> omeprazole} for the [burning]{symptom=heartburn}.

    ## p2 author=kelp reply=p1
    > {@mossy_fern} I have been on omeprazole for two years.
    {cpe, efficacy} [Famotidine]{drug} at night [worked for me]{improved -> famotidine}.
    {sig}-- [Kelp]{person}

Everything a parse can get wrong is a :class:`~anecdata.errors.DataError` whose message is one line starting
``file:line:``. :func:`render_thread` writes a thread back in this format, and parsing that gives the same thread.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from anecdata.errors import DataError, GroundingError
from anecdata.model import (
    EMPTY_CONTEXT,
    LAYERS,
    Annotation,
    Concept,
    Origin,
    Post,
    PostContext,
    Quote,
    TextExtent,
    Thread,
    short_hash,
)

CONCEPT_SYSTEM = "anecdata-corpus"
"""The system of gold concepts: the annotator's preferred name, lower case (a code may be given as well)."""
ORIGIN = Origin(component="gold", part="data/corpus", version="1")
STATEMENT_ALIASES: Mapping[str, str] = {
    "c": "claim",
    "pe": "per_exp",
    "cpe": "claim_per_exp",
    "q": "question",
    **{label: label for label in LAYERS["statement"]},
}
SHORT_STATEMENT: Mapping[str, str] = {"claim": "c", "per_exp": "pe", "claim_per_exp": "cpe", "question": "q"}
CLAIM_TYPES = ("causal", "prevalence", "efficacy", "diagnostic", "other")
CLAIM_LABELS = ("claim", "claim_per_exp")
MENTION_FLAGS: Mapping[str, str] = {"neg": "negated", "unc": "uncertain", "hyp": "hypothetical", "hist": "historical"}
EXPERIENCERS = ("self", "family", "client", "other")
TREATMENT_LABELS = ("treatment", "drug")
HEADER_KEYS = ("id", "source", "area", "title", "title_in_text", "url")
POST_KEYS = ("author", "reply", "to", "created", "status")
CLOSING_MARKER = "sig"
END_MARKER = "/"
QUOTE_AUTHOR = "@"
_LABEL_OF: dict[str, str] = {label: layer for layer, labels in LAYERS.items() for label in labels}
_POST_HEADER = re.compile(r"^## (\S+)(.*)$")
_SPACE = re.compile(r"\s+")


def concept_code(name: str) -> str:
    """The code of a gold concept named ``name``: its words joined by underscores ("proton_pump_inhibitor")."""
    return "_".join(re.findall(r"\w+", name.lower()))


def split_of(thread_id: str) -> str:
    """The split a thread belongs to, fixed by a hash of its id: about 80% train, 10% dev, 10% test."""
    bucket = int(short_hash("anecdata-corpus-split", thread_id, length=8), 16) % 10
    return "test" if bucket == 0 else "dev" if bucket == 1 else "train"


@dataclass
class _Pending:
    """An annotation before its post id and links are known: an outcome's targets are resolved per thread."""

    start: int
    end: int
    layer: str
    label: str
    attrs: dict[str, Any] = field(default_factory=dict)
    concept: Concept | None = None
    targets: tuple[str, ...] = ()
    line: int = 0


@dataclass
class _PostDraft:
    local_id: str
    header: dict[str, str]
    line: int
    text: str = ""
    pending: list[_Pending] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    closing: int | None = None
    title_end: int | None = None


class _Writer:
    """Inline markup of one post body, line by line: plain text out, annotations by offsets into it."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.out: list[str] = []
        self.pos = 0
        self.pending: list[_Pending] = []
        self.quotes: list[Quote] = []
        self.closing: int | None = None
        self.statement: _Pending | None = None
        self.quote_start: int | None = None
        self.quote_end = 0
        self.quote_author: str | None = None
        self.quote_post: str | None = None

    def fail(self, line: int, message: str) -> DataError:
        return DataError(f"{self.where}:{line}: {message}")

    def emit(self, text: str) -> None:
        self.out.append(text)
        self.pos += len(text)

    @property
    def text(self) -> str:
        return "".join(self.out)

    def feed_line(self, raw: str, line: int, first: bool) -> None:
        if not first:
            self.end_statement(line)
            self.emit("\n")
        quoted = raw.startswith(">")
        if quoted and self.quote_start is None:
            self.quote_start = self.pos
        elif not quoted:
            self.end_quote()
        if raw.startswith("\\>"):
            self.emit(">")
            raw = raw[2:]
        self.inline(raw, line, quoted)
        if quoted:
            self.quote_end = self.pos

    def end_quote(self) -> None:
        if self.quote_start is not None:
            self.quotes.append(Quote(self.quote_start, self.quote_end, self.quote_author, self.quote_post))
        self.quote_start, self.quote_author, self.quote_post = None, None, None

    def finish(self, line: int) -> None:
        self.end_statement(line)
        self.end_quote()

    def end_statement(self, line: int) -> None:
        s = self.statement
        if s is None:
            return
        self.statement = None
        text = self.text
        end = self.pos
        while end > s.start and text[end - 1].isspace():
            end -= 1
        start = s.start
        while start < end and text[start].isspace():
            start += 1
        if start == end:
            raise self.fail(s.line, f"statement {{{s.label}}} covers no text")
        s.start, s.end = start, end
        self.pending.append(s)

    def inline(self, raw: str, line: int, quoted: bool) -> None:
        opened: list[tuple[int, int]] = []
        i = 0
        while i < len(raw):
            ch = raw[i]
            col = i + 1
            if ch == "\\":
                if i + 1 >= len(raw):
                    raise self.fail(line, "a backslash ends the line; write \\\\ for a literal backslash")
                self.emit(raw[i + 1])
                i += 2
            elif ch == "[":
                opened.append((self.pos, col))
                i += 1
            elif ch == "]":
                if not raw.startswith("]{", i):
                    raise self.fail(
                        line, f"column {col}: ']' not followed by '{{labels}}'; write \\] for a literal ']'"
                    )
                close = raw.find("}", i + 2)
                if close < 0:
                    raise self.fail(line, f"column {col}: ']{{' is not closed by '}}' on its line")
                if not opened:
                    raise self.fail(line, f"column {col}: ']{{...}}' without an opening '['")
                start, _ = opened.pop()
                if start == self.pos:
                    raise self.fail(line, f"column {col}: '[]' marks no text")
                for item in raw[i + 2 : close].split(";"):
                    self.bracket(item.strip(), start, self.pos, line, quoted)
                i = close + 1
            elif ch == "{":
                close = raw.find("}", i + 1)
                if close < 0:
                    raise self.fail(line, f"column {col}: '{{' is not closed by '}}' on its line; write \\{{ for '{{'")
                if opened:
                    raise self.fail(line, f"column {col}: a marker {raw[i : close + 1]!r} inside an open '['")
                self.marker(raw[i + 1 : close].strip(), line, quoted)
                # A marker takes the one space after it, so "fine. {pe} Then" reads "fine. Then".
                i = close + 2 if raw.startswith(" ", close + 1) else close + 1
            elif ch == "}":
                raise self.fail(line, f"column {col}: '}}' without '{{'; write \\}} for a literal '}}'")
            else:
                self.emit(ch)
                i += 1
        if opened:
            raise self.fail(line, f"column {opened[-1][1]}: '[' is not closed by ']{{labels}}' on its line")

    def marker(self, body: str, line: int, quoted: bool) -> None:
        if body.startswith(QUOTE_AUTHOR):
            if not quoted:
                raise self.fail(line, f"quote author {{{body}}} outside a quoted ('>') line")
            parts = body[1:].split()
            if not parts or len(parts) > 2 or (len(parts) == 2 and not parts[1].startswith("post=")):
                raise self.fail(line, f"quote author {{{body}}} is not {{@name}} or {{@name post=ID}}")
            self.quote_author = parts[0]
            self.quote_post = parts[1][5:] if len(parts) == 2 else None
            return
        if quoted:
            raise self.fail(line, f"marker {{{body}}} in a quoted line: quoted text is not the quoter's statement")
        self.end_statement(line)
        if body == END_MARKER:
            return
        if body == CLOSING_MARKER:
            if self.closing is not None:
                raise self.fail(line, "a second {sig} in one post")
            self.closing = self.pos
            return
        label, attrs = self.statement_spec(body, line)
        self.statement = _Pending(self.pos, self.pos, "statement", label, attrs, line=line)

    def statement_spec(self, body: str, line: int) -> tuple[str, dict[str, Any]]:
        parts = [p.strip() for p in body.split(",")]
        label = STATEMENT_ALIASES.get(parts[0])
        if label is None:
            raise self.fail(
                line,
                f"unknown marker {{{body}}}; statement markers are {', '.join(STATEMENT_ALIASES)}, "
                f"or {{{CLOSING_MARKER}}}, {{{END_MARKER}}}, {{@author}}",
            )
        return label, self.statement_attrs(label, parts[1:], body, line)

    def statement_attrs(self, label: str, flags: list[str], body: str, line: int) -> dict[str, Any]:
        attrs: dict[str, Any] = {}
        for flag in flags:
            if flag in CLAIM_TYPES and label in CLAIM_LABELS and "claim_type" not in attrs:
                attrs["claim_type"] = flag
            elif flag == "hedged" and label in CLAIM_LABELS:
                attrs["hedged"] = True
            else:
                raise self.fail(
                    line,
                    f"{{{body}}}: flag {flag!r} is not allowed here; claims take one of {', '.join(CLAIM_TYPES)} "
                    "and optionally 'hedged'",
                )
        if label in CLAIM_LABELS:
            if "claim_type" not in attrs:
                raise self.fail(line, f"{{{body}}}: a {label} needs a claim type ({', '.join(CLAIM_TYPES)})")
            attrs.setdefault("hedged", False)
        return attrs

    def bracket(self, item: str, start: int, end: int, line: int, quoted: bool) -> None:
        parts = [p.strip() for p in item.split(",")]
        head, flags = parts[0], parts[1:]
        targets: tuple[str, ...] = ()
        value: str | None = None
        if "->" in head:
            head, _, target = (x.strip() for x in head.partition("->"))
            targets = tuple(t.strip() for t in target.split("+") if t.strip())
        elif "=" in head:
            head, _, value = (x.strip() for x in head.partition("="))
        label = STATEMENT_ALIASES.get(head, head)
        layer = _LABEL_OF.get(label)
        if layer is None:
            raise self.fail(
                line, f"unknown label {head!r}; labels are {', '.join(sorted(_LABEL_OF))} (or c, pe, cpe, q)"
            )
        if quoted and layer != "pii":
            raise self.fail(line, f"{label!r} in a quoted line: quoted text carries only pii annotations")
        if layer == "outcome" and not targets:
            raise self.fail(line, f"outcome {label!r} needs '-> treatment' naming the mention it judges")
        if layer != "outcome" and targets:
            raise self.fail(line, f"{label!r} is not an outcome, so it takes no '->' link")
        if value is not None and layer != "mention":
            raise self.fail(line, f"{label!r} takes no '=' value; only mentions name a concept")
        pending = _Pending(start, end, layer, label, targets=targets, line=line)
        if layer == "statement":
            pending.attrs = self.statement_attrs(label, flags, item, line)
        else:
            self.flags(pending, flags, value, item, line)
        self.pending.append(pending)

    def flags(self, p: _Pending, flags: list[str], value: str | None, item: str, line: int) -> None:
        code = None
        for flag in flags:
            key, eq, val = (x.strip() for x in flag.partition("="))
            if p.layer == "mention" and key in MENTION_FLAGS and not eq:
                p.attrs[MENTION_FLAGS[key]] = True
            elif p.layer in ("mention", "outcome") and key == "exp" and val in EXPERIENCERS:
                p.attrs["experiencer"] = val
            elif p.layer == "outcome" and key == "ongoing" and not eq:
                p.attrs["ongoing"] = True
            elif p.layer == "mention" and key == "code" and ":" in val:
                code = val
            else:
                raise self.fail(
                    line,
                    f"{{{item}}}: flag {flag!r} is not allowed on {p.label!r}; mentions take "
                    f"{', '.join(MENTION_FLAGS)}, exp=({'|'.join(EXPERIENCERS)}), code=SYSTEM:CODE; "
                    "outcomes take ongoing, exp=...",
                )
        if p.layer == "mention" and p.label != "duration":
            name = _SPACE.sub(" ", value if value is not None else self.text[p.start : p.end]).strip().lower()
            if not name:
                raise self.fail(line, f"{{{item}}}: the mention names no concept")
            system, _, c = code.partition(":") if code else (CONCEPT_SYSTEM, "", concept_code(name))
            p.concept = Concept(system, c, name)
        elif value is not None and p.label == "duration":
            raise self.fail(line, f"{{{item}}}: a duration names no concept")


def _header(lines: list[str], where: str) -> tuple[dict[str, str], int]:
    header: dict[str, str] = {}
    index = 0
    for index, raw in enumerate(lines):
        if raw.startswith("## "):
            return header, index
        if not raw.strip() or raw.startswith("# "):
            continue
        key, sep, value = raw.partition(":")
        key = key.strip()
        if not sep or key not in HEADER_KEYS:
            raise DataError(f"{where}:{index + 1}: expected 'key: value' with key in {', '.join(HEADER_KEYS)}")
        if key in header:
            raise DataError(f"{where}:{index + 1}: header {key!r} given twice")
        header[key] = value.strip()
    return header, len(lines)


def _post_header(raw: str, where: str, line: int) -> tuple[str, dict[str, str]]:
    match = _POST_HEADER.match(raw)
    assert match is not None
    try:
        words = shlex.split(match[2])
    except ValueError as e:
        raise DataError(f"{where}:{line}: post header: {e}") from e
    fields: dict[str, str] = {}
    for word in words:
        key, sep, value = word.partition("=")
        if not sep or key not in POST_KEYS:
            raise DataError(f"{where}:{line}: post header field {word!r} is not key=value with key in {POST_KEYS}")
        fields[key] = value
    return match[1], fields


@dataclass(frozen=True, slots=True)
class Authored:
    """A thread parsed from markup, with what the header says beside it (the subject area, for statistics)."""

    thread: Thread
    area: str


def parse_thread(source: str, where: str = "<thread>", thread_id: str | None = None) -> Authored:
    """One thread from authoring markup; ``where`` names the file in errors, ``thread_id`` overrides ``id:``.

    Raises:
        DataError: one line, ``where:line: what is wrong``, for anything the guide does not allow.
    """
    lines = source.splitlines()
    header, index = _header(lines, where)
    tid = thread_id or header.get("id")
    if not tid:
        raise DataError(f"{where}:1: the thread has no id (give 'id:' or name the file)")
    if header.get("id", tid) != tid:
        raise DataError(f"{where}:1: header id {header['id']!r} differs from the file name {tid!r}")
    for key in ("source", "area", "title"):
        if not header.get(key):
            raise DataError(f"{where}:1: the header needs '{key}:'")
    title_in_text = header.get("title_in_text", "yes")
    if title_in_text not in ("yes", "no"):
        raise DataError(f"{where}:1: title_in_text is yes or no, not {title_in_text!r}")
    drafts = _drafts(lines, index, where)
    if not drafts:
        raise DataError(f"{where}:{len(lines)}: the thread has no posts ('## p1 author=...')")
    title_writer = _Writer(where)
    title_writer.feed_line(header["title"], 1, first=True)
    title_writer.finish(1)
    title = title_writer.text
    if title_in_text == "no" and title_writer.pending:
        raise DataError(f"{where}:1: a title outside the text (title_in_text: no) carries no annotations")
    posts = _posts(tid, drafts, header["title"] if title_in_text == "yes" else None, lines, where)
    thread = Thread(id=tid, source=header["source"], title=title, url=header.get("url") or None, posts=posts)
    return Authored(thread, header["area"])


def _drafts(lines: list[str], index: int, where: str) -> list[tuple[_PostDraft, list[tuple[int, str]]]]:
    drafts: list[tuple[_PostDraft, list[tuple[int, str]]]] = []
    for number in range(index, len(lines)):
        raw = lines[number]
        if raw.startswith("## "):
            local, fields = _post_header(raw, where, number + 1)
            if any(d.local_id == local for d, _ in drafts):
                raise DataError(f"{where}:{number + 1}: post id {local!r} is used twice")
            drafts.append((_PostDraft(local, fields, number + 1), []))
        else:
            drafts[-1][1].append((number + 1, raw))
    return drafts


def _posts(
    tid: str, drafts: list[tuple[_PostDraft, list[tuple[int, str]]]], title: str | None, lines: list[str], where: str
) -> tuple[Post, ...]:
    built: list[tuple[_PostDraft, Post]] = []
    ids = {d.local_id: f"{tid}-{d.local_id}" for d, _ in drafts}
    for position, (draft, body) in enumerate(drafts):
        while body and not body[0][1].strip():
            body.pop(0)
        while body and not body[-1][1].strip():
            body.pop()
        if not body:
            raise DataError(f"{where}:{draft.line}: post {draft.local_id!r} has no text")
        writer = _Writer(where)
        first = True
        if title is not None and position == 0:
            writer.feed_line(title, 1, first=True)
            writer.end_statement(1)
            draft.title_end = writer.pos
            first = False
        for number, raw in body:
            writer.feed_line(raw, number, first)
            first = False
        writer.finish(body[-1][0])
        draft.text, draft.pending, draft.quotes, draft.closing = (
            writer.text,
            writer.pending,
            writer.quotes,
            writer.closing,
        )
        reply = draft.header.get("reply")
        if reply is not None and all(d.local_id != reply for d, _ in built):
            raise DataError(f"{where}:{draft.line}: reply={reply!r} names no earlier post of this thread")
        built.append((draft, _post(tid, draft, position, ids, where)))
    return tuple(_link_outcomes(built, where))


def _post(tid: str, d: _PostDraft, position: int, ids: Mapping[str, str], where: str) -> Post:
    status = d.header.get("status", "present")
    try:
        context = PostContext(
            title=TextExtent(0, d.title_end) if d.title_end is not None else None,
            quotes=tuple(d.quotes),
            closing=TextExtent(d.closing, len(d.text)) if d.closing is not None else None,
            status=status,
        )
    except (DataError, GroundingError) as e:
        raise DataError(f"{where}:{d.line}: {e}") from e
    return Post(
        id=ids[d.local_id],
        thread_id=tid,
        position=position,
        text=d.text,
        author=d.header.get("author"),
        addressee=d.header.get("to"),
        parent_id=ids[d.header["reply"]] if "reply" in d.header else None,
        created=d.header.get("created"),
        context=EMPTY_CONTEXT if context.empty else context,
    )


def _link_outcomes(built: list[tuple[_PostDraft, Post]], where: str) -> list[Post]:
    """Annotations for every post, outcomes linked to the treatment mentions they judge."""
    posts: list[Post] = []
    treatments: list[tuple[int, Annotation]] = []  # (post index, mention), all posts so far
    for index, (draft, post) in enumerate(built):
        made: list[Annotation] = []
        seen: set[str] = set()
        for p in sorted(draft.pending, key=lambda p: (p.layer != "mention", p.start, p.end, p.layer, p.label)):
            links = tuple(_resolve(p, t, index, treatments, post, where) for t in p.targets)
            a = Annotation.over(post.id, post.text, p.start, p.end, p.layer, p.label, attrs=dict(p.attrs),
                                concept=p.concept, origin=ORIGIN, links=links)  # fmt: skip
            if a.id in seen:
                raise DataError(f"{where}:{p.line}: {p.label!r} is marked twice on {a.text!r}")
            seen.add(a.id)
            made.append(a)
            if a.layer == "mention" and a.label in TREATMENT_LABELS:
                treatments.append((index, a))
        made.sort(key=lambda a: (a.start, a.end, a.layer, a.label))
        try:
            posts.append(replace(post, annotations=tuple(made)))
        except GroundingError as e:
            raise DataError(f"{where}:{draft.line}: {e}") from e
    return posts


def _resolve(p: _Pending, target: str, index: int, treatments: list[tuple[int, Annotation]], post: Post,
             where: str) -> str:  # fmt: skip
    """The id of the treatment mention an outcome's ``-> target`` names: same post, nearest first, then earlier."""
    key = _SPACE.sub(" ", target.strip().lower())

    def named(a: Annotation) -> bool:
        return (a.concept is not None and a.concept.name == key) or _SPACE.sub(" ", a.text.lower()) == key

    here = [a for i, a in treatments if i == index and named(a)]
    if here:
        return min(here, key=lambda a: (a.start > p.start, abs(a.start - p.start))).id
    earlier = [a for i, a in treatments if i < index and named(a)]
    if earlier:
        return earlier[-1].id
    raise DataError(
        f"{where}:{p.line}: outcome {p.label!r} links to {target!r}, but no treatment or drug mention of that "
        f"concept or text is in post {post.id!r} or an earlier post"
    )


def read_thread(path: Path) -> Authored:
    """The thread in one authoring file; its id is the file name without ``.md``."""
    return parse_thread(path.read_text(encoding="utf-8"), where=str(path), thread_id=path.stem)


# --- writing a thread back as markup -------------------------------------------------------------------------

_ESCAPE = re.compile(r"([\\\[\]{}])")


def _escape(text: str) -> str:
    return _ESCAPE.sub(r"\\\1", text)


def _spec(a: Annotation, ids: Mapping[str, Annotation]) -> str:
    if a.layer == "statement":
        flags = [a.attrs["claim_type"]] if "claim_type" in a.attrs else []
        flags += ["hedged"] if a.attrs.get("hedged") else []
        return ", ".join([SHORT_STATEMENT[a.label], *flags])
    head = a.label
    flags: list[str] = []
    if a.layer == "mention":
        if a.concept is not None and a.concept.name != _SPACE.sub(" ", a.text).strip().lower():
            head += f"={a.concept.name}"
            if a.concept.system != CONCEPT_SYSTEM:
                flags.append(f"code={a.concept.id}")
        flags += [short for short, long in MENTION_FLAGS.items() if a.attrs.get(long)]
    if a.layer == "outcome":
        names = [ids[link].concept.name if ids[link].concept else ids[link].text for link in a.links]  # type: ignore[union-attr]
        head += " -> " + " + ".join(names)
        flags += ["ongoing"] if a.attrs.get("ongoing") else []
    if "experiencer" in a.attrs:
        flags.append(f"exp={a.attrs['experiencer']}")
    return ", ".join([head, *flags])


def render_post_body(post: Post, ids: Mapping[str, Annotation]) -> str:
    """A post's text with its annotations written back as markup (statements as line markers where they can be)."""
    text = post.text
    opens: dict[int, list[str]] = {}
    closes: dict[int, list[str]] = {}
    markers: dict[int, list[str]] = {}
    brackets = sorted(
        (a for a in post.annotations if a.layer != "statement" or not _line_statement(a, post)),
        key=lambda a: (a.start, -a.end),
    )
    # A span shared by several annotations is one bracket with items joined by ';'.
    grouped: dict[tuple[int, int], list[Annotation]] = {}
    for a in brackets:
        grouped.setdefault((a.start, a.end), []).append(a)
    for (start, end), items in sorted(grouped.items(), key=lambda kv: (kv[0][0], -kv[0][1])):
        opens.setdefault(start, []).append("[")
        closes.setdefault(end, []).insert(0, "]{" + "; ".join(_spec(a, ids) for a in items) + "}")
    line_starts = {a.start for a in post.annotations if a.layer == "statement" and _line_statement(a, post)}
    for a in post.annotations:
        if a.layer == "statement" and _line_statement(a, post):
            markers.setdefault(a.start, []).append("{" + _spec(a, ids) + "}")
            if not _ends_line(text, a.end, line_starts):
                markers.setdefault(a.end, []).insert(0, "{/}")
    if post.context.closing is not None:
        markers.setdefault(post.context.closing.start, []).insert(0, "{sig}")
    for q in post.context.quotes:
        if q.author:
            markers.setdefault(q.start + 1, []).append(
                "{@" + q.author + (f" post={q.post_id}" if q.post_id else "") + "}"
            )
    out: list[str] = []
    quoted = [(q.start, q.end) for q in post.context.quotes]
    for i in range(len(text) + 1):
        out += closes.get(i, [])
        out += [m + " " for m in markers.get(i, []) if m == "{/}"]
        out += [m + " " for m in markers.get(i, []) if m != "{/}"]
        out += opens.get(i, [])
        if i < len(text):
            ch = text[i]
            at_line_start = i == 0 or text[i - 1] == "\n"
            if ch == ">" and at_line_start and not any(s <= i < e for s, e in quoted):
                out.append("\\>")
            else:
                out.append(_escape(ch))
    return "".join(out)


def _line_statement(a: Annotation, post: Post) -> bool:
    """Whether a statement can be written as a ``{label}`` marker: it lies on one line, outside any bracket."""
    if "\n" in a.text:
        return False
    return not any(
        b.start < a.start < b.end or b.start < a.end < b.end
        for b in post.annotations
        if b is not a and (b.start, b.end) != (a.start, a.end)
    )


def _ends_line(text: str, end: int, starts: set[int]) -> bool:
    """Whether a statement ending at ``end`` needs no ``{/}``: only spaces follow it before a line end or a marker."""
    i = end
    while i < len(text) and text[i] in " \t":
        i += 1
    return i == len(text) or text[i] == "\n" or i in starts


def render_thread(thread: Thread, area: str) -> str:
    """A thread in the authoring format; ``parse_thread`` of the result equals ``thread``."""
    ids = {a.id: a for p in thread.posts for a in p.annotations}
    first = thread.posts[0]
    lines = [f"source: {thread.source}", f"area: {area}"]
    if thread.url:
        lines.append(f"url: {thread.url}")
    bodies = [render_post_body(p, ids) for p in thread.posts]
    if first.context.title is not None:
        title_markup, _, rest = bodies[0].partition("\n")
        lines.append(f"title: {title_markup}")
        bodies[0] = rest
    else:
        lines += [f"title: {_escape(thread.title or '')}", "title_in_text: no"]
    local = {p.id: p.id.removeprefix(thread.id + "-") for p in thread.posts}
    for post, body in zip(thread.posts, bodies, strict=True):
        fields = [f"author={shlex.quote(post.author)}"] if post.author else []
        if post.parent_id:
            fields.append(f"reply={local[post.parent_id]}")
        if post.addressee:
            fields.append(f"to={shlex.quote(post.addressee)}")
        if post.created:
            fields.append(f"created={post.created}")
        if post.context.status != "present":
            fields.append(f"status={post.context.status}")
        lines += ["", " ".join([f"## {local[post.id]}", *fields]), body]
    return "\n".join(lines) + "\n"
