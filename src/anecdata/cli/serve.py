"""``anecdata serve``: the read-only web UI over a store, on this machine by default."""

from __future__ import annotations

import typer

from anecdata.cli.analyze import DEFAULT_REDACTION, Redaction
from anecdata.errors import ConfigError


def serve_command(
    db: str = typer.Option(..., "--db", help="The store: sqlite:///path.db or postgresql://user@host/dbname."),
    host: str = typer.Option("127.0.0.1", "--host", help="The address to listen on (loopback by default)."),
    port: int = typer.Option(8000, "--port", help="The port to listen on."),
    redact: Redaction = typer.Option(
        DEFAULT_REDACTION, "--redact", help="How pages show names, places and contacts: none, mask or pseudonymise."
    ),
) -> None:
    """Browse a store in a web browser: corpus counts, threads with their highlights, the sentences behind a
    count. The pages only read the store."""
    if not 0 < port < 65536:
        raise ConfigError(f"--port must be between 1 and 65535, got {port}")
    from anecdata.web.app import create_app  # after options are checked

    app = create_app(db, redaction=redact.value)  # a bad --db fails here, before listening
    import uvicorn

    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)
