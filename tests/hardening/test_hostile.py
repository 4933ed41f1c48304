"""Hostile input: every file a pull request could add gives a clean diagnostic, never a crash.

Byte-level cases go straight through ``parse_file`` (fast, exact positions);
everything that touches the file system, or could hang or kill the process,
runs ``dealtrack validate`` in a separate process with a timeout. Cases that
can live in git are golden folders too: tests/cases/invalid/hostile-*.
"""

from __future__ import annotations

import inspect
import os
import socket
import stat
import sys
from pathlib import Path

import pytest

from dealtrack.load import parse_file
from dealtrack.load.discover import discover
from hardening_support import assert_no_crash, diagnostics, minimal_dataset, validate

DEAL = (Path(__file__).resolve().parent.parent / "cases" / "valid" / "minimal-deal" / "pk"
        / "ussm-fwo-2025.yaml").read_bytes()


def _laughs(levels: int = 9) -> bytes:
    lines = ['lol1: &l1 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(2, levels + 1):
        lines.append(f"lol{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]")
    return ("\n".join(lines) + "\n").encode()


# (case, file name, bytes, code, line, column): a diagnostic the file must give.
# The first block are error cases of the YAML test suite (github.com/yaml/yaml-test-suite,
# src/<ID>.yaml with fail: true); ids are in the case names.
CASES = [
    ("yts-4EJS-tab-indentation", "x.yaml", b"---\na:\n\tb:\n\t\tc: value\n", "DT010", 3, 1),
    ("yts-9MAG-leading-comma", "x.yaml", b"---\n[ , a, b, c ]\n", "DT010", 2, 3),
    ("yts-CTN5-double-comma", "x.yaml", b"---\n[ a, b, c, , ]\n", "DT010", 2, 12),
    ("yts-6JTT-unclosed-at-eof", "x.yaml", b"---\n[ [ a, b, c ]\n", "DT010", 2, 14),
    ("yts-5LLU-block-scalar-indent", "x.yaml", b"block scalar: >\n \n  \n   \n invalid\n",
     "DT010", 5, 2),
    ("yts-2G84-indicator-zero", "x.yaml", b"--- |0\n", "DT010", 1, 6),
    ("yts-9MQT-document-end-in-quotes", "x.yaml", b'--- "a\n... x\nb"\n', "DT010", 2, 1),
    ("yts-DK95-tab-in-mapping", "x.yaml", b"foo:\n  a: 1\n\tb: 2\n", "DT010", 3, 1),
    ("yts-236B-value-after-mapping", "x.yaml", b"foo:\n  bar\ninvalid\n", "DT010", 3, 8),
    ("yts-BD7L-mapping-after-sequence", "x.yaml", b"- item1\n- item2\ninvalid: x\n",
     "DT010", 3, 1),
    ("yts-2CMS-plain-multiline-mapping", "x.yaml", b"this\n is\n  invalid: x\n", "DT010", 3, 10),
    ("yts-9KBC-mapping-on-document-marker", "x.yaml", b"--- key1: value1\n    key2: value2\n",
     "DT010", 1, 9),
    # libyaml accepts these two suite errors; the schema still refuses the result.
    ("yts-9JBA-comment-after-flow-accepted-by-libyaml", "x.yaml", b"---\n[ a, b, c, ]#invalid\n",
     "DT103", 2, 1),
    ("yts-DK95-tab-in-quotes-accepted-by-libyaml", "x.yaml", b'foo: "bar\n\tbaz"\n',
     "DT101", 1, 1),
    ("two-documents", "x.yaml", b"id: a\n---\nid: b\n", "DT014", 2, 1),
    # Alias bombs: refused before any tree is built.
    ("billion-laughs-in-a-deal", "x.yaml", _laughs(), "DT012", 1, 7),
    ("billion-laughs-in-a-registry", "parties.yaml",
     b'- &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
     + b"".join(b"- &%c [" % (ord("a") + i) + b", ".join([b"*%c" % (ord("a") + i - 1)] * 9)
                + b"]\n" for i in range(1, 9)), "DT012", 1, 3),
    ("alias-to-undefined-anchor", "x.yaml", b"title: *nowhere\n", "DT012", 1, 8),
    # Deep nesting, flow and block.
    ("5000-brackets-one-line", "x.yaml", b"[" * 5000 + b"]" * 5000 + b"\n", "DT004", 1, 1001),
    ("5000-brackets-one-per-line", "x.yaml", b"[\n" * 5000 + b"]\n" * 5000, "DT004", 33, 1),
    ("5000-braces-one-per-line", "x.yaml", b"{a:\n" * 5000 + b"}\n" * 5000, "DT004", 33, 1),
    ("100000-brackets-unclosed-lines", "parties.yaml", b"[\n" * 100_000, "DT004", 33, 1),
    ("100000-brackets-one-line", "parties.yaml", b"[" * 100_000 + b"]" * 100_000,
     "DT003", 1, 10_001),
    ("block-dashes-one-line", "x.yaml", b"- " * 4999 + b"x\n", "DT004", 1, 65),
    ("block-indented-1000-levels", "parties.yaml",
     b"".join(b" " * i + b"-\n" for i in range(1000)), "DT004", 33, 33),
    ("mapping-indented-1000-levels", "parties.yaml",
     b"".join(b" " * i + b"a:\n" for i in range(1000)), "DT004", 33, 33),
    # Sizes.
    ("long-line", "x.yaml", b"title: " + b"a" * 20_000 + b"\n", "DT003", 1, 10_001),
    ("long-line-after-cr-breaks", "x.yaml", b"id: x\rtitle: " + b"a" * 20_000,
     "DT003", 2, 10_001),
    ("deal-over-1-mib", "x.yaml", b"# " + b"x" * (1 << 20) + b"\n", "DT003", 1, 1),
    # Encodings and bytes.
    ("latin-1", "x.yaml", "id: x\ntitle: caf\xe9\n".encode("latin-1"), "DT002", 2, 11),
    ("utf-16-with-bom", "x.yaml", "id: x\n".encode("utf-16"), "DT002", 1, 1),
    ("utf-16-le-without-bom", "x.yaml", "id: x\n".encode("utf-16-le"), "DT002", 1, 2),
    ("utf-16-be-without-bom", "x.yaml", "id: x\n".encode("utf-16-be"), "DT002", 1, 1),
    ("utf-32-with-bom", "x.yaml", "id: x\n".encode("utf-32"), "DT002", 1, 1),
    ("utf-32-le-without-bom", "x.yaml", "id: x\n".encode("utf-32-le"), "DT002", 1, 2),
    ("nul-byte", "x.yaml", b"id: x\ntitle: a\x00b\n", "DT002", 2, 9),
    ("control-character-on-line-3", "x.yaml", b"id: x\ntitle: y\nstatus: a\x07\n",
     "DT010", 3, 10),
    ("control-character-after-multibyte", "x.yaml", "id: é\nti: é\x07\n".encode(),
     "DT010", 2, 6),
    ("lone-surrogate-bytes", "x.yaml", b"id: \xed\xa0\x80\n", "DT002", 1, 5),
    ("truncated-utf-8", "x.yaml", b"id: \xe2\x82", "DT002", 1, 5),
    ("empty", "x.yaml", b"", "DT005", 1, 1),
    ("only-whitespace", "x.yaml", b" \n\t\n", "DT005", 1, 1),
    ("only-comments", "parties.yaml", b"# nothing\n# here\n", "DT005", 1, 1),
    ("only-a-document-marker", "x.yaml", b"---\n...\n", "DT005", 1, 1),
    # Tags: nothing is ever constructed from them.
    ("python-apply-tag", "x.yaml", b"title: !!python/object/apply:os.system ['echo pwned']\n",
     "DT013", 1, 8),
    ("python-name-tag", "x.yaml", b"title: !!python/name:os.system\n", "DT013", 1, 8),
    ("python-tag-on-a-key", "x.yaml", b"? !!python/object/apply:os.getcwd []\n: x\n",
     "DT013", 1, 3),
    ("custom-local-tag", "x.yaml", b"host: !country PK\n", "DT013", 1, 7),
    ("verbatim-tag", "x.yaml", b"host: !<tag:example.com,2025:c> PK\n", "DT013", 1, 7),
    ("tag-directive", "x.yaml", b"%TAG !e! tag:example.com,2025:\n---\nhost: !e!c PK\n",
     "DT013", 3, 7),
    # Shapes.
    ("deal-is-a-list", "x.yaml", b"- id: x\n- id: y\n", "DT103", 1, 1),
    ("deal-is-a-scalar", "x.yaml", b"just text\n", "DT103", 1, 1),
    ("registry-is-a-mapping", "parties.yaml", b"ussm:\n  name: US\n", "DT114", 1, 1),
    ("registry-is-a-scalar", "sources.yaml", b"babar-2025\n", "DT114", 1, 1),
    ("registry-entry-is-a-list", "events.yaml", b"- [a, b]\n", "DT103", 1, 3),
    ("mapping-as-key", "x.yaml", b"? {a: b}\n: c\n", "DT101", 1, 3),
    ("huge-count", "x.yaml", b"count: " + b"9" * 5000 + b"\n", "DT108", 1, 8),
    ("huge-exponent-amount", "x.yaml", b"value: USD 1e999999999\n", "DT107", 1, 8),
]


@pytest.mark.parametrize("name, filename, data, code, line, col", CASES,
                         ids=[c[0] for c in CASES])
def test_hostile_bytes_give_a_precise_diagnostic(name, filename, data, code, line, col):
    result = parse_file(filename, filename, data)
    found = [(d.code, d.loc.line, d.loc.col) for d in result.diagnostics]
    assert (code, line, col) in found, found[:5]
    assert all(d.loc.path == filename for d in result.diagnostics)
    if code < "DT100":  # refused while reading: nothing of the file is converted
        assert result.records == () and len(found) == 1, found[:5]


def test_a_utf8_byte_order_mark_is_accepted():
    result = parse_file("pk/ussm-fwo-2025.yaml", "d.yaml", b"\xef\xbb\xbf" + DEAL)
    assert result.diagnostics == ()
    assert result.records[0].id == "ussm-fwo-2025"


def test_control_characters_in_values_reach_messages_escaped():
    """A value is quoted in a message; an escape sequence in it must not reach the terminal."""
    data = b'id: x\nstatus: "\\e[2J\\e]8;;http://evil\\e\\\\"\n"k\\r\\e[31m": 1\n'
    messages = " ".join(d.message for d in parse_file("x.yaml", "x.yaml", data).diagnostics)
    assert "is not a valid status" in messages and "unknown key" in messages
    assert not any(ch in messages for ch in "\x1b\r\n\x07")
    assert "\\x1b[2J" in messages


def test_thousands_of_problems_in_one_file_are_cut_short():
    data = b"".join(b"k%d: v\n" % i for i in range(50_000))
    result = parse_file("x.yaml", "x.yaml", data)
    assert len(result.diagnostics) == 101
    assert "the rest are not shown" in result.diagnostics[-1].message


# A repeated key or a too-deep value wherever it sits in a deal: in a nested record, in a
# value read as one scalar, under an unknown key. (The tree checks run only on files whose
# reading found something else to say, or passed over a repeated key: each place is held.)
@pytest.mark.parametrize("insert, after, code, line", [
    ("    role: investor\n", b"  - party: ussm\n    role: investor\n", "DT011", 11),
    ("  signed: 2025-09-09\n", b"  signed: 2025-09-08\n", "DT011", 7),
    ("    quote: again\n", b"    quote: worth $500 million with an American metal company\n",
     "DT011", 18),
    ("sectors: [mining]\n", b"sectors: [critical-minerals, mining]\n", "DT011", 15),
    ("note: {a: 1, a: 2}\n", b"host: PK\n", "DT011", 8),
    ("title2: {b: 1, b: 2}\n", b"host: PK\n", "DT011", 8),
    ("summary: " + "[" * 33 + "1" + "]" * 33 + "\n", b"host: PK\n", "DT004", 8),
    ("  - " + "{a: " * 33 + "1" + "}" * 33 + "\n", b"    role: host\n", "DT004", 13),
], ids=["party", "dates", "citation", "top-level", "under-unknown-key", "unknown-key-value",
        "deep-scalar-value", "deep-list-item"])
def test_repeated_keys_and_depth_are_found_anywhere(insert, after, code, line):
    data = DEAL.replace(after, after + insert.encode(), 1)
    assert data != DEAL
    result = parse_file("pk/ussm-fwo-2025.yaml", "d.yaml", data)
    found = [(d.code, d.loc.line) for d in result.diagnostics]
    assert (code, line) in found, found
    if code == "DT004":
        assert result.records == ()


def test_a_clean_deal_has_no_tree_findings():
    result = parse_file("pk/ussm-fwo-2025.yaml", "d.yaml", DEAL)
    assert result.diagnostics == () and len(result.records) == 1


def test_thousands_of_duplicate_keys_are_cut_short():
    result = parse_file("x.yaml", "x.yaml", b"a: 1\n" * 20_000)
    duplicates = [d for d in result.diagnostics if d.code == "DT011"]
    assert len(duplicates) == 100
    assert duplicates[-1].message.endswith("(and 19,899 more in this file)")


# --- Through the CLI, in a separate process -----------------------------------------------


def _expect(result, *expected: tuple[str, int, int, str], exit_code: int = 1) -> None:
    assert_no_crash(result)
    found = diagnostics(result.stderr)
    for item in expected:
        assert item in found, (item, result.stderr[-3000:])
    assert result.returncode == exit_code, result.stderr[-3000:]


def test_big_files_are_refused_by_size_without_being_read(tmp_path):
    root = minimal_dataset(tmp_path / "ds")
    for rel in ("pk/huge.yaml", "events.yaml"):
        with open(root / rel, "wb") as handle:
            handle.truncate(20 << 20)  # 20 MB (sparse: size is checked before reading)
    (root / "notes.bin").write_bytes(b"\x00" * (21 << 20))  # not YAML: ignored
    _expect(validate(root),
            ("ds/events.yaml", 1, 1, "DT003"), ("ds/pk/huge.yaml", 1, 1, "DT003"))


def test_a_registry_near_the_size_limit_loads_in_bounded_time(tmp_path):
    root = minimal_dataset(tmp_path / "ds")
    entry = "- id: p{0}\n  name: Party {0}\n  country: PK\n  type: company\n"
    with open(root / "parties.yaml", "a", encoding="utf-8") as handle:
        handle.writelines(entry.format(i) for i in range(20_000))  # ~1.2 MB
    result = validate(root)
    assert_no_crash(result)
    assert result.returncode == 0, result.stderr[-2000:]


def test_deep_nesting_does_not_crash_the_process(tmp_path):
    """libyaml's composer recurses per level; 100,000 levels must never reach it."""
    root = minimal_dataset(tmp_path / "ds")
    (root / "deep").mkdir()
    (root / "deep" / "brackets.yaml").write_bytes(b"[\n" * 100_000 + b"]\n" * 100_000)
    (root / "deep" / "braces.yaml").write_bytes(b"{a: " * 2000 + b"\n" + b"}" * 2000 + b"\n")
    (root / "deep" / "one-line.yaml").write_bytes(b"[" * 100_000)
    (root / "deep" / "dashes.yaml").write_bytes(b"".join(b" " * i + b"-\n"
                                                          for i in range(1400)))
    _expect(validate(root),
            ("ds/deep/brackets.yaml", 33, 1, "DT004"),
            ("ds/deep/braces.yaml", 1, 129, "DT004"),  # the 33rd '{a: '
            ("ds/deep/one-line.yaml", 1, 10_001, "DT003"),
            ("ds/deep/dashes.yaml", 33, 33, "DT004"))


def _folder_chain(root: Path, depth: int) -> Path:
    """``depth`` folders ``a/a/…`` below ``root``, a file ``x.yaml`` in the last; that folder."""
    here = root
    for _ in range(depth):
        here = here / "a"
        here.mkdir()
    (here / "x.yaml").write_bytes(b"id: x\n")
    return here


def test_folders_nested_deeper_than_the_recursion_limit(tmp_path):
    """The walk is iterative: it survives a tree deeper than Python lets a function recurse."""
    root = minimal_dataset(tmp_path / "ds")
    _folder_chain(root, 300)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack(0)) + 100)  # 300 levels of recursion would fail
    try:
        files, problems = discover(str(root))
    finally:
        sys.setrecursionlimit(limit)
    assert problems == []
    assert "a/" * 300 + "x.yaml" in [f.relpath for f in files]
    result = validate(root)
    assert_no_crash(result)
    assert result.returncode == 1
    found = diagnostics(result.stderr)
    assert found and all(path.endswith("/a/x.yaml") for path, _, _, _ in found)


