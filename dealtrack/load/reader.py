"""Strict YAML reading: bytes in, a node tree with positions (or diagnostics) out.

libyaml's composer (``yaml.compose`` with the C loader) is the floor we build
on: it keeps the line and column of every node and never constructs Python
objects, so ``NO`` stays the text ``NO`` until a key says what it means.
Guards run first, on the raw bytes, so that hostile input is refused before
libyaml sees it: libyaml's C composer recurses per nesting level and crashes
the process on very deep input, and aliases would let a small file stand for
a huge tree.
"""

from __future__ import annotations

import codecs
import re
from bisect import bisect_right

import yaml

from dealtrack.diagnostics import Diagnostic
from dealtrack.load.collector import no_gc
from dealtrack.load.layout import MAX_DEAL_BYTES, MAX_LINE_CHARS, too_big
from dealtrack.location import Loc
from dealtrack.textsafe import quote

MAX_DEPTH = 32                    # a deal file nests four levels deep
MAX_PROBLEMS_PER_FILE = 100       # past this a file is garbage; more lines help nobody
# Below these a file cannot nest deeper than libyaml's C composer survives, so
# the (slower) event scan is only needed past them.
_SAFE_BRACKETS = 1_000
_SAFE_LINE = 1_500

try:
    from yaml._yaml import CParser

    class _Loader(CParser):
        """libyaml's parser and composer, without PyYAML's implicit-tag resolver.

        The composer asks the (pure-Python) resolver for the tag of every
        node, a third of ``yaml.compose``'s time; dealtrack never reads
        implicit tags (scalars are read from their text by what their key
        expects) and refuses explicit ones before composing.
        """

        _TAGS = {yaml.ScalarNode: "tag:yaml.org,2002:str",
                 yaml.SequenceNode: "tag:yaml.org,2002:seq",
                 yaml.MappingNode: "tag:yaml.org,2002:map"}
        resolve = staticmethod(lambda kind, value, implicit, _tags=_TAGS: _tags[kind])
        descend_resolver = staticmethod(lambda parent, index: None)
        ascend_resolver = staticmethod(lambda: None)
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

# The line breaks editors, GitHub and ``grep -n`` count: every position we report counts these.
_BREAK = re.compile(r"\r\n|[\r\n]")

