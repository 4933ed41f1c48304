"""Generate a deterministic dealtrack dataset of N deals, for benchmarks and tests.

    python benchmarks/gen_corpus.py 10000 benchmarks/corpus/10k
    python benchmarks/gen_corpus.py 10000 /tmp/rev2 --revision 2     # a later "commit"
    python benchmarks/gen_corpus.py 500 /tmp/bad --invalid 0.2       # with broken files

The same arguments always give byte-identical files. Deals are v1 deal files
of 30-60 lines, spread over host-country sub-folders; the registries
(parties, sources, events, claims, reserves, rates) grow with N, and every
reference resolves, so a corpus generated without ``--invalid`` validates
clean with ``--today 2025-12-31``. ``--revision K`` applies K rounds of
edits (status changes, new figures, a few deals added and removed) to the
same base corpus, so two revisions make a realistic ``diff``.
``--invalid F`` breaks a fraction F of the deal files, each in one of many
ways (syntax, unknown keys, bad values, dangling references, warnings).

Standard library only: the generator must not depend on what it measures.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import re
import shutil
import sys

# The format's vocabulary comes from dealtrack itself, so the corpus follows the format;
# statuses and roles are version 1's, so the benchmark corpus stays the same corpus as format
# 1.1 adds words (approved; borrower, seller, adviser, insurer).
from dealtrack.model import (EVENT_KINDS, INSTRUMENTS, LIFECYCLE, PARTY_TYPES, ROLES,
                             SOURCE_KINDS, STATUSES, VERDICTS)

_V11 = ("approved", "borrower", "seller", "adviser", "insurer")
LIFECYCLE, STATUSES, ROLES = (tuple(w for w in words if w not in _V11)
                              for words in (LIFECYCLE, STATUSES, ROLES))

TERMINAL = tuple(status for status in STATUSES if status not in LIFECYCLE)
COUNTRIES = ("PK", "CN", "US", "AU", "NO", "DE", "FR", "JP", "IN", "BR", "CL", "AR", "BO", "ZA",
             "CD", "ZM", "ID", "PH", "VN", "KZ", "MN", "SA", "AE", "EG", "NG", "KE", "TZ", "MZ",
             "PE", "MX", "CA", "GB", "TR", "RU", "UZ", "MA", "GH", "ET", "LK", "BD")
CURRENCIES = ("USD", "CNY", "EUR", "PKR", "JPY", "AUD", "INR", "GBP")
COMMODITIES = ("rare-earths", "lithium", "cobalt", "nickel", "copper", "graphite", "manganese",
               "gold", "iron-ore", "bauxite", "uranium", "zinc", "tin", "tungsten")
SECTORS = ("critical-minerals", "mining", "energy", "infrastructure", "ports", "rail",
           "telecom", "agriculture", "finance", "defence", "processing", "logistics")
SCALES = ("thousand", "million", "billion")
WORDS = ("strategic", "northern", "coastal", "river", "valley", "united", "pacific", "golden",
         "central", "eastern", "western", "highland", "delta", "frontier", "national", "allied",
         "summit", "harbour", "desert", "copperbelt", "lakeside", "metro", "orient", "atlas")
NOUNS = ("minerals", "resources", "holdings", "mining", "energy", "ventures", "capital",
         "metals", "partners", "works", "group", "development", "industries", "logistics")
FILLER = ("The parties agreed to cooperate on exploration, processing and export.",
          "Officials described the arrangement as a first step rather than a final deal.",
          "Financing terms were not disclosed beyond the headline figure.",
          "Local communities raised concerns about land use and water rights.",
          "The agreement follows two years of negotiations between the parties.",
          "Analysts noted that similar announcements have often stalled before construction.",
          "A feasibility study is expected before any binding commitment is made.",
          "The ministry said the project would create several thousand local jobs.",
          "Critics argued that the reported value mixes loans, grants and equity.",
          "No exclusive rights over the deposits were granted under the text.")

TODAY = "2025-12-31"   # pass --today with this date: nothing generated lies after it


class Corpus:
    """The base corpus for ``n`` deals; every list is built from one seeded generator."""

    def __init__(self, n: int, seed: int):
        self.n = n
        self.rng = random.Random(f"dealtrack-corpus:{seed}:{n}")
        rng = self.rng
        self.parties = [self._party(i) for i in range(max(20, n // 4))]
        self.sources = [self._source(i) for i in range(max(20, n // 5))]
        self.deals = [self._deal(i) for i in range(n)]
        deal_ids = [d["id"] for d in self.deals]
        self.events = [self._event(i, deal_ids) for i in range(max(2, n // 20))]
        self.claims = [self._claim(i, deal_ids) for i in range(max(2, n // 50))]
        self.reserves = [self._reserve(i) for i in range(max(2, min(len(COUNTRIES) *
                                                                   len(COMMODITIES), n // 40)))]
        self.rates = [self._rate(i) for i in range(max(len(CURRENCIES) - 1, n // 100))]
        self.next_id = n
        del rng

    # -- records ---------------------------------------------------------------------------

    def _date(self, lo: int = 2000, hi: int = 2024) -> tuple[int, int, int]:
        rng = self.rng
        return rng.randint(lo, hi), rng.randint(1, 12), rng.randint(1, 28)

    def _party(self, i: int) -> dict:
        rng = self.rng
        name = f"{rng.choice(WORDS).title()} {rng.choice(NOUNS).title()}"
        return {"id": f"party-{i:06d}", "name": f"{name} {i}",
                "aliases": [name.split()[0].upper()[:6] + str(i)] if rng.random() < 0.6 else [],
                "country": rng.choice(COUNTRIES), "type": rng.choice(PARTY_TYPES)}

    def _source(self, i: int) -> dict:
        rng = self.rng
        y, m, _ = self._date(2005, 2025)
        return {"id": f"source-{i:06d}",
                "title": f"{rng.choice(WORDS).title()} {rng.choice(NOUNS)} report no. {i}",
                "publisher": f"{rng.choice(WORDS).title()} Times", "date": f"{y}-{m:02d}",
                "kind": rng.choice(SOURCE_KINDS),
                "url": f"https://news.example.org/{y}/{i}" if rng.random() < 0.5 else None}

    def _value(self) -> tuple[str, str, object]:
        """(how the figure is written in the deal, how a quote states it, long form or None)."""
        rng = self.rng
        currency = rng.choice(CURRENCIES)
        qualifier = rng.choice(("", "", "", "about ", "up to ", "at least "))
        roll = rng.random()
        if roll < 0.15:
            whole = rng.randint(1, 999) * 1_000_000
            amount = f"{whole:,}"
            stated = amount
        elif roll < 0.3:
            low = rng.randint(1, 8)
            high = low + rng.randint(1, 4)
            scale = rng.choice(SCALES)
            amount = f"{low} to {high} {scale}"
            stated = amount
        else:
            number = rng.choice((str(rng.randint(1, 999)), f"{rng.randint(1, 99)}.{rng.randint(1, 9)}"))
            scale = rng.choice(SCALES)
            amount = f"{number} {scale}"
            stated = amount
        if rng.random() < 0.1:
            long_form = {"amount": amount, "currency": currency,
                         "qualifier": qualifier.strip() or None,
                         "note": "figure as reported at signing"}
            return "", stated, long_form
        return f"{qualifier}{currency} {amount}", stated, None

    def _deal(self, i: int) -> dict:
        rng = self.rng
        host = rng.choice(COUNTRIES)
        instrument = rng.choice(INSTRUMENTS)
        commodity = rng.choice(COMMODITIES)
        ident = f"{host.lower()}-{commodity}-{instrument}-{i:06d}"
        year = rng.randint(2000, 2019)
        steps = LIFECYCLE[:rng.randint(1, len(LIFECYCLE))]
        dates, (m, d) = {}, (rng.randint(1, 12), rng.randint(1, 28))
        for offset, status in enumerate(steps):
            shape = rng.random()
            if shape < 0.7:
                dates[status] = f"{year + offset}-{m:02d}-{d:02d}"
            elif shape < 0.85:
                dates[status] = f"{year + offset}-{m:02d}"
            else:
                dates[status] = f"~{year + offset}-{m:02d}-{d:02d}"
        status = steps[-1]
        if rng.random() < 0.1:
            status = rng.choice(TERMINAL)
            dates[status] = f"{year + len(steps) + 1}"
        members = rng.sample(range(len(self.parties)), rng.randint(2, 4))
        count = rng.randint(2, 20) if rng.random() < 0.1 else 1
        value = self._value() if rng.random() < 0.85 else None
        n_sources = rng.randint(1, 4)
        sources = []
        for k in range(n_sources):
            words = " ".join(rng.choice(FILLER) for _ in range(rng.randint(1, 3)))
            if k == 0 and value:
                words = f"The deal is worth {value[1]}, officials said. {words}"
            if k == 0 and count > 1:
                words = f"The {count} agreements were signed together. {words}"
            sources.append({"source": f"source-{rng.randrange(len(self.sources)):06d}",
                            "quote": words})
        return self._fit({
            "id": ident, "host": host, "instrument": instrument, "status": status,
            "title": f"{rng.choice(WORDS).title()} {commodity.replace('-', ' ')} {instrument} {i}",
            "dates": dates,
            "parties": [(f"party-{p:06d}", rng.choice(ROLES)) for p in members],
            "value": value, "count": count,
            "sectors": sorted(rng.sample(SECTORS, rng.randint(1, 3))),
            "commodities": sorted({commodity, *rng.sample(COMMODITIES, rng.randint(0, 2))}),
            "binding": rng.choice((None, False, True)) if instrument not in ("mou", "framework")
            else rng.choice((None, False)),
            "exclusive": rng.choice((None, False, True)),
            "phases": [f"Phase {k + 1} - {rng.choice(FILLER)[:-1].lower()}"
                       for k in range(rng.choice((0, 0, 1, 2, 3)))],
            "summary": [rng.choice(FILLER) for _ in range(rng.randint(2, 8))],
            "sources": sources,
        })

    def _fit(self, deal: dict) -> dict:
        """Grow or shrink the summary until the file has 30-60 lines."""
        while len(deal_text(deal).split("\n")) - 1 < 30:
            deal["summary"].append(self.rng.choice(FILLER))
        while len(deal_text(deal).split("\n")) - 1 > 60 and len(deal["summary"]) > 1:
            deal["summary"].pop()
        return deal

    def _event(self, i: int, deal_ids: list[str]) -> dict:
        rng = self.rng
        y, m, d = self._date()
        return {"id": f"event-{i:06d}", "date": f"{y}-{m:02d}-{d:02d}",
                "kind": rng.choice(EVENT_KINDS),
                "title": f"{rng.choice(WORDS).title()} {rng.choice(NOUNS)} statement {i}",
                "actors": [f"party-{rng.randrange(len(self.parties)):06d}"],
                "deals": sorted(rng.sample(deal_ids, min(2, len(deal_ids)))),
                "source": f"source-{rng.randrange(len(self.sources)):06d}"}

    def _claim(self, i: int, deal_ids: list[str]) -> dict:
        rng = self.rng
        return {"id": f"claim-{i:06d}", "claim": f"Claim number {i} says that {rng.choice(FILLER).lower()}",
                "verdict": rng.choice(VERDICTS), "about": [rng.choice(deal_ids)],
                "source": f"source-{rng.randrange(len(self.sources)):06d}"}

    def _reserve(self, i: int) -> dict:
        rng = self.rng
        low = rng.randint(1, 9)
        amount = f"{low} to {low + rng.randint(1, 5)} billion"
        return {"id": f"reserve-{i:06d}", "country": COUNTRIES[i % len(COUNTRIES)],
                "commodity": COMMODITIES[(i // len(COUNTRIES)) % len(COMMODITIES)],
                "value": f"USD {amount}", "quote": f"reserves are valued at {amount} dollars",
                "source": f"source-{rng.randrange(len(self.sources)):06d}"}

    def _rate(self, i: int) -> dict:
        rng = self.rng
        currency = CURRENCIES[1 + i % (len(CURRENCIES) - 1)]
        # Each currency's first rate predates every deal, so that reports convert them all.
        first = i < len(CURRENCIES) - 1
        day = (datetime.date(1999, 12, 31) if first else
               datetime.date(2000, 1, 1) + datetime.timedelta(days=i % 9000))
        return {"date": day.isoformat(),
                "from": currency, "rate": f"0.{rng.randint(1000, 99999)}",
                "source": f"source-{rng.randrange(len(self.sources)):06d}"}

    # -- revisions ------------------------------------------------------------------------

    def revise(self, rounds: int) -> None:
        """Edit the corpus as a later commit would: new statuses, figures, deals in and out."""
        for _ in range(rounds):
            rng = self.rng
            touched = rng.sample(range(len(self.deals)), max(1, len(self.deals) // 50))
            for index in touched:
                deal = self.deals[index]
                if rng.random() < 0.5 and deal["status"] in LIFECYCLE[:-1]:
                    nxt = LIFECYCLE[LIFECYCLE.index(deal["status"]) + 1]
                    last = max(int(v.lstrip("~")[:4]) for v in deal["dates"].values())
                    deal["dates"][nxt] = str(min(last + 1, 2025))
                    deal["status"] = nxt
                else:
                    deal["value"] = self._value()
                    deal["count"] = 1
                    deal["sources"][0]["quote"] = (f"The deal is worth {deal['value'][1]}, "
                                                   "officials said.")
                self._fit(deal)
            referenced = {ref for e in self.events for ref in e["deals"]}
            referenced |= {ref for c in self.claims for ref in c["about"]}
            removable = [i for i, d in enumerate(self.deals) if d["id"] not in referenced]
            gone = set(rng.sample(removable, min(len(removable), max(1, len(self.deals) // 200))))
            self.deals = [d for i, d in enumerate(self.deals) if i not in gone]
            for _ in range(max(1, self.n // 200)):
                self.deals.append(self._deal(self.next_id))
                self.next_id += 1


# -- writing YAML text ----------------------------------------------------------------------

def _fold(text: str, indent: str, width: int = 72) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(indent + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(indent + line)
    return lines


def deal_text(deal: dict) -> str:
    out = [f"# {deal['title']}", f"id: {deal['id']}", f"title: {deal['title']}",
           f"instrument: {deal['instrument']}", f"status: {deal['status']}", "dates:"]
    out += [f"  {status}: {date}" for status, date in deal["dates"].items()]
    out.append(f"host: {deal['host']}")
    out.append("parties:")
    for party, role in deal["parties"]:
        out += [f"  - party: {party}", f"    role: {role}"]
    if deal["value"]:
        short, _, long_form = deal["value"]
        if long_form:
            out.append("value:")
            out += [f"  {k}: {v}" for k, v in long_form.items() if v is not None]
        else:
            out.append(f"value: {short}")
    if deal["count"] > 1:
        out.append(f"count: {deal['count']}")
    out.append(f"sectors: [{', '.join(deal['sectors'])}]")
    out.append(f"commodities: [{', '.join(deal['commodities'])}]")
    for key in ("binding", "exclusive"):
        if deal[key] is not None:
            out.append(f"{key}: {str(deal[key]).lower()}")
    if deal["phases"]:
        out.append("phases:")
        out += [f"  - name: {name}" for name in deal["phases"]]
    out.append("summary: >-")
    out += _fold(" ".join(deal["summary"]), "  ")
    out.append("sources:")
    for citation in deal["sources"]:
        out.append(f"  - source: {citation['source']}")
        out.append("    quote: >-")
        out += _fold(citation["quote"], "      ")
    return "\n".join(out) + "\n"


def registry_texts(corpus: Corpus) -> dict[str, str]:
    parties = ["# parties.yaml — generated"]
    for p in corpus.parties:
        parties += [f"- id: {p['id']}", f"  name: {p['name']}"]
        if p["aliases"]:
            parties.append(f"  aliases: [{', '.join(p['aliases'])}]")
        parties += [f"  country: {p['country']}", f"  type: {p['type']}"]
    sources = ["# sources.yaml — generated"]
    for s in corpus.sources:
        sources += [f"- id: {s['id']}", f"  title: {s['title']}", f"  publisher: {s['publisher']}",
                    f"  date: {s['date']}", f"  kind: {s['kind']}"]
        if s["url"]:
            sources.append(f"  url: {s['url']}")
    events = ["# events.yaml — generated"]
    for e in corpus.events:
        events += [f"- id: {e['id']}", f"  date: {e['date']}", f"  kind: {e['kind']}",
                   f"  title: {e['title']}", f"  actors: [{', '.join(e['actors'])}]",
                   f"  deals: [{', '.join(e['deals'])}]", f"  sources: [{{source: {e['source']}}}]"]
    claims = ["# claims.yaml — generated"]
    for c in corpus.claims:
        claims += [f"- id: {c['id']}", f"  claim: {c['claim']}", f"  verdict: \"{c['verdict']}\"",
                   f"  about: [{', '.join(c['about'])}]", f"  sources: [{{source: {c['source']}}}]"]
    reserves = ["# reserves.yaml — generated"]
    for r in corpus.reserves:
        reserves += [f"- id: {r['id']}", f"  country: {r['country']}",
                     f"  commodity: {r['commodity']}", f"  value: {r['value']}", "  sources:",
                     f"    - source: {r['source']}", f"      quote: {r['quote']}"]
    rates = ["# rates.yaml — generated"]
    for r in corpus.rates:
        rates += [f"- date: {r['date']}", f"  from: {r['from']}", "  to: USD",
                  f"  rate: {r['rate']}", f"  sources: [{{source: {r['source']}}}]"]
    return {name: "\n".join(lines) + "\n" for name, lines in
            (("parties", parties), ("sources", sources), ("events", events),
             ("claims", claims), ("reserves", reserves), ("rates", rates))}


# -- breaking files on purpose ----------------------------------------------------------------

def _break(text: str, how: int) -> str:
    """One of many realistic mistakes; ``how`` picks which."""
    lines = text.split("\n")
    kinds = (
        lambda: text.replace("\nstatus:", "\nstauts:", 1),                     # DT101 + DT102
        lambda: text.replace("\nhost: ", "\nhost: X", 1),                      # DT111
        lambda: text.replace("\ndates:\n", "\ndates:\n  announced: 2024-13-45\n", 1)
        if "  announced:" not in text else text.replace("  announced: ", "  announced: 20x", 1),
        lambda: text.replace("party: party-", "party: partee-", 1),            # DT202
        lambda: text.replace("\ntitle:", "\ntitle: duplicate\ntitle:", 1),     # DT011
        lambda: text.replace("\nsectors:", "\nvalue: $5 million\nsectors:", 1)
        if "\nvalue" not in text else text.replace("\nvalue:", "\nvalue: $5 million\nx:", 1),
        lambda: "\n".join(lines[:4] + ["\tbad: indentation"] + lines[4:]),     # DT010
        lambda: text.replace("\nsectors:", "\nbinding: yes\nsectors:", 1)
        if "\nbinding" not in text else text.replace("\nbinding: ", "\nbinding: yes #", 1),
        lambda: text.replace("\nsectors:", "\ncount: 0\nsectors:", 1)
        if "\ncount" not in text else text.replace("\ncount: ", "\ncount: -", 1),
        lambda: text.replace("\ndates:\n", "\ndates:\n  expired: 2099-01-01\n", 1),   # DT204
        lambda: text.replace("source: source-", "source: sourse-", 1),          # DT202
        lambda: text.replace("\nid: ", "\nid: Not An Id ", 1),                  # DT105
        lambda: text + "anchor: &a [1]\nalias: *a\n",                           # DT012
        lambda: "",                                                             # DT005
        lambda: re.sub(r"The deal is worth [^,]*,", "The deal is undisclosed,", text,
                       count=1),                                                # DT301
        lambda: re.sub(r"\ninstrument: \S+", "\ninstrument: mou\nbinding: true",
                       re.sub(r"\nbinding: \w+", "", text), count=1),                 # DT206
        lambda: text.replace("\ndates:\n", "\ndates:\n  completed: 1990-01-01\n", 1)
        if "  completed:" not in text else text,                                # DT203
    )
    return kinds[how % len(kinds)]()


# -- main -----------------------------------------------------------------------------------

def write(corpus: Corpus, out: str, invalid: float, seed: int) -> int:
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)
    for name, text in registry_texts(corpus).items():
        with open(os.path.join(out, f"{name}.yaml"), "w", encoding="utf-8") as handle:
            handle.write(text)
    breaker = random.Random(f"dealtrack-invalid:{seed}")
    folders = set()
    for deal in corpus.deals:
        folder = os.path.join(out, deal["host"].lower())
        if folder not in folders:
            os.makedirs(folder, exist_ok=True)
            folders.add(folder)
        text = deal_text(deal)
        if invalid and breaker.random() < invalid:
            text = _break(text, breaker.randrange(1000))
        with open(os.path.join(folder, deal["id"] + ".yaml"), "w", encoding="utf-8") as handle:
            handle.write(text)
    return len(corpus.deals)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("deals", type=int, help="number of deals in the base corpus")
    parser.add_argument("out", help="folder to (re)create; its contents are replaced")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--revision", type=int, default=0,
                        help="apply this many rounds of later edits (for diff benchmarks)")
    parser.add_argument("--invalid", type=float, default=0.0,
                        help="fraction of deal files to break (0 = a clean corpus)")
    args = parser.parse_args(argv)
    if args.deals < 1:
        parser.error("deals must be at least 1")
    corpus = Corpus(args.deals, args.seed)
    corpus.revise(args.revision)
    written = write(corpus, args.out, args.invalid, args.seed)
    print(f"wrote {written} deals to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