def test_a_deep_folder_chain_costs_the_same_per_level(tmp_path, monkeypatch):
    """Going one folder deeper costs the same at any depth: no ``realpath`` per folder (each
    one walks every level above it) and no copy of every ancestor; a loop deep down is still
    found."""
    root = minimal_dataset(tmp_path / "ds")
    here = _folder_chain(root, 400)
    os.symlink("../../..", here / "up")  # a loop, 400 levels down
    calls = []
    real = os.path.realpath
    monkeypatch.setattr(os.path, "realpath", lambda *a, **k: calls.append(a) or real(*a, **k))
    files, problems = discover(str(root))
    assert len(calls) <= 2          # the root, and the one symlink; not one per folder
    assert "a/" * 400 + "x.yaml" in [f.relpath for f in files]
    assert [(p.code, p.loc.path.endswith("/a/up")) for p in problems] == [("DT006", True)]


def test_symlink_loops_are_reported_not_followed(tmp_path):
    root = minimal_dataset(tmp_path / "ds")
    os.symlink("self.yaml", root / "pk" / "self.yaml")
    os.symlink("b.yaml", root / "pk" / "a.yaml")
    os.symlink("a.yaml", root / "pk" / "b.yaml")
    os.symlink("..", root / "pk" / "up")  # a folder loop: pk/up/pk/up/...
    _expect(validate(root),
            ("ds/pk/self.yaml", 1, 1, "DT006"), ("ds/pk/a.yaml", 1, 1, "DT006"),
            ("ds/pk/b.yaml", 1, 1, "DT006"), ("ds/pk/up", 1, 1, "DT006"))