_BOMS = ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
         (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"))


def read_yaml(data: bytes, path: str, max_bytes: int = MAX_DEAL_BYTES
              ) -> tuple[yaml.Node | None, list[Diagnostic]]:
    """Parse one file's bytes into a libyaml node tree, or say precisely why not."""
    node, problems = compose(data, path, max_bytes)
    if node is None:
        return None, problems
    return checked(node, path)


def checked(node: yaml.Node, path: str) -> tuple[yaml.Node | None, list[Diagnostic]]:
    """``(node, problems)`` after the tree's own checks (duplicate keys, nesting depth);
    the node is None when it nests too deep to be read any further."""
    with no_gc():
        problems = check_tree(node, path)
    if any(p.code == "DT004" for p in problems):
        return None, problems
    return node, problems


def compose(data: bytes, path: str, max_bytes: int = MAX_DEAL_BYTES
            ) -> tuple[yaml.Node | None, list[Diagnostic]]:
    """``read_yaml`` without the tree checks: the node tree, or None and why not.

    ``load.parse`` runs the tree checks (``checked``) only on a file whose reading found
    something to say: a tree the converter read through without a problem has no
    duplicate key and nests no deeper than the format does.
    """
    text = _check_bytes(data, path, max_bytes)
    if not isinstance(text, str):
        return None, [text]
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text or text.isspace() or _only_comments(text):
        return None, [Diagnostic(Loc(path, 1, 1), "DT005", "file is empty",
                                 hint="a deal file holds one mapping; a registry a list")]
    problem = _check_lines(text, path)
    if problem:
        return None, [problem]
    # libyaml (YAML 1.1) also breaks lines at NEL, LS and PS; only then are its marks
    # re-counted. (A str search for a character above the text's widest one is free.)
    odd = "\x85" in text or "\u2028" in text or "\u2029" in text
    lines = _EditorLines(text) if odd else None
    if _needs_event_scan(data):
        with no_gc():
            problems = _scan_events(text, path, lines)
        if problems:
            return None, _explained([_inside(p, text) for p in problems], text, lines)
    try:
        with no_gc():
            node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        return None, _explained(_compose_error(exc, text, path, lines), text, lines)
    except yaml.YAMLError as exc:  # reader errors carry a position too
        return None, [_inside(_reader_error(path, exc, text), text)]
    if node is None or (isinstance(node, yaml.ScalarNode) and not node.style
                        and node.value == ""):  # '---' alone: a document with nothing in it
        return None, [Diagnostic(Loc(path, 1, 1), "DT005", "file is empty")]
    if lines is not None:
        with no_gc():
            lines.remap_tree(node)
    return node, []


def _compose_error(exc: yaml.MarkedYAMLError, text: str, path: str,
                   lines: _EditorLines | None) -> list[Diagnostic]:
    if lines is not None:
        exc.problem_mark = lines.mark(exc.problem_mark)
        exc.context_mark = lines.mark(exc.context_mark)
    if isinstance(exc, yaml.composer.ComposerError):
        if "single document" in str(exc):
            return [_inside(_mark_diag(path, exc.problem_mark, "DT014",
                                       "more than one YAML document in the file",
                                       "put one record per file, without '---' separators"),
                            text)]
        return [_inside(_syntax(path, exc), text)]
    problem = _syntax(path, exc)
    if problem.code == "DT004":  # libyaml's own limit (1,000): find where ours was passed
        with no_gc():
            return [_inside(p, text) for p in _scan_events(text, path, lines) or [problem]]
    return [_inside(problem, text)]


def _explained(problems: list[Diagnostic], text: str,
               lines: _EditorLines | None) -> list[Diagnostic]:
    """Name the invisible line break behind a syntax error that has no hint of its own."""
    if lines is None:
        return problems
    return [Diagnostic(p.loc, p.code, p.message, lines.odd_break_before(text, p.loc.line),
                       p.related) if p.code == "DT010" and p.hint is None else p
            for p in problems]


_ODD_NAMES = {"\x85": "NEL (U+0085)", "\u2028": "LINE SEPARATOR (U+2028)",
              "\u2029": "PARAGRAPH SEPARATOR (U+2029)"}


class _EditorLines:
    """Where each line starts as editors count lines, to re-count libyaml's marks.

    Only built for text holding NEL, LS or PS, which libyaml takes for line
    breaks and editors do not; a mark's ``index`` (in characters) is exact
    either way, so the editor's line and column follow from it.
    """

    __slots__ = ("starts",)

    def __init__(self, text: str) -> None:
        self.starts = [0] + [match.end() for match in _BREAK.finditer(text)]

    def mark(self, mark):
        if mark is None:
            return None
        line = bisect_right(self.starts, mark.index) - 1
        return yaml.Mark(mark.name, mark.index, line, mark.index - self.starts[line], None, None)

    def odd_break_before(self, text: str, line: int) -> str | None:
        """A hint naming the last NEL, LS or PS on ``line`` or the line before, if any.

        libyaml notices the break it saw by the start of the next line at the latest;
        one further back is no cause of this error.
        """
        start = self.starts[max(line - 2, 0)]
        end = self.starts[line] if line < len(self.starts) else len(text)
        at = max(text.rfind(char, start, end) for char in _ODD_NAMES)
        if at < 0:
            return None
        where = bisect_right(self.starts, at)
        return (f"line {where} holds an invisible {_ODD_NAMES[text[at]]}, which YAML reads as "
                "a line break: delete it (or write it as an escape in double quotes)")

    def remap_tree(self, root: yaml.Node) -> None:
        """Re-count the marks of every node in place (values, fmt and convert read them)."""
        stack = [root]
        while stack:
            node = stack.pop()
            node.start_mark = self.mark(node.start_mark)
            node.end_mark = self.mark(node.end_mark)
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    stack.append(key)
                    stack.append(value)
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)


