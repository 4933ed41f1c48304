"""One home for the file layout: every source of files names kinds and limits the same way."""

from __future__ import annotations

from dealtrack import gitio
from dealtrack.load import load_dataset
from dealtrack.load.fields import BY_REGISTRY, RECORD_TYPES
from dealtrack.load.layout import MAX_DEAL_BYTES, REGISTRIES, file_kind
from gitrepo import USSM, make_repo


def test_the_layout_names_the_registries_of_the_record_type_table():
    assert REGISTRIES == tuple(BY_REGISTRY)
    assert {file_kind(f"{name}.yaml") for name in REGISTRIES} == \
        {t.plural for t in RECORD_TYPES if t.registry}
    assert file_kind("pk/parties.yaml") == file_kind("x.yaml") == "deals"


def test_an_oversized_file_reads_the_same_in_the_working_tree_and_at_a_revision(tmp_path):
    repo = make_repo(tmp_path)
    path = repo.path(USSM)
    path.write_bytes(path.read_bytes() + b"# " + b"x" * 100 + b"\n" * MAX_DEAL_BYTES)
    repo.commit("A deal file over the limit")
    here = [d for d in load_dataset(str(repo.data)).diagnostics if d.code == "DT003"]
    there = [d for d in gitio.load_revision(str(repo.data), "HEAD").diagnostics
             if d.code == "DT003"]
    assert len(here) == len(there) == 1
    assert (here[0].message, here[0].hint, here[0].loc.line) == \
        (there[0].message, there[0].hint, there[0].loc.line)
    assert there[0].loc.path == f"HEAD:deals/{USSM}"
