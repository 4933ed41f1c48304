"""JSON Schema (draft-07) for deal files and registries, derived from the loader's own schemas.

Editors (through yaml-language-server) use it for completion and early
warnings; the loader stays the authority. The committed copies in ``schema/``
are checked against this output by a test, so they cannot drift from the code.
"""

from __future__ import annotations

from dealtrack.load import values as v
from dealtrack.load.convert import DEAL, REGISTRIES, _dates

DRAFT = "http://json-schema.org/draft-07/schema#"
KINDS = ("deal", *REGISTRIES)

# Editors read YAML 1.2, where a bare year (`date: 1971`) is an integer: allow it.
_DATE = {"type": ["string", "integer"], "pattern": r"^~?[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$",
         "minimum": 1000, "maximum": 9999,
         "description": "YYYY-MM-DD, YYYY-MM or YYYY; a leading ~ marks an approximate date"}
_ID = {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"}
_NUMBER = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+(?:_[0-9]+)*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?"
_AMOUNT = rf"{_NUMBER}(?: to {_NUMBER})?(?: (?:thousand|million|billion|trillion))?"


def _scalar(reader) -> dict:
    from dealtrack.load.values import _countries, _currencies

    table = {
        v.text: {"type": "string", "minLength": 1},
        v.ident: _ID,
        v.slug: _ID,
        v.ref: _ID,
        v.boolean: {"type": "boolean"},
        v.count: {"type": "integer", "minimum": 1},
        v.decimal: {"type": ["number", "string"], "description": "a positive exact decimal"},
        v.date: _DATE,
        v.country: {"type": "string", "enum": sorted(_countries()),
                    "description": "ISO 3166-1 alpha-2 country code"},
        v.currency: {"type": "string", "enum": sorted(_currencies()),
                     "description": "ISO 4217 currency code"},
        v.amount: {"type": ["string", "number"], "pattern": f"^{_AMOUNT}$"},
    }
    return dict(table[reader])


def _fragment(reader) -> dict:
    if reader is v.money:
        return {"oneOf": [
            {"type": "string",
             "pattern": rf"^(?:(?:about|up to|at least) )?[A-Z]{{3}} {_AMOUNT}$",
             "description": "[about|up to|at least] CURRENCY NUMBER [to NUMBER] [SCALE]"},
            _object(v.MONEY_FIELDS),
        ]}
    if reader is _dates:
        from dealtrack.model import STATUSES

        return {"type": "object", "minProperties": 1, "additionalProperties": False,
                "properties": {status: dict(_DATE) for status in STATUSES}}
    if hasattr(reader, "options"):
        # `verdict: false` is the verdict "false" to dealtrack but a boolean to YAML 1.2
        # editors; accept both spellings so that editors do not flag valid files.
        booleans = [option == "true" for option in reader.options if option in ("true", "false")]
        if booleans:
            return {"enum": [*reader.options, *booleans]}
        return {"type": "string", "enum": list(reader.options)}
    if hasattr(reader, "item"):
        out = {"type": "array", "items": _fragment(reader.item)}
        if reader.minimum:
            out["minItems"] = reader.minimum
        return out
    if hasattr(reader, "fields"):
        return _object(reader.fields)
    return _scalar(reader)


def _object(fields) -> dict:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [key for key, (_, required) in fields.items() if required],
        "properties": {key: _fragment(reader) for key, (reader, _) in fields.items()},
    }


def schema_for(kind: str) -> dict:
    """The JSON Schema of one file kind: ``deal`` or a registry name (``parties`` …)."""
    if kind == "deal":
        body = _object(DEAL)
        title = "dealtrack deal file"
    else:
        body = {"type": "array", "items": _object(REGISTRIES[kind][2])}
        title = f"dealtrack {kind}.yaml"
    return {"$schema": DRAFT, "title": title, **body}


def dump(kind: str) -> str:
    """The schema as the committed files hold it: sorted keys, two-space indent, final newline."""
    import json

    return json.dumps(schema_for(kind), indent=2, ensure_ascii=False) + "\n"