def test_symlinks_out_of_the_root_are_never_read(tmp_path):
    root = minimal_dataset(tmp_path / "ds")
    secret = tmp_path / "secret.yaml"
    secret.write_text("id: [TOP-SECRET-VALUE\n", encoding="utf-8")  # a syntax error would quote it
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "leak.yaml").write_text("TOP-SECRET-VALUE: 1\n", encoding="utf-8")
    os.symlink(secret, root / "pk" / "secret.yaml")
    os.symlink("../../outside", root / "pk" / "outside")
    os.symlink("/dev/zero", root / "pk" / "zero.yaml")
    os.symlink("/etc/passwd", root / "passwd.yaml")
    result = validate(root)
    _expect(result, ("ds/pk/secret.yaml", 1, 1, "DT006"), ("ds/pk/outside", 1, 1, "DT006"),
            ("ds/pk/zero.yaml", 1, 1, "DT006"), ("ds/passwd.yaml", 1, 1, "DT006"))
    assert "TOP-SECRET" not in result.stderr + result.stdout
    assert "root:" not in result.stderr + result.stdout


def test_a_symlink_inside_the_root_is_followed(tmp_path):
    root = minimal_dataset(tmp_path / "ds")
    (root / "archive").mkdir()
    os.rename(root / "pk" / "ussm-fwo-2025.yaml", root / "archive" / "ussm-fwo-2025.yaml")
    os.symlink("../archive/ussm-fwo-2025.yaml", root / "pk" / "ussm-fwo-2025.yaml")
    result = validate(root)
    assert_no_crash(result)
    # The same deal is reached twice, so its id is a duplicate: proof that both were read.
    assert [code for *_, code in diagnostics(result.stderr)] == ["DT201"]


