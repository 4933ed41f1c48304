"""JSON Schema (draft-07) for deal files and registries, derived from the loader's own schemas.

Editors (through yaml-language-server) use it for completion and early
warnings; the loader stays the authority. The committed copies in ``schema/``
are checked against this output by a test, so they cannot drift from the code.
"""

from __future__ import annotations

from dealtrack.load.fields import BY_PLURAL, BY_REGISTRY, Field

DRAFT = "http://json-schema.org/draft-07/schema#"
KINDS = ("deal", *BY_REGISTRY)

# Editors read YAML 1.2, where a bare year (`date: 1971`) is an integer: allow it.
_DATE = {"type": ["string", "integer"], "pattern": r"^~?[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$",
         "minimum": 1000, "maximum": 9999,
         "description": "YYYY-MM-DD, YYYY-MM or YYYY; a leading ~ marks an approximate date"}
_ID = {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"}
_NUMBER = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+(?:_[0-9]+)*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?"
_SCALE = r"(?: (?:thousand|million|billion|trillion|lakh crore|lakh|crore))"
_AMOUNT = rf"{_NUMBER}(?:{_SCALE}? to {_NUMBER})?{_SCALE}?"
_STAKE = rf"^(?:(?:about|up to|at least) )?{_NUMBER}%?(?: to {_NUMBER})? ?%$"


def _scalar(kind: str) -> dict:
    from dealtrack.load.values import known_countries, known_currencies

    if kind == "country":
        return {"type": "string", "enum": sorted(known_countries()),
                "description": "ISO 3166-1 alpha-2 country code"}
    if kind == "currency":
        return {"type": "string", "enum": sorted(known_currencies()),
                "description": "ISO 4217 currency code"}
    table = {
        "text": {"type": "string", "minLength": 1},
        "line": {"type": "string", "minLength": 1},   # line breaks: the loader says (DT116)
        "id": _ID,
        "slug": _ID,
        "ref": _ID,
        "boolean": {"type": "boolean"},
        "count": {"type": "integer", "minimum": 1},
        "decimal": {"type": ["number", "string"], "description": "a positive exact decimal"},
        "date": _DATE,
        "amount": {"type": ["string", "number"], "pattern": f"^{_AMOUNT}$"},
        "stake": {"type": "string", "pattern": _STAKE,
                  "description": "a share in percent: 15%, about 15%, 10 to 20%"},
    }
    return dict(table[kind])


def _fragment(spec: Field) -> dict:
    kind = spec.kind
    if kind == "money":
        return {"oneOf": [
            {"type": "string",
             "pattern": rf"^(?:(?:about|up to|at least) )?[A-Z]{{3}} {_AMOUNT}$",
             "description": "[about|up to|at least] CURRENCY NUMBER [to NUMBER] [SCALE]"},
            _object(spec.fields),
        ]}
    if kind == "dates":
        return {"type": "object", "minProperties": 1, "additionalProperties": False,
                "properties": {status: _fragment(date) for status, date in spec.fields.items()}}
    if kind == "choice":
        # `verdict: false` is the verdict "false" to dealtrack but a boolean to YAML 1.2
        # editors; accept both spellings so that editors do not flag valid files.
        booleans = [option == "true" for option in spec.options if option in ("true", "false")]
        if booleans:
            return {"enum": [*spec.options, *booleans]}
        return {"type": "string", "enum": list(spec.options)}
    if kind == "hosts":
        country = _scalar("country")
        return {"oneOf": [country, {"type": "array", "minItems": 1, "uniqueItems": True,
                                    "items": country}]}
    if kind == "list":
        out = {"type": "array", "items": _fragment(spec.item)}
        if spec.minimum:
            out["minItems"] = spec.minimum
        return out
    if kind == "record":
        return _object(spec.fields)
    return _scalar(kind)


def _object(fields) -> dict:
    out = {
        "type": "object",
        "additionalProperties": False,
        "required": [key for key, spec in fields.items() if spec.required and not spec.unless],
        "properties": {key: _fragment(spec) for key, spec in fields.items()},
    }
    # Keys required unless another key is present, or holds a value (a multilateral party
    # needs no country; a deal with history needs no dates).
    conditions = []
    for key, spec in fields.items():
        if spec.required and spec.unless:
            other, value = spec.unless
            exempt = ({"required": [other]} if value is None else
                      {"required": [other], "properties": {other: {"const": value}}})
            conditions.append({"anyOf": [exempt, {"required": [key]}]})
    if conditions:
        out["allOf"] = conditions
    return out


def schema_for(kind: str) -> dict:
    """The JSON Schema of one file kind: ``deal`` or a registry name (``parties`` …)."""
    if kind == "deal":
        body = _object(BY_PLURAL["deals"].fields)
        title = "dealtrack deal file"
    else:
        body = {"type": "array", "items": _object(BY_REGISTRY[kind].fields)}
        title = f"dealtrack {kind}.yaml"
    return {"$schema": DRAFT, "title": title, **body}


def dump(kind: str) -> str:
    """The schema as the committed files hold it: sorted keys, two-space indent, final newline."""
    import json

    return json.dumps(schema_for(kind), indent=2, ensure_ascii=False) + "\n"
