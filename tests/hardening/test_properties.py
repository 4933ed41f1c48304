"""Properties over generated datasets (hypothesis).

* ``validate`` never crashes, and every diagnostic points at a line that exists
  in the file it names, also after random damage to one file;
* totals and shares do not change when records are reordered, deal files are
  spread over sub-folders, or amounts are spelled another equivalent way
  (``4.2 billion`` = ``4200000000`` = ``4,200,000,000`` = ``4.2e9``);
* load → ``fmt`` → load gives the same records, and a second ``fmt`` changes nothing;
* ``diff(A, A)`` is empty and ``diff(B, A)`` is the mirror image of ``diff(A, B)``.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import tempfile
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from dealtrack.analysis.diff import FieldChange, RecordChange, Side, diff_datasets
from dealtrack.analysis.shares import compute_shares
from dealtrack.analysis.totals import compute_totals
from dealtrack.canonical import KINDS, record_data, record_key
from dealtrack.fmt import format_file
from dealtrack.load import load_dataset
from dealtrack.load.discover import discover, read_bytes
from hardening_support import TODAY, file_lines

EXAMPLES = int(os.environ.get("DEALTRACK_PROPERTY_EXAMPLES", "20"))
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

PARTIES = [("ussm", "US", "company"), ("fwo", "PK", "military"), ("cn-gov", "CN", "government"),
           ("au-gov", "AU", "government"), ("equinor", "NO", "state-owned"), ("jbic", "JP", "bank")]
HOSTS = ["PK", "NO", "AU", "US"]
SECTORS = ["mining", "rare-earths", "oil", "energy"]
INSTRUMENTS = ["mou", "agreement", "contract", "loan", "investment"]
ROLES = ["investor", "lender", "partner", "host", "signatory"]
SCALES = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12}
REGISTRIES = {
    "sources.yaml": [
        {"id": "s1", "title": "First report", "kind": "news", "date": "2025-10"},
        {"id": "s2", "title": "Second report", "kind": "official", "date": "~2025"}],
    "reserves.yaml": [
        {"id": "pk-rare-earths", "country": "PK", "commodity": "rare-earths",
         "value": "USD 6 to 8 trillion", "sources": [{"source": "s1", "quote": "6 to 8 trillion"}]},
        {"id": "no-oil", "country": "NO", "commodity": "oil", "value": "about USD 2 trillion",
         "sources": [{"source": "s2", "quote": "2 trillion"}]}],
    "rates.yaml": [
        {"date": "2025-01-01", "from": "PKR", "to": "USD", "rate": "0.0036",
         "sources": [{"source": "s2"}]}],
}


# --- Generating datasets, as plain data first ---------------------------------------------

@st.composite
def amounts(draw):
    """An exact amount (low, high) as integers: a few significant digits times a power of ten."""
    power = draw(st.integers(3, 12))
    low = draw(st.integers(1, 9999)) * 10 ** power
    high = low + draw(st.sampled_from([0, 0, draw(st.integers(1, 999)) * 10 ** power]))
    return low, high


def spellings(low: int, high: int) -> list[str]:
    """Every way the format lets one write this amount; all must read as the same number."""
    def each(number: int) -> list[str]:
        digits = str(number)
        mantissa = digits.rstrip("0") or "0"
        exponent = len(digits) - len(mantissa)
        return [digits, f"{number:,}", f"{number:_}", f"{mantissa}e{exponent}"]

    forms = [f"{a} to {b}" if low != high else a for a, b in zip(each(low), each(high))]
    for word, power in SCALES.items():
        scaled = [format((Decimal(n) / 10 ** power).normalize(), "f") for n in (low, high)]
        forms.append((f"{scaled[0]} to {scaled[1]}" if low != high else scaled[0]) + f" {word}")
    return forms


@st.composite
def deals(draw, index: int) -> dict:
    parties = draw(st.lists(st.sampled_from([p[0] for p in PARTIES]), min_size=1, max_size=3,
                            unique=True))
    deal = {
        "id": f"deal-{index}",
        "title": f"Deal number {index}",
        "instrument": draw(st.sampled_from(INSTRUMENTS)),
        "status": "signed",
        "dates": {"signed": f"2025-{draw(st.integers(1, 12)):02d}-{draw(st.integers(1, 28)):02d}"},
        "host": draw(st.sampled_from(HOSTS)),
        "parties": [{"party": p, "role": draw(st.sampled_from(ROLES))} for p in parties],
        "sectors": draw(st.lists(st.sampled_from(SECTORS), min_size=1, max_size=2, unique=True)),
        "sources": [{"source": draw(st.sampled_from(["s1", "s2"])), "quote": "as reported"}],
    }
    if draw(st.booleans()):
        deal["count"] = draw(st.integers(1, 30))
    if draw(st.integers(0, 3)):
        low, high = draw(amounts())
        deal["value"] = {"low": low, "high": high,
                         "currency": draw(st.sampled_from(["USD", "USD", "PKR"])),
                         "qualifier": draw(st.sampled_from(["", "about ", "up to ", "at least "])),
                         "form": draw(st.integers(0, 7)), "long": draw(st.booleans())}
    return deal


@st.composite
def datasets(draw) -> dict:
    """A valid dataset as data: deals plus the fixed registries."""
    count = draw(st.integers(1, 6))
    return {"deals": [draw(deals(i)) for i in range(count)],
            "folders": [draw(st.sampled_from(["", "pk/", "a/b/", "deep/er/still/"]))
                        for _ in range(count)]}


# --- Writing them out ----------------------------------------------------------------------

def _scalar(value) -> str:
    text = str(value)
    return json.dumps(text) if text[:1] in "~" or ":" in text or text in ("NO",) else text


def _yaml(value, indent: int = 0) -> str:
    """Block YAML for plain data (enough for the generated records)."""
    pad = " " * indent
    if isinstance(value, dict):
        out = ""
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                out += f"{pad}{key}:\n{_yaml(item, indent + 2)}"
            else:
                out += f"{pad}{key}: {_scalar(item)}\n"
        return out
    out = ""
    for item in value:
        if isinstance(item, dict):
            body = _yaml(item, indent + 2)
            out += f"{pad}- {body[indent + 2:]}"
        else:
            out += f"{pad}- {_scalar(item)}\n"
    return out


def _money(value: dict, form: int | None = None):
    forms = spellings(value["low"], value["high"])
    amount = forms[(value["form"] if form is None else form) % len(forms)]
    if value["long"]:
        out = {"amount": amount, "currency": value["currency"]}
        if value["qualifier"]:
            out["qualifier"] = value["qualifier"].strip()
        return out
    return f"{value['qualifier']}{value['currency']} {amount}"


def write_dataset(root: Path, spec: dict, *, shuffle: random.Random | None = None,
                  folders: bool = True, form: int | None = None) -> Path:
    """Write ``spec`` under ``root``; ``shuffle`` reorders records and keys, ``form`` respells."""
    parties = [{"id": p, "name": p.upper(), "country": c, "type": t} for p, c, t in PARTIES]
    registries = {"parties.yaml": parties, **REGISTRIES}
    for name, records in registries.items():
        records = [dict(r) for r in records]
        if shuffle:
            shuffle.shuffle(records)
            records = [_shuffled(r, shuffle) for r in records]
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(_yaml(records), encoding="utf-8")
    for deal, folder in zip(spec["deals"], spec["folders"]):
        record = {k: v for k, v in deal.items() if k != "value"}
        if "value" in deal:
            record["value"] = _money(deal["value"], form)
        if shuffle:
            record = _shuffled(record, shuffle)
        path = root / (folder if folders else "") / f"{deal['id']}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_yaml(record), encoding="utf-8")
    return root


def _shuffled(record: dict, rng: random.Random) -> dict:
    keys = list(record)
    rng.shuffle(keys)
    return {k: record[k] for k in keys}


@contextmanager
def folder():
    with tempfile.TemporaryDirectory(prefix="dealtrack-prop-") as name:
        yield Path(name)


def load(root: Path):
    loaded = load_dataset(str(root), today=None)
    return loaded


# --- Views of the results that must not depend on layout or spelling -----------------------

def totals_view(dataset) -> list:
    out = []
    for by in (("host",), ("instrument", "partner")):
        result = compute_totals(dataset, by, currency="USD")
        groups = sorted((g.key, g.instruments, g.deals, g.value, g.share, tuple(sorted(g.deal_ids)),
                         g.reported_deals) for g in result.groups)
        out.append((groups, result.total.value, result.total.instruments,
                    sorted((d.code, d.message) for d in result.diagnostics)))
    return out


def shares_view(dataset) -> list:
    result = compute_shares(dataset, currency="USD")
    return [(r.reserve_id, r.value, r.total, r.total_share,
             sorted((row.deal_id, row.value, row.share, row.instruments) for row in r.rows))
            for r in sorted(result.reserves, key=lambda r: r.reserve_id)]


def model_view(dataset) -> dict:
    """Every record as data (no locations), keyed by type and id."""
    return {kind: sorted((record_key(kind, r), repr(record_data(kind, r)))
                         for r in getattr(dataset, kind)) for kind in KINDS}


# --- The properties --------------------------------------------------------------------------

@PROPERTY
@given(spec=datasets(), seed=st.integers(0, 2**32), form=st.integers(0, 7))
def test_totals_and_shares_ignore_order_folders_and_spelling(spec, seed, form):
    with folder() as top:
        plain = load(write_dataset(top / "plain", spec, folders=False))
        assert plain.errors == [], plain.errors[:3]
        moved = load(write_dataset(top / "moved", spec, shuffle=random.Random(seed), form=form))
        assert moved.errors == [], moved.errors[:3]
    assert totals_view(moved.dataset) == totals_view(plain.dataset)
    assert shares_view(moved.dataset) == shares_view(plain.dataset)


def test_the_spellings_really_differ_and_agree():
    """The generator's spellings are the ones the format names, and read as one number."""
    from dealtrack.load.values import parse_amount

    forms = spellings(4_200_000_000, 4_200_000_000)
    assert {"4200000000", "4,200,000,000", "4_200_000_000", "42e8", "4.2 billion"} <= set(forms)
    assert {parse_amount(f) for f in forms} == {(Decimal(4_200_000_000),) * 2}
    ranged = spellings(6 * 10**12, 8 * 10**12)
    assert "6 to 8 trillion" in ranged
    assert {parse_amount(f) for f in ranged} == {(Decimal(6 * 10**12), Decimal(8 * 10**12))}


