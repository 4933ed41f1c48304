"""New records (``dealtrack new``): built from plain values, checked by the loader, then written.

Nothing is validated here by hand: the record is emitted as canonical YAML
and read back through ``parse_file`` and the dataset rules, so a bad value
gets exactly the diagnostic ``validate`` would give. A deal goes to
``<host lower-case>/<id>.yaml``; a party, source or event is appended to its
registry, keeping the existing bytes (comments included) untouched.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

from dealtrack.diagnostics import Diagnostic
from dealtrack.errors import DealtrackError

REGISTRY_OF = {"party": "parties", "source": "sources", "event": "events"}
KINDS = ("deal", "party", "source", "event")


@dataclass(frozen=True, slots=True)
class Planned:
    """What ``new`` would write, and what the loader found wrong with it."""

    path: str                  # as shown to the user
    abspath: str
    data: bytes
    diagnostics: tuple[Diagnostic, ...]
    append_to: bytes | None = None   # the registry's current bytes when appending

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]


def citations(sources: list[str], quotes: list[str]) -> list[dict]:
    """``--source`` ids paired in order with ``--quote`` texts."""
    if len(quotes) > len(sources):
        raise DealtrackError("more --quote than --source: each quote goes with the source "
                             "given in the same position")
    out = []
    for index, source in enumerate(sources):
        entry = {"source": source}
        if index < len(quotes):
            entry["quote"] = quotes[index]
        out.append(entry)
    return out


def _display(root: str, relpath: str) -> str:
    return os.path.normpath(os.path.join(root, relpath))


def plan(root: str, kind: str, fields: dict, *, today=None) -> Planned:
    """Emit the record, read it back with the loader and the rules; raises only for usage."""
    from dealtrack.canonical import emit
    from dealtrack.load import load_dataset, parse_file
    from dealtrack.rules import run_rules

    if not os.path.isdir(root):
        raise DealtrackError(f"dataset folder not found: {root} "
                             "(use --data DIR or set DEALTRACK_DATA)")
    record_id = fields.get("id")
    if not record_id:
        raise DealtrackError(f"a new {kind} needs --id")
    loaded = load_dataset(root, check=False)
    if kind == "deal":
        host = fields.get("host")
        if not host:
            raise DealtrackError("a new deal needs --host: it is filed under <host>/<id>.yaml")
        first = host[0] if isinstance(host, list) else host   # several hosts: the first
        relpath = f"{first.lower()}/{record_id}.yaml"
        if "/" in record_id or record_id.startswith("."):
            raise DealtrackError(f"'{record_id}' is not a valid id")
        display = _display(root, relpath)
        if os.path.lexists(display):
            raise DealtrackError(f"{display} already exists; not overwritten")
        data = emit(fields).encode("utf-8")
        result = parse_file(relpath, display, data)
        dataset = replace(loaded.dataset, deals=loaded.dataset.deals + result.records)
        first_line, current = 1, None
    else:
        registry = REGISTRY_OF[kind]
        relpath = _registry_file(root, registry)
        display = _display(root, relpath)
        _inside(root, display)
        current = _read(display)
        prefix = current if not current or current.endswith(b"\n") else current + b"\n"
        first_line = prefix.count(b"\n") + 1
        data = prefix + emit([fields]).encode("utf-8")
        result = parse_file(relpath, display, data)
        dataset = replace(loaded.dataset, **{registry: tuple(
            [r for r in getattr(loaded.dataset, registry) if r.loc.path != display]
            + list(result.records))})
    _inside(root, display)
    found = [d for d in result.diagnostics if d.loc.line >= first_line or d.loc.line == 0]
    if kind != "deal" and any(d.loc.line < first_line for d in result.diagnostics
                              if d.code.startswith("DT0")):
        raise DealtrackError(f"{display} does not read cleanly now; fix it (dealtrack validate) "
                             "before appending to it")
    found += [d for d in run_rules(dataset, today=today)
              if d.loc.path == display and d.loc.line >= first_line]
    found.sort(key=Diagnostic.sort_key)
    return Planned(display, os.path.abspath(display), data, tuple(found), current)


def write(planned: Planned) -> None:
    """Write atomically: a new deal file never replaces one; an append keeps every old byte."""
    from dealtrack.write import write_atomic

    if planned.append_to is None:
        folder = os.path.dirname(planned.abspath)
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError as exc:   # a file where the host folder goes, a read-only dataset
            raise DealtrackError(f"cannot create the folder {folder}: "
                                 f"{exc.strerror or exc}") from None
        write_atomic(planned.abspath, planned.data, overwrite=False)
    else:
        if not planned.data.startswith(planned.append_to):
            raise DealtrackError("internal: an append must keep the registry's content")
        write_atomic(planned.abspath, planned.data, overwrite=bool(planned.append_to),
                     expect=planned.append_to or None)


def _inside(root: str, display: str) -> None:
    """A symlink may lead elsewhere inside the dataset, never out of it (``discover`` would not
    read what was written there)."""
    real_root = os.path.realpath(root)
    real = os.path.realpath(display)
    if real != real_root and not real.startswith(real_root + os.sep):
        raise DealtrackError(f"{display} is a symlink leading outside the dataset; not written")


def _registry_file(root: str, registry: str) -> str:
    for ext in (".yaml", ".yml"):
        if os.path.exists(os.path.join(root, registry + ext)):
            return registry + ext
    return registry + ".yaml"


def _read(path: str) -> bytes:
    """A registry's bytes; only a regular file of sane size is opened.

    A FIFO there would block the open, ``/dev/zero`` would never end: each is
    refused before it is opened, like ``validate`` refuses them (DT006, DT003).
    """
    import stat

    from dealtrack.load.layout import MAX_REGISTRY_BYTES
    from dealtrack.regular import open_regular

    try:
        info = os.stat(path)
    except FileNotFoundError:
        return b""
    except OSError as exc:
        raise DealtrackError(f"cannot read {path}: {exc.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise DealtrackError(f"{path} is not a regular file; not read or written")
    if info.st_size > MAX_REGISTRY_BYTES:
        raise DealtrackError(f"{path} is {info.st_size:,} bytes; the limit is "
                             f"{MAX_REGISTRY_BYTES:,}")
    with open_regular(path) as handle:
        data = handle.read(MAX_REGISTRY_BYTES + 1)
    if len(data) > MAX_REGISTRY_BYTES:
        raise DealtrackError(f"{path} grew past {MAX_REGISTRY_BYTES:,} bytes while read")
    return data
