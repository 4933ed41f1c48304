"""Canonical formatting of deal files and registries that never loses a comment or a value.

Formatting here is a *permutation of whole lines* plus whitespace clean-up:
the keys of every block mapping are put in the order of the data-format
document (the schema order in ``dealtrack.load.convert``), each key taking
along the comment lines directly above it and every line of its value. No
line is ever re-typed, so every comment and every scalar survives byte for
byte. What is changed: key order, trailing whitespace (outside multi-line
scalars), CRLF line ends, a byte-order mark, and blank lines at the end.

Line positions come from libyaml's node marks (the loader's own reader).
Two checks run on every result before it may be written: the lines are the
same multiset as before (modulo trailing whitespace), and the loader reads
the same records and the same problems from it. A file failing either, or
one that does not parse, is refused with the reason, and left alone.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import yaml


@dataclass(frozen=True)
class Spec:
    """The key order of one kind of mapping, and the specs of its values (for lists: of items)."""

    order: tuple[str, ...]
    children: dict[str, "Spec"] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Formatted:
    """One file's canonical text, or why it was left alone (``text`` None)."""

    path: str
    original: str
    text: str | None
    reason: str | None = None

    @property
    def changed(self) -> bool:
        return self.text is not None and self.text != self.original


_DASHES = re.compile(r"^\s*(?:-\s+)*")


class _Refuse(Exception):
    pass


def _specs() -> tuple[Spec, dict[str, Spec]]:
    """The canonical orders, read from the field specifications so that they cannot drift."""
    from dealtrack.load.fields import BY_PLURAL, BY_REGISTRY, key_order

    def spec(fields) -> Spec:
        return _spec(tuple(fields), key_order(fields))

    return spec(BY_PLURAL["deals"].fields), {kind: spec(rtype.fields)
                                             for kind, rtype in BY_REGISTRY.items()}


def _spec(order: tuple[str, ...], children: dict[str, tuple]) -> Spec:
    return Spec(order, {key: _spec(*inner) for key, inner in children.items()})


def format_file(relpath: str, display: str, data: bytes) -> Formatted:
    """Canonical text for one dataset file (``relpath`` relative to the dataset root)."""
    from dealtrack.load.parse import parse_file
    from dealtrack.load.layout import registry_kind, size_limit
    from dealtrack.load.reader import read_yaml

    try:
        original = data.decode("utf-8")
    except UnicodeDecodeError:
        return Formatted(display, "", None, "not UTF-8 text")
    kind = registry_kind(relpath)
    node, problems = read_yaml(data, display, size_limit(relpath))
    if node is None or any(p.code.startswith("DT0") for p in problems):
        first = problems[0] if problems else None
        why = f"{first.loc}: {first.code} {first.message}" if first else "it cannot be read"
        return Formatted(display, original, None, f"does not parse ({why}); fix it first")
    text = original.lstrip("\ufeff").replace("\r\n", "\n")
    deal_spec, registry_specs = _specs()
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    try:
        scalar_lines = _scalar_lines(node)
        body = _arrange(node, registry_specs[kind] if kind else deal_spec, lines)
        head = list(range(0, _first_line(node)))
        tail = list(range(_last_line(node, lines) + 1, len(lines)))
        order = head + body + tail
        if sorted(order) != list(range(len(lines))):
            raise _Refuse("its layout could not be split into whole keys")
        out = [_clean(lines[i], i in scalar_lines) for i in order]
    except _Refuse as exc:
        return Formatted(display, original, None, f"left as is: {exc}")
    while out and not out[-1].strip():
        out.pop()
    new_text = "\n".join(out) + "\n"
    reason = _verify(relpath, display, data, new_text, parse_file)
    if reason:
        return Formatted(display, original, None, reason)
    return Formatted(display, original, new_text)


def _clean(line: str, in_scalar: bool) -> str:
    return line if in_scalar else line.rstrip()


def _line_bag(text: str) -> Counter:
    """Non-blank lines without indentation or a leading '- ' (a dash may move to another key)."""
    return Counter(_DASHES.sub("", line).rstrip() for line in text.split("\n") if line.strip())


def _verify(relpath, display, data, new_text, parse_file) -> str | None:
    """The formatted text must hold the same lines, the same records and the same problems."""
    from dealtrack.canonical import record_data

    before = data.decode("utf-8").lstrip("\ufeff").replace("\r\n", "\n")
    if _line_bag(before) != _line_bag(new_text):
        return "left as is: formatting would change its lines (a dealtrack bug; please report)"
    old = parse_file(relpath, display, data)
    new = parse_file(relpath, display, new_text.encode("utf-8"))
    same = ([record_data(old.kind, r) for r in old.records]
            == [record_data(new.kind, r) for r in new.records]
            and Counter((d.code, d.message) for d in old.diagnostics)
            == Counter((d.code, d.message) for d in new.diagnostics))
    if not same:
        return "left as is: formatting would change what it means (a dealtrack bug; please report)"
    return None


