"""Node trees to model records, driven by the field specifications of ``load.fields``.

Each ``Field`` is compiled once into a reader (a function of a node, the
``Ctx`` and the key). Unknown keys, missing keys and bad values become
diagnostics; a record is still built from what could be read so that later
rules (references, duplicates) see as much as possible.
"""

from __future__ import annotations

import dataclasses
import posixpath
from typing import Callable, Mapping

import yaml

from dealtrack.diagnostics import Diagnostic, did_you_mean
from dealtrack.load import values as v
from dealtrack.load.collector import no_gc
from dealtrack.load.fields import BY_PLURAL, BY_REGISTRY, Field, RecordType
from dealtrack.model import Deal, FieldLocs, Loc, Money
from dealtrack.textsafe import quote

Reader = Callable[[yaml.Node, v.Ctx, str], object]
Schema = Mapping[str, Field]


def read_mapping(node: yaml.Node, ctx: v.Ctx, what: str, schema: Schema,
                 locs: dict[str, tuple[int, int]] | None = None,
                 spec: tuple[dict, frozenset[str]] | None = None) -> dict[str, object] | None:
    """Read a mapping against a schema; returns the values that read cleanly.

    ``locs``, when given, receives ``key: (line, col)`` of every value read, in
    reading order (see ``model.FieldLocs``). ``spec``: ``_spec(schema)``, when the
    caller has it at hand.
    """
    if not isinstance(node, _MAPPING):
        ctx.report(node, "DT103", f"{what} must be a mapping of keys to values, "
                   f"not {v.kind_name(node)}")
        return None
    entries, required = spec or _spec(schema)
    get = entries.get
    out: dict[str, object] = {}
    # The keys read so far (a repeated key is read once): ``locs`` itself when kept.
    present = set() if locs is None else locs
    for key_node, value_node in node.value:
        try:
            entry = get(key_node.value)
        except TypeError:  # a mapping or list as a key: its value is a list
            entry = None
        if entry is None:
            _unknown(key_node, ctx, what, schema)
            continue
        reader, key = entry  # the schema's own key string, shared by every record
        if key in present:  # duplicate keys are reported by the reader's tree checks
            ctx.skipped = True
            continue
        value = reader(value_node, ctx, key)
        if locs is None:
            present.add(key)
        else:
            mark = value_node.start_mark
            locs[key] = (mark.line + 1, mark.column + 1)
        if value is not None:
            out[key] = value
    if not (present if locs is None else present.keys()) >= required:
        _missing(node, ctx, what, schema, present, out)
    return out


def _unknown(key_node: yaml.Node, ctx: v.Ctx, what: str, schema: Schema) -> None:
    key = key_node.value if isinstance(key_node, _SCALAR) else None
    name = v._short(key) if key is not None else v.kind_name(key_node)
    ctx.report(key_node, "DT101", f"unknown key '{name}' in {what}",
               hint=(lambda: did_you_mean(str(key), schema)) if key is not None else None)


def _missing(node: yaml.Node, ctx: v.Ctx, what: str, schema: Schema, present,
             out: dict[str, object]) -> None:
    """DT102 for each required key the mapping lacks (in the schema's order)."""
    for key, spec in schema.items():
        if not spec.required or key in present:
            continue
        unless = spec.unless
        if unless is not None and (unless[0] in present if unless[1] is None
                                   else out.get(unless[0]) == unless[1]):
            continue
        ctx.report(node, "DT102", f"{what} has no '{key}'", hint=spec.hint)


_MAPPING, _SCALAR = yaml.MappingNode, yaml.ScalarNode


def _compiled_once(table: dict, source, compile_):
    """``compile_(source)``, kept in ``table`` by the identity of ``source`` (schemas and
    fields are module constants; the source is kept too, so that its id is never reused)."""
    found = table.get(id(source))
    if found is None or found[0] is not source:
        found = table[id(source)] = (source, compile_(source))
    return found[1]


# Per schema: key -> (reader, key), required keys.
_SPECS: dict[int, tuple[Schema, tuple[dict, frozenset[str]]]] = {}


def _spec(schema: Schema) -> tuple[dict, frozenset[str]]:
    return _compiled_once(_SPECS, schema, _compile_schema)


def _compile_schema(schema: Schema) -> tuple[dict, frozenset[str]]:
    return ({key: (reader_for(spec), key) for key, spec in schema.items()},
            frozenset(key for key, spec in schema.items() if spec.required))


_SCALAR_READERS: dict[str, Reader] = {
    "text": v.text, "line": v.line, "id": v.ident, "ref": v.ref, "slug": v.slug, "boolean": v.boolean,
    "count": v.count, "decimal": v.decimal, "date": v.date, "country": v.country,
    "currency": v.currency, "amount": v.amount, "stake": v.stake,
}
_READERS: dict[int, tuple[Field, Reader]] = {}


def reader_for(spec: Field) -> Reader:
    """The reader of one field's values, compiled once per ``Field``."""
    return _compiled_once(_READERS, spec, _compile)


def _compile(spec: Field) -> Reader:
    kind = spec.kind
    if kind in _SCALAR_READERS:
        return _SCALAR_READERS[kind]
    if kind == "choice":
        return v.choice(spec.options)
    if kind == "list":
        return _list_of(reader_for(spec.item), spec.minimum, spec.shared)
    if kind == "record":
        return _record(spec)
    if kind == "money":
        return _money(spec.fields)
    if kind == "dates":
        return _dates(spec.fields)
    if kind == "hosts":
        return _hosts(_list_of(v.country, 1))
    raise ValueError(f"no reader for field kind {kind!r}")  # pragma: no cover


