"""Small datasets for the analysis tests, written to tmp_path as the format's YAML."""

from __future__ import annotations

from pathlib import Path

PARTIES = """\
- {id: pk-co, name: Pakistani company, country: PK, type: company}
- {id: pk-gov, name: Government of Pakistan, country: PK, type: government}
- {id: us-co, name: American company, country: US, type: company}
- {id: cn-co, name: Chinese company, country: CN, type: company}
- {id: jp-bank, name: Japanese bank, country: JP, type: bank}
"""
SOURCES = """\
- {id: src-a, title: Article A, publisher: Paper A, date: 2025-10, kind: news}
- {id: src-b, title: Article B, publisher: Paper B, date: 2025-10, kind: news}
"""


def deal(deal_id: str, *, partners=("us-co",), value: str | None = None, count: int | None = None,
         host: str = "PK", instrument: str = "mou", status: str = "signed",
         date: str = "2025-09-08", sectors: str = "[mining]", commodities: str | None = None,
         sources: tuple[str, ...] = ("src-a",)) -> tuple[str, str]:
    """One deal file: ``(relative path, text)``; the host party is pk-co when host is PK."""
    parties = [("pk-co", "host")] if host == "PK" else []
    parties += [(p, "investor") for p in partners]
    lines = [f"id: {deal_id}", f"title: Deal {deal_id}", f"instrument: {instrument}",
             f"status: {status}", "dates:", f"  {status}: {date}", f"host: {host}", "parties:"]
    lines += [f"  - {{party: {p}, role: {r}}}" for p, r in parties]
    if value is not None:
        lines.append(f"value: {value}")
    if count is not None:
        lines.append(f"count: {count}")
    lines.append(f"sectors: {sectors}")
    if commodities:
        lines.append(f"commodities: {commodities}")
    lines.append("sources:")
    lines += [f"  - {{source: {s}, quote: figure as reported}}" for s in sources]
    return f"deals/{deal_id}.yaml", "\n".join(lines) + "\n"


def build(root: Path, deals: list[tuple[str, str]], *, rates: str | None = None,
          reserves: str | None = None, events: str | None = None,
          claims: str | None = None) -> Path:
    """Write a dataset under ``root``; returns the dataset folder (``root/deals``)."""
    files = {"deals/parties.yaml": PARTIES, "deals/sources.yaml": SOURCES}
    files.update(dict(deals))
    for name, text in (("rates", rates), ("reserves", reserves), ("events", events),
                       ("claims", claims)):
        if text is not None:
            files[f"deals/{name}.yaml"] = text
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "deals"


def load(folder: Path):
    """Load and insist the dataset has no errors (a broken fixture would test nothing)."""
    import datetime as dt

    from dealtrack.load import load_dataset

    loaded = load_dataset(str(folder), today=dt.date(2026, 11, 26))
    assert not loaded.errors, [f"{d.loc}: {d.code} {d.message}" for d in loaded.errors]
    return loaded.dataset


# A mixed dataset used by several tests; the values are chosen so that every sum can be
# checked by hand (see the tests).
MIXED_RATES = """\
- {date: 2025-09-01, from: CNY, to: USD, rate: 0.14, sources: [{source: src-a}]}
- {date: 2025-09-20, from: CNY, to: USD, rate: 0.15, sources: [{source: src-a}]}
"""


def mixed(root: Path) -> Path:
    return build(root, [
        deal("a-usd", value="USD 500 million"),
        deal("b-cny", partners=("cn-co",), value="CNY 1 billion", count=21, date="2025-09-06"),
        deal("c-upto", value="up to USD 100 million", date="2025-10-01"),
        deal("d-none", partners=("jp-bank",), count=2, instrument="loan", status="announced",
             date="2025"),
        deal("e-about", partners=("cn-co", "us-co"), value="about USD 2 to 3 billion",
             date="2025-09", sectors="[energy, mining]"),
    ], rates=MIXED_RATES)
