"""Deals from CSV: a folder written by ``dealtrack export --format csv``, or a spreadsheet
saved as CSV read through a small mapping file.

Each row becomes the text of a deal file (``<host>/<id>.yaml``, canonical YAML),
and the new files are checked exactly as ``validate`` checks them: parsed by the
loader's ``parse_file``, assembled with the dataset they join, and run through
every rule. A problem is reported where the user can fix it, as
``FILE:ROW:COLUMN: CODE message`` (ROW as a spreadsheet numbers it, the header
being row 1). Nothing is written unless every row passes, and no existing file
is ever replaced.
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation

from dealtrack.canonical import emit, spell_amount
from dealtrack.errors import DealtrackError
from dealtrack.export.tables import LIST_SEPARATOR
from dealtrack.model import STATUSES
from dealtrack.textsafe import csv_restore

# Problems only an import can have (the data's own problems keep their DT codes).
CODES = {
    "CSV001": "a column the import needs is missing",
    "CSV002": "a row refers to a deal no row defines",
    "CSV003": "the deal file already exists (never overwritten)",
    "CSV004": "the mapping file is not usable",
    "CSV005": "two rows define the same deal",
    "CSV006": "a figure's parts do not make an amount",
}
DEAL_KEYS = ("id", "title", "instrument", "status", "dates", "host", "parties", "value",
             "count", "sectors", "commodities", "binding", "exclusive", "phases", "summary",
             "sources")
_LISTS = ("parties", "sources", "phases")


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    row: int | None
    column: str
    code: str
    message: str
    hint: str | None = None
    severity: str = "error"

    def __str__(self) -> str:
        where = self.file + (f":{self.row}" if self.row else "") + \
            (f":{self.column}" if self.column else "")
        return f"{where}: {self.code} {self.message}"


Origin = tuple[str, int, str]   # file, row, column


@dataclass
class Planned:
    """One deal to write: its data in key order, and where each part came from."""

    data: dict
    origin: Origin
    where: dict[str, Origin] = field(default_factory=dict)
    relpath: str = ""
    text: str = ""
    exported_path: str | None = None   # the ``path`` column of an export: where it was


def kept_path(path: str | None, ident: str) -> str | None:
    """An exported ``path`` to write the deal back to: only a plain relative path below the
    dataset root that ends in ``<id>.yaml`` (anything else: the default place)."""
    if not path or "\\" in path or path.startswith("/") or ":" in path:
        return None
    parts = path.split("/")
    if any(part in ("", ".", "..") or part.startswith(".") for part in parts):
        return None
    return path if parts[-1] == f"{ident}.yaml" else None


@dataclass
class ImportResult:
    planned: list[Planned]
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


# ---- reading CSV ------------------------------------------------------------------------

def read_csv(path: str) -> tuple[list[str], list[tuple[int, dict]]]:
    """Header and ``(spreadsheet row, {column: cell})`` rows; a BOM (Excel) is dropped."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            rows = [(i, {k: (v or "") for k, v in row.items() if k is not None})
                    for i, row in enumerate(reader, 2)]
            return list(reader.fieldnames or []), rows
    except UnicodeDecodeError:
        raise DealtrackError(f"{path} is not UTF-8 text (save the sheet as 'CSV UTF-8')") \
            from None
    except OSError as exc:
        raise DealtrackError(f"cannot read {path}: {exc.strerror}") from None


def _cell(row: dict, column: str) -> str | None:
    value = csv_restore(row.get(column, "").strip())
    return value or None


def _split(text: str | None, separator: str = LIST_SEPARATOR) -> list[str]:
    if not text:
        return []
    return [part.strip() for part in text.split(separator.strip()) if part.strip()]


VALUE_COLUMNS = {"text": "amount_text", "currency": "currency", "low": "low", "high": "high",
                 "qualifier": "qualifier", "note": "value_note", "date": "value_date"}
DISBURSED_COLUMNS = {k: f"disbursed_{k}" for k in VALUE_COLUMNS}


