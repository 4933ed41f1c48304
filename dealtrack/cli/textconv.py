"""``dealtrack textconv FILE``: a deal file or registry in canonical form, for ``git diff``."""

from __future__ import annotations

from typing import Annotated

import typer

from dealtrack.cli.common import UsageError, guarded


@guarded
def textconv(
    file: Annotated[str, typer.Argument(metavar="FILE", help="A deal file or registry.")],
) -> None:
    """Print FILE's records in canonical form: keys in the format's order, values spelled the
    standard way, comments and layout left out, so that `git diff` shows only real changes.

    Wired up as a git textconv driver by `dealtrack git-setup` (see docs/git.md).
    A file that cannot be read is printed as it is, after a one-line note.

    \b
    Examples:
      dealtrack textconv deals/pk/ussm-fwo-critical-minerals-2025.yaml
    """
    import sys

    from dealtrack.textconv import convert

    from dealtrack.regular import NotRegularFile, open_regular

    try:   # a FIFO would block, /dev/zero never end
        with open_regular(file) as handle:
            data = handle.read()
    except NotRegularFile:
        raise UsageError(f"{file} is not a regular file; not read") from None
    except OSError as exc:
        raise UsageError(f"cannot read {file}: {exc.strerror}") from None
    sys.stdout.buffer.write(convert(file, data))
    sys.stdout.flush()


def register(app: typer.Typer) -> None:
    app.command("textconv",
                short_help="Print a deal file in canonical form (git textconv).")(textconv)
