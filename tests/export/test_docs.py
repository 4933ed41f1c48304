"""docs/export.md lists every table, column and import code the program has; its mapping
example is the file the tests import. Regenerate the generated part with
DEALTRACK_REGEN_DOCS=1 python -m pytest tests/export/test_docs.py"""

from __future__ import annotations

import os

from conftest import REPO

MARKER = "## Tables and columns\n"
DOC = REPO / "docs" / "export.md"


def _generated() -> str:
    from dealtrack.export.tables import TABLES
    from dealtrack.importer.csvimport import CODES

    lines = [f"| {code} | {meaning} |" for code, meaning in CODES.items()]
    lines += ["", MARKER.rstrip(), "",
              "Generated from `dealtrack/export/tables.py` (a test keeps this list current). "
              "Type `decimal` is exact text (SQLite adds `NAME_real`); `date` keeps its "
              "precision.", ""]
    for table in TABLES:
        lines += [f"### {table.name}", "", table.description, "", "| column | type | meaning |",
                  "|---|---|---|"]
        for column in table.columns:
            ref = f" (→ {column.ref})" if column.ref else ""
            meaning = column.description.replace("|", "\\|")   # a cell's own pipes
            lines.append(f"| `{column.name}` | {column.type} | {meaning}{ref} |")
        lines.append("")
    return "\n".join(lines)


def test_export_doc_lists_every_table_column_and_code():
    text = DOC.read_text(encoding="utf-8")
    head = text[:text.index("|---|---|\n", text.index("### Import codes")) + len("|---|---|\n")]
    expected = head + _generated()
    if os.environ.get("DEALTRACK_REGEN_DOCS"):
        DOC.write_text(expected, encoding="utf-8")
    assert text == expected, "docs/export.md is stale: regenerate it"


def test_mapping_example_in_the_doc_is_the_tested_file():
    mapping = (REPO / "docs" / "examples" / "sheet-map.yaml").read_text(encoding="utf-8")
    assert f"```yaml\n{mapping}```" in DOC.read_text(encoding="utf-8")
