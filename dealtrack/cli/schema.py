"""``dealtrack schema``: print the JSON Schema of a deal file or a registry, for editors."""

from __future__ import annotations

from typing import Annotated

import typer

from dealtrack.cli.common import check_choice, guarded


@guarded
def schema(
    kind: Annotated[str, typer.Argument(
        metavar="[KIND]", help="deal, parties, sources, reserves, events, claims or rates.")]
    = "deal",
) -> None:
    """Print the JSON Schema (draft-07) of a deal file or a registry, for editor completion.

    Point an editor at it with a first line such as
    '# yaml-language-server: $schema=../schema/deal.schema.json'.

    \b
    Examples:
      dealtrack schema > schema/deal.schema.json
      dealtrack schema parties
    """
    from dealtrack.render.output import Output
    from dealtrack.schema import KINDS, dump

    check_choice("KIND", kind, list(KINDS))
    Output().write_data(dump(kind))


def register(app: typer.Typer) -> None:
    app.command("schema", short_help="Print the JSON Schema of a deal file or a registry.")(schema)
