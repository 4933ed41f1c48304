"""Records spelled back in the format's own terms, and emitted as canonical YAML.

One spelling serves three readers: ``diff`` and ``log`` compare records
field by field in these terms (``USD 1.5 billion``, ``~2025-09-06``),
``textconv`` prints them so ``git diff`` shows data instead of layout, and
``new`` writes the records it scaffolds. Key order is the schema's order in
``dealtrack.load.convert`` (the order of the data-format document).
"""

from __future__ import annotations

import json
import re
import textwrap
from decimal import Decimal

from dealtrack.load.fields import (BY_PLURAL, CITATION, COMPONENT, HISTORY_ENTRY, PARTY_ROLE,
                                   PHASE, RECORD_TYPES)
from dealtrack.model import FuzzyDate, Money, Rate, Stake

# Record type names as people say them, by Dataset attribute (from the record-type table).
KINDS = {rtype.plural: rtype.singular for rtype in RECORD_TYPES}
_SCALES = (("trillion", Decimal(10) ** 12), ("billion", Decimal(10) ** 9),
           ("million", Decimal(10) ** 6))
# The records nested in a record (a citation, a party of a deal …), by model class: their
# keys, in order, are the field specs' (``dealtrack.load.fields``).
_NESTED = {spec.build: spec.fields for spec in (CITATION, PARTY_ROLE, PHASE, COMPONENT,
                                                 HISTORY_ENTRY)}


# ---- spelling single values -------------------------------------------------------------

def spell_number(number: Decimal) -> str:
    """``1250000000`` → ``1,250,000,000``; never exponent notation."""
    text = format(number.normalize(), ",f")
    return text


def _short(number: Decimal) -> str:
    return format(number.normalize(), "f")


def spell_amount(low: Decimal, high: Decimal) -> str:
    """``500 million``, ``6 to 8 trillion``, ``1,234,567``: exact, read back to the same value."""
    anchor = low or high
    for name, factor in _SCALES:
        if anchor >= factor:
            scaled = (low / factor, high / factor)
            if all(-x.normalize().as_tuple().exponent <= 3 for x in scaled):
                text = _short(scaled[0])
                if high != low:
                    text += f" to {_short(scaled[1])}"
                return f"{text} {name}"
            break
    text = spell_number(low)
    if high != low:
        text += f" to {spell_number(high)}"
    return text


def spell_money(money: Money) -> str:
    """``about USD 4.2 billion``: the short form of the format, without note or date."""
    prefix = "" if money.qualifier == "exact" else f"{money.qualifier} "
    return f"{prefix}{money.currency} {spell_amount(money.low, money.high)}"


def money_json(money: Money | None) -> dict | None:
    """Money for JSON: exact decimal strings, never floats."""
    if money is None:
        return None
    return {"currency": money.currency, "low": str(money.low), "high": str(money.high),
            "qualifier": money.qualifier, "text": spell_money(money)}


# ---- records as plain data ----------------------------------------------------------------

def record_key(kind: str, record) -> str:
    """The id a record is known by; a rate has none, so its pair and date stand in."""
    if isinstance(record, Rate):
        return f"{record.from_currency}-{record.to_currency}-{record.date.iso()}"
    return record.id


def record_data(kind: str, record) -> dict:
    """The record as plain YAML-able data in canonical key order, values spelled as written."""
    rtype = BY_PLURAL[kind]
    schema, attrs = rtype.fields, rtype.attrs
    # Keys the file did not have stay out, rather than showing the model's defaults.
    present = getattr(record, "field_locs", None) or schema
    out: dict = {}
    for key in schema:
        if key not in present and key != "id":
            continue
        value = _plain(getattr(record, attrs[key], None))
        if key == "count" and value == 1:
            continue  # the default, as the format document writes it
        if value is None or value == () or value == {} or value == []:
            continue
        out[key] = value
    return out