@PROPERTY
@given(spec=datasets(), seed=st.integers(0, 2**32))
def test_fmt_keeps_the_model_and_is_idempotent(spec, seed):
    with folder() as top:
        root = write_dataset(top / "ds", spec, shuffle=random.Random(seed))
        before = load(root)
        assert _fmt(root) > 0 or not spec["deals"]  # shuffled keys: something to reorder
        after = load(root)
        assert _fmt(root) == 0
    assert model_view(after.dataset) == model_view(before.dataset)
    # Warnings (a figure not quoted) stay the same; only their lines may move.
    assert sorted((d.code, d.message) for d in after.diagnostics) == \
        sorted((d.code, d.message) for d in before.diagnostics)


def _fmt(root: Path) -> int:
    """Format every file in place (as ``dealtrack fmt`` does); returns how many changed."""
    refs, _ = discover(str(root))
    changed = 0
    for ref in refs:
        data, _ = read_bytes(ref, 1 << 24)
        result = format_file(ref.relpath, ref.display, data)
        assert result.text is not None, result.reason
        if result.changed:
            Path(ref.abspath).write_text(result.text, encoding="utf-8")
            changed += 1
    return changed


def _side(label: str, root: Path) -> Side:
    loaded = load(root)
    return Side(label, None, loaded.dataset, tuple(loaded.diagnostics),
                path_prefix=str(root) + os.sep)


