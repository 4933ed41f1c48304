"""Node trees to model records, driven by one declarative schema per record type.

A schema maps each key to ``(reader, required)``. Unknown keys, missing keys
and bad values become diagnostics; a record is still built from what could be
read so that later rules (references, duplicates) see as much as possible.
"""

from __future__ import annotations

import posixpath
from typing import Callable

import yaml

from dealtrack.diagnostics import did_you_mean
from dealtrack.load import values as v
from dealtrack.load.reader import no_gc
from dealtrack.model import (EVENT_KINDS, INSTRUMENTS, PARTY_TYPES, ROLES, SOURCE_KINDS, STATUSES,
                             VERDICTS, Citation, Claim, Deal, Event, Loc, Party, PartyRole, Phase,
                             Rate, Reserve, Source)

Reader = Callable[[yaml.Node, v.Ctx, str], object]
Schema = dict[str, tuple[Reader, bool]]


def read_mapping(node: yaml.Node, ctx: v.Ctx, what: str, schema: Schema,
                 locs: dict[str, Loc] | None = None) -> dict[str, object] | None:
    """Read a mapping against a schema; returns the values that read cleanly."""
    if not isinstance(node, yaml.MappingNode):
        ctx.report(node, "DT103", f"{what} must be a mapping of keys to values, "
                   f"not {v.kind_name(node)}")
        return None
    out: dict[str, object] = {}
    present: set[str] = set()
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        entry = schema.get(key) if key is not None else None
        if entry is None:
            name = v._short(key) if key is not None else v.kind_name(key_node)
            ctx.report(key_node, "DT101", f"unknown key '{name}' in {what}",
                       hint=(lambda: did_you_mean(str(key), schema)) if key is not None else None)
            continue
        if key in present:  # duplicate keys are reported by the reader
            continue
        present.add(key)
        value = entry[0](value_node, ctx, key)
        if locs is not None:
            locs[key] = ctx.loc(value_node)
        if value is not None:
            out[key] = value
    missing = [k for k, (_, required) in schema.items() if required and k not in present]
    for key in missing:
        ctx.report(node, "DT102", f"{what} has no '{key}'",
                   hint=_MISSING_HINTS.get(key))
    return out


def list_of(reader: Reader, minimum: int = 0) -> Reader:
    def read(node: yaml.Node, ctx: v.Ctx, key: str):
        if not isinstance(node, yaml.SequenceNode):
            hint = f"write it as a list: {key}: [{node.value}]" if isinstance(
                node, yaml.ScalarNode) and node.value else None
            ctx.report(node, "DT103", f"'{key}' must be a list, not {v.kind_name(node)}",
                       hint=hint)
            return None
        if len(node.value) < minimum:
            ctx.report(node, "DT110", f"'{key}' needs at least {minimum} "
                       f"{'entry' if minimum == 1 else 'entries'}")
        items = (reader(item, ctx, key) for item in node.value)
        return tuple(item for item in items if item is not None)

    read.item, read.minimum = reader, minimum  # read by dealtrack.schema
    return read


def _mapping_reader(what: str, schema: Schema, build: Callable[[dict, Loc], object]) -> Reader:
    def read(node: yaml.Node, ctx: v.Ctx, key: str):
        fields = read_mapping(node, ctx, what, schema)
        if fields is None or any(k not in fields for k, (_, req) in schema.items() if req):
            return None
        return build(fields, ctx.loc(node))

    read.fields = schema  # read by dealtrack.schema
    return read


CITATION = _mapping_reader(
    "a source citation",
    {"source": (v.ident, True), "quote": (v.text, False), "page": (v.text, False)},
    lambda f, loc: Citation(f["source"], f.get("quote"), loc, f.get("page")))

PARTY_ROLE = _mapping_reader(
    "a deal party",
    {"party": (v.ident, True), "role": (v.choice(ROLES), True), "note": (v.text, False)},
    lambda f, loc: PartyRole(f["party"], f["role"], loc, f.get("note")))

PHASE = _mapping_reader(
    "a phase",
    {"name": (v.text, True), "status": (v.choice(STATUSES), False), "note": (v.text, False)},
    lambda f, loc: Phase(f["name"], loc, f.get("status"), f.get("note")))


def _dates(node: yaml.Node, ctx: v.Ctx, key: str):
    """``dates:`` maps statuses to dates, in the file's order."""
    schema = {status: (v.date, False) for status in STATUSES}
    fields = read_mapping(node, ctx, "'dates'", schema)
    if fields is None:
        return None
    if not node.value:
        ctx.report(node, "DT110", "'dates' needs at least one status with its date",
                   hint="for example  signed: 2025-09-08")
    return fields


SOURCES = list_of(CITATION, minimum=1)
IDS = list_of(v.ref)
SLUGS = list_of(v.slug)
TEXTS = list_of(v.text)

DEAL: Schema = {
    "id": (v.ident, True),
    "title": (v.text, True),
    "instrument": (v.choice(INSTRUMENTS), True),
    "status": (v.choice(STATUSES), True),
    "dates": (_dates, True),
    "host": (v.country, True),
    "parties": (list_of(PARTY_ROLE, minimum=1), True),
    "value": (v.money, False),
    "count": (v.count, False),
    "sectors": (SLUGS, True),
    "commodities": (SLUGS, False),
    "binding": (v.boolean, False),
    "exclusive": (v.boolean, False),
    "phases": (list_of(PHASE), False),
    "summary": (v.text, False),
    "sources": (SOURCES, True),
}

