"""Round 6 prototype: rapidyaml (a wheel from PyPI) in front of libyaml, faithful or not.

    python benchmarks/proto_parser.py benchmarks/corpus/10000 [--repeat 5] [--mutants 20000]

Not part of dealtrack, and rapidyaml is not a dependency: run it from a scratch
virtualenv that has ``rapidyaml`` and dealtrack installed, e.g.

    python -m venv SCRATCH && SCRATCH/bin/pip install rapidyaml -e .
    SCRATCH/bin/python benchmarks/proto_parser.py benchmarks/corpus/10000

Without rapidyaml it prints why and exits 0.

The faithful route, per file (``faithful_values``):

1. dealtrack's own byte guards (size, encoding, NUL, line length, empty file),
   then a byte pre-filter that sends to libyaml every file that could hold an
   anchor, alias, tag, directive, second document, complex key, deep nesting,
   tab, CR or a line break libyaml counts and editors do not;
2. ``ryml.parse_in_arena`` (any error: libyaml decides, with its message);
3. ``ryml.emit_json`` and ``json.loads`` with hooks that refuse what the JSON
   route cannot carry exactly: a duplicate key, a null (plain empty or
   ``null``), a float whose text rapidyaml may have changed (``-.5`` becomes
   ``-0.5``, ``5.`` becomes ``5.0``), JSON that is not valid (``+5``, ``00.5``
   are emitted raw), strings rapidyaml rewrites (``.NaN`` -> ``.nan``) or whose
   plain/quoted style matters to dealtrack (``~``, ``Null``, ``NULL``);
   ``true``/``false`` come back as their text. Any refusal: libyaml decides.

The result is plain values (dict / list / exact scalar text), without positions:
positions would be computed lazily, by composing with libyaml only the files
that have a finding.

It prints CPU times over ``--repeat`` alternating rounds (``time.process_time``, garbage
collector paused as dealtrack's reader pauses it):

* the floor (``yaml.compose`` with ``CSafeLoader``, as ``floor_compose.py``),
  dealtrack's reader (guards + resolver-less compose + tree check), dealtrack's
  whole per-file step (``parse_file``: reader + conversion to records);
* rapidyaml: parse alone, the lossy JSON route, the faithful route;
* a stand-in for records (typed fields: dates, Decimal money, references) built
  from libyaml's nodes and from the plain values;

and a differential check against libyaml (PyYAML's C parser, the reference) over
the corpus, every YAML file under tests/, a list of hostile snippets and
``--mutants`` seeded random mutations of corpus files: every file where the
faithful route returns values that differ from libyaml's text, or accepts a
file libyaml (or dealtrack's reader) rejects, is a disagreement.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import re
import statistics
import sys
import time
from decimal import Decimal, InvalidOperation

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

import yaml  # noqa: E402

from dealtrack.load import reader  # noqa: E402
from dealtrack.load.layout import MAX_DEAL_BYTES, size_limit  # noqa: E402
from dealtrack.load.parse import parse_file  # noqa: E402

try:
    import ryml
except ImportError:  # pragma: no cover - the point of this prototype
    ryml = None


class Refused(Exception):
    """The JSON route cannot carry this file exactly: libyaml decides."""


FALLBACK = object()
from yaml._yaml import CParser as _CParser  # noqa: E402 - libyaml's parser (PyYAML's C part)

# --- the faithful route ------------------------------------------------------------------

# Bytes that send a file to libyaml before rapidyaml sees it. '&', '*', '!' and deep or
# very long lines are dealtrack's own event-scan test (reader._needs_event_scan).
_LINE_START = re.compile(rb"(?:^|\n)(?:---|\.\.\.|%| *\? | *\?\n)")
_ODD = (b"\t", b"\r", b"\xc2\x85", b"\xe2\x80\xa8", b"\xe2\x80\xa9", b"\xef\xbb\xbf")
# Nesting: a block collection's content starts right of its parent's, by at least one
# column per two levels, and each flow bracket adds one: a file whose lines start before
# column 24 and that holds at most 6 brackets cannot pass dealtrack's 32 levels.
_DEEP_LINE = re.compile(rb"\n[ -]{24,}")
_MAX_BRACKETS = 6
# Strings that rapidyaml writes differently from the source (.NaN -> .nan), or whose style
# (plain = null for dealtrack; quoted = text) JSON cannot carry.
_AMBIGUOUS_STRING = re.compile(r'"(?:~|Null|NULL|[-+]?\.(?:inf|nan))"')
# Floats rapidyaml may have completed: '.5' -> '0.5', '-.5' -> '-0.5', '5.' -> '5.0'.
_AMBIGUOUS_FLOAT = re.compile(r"^[-+]?0\.|\.0(?:[eE]|$)")


_source = [b""]  # the bytes being decoded, for _float


def _float(token: str) -> str:
    """A float's text as written: refused if rapidyaml may have added a 0 to it.

    ``0.92`` is what was written unless the file holds a plain ``.92`` somewhere;
    then it could be either, and libyaml decides.
    """
    if _AMBIGUOUS_FLOAT.search(token) is None:
        return token
    shorter = []
    lead = re.match(r"([-+]?)0\.(.*)\Z", token)
    if lead:
        shorter.append(f"{lead.group(1)}.{lead.group(2)}")
    trail = re.match(r"(.*)\.0([eE].*)?\Z", token)
    if trail:
        shorter.append(f"{trail.group(1)}.{trail.group(2) or ''}")
    for short in shorter:
        if re.search(rb"(?<![\w.])" + re.escape(short.encode()) + rb"(?![\w.])", _source[0]):
            raise Refused("float text may have been changed")
    return token


def _pairs(pairs: list) -> dict:
    mapping = dict(pairs)
    if len(mapping) != len(pairs):
        raise Refused("duplicate key")
    for key, value in pairs:
        cls = value.__class__
        if cls is str or cls is dict:
            continue
        if cls is list:
            value = _items(value)
        elif value is None:
            raise Refused("null")
        else:  # True / False: rapidyaml emits them raw only for plain 'true' / 'false'
            value = "true" if value else "false"
        mapping[key] = value
    return mapping


def _items(items: list) -> list:
    for index, value in enumerate(items):
        cls = value.__class__
        if cls is str or cls is dict:
            continue
        if cls is list:
            items[index] = _items(value)
        elif value is None:
            raise Refused("null")
        else:
            items[index] = "true" if value else "false"
    return items


_decoder = json.JSONDecoder(parse_int=str, parse_float=_float, object_pairs_hook=_pairs,
                            strict=False)


# One C-speed scan for every byte that needs a closer look: control characters, tab, CR,
# the anchor/alias/tag/directive/complex-key indicators, and the lead bytes of NEL, LS, PS
# and the BOM (U+0085 is C2 85; U+2028/9 E2 80 A8/A9; U+FEFF EF BB BF).
_SUSPECT = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f&*!?%\xc2\xe2\xef]")


def prefilter(data: bytes, max_bytes: int = MAX_DEAL_BYTES) -> str | None:
    """Why this file goes to libyaml without trying rapidyaml, or None."""
    if _SUSPECT.search(data) is not None and (why := _suspect(data, max_bytes)) is not None:
        return why
    if len(data) > max_bytes:
        return "guard"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "guard"
    if data.startswith((b"---", b"...")) or b"\n---" in data or b"\n..." in data:
        return "document marker/directive/complex key"
    if len(data) > reader._SAFE_LINE and max(map(len, data.split(b"\n"))) > reader._SAFE_LINE:
        return "long line"
    if _CONTENT.search(text) is None or reader._check_lines(text, "") is not None:
        return "empty or long line"
    brackets = data.count(b"[") + data.count(b"{")
    if brackets > reader._SAFE_BRACKETS:
        return "over 1,000 brackets"  # dealtrack's event scan, without recursion
    if brackets > _MAX_BRACKETS or _DEEP_LINE.search(data):
        return "may nest deeply"  # the last test: faithful_values then measures the values
    return None


_CONTENT = re.compile(r"^[ ]*[^#\s]", re.MULTILINE)  # a line that is not blank or a comment


def _suspect(data: bytes, max_bytes: int) -> str | None:
    """The exact tests, for the few files the one-scan test picked out."""
    if reader._check_bytes(data, "", max_bytes) is not None:
        return "guard"
    if b"&" in data or b"*" in data or b"!" in data:
        return "anchor/alias/tag bytes"
    if _LINE_START.search(data) is not None:
        return "document marker/directive/complex key"
    for odd in _ODD:
        if odd in data:
            return "tab/CR/odd break/BOM"
    if re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", data):
        return "control character"
    return None


def _too_deep(value, limit: int = reader.MAX_DEPTH) -> bool:
    """Whether values nest deeper than dealtrack allows (a scalar counts as a level)."""
    stack = [(value, 1)]
    while stack:
        value, depth = stack.pop()
        if depth >= limit:
            return True
        children = value.values() if value.__class__ is dict else value
        for child in children:
            if child.__class__ is not str:
                stack.append((child, depth + 1))
    return False


def faithful_values(data: bytes, counts: dict | None = None, gate: bool = True,
                    max_bytes: int = MAX_DEAL_BYTES):
    """Plain values of one file by rapidyaml's JSON route, or FALLBACK (libyaml decides).

    ``gate``: first let libyaml's own parser run over the file without building
    anything (``CParser.raw_parse``, C only): a file libyaml rejects goes to
    libyaml for its message, so rapidyaml, more lenient in places (``]x`` as a
    plain scalar, ``> -`` as a block header, control characters, ``@x``),
    never accepts what dealtrack rejects today.
    """
    why = prefilter(data, max_bytes)
    if why == "may nest deeply":  # measured on the values below instead
        why, deep = None, True
    else:
        deep = False
    if why is None and gate:
        try:
            _CParser(data).raw_parse()
        except yaml.YAMLError:
            why = "libyaml rejects"
    if why is None:
        try:
            js = ryml.emit_json(ryml.parse_in_arena(data))
        except Exception:  # noqa: BLE001 - rapidyaml's parse errors: libyaml words them
            why = "rapidyaml error"
        else:
            if _AMBIGUOUS_STRING.search(js) is not None:
                why = "ambiguous string"
            else:
                _source[0] = data
                try:
                    value = _decoder.decode(js)
                except Refused as exc:
                    why = str(exc)
                except ValueError:
                    why = "not JSON (+5, 00.5 ...)"
                else:
                    if value.__class__ is list:  # a registry: the root list has no hook
                        try:
                            value = _items(value)
                        except Refused as exc:
                            why = str(exc)
                    if why is not None:
                        pass
                    elif value.__class__ not in (dict, list):
                        why = "neither a mapping nor a list"
                    elif deep and _too_deep(value):
                        why = "nests deeper than 32"
                    else:
                        return value
    if counts is not None:
        counts[why] = counts.get(why, 0) + 1
    return FALLBACK


def faithful_or_libyaml(data: bytes, path: str, counts: dict | None = None, gate: bool = True):
    """What production would do: the faithful route, else dealtrack's reader."""
    limit = size_limit(path)
    value = faithful_values(data, counts, gate, limit)
    if value is FALLBACK:
        node, problems = reader.read_yaml(data, path, limit)
        return node_values(node) if node is not None else None
    return value


