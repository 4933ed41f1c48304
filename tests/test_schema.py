"""The committed JSON Schemas match the loader, and say what the loader accepts."""

import json

import pytest

from conftest import REPO

KINDS = ("deal", "parties", "sources", "reserves", "events", "claims", "rates")


@pytest.mark.parametrize("kind", KINDS)
def test_committed_schema_matches_the_model(run, kind):
    """Regenerate with:  dealtrack schema KIND > schema/KIND.schema.json"""
    result = run("schema", kind)
    assert result.exit_code == 0
    committed = (REPO / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert result.stdout == committed, f"schema/{kind}.schema.json is stale"


def test_deal_schema_lists_the_format_keys_and_vocabularies(run):
    schema = json.loads(run("schema").stdout)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert schema["additionalProperties"] is False
    assert {"id", "title", "instrument", "status", "host", "parties",
            "sources"} <= set(schema["required"])
    # dates are required unless history is given (format 1.1)
    assert {"anyOf": [{"required": ["history"]}, {"required": ["dates"]}]} in schema["allOf"]
    assert "mou" in schema["properties"]["instrument"]["enum"]
    one_host, host_list = schema["properties"]["host"]["oneOf"]
    assert {"NO", "EU"} <= set(one_host["enum"])
    assert host_list["items"] == one_host
    assert schema["properties"]["count"] == {"type": "integer", "minimum": 1}


def test_unknown_kind_is_a_usage_error(run):
    result = run("schema", "dealz")
    assert result.exit_code == 2
    assert "KIND must be one of deal, parties" in result.stderr
