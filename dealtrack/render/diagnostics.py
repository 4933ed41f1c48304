"""Reporters for validation: ``path:line:col: CODE message`` text, JSON and GitHub annotations."""

from __future__ import annotations

from dataclasses import dataclass

from dealtrack.diagnostics import Diagnostic
from dealtrack.textsafe import escape

JSON_VERSION = 1


@dataclass(frozen=True)
class ValidationReport:
    """What ``validate`` found: the diagnostics to show and how many files were read."""

    root: str
    files: int
    diagnostics: list[Diagnostic]

    @property
    def errors(self) -> int:
        return sum(d.severity == "error" for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(d.severity == "warning" for d in self.diagnostics)


_STYLE = {"error": "bold red", "warning": "yellow"}


def format_line(d: Diagnostic) -> str:
    """``path:line:col: CODE message``: one line whatever the path or message holds."""
    return escape(f"{d.loc}: {d.code} {d.message}")


def _lines(report: ValidationReport):
    """The text report, line by line, each line as ``(text, style)`` parts: what both the
    plain and the Rich path of ``render_text`` write."""
    for d in report.diagnostics:
        yield [(escape(str(d.loc)), "bold"), (": ", ""), (d.code, _STYLE[d.severity]),
               (f" {escape(d.message)}", "")]
        if d.hint:
            yield [(f"  hint: {escape(d.hint)}", "dim")]
    yield [(summary_line(report), "bold red" if report.errors else "green")]


def render_text(report: ValidationReport, output) -> None:
    if output.plain(stderr=True):   # not a terminal: the very same lines, without Rich
        output.write_lines(["".join(text for text, _ in parts) for parts in _lines(report)],
                           stderr=True)
        return
    from rich.text import Text

    console = output.err
    for parts in _lines(report):
        console.print(Text.assemble(*parts), soft_wrap=True)


def summary_line(report: ValidationReport) -> str:
    files = f"{report.files} file{'s' if report.files != 1 else ''}"
    if not report.diagnostics:
        return f"{files} checked: no problems"
    parts = [f"{report.errors} error{'s' if report.errors != 1 else ''}",
             f"{report.warnings} warning{'s' if report.warnings != 1 else ''}"]
    return f"{files} checked: " + ", ".join(parts)


def to_json(report: ValidationReport) -> dict:
    return {
        "report": "validate",
        "version": JSON_VERSION,
        "root": report.root,
        "files": report.files,
        "summary": {"errors": report.errors, "warnings": report.warnings},
        "diagnostics": [diagnostic_json(d) for d in report.diagnostics],
    }


def diagnostic_json(d: Diagnostic) -> dict:
    """One diagnostic as every JSON report carries it (docs/json.md)."""
    return {"path": d.loc.path, "line": d.loc.line, "column": d.loc.col, "code": d.code,
            "severity": d.severity, "message": d.message, "hint": d.hint,
            "related": [{"path": r.path, "line": r.line, "column": r.col} for r in d.related]}


def render_refusal(report: str, message: str, diagnostics, output) -> None:
    """``--format json`` when a report cannot be made: why, and the diagnostics, on stdout."""
    output.write_json({
        "report": report, "version": JSON_VERSION, "complete": False, "error": message,
        "diagnostics": [diagnostic_json(d) for d in diagnostics]})


def render_json(report: ValidationReport, output) -> None:
    output.write_json(to_json(report))


def _escape(text: str, property_value: bool = False) -> str:
    text = escape(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def annotation(severity: str, path: str, message: str, title: str, line: int = 0,
               col: int = 0) -> str:
    """One GitHub Actions workflow command (``::error file=…,line=…::message``), escaped."""
    props = f"file={_escape(path, True)}"
    if line:
        props += f",line={line}" + (f",col={col}" if col else "")
    props += f",title={_escape(title, True)}"
    return f"::{severity} {props}::{_escape(message)}"


def render_github(report: ValidationReport, output) -> None:
    """GitHub Actions workflow commands on stdout, then the text report on stderr."""
    lines = [annotation(d.severity, d.loc.path, d.message + (f" (hint: {d.hint})" if d.hint
                                                             else ""), d.code, d.loc.line,
                        d.loc.col)
             for d in report.diagnostics]
    if lines:
        output.write_data("\n".join(lines))
    render_text(report, output)