def test_fifos_sockets_and_devices_are_skipped_without_blocking(tmp_path):
    root = minimal_dataset(tmp_path / "ds")
    os.mkfifo(root / "pk" / "fifo.yaml")
    os.mkfifo(root / "claims.yaml")  # a registry name
    os.mkfifo(root / "pk" / "notes.txt")  # not YAML: not even looked at
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(root / "pk" / "socket.yaml"))
        _expect(validate(root, timeout=60),
                ("ds/claims.yaml", 1, 1, "DT006"), ("ds/pk/fifo.yaml", 1, 1, "DT006"),
                ("ds/pk/socket.yaml", 1, 1, "DT006"))
    finally:
        server.close()


def _unreadable(path: Path) -> bool:
    try:
        if path.is_dir():
            os.listdir(path)
        else:
            path.open("rb").close()
    except PermissionError:
        return True
    return False


def test_unreadable_files_and_folders(tmp_path):
    root = minimal_dataset(tmp_path / "ds")
    (root / "locked").mkdir()
    (root / "locked" / "x.yaml").write_bytes(DEAL)
    os.chmod(root / "pk" / "ussm-fwo-2025.yaml", 0)
    os.chmod(root / "locked", 0)
    try:
        if not _unreadable(root / "pk" / "ussm-fwo-2025.yaml"):
            pytest.skip("running with privileges that ignore file permissions (root): chmod 000 "
                        "does not make a file unreadable here")
        _expect(validate(root), ("ds/locked", 1, 1, "DT001"),
                ("ds/pk/ussm-fwo-2025.yaml", 1, 1, "DT001"))
    finally:
        os.chmod(root / "locked", stat.S_IRWXU)


