"""``dealtrack git-setup``: make ``git diff`` and ``git log -p`` show deal files canonically."""

from __future__ import annotations

from typing import Annotated

import typer

from dealtrack.cli.common import DEFAULT_DATA, DataOpt, UsageError, guarded

DRIVER = "dealtrack"


@guarded
def git_setup(
    data: DataOpt = DEFAULT_DATA,
    yes: Annotated[bool, typer.Option(
        "--yes", "-y", help="Apply without asking.")] = False,
) -> None:
    """Register `dealtrack textconv` as the git diff driver for the dataset's YAML files.

    Sets diff.dealtrack.textconv in this repository's own git config and
    makes sure .gitattributes routes the dataset's *.yaml files to it. Shows
    what it will change and asks first (or pass --yes). See docs/git.md.

    \b
    Examples:
      dealtrack git-setup
      dealtrack git-setup --yes
    """
    import os
    import sys

    from dealtrack import gitio
    from dealtrack.write import write_atomic

    repo = gitio.find_repo(data)
    command = textconv_command()
    attributes = os.path.join(repo.top, ".gitattributes")
    current = _read_attributes(attributes)
    missing = [line for line in attribute_lines(repo.prefix)
               if line not in current.decode("utf-8", "replace").splitlines()]
    configured = _config(repo)
    plan = []
    if configured != command:
        plan.append(f"git config --local diff.{DRIVER}.textconv '{command}'")
    if missing:
        plan.append(f"append to {attributes}: " + "; ".join(missing))
    if not plan:
        typer.echo("git is already set up: git diff shows deal files through dealtrack textconv",
                   err=True)
        return
    for step in plan:
        typer.echo(f"will {step}", err=True)
    if not yes:
        if not sys.stdin.isatty():
            raise UsageError("git-setup changes git config: run it with --yes, or in a "
                             "terminal to be asked")
        if not typer.confirm("Apply these changes?", default=False, err=True):
            raise typer.Exit(1)
    if configured != command:
        gitio.run_git(["config", "--local", f"diff.{DRIVER}.textconv", command], repo.top)
    if missing:
        text = current
        if text and not text.endswith(b"\n"):
            text += b"\n"
        text += "".join(line + "\n" for line in missing).encode("utf-8")
        write_atomic(attributes, text, overwrite=bool(current), expect=current or None)
    typer.echo("done: git diff and git log -p now show deal files through dealtrack textconv",
               err=True)


_MAX_ATTRIBUTES = 1 << 20


def _read_attributes(path: str) -> bytes:
    """The current .gitattributes, refusing anything but a regular file of sane size.

    A committed symlink there could point anywhere (``/dev/zero``, a file outside
    the repository); git itself refuses an in-tree .gitattributes symlink.
    """
    import os
    import stat

    from dealtrack.errors import DealtrackError
    from dealtrack.regular import open_regular

    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return b""
    if not stat.S_ISREG(info.st_mode):
        what = "a symlink" if stat.S_ISLNK(info.st_mode) else "not a regular file"
        raise DealtrackError(f"{path} is {what}; git-setup neither reads nor writes through it "
                             "(git ignores a .gitattributes symlink too): replace it with a file")
    if info.st_size > _MAX_ATTRIBUTES:
        raise DealtrackError(f"{path} is {info.st_size:,} bytes; git-setup reads at most "
                             f"{_MAX_ATTRIBUTES:,}")
    with open_regular(path, follow=False) as handle:
        return handle.read(_MAX_ATTRIBUTES + 1)


def attribute_lines(prefix: str) -> list[str]:
    """The .gitattributes lines routing the dataset's YAML files to the driver."""
    return [f"{prefix}**/*.yaml diff={DRIVER}", f"{prefix}**/*.yml diff={DRIVER}"]


def textconv_command() -> str:
    """How git should run textconv: ``dealtrack`` when on PATH, else this Python's module."""
    import shlex
    import shutil
    import sys

    if shutil.which("dealtrack"):
        return "dealtrack textconv"
    return f"{shlex.quote(sys.executable)} -m dealtrack textconv"


def _config(repo) -> str | None:
    import subprocess

    from dealtrack import gitio

    done = subprocess.run(gitio.git_command(["config", "--local", "--get",
                                             f"diff.{DRIVER}.textconv"]),
                          cwd=repo.top, capture_output=True, check=False, env=gitio.git_env())
    return done.stdout.decode().strip() or None if done.returncode == 0 else None


def register(app: typer.Typer) -> None:
    app.command("git-setup",
                short_help="Make git diff show deal files in canonical form.")(git_setup)