def _money(row: dict, origin: Origin, problems: list[Problem], columns=VALUE_COLUMNS):
    """A money key from the money columns of an export (exact parts first); ``columns``
    names them (a value's, or a component's ``disbursed_*``)."""
    currency, low, high = (_cell(row, columns[k]) for k in ("currency", "low", "high"))
    text = _cell(row, columns["text"])
    if not (currency or low or high):
        return text
    qualifier = _cell(row, columns["qualifier"]) or "exact"
    try:
        amount = spell_amount(Decimal(low), Decimal(high or low))
    except (InvalidOperation, TypeError):
        problems.append(Problem(origin[0], origin[1], columns["low"], "CSV006",
                                f"low '{low or ''}' and high '{high or ''}' are not amounts"))
        return None
    note, date = _cell(row, columns["note"]), _cell(row, columns["date"])
    if note is None and date is None:
        return f"{'' if qualifier == 'exact' else qualifier + ' '}{currency} {amount}"
    value = {"amount": amount, "currency": currency}
    if qualifier != "exact":
        value["qualifier"] = qualifier
    if note is not None:
        value["note"] = note
    if date is not None:
        value["date"] = date
    return value


def from_export(folder: str) -> tuple[list[Planned], list[Problem]]:
    """The deals of a folder written by ``export --format csv``."""
    problems: list[Problem] = []
    path = os.path.join(folder, "deals.csv")
    header, rows = read_csv(path)
    required = ("id", "title", "instrument", "status", "host")
    missing = [c for c in required if c not in header]
    if missing:
        return [], [Problem(path, 1, c, "CSV001", f"deals.csv has no column '{c}'")
                     for c in missing]
    planned: dict[str, Planned] = {}
    for number, row in rows:
        origin = (path, number, "id")
        deal_id = _cell(row, "id") or ""
        data: dict = {"id": deal_id, "title": _cell(row, "title"),
                      "instrument": _cell(row, "instrument"), "status": _cell(row, "status")}
        where = {k: (path, number, k) for k in ("id", "title", "instrument", "status", "host",
                                                "count", "binding", "exclusive", "sectors",
                                                "commodities", "summary")}
        dates = {}
        for status in STATUSES:
            column = f"date_{status.replace('-', '_')}"
            if _cell(row, column):
                dates[status] = _cell(row, column)
                where[f"dates.{status}"] = (path, number, column)
        data["dates"] = {} if _cell(row, "dates_from_history") == "true" else dates
        data["history"] = []
        data["host"] = _cell(row, "host")
        if _cell(row, "host_list"):   # format 1.1: the hosts as the file lists them
            data["host"] = _split(_cell(row, "host_list"))
            where["host"] = (path, number, "host_list")
        elif data["host"] and "+" in data["host"]:   # an older export: AU+US
            data["host"] = [h.strip() for h in data["host"].split("+")]
        data["parties"] = []
        data["value"] = _money(row, (path, number, "low"), problems)
        where["value"] = (path, number, "amount_text")
        data["disbursed"] = _money(row, (path, number, "disbursed_low"), problems,
                                   DISBURSED_COLUMNS)
        where["disbursed"] = (path, number, "disbursed_text")
        data["components"] = []
        data["count"] = _cell(row, "count")
        data["sectors"] = _split(_cell(row, "sectors"))
        data["commodities"] = _split(_cell(row, "commodities"))
        data["binding"] = _cell(row, "binding")
        data["exclusive"] = _cell(row, "exclusive")
        data["phases"] = []
        for key, column in (("part-of", "part_of"), ("follows", "follows")):
            data[key] = _cell(row, column)
            where[key] = (path, number, column)
        data["summary"] = _cell(row, "summary")
        data["sources"] = []
        if deal_id in planned:
            problems.append(Problem(path, number, "id", "CSV005",
                                    f"deal '{deal_id}' is defined twice (rows "
                                    f"{planned[deal_id].origin[1]} and {number})"))
            continue
        planned[deal_id] = Planned(data, origin, where, exported_path=_cell(row, "path"))
    components = _components(folder, planned, problems)
    for name, key, columns in (
            ("deal_parties.csv", "parties", ("party", "role", "stake", "note")),
            ("deal_history.csv", "history", ("date", "status", "note")),
            ("deal_phases.csv", "phases", ("name", "status", "note")),
            ("citations.csv", "sources", ("source", "quote", "page"))):
        side = os.path.join(folder, name)
        if not os.path.exists(side):
            if key not in ("phases", "history"):   # tables older exports lack
                problems.append(Problem(side, None, "", "CSV001", f"{name} is missing"))
            continue
        _, side_rows = read_csv(side)
        owner = "record_id" if key == "sources" else "deal"
        ordered = sorted(side_rows, key=lambda r: _position(r[1]))
        for number, row in ordered:
            if key == "sources" and _cell(row, "record_type") == "component":
                part = components.get(_cell(row, "record_id") or "")
                if part is not None:
                    part["sources"].append({c: _cell(row, c) for c in columns
                                            if _cell(row, c) is not None})
                continue
            if key == "sources" and _cell(row, "record_type") != "deal":
                continue
            deal_id = _cell(row, owner) or ""
            target = planned.get(deal_id)
            if target is None:
                problems.append(Problem(side, number, owner, "CSV002",
                                        f"no row of deals.csv defines deal '{deal_id}'"))
                continue
            item = {c: _cell(row, c) for c in columns if _cell(row, c) is not None}
            target.where[f"{key}.{len(target.data[key])}"] = (side, number, columns[0])
            target.data[key].append(item)
    return list(planned.values()), problems


