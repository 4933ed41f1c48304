"""Every figure is traceable: a quote cited for a value should contain that value.

Numbers are read out of the quotes with their scale words ("$500 million",
"4.2 billion", "6 to 8 trillion", "500,000,000") and compared exactly with
the recorded amount and the ``count`` of instruments.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from dealtrack.diagnostics import Diagnostic
from dealtrack.model import Outlines

_SCALES = {"thousand": 3, "k": 3, "million": 6, "mn": 6, "m": 6, "billion": 9, "bn": 9,
           "b": 9, "trillion": 12, "tn": 12, "tr": 12, "lakh": 5, "lakhs": 5, "crore": 7,
           "crores": 7, "lakh crore": 12}
_FIGURE = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d{1,2}(?:,\d{2})+,\d{3}|\d+)(\.\d+)?"
    r"(?:\s*(?:to|-|–|and)\s*(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?)?"
    r"(?:\s*(thousand|million|billion|trillion|lakhs?\s+crores?|lakhs?|crores?|mn|bn|tn|tr|k|m|b)\b)?",
    re.IGNORECASE)
# Each scale word's factor; a figure without one is only itself.
_FACTORS = {word: Decimal(10) ** power for word, power in _SCALES.items()}
_DIGIT = re.compile(r"\d")
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20}
_WORD_RES = {word: re.compile(rf"\b{word}\b", re.IGNORECASE) for word in _WORDS}


def figures(text: str) -> set[Decimal]:
    """Every number a text states, both as written and multiplied by its scale word."""
    found: set[Decimal] = set()
    for match in figure_matches(text):
        word = (match[5] or "").lower()
        if " " in word or "\t" in word or "\n" in word:  # 'lakh crore', however spaced
            word = "lakh crore"
        scale = _FACTORS.get(word)
        for whole, frac in ((match[1], match[2]), (match[3], match[4])):
            if whole is None:
                continue
            try:
                number = Decimal(whole.replace(",", "") + (frac or ""))
            except InvalidOperation:
                continue
            found.add(number)
            if scale is not None:
                found.add(number * scale)
    # A cheap substring test first: the regex searches were most of validate's time
    # on large datasets. The folding makes it admit all that IGNORECASE matches.
    folded = text.replace("\u0130", "i").lower().replace("\u0131", "i").replace("\u017f", "s")
    for word, number in _WORDS.items():
        if word in folded and _WORD_RES[word].search(text):
            found.add(Decimal(number))
    return found


def figure_matches(text: str):
    """The matches of ``_FIGURE.finditer(text)``, found faster.

    The pattern opens with a look-behind, so the regex engine tries it at
    every character of every quote. A figure starts with a digit: jumping
    from digit to digit and trying the pattern there (the look-behind still
    sees the character before) finds exactly the same matches.
    """
    search, match = _DIGIT.search, _FIGURE.match
    pos = 0
    while True:
        digit = search(text, pos)
        if digit is None:
            return
        start = digit.start()
        found = match(text, start)
        if found is None:
            pos = start + 1
            continue
        yield found
        pos = found.end()


def check_deal_figures(deal, options) -> list[Diagnostic]:
    return figures_quoted(deal)


def check_reserve_figures(dataset: Outlines, options) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for reserve in dataset.reserves:
        found.extend(figures_quoted(reserve))
    return found


def figures_quoted(record) -> list[Diagnostic]:
    """DT301/DT302 for one deal or reserve: its figures must be stated by a cited quote.

    A component's figures (format 1.1) may be stated by the deal's quotes or the
    component's own ``sources``.
    """
    wanted = _money_wanted(record, ("value", "disbursed"))
    if getattr(record, "count", 1) > 1:
        wanted.append(("count", Decimal(record.count)))
    components = getattr(record, "components", ())
    if not (wanted or any(p.value or p.disbursed for p in components)) or not record.sources:
        return []  # no citation at all is DT102 (or a citation that failed to read)
    quotes = [c.quote for c in record.sources if c.quote]
    stated: set[Decimal] = set()
    for number, quote in enumerate(quotes):
        stated.update(figures(quote))
        if not components and number + 1 < len(quotes) and all(
                figure in stated for _, figure in wanted):
            break  # every figure is stated: the other quotes cannot change the findings
    found = []
    if wanted and not quotes:
        found.append(Diagnostic(record.at(wanted[0][0]), "DT302",
                                f"{wanted[0][0]} is cited without a quote",
                                hint="add the sentence that states the figure as 'quote:' "
                                     "under sources"))
    elif wanted:
        missing = sorted({key for key, number in wanted if number not in stated})
        found += [_unstated(record.at(key), key, _shown(record, key)) for key in missing]
    for part in components:
        own = [c.quote for c in part.sources if c.quote]
        here = stated.union(*(figures(q) for q in own)) if own else stated
        for key in sorted({key for key, number in _money_wanted(part, ("value", "disbursed"))
                           if number not in here}):
            found.append(_unstated(part.loc, f"{part.kind} component's {key}",
                                   _money_text(getattr(part, key))))
    return found


def _money_wanted(record, keys) -> list[tuple[str, Decimal]]:
    wanted = []
    for key in keys:
        money = getattr(record, key, None)
        if money is not None:
            wanted += [(key, money.low), (key, money.high)]
    return wanted


def _unstated(loc, what: str, shown: str) -> Diagnostic:
    return Diagnostic(loc, "DT301", f"no cited quote states the {what} {shown}",
                      hint="quote the sentence that gives the figure, or check "
                           "the figure against the source")


def _shown(record, key: str) -> str:
    if key == "count":
        return str(record.count)
    return _money_text(getattr(record, key))


def _money_text(value) -> str:
    if value.is_range:
        return f"{value.currency} {value.low:,} to {value.high:,}"
    return f"{value.currency} {value.low:,}"
