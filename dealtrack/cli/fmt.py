"""``dealtrack fmt [PATHS] [--check]``: canonical key order and layout, keeping every comment."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from dealtrack.cli.common import DEFAULT_DATA, DataOpt, UsageError, guarded


@guarded
def fmt(
    paths: Annotated[Optional[list[str]], typer.Argument(
        metavar="[PATHS]...", help="Files or folders inside the dataset (default: all of it).")]
        = None,
    data: DataOpt = DEFAULT_DATA,
    check: Annotated[bool, typer.Option(
        "--check", help="Change nothing; list the files that would change and exit 1 if any.")]
        = False,
    output_format: Annotated[str, typer.Option(
        "--format", "-f", metavar="text|github", show_default=True,
        help="Output format: text, or github (an annotation at the first line that would "
        "change, for GitHub Actions).")] = "text",
) -> None:
    """Put keys in the order of the data-format document and tidy whitespace.

    Every comment and value is kept: lines are only moved, never re-typed,
    and each result is checked to read back to the same data before it is
    written (atomically). A file that cannot be kept whole is left alone,
    with the reason. Running fmt twice changes nothing the second time.
    """
    from dealtrack.fmt import format_file
    from dealtrack.load.discover import discover, read_bytes
    from dealtrack.load.layout import size_limit
    from dealtrack.cli.common import check_choice
    from dealtrack.write import write_atomic

    check_choice("--format", output_format, ["text", "github"])

    refs, _ = discover(data)
    refs = _once_per_file(_select(refs, paths or [], data))
    changed, refused = [], []
    for ref in refs:
        raw, _ = read_bytes(ref, size_limit(ref.relpath))
        if not isinstance(raw, bytes):
            refused.append((ref.display, raw.message))
            continue
        result = format_file(ref.relpath, ref.display, raw)
        if result.text is None:
            refused.append((ref.display, result.reason))
        elif result.changed:
            if not check:
                write_atomic(ref.abspath, result.text.encode("utf-8"), overwrite=True,
                             expect=raw)
            changed.append((ref.display, _first_difference(raw, result.text)))
    if output_format == "github":
        _annotate(changed, refused, check)
    for path, _ in changed:
        typer.echo(path, err=output_format == "github")
    for path, reason in refused:
        typer.echo(f"{path}: {reason}", err=True)
    verb = "would be reformatted" if check else "reformatted"
    typer.echo(f"{len(changed)} file{'s' if len(changed) != 1 else ''} {verb}, "
               f"{len(refs) - len(changed) - len(refused)} already canonical"
               + (f", {len(refused)} left as is" if refused else ""), err=True)
    if refused or (check and changed):
        raise typer.Exit(1)


def _first_difference(raw: bytes, text: str) -> int:
    """The number of the first line that differs between a file and its canonical form."""
    old = raw.decode("utf-8", "replace").splitlines()
    for number, (a, b) in enumerate(zip(old, text.splitlines()), 1):
        if a != b:
            return number
    return min(len(old), len(text.splitlines())) + 1


def _annotate(changed, refused, check: bool) -> None:
    from dealtrack.render.diagnostics import annotation
    from dealtrack.render.output import Output

    lines = [annotation("error" if check else "notice", path,
                        "not in canonical form; run `dealtrack fmt` to fix" if check
                        else "reformatted", "dealtrack fmt", line)
             for path, line in changed]
    lines += [annotation("warning", path, reason, "dealtrack fmt") for path, reason in refused]
    if lines:
        Output().write_data("\n".join(lines))


def _select(refs, paths: list[str], root: str):
    import os

    if not paths:
        return refs
    real_root = os.path.realpath(root)
    wanted = []
    for path in paths:
        if not os.path.exists(path):
            raise UsageError(f"no such file or folder: {path}")
        real = os.path.realpath(path)
        if real != real_root and not real.startswith(real_root + os.sep):
            raise UsageError(f"{path} is not inside the dataset folder {root}")
        wanted.append(real)
    chosen = []
    for ref in refs:
        real = os.path.realpath(ref.abspath)
        if any(real == w or real.startswith(w + os.sep) for w in wanted):
            chosen.append(ref)
    return chosen


def _once_per_file(refs):
    """One ref per real file: a file reached through a symlink too is formatted once, under
    its own name (a link inside the dataset is allowed, and is never replaced by a copy)."""
    import os

    chosen: dict[str, object] = {}
    for ref in refs:
        real = os.path.realpath(ref.abspath)
        kept = chosen.get(real)
        if kept is None or (os.path.islink(kept.abspath) and not os.path.islink(ref.abspath)):
            chosen[real] = ref
    return [ref for ref in refs if chosen[os.path.realpath(ref.abspath)] is ref]


def register(app: typer.Typer) -> None:
    app.command("fmt", short_help="Put files in canonical key order, keeping comments.")(fmt)