def _components(folder: str, planned: dict[str, Planned], problems: list[Problem]) -> dict:
    """Format 1.1 components from deal_components.csv (when the export has it), added to
    their deals; ``{"DEAL/POSITION": component}`` for the citations that name them."""
    side = os.path.join(folder, "deal_components.csv")
    if not os.path.exists(side):
        return {}
    _, side_rows = read_csv(side)
    found = {}
    for number, row in sorted(side_rows, key=lambda r: _position(r[1])):
        deal_id = _cell(row, "deal") or ""
        target = planned.get(deal_id)
        if target is None:
            problems.append(Problem(side, number, "deal", "CSV002",
                                    f"no row of deals.csv defines deal '{deal_id}'"))
            continue
        part = {"kind": _cell(row, "kind"), "party": _cell(row, "party"),
                "value": _money(row, (side, number, "low"), problems),
                "status": _cell(row, "status"), "date": _cell(row, "date"),
                "disbursed": _money(row, (side, number, "disbursed_low"), problems,
                                    DISBURSED_COLUMNS),
                "note": _cell(row, "note"), "sources": []}
        target.where[f"components.{len(target.data['components'])}"] = (side, number, "kind")
        target.data["components"].append(part)
        found[f"{deal_id}/{_cell(row, 'position')}"] = part
    return found


def _position(row: dict) -> int:
    try:
        return int(row.get("position") or 0)
    except ValueError:
        return 0


# ---- a spreadsheet through a mapping ---------------------------------------------------