def test_a_file_that_vanishes_or_changes_type_is_still_reported_cleanly(tmp_path):
    """Read errors other than permissions (here EISDIR via a folder named like a file)."""
    root = minimal_dataset(tmp_path / "ds")
    (root / "pk" / "folder.yaml").mkdir()  # a folder whose name ends in .yaml is a folder
    (root / "pk" / "folder.yaml" / "inner.yaml").write_bytes(b"id: inner\n")
    result = validate(root)
    assert_no_crash(result)
    assert ("ds/pk/folder.yaml/inner.yaml", 1, 1, "DT102") in diagnostics(result.stderr)


def test_file_names_that_would_break_the_output(tmp_path):
    """Names with undecodable bytes or control characters are reported, escaped, not read."""
    root = minimal_dataset(tmp_path / "ds")
    (root / "pk" / "new\nline.yaml").write_bytes(b"id: x\n")
    with open(os.path.join(os.fsencode(root / "pk"), b"\xff\xfe.yaml"), "wb") as handle:
        handle.write(b"id: x\n")
    (root / "pk" / "\x1b[2Jclear.yaml").write_bytes(b"id: x\n")
    result = validate(root)
    _expect(result, ("ds/pk/new\\nline.yaml", 1, 1, "DT001"),
            ("ds/pk/\\xff\\xfe.yaml", 1, 1, "DT001"), ("ds/pk/\\x1b[2Jclear.yaml", 1, 1, "DT001"))
    assert "\x1b" not in result.stderr
    assert result.stderr.rstrip().splitlines()[-1] == "3 files checked: 3 errors, 0 warnings"


