"""Format 1.1 as an analyst notices it: lenders' tranches, the EU, multi-host frameworks,
stalled-then-signed deals, superseded and nested deals, crore and mixed-scale amounts, and
conversions through inverse and pivot rates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from pathlib import Path

import pytest

from dealtrack.analysis.totals import compute_totals
from dealtrack.analysis.filters import parse_filters, check_filters
from dealtrack.load import load_dataset

M = 10**6

PARTIES = """\
- {id: us-dfc, name: US DFC, country: US, type: bank}
- {id: dbsa, name: Development Bank of Southern Africa, country: ZA, type: bank}
- {id: afc, name: Africa Finance Corporation, type: multilateral}
- {id: ifc, name: International Finance Corporation, type: multilateral}
- {id: lobito-co, name: Lobito Atlantic Railway, country: AO, type: company}
- {id: eu-commission, name: European Commission, country: EU, type: government}
- {id: us-gov, name: US Government, country: US, type: government}
- {id: au-gov, name: Australian Government, country: AU, type: government}
- {id: ua-gov, name: Government of Ukraine, country: UA, type: government}
- {id: in-co, name: Indian company, country: IN, type: company}
- {id: pk-co, name: Pakistani company, country: PK, type: company}
"""
SOURCES = "- {id: src, title: Article, publisher: Paper, date: 2025-10, kind: news}\n"


def _write(root: Path, deals: dict[str, str], rates: str | None = None) -> Path:
    files = {"parties.yaml": PARTIES, "sources.yaml": SOURCES, **deals}
    if rates:
        files["rates.yaml"] = rates
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


TODAY = dt.date(2026, 11, 26)


def _check(root: Path):
    loaded = load_dataset(str(root), today=TODAY)
    return loaded.dataset, loaded.diagnostics


def _load(root: Path):
    dataset, diagnostics = _check(root)
    assert [d for d in diagnostics if d.severity == "error"] == [], diagnostics
    return dataset


def _deal(deal_id: str, body: str, *, host: str = "AO", status: str = "signed",
          date: str = "2025-06", sources: str = "[{source: src}]") -> dict[str, str]:
    head = (f"id: {deal_id}\ntitle: Deal {deal_id}\ninstrument: loan\nstatus: {status}\n"
            f"dates: {{{status}: {date}}}\nhost: {host}\n")
    return {f"d/{deal_id}.yaml": head + body + f"sectors: [rail]\nsources: {sources}\n"}


LOBITO = """\
parties:
  - {party: lobito-co, role: borrower}
  - {party: us-dfc, role: lender}
%s
components:
  - {kind: loan, party: us-dfc, value: USD 553 million}
