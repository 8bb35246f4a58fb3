"""The baseline for startup figures: the smallest two-command typer app, with typer's defaults.

``python benchmarks/minimal_app.py --help`` is what "as fast as a bare typer app" means in
benchmarks/README.md. It deliberately keeps typer's default help formatting (Rich, when Rich is
installed), so the baseline pays what any typer app pays.
"""

from __future__ import annotations

import typer

app = typer.Typer(help="A minimal two-command typer app (benchmark baseline).")


@app.command()
def hello(name: str = typer.Argument("world", help="Who to greet.")) -> None:
    """Say hello."""
    typer.echo(f"Hello {name}")


@app.command()
def goodbye(name: str = typer.Argument("world", help="Who to wave at.")) -> None:
    """Say goodbye."""
    typer.echo(f"Goodbye {name}")


if __name__ == "__main__":
    app()