# ---- positions from node marks -------------------------------------------------------------

def _first_line(node) -> int:
    return node.start_mark.line


def _last_line(node, lines: list[str]) -> int:
    """The last line holding part of ``node`` (comments after it are not part of it)."""
    if isinstance(node, yaml.ScalarNode):
        end = node.end_mark
        last = end.line if end.column > 0 else end.line - 1
        last = max(last, node.start_mark.line)
        if node.style in ("|", ">"):
            while last > node.start_mark.line and not lines[last].strip():
                last -= 1
        return last
    if node.flow_style:
        end = node.end_mark
        return end.line if end.column > 0 else end.line - 1
    if isinstance(node, yaml.MappingNode):
        if not node.value:
            return node.start_mark.line
        key, value = node.value[-1]
        return max(_last_line(value, lines), key.start_mark.line)
    if not node.value:
        return node.start_mark.line
    return _last_line(node.value[-1], lines)


def _scalar_lines(node) -> set[int]:
    """Lines inside multi-line scalars, whose trailing whitespace may be content."""
    out: set[int] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, yaml.ScalarNode):
            if item.end_mark.line > item.start_mark.line:
                out.update(range(item.start_mark.line + 1, item.end_mark.line + 1))
        elif isinstance(item, yaml.MappingNode):
            for key, value in item.value:
                stack.extend((key, value))
        else:
            stack.extend(item.value)
    return out


def _gap_ok(lines: list[str], start: int, end: int) -> None:
    """Lines between two keys may only be blank or comments."""
    for i in range(start, end):
        stripped = lines[i].strip()
        if stripped and not stripped.startswith("#"):
            raise _Refuse(f"line {i + 1} sits between two keys and is not a comment")


# ---- arranging lines -----------------------------------------------------------------------

def _arrange(node, spec: Spec | None, lines: list[str], start: int | None = None) -> list[int]:
    """Original line numbers from ``start`` (default: ``node``'s first line) to its last line,
    in canonical order; comment lines before ``node`` travel with its first key or item.

    Lines that must be rewritten (a sequence dash moving to another key) are
    edited in ``lines`` itself; the caller reads the result through it.
    """
    first = _first_line(node) if start is None else start
    last = _last_line(node, lines)
    if isinstance(node, yaml.ScalarNode) or node.flow_style:
        return list(range(first, last + 1))
    if isinstance(node, yaml.SequenceNode):
        out: list[int] = []
        cursor = first
        for item in node.value:
            start = item.start_mark.line
            if start < cursor:
                raise _Refuse("two list items share a line")
            _gap_ok(lines, cursor, start)
            out += list(range(cursor, start))
            out += _arrange(item, spec, lines)
            cursor = _last_line(item, lines) + 1
        return out
    return _arrange_mapping(node, spec, lines, first)


def _arrange_mapping(node, spec: Spec | None, lines: list[str], cursor: int) -> list[int]:
    pairs = node.value
    chunks: list[tuple[int, list[int]]] = []   # (sort position, lines)
    column = pairs[0][0].start_mark.column
    order = spec.order if spec else ()
    for index, (key, value) in enumerate(pairs):
        key_line = key.start_mark.line
        if key.start_mark.column != column or (index and key_line < cursor):
            raise _Refuse(f"line {key_line + 1}: keys of one mapping are not aligned one per line")
        _gap_ok(lines, cursor, key_line)
        name = key.value if isinstance(key, yaml.ScalarNode) else None
        child = spec.children.get(name) if spec and name else None
        body = list(range(cursor, key_line))
        if isinstance(value, yaml.ScalarNode) or value.flow_style or \
                value.start_mark.line == key_line:
            body += list(range(key_line, _last_line(value, lines) + 1))
        else:
            body.append(key_line)
            body += _arrange(value, child, lines, key_line + 1)
        end = max(_last_line(value, lines), key_line)
        position = order.index(name) if name in order else len(order) + index
        chunks.append((position, body))
        cursor = end + 1
    arranged = sorted(range(len(chunks)), key=lambda i: chunks[i][0])
    if arranged == list(range(len(chunks))):
        return [line for _, body in chunks for line in body]
    first_key_line = pairs[0][0].start_mark.line
    dash = lines[first_key_line][:column]
    inline = dash.strip() != ""   # the mapping starts after "- " on its first line
    if inline:
        if dash.strip() != "-" or any(lines[i][:column].strip() for _, body in chunks[1:]
                                      for i in body[:1]):
            raise _Refuse(f"line {first_key_line + 1}: cannot move keys past this '-'")
        lines[first_key_line] = " " * column + lines[first_key_line][column:]
    out = [line for i in arranged for line in chunks[i][1]]
    if inline:
        new_first = pairs[arranged[0]][0].start_mark.line
        lines[new_first] = dash + lines[new_first][column:]
    return out
