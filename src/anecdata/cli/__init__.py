"""Command-line interface: thin Typer wrappers that parse options, call library functions, render with Rich."""