def _plain(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return _short(Decimal(value)) if isinstance(value, Decimal) else value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, FuzzyDate):
        return value.iso()
    if isinstance(value, Money):
        if value.note is None and value.date is None:
            return spell_money(value)
        long = {"amount": spell_amount(value.low, value.high), "currency": value.currency}
        if value.qualifier != "exact":
            long["qualifier"] = value.qualifier
        if value.note is not None:
            long["note"] = value.note
        if value.date is not None:
            long["date"] = value.date.iso()
        return long
    fields = _NESTED.get(type(value))
    if fields is not None:
        return _nested(value, fields)
    if isinstance(value, Stake):
        return str(value)
    if isinstance(value, dict) or hasattr(value, "items"):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return str(value)


def _nested(record, fields) -> dict:
    """A nested record as plain data: its keys in the spec's order, absent ones left out."""
    out = {}
    for key, spec in fields.items():
        value = _plain(getattr(record, spec.attr or key))
        if value is not None and value != []:
            out[key] = value
    return out


# ---- canonical YAML text ------------------------------------------------------------------

_PLAIN_RE = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n]*\Z")
_NULLISH = {"~", "null", "Null", "NULL"}
WIDTH = 80


def scalar(text: str, in_flow: bool = False) -> str:
    """A string as a YAML scalar: plain when it reads back as itself, else double-quoted."""
    safe = (bool(_PLAIN_RE.match(text)) and text == text.strip() and ": " not in text
            and " #" not in text and not text.endswith(":") and text not in _NULLISH
            and "\t" not in text)
    if safe and in_flow:
        safe = not any(c in text for c in ",[]{}")
    if safe or _date_like(text):
        return text
    # A JSON string is a valid YAML double-quoted scalar with the same value.
    return json.dumps(text, ensure_ascii=False)


def _date_like(text: str) -> bool:
    return bool(re.fullmatch(r"~\d{4}(-\d{2}){0,2}", text))


def _foldable(text: str) -> bool:
    return ("\n" not in text and text == text.strip() and "  " not in text
            and "\t" not in text and not any(ord(c) < 32 for c in text))


def _emit_text(key_prefix: str, text: str, indent: int) -> list[str]:
    """``key: value`` on one line, or a folded block (``>-``) for long prose."""
    one = key_prefix + scalar(text)
    if len(one) <= WIDTH or not _foldable(text):
        return [one]
    pad = " " * (indent + 2)
    lines = textwrap.wrap(text, width=max(40, WIDTH - len(pad)), break_long_words=False,
                          break_on_hyphens=False)
    return [key_prefix + ">-"] + [pad + line for line in lines]


def emit(data, indent: int = 0) -> str:
    """Block-style YAML for plain data (dicts, lists, strings), as the format document writes it."""
    return "\n".join(_emit(data, indent)) + "\n"


def _emit(data, indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    if isinstance(data, list):
        for item in data:
            body = _emit(item, indent + 2) if isinstance(item, (dict, list)) else \
                _emit_text(pad + "  ", item, indent)
            first = body[0]
            lines.append(pad + "- " + first[indent + 2:])
            lines.extend(body[1:])
        return lines
    for key, value in data.items():
        head = f"{pad}{key}:"
        if isinstance(value, dict):
            lines.append(head)
            lines.extend(_emit(value, indent + 2))
        elif isinstance(value, list):
            flow = _flow(value)
            if flow is not None and len(head) + 1 + len(flow) <= WIDTH:
                lines.append(f"{head} {flow}")
            else:
                lines.append(head)
                lines.extend(_emit(value, indent + 2))
        else:
            lines.extend(_emit_text(head + " ", str(value), indent))
    return lines


def _flow(items: list) -> str | None:
    if not all(isinstance(i, str) for i in items):
        return None
    return "[" + ", ".join(scalar(i, in_flow=True) for i in items) + "]"


def emit_records(kind: str, records) -> str:
    """A deal as one mapping, or registry records as a list, in canonical form."""
    if kind == "deals":
        return "".join(emit({"id": record_key(kind, r), **record_data(kind, r)})
                       for r in records)
    return emit([({"id": r.id} if not isinstance(r, Rate) else {}) | record_data(kind, r)
                 for r in records]) if records else "[]\n"