def _mirror(change: RecordChange) -> tuple:
    swap = {"added": "removed", "removed": "added"}
    fields = tuple(FieldChange(f.field, f.new, f.old, f.removed, f.added, f.reordered)
                   for f in change.fields)
    return (change.type, change.id, swap.get(change.change, change.change), change.new_path,
            change.old_path, _unordered(fields))


def _plain_change(change: RecordChange) -> tuple:
    return (change.type, change.id, change.change, change.old_path, change.new_path,
            _unordered(change.fields))


def _unordered(fields) -> tuple:
    # The order fields are listed in may follow the side they came from; the changes may not.
    return tuple(sorted(fields, key=repr))


@PROPERTY
@given(a=datasets(), b=datasets(), seed=st.integers(0, 2**32))
def test_diff_of_a_dataset_with_itself_is_empty_and_diffs_mirror(a, b, seed):
    with folder() as top:
        side_a = _side("A", write_dataset(top / "a", a))
        again = _side("A again", write_dataset(top / "a2", a, shuffle=random.Random(seed)))
        side_b = _side("B", write_dataset(top / "b", b))
        assert diff_datasets(side_a, side_a, effects=False).records == ()
        assert diff_datasets(side_a, again, effects=False).records == ()
        forward = diff_datasets(side_a, side_b, effects=False).records
        backward = diff_datasets(side_b, side_a, effects=False).records
    assert sorted(map(_mirror, forward)) == sorted(map(_plain_change, backward))
    if _meaning(a) != _meaning(b):
        assert forward, "different datasets, no difference found"


