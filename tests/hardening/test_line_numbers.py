"""Locations count lines as editors, GitHub and ``grep -n`` do (LF, CRLF, CR).

libyaml also breaks lines at NEL (U+0085), LINE SEPARATOR (U+2028) and
PARAGRAPH SEPARATOR (U+2029); an invisible one in a comment used to move every
later annotation (line 38 of an 18-line file). Golden cases:
tests/cases/{invalid,valid}/invisible-line-breaks*, invalid/unclosed-quoted-scalar.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from dealtrack.load import parse_file
from hardening_support import diagnostics, file_lines, minimal_dataset, validate

CASES = Path(__file__).resolve().parent.parent / "cases"
DEAL = (CASES / "valid" / "minimal-deal" / "pk" / "ussm-fwo-2025.yaml").read_text(encoding="utf-8")
ODD = {"nel": "\x85", "ls": "\u2028", "ps": "\u2029"}
QUOTE = "quote: worth $500 million with an American metal company"

# (name, text replaced, replacement with {odd}): where the invisible break goes. In these
# the file still parses: a comment's end, quoted and block text.
PARSING = [
    ("comment-end", "instrument: mou", "instrument: mou  # per the ministry{odd}"),
    ("comment-line", "host: PK", "# host checked{odd}{odd}\nhost: PK"),
    ("double-quoted", QUOTE, 'quote: "worth $500{odd}million with an American metal company"'),
    ("single-quoted", QUOTE, "quote: 'worth $500{odd}million with an American metal company'"),
    ("folded-block", QUOTE, "quote: >-\n      worth $500 million{odd}\n      with an American"),
]
# In these libyaml breaks the line where the editor shows none: a syntax error.
BREAKING = [
    ("comment-middle", "instrument: mou", "instrument: mou  # a{odd}b"),
    ("plain-value", QUOTE, "quote: worth $500{odd}million with an American metal company"),
    ("key", "host: PK", "host: PK\nnote{odd}s: x"),
]


def _grep_n(path: Path, needle: str) -> int:
    """The line ``grep -n`` gives for the first line holding ``needle``."""
    if shutil.which("grep"):
        out = subprocess.run(["grep", "-a", "-n", "-F", "-m", "1", needle, str(path)],
                             capture_output=True, check=True).stdout
        return int(out.split(b":", 1)[0])
    return next(number for number, line in enumerate(path.read_bytes().split(b"\n"), 1)
                if needle.encode() in line)


def _deal(tmp_path: Path, old: str, new: str) -> Path:
    assert old in DEAL
    text = DEAL.replace(old, new).replace("status: signed", "status: signd") + "status: in-force\n"
    root = minimal_dataset(tmp_path / "data")
    (root / "pk" / "ussm-fwo-2025.yaml").write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("odd", ODD.values(), ids=ODD.keys())
@pytest.mark.parametrize(("name", "old", "new"), PARSING, ids=[c[0] for c in PARSING])
def test_every_location_is_the_grep_n_line(tmp_path, odd, name, old, new):
    root = _deal(tmp_path, old, new.format(odd=odd))
    path = root / "pk" / "ussm-fwo-2025.yaml"
    result = validate(root)
    first, second = _grep_n(path, "status: signd"), _grep_n(path, "status: in-force")
    assert result.returncode == 1, result.stderr
    assert sorted(diagnostics(result.stderr)) == [
        ("data/pk/ussm-fwo-2025.yaml", first, 9, "DT104"),
        ("data/pk/ussm-fwo-2025.yaml", second, 1, "DT011")], result.stderr
    assert f"(lines {first} and {second})" in result.stderr
    assert second <= len(file_lines(path.read_bytes()))


@pytest.mark.parametrize("odd", ODD.values(), ids=ODD.keys())
@pytest.mark.parametrize(("name", "old", "new"), BREAKING, ids=[c[0] for c in BREAKING])
def test_a_break_only_libyaml_sees_is_named_on_its_grep_n_line(tmp_path, odd, name, old, new):
    root = _deal(tmp_path, old, new.format(odd=odd))
    path = root / "pk" / "ussm-fwo-2025.yaml"
    there = _grep_n(path, odd)
    problems = parse_file("pk/ussm-fwo-2025.yaml", "x.yaml", path.read_bytes()).diagnostics
    assert [p.code for p in problems] == ["DT010"]
    # libyaml notices at most one (editor) line later; the hint names the line to fix.
    assert there <= problems[0].loc.line <= there + 1, problems[0]
    assert problems[0].hint.startswith(f"line {there} holds an invisible "), problems[0].hint


def _with_comments(text: str, tail: str) -> str:
    """A comment line ending in ``tail`` before every top-level line."""
    return "".join(f"# note{tail}\n{line}" if line[:1].isalnum() else line
                   for line in text.splitlines(keepends=True))


def _plain_utf8(path: Path) -> bool:
    """UTF-8 with LF breaks only (so comment lines can be added without changing anything else)."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not re.search("[\r\x85\u2028\u2029\ufeff]", text)


GOLDEN_FILES = sorted(p for kind in ("valid", "invalid") for p in (CASES / kind).glob("*/**/*.yaml")
                      if _plain_utf8(p))


@pytest.mark.parametrize("odd", ODD.values(), ids=ODD.keys())
def test_invisible_breaks_in_comments_never_move_a_diagnostic(odd):
    """Every golden file, with comment lines added: the same positions with or without them."""
    moved = []
    for path in GOLDEN_FILES:
        relpath = path.relative_to(next(p for p in path.parents if p.parent.parent == CASES))
        text = path.read_text(encoding="utf-8")
        plain = parse_file(relpath.as_posix(), "x.yaml", _with_comments(text, "").encode())
        odd_ = parse_file(relpath.as_posix(), "x.yaml", _with_comments(text, odd).encode())
        if ([(d.loc, d.code, d.message) for d in plain.diagnostics]
                != [(d.loc, d.code, d.message) for d in odd_.diagnostics]):
            moved.append(path)
    assert len(GOLDEN_FILES) > 50
    assert moved == []


def test_files_without_them_take_the_fast_path(monkeypatch):
    """The editor-line table is only built when NEL, LS or PS bytes are present."""
    from dealtrack.load import reader

    built = []
    monkeypatch.setattr(reader, "_EditorLines",
                        lambda text, real=reader._EditorLines: built.append(text) or real(text))
    parse_file("pk/x.yaml", "x.yaml", DEAL.encode())
    assert built == []
    parse_file("pk/x.yaml", "x.yaml", (DEAL + "# x\u2028\n").encode())
    assert len(built) == 1


def test_unclosed_quote_is_reported_where_it_opens():
    text = DEAL.replace("instrument: mou", 'instrument: "mou')
    (problem,) = parse_file("pk/x.yaml", "x.yaml", text.encode()).diagnostics
    assert (problem.loc.line, problem.loc.col, problem.code) == (3, 13, "DT010")
    assert "never closed" in problem.message


def test_an_invisible_break_far_from_a_syntax_error_is_not_blamed():
    text = "id: x\n# note\u2028\nb: 1\nc: 2\ntitle: a: b\n"
    (problem,) = parse_file("pk/x.yaml", "x.yaml", text.encode()).diagnostics
    assert (problem.loc.line, problem.loc.col, problem.code) == (5, 9, "DT010")
    assert "invisible" not in problem.hint
