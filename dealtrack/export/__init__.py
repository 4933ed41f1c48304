"""Exports of a dataset for other tools: spreadsheets (CSV), SQLite/Datasette, JSON Lines,
TimelineJS. ``tables`` holds the one schema every format follows; ``formats`` the writers."""

from __future__ import annotations

FORMATS = ("csv", "sqlite", "jsonl", "timelinejs")   # ``formats.WRITERS`` has one for each


def export_dataset(dataset, fmt: str, path: str, *, currency: str = "USD", filters=None,
                   force: bool = False):
    """Write ``dataset`` to ``path`` as ``fmt``; returns ``(export, notes)``.

    ``export`` is the ``tables.Export`` written (its ``diagnostics`` name figures no
    recorded rate converts); ``notes`` are lines worth telling the user.
    """
    from dealtrack.errors import DealtrackError
    from dealtrack.export.formats import WRITERS
    from dealtrack.export.tables import build_tables

    if fmt not in WRITERS:
        raise DealtrackError(f"--format must be one of {', '.join(FORMATS)}, not '{fmt}'")
    export = build_tables(dataset, currency, filters)
    notes = WRITERS[fmt](export, dataset, path, force)
    return export, notes
