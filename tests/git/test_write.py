"""Atomic writes: whole or nothing, never over an existing file unless asked."""

from __future__ import annotations

import os

import pytest

from dealtrack.errors import DealtrackError
from dealtrack.write import write_atomic


def test_a_new_file_is_written_whole_with_normal_permissions(tmp_path):
    target = tmp_path / "x.yaml"
    write_atomic(str(target), b"id: x\n")
    assert target.read_bytes() == b"id: x\n"
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    assert os.listdir(tmp_path) == ["x.yaml"]


def test_an_existing_file_is_never_overwritten_unless_asked(tmp_path):
    target = tmp_path / "x.yaml"
    target.write_bytes(b"old\n")
    with pytest.raises(DealtrackError, match="already exists; not overwritten"):
        write_atomic(str(target), b"new\n")
    assert target.read_bytes() == b"old\n"
    target.chmod(0o640)
    write_atomic(str(target), b"new\n", overwrite=True)
    assert target.read_bytes() == b"new\n"
    assert target.stat().st_mode & 0o777 == 0o640
    assert os.listdir(tmp_path) == ["x.yaml"]


def test_a_concurrent_edit_is_not_lost(tmp_path):
    target = tmp_path / "x.yaml"
    target.write_bytes(b"edited by someone else\n")
    with pytest.raises(DealtrackError, match="changed while it was being rewritten"):
        write_atomic(str(target), b"ours\n", overwrite=True, expect=b"what we read\n")
    assert target.read_bytes() == b"edited by someone else\n"
    assert os.listdir(tmp_path) == ["x.yaml"]


def test_a_failed_link_leaves_no_temporary_file(tmp_path, monkeypatch):
    def race(src, dst):
        raise FileExistsError(17, "File exists")

    monkeypatch.setattr(os, "link", race)
    with pytest.raises(DealtrackError, match="already exists"):
        write_atomic(str(tmp_path / "x.yaml"), b"data\n")
    assert os.listdir(tmp_path) == []


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path):
    real = tmp_path / "real.yaml"
    real.write_bytes(b"old\n")
    real.chmod(0o640)
    link = tmp_path / "link.yaml"
    link.symlink_to("real.yaml")
    write_atomic(str(link), b"new\n", overwrite=True, expect=b"old\n")
    assert link.is_symlink() and os.readlink(link) == "real.yaml"
    assert real.read_bytes() == b"new\n"
    assert real.stat().st_mode & 0o777 == 0o640
    assert sorted(os.listdir(tmp_path)) == ["link.yaml", "real.yaml"]


def test_a_broken_symlink_is_not_written_through(tmp_path):
    link = tmp_path / "link.yaml"
    link.symlink_to("missing.yaml")
    with pytest.raises(DealtrackError, match="is a broken symlink; not written"):
        write_atomic(str(link), b"new\n", overwrite=True)
    assert sorted(os.listdir(tmp_path)) == ["link.yaml"]