# --- libyaml, the reference ----------------------------------------------------------------

_NULLS = ("", "~", "null", "Null", "NULL")


def node_values(node):
    """libyaml's node tree as plain values: mappings as dicts, scalars as their text.

    A plain null (empty, '~', 'null', ...) is None: the faithful route never returns one.
    A non-scalar key becomes a tuple, which the JSON route cannot produce either.
    """
    cls = node.__class__
    if cls is yaml.ScalarNode:
        return None if (not node.style and node.value in _NULLS) else node.value
    if cls is yaml.SequenceNode:
        return [node_values(item) for item in node.value]
    out = {}
    for key, value in node.value:
        out[key.value if key.__class__ is yaml.ScalarNode else ("complex", id(key))] = \
            node_values(value)
    return out


def ordered(value):
    """A comparable form that keeps key order (dict == dict does not)."""
    if isinstance(value, dict):
        return ("map", tuple((k, ordered(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ("seq", tuple(ordered(v) for v in value))
    return value


def reference(data: bytes, path: str):
    """('reject', codes) when dealtrack's reader refuses the file, else ('ok', values)."""
    node, problems = reader.read_yaml(data, path, size_limit(path))
    if node is None or problems:
        return ("reject", tuple(sorted({p.code for p in problems})))
    return ("ok", node_values(node))


def compare(data: bytes, path: str, tally: dict, examples: list, gate: bool) -> None:
    ref = reference(data, path)
    why: dict = {}
    got = faithful_values(data, why, gate=gate, max_bytes=size_limit(path))
    if got is FALLBACK:
        key = f"to libyaml ({next(iter(why))})"
        tally[key] = tally.get(key, 0) + 1
        return
    if ref[0] == "reject":
        key = "DISAGREE: rapidyaml accepted what libyaml rejects"
    elif ordered(ref[1]) != ordered(got):
        key = "DISAGREE: different values"
    else:
        key = "same values"
    tally[key] = tally.get(key, 0) + 1
    if key.startswith("DISAGREE") and len(examples) < 12:
        examples.append((path, key, data, ref, got))


# --- stand-in for records ------------------------------------------------------------------

_DATE = re.compile(r"(~)?\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\Z")
_MONEY = re.compile(r"(?:(about|up to|at least)\s+)?([A-Za-z]{3})\s+([\d.,]+)(?:\s+([a-z]+))?\Z")


def _money(text):
    if text.__class__ is not str:
        return text
    found = _MONEY.match(text)
    if not found:
        return text
    try:
        return (found.group(2), Decimal(found.group(3).replace(",", "")), found.group(4))
    except InvalidOperation:
        return text


def _date(text: str):
    found = _DATE.match(text)
    return found.groups() if found else text


def record_from_values(deal: dict) -> tuple:
    """Typed fields from plain values: roughly the work of convert_deal, without positions."""
    dates = deal.get("dates")
    return (deal.get("id"), deal.get("title", "").strip(), deal.get("status"),
            {k: _date(v) for k, v in dates.items()} if isinstance(dates, dict) else None,
            _money(deal.get("value")),
            tuple((p.get("party"), p.get("role")) for p in deal.get("parties", ())
                  if isinstance(p, dict)),
            tuple(deal.get("sectors", ())), deal.get("binding") == "true",
            tuple(s.get("source") for s in deal.get("sources", ()) if isinstance(s, dict)))


def record_from_node(node) -> tuple:
    """The same typed fields from libyaml's nodes, keeping each value's (line, col)."""
    locs = {}
    fields = {}
    for key, value in node.value:
        mark = value.start_mark
        locs[key.value] = (mark.line + 1, mark.column + 1)
        fields[key.value] = value
    dates = fields.get("dates")
    parties = fields.get("parties")
    sources = fields.get("sources")

    def sub(item, name):
        for k, v in item.value:
            if k.value == name:
                return v.value, (v.start_mark.line + 1, v.start_mark.column + 1)
        return None

    return (fields["id"].value, fields["title"].value.strip(), fields["status"].value,
            {k.value: (_date(v.value), (v.start_mark.line + 1, v.start_mark.column + 1))
             for k, v in dates.value} if dates is not None else None,
            _money(fields["value"].value) if "value" in fields else None,
            tuple((sub(p, "party"), sub(p, "role")) for p in parties.value)
            if parties is not None else (),
            tuple(s.value for s in fields["sectors"].value) if "sectors" in fields else (),
            fields["binding"].value == "true" if "binding" in fields else False,
            tuple(sub(s, "source") for s in sources.value) if sources is not None else (),
            locs)


# --- driver ----------------------------------------------------------------------------------


def read_tree(root: str) -> list[tuple[str, bytes]]:
    files = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.endswith((".yaml", ".yml")):
                path = os.path.join(folder, name)
                with open(path, "rb") as handle:
                    files.append((os.path.relpath(path, root), handle.read()))
    return files


# Hostile snippets: the scalars dealtrack reads from their text, in every style, plus
# block-scalar folding, escapes, and what must be rejected.
_TOKENS = ["1.10", "+5", "-.5", ".5", "5.", "007", "00.5", "0x1F", "0o17", "1_000", "1e3",
           "1E3", "-1.5e3", ".5e+3", "true", "True", "TRUE", "false", "NO", "no", "yes",
           "on", "~", "null", "Null", "NULL", "", ".inf", ".Inf", "-.INF", ".NaN", "nan",
           "2001-09-01", "2001-09", "12:30", "1:20:30", "-0", "0.", "=", "<<", "-", "#x"]


def hostile() -> list[tuple[str, bytes]]:
    out = []
    for n, token in enumerate(_TOKENS):
        for style, shown in (("plain", token), ("single", f"'{token}'"),
                             ("double", f'"{token}"')):
            out.append((f"token-{n}-{style}", f"id: x\nv: {shown}\nl: [{shown}]\n".encode()))
            out.append((f"key-{n}-{style}", f"{shown}: 1\nb: c\n".encode()))
    blocks = ["a: >\n  one\n  two\n\n  three\n", "a: >-\n  one\n    more\n  two\n",
              "a: |+\n  keep\n\n\nb: 1\n", "a: |-\n  strip\n\n", "a: >2\n   lead\n  x\n",
              "a: >\n\n  after blank\n", "a: |\n  trailing   \n  x\n",
              "a: >\n  x\n   \n  y\n", "a: >\n  a\n\n\n  b\n  \n",
              "a: \"x\\\n  y\"\n", "a: \"tab\\there \\u00e9 \\x41 \\/ \\N \\_ \\L \\P \\e\"\n",
              "a: 'it''s'\n", "a: \"multi\n  line\n\n  quoted\"\n", "a: plain\n  continued\n",
              "a: plain # comment\n", "a: x#y\n", "a: \"x\" # c\n", "a:\n- 1\n- 2\n",
              "a: [1, [2, {b: c}]]\n", "a: {b: , c: d}\n", "a: [ ]\n", "a: {}\n",
              "a: b\n  c: d\n", "a: 'unclosed\n", "a: [1, 2\n", "- a\nb: c\n",
              "a: b: c\n", "a: 1\na: 2\n", "a: &x 1\nb: *x\n", "a: !!str 1\n",
              "a: !local x\n", "a: 1\n---\nb: 2\n", "%YAML 1.1\n---\na: 1\n",
              "? complex\n: 2\n", "[a]: 1\n", "{a: 1}: 2\n", "a: 1\n...\n",
              "a: x\u0085y\n", "a: x\u2028y\n", "a:\tb\n", "a: b\r\nc: d\r\n",
              "a: \"\\x00\"\n", "a: \"\x1b\"\n", "a: \u00e9\u4e2d\U0001f600\n",
              "a: 'x\n\n  y'\n", "a: -\n", "a: - b\n", "a: :x\n", "a: x:\n", "a: ?x\n",
              "a: @x\n", "a: `x\n", "a: |\n", "a: >\n", "a:\n", "a: [a,b]c\n",
              "\"a\": 1\n", "'a': 1\n", "a : 1\n", "a:  1  \n", "a: 1 \n", "a: [a, b, ]\n",
              "a: {b: 1, b: 2}\n", "a: [{b: 1}, {b: 1}]\n", "a: x\n b: y\n",
              "a:\n  - b: 1\n    c: 2\n  - d\n", "a:\n - b\n -  c\n", "a: 'a\\b'\n",
              "a: \"\\q\"\n", "a: \"\\u12\"\n", "a: |2-\n    x\n", "a: >-\n\n\n", "a: '  '\n"]
    for n, text in enumerate(blocks):
        out.append((f"block-{n}", text.encode("utf-8")))
    return out


_MUTATIONS = [b":", b" ", b"-", b"\n", b"'", b'"', b"#", b"[", b"]", b"{", b"}", b",",
              b"  ", b"\n  ", b"|", b">", b"~", b".", b"0", b"\\"]


def mutants(files: list[tuple[str, bytes]], count: int, seed: int = 6) -> list[tuple[str, bytes]]:
    rng = random.Random(seed)
    out = []
    for n in range(count):
        path, data = files[rng.randrange(len(files))]
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(data) + 1)
            if rng.random() < 0.3 and at < len(data):
                data = data[:at] + data[at + 1:]
            else:
                data = data[:at] + rng.choice(_MUTATIONS) + data[at:]
        out.append((f"mutant-{n}-{path}", data))
    return out


_ALPHABET = list("abcdefgh :#-'\"\\\n é中 ,|>~.09+eE") + ["  ", "\n\n", " \n", "- ", ": "]


def _text(rng: random.Random) -> str:
    if rng.random() < 0.3:
        return rng.choice(_TOKENS)
    return "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 24)))


def _structure(rng: random.Random, depth: int = 0):
    if depth > 2 or rng.random() < 0.5:
        return _text(rng)
    if rng.random() < 0.3:
        return [_structure(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {_text(rng).replace("\n", " ")[:16] or "k": _structure(rng, depth + 1)
            for _ in range(rng.randint(1, 6))}


def generated(count: int, seed: int = 61) -> list[tuple[str, bytes]]:
    """Random documents of random text written by libyaml's emitter in every scalar style."""
    rng = random.Random(seed)
    out = []
    for n in range(count):
        doc = {f"k{i}": _structure(rng) for i in range(rng.randint(1, 6))}
        text = yaml.dump(doc, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False,
                         default_style=rng.choice([None, None, "'", '"', "|", ">"]),
                         default_flow_style=rng.choice([False] * 8 + [None, True]),
                         width=rng.randint(20, 120), indent=rng.choice([2, 4]))
        out.append((f"generated-{n}", text.encode("utf-8")))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--mutants", type=int, default=20000)
    parser.add_argument("--generated", type=int, default=5000)
    parser.add_argument("--skip-timing", action="store_true")
    args = parser.parse_args()
    if ryml is None:
        print("rapidyaml is not installed (pip install rapidyaml): nothing to measure")
        return 0
    # rapidyaml's default error callback writes every parse error to the process's stderr
    # (fd 2) before raising; the Python API offers no other way to keep it off the terminal.
    # Python's own errors still reach the terminal through a copy of the old fd 2.
    sys.stderr.flush()
    sys.stderr = os.fdopen(os.dup(2), "w", buffering=1)
    os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
    files = read_tree(args.root)
    deals = [(p, d) for p, d in files if "/" in p]
    print(f"{len(files)} files ({len(deals)} deals), {sum(len(d) for _, d in files) / 1e6:.1f} MB;"
          f" rapidyaml {ryml.version}, PyYAML {yaml.__version__}, Python "
          f"{sys.version.split()[0]}; CPU s over {args.repeat} alternating rounds, GC paused")

    counts: dict = {}
    values = [faithful_values(d, counts) for _, d in deals]
    print(f"faithful route on the {len(deals)} deals: {sum(v is not FALLBACK for v in values)}"
          f" by rapidyaml, fallbacks {counts or 'none'}")

    if not args.skip_timing:
        nodes = [reader.read_yaml(d, p)[0] for p, d in deals]
        limits = [(p, d, size_limit(p)) for p, d in files]
        rows = [
            ("floor: yaml.compose, CSafeLoader",
             lambda: [yaml.compose(d, Loader=yaml.CSafeLoader) for _, d in files]),
            ("dealtrack reader.read_yaml (guards, resolver-less compose, tree check)",
             lambda: [reader.read_yaml(d, p, m) for p, d, m in limits]),
            ("dealtrack parse_file (read_yaml + convert to records)",
             lambda: [parse_file(p, p, d) for p, d in files]),
            ("rapidyaml parse_in_arena",
             lambda: [ryml.parse_in_arena(d) for _, d in files]),
            ("rapidyaml parse + emit_json",
             lambda: [ryml.emit_json(ryml.parse_in_arena(d)) for _, d in files]),
            ("rapidyaml JSON route, lossy (json.loads, parse_int/parse_float=str)",
             lambda: [json.loads(ryml.emit_json(ryml.parse_in_arena(d)), parse_int=str,
                                 parse_float=str) for _, d in files]),
            ("rapidyaml JSON route, faithful hooks alone (no pre-filter, gate, fallback)",
             lambda: [_decoder.decode(ryml.emit_json(ryml.parse_in_arena(d))) for _, d in files]),
            ("pre-filter and guards alone",
             lambda: [prefilter(d, m) for _, d, m in limits]),
            ("libyaml raw_parse gate alone (CParser.raw_parse)",
             lambda: [_CParser(d).raw_parse() for _, d in files]),
            ("faithful route, pre-filter only, + fallback to read_yaml",
             lambda: [faithful_or_libyaml(d, p, gate=False) for p, d in files]),
            ("faithful route, libyaml-gated, + fallback to read_yaml",
             lambda: [faithful_or_libyaml(d, p) for p, d in files]),
            ("stand-in records from libyaml nodes, with positions (deals)",
             lambda: [record_from_node(n) for n in nodes]),
            ("stand-in records from plain values, no positions (deals)",
             lambda: [record_from_values(v) for v in values if v is not FALLBACK]),
        ]
        times: dict = {label: [] for label, _ in rows}
        for _ in range(args.repeat):  # alternating: every row once per round
            for label, fn in rows:
                gc.collect()
                gc.disable()
                start = time.process_time()
                fn()
                times[label].append(time.process_time() - start)
                gc.enable()
        floor = times[rows[0][0]]
        print(f"| step (all {len(files)} files unless marked) | CPU s, best | median | "
              f"× floor, median of rounds |")
        print("|---|---:|---:|---:|")
        for label, _ in rows:
            got = times[label]
            ratio = statistics.median(g / f for g, f in zip(got, floor))
            print(f"| {label} | {min(got):.3f} | {statistics.median(got):.3f} | {ratio:.2f} |")

    sets = [("corpus (all files)", files),
            ("tests/**/*.yaml", [(f"tests/{p}", d) for p, d in
                                 read_tree(os.path.join(os.path.dirname(HERE), "tests"))]),
            ("hostile snippets", hostile()),
            (f"{args.mutants} mutants of corpus deals", mutants(deals, args.mutants)),
            (f"{args.generated} generated documents (libyaml emitter, every style)",
             generated(args.generated))]
    print("\n| set | files | route | outcome counts |")
    print("|---|---:|---|---|")
    examples: list = []
    for label, batch in sets:
        for gate in (False, True):
            tally: dict = {}
            for path, data in batch:
                compare(data, path, tally, examples if gate else [], gate)
            print(f"| {label} | {len(batch)} | {'libyaml-gated' if gate else 'pre-filter only'} | "
                  f"{'; '.join(f'{k}: {v}' for k, v in sorted(tally.items()))} |", flush=True)
    for path, key, data, ref, got in examples:
        print(f"\n{key}: {path}\n{data!r}\nlibyaml: {ref!r}\nrapidyaml: {got!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