PARTY: Schema = {
    "id": (v.ident, True),
    "name": (v.text, True),
    "aliases": (TEXTS, False),
    "country": (v.country, True),
    "type": (v.choice(PARTY_TYPES), True),
    "note": (v.text, False),
    "url": (v.text, False),
}

SOURCE: Schema = {
    "id": (v.ident, True),
    "title": (v.text, True),
    "publisher": (v.text, False),
    "author": (v.text, False),
    "date": (v.date, False),
    "kind": (v.choice(SOURCE_KINDS), True),
    "url": (v.text, False),
    "note": (v.text, False),
}

RESERVE: Schema = {
    "id": (v.ident, True),
    "country": (v.country, True),
    "commodity": (v.slug, True),
    "value": (v.money, True),
    "basis": (v.text, False),
    "date": (v.date, False),
    "sources": (SOURCES, True),
}

EVENT: Schema = {
    "id": (v.ident, True),
    "date": (v.date, True),
    "kind": (v.choice(EVENT_KINDS), True),
    "title": (v.text, True),
    "actors": (IDS, False),
    "deals": (IDS, False),
    "summary": (v.text, False),
    "sources": (SOURCES, True),
}

CLAIM: Schema = {
    "id": (v.ident, True),
    "claim": (v.text, True),
    "verdict": (v.choice(VERDICTS), True),
    "about": (IDS, False),
    "made": (v.date, False),
    "checked": (v.date, False),
    "note": (v.text, False),
    "sources": (SOURCES, True),
}

RATE: Schema = {
    "date": (v.date, True),
    "from": (v.currency, True),
    "to": (v.currency, True),
    "rate": (v.decimal, True),
    "sources": (SOURCES, False),
}

_MISSING_HINTS = {
    "sources": "cite at least one source:  sources: [{source: ID, quote: ...}]",
    "dates": "give the date of at least one status, for example  dates: {signed: 2025-09-08}",
    "parties": "list who signed:  parties: [{party: ID, role: investor}]",
}

# Registry file name (at the dataset root) -> (record type, what one entry is, schema, class)
REGISTRIES = {
    "parties": ("parties", "a party", PARTY, Party),
    "sources": ("sources", "a source", SOURCE, Source),
    "reserves": ("reserves", "a reserve estimate", RESERVE, Reserve),
    "events": ("events", "an event", EVENT, Event),
    "claims": ("claims", "a claim", CLAIM, Claim),
    "rates": ("rates", "a rate", RATE, Rate),
}


def registry_kind(relpath: str) -> str | None:
    """The registry a root-level file name is reserved for (``parties.yaml`` → parties)."""
    if "/" in relpath:
        return None
    stem, ext = posixpath.splitext(relpath)
    return stem if ext in (".yaml", ".yml") and stem in REGISTRIES else None


def convert_deal(node: yaml.Node, ctx: v.Ctx, relpath: str) -> Deal | None:
    locs: dict[str, Loc] = {}
    fields = read_mapping(node, ctx, "a deal", DEAL, locs)
    if fields is None:
        return None
    _date_locs(node, ctx, locs)
    stem = posixpath.splitext(posixpath.basename(relpath))[0]
    if "id" in fields and fields["id"] != stem:
        ctx.diagnostics.append(_diag(locs["id"], "DT113",
                                     f"deal id '{fields['id']}' does not match its file name "
                                     f"'{posixpath.basename(relpath)}'",
                                     f"rename the file to {fields['id']}"
                                     f"{posixpath.splitext(relpath)[1]}, or set id: {stem}"))
    fields.setdefault("id", stem)
    return Deal(loc=ctx.loc(node), field_locs=locs, path=ctx.path, **fields)


def _date_locs(node: yaml.MappingNode, ctx: v.Ctx, locs: dict[str, Loc]) -> None:
    """Remember where each ``dates.<status>`` is written, for precise lifecycle messages."""
    for key, value in node.value:
        if key.value == "dates" and isinstance(value, yaml.MappingNode):
            for status, date in value.value:
                locs[f"dates.{status.value}"] = ctx.loc(date)


def convert_registry(node: yaml.Node, ctx: v.Ctx, kind: str) -> list:
    _, what, schema, cls = REGISTRIES[kind]
    if not isinstance(node, yaml.SequenceNode):
        ctx.report(node, "DT114", f"{kind}.yaml must be a list of records, "
                   f"not {v.kind_name(node)}", hint=f"start each entry with '- ' ({what})")
        return []
    records = []
    with no_gc():  # records hold no cycles; see reader.no_gc
        for item in node.value:
            locs: dict[str, Loc] = {}
            fields = read_mapping(item, ctx, what, schema, locs)
            if fields is None:
                continue
            if cls is Rate:
                if all(k in fields for k in ("date", "from", "to", "rate")):
                    records.append(Rate(fields["date"], fields["from"], fields["to"],
                                        fields["rate"], ctx.loc(item), fields.get("sources", ()),
                                        locs))
                continue
            if "id" not in fields:
                continue
            records.append(cls(loc=ctx.loc(item), field_locs=locs, **fields))
    return records


def _diag(loc: Loc, code: str, message: str, hint: str | None = None):
    from dealtrack.diagnostics import Diagnostic

    return Diagnostic(loc, code, message, hint)