def test_many_small_files(tmp_path):
    root = minimal_dataset(tmp_path / "ds")
    for i in range(1500):
        folder = root / f"f{i % 30}"
        folder.mkdir(exist_ok=True)
        (folder / f"d{i}.yaml").write_bytes(b"id: d%d\ntitle: [\n" % i)
    result = validate(root)
    assert_no_crash(result)
    assert result.returncode == 1
    assert len(diagnostics(result.stderr)) == 1500


@pytest.mark.parametrize("setup, message", [
    (lambda base: base / "missing", "dataset folder not found"),
    (lambda base: (base / "file.yaml").write_bytes(b"id: x\n") and base / "file.yaml",
     "not a folder"),
    (lambda base: os.mkfifo(base / "fifo") or base / "fifo", "not a folder"),
    (lambda base: os.symlink("loop", base / "loop") or base / "loop", "cannot read dataset folder"),
], ids=["missing", "a-file", "a-fifo", "a-symlink-loop"])
def test_an_unusable_root_is_one_line_and_exit_2(tmp_path, setup, message):
    root = setup(tmp_path)
    result = validate(root, timeout=60)
    assert_no_crash(result)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr


def test_a_root_the_user_may_not_list_is_exit_2(tmp_path):
    root = minimal_dataset(tmp_path / "ds")
    os.chmod(root, 0)
    try:
        if not _unreadable(root):
            pytest.skip("running with privileges that ignore file permissions (root): chmod 000 "
                        "does not make a folder unreadable here")
        result = validate(root)
        assert_no_crash(result)
        assert result.returncode == 2 and "cannot read dataset folder" in result.stderr
    finally:
        os.chmod(root, stat.S_IRWXU)


@pytest.mark.parametrize("contents", [{}, {"README.md": b"# notes\n", ".git/HEAD": b"ref\n"}],
                         ids=["empty-folder", "no-yaml-files"])
def test_a_dataset_of_zero_files_fails_with_dt007(tmp_path, contents):
    # A mistyped --data naming some other folder must not pass CI as "no problems".
    root = tmp_path / "ds"
    root.mkdir()
    for rel, data in contents.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    result = validate(root, timeout=60)
    assert_no_crash(result)
    assert result.returncode == 1
    assert diagnostics(result.stderr) == [("ds", 1, 1, "DT007")]
    assert "no YAML files in the dataset folder" in result.stderr
    assert result.stderr.rstrip().endswith("0 files checked: 1 error, 0 warnings"), result.stderr
