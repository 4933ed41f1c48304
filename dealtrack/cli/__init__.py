"""The command-line interface: a thin layer of Typer glue over the library."""
