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
                             VERDICTS, Citation, Claim, Deal, Event, FieldLocs, Loc, Party,
                             PartyRole, Phase, Rate, Reserve, Source)
from dealtrack.textsafe import quote

Reader = Callable[[yaml.Node, v.Ctx, str], object]
Schema = dict[str, tuple[Reader, bool]]


def read_mapping(node: yaml.Node, ctx: v.Ctx, what: str, schema: Schema,
                 locs: dict[str, tuple[int, int]] | None = None) -> dict[str, object] | None:
    """Read a mapping against a schema; returns the values that read cleanly.

    ``locs``, when given, receives ``key: (line, col)`` of every value read, in
    reading order (see ``model.FieldLocs``).
    """
    if not isinstance(node, _MAPPING):
        ctx.report(node, "DT103", f"{what} must be a mapping of keys to values, "
                   f"not {v.kind_name(node)}")
        return None
    entries, required = _spec(schema)
    out: dict[str, object] = {}
    present: set[str] = set()
    for key_node, value_node in node.value:
        entry = entries.get(key_node.value) if isinstance(key_node, _SCALAR) else None
        if entry is None:
            key = key_node.value if isinstance(key_node, _SCALAR) else None
            name = v._short(key) if key is not None else v.kind_name(key_node)
            ctx.report(key_node, "DT101", f"unknown key '{name}' in {what}",
                       hint=(lambda: did_you_mean(str(key), schema)) if key is not None else None)
            continue
        reader, key = entry  # the schema's own key string, shared by every record
        if key in present:  # duplicate keys are reported by the reader
            continue
        present.add(key)
        value = reader(value_node, ctx, key)
        if locs is not None:
            mark = value_node.start_mark
            locs[key] = (mark.line + 1, mark.column + 1)
        if value is not None:
            out[key] = value
    for key in required:
        if key not in present:
            ctx.report(node, "DT102", f"{what} has no '{key}'", hint=_MISSING_HINTS.get(key))
    return out


_MAPPING, _SCALAR = yaml.MappingNode, yaml.ScalarNode
# Per schema (by identity; schemas are module constants): key -> (reader, key), required keys.
_SPECS: dict[int, tuple[Schema, dict, tuple[str, ...]]] = {}


def _spec(schema: Schema) -> tuple[dict, tuple[str, ...]]:
    found = _SPECS.get(id(schema))
    if found is None or found[0] is not schema:
        found = (schema, {key: (reader, key) for key, (reader, _) in schema.items()},
                 tuple(key for key, (_, required) in schema.items() if required))
        _SPECS[id(schema)] = found
    return found[1], found[2]


def list_of(reader: Reader, minimum: int = 0, shared: bool = False) -> Reader:
    """A list of ``reader`` values; ``shared``: equal lists (of slugs) are one tuple in memory."""
    seen: dict[tuple, tuple] = {}

    def read(node: yaml.Node, ctx: v.Ctx, key: str):
        if not isinstance(node, yaml.SequenceNode):
            hint = f"write it as a list: {key}: [{quote(node.value)}]" if isinstance(
                node, yaml.ScalarNode) and node.value else None
            ctx.report(node, "DT103", f"'{key}' must be a list, not {v.kind_name(node)}",
                       hint=hint)
            return None
        if len(node.value) < minimum:
            ctx.report(node, "DT110", f"'{key}' needs at least {minimum} "
                       f"{'entry' if minimum == 1 else 'entries'}")
        items = [reader(item, ctx, key) for item in node.value]
        found = tuple([item for item in items if item is not None])
        if shared:
            if len(seen) >= 10_000:
                seen.clear()
            found = seen.setdefault(found, found)
        return found

    read.item, read.minimum = reader, minimum  # read by dealtrack.schema
    return read


def _mapping_reader(what: str, schema: Schema, build: Callable[[dict, Loc], object]) -> Reader:
    required = tuple(k for k, (_, req) in schema.items() if req)

    def read(node: yaml.Node, ctx: v.Ctx, key: str):
        fields = read_mapping(node, ctx, what, schema)
        if fields is None:
            return None
        for k in required:
            if k not in fields:
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


_DATES: Schema = {status: (v.date, False) for status in STATUSES}
_DATE_KEYS = {status: f"dates.{status}" for status in STATUSES}


def _dates(node: yaml.Node, ctx: v.Ctx, key: str):
    """``dates:`` maps statuses to dates, in the file's order."""
    fields = read_mapping(node, ctx, "'dates'", _DATES)
    if fields is None:
        return None
    if not node.value:
        ctx.report(node, "DT110", "'dates' needs at least one status with its date",
                   hint="for example  signed: 2025-09-08")
    return fields


SOURCES = list_of(CITATION, minimum=1)
IDS = list_of(v.ref)
SLUGS = list_of(v.slug, shared=True)   # sectors and commodities: a small vocabulary
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
    locs: dict[str, tuple[int, int]] = {}
    fields = read_mapping(node, ctx, "a deal", DEAL, locs)
    if fields is None:
        return None
    _date_locs(node, ctx, locs)
    stem = posixpath.splitext(posixpath.basename(relpath))[0]
    if "id" in fields and fields["id"] != stem:
        ctx.diagnostics.append(_diag(Loc(ctx.path, *locs["id"]), "DT113",
                                     f"deal id '{fields['id']}' does not match its file name "
                                     f"'{posixpath.basename(relpath)}'",
                                     f"rename the file to {fields['id']}"
                                     f"{posixpath.splitext(relpath)[1]}, or set id: {stem}"))
    fields.setdefault("id", stem)
    return Deal(loc=ctx.loc(node), field_locs=FieldLocs.build(ctx.path, locs), path=ctx.path,
                **fields)


def _date_locs(node: yaml.MappingNode, ctx: v.Ctx, locs: dict[str, tuple[int, int]]) -> None:
    """Remember where each ``dates.<status>`` is written, for precise lifecycle messages."""
    for key, value in node.value:
        if key.value == "dates" and isinstance(value, yaml.MappingNode):
            for status, date in value.value:
                name = _DATE_KEYS.get(status.value) if isinstance(status, _SCALAR) else None
                mark = date.start_mark
                locs[name or f"dates.{status.value}"] = (mark.line + 1, mark.column + 1)


def convert_registry(node: yaml.Node, ctx: v.Ctx, kind: str) -> list:
    _, what, schema, cls = REGISTRIES[kind]
    if not isinstance(node, yaml.SequenceNode):
        ctx.report(node, "DT114", f"{kind}.yaml must be a list of records, "
                   f"not {v.kind_name(node)}", hint=f"start each entry with '- ' ({what})")
        return []
    records = []
    with no_gc():  # records hold no cycles; see reader.no_gc
        for item in node.value:
            locs: dict[str, tuple[int, int]] = {}
            fields = read_mapping(item, ctx, what, schema, locs)
            if fields is None:
                continue
            if cls is Rate:
                if all(k in fields for k in ("date", "from", "to", "rate")):
                    records.append(Rate(fields["date"], fields["from"], fields["to"],
                                        fields["rate"], ctx.loc(item), fields.get("sources", ()),
                                        FieldLocs.build(ctx.path, locs)))
                continue
            if "id" not in fields:
                continue
            records.append(cls(loc=ctx.loc(item), field_locs=FieldLocs.build(ctx.path, locs),
                               **fields))
    return records


def _diag(loc: Loc, code: str, message: str, hint: str | None = None):
    from dealtrack.diagnostics import Diagnostic

    return Diagnostic(loc, code, message, hint)
