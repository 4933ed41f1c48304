"""The one-walk reader agrees with libyaml's composer and every check around it.

``reader._build`` turns libyaml's events into the node tree in one walk, with the duplicate-
key, depth, anchor and tag checks on the way, and hands anything unusual to
``reader.compose_checked`` (the composer and the separate checks it replaced). Whatever the
bytes, ``read_yaml`` must give what ``compose_checked`` alone gives: the same diagnostics,
and a tree with the same values, styles and positions.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st

from dealtrack.load import reader
from test_fuzz import FUZZ, SEEDS, mutated, yaml_like

ROOT = Path(__file__).resolve().parent.parent.parent


def _shape(node):
    """Everything the converter, fmt and the diagnostics read of a node tree."""
    if node is None:
        return None
    marks = (node.start_mark.line, node.start_mark.column, node.start_mark.index,
             node.end_mark.line, node.end_mark.column)
    if isinstance(node, yaml.ScalarNode):
        return ("scalar", node.value, node.style or None, marks, node.tag)
    if isinstance(node, yaml.SequenceNode):
        return ("seq", [_shape(item) for item in node.value], node.flow_style, marks, node.tag)
    return ("map", [(_shape(k), _shape(v)) for k, v in node.value], node.flow_style, marks,
            node.tag)


def _agree(data: bytes) -> bool:
    """Whether the fast path was taken (the file is plain data); asserts the agreement."""
    got_node, got_problems = reader.read_yaml(data, "x.yaml", reader.MAX_DEAL_BYTES)
    problem = reader._check_bytes(data, "x.yaml", reader.MAX_DEAL_BYTES)
    if problem is not None:
        return False
    text = data.decode("utf-8").removeprefix("\ufeff")
    if not text.strip() or reader._only_comments(text) or reader._check_lines(text, "x.yaml"):
        return False
    want_node, want_problems = reader.compose_checked(data, text, "x.yaml")
    assert got_problems == want_problems
    assert _shape(got_node) == _shape(want_node)
    return reader._build(text) is not None


def test_every_shipped_and_golden_file_reads_the_same_both_ways():
    files = sorted(ROOT.glob("deals/**/*.yaml")) + sorted(ROOT.glob("tests/cases/**/*.yaml"))
    fast = sum(_agree(path.read_bytes()) for path in files)
    assert fast > len(files) // 2   # the fast path is the common one, and it was compared


def test_a_generated_corpus_reads_the_same_both_ways(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("gen_corpus",
                                                  ROOT / "benchmarks" / "gen_corpus.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    gen.main(["60", str(tmp_path / "c"), "--invalid", "0.5"])
    for path in sorted((tmp_path / "c").rglob("*.yaml")):
        _agree(path.read_bytes())


@FUZZ
@given(data=yaml_like)
def test_yaml_like_text_reads_the_same_both_ways(data):
    _agree(data)


@FUZZ
@given(data=mutated())
def test_damaged_dataset_files_read_the_same_both_ways(data):
    _agree(data)


@FUZZ
@given(seed=st.sampled_from(SEEDS), key=st.sampled_from(["id", "title", "a", "sources"]),
       depth=st.integers(0, 40))
def test_duplicates_and_depth_go_to_the_exact_path(seed, key, depth):
    # A key repeated, or nesting at the limit, must reach the checks that report it.
    _agree(seed + f"\n{key}: 1\n{key}: 2\n".encode())
    _agree(("a:\n" + "".join("  " * i + "- b:\n" for i in range(depth)) + "  " * depth
            + "- c\n").encode())