def _list_of(reader: Reader, minimum: int = 0, shared: bool = False) -> Reader:
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
        found = tuple([value for item in node.value
                       if (value := reader(item, ctx, key)) is not None])
        if shared:
            if len(seen) >= 10_000:
                seen.clear()
            found = seen.setdefault(found, found)
        return found

    return read


def _record(spec: Field) -> Reader:
    """A nested record (a citation, a deal's party, a phase): built only with its required keys."""
    schema, what, build = spec.fields, spec.what, spec.build
    required = frozenset(k for k, field in schema.items() if field.required)
    # A key the file leaves out is None in the record (nested records have no renamed keys);
    # a list left out keeps the model's default, the empty tuple (a component's sources).
    # Those are the model's defaults: the record is built from the keys the file gives.
    defaults = {f.name: f.default for f in dataclasses.fields(build)}
    assert all(defaults[key] is (() if field.kind == "list" else None)
               for key, field in schema.items() if not field.required)
    assert all(field.attr is None for field in schema.values())

    compiled = _spec(schema)

    def read(node: yaml.Node, ctx: v.Ctx, key: str):
        fields = read_mapping(node, ctx, what, schema, None, compiled)
        if fields is None or not fields.keys() >= required:
            return None
        return build(loc=ctx.loc(node), **fields)

    return read


def _money(schema: Schema) -> Reader:
    """The short form ``about USD 4.2 billion`` or the long form mapping."""
    compiled = _spec(schema)

    def read(node: yaml.Node, ctx: v.Ctx, key: str):
        if not isinstance(node, _MAPPING):
            return v.money(node, ctx, key)
        fields = read_mapping(node, ctx, "amount", schema, None, compiled)
        if fields is None or "amount" not in fields or "currency" not in fields:
            return None
        low, high = fields["amount"]
        return Money(fields["currency"], low, high, fields.get("qualifier", "exact"),
                     fields.get("note"), fields.get("date"))

    return read


def _hosts(countries: Reader) -> Reader:
    """``host: PK`` or (format 1.1) ``host: [AU, US]``: a code, or a tuple of codes."""
    def read(node: yaml.Node, ctx: v.Ctx, key: str):
        if isinstance(node, yaml.SequenceNode):
            found = countries(node, ctx, key)
            if found and len(set(found)) < len(found):
                ctx.report(node, "DT103", f"'{key}' names a country twice",
                           hint="list each host country once")
                return None
            return found or None
        return v.country(node, ctx, key)

    return read


def _dates(schema: Schema) -> Reader:
    """``dates:`` maps statuses to dates, in the file's order."""
    compiled = _spec(schema)

    def read(node: yaml.Node, ctx: v.Ctx, key: str):
        fields = read_mapping(node, ctx, "'dates'", schema, None, compiled)
        if fields is None:
            return None
        if not node.value:
            ctx.report(node, "DT110", "'dates' needs at least one status with its date",
                       hint="for example  signed: 2025-09-08")
        return fields

    return read


_DEAL = BY_PLURAL["deals"].fields
_DEAL_RENAMED = tuple((key, attr) for key, attr in BY_PLURAL["deals"].attrs.items()
                      if key != attr)
_DATE_KEYS = {status: f"dates.{status}" for status in BY_PLURAL["deals"].fields["dates"].fields}


def convert_deal(node: yaml.Node, ctx: v.Ctx, relpath: str) -> Deal | None:
    locs: dict[str, tuple[int, int]] = {}
    fields = read_mapping(node, ctx, "a deal", _DEAL, locs)
    if fields is None:
        return None
    _date_locs(node, ctx, locs)
    stem = posixpath.splitext(posixpath.basename(relpath))[0]
    if "id" in fields and fields["id"] != stem:
        ctx.diagnostics.append(Diagnostic(Loc(ctx.path, *locs["id"]), "DT113",
                                          f"deal id '{fields['id']}' does not match its file "
                                          f"name '{posixpath.basename(relpath)}'",
                                          f"rename the file to {fields['id']}"
                                          f"{posixpath.splitext(relpath)[1]}, or set id: {stem}"))
    fields.setdefault("id", stem)
    for key, attr in _DEAL_RENAMED:
        if key in fields:
            fields[attr] = fields.pop(key)
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
    rtype: RecordType = BY_REGISTRY[kind]
    what, schema, cls, identity = rtype.what, rtype.fields, rtype.cls, rtype.identity
    attrs = rtype.attrs
    if not isinstance(node, yaml.SequenceNode):
        ctx.report(node, "DT114", f"{kind}.yaml must be a list of records, "
                   f"not {v.kind_name(node)}", hint=f"start each entry with '- ' ({what})")
        return []
    records = []
    compiled = _spec(schema)
    with no_gc():  # records hold no cycles; see load.collector
        for item in node.value:
            locs: dict[str, tuple[int, int]] = {}
            fields = read_mapping(item, ctx, what, schema, locs, compiled)
            if fields is None:
                continue
            if not all(k in fields for k in identity):
                continue
            records.append(cls(loc=ctx.loc(item), field_locs=FieldLocs.build(ctx.path, locs),
                               **{attrs[key]: value for key, value in fields.items()}))
    return records
