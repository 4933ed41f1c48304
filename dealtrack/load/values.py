"""Scalars read from their source text, by what their key expects.

Each reader takes a libyaml node and a ``Ctx`` and returns the value, or
``None`` after adding a diagnostic. YAML 1.1's own typing is never consulted:
``NO`` is whatever the key wants (Norway for ``host``), ``4.2e9`` is an exact
``Decimal``, and only ``true``/``false`` are booleans.
"""

from __future__ import annotations

import re
import sys
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Callable

import yaml

from dealtrack.diagnostics import Diagnostic, did_you_mean
from dealtrack.load.reader import MAX_PROBLEMS_PER_FILE
from dealtrack.model import (EU, EXACT, MAX_DIGITS, QUALIFIERS, SCALES, FuzzyDate, Loc, Money,
                             Ref, Stake)

ID_RE = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
_DATE_RE = re.compile(r"(~)?\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\Z")
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:_\d+)*)(?:\.\d+)?(?:[eE][+-]?\d+)?"
_NUMBER_RE = re.compile(_NUMBER)
_AMOUNT_RE = re.compile(
    rf"(?P<low>{_NUMBER})(?:\s+(?P<lowscale>[a-z]+(?: crore)?))?(?:\s+to\s+(?P<high>{_NUMBER}))?"
    rf"(?:\s+(?P<scale>[a-z]+(?: crore)?))?\Z")
# A share in percent: ``15%``, ``about 15%``, ``10 to 20%`` (format 1.1's ``stake``).
_STAKE_RE = re.compile(
    rf"(?:(?P<qualifier>about|up to|at least)\s+)?(?P<low>{_NUMBER})\s*%?"
    rf"(?:\s+to\s+(?P<high>{_NUMBER}))?\s*%\Z")
_MONEY_RE = re.compile(
    r"(?:(?P<qualifier>about|up to|at least)\s+)?(?P<currency>[A-Za-z]{3})\s+(?P<amount>.+)\Z")
_NULLS = ("", "~", "null", "Null", "NULL")
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False,
          "FALSE": False}
_YAML11_BOOLS = ("yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
                 "y", "Y", "n", "N")
MAX_AMOUNT = Decimal(10) ** 18
_QUALIFIERS = {None: "exact", **{q: q for q in QUALIFIERS}}
COUNTRY_FIXES = {"UK": "GB", "EL": "GR", "KS": "XK"}


class Ctx:
    """Where diagnostics go while one file is converted.

    A file with thousands of problems is not a deal file; past
    ``MAX_PROBLEMS_PER_FILE`` one last diagnostic says so and the rest are
    dropped, which also bounds the time a hostile file can cost (a hint may
    be given as a function, computed only for problems that are shown).
    """

    __slots__ = ("path", "diagnostics", "skipped")

    def __init__(self, path: str):
        self.path = path
        self.diagnostics: list[Diagnostic] = []
        # Set when a node was passed over without a diagnostic (a repeated key: reported
        # by ``reader.check_tree``), so that the file's tree checks are run.
        self.skipped = False

    def loc(self, node: yaml.Node) -> Loc:
        mark = node.start_mark
        return Loc(self.path, mark.line + 1, mark.column + 1)

    def report(self, node: yaml.Node, code: str, message: str,
               hint: str | Callable[[], str | None] | None = None,
               related: tuple[Loc, ...] = ()) -> None:
        shown = len(self.diagnostics)
        if shown > MAX_PROBLEMS_PER_FILE:
            return
        if shown == MAX_PROBLEMS_PER_FILE:
            message += f" (more than {MAX_PROBLEMS_PER_FILE} problems in this file; " \
                       "the rest are not shown)"
        if callable(hint):
            hint = hint()
        self.diagnostics.append(Diagnostic(self.loc(node), code, message, hint, related))


