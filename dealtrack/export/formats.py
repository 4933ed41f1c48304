"""The export formats: CSV folder, SQLite database (+ Datasette metadata), JSON Lines,
TimelineJS3. Each ``write_x(export, dataset, path, force)`` builds everything in
memory, then writes atomically (see ``files``) and returns notes for the user."""

from __future__ import annotations

import csv
import io
import json
import os
from decimal import Decimal

from dealtrack.export.files import write_files, write_folder
from dealtrack.export.tables import TABLES, Export, Table
from dealtrack.textsafe import csv_cell as inert_cell

# ---- CSV --------------------------------------------------------------------------------

def csv_cell(column, value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if column.type in ("text", "date"):
        return inert_cell(str(value))
    return str(value)


def csv_bytes(table: Table, rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.name for c in table.columns])
    for row in rows:
        writer.writerow([csv_cell(c, row.get(c.name)) for c in table.columns])
    return buffer.getvalue().encode("utf-8")


def write_csv(export: Export, dataset, path: str, force: bool) -> list[str]:
    write_folder(path, {f"{t.name}.csv": csv_bytes(t, export.rows[t.name]) for t in TABLES},
                 force)
    return []


# ---- JSON Lines -------------------------------------------------------------------------

def jsonl_bytes(export: Export) -> bytes:
    lines = []
    for t in TABLES:
        for row in export.rows[t.name]:
            lines.append(json.dumps({"table": t.name, **{c.name: row.get(c.name)
                                                         for c in t.columns}},
                                    ensure_ascii=False))
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def write_jsonl(export: Export, dataset, path: str, force: bool) -> list[str]:
    write_files({path: jsonl_bytes(export)}, force)
    return []


# ---- SQLite -----------------------------------------------------------------------------

_SQL_TYPE = {"text": "TEXT", "date": "TEXT", "int": "INTEGER", "bool": "INTEGER",
             "decimal": "TEXT"}
# The totals the CLI prints (totals --by KEY), computed from the counted rows of the deals
# table (ended deals are exported with counted = 0 unless --include-ended counts them).
TOTAL_VIEWS = {"partner": "partner_group", "host": "host", "binding": "binding_label"}
SEARCH_TABLE = "search"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _ddl(table: Table) -> str:
    cols = []
    for c in table.columns:
        cols.append(f"{_ident(c.name)} {_SQL_TYPE[c.type]}")
        if c.type == "decimal":
            cols.append(f"{_ident(c.name + '_real')} REAL")
    cols.append(f"PRIMARY KEY ({', '.join(_ident(k) for k in table.key)})")
    for c in table.columns:
        if c.ref:
            other, col = c.ref.split(".")
            cols.append(f"FOREIGN KEY ({_ident(c.name)}) REFERENCES {_ident(other)}"
                        f"({_ident(col)})")
    return f"CREATE TABLE {_ident(table.name)} (\n  " + ",\n  ".join(cols) + "\n)"


def _values(table: Table, row: dict) -> list:
    out = []
    for c in table.columns:
        value = row.get(c.name)
        if isinstance(value, bool):
            value = int(value)
        out.append(value)
        if c.type == "decimal":
            out.append(None if value is None else float(Decimal(value)))
    return out


def _view(name: str, key: str, expression: str, group: bool = True) -> str:
    return f"""CREATE VIEW {_ident(name)} AS
SELECT {expression} AS {_ident(key)},
  SUM("count") AS instruments,
  COUNT(*) AS deals,
  SUM(CASE WHEN converted_low IS NOT NULL THEN "count" ELSE 0 END) AS reported_instruments,
  COUNT(converted_low) AS reported_deals,
  SUM(converted_low_real) AS value_low,
  CASE WHEN SUM(converted_low IS NOT NULL AND converted_high IS NULL) > 0 THEN NULL
       ELSE SUM(converted_high_real) END AS value_high,
  MAX(converted_currency) AS currency
FROM deals WHERE counted""" + (" GROUP BY 1" if group else "")


_SEARCHED = (("deals", "title"), ("deals", "summary"), ("events", "title"),
             ("events", "summary"), ("claims", "claim"), ("claims", "note"),
             ("citations", "quote"), ("sources", "title"))


