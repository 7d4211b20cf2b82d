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
from anecdata.view.terminal import terminal_safe

if TYPE_CHECKING:
    from anecdata.search.redact import ShownHit


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
) -> None:
    """Find sentences in a store: full-text and embedding ranking, narrowed by condition, treatment, label,
    outcome and experiencer."""
    from anecdata.embed.static import StaticEmbedder
    from anecdata.search import SearchFilters, search_sentences
    from anecdata.search.redact import redact_hits
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
        hits = search_sentences(store, query, filters, limit=limit, encoder=encoder, redaction=redact.value)
        shown = redact_hits(store, hits, redact.value)
    if as_json:
        for item in shown:
            sys.stdout.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
        return
    _render(shown, Console(highlight=False))


def _render(shown: list[ShownHit], console: Console) -> None:
    """Each hit as plain Text (forum text is never read as markup), matched words in bold."""
    if not shown:
        console.print(Text("no sentences found", style="dim"))
        return
    for number, item in enumerate(shown, 1):
        hit = item.hit
        head = Text(f"{number}. " + ("answer to the question above: " if hit.answer_to else ""), style="bold")
        head.append(terminal_safe(item.thread_title or hit.thread_id), style="cyan")
        head.append(f"  post {hit.post_position + 1}", style="dim")
        head.append(f"  {terminal_safe(item.author or 'unknown author')}", style="green")
        if hit.label:
            head.append(f"  [{hit.label}]", style="magenta")
        console.print(head)
        body = Text("   " + terminal_safe(item.text))  # one character for one: the match offsets still hold
        for start, end in item.matches:
            body.stylize("bold yellow", start + 3, end + 3)
        console.print(body)
        where = f"   {hit.thread_id} {hit.post_id} {hit.start}-{hit.end}"
        if hit.annotation_id:
            where += f"  /threads/{hit.thread_id}?highlight={hit.annotation_id}#a-{hit.annotation_id}"
        console.print(Text(where, style="dim"))
