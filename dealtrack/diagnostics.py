"""Problems in user data, as values: a location, a stable code, a message, maybe a hint.

The catalogue below is the single list of codes; ``docs/rules.md`` is checked
against it by a test, so a code cannot exist without its documentation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, NamedTuple

from dealtrack.location import Loc

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    loc: Loc
    code: str
    message: str
    hint: str | None = None
    related: tuple[Loc, ...] = ()

    @property
    def severity(self) -> str:
        return CATALOGUE[self.code].severity

    def sort_key(self) -> tuple:
        return (self.loc.path, self.loc.line, self.loc.col, self.code, self.message)


class Rule(NamedTuple):
    severity: str
    title: str


CATALOGUE: dict[str, Rule] = {
    # Reading files (load/reader.py, load/discover.py)
    "DT001": Rule(ERROR, "file cannot be read"),
    "DT002": Rule(ERROR, "file is not UTF-8 text"),
    "DT003": Rule(ERROR, "file is too large or has a line too long"),
    "DT004": Rule(ERROR, "nesting too deep"),
    "DT005": Rule(ERROR, "empty file"),
    "DT006": Rule(ERROR, "not a regular file inside the dataset"),
    "DT007": Rule(ERROR, "no YAML files in the dataset folder"),
    "DT010": Rule(ERROR, "YAML syntax error"),
    "DT011": Rule(ERROR, "duplicate key"),
    "DT012": Rule(ERROR, "anchor or alias"),
    "DT013": Rule(ERROR, "YAML tag"),
    "DT014": Rule(ERROR, "more than one YAML document"),
    # Shape and values of records (load/convert.py, load/values.py)
    "DT101": Rule(ERROR, "unknown key"),
    "DT102": Rule(ERROR, "missing required key"),
    "DT103": Rule(ERROR, "wrong kind of value (mapping, list or scalar)"),
    "DT104": Rule(ERROR, "value not in the allowed vocabulary"),
    "DT105": Rule(ERROR, "invalid id"),
    "DT106": Rule(ERROR, "invalid date"),
    "DT107": Rule(ERROR, "invalid amount"),
    "DT108": Rule(ERROR, "invalid number"),
    "DT109": Rule(ERROR, "invalid boolean"),
    "DT110": Rule(ERROR, "empty value"),
    "DT111": Rule(ERROR, "unknown country code"),
    "DT112": Rule(ERROR, "unknown currency code"),
    "DT113": Rule(ERROR, "deal id does not match its file name"),
    "DT114": Rule(ERROR, "registry file is not a list of records"),
    "DT115": Rule(ERROR, "control character in text"),
    "DT116": Rule(ERROR, "line break in a one-line field"),
    # Rules over the whole dataset (rules/)
    "DT201": Rule(ERROR, "duplicate id"),
    "DT202": Rule(ERROR, "reference does not resolve"),
    "DT203": Rule(ERROR, "dates out of lifecycle order"),
    "DT204": Rule(ERROR, "date in the future"),
    "DT205": Rule(ERROR, "current status has no date"),
    "DT206": Rule(WARNING, "MoU or framework marked binding"),
    "DT207": Rule(ERROR, "duplicate exchange rate"),
    "DT208": Rule(WARNING, "party listed twice in one deal"),
    "DT209": Rule(ERROR, "reserve estimate without a positive lower bound"),
    # Format 1.1: components, history, relations
    "DT210": Rule(ERROR, "component provided by a party not in the deal"),
    "DT211": Rule(WARNING, "deal value disagrees with the sum of its components"),
    "DT212": Rule(ERROR, "history entries out of date order"),
    "DT213": Rule(ERROR, "status is not the last history entry's"),
    "DT214": Rule(ERROR, "dates disagree with history"),
    "DT215": Rule(ERROR, "part-of, follows or supersedes runs in a circle"),
    # Provenance (rules/provenance.py)
    "DT301": Rule(WARNING, "quoted sources do not contain the figure"),
    "DT302": Rule(WARNING, "record has no quote to support it"),
    # Analysis (analysis/money.py): found when a report needs a figure, not by validate
    "DT401": Rule(ERROR, "no exchange rate for a figure in another currency"),
}


def matches(code: str, patterns: Iterable[str]) -> bool:
    """Whether ``code`` is selected by any pattern; a pattern is a code or a prefix (``DT2``)."""
    return any(code.startswith(p.strip().upper()) for p in patterns if p.strip())


def select(diagnostics: Iterable[Diagnostic], select: Iterable[str] = (),
           ignore: Iterable[str] = ()) -> list[Diagnostic]:
    """Keep the diagnostics chosen by ``--select`` (all when empty) and not by ``--ignore``."""
    select, ignore = list(select), list(ignore)
    return [d for d in diagnostics
            if (not select or matches(d.code, select)) and not matches(d.code, ignore)]


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A "did you mean" hint for a misspelt key, id or code, or None when nothing is close.

    Against many choices (100,000 ids) each word is compared only with the few
    sharing most of its uncommon three-letter pieces (``_Shortlist``), so 200
    misspelt ids cost about a second, not minutes.
    """
    import difflib

    if not isinstance(choices, (set, frozenset, dict, list, tuple)):
        choices = list(choices)
    pool = choices if len(choices) <= _SHORTLIST_FROM else _shortlist(choices).near(word)
    close = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
    if not close:
        # Sorted, so that of two choices spelt alike but for case the same one is named
        # whatever order a set gives them in.
        lowered = {c.lower(): c for c in sorted(pool, reverse=True)}
        close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
        close = [lowered[c] for c in close]
    return f"did you mean '{close[0]}'?" if close else None


_SHORTLIST_FROM = 1000     # choices; below this every one is compared
_SHORTLIST_MAX = 50        # candidates compared at most, per word
_RARE = 2000               # a trigram shared by more choices than this says little
_last: list = [None, None]  # the last choices object and its shortlist (kept alive: no id reuse)


def _trigrams(text: str) -> set[str]:
    return {text[i:i + 3] for i in range(len(text) - 2)} or {text}


class _Shortlist:
    """The choices most like a word: those sharing the most of its uncommon trigrams.

    Built once per set of choices (about a second for 100,000 ids); each word
    then costs a few thousand counter steps and ``_SHORTLIST_MAX`` difflib
    comparisons, whatever the number of choices.
    """

    def __init__(self, choices):
        # In a fixed order: the shortlist keeps the first of equally near choices, and a
        # set's order changes from run to run (string hashing is salted per process).
        self.choices = sorted(choices)
        self.exact: dict[str, str] = {}
        self.grams: dict[str, list[int]] = {}
        for number, choice in enumerate(self.choices):
            low = choice.lower()
            self.exact.setdefault(low, choice)
            for gram in _trigrams(low):
                self.grams.setdefault(gram, []).append(number)

    def near(self, word: str) -> list[str]:
        from collections import Counter
        from itertools import chain, islice

        low = word.lower()
        if low in self.exact:
            return [self.exact[low]]
        postings = sorted((self.grams[g] for g in sorted(_trigrams(low)) if g in self.grams),
                          key=len)
        rare = [p for p in postings if len(p) <= _RARE] or [islice(p, _RARE) for p in postings[:3]]
        counts = Counter(chain.from_iterable(rare))
        return [self.choices[n] for n, _ in counts.most_common(_SHORTLIST_MAX)]


def _shortlist(choices) -> _Shortlist:
    if _last[0] is not choices:
        _last[0], _last[1] = choices, _Shortlist(choices)
    return _last[1]