%s
"""


def _totals(root, by="partner", **options):
    dataset = _load(root)
    filters = check_filters(dataset, parse_filters(**options)) if options else None
    result = compute_totals(dataset, [by], filters=filters)
    return {g.key[0]: g.value.low for g in result.groups if g.value}, result


def test_a_second_lender_joining_a_loan_changes_no_other_partners_total(tmp_path):
    before = _write(tmp_path / "a", _deal("lobito", LOBITO % ("", "")))
    after = _write(tmp_path / "b", _deal("lobito", LOBITO % (
        "  - {party: dbsa, role: lender}\n  - {party: afc, role: lender}",
        "  - {kind: loan, party: dbsa, value: USD 200 million}\n"
        "  - {kind: loan, party: afc, value: USD 100 million}\n"
        "  - {kind: guarantee, party: afc, value: USD 900 million}")))
    old, _ = _totals(before)
    new, result = _totals(after)
    assert old == {"US": 553 * M}
    # the guarantee is contingent: listed, never summed
    assert new == {"US": 553 * M, "ZA": 200 * M, "afc": 100 * M}
    assert result.total.value.low == 853 * M   # no headline value: the sum of its components
    by_party, _ = _totals(after, "party")
    assert by_party == {"us-dfc": 553 * M, "dbsa": 200 * M, "afc": 100 * M}


def test_the_eu_as_a_partner_and_as_a_host(tmp_path):
    root = _write(tmp_path, {
        **_deal("eu-loan", "parties: [{party: eu-commission, role: lender}, "
                "{party: lobito-co, role: borrower}]\nvalue: EUR 50 million\n"),
        **_deal("eu-projects", "parties: [{party: eu-commission, role: signatory}]\n", host="EU"),
    }, rates="- {date: 2025-01-01, from: EUR, to: USD, rate: 1.1}\n")
    totals, _ = _totals(root, partners=["EU"])
    assert totals == {"EU": 55 * M}
    _, result = _totals(root, "host", hosts=["eu"])
    assert [g.key for g in result.groups] == [("EU",)]


def test_a_multi_host_framework_is_one_joint_host_group_matched_by_either_host(tmp_path):
    root = _write(tmp_path, _deal("us-au", "parties: [{party: us-gov, role: signatory}, "
                                  "{party: au-gov, role: signatory}]\nvalue: USD 8.5 billion\n",
                                  host="[US, AU]"))
    for host in ("AU", "US"):
        totals, result = _totals(root, "host", hosts=[host])
        assert totals == {"AU+US": 8500 * M}
    partners, _ = _totals(root)
    assert partners == {"(domestic)": 8500 * M}   # both governments are hosts


def test_a_multilateral_is_its_own_partner_never_a_country(tmp_path):
    root = _write(tmp_path, _deal("ifc-loan", "parties: [{party: ifc, role: lender}, "
                                  "{party: pk-co, role: borrower}]\nvalue: USD 700 million\n",
                                  host="PK"))
    totals, _ = _totals(root, partners=["ifc"])
    assert totals == {"ifc": 700 * M}


def test_a_stalled_then_signed_history_validates_and_a_misordered_dates_map_does_not(tmp_path):
    history = ("history:\n  - {date: 2025-02, status: announced}\n"
               "  - {date: 2025-02-28, status: stalled, note: signing called off}\n"
               "  - {date: 2025-04-30, status: signed}\n")
    good = "id: ua\ntitle: US–Ukraine fund\ninstrument: agreement\nstatus: signed\n" + history
    good += ("host: UA\nparties: [{party: ua-gov, role: host}, {party: us-gov, role: partner}]\n"
             "sectors: [critical-minerals]\nsources: [{source: src}]\n")
    root = _write(tmp_path / "good", {"d/ua.yaml": good})
    dataset = _load(root)
    [deal] = dataset.deals
    assert deal.status_date().iso() == "2025-04-30"
    assert [e.status for e in deal.history] == ["announced", "stalled", "signed"]
    bad = good.replace(history, "dates: {announced: 2025-02, stalled: 2025-02-28, "
                                "signed: 2025-04-30}\n")
    _, diagnostics = _check(_write(tmp_path / "bad", {"d/ua.yaml": bad}))
    assert [d.code for d in diagnostics] == ["DT203"]


def test_superseded_and_nested_deals_are_not_counted_twice(tmp_path):
    parties = "parties: [{party: us-dfc, role: lender}, {party: lobito-co, role: borrower}]\n"
    root = _write(tmp_path, {
        **_deal("package", parties + "value: USD 1 billion\n", date="2024-03"),
        **_deal("tranche", parties + "value: USD 400 million\npart-of: package\n"),
        **_deal("mou", parties + "value: USD 300 million\n", date="2024-01"),
        **_deal("jv", parties + "value: USD 350 million\nfollows: mou\n"),
    })
    totals, result = _totals(root)
    assert totals == {"US": 1350 * M}
    assert {g.key[0]: g.deal_ids for g in result.ended} == {
        "part-of": ("tranche",), "superseded": ("mou",)}
    # --include-ended counts cancelled deals again, never these twice
    totals, _ = _totals(root, include_ended=True)
    assert totals == {"US": 1350 * M}
    # selected without its package (signed before the window), the tranche counts
    totals, result = _totals(root, since="2025")
    assert totals == {"US": 750 * M} and result.ended == ()


def test_crore_and_mixed_scale_ranges_are_read_exactly(tmp_path):
    root = _write(tmp_path, {
        **_deal("crore", "parties: [{party: in-co, role: borrower}]\nvalue: INR 200 crore\n",
                host="IN", sources="[{source: src, quote: Rs 200 crore}]"),
        **_deal("range", "parties: [{party: pk-co, role: borrower}]\n"
                "value: USD 500 million to 1 billion\n", host="PK",
                sources="[{source: src, quote: $500 million to $1 billion}]"),
    })
    dataset, diagnostics = _check(root)
    assert list(diagnostics) == []   # no DT301: the quotes state the figures, crore included
    values = {d.id: (d.value.low, d.value.high) for d in dataset.deals}
    assert values == {"crore": (D(2_000_000_000), D(2_000_000_000)),
                      "range": (D(500_000_000), D(1_000_000_000))}


def test_conversion_through_an_inverse_rate_and_through_the_usd_pivot(tmp_path):
    root = _write(tmp_path, {
        **_deal("inr", "parties: [{party: in-co, role: borrower}]\nvalue: INR 880 million\n",
                host="IN"),
        **_deal("pkr", "parties: [{party: pk-co, role: borrower}]\nvalue: PKR 1 billion\n",
                host="PK"),
    }, rates="- {date: 2025-01-01, from: USD, to: INR, rate: 88}\n"
              "- {date: 2025-01-01, from: PKR, to: USD, rate: 0.0036}\n"
              "- {date: 2023-01-01, from: USD, to: EUR, rate: 0.9}\n")
    dataset = _load(root)
    usd = compute_totals(dataset, ["host"], currency="USD")
    assert {g.key[0]: g.value.low for g in usd.groups} == {"IN": 10 * M, "PK": D("3.6") * M}
    [inverse] = [c for c in usd.conversions if c.record == "inr"]
    assert inverse.inverse and inverse.rate == 88
    eur = compute_totals(dataset, ["host"], currency="EUR")
    assert {g.key[0]: g.value.low for g in eur.groups} == {"IN": 9 * M, "PK": D("3.24") * M}
    [pivot] = [c for c in eur.conversions if c.record == "pkr"]
    assert (pivot.from_currency, pivot.to_currency) == ("PKR", "USD")
    assert (pivot.via.from_currency, pivot.via.to_currency, pivot.via.rate) == \
        ("USD", "EUR", D("0.9"))
    assert pivot.via.stale and not pivot.stale   # the EUR rate is two years older


def test_rates_used_show_both_legs_and_the_stale_flag(run, tmp_path):
    root = _write(tmp_path, _deal("pkr", "parties: [{party: pk-co, role: borrower}]\n"
                                  "value: PKR 1 billion\n", host="PK"),
                  rates="- {date: 2025-01-01, from: PKR, to: USD, rate: 0.0036}\n"
                        "- {date: 2023-01-01, from: EUR, to: USD, rate: 1.25}\n")
    result = run("totals", "--data", str(root), "--currency", "EUR", "--today", "2026-01-01")
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "1 PKR = 0.0036 USD" in text
    assert "1 USD = 1/1.25 EUR (inverse of 1 EUR = 1.25 USD)" in text
    assert "stale: rate 882 days older than the figure" in text
    lenient = run("totals", "--data", str(root), "--currency", "EUR", "--today", "2026-01-01",
                  "--rate-age", "900")
    assert "stale" not in lenient.stdout
    assert "PK" in text and "2.88 million" in text
