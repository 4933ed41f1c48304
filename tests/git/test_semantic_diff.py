"""The semantic diff between revisions: matched by type and id, spelled in data terms."""

from __future__ import annotations

import pytest

from dealtrack.cli.diff import compare
from dealtrack.render.changes import describe_field, describe_shift
from gitrepo import B2B, USSM, make_repo


@pytest.fixture
def repo(tmp_path):
    return make_repo(tmp_path)


def _fields(diff, record_id):
    record = next(r for r in diff.records if r.id == record_id)
    return [describe_field(f) for f in record.fields]


def test_nothing_changed_gives_an_empty_diff(repo):
    diff = compare(str(repo.data), ["HEAD"])
    assert diff.records == () and not diff.changed


def test_a_file_moved_to_another_folder_is_one_move_not_remove_and_add(repo):
    repo.move(B2B, "pakistan/china/pk-cn-b2b-mous-2025.yaml")
    repo.commit("Reorganise folders")
    diff = compare(str(repo.data), ["HEAD~1", "HEAD"])
    assert [(r.type, r.id, r.change) for r in diff.records] == [
        ("deal", "pk-cn-b2b-mous-2025", "moved")]
    moved = diff.records[0]
    assert (moved.old_path, moved.new_path) == (B2B, "pakistan/china/pk-cn-b2b-mous-2025.yaml")
    assert diff.effects.totals == ()  # a move changes no total


def test_status_and_value_change_in_data_terms_with_the_shift_in_shares(repo):
    repo.edit(USSM, "status: signed", "status: in-force")
    repo.edit(USSM, "  signed: 2025-09-08", "  signed: 2025-09-08\n  in-force: 2025-10-01")
    repo.edit(USSM, "value: USD 500 million", "value: USD 1.5 billion")
    diff = compare(str(repo.data), ["HEAD"], None)
    assert _fields(diff, "ussm-fwo-critical-minerals-2025") == [
        "status: signed → in-force", "dates.in-force: + 2025-10-01",
        "value: USD 500 million → USD 1.5 billion"]
    us = next(s for s in diff.effects.totals if s.key == ("US",))
    assert describe_shift(us) == ("US: USD 500 million → USD 1.5 billion; "
                                         "share 10.6 % → 26.3 %")
    reserve = diff.effects.reserves[0]
    assert reserve.key == ("pk-rare-earths",)
    assert reserve.new_value.low == reserve.old_value.low + 1_000_000_000


def test_sources_and_approximate_dates_are_spelled_as_written(repo):
    repo.edit(B2B, "  signed: ~2025-09-06", "  signed: 2025-09-04")
    repo.edit(B2B, "sources:\n", "sources:\n  - source: brecorder-ussm-mou-views-2025\n")
    diff = compare(str(repo.data), ["HEAD"])
    assert _fields(diff, "pk-cn-b2b-mous-2025") == [
        "dates.signed: ~2025-09-06 → 2025-09-04", "sources: + brecorder-ussm-mou-views-2025"]


def test_added_and_removed_records_of_every_type_are_matched_by_type_and_id(repo):
    text = repo.path("parties.yaml").read_text()
    repo.path("parties.yaml").write_text(
        text + "- id: fwo-2\n  name: FWO again\n  country: PK\n  type: military\n")
    repo.path("pk/jbic-reko-diq-lender-2025.yaml").unlink()
    diff = compare(str(repo.data), ["HEAD"])
    summary = {(r.type, r.id, r.change) for r in diff.records}
    assert ("party", "fwo-2", "added") in summary
    assert ("deal", "jbic-reko-diq-lender-2025", "removed") in summary


def test_a_reordered_or_recommented_file_is_not_a_change(repo):
    path = repo.path(USSM)
    lines = path.read_text().splitlines(keepends=True)
    title = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines.insert(0, lines.pop(title))           # title before id
    lines.insert(3, "# a new comment\n")
    path.write_text("".join(lines))
    assert compare(str(repo.data), ["HEAD"]).records == ()


def test_a_revision_with_a_broken_file_still_diffs_what_loads(repo):
    repo.path(B2B).write_text("id: pk-cn-b2b-mous-2025\ntitle: [oops\n")
    repo.edit(USSM, "status: signed", "status: stalled")
    repo.commit("Broken file and a status change")
    diff = compare(str(repo.data), ["HEAD~1", "HEAD"])
    assert ("deal", "ussm-fwo-critical-minerals-2025", "changed") in {
        (r.type, r.id, r.change) for r in diff.records}
    assert any(d.code == "DT010" and d.loc.path == f"HEAD:deals/{B2B}"
               for d in diff.new.diagnostics)
    broken = next(r for r in diff.records if r.id == "pk-cn-b2b-mous-2025")
    assert (broken.change, broken.unreadable) == ("unreadable", "new")
    assert [d.code for d in broken.problems] == ["DT010"]
    assert not diff.effects.computed and not diff.complete


def test_a_new_reserve_estimate_shows_as_added_with_its_share_in_the_effects(repo):
    # An estimate on one side only once stopped ``dealtrack diff`` with an internal error.
    from typer.testing import CliRunner

    from dealtrack.cli.app import app

    text = repo.path("reserves.yaml").read_text()
    estimate = text[text.index("- id: pk-rare-earths"):]
    repo.path("reserves.yaml").write_text(
        text + estimate.replace("id: pk-rare-earths", "id: pk-rare-earths-2", 1))
    repo.commit("A second estimate")
    diff = compare(str(repo.data), ["HEAD~1", "HEAD"])
    assert ("reserve", "pk-rare-earths-2", "added") in {
        (r.type, r.id, r.change) for r in diff.records}
    added = next(s for s in diff.effects.reserves if s.key == ("pk-rare-earths-2",))
    assert added.old_value is None and added.new_value is not None
    assert [s.key for s in diff.effects.reserves] == [("pk-rare-earths-2",)]
    done = CliRunner().invoke(app, ["diff", "HEAD~1", "HEAD", "--data", str(repo.data)])
    assert done.exit_code == 0, done.output
    assert "pk-rare-earths-2" in done.stdout