def kind_name(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"'{_short(node.value)}'"


def _short(text: str, limit: int = 40) -> str:
    """A value as quoted in a message: cut to ``limit``, control characters made visible.

    Values come from untrusted files; a raw escape sequence or line break
    would reach the terminal or split a ``path:line:col`` line in CI logs.
    """
    from dealtrack.textsafe import quote

    return quote(text, limit)


_SCALAR = yaml.ScalarNode


def scalar(node: yaml.Node, ctx: Ctx, key: str, what: str = "a single value") -> str | None:
    """The source text of a scalar, or None (with a diagnostic) for a collection or a null."""
    if not isinstance(node, _SCALAR):
        ctx.report(node, "DT103", f"'{key}' must be {what}, not {kind_name(node)}")
        return None
    text = node.value
    if not node.style and text in _NULLS:  # plain style is '' from libyaml, None from PyYAML
        ctx.report(node, "DT110", f"'{key}' is empty",
                   hint="give a value, or remove the key if it is not known")
        return None
    return text


# Tab and newline are text; other control characters (ESC above all) would reach the
# reader's terminal through every report that prints the value.
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def text(node: yaml.Node, ctx: Ctx, key: str) -> str | None:
    value = scalar(node, ctx, key, "text")
    if value is None:
        return None
    if not value or value.isspace():  # ('' is the quoted empty text)
        ctx.report(node, "DT110", f"'{key}' is blank")
        return None
    # (A printable text holds no control character, nor a line break.)
    if not value.isprintable() and _refused(
            node, ctx, _TEXT_CONTROL.search(value), "DT115",
            f"'{key}' holds the control character {{}}",
            "remove it; reports would send it to the reader's terminal"):
        return None
    return value


def _refused(node: yaml.Node, ctx: Ctx, bad: re.Match | None, code: str, message: str,
             hint: str) -> bool:
    """Report the character ``bad`` found (made visible in ``message``'s ``{}``), if any."""
    if bad is None:
        return False
    ctx.report(node, code, message.replace("{}", repr(bad.group())[1:-1]), hint=hint)
    return True


# What editors, terminals and reports take as the end of a line.
_LINE_BREAK = re.compile(r"[\n\r\x85\u2028\u2029]")


def line(node: yaml.Node, ctx: Ctx, key: str) -> str | None:
    """Text that reports print as one line (a title, a name): no line breaks."""
    value = text(node, ctx, key)
    if value is not None and not value.isprintable() and _refused(
            node, ctx, _LINE_BREAK.search(value.rstrip("\n")), "DT116",
            f"'{key}' must be one line; it holds a line break ({{}})",
            "write it on one line (a folded block, >-, joins lines with spaces)"):
        return None
    return value


def ident(node: yaml.Node, ctx: Ctx, key: str) -> str | None:
    value = scalar(node, ctx, key, "an id")
    if value is None:
        return None
    if key != "id":
        known = _REFS.get(value)
        if known is not None:
            return known
    if not ID_RE.match(value):
        suggestion = re.sub(r"[^a-z0-9-]+", "-", value.strip().lower()).strip("-")
        ctx.report(node, "DT105", f"'{_short(value)}' is not a valid id: use lower-case letters, "
                   "digits and '-'", hint=f"for example '{suggestion}'" if suggestion else None)
        return None
    # References repeat across records (every deal names its parties and sources): one copy
    # each. A record's own id is unique; interning it would only grow the interned table.
    return value if key == "id" else _remembered(_REFS, value, sys.intern, _REFS_KEPT)


# Ids read as references (valid ones), each to its one shared copy.
_REFS: dict[str, str] = {}
_REFS_KEPT = 50_000


def ref(node: yaml.Node, ctx: Ctx, key: str) -> Ref | None:
    """An id naming another record; keeps its own location for "unknown id" messages."""
    value = ident(node, ctx, key)
    return Ref(value, ctx.loc(node)) if value is not None else None


def slug(node: yaml.Node, ctx: Ctx, key: str) -> str | None:
    return ident(node, ctx, key)


def choice(options: tuple[str, ...]):
    """A reader for a closed vocabulary, with a "did you mean" for near misses."""
    canonical = {option: option for option in options}  # every record shares the constants

    def read(node: yaml.Node, ctx: Ctx, key: str) -> str | None:
        value = scalar(node, ctx, key)
        if value is None:
            return None
        known = canonical.get(value)
        if known is not None:
            return known
        ctx.report(node, "DT104", f"'{_short(value)}' is not a valid {key}",
                   hint=lambda: did_you_mean(value, options) or "one of: " + ", ".join(options))
        return None

    read.options = options  # read by dealtrack.schema
    return read


def boolean(node: yaml.Node, ctx: Ctx, key: str) -> bool | None:
    value = scalar(node, ctx, key, "true or false")
    if value is None:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    hint = "write true or false"
    if value in _YAML11_BOOLS:
        hint += f" ('{value}' means a boolean only in YAML 1.1; dealtrack does not guess)"
    ctx.report(node, "DT109", f"'{key}' must be true or false, not '{_short(value)}'", hint=hint)
    return None


def count(node: yaml.Node, ctx: Ctx, key: str) -> int | None:
    value = scalar(node, ctx, key, "a whole number")
    if value is None:
        return None
    digits = value.replace("_", "").replace(",", "")
    if not digits.isascii() or not digits.isdigit():
        ctx.report(node, "DT108", f"'{key}' must be a whole number, not '{_short(value)}'")
        return None
    if len(digits.lstrip("0")) > 18:  # also keeps int() clear of Python's 4300-digit limit
        ctx.report(node, "DT108", f"'{key}' {_short(value)} is larger than any real count")
        return None
    number = int(digits)
    if number < 1:
        ctx.report(node, "DT108", f"'{key}' must be at least 1, not {number}",
                   hint="count is how many instruments this record stands for")
        return None
    return number


def decimal(node: yaml.Node, ctx: Ctx, key: str) -> Decimal | None:
    """A positive exact decimal (an exchange rate)."""
    value = scalar(node, ctx, key, "a number")
    if value is None:
        return None
    number = _number(value.strip())
    if number is None or not number > 0:
        ctx.report(node, "DT108", f"'{key}' must be a positive number, not '{_short(value)}'")
        return None
    if _too_precise(number):
        ctx.report(node, "DT108", _TOO_PRECISE.format(_short(value)),
                   hint="a rate is exact as written; round it to the digits the source gives")
        return None
    return number


def date(node: yaml.Node, ctx: Ctx, key: str) -> FuzzyDate | None:
    value = scalar(node, ctx, key, "a date")
    if value is None:
        return None
    parsed, problem = parse_date(value)
    if problem:
        ctx.report(node, "DT106", f"'{key}': {problem}",
                   hint="write YYYY-MM-DD, YYYY-MM or YYYY, with a leading ~ if approximate")
    return parsed


_DATES: dict[str, tuple[FuzzyDate | None, str | None]] = {}
_KEPT = 20_000


def _remembered(table: dict, text: str, read, kept: int = _KEPT):
    """``read(text)``, computed once per spelling while ``table`` keeps it (at most ``kept``)."""
    found = table.get(text)
    if found is None:
        if len(table) >= kept:
            table.clear()
        found = table[text] = read(text)
    return found


def parse_date(value: str) -> tuple[FuzzyDate | None, str | None]:
    """Parse the format's date syntax; returns (date, None) or (None, what is wrong)."""
    # Dates repeat across records, and FuzzyDate is immutable: one object per spelling.
    return _remembered(_DATES, value, _parse_date)


def _parse_date(value: str) -> tuple[FuzzyDate | None, str | None]:
    match = _DATE_RE.match(value.strip())
    if not match:
        return None, f"'{_short(value)}' is not a date"
    approx, year, month, day = match.groups()
    fuzzy = FuzzyDate(int(year), int(month) if month else None, int(day) if day else None,
                      approximate=bool(approx))
    try:
        fuzzy.earliest()
        if fuzzy.month and not 1 <= fuzzy.month <= 12:
            raise ValueError
        if fuzzy.year < 1:
            raise ValueError
    except ValueError:
        return None, f"'{value}' is not a real date"
    return fuzzy, None


# Code -> the same code: a record keeps the shared string, not the copy read from its file.
@lru_cache(maxsize=1)
def known_countries() -> dict[str, str]:
    """ISO 3166-1 alpha-2 codes and ``EU``: the one list the loader, the JSON Schema and the
    --host/--partner filters check codes against."""
    import pycountry

    return {**{c.alpha_2: c.alpha_2 for c in pycountry.countries}, EU: EU}


@lru_cache(maxsize=1)
def known_currencies() -> dict[str, str]:
    import pycountry

    return {c.alpha_3: c.alpha_3 for c in pycountry.currencies}


def country(node: yaml.Node, ctx: Ctx, key: str) -> str | None:
    value = scalar(node, ctx, key, "a country code")
    if value is None:
        return None
    known = known_countries().get(value)
    if known is not None:
        return known
    hint = "use an ISO 3166-1 alpha-2 code, such as PK, CN or US"
    if value.upper() in known_countries():
        hint = f"country codes are upper-case: '{value.upper()}'"
    elif value.upper() in COUNTRY_FIXES:
        hint = f"the ISO 3166-1 code is '{COUNTRY_FIXES[value.upper()]}'"
    ctx.report(node, "DT111", f"'{_short(value)}' is not an ISO 3166-1 alpha-2 country code",
               hint=hint)
    return None


def currency_code(value: str) -> bool:
    return value in known_currencies()


def currency(node: yaml.Node, ctx: Ctx, key: str) -> str | None:
    value = scalar(node, ctx, key, "a currency code")
    if value is None:
        return None
    known = known_currencies().get(value)
    if known is not None:
        return known
    _bad_currency(node, ctx, value)
    return None


def _bad_currency(node: yaml.Node, ctx: Ctx, value: str) -> None:
    hint = "use an ISO 4217 code, such as USD, CNY or PKR"
    if currency_code(value.upper()):
        hint = f"currency codes are upper-case: '{value.upper()}'"
    ctx.report(node, "DT112", f"'{_short(value)}' is not an ISO 4217 currency code", hint=hint)


def _number(text: str) -> Decimal | None:
    if not _NUMBER_RE.fullmatch(text):
        return None
    try:
        number = Decimal(text.replace(",", "").replace("_", ""))
    except InvalidOperation:
        return None
    if not number.is_finite() or abs(number.adjusted()) > 40:
        return None
    return number


def parse_amount(text: str) -> tuple[Decimal, Decimal] | str:
    """``4.2 billion``, ``6 to 8 trillion``, ``500,000,000`` → exact (low, high), or a problem."""
    # Amounts repeat across records, and the result is immutable: read once per spelling.
    return _remembered(_AMOUNTS, text, _parse_amount)


_AMOUNTS: dict[str, tuple[Decimal, Decimal] | str] = {}


def _parse_amount(text: str) -> tuple[Decimal, Decimal] | str:
    match = _AMOUNT_RE.match(text.strip())
    if not match or (match["lowscale"] and not match["high"] and match["scale"]):
        return f"'{_short(text)}' is not an amount"
    scale_name, low_name = match["scale"], match["lowscale"]
    if low_name and not match["high"]:  # '500 million': the one scale
        scale_name, low_name = low_name, None
    scale = low_scale = Decimal(1)
    for name in (scale_name, low_name):
        if name and name not in SCALES:
            hint = did_you_mean(name, SCALES) or "one of " + ", ".join(SCALES)
            return f"'{name}' is not a scale ({hint})"
    if scale_name:
        scale = low_scale = SCALES[scale_name]
    if low_name:  # format 1.1: each end its own scale, 'USD 500 million to 1 billion'
        low_scale = SCALES[low_name]
    low = _number(match["low"])
    high = _number(match["high"]) if match["high"] else low
    if low is None or high is None:
        return f"'{_short(text)}' is not an amount"
    if _too_precise(low) or _too_precise(high):
        return _TOO_PRECISE.format(_short(text))
    point = high is low
    low, high = EXACT.multiply(low, low_scale), EXACT.multiply(high, scale)
    if high > MAX_AMOUNT:
        return f"'{_short(text)}' is larger than any real deal (over 10^18)"
    if low > high:
        return f"range '{_short(text)}' runs from high to low; write the lower figure first"
    low = _plain(low)
    return (low, low) if point else (low, _plain(high))


def _plain(number: Decimal) -> Decimal:
    """Drop exponent notation so that 4.2e9 and 4200000000 print alike."""
    if number == number.to_integral_value():
        return number.quantize(Decimal(1), context=EXACT)
    return number.normalize(EXACT)


_TOO_PRECISE = (f"'{{}}' has more than {MAX_DIGITS} significant digits; dealtrack keeps every "
                "figure exact and cannot hold this one")


def _too_precise(number: Decimal) -> bool:
    """More than MAX_DIGITS significant digits (trailing zeros of the coefficient do not count)."""
    digits = number.as_tuple().digits
    if len(digits) <= MAX_DIGITS:
        return False
    end = len(digits)
    while end and digits[end - 1] == 0:
        end -= 1
    return end > MAX_DIGITS


def money(node: yaml.Node, ctx: Ctx, key: str) -> Money | None:
    """The short form ``about USD 4.2 billion`` (the long form is a mapping: ``load.convert``)."""
    value = scalar(node, ctx, key, "an amount such as 'USD 500 million'")
    if value is None:
        return None
    match = _MONEY_RE.match(value.strip())
    if not match:
        hint = "write it as CURRENCY NUMBER [SCALE], for example 'USD 500 million'"
        if value.strip()[:1] in "$€£¥":
            hint = "write the ISO currency code instead of a symbol, for example 'USD 500 million'"
        ctx.report(node, "DT107", f"'{_short(value)}' is not an amount", hint=hint)
        return None
    code = known_currencies().get(match["currency"])
    if code is None:
        _bad_currency(node, ctx, match["currency"])
        return None
    amount = parse_amount(match["amount"])
    if isinstance(amount, str):
        ctx.report(node, "DT107", amount,
                   hint="for example 'USD 500 million', 'USD 6 to 8 trillion', 'PKR 1,250,000,000'")
        return None
    return Money(code, amount[0], amount[1], _QUALIFIERS[match["qualifier"]])


def amount(node: yaml.Node, ctx: Ctx, key: str) -> tuple[Decimal, Decimal] | None:
    value = scalar(node, ctx, key, "an amount such as '6 to 8 trillion'")
    if value is None:
        return None
    result = parse_amount(value)
    if isinstance(result, str):
        ctx.report(node, "DT107", result, hint="the currency goes under 'currency:'")
        return None
    return result



def stake(node: yaml.Node, ctx: Ctx, key: str) -> Stake | None:
    """A share in percent: ``15%``, ``about 15%``, ``10 to 20%``; exact, above 0, at most 100."""
    value = scalar(node, ctx, key, "a share such as '15%'")
    if value is None:
        return None
    match = _STAKE_RE.match(value.strip())
    low = _number(match["low"]) if match else None
    high = (_number(match["high"]) if match["high"] else low) if match else None
    hint = "write a percentage: '15%', 'about 15%' or '10 to 20%'"
    if low is None or high is None:
        ctx.report(node, "DT108", f"'{key}' must be a percentage, not '{_short(value)}'",
                   hint=hint)
        return None
    if not (0 < low <= high <= 100) or _too_precise(low) or _too_precise(high):
        ctx.report(node, "DT108", f"'{key}' {_short(value)} is not a share between 0 and 100%"
                   + (" (low to high)" if low > high else ""), hint=hint)
        return None
    return Stake(_plain(low), _plain(high), _QUALIFIERS[match["qualifier"]])
