"""The start-up floor: a no-op Typer command that prints one line with Rich.

This is what any Typer + Rich CLI costs before it does any work (mostly
imports); ``dealtrack --version`` and ``dealtrack validate`` on the shipped
dataset are measured against it.
"""

import typer
from rich.console import Console

app = typer.Typer(add_completion=False)


@app.command()
def main() -> None:
    Console().print("ok")


if __name__ == "__main__":
    app()
