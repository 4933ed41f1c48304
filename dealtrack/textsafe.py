"""The one place where text from data files or git is made safe for a line of output.

Every value that comes from a file or from git (titles, ids, paths, YAML keys
and tags, commit authors and subjects, revision names) and reaches a text
line goes through :func:`escape` (or :func:`quote`, which also cuts it):

- control characters (C0, C1, DEL: ``ESC``, ``\\r``, ``\\n`` …), the Unicode
  line and paragraph separators (U+2028, U+2029) and the bidirectional
  controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) are shown
  as Python-style escapes (``\\x1b``, ``\\n``, ``\\u202e``), so a value can
  neither move the cursor, recolour the terminal, reorder what is shown, nor
  start a line of its own (a forged ``path:line:col: CODE`` line);
- lone surrogates (bytes that were not UTF-8, kept by ``surrogateescape``)
  are shown the same way instead of failing to encode.

Formats with their own syntax have their own neutraliser here too: Markdown
(:func:`markdown_text`, :func:`markdown_code`) and CSV cells read by
spreadsheets (:func:`csv_cell`).
"""

from __future__ import annotations

import re

QUOTE_LIMIT = 40   # characters of a value quoted in a message (docs/security.md)

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{_BIDI}\ud800-\udfff]")
_UNSAFE_BUT_NEWLINE = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029{_BIDI}\ud800-\udfff]")


def _shown(match: re.Match) -> str:
    char = match.group()
    code = ord(char)
    if char == "\n":
        return "\\n"
    if char == "\r":
        return "\\r"
    if char == "\t":
        return "\\t"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape(text: str) -> str:
    """``text`` with every control, bidi and line-separator character shown escaped."""
    return _UNSAFE.sub(_shown, text) if _UNSAFE.search(text) else text


# In a JSON document every character below U+0020 is escaped already; these are not, and a
# terminal would act on them. As ``\uXXXX`` escapes they read back as the same string.
_JSON_UNSAFE = re.compile(f"[\x7f-\x9f\u2028\u2029{_BIDI}]")


def json_text(document: str) -> str:
    """A JSON document with DEL, C1 controls, line separators and bidi controls written as
    ``\\uXXXX`` escapes: the same data, nothing that reorders or breaks a terminal line."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", document)


def escape_lines(text: str) -> str:
    """Like :func:`escape` but keeping ``\\n``: for text already laid out in lines."""
    return _UNSAFE_BUT_NEWLINE.sub(_shown, text) if _UNSAFE_BUT_NEWLINE.search(text) else text


def is_safe(text: str) -> bool:
    """Whether ``text`` prints as one line exactly as it is (nothing :func:`escape` changes)."""
    return not _UNSAFE.search(text)


def cut(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, the last one an ellipsis when anything was cut."""
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"


def quote(text: str, limit: int = QUOTE_LIMIT) -> str:
    """A value as quoted inside a message: cut to ``limit`` characters, then escaped."""
    return escape(cut(text, limit))


# ---- Markdown (pull-request comments, job summaries) ------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_~\[\]<>|])")
_MENTION_OR_LINK = re.compile(r"(?i)([@#])|(:)(//)|\b(w)(ww\.)")


def _unlinked(text: str) -> str:
    """A WORD JOINER (U+2060) after ``@`` and ``#`` and inside ``://`` and ``www.``.

    GitHub turns ``@name``, ``#123`` and bare ``https://…``/``www.…`` into
    mentions and links even when escaped; with the joiner the text reads the
    same and links nowhere.
    """
    return _MENTION_OR_LINK.sub(lambda m: "\u2060".join(g for g in m.groups() if g is not None)
                                + ("\u2060" if m.group(1) else ""), text)


def markdown_text(text: str) -> str:
    """``text`` as inert Markdown (GitHub-flavoured) inline text.

    Backslashes, code, emphasis, strikethrough (``~~``), links, HTML and table
    pipes are backslash-escaped; mentions, issue references and autolinks are
    broken by an invisible joiner (see ``_unlinked``).
    """
    return _unlinked(_MD_SPECIAL.sub(r"\\\1", escape(text)))


def markdown_cell(text: str) -> str:
    """A table cell built by a renderer (which may hold its own ``**`` or ``[1]``) made inert:
    escaped, with table pipes, code, strikethrough and HTML escaped and links broken."""
    return _unlinked(re.sub(r"([\\`~<>|])", r"\\\1", escape(text)))


def markdown_code(text: str) -> str:
    """``text`` as one inline code span that no backtick in it can close early.

    The fence is one backtick longer than the longest run inside, with a space
    on each side when the text starts or ends with a backtick (CommonMark).
    Nothing inside a code span is a mention, link or emphasis.
    """
    text = escape(text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith(("`", " ")) or text.endswith(("`", " ")) else ""
    return f"{fence}{pad}{text}{pad}{fence}"


# ---- CSV read by spreadsheets -------------------------------------------------------------

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def _formula_like(text: str) -> bool:
    """Whether a spreadsheet could run ``text`` (leading ``'`` set aside) as a formula."""
    core = text.lstrip("'")
    return core.startswith(FORMULA_START) and not NUMBER.fullmatch(core)


def csv_cell(text: str) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula (OWASP CSV injection).

    A cell starting with ``= + - @``, a tab, a line break, ``|`` or ``%`` gets
    a leading ``'``, which spreadsheets hide; plain numbers (``-12.5``) are
    left as they are. Reversible (:func:`csv_restore`, for reading the CSV back):
    a cell whose formula character already follows quotes gets one more ``'``, so
    ``csv_restore(csv_cell(x)) == x`` for every ``x``.
    """
    return "'" + text if _formula_like(text) else text


def csv_restore(cell: str) -> str:
    """The text :func:`csv_cell` was given."""
    return cell[1:] if cell.startswith("'") and _formula_like(cell) else cell
