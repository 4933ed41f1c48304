"""Loaded records are compact (shared key names, vocabulary and dates; positions packed) and
still answer every question about where a value was written."""

from __future__ import annotations

import shutil

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SHIPPED, TODAY
from dealtrack.load import codec, load_dataset, parse_file
from dealtrack.model import FieldLocs, Loc

DEAL = b"""\
id: acme-pk-2025
title: Acme copper agreement
instrument: agreement
status: signed
dates:
  announced: 2025-01-02
  signed: 2025-03-04
host: PK
parties:
  - party: ussm
    role: investor
value: USD 1.5 billion
sectors: [mining]
sources:
  - source: babar-2025
    quote: a refinery worth $1.5 billion
"""


def _deal(text: bytes = DEAL, relpath: str = "pk/acme-pk-2025.yaml"):
    result = parse_file(relpath, f"ds/{relpath}", text)
    (deal,) = result.records
    return deal


def test_field_locations_read_as_a_mapping_of_locs():
    deal = _deal()
    assert isinstance(deal.field_locs, FieldLocs)
    assert list(deal.field_locs) == ["id", "title", "instrument", "status", "dates", "host",
                                     "parties", "value", "sectors", "sources",
                                     "dates.announced", "dates.signed"]
    assert deal.field_locs["title"] == Loc("ds/pk/acme-pk-2025.yaml", 2, 8)
    assert deal.at("dates.signed") == Loc("ds/pk/acme-pk-2025.yaml", 7, 11)
    assert deal.at("value") == Loc("ds/pk/acme-pk-2025.yaml", 12, 8)
    # not written: the record's own place, as before
    assert deal.at("summary") == deal.loc == Loc("ds/pk/acme-pk-2025.yaml", 1, 1)
    assert deal.at("dates.completed") == deal.at("dates") == Loc("ds/pk/acme-pk-2025.yaml", 6, 3)
    assert "count" not in deal.field_locs and deal.field_locs.get("count") is None
    assert dict(deal.field_locs) == {key: deal.field_locs[key] for key in deal.field_locs}


def test_field_locations_survive_encoding_for_cache_and_workers():
    deal = _deal()
    (back,) = codec.decode(codec.encode(parse_file("pk/acme-pk-2025.yaml",
                                                   "ds/pk/acme-pk-2025.yaml", DEAL))).records
    assert back == deal
    assert back.field_locs == deal.field_locs
    assert back.at("dates.signed") == deal.at("dates.signed")


def test_records_share_key_names_vocabulary_and_dates():
    one = _deal()
    other = _deal(DEAL.replace(b"acme-pk-2025", b"beta-pk-2025"), "pk/beta-pk-2025.yaml")
    assert one.instrument is other.instrument and one.status is other.status
    assert one.host is other.host and one.value.currency is other.value.currency
    assert one.parties[0].party is other.parties[0].party
    assert one.dates["signed"] is other.dates["signed"]
    assert [k for k in one.field_locs] == [k for k in other.field_locs]
    assert all(a is b for a, b in zip(one.field_locs, other.field_locs))
    # a point figure is one Decimal, not two equal ones
    assert one.value.low is one.value.high


def test_loaded_dataset_answers_at_for_every_record_kind(tmp_path):
    root = tmp_path / "deals"
    shutil.copytree(SHIPPED, root)
    loaded = load_dataset(str(root), check=False)
    import datetime

    assert loaded.diagnostics == load_dataset(str(root), today=datetime.date.fromisoformat(TODAY),
                                              jobs=1).diagnostics
    for kind in ("deals", "parties", "sources", "reserves", "events", "claims", "rates"):
        for record in getattr(loaded.dataset, kind):
            assert isinstance(record.field_locs, FieldLocs)
            for key in record.field_locs:
                loc = record.at(key)
                assert loc.path == record.loc.path and loc.line >= record.loc.line


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789.,- to andmbk$\u0661\u0966xX")),
               max_size=60))
def test_figure_matches_are_exactly_the_regex_matches(text):
    from dealtrack.rules.provenance import _FIGURE, figure_matches

    assert [(m.span(), m.groups()) for m in figure_matches(text)] == \
        [(m.span(), m.groups()) for m in _FIGURE.finditer(text)]
