"""Every figure exact to the last digit, or a diagnostic at the figure: never a silent rounding.

Python's default decimal context keeps 28 significant digits and rounds
silently; a figure with more must come out whole in every report, and one
dealtrack cannot hold exactly (more than MAX_DIGITS digits, such as a
400-digit rate) is DT107/DT108 at its line, not an internal error later.
"""

from __future__ import annotations

import json

from dealtrack.model import MAX_DIGITS
from hardening_support import TODAY, minimal_dataset

LONG = "1.2345678901234567890123456789012345"        # 35 significant digits
LONG_TIMES_BILLION = "1234567890.1234567890123456789012345"


def _dataset(tmp_path, value: str, rate: str | None = None):
    root = minimal_dataset(tmp_path / "ds")
    deal = root / "pk" / "ussm-fwo-2025.yaml"
    deal.write_text(deal.read_text().replace("value: USD 500 million", f"value: {value}"))
    if rate is not None:
        (root / "rates.yaml").write_text(
            f"- date: 2025-09-08\n  from: PKR\n  to: USD\n  rate: {rate}\n")
    return root


def test_an_amount_with_more_than_28_digits_stays_exact_in_json_and_exact_text(run, tmp_path):
    root = _dataset(tmp_path, f"USD {LONG} billion")
    assert run("validate", "--data", str(root), "--today", TODAY).exit_code == 0
    listing = run("list", "--data", str(root), "--format", "json", "--today", TODAY)
    assert listing.exit_code == 0, listing.stderr
    assert LONG_TIMES_BILLION in listing.stdout
    text = run("--no-pager", "list", "--exact", "--data", str(root), "--today", TODAY)
    assert text.exit_code == 0, text.stderr
    assert f"{LONG} billion" in text.stdout.replace("\n", "") or LONG in text.stdout


def test_a_converted_total_with_long_digits_is_exact(run, tmp_path):
    rate = "0.00353" + "1" * 40                        # 43 significant digits
    root = _dataset(tmp_path, f"PKR {LONG} billion", rate)
    result = run("totals", "--data", str(root), "--format", "json", "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    from decimal import Context, Decimal

    exact = Context(prec=200).multiply(Decimal(LONG_TIMES_BILLION), Decimal(rate))
    assert str(exact.normalize(Context(prec=200))) in result.stdout.replace('"', " ") or \
        format(exact, "f").rstrip("0") in result.stdout


def test_a_400_digit_rate_is_a_diagnostic_not_an_internal_error(run, tmp_path):
    root = _dataset(tmp_path, "PKR 500 million", "0." + "3" * 400)
    result = run("validate", "--data", str(root), "--today", TODAY)
    assert result.exit_code == 1
    assert "rates.yaml:4:" in result.stderr and "DT108" in result.stderr
    assert f"more than {MAX_DIGITS} significant digits" in result.stderr
    for command in ("summary", "totals", "shares", "list", "timeline"):
        report = run(command, "--data", str(root), "--today", TODAY)
        assert report.exit_code in (0, 1), (command, report.stderr)
        assert "internal error" not in report.stderr


def test_an_amount_with_too_many_digits_is_dt107(run, tmp_path):
    root = _dataset(tmp_path, "USD 1." + "7" * 70 + " million")
    result = run("validate", "--data", str(root), "--today", TODAY)
    assert result.exit_code == 1
    assert "DT107" in result.stderr and "significant digits" in result.stderr