def sqlite_bytes(export: Export) -> tuple[bytes, bool]:
    """The database file's bytes, and whether full-text search (FTS5) is in it."""
    import sqlite3

    db = sqlite3.connect(":memory:")
    try:
        for t in TABLES:
            db.execute(_ddl(t))
            width = sum(2 if c.type == "decimal" else 1 for c in t.columns)
            db.executemany(f"INSERT INTO {_ident(t.name)} VALUES ({', '.join('?' * width)})",
                           [_values(t, row) for row in export.rows[t.name]])
        for key, expression in TOTAL_VIEWS.items():
            db.execute(_view(f"totals_by_{key}", key, expression))
        db.execute(_view("totals", "total", "'total'", group=False))
        try:
            db.execute(f"CREATE VIRTUAL TABLE {SEARCH_TABLE} USING fts5(kind, id, field, text)")
            fts = True
        except sqlite3.OperationalError:
            db.execute(f"CREATE TABLE {SEARCH_TABLE} (kind TEXT, id TEXT, field TEXT, text TEXT)")
            fts = False
        for name, column in _SEARCHED:
            ident = "record_type || ':' || record_id" if name == "citations" else "id"
            db.execute(f"INSERT INTO {SEARCH_TABLE} SELECT ?, {ident}, ?, {_ident(column)} "
                       f"FROM {_ident(name)} WHERE {_ident(column)} IS NOT NULL",
                       (name, column))
        problems = db.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise AssertionError(f"export broke its own foreign keys: {problems[:3]}")
        db.commit()
        return db.serialize(), fts
    finally:
        db.close()


def metadata(export: Export, dataset, database: str, fts: bool) -> dict:
    """Datasette's metadata.json: titles, descriptions, source and licence."""
    from dealtrack import __version__

    filters = ", ".join(export.filters.describe())
    tables = {t.name: {"description": t.description,
                       "columns": {c.name: c.description for c in t.columns}}
              for t in TABLES}
    for key in TOTAL_VIEWS:
        tables[f"totals_by_{key}"] = {
            "description": f"dealtrack totals --by {key}: instruments, deals and the value "
                           f"range in {export.currency} of the counted deals (REAL sums of "
                           "the exact figures; ended deals are not counted; whole deals, "
                           "without format 1.1 component attribution: cli_totals has the "
                           "CLI's figures)"}
    tables["totals"] = {"description": "the grand total of the counted deals (one row)"}
    tables[SEARCH_TABLE] = {"description": "full-text search over titles, summaries, claims "
                            "and quotes" + ("" if fts else " (plain table: this SQLite has no "
                                            "FTS5, use LIKE)")}
    return {
        "title": "dealtrack deals",
        "description": f"Deals, parties, sources, reserve estimates, events and claims "
                       f"exported by dealtrack {__version__}; figures in {export.currency}"
                       + (f"; {filters}" if filters else "") + ". Exact amounts are decimal "
                       "text, with a REAL column (NAME_real) beside each for sorting.",
        "source": "dealtrack dataset " + os.path.basename(os.path.abspath(dataset.root)),
        "license": "see the dataset's sources: each figure cites its own",
        "databases": {database: {"tables": tables}},
    }


def metadata_path(path: str) -> str:
    base, ext = os.path.splitext(path)
    return (base if ext in (".db", ".sqlite", ".sqlite3") else path) + ".metadata.json"


def write_sqlite(export: Export, dataset, path: str, force: bool) -> list[str]:
    data, fts = sqlite_bytes(export)
    database = os.path.splitext(os.path.basename(path))[0]
    meta = json.dumps(metadata(export, dataset, database, fts), indent=2, ensure_ascii=False)
    side = metadata_path(path)
    write_files({path: data, side: (meta + "\n").encode("utf-8")}, force)
    notes = [f"Datasette metadata: {side} (datasette {path} -m {side})"]
    if not fts:
        notes.append("this Python's SQLite has no FTS5: 'search' is a plain table (use LIKE)")
    return notes


# ---- TimelineJS -------------------------------------------------------------------------

def write_timelinejs(export: Export, dataset, path: str, force: bool) -> list[str]:
    from dealtrack.export.timelinejs import timeline_json

    data = json.dumps(timeline_json(dataset, export.filters), indent=2, ensure_ascii=False)
    write_files({path: (data + "\n").encode("utf-8")}, force)
    return []


WRITERS = {"csv": write_csv, "sqlite": write_sqlite, "jsonl": write_jsonl,
           "timelinejs": write_timelinejs}
