"""Strict YAML reading: bytes in, a node tree with positions (or diagnostics) out.

libyaml is the floor we build on: it keeps the line and column of every node
and never constructs Python objects, so ``NO`` stays the text ``NO`` until a
key says what it means. Guards run first, on the raw bytes. Then one walk
over libyaml's events (``_build``) builds the tree, checking on the way for
everything that is not plain data (anchors, aliases, tags, repeated keys,
deep nesting, a second document); a file holding any of those takes the
exact path (``compose_checked``: an event scan where the bytes could hold
them, libyaml's composer, a tree walk), which reports each problem. The
event scan exists because libyaml's C composer recurses per nesting level
and crashes the process on very deep input, and aliases would let a small
file stand for a huge tree.
"""

from __future__ import annotations

import codecs
import gc
import re

import yaml

from dealtrack.diagnostics import Diagnostic
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

# The line breaks libyaml counts in its marks; our own positions must count the same.
_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")

_BOMS = ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
         (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"))


def read_yaml(data: bytes, path: str, max_bytes: int = MAX_DEAL_BYTES
              ) -> tuple[yaml.Node | None, list[Diagnostic]]:
    """Parse one file's bytes into a libyaml node tree, or say precisely why not."""
    problem = _check_bytes(data, path, max_bytes)
    if problem:
        return None, [problem]
    text = data.decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip() or _only_comments(text):
        return None, [Diagnostic(Loc(path, 1, 1), "DT005", "file is empty",
                                 hint="a deal file holds one mapping; a registry a list")]
    problem = _check_lines(text, path)
    if problem:
        return None, [problem]
    with no_gc():
        node = _build(text)
    if node is not None:
        return node, []
    # The file holds something besides plain data (or is not YAML): the exact path says
    # what, and where.
    return compose_checked(data, text, path)


def compose_checked(data: bytes, text: str, path: str) -> tuple[yaml.Node | None, list[Diagnostic]]:
    """libyaml's composer with every check around it, for text that passed the byte guards.

    The reference for ``_build``: on any file both accept they give the same tree
    (a differential test holds them together).
    """
    if _needs_event_scan(data):
        with no_gc():
            problems = _scan_events(text, path)
        if problems:
            return None, [_inside(p, text) for p in problems]
    try:
        with no_gc():
            node = yaml.compose(text, Loader=_Loader)
    except yaml.composer.ComposerError as exc:
        if "single document" in str(exc):
            return None, [_inside(_mark_diag(path, exc.problem_mark, "DT014",
                                             "more than one YAML document in the file",
                                             "put one record per file, without '---' "
                                             "separators"), text)]
        return None, [_inside(_syntax(path, exc), text)]
    except yaml.MarkedYAMLError as exc:
        problem = _syntax(path, exc)
        if problem.code == "DT004":  # libyaml's own limit (1,000): find where ours was passed
            with no_gc():
                return None, [_inside(p, text) for p in _scan_events(text, path) or [problem]]
        return None, [_inside(problem, text)]
    except yaml.YAMLError as exc:  # reader errors carry a position too
        return None, [_inside(_reader_error(path, exc, text), text)]
    if node is None or (isinstance(node, yaml.ScalarNode) and not node.style
                        and node.value == ""):  # '---' alone: a document with nothing in it
        return None, [Diagnostic(Loc(path, 1, 1), "DT005", "file is empty")]
    with no_gc():
        problems = _check_tree(node, path)
    if any(p.code == "DT004" for p in problems):
        return None, problems
    return node, problems


class _Scalar(yaml.ScalarNode):
    """A node built by ``_build``: what libyaml's composer gives (the tags are the ones our
    composer gives every node, see ``_Loader``)."""

    tag = "tag:yaml.org,2002:str"

    def __init__(self, value, style, start_mark, end_mark):
        self.value, self.style, self.start_mark, self.end_mark = value, style, start_mark, end_mark


class _Mapping(yaml.MappingNode):
    tag = "tag:yaml.org,2002:map"

    def __init__(self, value, start_mark, flow_style):
        self.value, self.start_mark, self.flow_style = value, start_mark, flow_style


class _Sequence(yaml.SequenceNode):
    tag = "tag:yaml.org,2002:seq"

    def __init__(self, value, start_mark, flow_style):
        self.value, self.start_mark, self.flow_style = value, start_mark, flow_style


def _build(text: str) -> yaml.Node | None:
    """The node tree of plain data in one walk over libyaml's events, or None.

    None whenever the file holds anything the exact path (guards, composer,
    tree checks) would report or refuse: a syntax error, a second document,
    an empty document, an anchor, alias or tag, nesting near ``MAX_DEPTH``, a
    key given twice in one mapping. For every other file the tree is the
    composer's (the same values, styles and marks), built without PyYAML's
    resolver and with the duplicate-key and depth checks done on the way;
    being iterative, it cannot recurse on deep input.
    """
    scalar_event, mapping_start, sequence_start = (yaml.ScalarEvent, yaml.MappingStartEvent,
                                                   yaml.SequenceStartEvent)
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    document_start, stream_end = yaml.DocumentStartEvent, yaml.StreamEndEvent
    scalar_node, limit = _Scalar, MAX_DEPTH - 1
    try:
        get = _Loader(text).get_event
        get()                                   # stream start
        if get().__class__ is not document_start:
            return None                         # no document at all
        root = None
        items: list | None = None               # the children of the innermost open collection
        stack: list = []                        # (parent's items, the open node) pairs
        while True:
            event = get()
            cls = event.__class__
            if cls is scalar_event:
                if event.anchor is not None or event.tag is not None:
                    return None
                node = scalar_node(event.value, event.style, event.start_mark, event.end_mark)
            elif cls is mapping_start or cls is sequence_start:
                if event.anchor is not None or event.tag is not None or len(stack) >= limit:
                    return None
                node = (_Mapping if cls is mapping_start else _Sequence)([], event.start_mark,
                                                                  event.flow_style)
                stack.append((items, node))
                items = node.value
                continue
            elif cls is mapping_end:
                items, node = stack.pop()
                pairs = node.value
                keys = [key.value for key in pairs[0::2] if key.__class__ is scalar_node]
                if len(set(keys)) != len(keys):
                    return None
                it = iter(pairs)
                node.value = list(zip(it, it))
                node.end_mark = event.end_mark
            elif cls is sequence_end:
                items, node = stack.pop()
                node.end_mark = event.end_mark
            else:                               # the document's end; an alias
                if cls is not yaml.DocumentEndEvent or get().__class__ is not stream_end:
                    return None
                if root is None or (root.__class__ is scalar_node and not root.style
                                    and root.value == ""):
                    return None
                return root
            if items is None:
                root = node
            else:
                items.append(node)
    except yaml.YAMLError:
        return None


class no_gc:  # noqa: N801 - used as a function: ``with no_gc():``
    """Pause the cyclic garbage collector while libyaml builds nodes.

    A node tree holds no reference cycles, but every allocation counts
    towards a collection that re-walks the whole growing tree: with the
    collector on, a 3 MB registry takes five times as long to compose.
    (A class, not ``@contextmanager``: it is entered several times per file.)
    """

    __slots__ = ("enabled",)

    def __enter__(self) -> None:
        self.enabled = gc.isenabled()
        if self.enabled:
            gc.disable()

    def __exit__(self, *exc) -> None:
        if self.enabled:
            gc.enable()


def _check_bytes(data: bytes, path: str, max_bytes: int) -> Diagnostic | None:
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
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _position(data, exc.start)
        return Diagnostic(Loc(path, line, col), "DT002",
                          f"invalid UTF-8 byte 0x{data[exc.start]:02x}",
                          hint="re-save the file as UTF-8")
    return None


def _check_lines(text: str, path: str) -> Diagnostic | None:
    # Fast path: pieces between '\n' are never shorter than the lines libyaml counts.
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


def _scan_events(text: str, path: str) -> list[Diagnostic]:
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


def _check_tree(root: yaml.Node, path: str) -> list[Diagnostic]:
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
    """Line and column (in characters) of a byte offset, counting breaks as libyaml does."""
    lines = _BREAK.split(data[:offset].decode("utf-8", errors="replace"))
    return len(lines), len(lines[-1]) + 1
