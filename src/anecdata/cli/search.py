"""``anecdata search``: sentences of a store that answer a query, with their thread and post, redacted by default."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.text import Text

from anecdata.cli.analyze import DEFAULT_REDACTION, Redaction
from anecdata.errors import ConfigError
from anecdata.view import label_words, says_nothing
from anecdata.view.terminal import terminal_safe

if TYPE_CHECKING:
    from anecdata.embed.static import StaticEmbedder
    from anecdata.search import SearchFilters
    from anecdata.search.redact import ShownHit
    from anecdata.store import SqlStore

WEB_ADDRESS = "http://127.0.0.1:8000"
"""Where `anecdata serve` listens by default: a sentence's link is an address a terminal can open."""
SPARE = 2
"""Hits asked of the engine per hit shown, at first: some are a forum's furniture (see :func:`says_nothing`)."""


def search_command(
    query: str = typer.Argument("", help="What to look for, in plain words; may be empty when filters are given."),
    db: str = typer.Option(..., "--db", help="The store: sqlite:///path.db or postgresql://user@host/dbname."),
    condition: str | None = typer.Option(None, "--condition", help="Threads about this condition (name or id)."),
    treatment: str | None = typer.Option(None, "--treatment", help="Sentences naming this treatment or drug."),
    label: str | None = typer.Option(None, "--label", help="Statement label: claim, per_exp, claim_per_exp, question."),
    outcome: str | None = typer.Option(None, "--outcome", help="An outcome in the sentence: improved, worse, ..."),
    experiencer: str | None = typer.Option(None, "--experiencer", help="Mentions about: self, client, family, other."),
    limit: int = typer.Option(20, "--limit", "-n", help="Sentences to show (1 to 500)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON lines, one hit per line, for tools."),
    redact: Redaction = typer.Option(
        DEFAULT_REDACTION, "--redact", help="Hide names, places and contacts: none, mask or pseudonymise."
    ),
    dense: bool = typer.Option(True, "--dense/--no-dense", help="Also rank by sentence embeddings."),
    web: str = typer.Option(
        WEB_ADDRESS, "--web", help="Where `anecdata serve` runs, for the links to each sentence's page."
    ),
) -> None:
    """Find sentences in a store: full-text and embedding ranking, narrowed by condition, treatment, label,
    outcome and experiencer."""
    from anecdata.embed.static import StaticEmbedder
    from anecdata.search import SearchFilters
    from anecdata.search.redact import thread_headings
    from anecdata.store import open_store

    if not 1 <= limit <= 500:
        raise ConfigError(f"--limit must be between 1 and 500, got {limit}")
    filters = SearchFilters(condition, treatment, label, outcome, experiencer)
    filters.check()
    if not query.strip() and filters.empty:
        raise ConfigError(
            "give a query, a filter (--condition, --treatment, --label, --outcome, --experiencer), or both"
        )
    with open_store(db, create=False) as store:
        encoder = StaticEmbedder.load() if dense else None
        shown = _said(store, query, filters, limit, encoder, redact.value)
        headings = thread_headings(store, shown, redact.value)
    if as_json:
        for item in shown:
            sys.stdout.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
        return
    _render(shown, headings, web.rstrip("/"), Console(highlight=False))


def _said(
    store: SqlStore, query: str, filters: SearchFilters, limit: int, encoder: StaticEmbedder | None, mode: str
) -> list[ShownHit]:
    """The ``limit`` best hits that say something: a signature ("-- [PERSON]"), a bare address ("[URL]") or a
    quote header ("[PERSON] wrote:") matches a name or passes a filter but is no answer, so it is dropped and the
    engine asked for more (up to its own limit) until ``limit`` remain or it has no more."""
    from anecdata.search import search_sentences
    from anecdata.search.engine import MAX_LIMIT
    from anecdata.search.redact import redact_hits

    asked = min(limit * SPARE, MAX_LIMIT)
    while True:
        hits = search_sentences(store, query, filters, limit=asked, encoder=encoder, redaction=mode)
        shown = [item for item in redact_hits(store, hits, mode) if not says_nothing(item.text)]
        if len(shown) >= limit or len(hits) < asked or asked >= MAX_LIMIT:
            return shown[:limit]
        asked = min(asked * 2, MAX_LIMIT)


def _render(shown: list[ShownHit], headings: dict[str, str], web: str, console: Console) -> None:
    """Each hit as plain Text (forum text is never read as markup), matched words in bold, its label in words,
    and the address of its highlighted sentence on the web UI at ``web``."""
    if not shown:
        console.print(Text("no sentences found", style="dim"))
        return
    for number, item in enumerate(shown, 1):
        hit = item.hit
        head = Text(f"{number}. " + ("answer to the question above: " if hit.answer_to else ""), style="bold")
        head.append(terminal_safe(headings.get(hit.thread_id) or hit.thread_id), style="cyan")
        head.append(f"  post {hit.post_position + 1}", style="dim")
        head.append(f"  {terminal_safe(item.author or 'unknown author')}", style="green")
        if hit.label:
            head.append(f"  {label_words(hit.label, 'statement')}", style="magenta")
        console.print(head)
        body = Text("   " + terminal_safe(item.text))  # one character for one: the match offsets still hold
        for start, end in item.matches:
            body.stylize("bold yellow", start + 3, end + 3)
        console.print(body)
        where = f"   {hit.thread_id} {hit.post_id} {hit.start}-{hit.end}"
        if hit.annotation_id:
            where += f"  {web}/threads/{hit.thread_id}?highlight={hit.annotation_id}#a-{hit.annotation_id}"
        console.print(Text(where, style="dim"))