def _check_bytes(data: bytes, path: str, max_bytes: int) -> str | Diagnostic:
    """The text of ``data``, or why it is not UTF-8 text within the size limit."""
    if len(data) > max_bytes:
        return too_big(path, len(data), max_bytes)
    for bom, name in _BOMS:
        if data.startswith(bom):
            return Diagnostic(Loc(path, 1, 1), "DT002", f"file is {name}, not UTF-8",
                              hint="re-save it as UTF-8")
    nul = data.find(b"\x00")
    if nul >= 0:
        line, col = _position(data, nul)
        return Diagnostic(Loc(path, line, col), "DT002", "file contains a NUL byte: binary data, "
                          "or UTF-16 without a byte-order mark", hint="re-save it as UTF-8 text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _position(data, exc.start)
        return Diagnostic(Loc(path, line, col), "DT002",
                          f"invalid UTF-8 byte 0x{data[exc.start]:02x}",
                          hint="re-save the file as UTF-8")


def _check_lines(text: str, path: str) -> Diagnostic | None:
    # Fast path: pieces between '\n' are never shorter than the lines editors count.
    if len(text) <= MAX_LINE_CHARS or max(map(len, text.split("\n"))) <= MAX_LINE_CHARS:
        return None
    for number, line in enumerate(_BREAK.split(text), 1):
        if len(line) > MAX_LINE_CHARS:
            return Diagnostic(Loc(path, number, MAX_LINE_CHARS + 1), "DT003",
                              f"line is {len(line):,} characters long; the limit is "
                              f"{MAX_LINE_CHARS:,}", hint="use a folded block (>-) for long text")
    return None


def _only_comments(text: str) -> bool:
    if "#" not in text or len(text) > 4096:
        return False
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def _needs_event_scan(data: bytes) -> bool:
    """Whether the file could hold an anchor, alias, tag or deep nesting.

    A conservative byte test: '&', '*' and '!' also occur in ordinary quoted
    text, which then just takes the slower, exact path.
    """
    if b"&" in data or b"*" in data or b"!" in data:
        return True
    if data.count(b"[") + data.count(b"{") > _SAFE_BRACKETS:
        return True
    return len(data) > _SAFE_LINE and max(map(len, data.split(b"\n"))) > _SAFE_LINE


def _scan_events(text: str, path: str, lines: _EditorLines | None = None) -> list[Diagnostic]:
    """Find anchors, aliases, tags and excess depth from libyaml's event stream.

    Events are produced without building a tree and without recursion, so
    neither an alias bomb nor 100,000 nested brackets costs more than a scan.
    """
    problems: list[Diagnostic] = []
    repeats = {"DT012": 0, "DT013": 0}
    depth = 0
    starts = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
    ends = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if lines is not None:
                event.start_mark = lines.mark(event.start_mark)
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                alias = isinstance(event, yaml.AliasEvent)
                repeats["DT012"] += 1
                if repeats["DT012"] == 1:
                    problems.append(_mark_diag(
                        path, event.start_mark, "DT012",
                        f"{'alias' if alias else 'anchor'} '{'*' if alias else '&'}{anchor}' "
                        "is not allowed", "deal files never need anchors or aliases; "
                        "write each value out in full"))
                if alias:
                    continue
            tag = getattr(event, "tag", None)
            if tag is not None:
                repeats["DT013"] += 1
                if repeats["DT013"] == 1:
                    shown = quote(tag.replace("tag:yaml.org,2002:", "!!", 1))
                    problems.append(_mark_diag(
                        path, event.start_mark, "DT013", f"YAML tag '{shown}' is not allowed",
                        "remove the tag; each key says how its value is read"))
            if isinstance(event, starts):
                depth += 1
                if depth > MAX_DEPTH:
                    problems.append(_mark_diag(path, event.start_mark, "DT004",
                                               f"nesting deeper than {MAX_DEPTH} levels"))
                    break
            elif isinstance(event, ends):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        if lines is not None:
            exc.problem_mark = lines.mark(exc.problem_mark)
            exc.context_mark = lines.mark(exc.context_mark)
        problems.append(_syntax(path, exc))
    except yaml.YAMLError as exc:
        problems.append(_reader_error(path, exc, text))
    for problem_index, problem in enumerate(problems):
        more = repeats.get(problem.code, 0) - 1
        if more > 0:
            problems[problem_index] = Diagnostic(
                problem.loc, problem.code, f"{problem.message} (and {more} more in this file)",
                problem.hint)
            repeats[problem.code] = 0
    return problems


def check_tree(root: yaml.Node, path: str) -> list[Diagnostic]:
    """Duplicate keys (both lines named) and nesting depth, in one iterative walk."""
    problems: list[Diagnostic] = []
    mapping, sequence, scalar = yaml.MappingNode, yaml.SequenceNode, yaml.ScalarNode
    stack = [(root, 1)]
    pop, push = stack.pop, stack.append
    while stack:
        node, depth = pop()
        if depth > MAX_DEPTH:
            return [_mark_diag(path, node.start_mark, "DT004",
                               f"nesting deeper than {MAX_DEPTH} levels")]
        cls = node.__class__
        if cls is mapping:
            pairs = node.value
            if depth >= MAX_DEPTH:  # children are too deep: the walk stops at the first one
                for key, value in pairs:
                    push((value, depth + 1))
                    if key.__class__ is not scalar:
                        push((key, depth + 1))
                _duplicates(pairs, path, problems)
                continue
            # A scalar below the depth limit has nothing to check: it is not pushed,
            # which leaves the order in which everything else is visited unchanged.
            keys = []
            for key, value in pairs:
                if value.__class__ is not scalar:
                    push((value, depth + 1))
                if key.__class__ is scalar:
                    keys.append(key.value)
                else:
                    push((key, depth + 1))
            if len(set(keys)) != len(keys):
                _duplicates(pairs, path, problems)
        elif cls is sequence:
            if depth >= MAX_DEPTH:
                stack.extend((item, depth + 1) for item in node.value)
            else:
                stack.extend((item, depth + 1) for item in node.value
                             if item.__class__ is not scalar)
    problems.sort(key=Diagnostic.sort_key)
    if len(problems) > MAX_PROBLEMS_PER_FILE:
        last, more = problems[MAX_PROBLEMS_PER_FILE - 1], len(problems) - MAX_PROBLEMS_PER_FILE
        problems[MAX_PROBLEMS_PER_FILE - 1:] = [Diagnostic(
            last.loc, last.code, f"{last.message} (and {more:,} more in this file)", last.hint,
            last.related)]
    return problems


def _duplicates(pairs: list, path: str, problems: list[Diagnostic]) -> None:
    """DT011 for every repeated key of one mapping, naming the line of its first use."""
    seen: dict[str, yaml.Node] = {}
    for key, _ in pairs:
        if not isinstance(key, yaml.ScalarNode):
            continue
        first = seen.get(key.value)
        if first is None:
            seen[key.value] = key
            continue
        here = _loc(path, key.start_mark)
        there = _loc(path, first.start_mark)
        problems.append(Diagnostic(
            here, "DT011",
            f"duplicate key '{quote(key.value)}' (lines {there.line} and {here.line})",
            hint="YAML would silently keep only the last one; remove one of them",
            related=(there,)))


def _loc(path: str, mark) -> Loc:
    return Loc(path, mark.line + 1, mark.column + 1)


def _mark_diag(path: str, mark, code: str, message: str, hint: str | None = None) -> Diagnostic:
    loc = _loc(path, mark) if mark is not None else Loc(path, 1, 1)
    return Diagnostic(loc, code, message, hint=hint)


def _syntax(path: str, exc: yaml.MarkedYAMLError) -> Diagnostic:
    if (exc.context == "while scanning a quoted scalar" and exc.context_mark is not None
            and "end of stream" in (exc.problem or "")):
        # libyaml reaches the end of the file looking for the closing quote: the
        # quote that opened the text is what the user must look at.
        return _mark_diag(path, exc.context_mark, "DT010",
                          "quoted text is never closed: no closing quote before the end "
                          "of the file", "close the quote, or quote the value with the "
                          "other kind of quote if it contains this one")
    mark = exc.problem_mark or exc.context_mark
    message = exc.problem or "invalid YAML"
    if exc.context:
        message = f"{message} ({exc.context}"
        if exc.context_mark is not None and exc.context_mark is not mark:
            message += f" at line {exc.context_mark.line + 1}"
        message += ")"
    if "exceeded maximum nesting depth" in message:
        return _mark_diag(path, mark, "DT004", f"nesting deeper than {MAX_DEPTH} levels")
    hint = None
    if "mapping values are not allowed" in message:
        hint = "check the indentation, and quote any value that contains ': '"
    elif "found character '\\t'" in message or "\\t" in message:
        hint = "YAML indentation must use spaces, not tabs"
    return _mark_diag(path, mark, "DT010", message, hint)


def _reader_error(path: str, exc: yaml.YAMLError, text: str) -> Diagnostic:
    position = getattr(exc, "position", None)
    message = str(exc).splitlines()[0] if str(exc) else "unreadable YAML"
    if hasattr(exc, "character") and hasattr(exc, "reason"):
        message = f"{exc.reason} ({exc.character!r})" if exc.character is not None else exc.reason
    loc = Loc(path, 1, 1)
    if isinstance(position, int):  # libyaml gives a byte offset into the UTF-8 text
        loc = Loc(path, *_position(text.encode("utf-8"), position))
    return Diagnostic(loc, "DT010", message)


def _inside(problem: Diagnostic, text: str) -> Diagnostic:
    """Move a position past the final line break (libyaml's end of file) onto the last line.

    Editors and GitHub annotations know a file's lines, not the empty place
    after its last newline.
    """
    lines = _BREAK.split(text)
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    if problem.loc.line <= len(lines):
        return problem
    loc = Loc(problem.loc.path, len(lines), len(lines[-1]) + 1)
    return Diagnostic(loc, problem.code, problem.message, problem.hint, problem.related)


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """Line and column (in characters) of a byte offset, counting breaks as editors do."""
    lines = _BREAK.split(data[:offset].decode("utf-8", errors="replace"))
    return len(lines), len(lines[-1]) + 1