def _meaning(spec: dict) -> list:
    """What a generated dataset says, without how it is spelt: an explicit ``count: 1`` is
    the default, and the same amount in another form or layout is the same amount."""
    deals = []
    for deal, where in zip(spec["deals"], spec["folders"]):
        deal = dict(deal)
        if deal.get("count") == 1:
            del deal["count"]
        if "value" in deal:
            deal["value"] = {k: v for k, v in deal["value"].items() if k not in ("form", "long")}
        deals.append((where, sorted(deal.items(), key=lambda kv: kv[0]).__repr__()))
    return sorted(deals)


@st.composite
def damage(draw, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(out)))
        choice = draw(st.integers(0, 3))
        if choice == 0:
            del out[at:at + draw(st.integers(1, 30))]
        elif choice == 1:
            out[at:at] = draw(st.sampled_from(
                [b"\n", b": ", b"- ", b"[", b"{", b"\t", b"&a ", b"!x ", b"\xff", b"~", b"  ",
                 b"\x00", b"\r", b"'", b'"', b"#", b"---\n", b"NO", b"9" * 40]))
        else:
            out[at:at + 1] = draw(st.binary(min_size=1, max_size=1))
    return bytes(out)


@PROPERTY
@given(spec=datasets(), data=st.data())
def test_validate_never_crashes_and_points_inside_files(spec, data):
    with folder() as top:
        root = write_dataset(top / "ds", spec)
        files = sorted(p for p in root.rglob("*.yaml"))
        victim = data.draw(st.sampled_from(files))
        victim.write_bytes(data.draw(damage(victim.read_bytes())))
        old = os.getcwd()
        os.chdir(top)
        try:
            from dealtrack.cli.app import app

            result = CliRunner().invoke(app, ["validate", "--data", "ds", "--today", TODAY,
                                              "--format", "json", "--no-cache"],
                                        env={"NO_COLOR": "1", "DEALTRACK_DATA": None})
        finally:
            os.chdir(old)
        assert result.exception is None or isinstance(result.exception, SystemExit), \
            result.exception
        assert result.exit_code in (0, 1), result.stderr
        assert "Traceback" not in result.stderr
        report = json.loads(result.stdout)
        for d in report["diagnostics"]:
            lines = file_lines((top / d["path"]).read_bytes())
            assert 1 <= d["line"] <= len(lines), d
            assert 1 <= d["column"] <= len(lines[d["line"] - 1]) + 1, d
        assert report["summary"]["errors"] == 0 or result.exit_code == 1


def test_generated_datasets_are_valid_and_cover_what_they_claim():
    """The generator itself: its datasets load clean and contain every spelling and layout."""
    spec = {"deals": [
        {"id": "deal-0", "title": "Deal number 0", "instrument": "mou", "status": "signed",
         "dates": {"signed": "2025-09-08"}, "host": "NO",
         "parties": [{"party": "equinor", "role": "partner"}], "sectors": ["oil"],
         "sources": [{"source": "s1", "quote": "as reported"}],
         "value": {"low": 4_200_000_000, "high": 4_200_000_000, "currency": "USD",
                   "qualifier": "about ", "form": 0, "long": False}}],
        "folders": ["a/b/"]}
    with folder() as top:
        for form in range(8):
            loaded = load(write_dataset(top / f"f{form}", spec, form=form))
            assert loaded.errors == []
            (deal,) = loaded.dataset.deals
            assert deal.host == "NO" and deal.value.low == Decimal(4_200_000_000)
        shutil.rmtree(top / "f0")