def read_mapping(path: str) -> dict:
    """The mapping file (YAML): ``columns`` (deal key → column), optional ``defaults``
    (deal key → value) and ``separator`` for list cells (default ``;``)."""
    import yaml

    try:
        with open(path, encoding="utf-8") as handle:
            mapping = yaml.safe_load(handle)
    except OSError as exc:
        raise DealtrackError(f"cannot read {path}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise DealtrackError(f"{path}: CSV004 not YAML: {str(exc).splitlines()[0]}") from None
    if not isinstance(mapping, dict) or not isinstance(mapping.get("columns"), dict):
        raise DealtrackError(f"{path}: CSV004 a mapping file needs 'columns:' (deal key: "
                             "column name); see docs/export.md")
    allowed = set(DEAL_KEYS) | {f"dates.{s}" for s in STATUSES} | {"quote", "page"}
    for key in list(mapping["columns"]) + list(mapping.get("defaults") or {}):
        if key not in allowed:
            from dealtrack.diagnostics import did_you_mean

            hint = did_you_mean(str(key), sorted(allowed))
            raise DealtrackError(f"{path}: CSV004 '{key}' is not a deal key"
                                 + (f" ({hint})" if hint else ""))
    return mapping


def from_sheet(path: str, mapping: dict) -> tuple[list[Planned], list[Problem]]:
    """Deals from a spreadsheet's rows, one deal a row, through ``mapping``."""
    header, rows = read_csv(path)
    columns: dict = mapping["columns"]
    defaults: dict = mapping.get("defaults") or {}
    separator = str(mapping.get("separator") or ";")
    missing = [c for c in columns.values() if c not in header]
    if missing:
        return [], [Problem(path, 1, c, "CSV001", f"the sheet has no column '{c}' (named in "
                            "the mapping)") for c in missing]
    planned: dict[str, Planned] = {}
    problems: list[Problem] = []
    for number, row in rows:
        if not any(v.strip() for v in row.values()):
            continue  # blank line at the end of a sheet
        values = {k: str(v) for k, v in defaults.items()}
        where: dict[str, Origin] = {}
        for key, column in columns.items():
            cell = _cell(row, column)
            if cell is not None:
                values[key] = cell
            where[key] = (path, number, column)
        data: dict = {"id": values.get("id", "")}
        dates = {k.partition(".")[2]: v for k, v in values.items() if k.startswith("dates.")}
        for key in DEAL_KEYS[1:]:
            if key == "dates":
                data["dates"] = dates
            elif key == "parties":
                data["parties"] = [_party(p) for p in _split(values.get("parties"), separator)]
            elif key == "sources":
                data["sources"] = [{"source": s} for s in _split(values.get("sources"),
                                                                 separator)]
                for extra in ("quote", "page"):
                    if values.get(extra) and data["sources"]:
                        data["sources"][0][extra] = values[extra]
            elif key in ("sectors", "commodities"):
                data[key] = _split(values.get(key), separator)
            elif key == "phases":
                data[key] = [{"name": n} for n in _split(values.get(key), separator)]
            else:
                data[key] = values.get(key)
        for key in _LISTS:
            for i in range(len(data[key])):
                if key in where:
                    where[f"{key}.{i}"] = where[key]
        if data["id"] in planned:
            problems.append(Problem(path, number, columns.get("id", ""), "CSV005",
                                    f"deal '{data['id']}' is defined twice (rows "
                                    f"{planned[data['id']].origin[1]} and {number})"))
            continue
        planned[data["id"]] = Planned(data, (path, number, columns.get("id", "")), where)
    return list(planned.values()), problems


def _party(text: str) -> dict:
    """``ussm:investor`` → ``{party: ussm, role: investor}`` (role ``partner`` if left out)."""
    party, _, role = text.partition(":")
    return {"party": party.strip(), "role": role.strip() or "partner"}


# ---- checking and writing ---------------------------------------------------------------

def deal_text(data: dict) -> str:
    """The deal as canonical YAML, keys in the format's order, empty ones left out."""
    def kept(mapping: dict) -> dict:
        return {k: v for k, v in mapping.items() if v not in (None, "", [], {})}

    from dealtrack.load.fields import DEAL

    order = {key: i for i, key in enumerate(DEAL)}
    clean = {k: v for k, v in sorted(kept(data).items(), key=lambda kv: order.get(kv[0], 99))
             if not (k == "count" and v == "1")}   # the default, as the format writes it
    if "components" in clean:
        clean["components"] = [kept(part) for part in clean["components"]]
    return emit(clean)


_TOP = re.compile(r"^([A-Za-z_][\w-]*):")
_SUB = re.compile(r"^  ([A-Za-z_][\w-]*):")


_MISSING = re.compile(r"a deal has no '([a-z_.-]+)'$")   # DT102 on a whole deal (load.convert)


def _key_at(text: str, line: int) -> str:
    """The key (``title``, ``dates.signed``, ``parties.1``) a line of ``deal_text`` holds."""
    key, sub, items = "", "", -1
    for number, content in enumerate(text.splitlines(), 1):
        if number > line:
            break
        top = _TOP.match(content)
        if top:
            key, sub, items = top[1], "", -1
            continue
        if content.startswith("  - "):
            items += 1
        match = _SUB.match(content)
        if match and key == "dates":
            sub = match[1]
    if key in _LISTS + ("history", "components") and items >= 0:
        return f"{key}.{items}"
    return f"{key}.{sub}" if sub else key


def plan_import(root: str, planned: list[Planned], problems: list[Problem],
                today=None) -> ImportResult:
    """Check the deals in ``planned`` against the dataset at ``root`` as ``validate`` would;
    every problem of a new file (or that a new file causes) is mapped to its CSV cell."""
    from dealtrack.load import load_dataset, parse_file
    from dealtrack.rules import run_rules

    before = load_dataset(root, today=today)
    old = set(before.diagnostics)
    news = []
    taken = {d.id: d.path for d in before.dataset.deals}
    for item in planned:
        host = item.data.get("host") or ""
        host = str(host[0] if isinstance(host, list) else host).strip().lower()
        ident = str(item.data.get("id") or "")
        item.relpath = (kept_path(item.exported_path, ident)
                        or (f"{host}/{ident}.yaml" if host else f"{ident}.yaml"))
        item.text = deal_text(item.data)
        target = os.path.join(root, item.relpath)
        if os.path.lexists(target) or ident in taken:
            problems.append(Problem(*item.origin, "CSV003",
                                    f"deal '{ident}' is already in the dataset "
                                    f"({os.path.relpath(taken.get(ident) or target)}); "
                                    "not overwritten"))
        news.append((item.relpath, item))
    display = {os.path.join(root, rel): item for rel, item in news}
    parsed = [parse_file(rel, path, display[path].text.encode("utf-8"))
              for path, rel in ((os.path.join(root, rel), rel) for rel, _ in news)]
    combined = replace(before.dataset,
                       deals=before.dataset.deals + tuple(d for r in parsed for d in r.records),
                       files=before.dataset.files + tuple(display))
    diagnostics = [d for r in parsed for d in r.diagnostics] + run_rules(combined, today=today)
    for diagnostic in dict.fromkeys(diagnostics):
        if diagnostic in old:
            continue
        item = display.get(diagnostic.loc.path)
        if item is None:
            problems.append(Problem(diagnostic.loc.path, diagnostic.loc.line, "",
                                    diagnostic.code, diagnostic.message, diagnostic.hint,
                                    diagnostic.severity))
            continue
        missing = _MISSING.match(diagnostic.message) if diagnostic.code == "DT102" else None
        if missing:   # a key with no line of its own: its column when mapped, else the row
            file, row, column = item.where.get(missing[1]) or item.origin
        else:
            key = _key_at(item.text, diagnostic.loc.line)
            file, row, column = (item.where.get(key) or item.where.get(key.partition(".")[0])
                                 or item.origin)
        problems.append(Problem(file, row, column, diagnostic.code, diagnostic.message,
                                diagnostic.hint, diagnostic.severity))
    return ImportResult(planned, problems)


def write_import(root: str, result: ImportResult) -> list[str]:
    """Write every planned deal, or none: a failure part-way removes what was written."""
    from dealtrack.write import write_atomic

    if result.errors:
        raise DealtrackError("not written: the import has errors")
    written: list[str] = []
    try:
        for item in result.planned:
            path = os.path.join(root, item.relpath)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            write_atomic(path, item.text.encode("utf-8"))
            written.append(path)
    except BaseException:
        for path in written:
            try:
                os.unlink(path)
            except OSError:
                pass
        raise
    return written
