"""Start-up stays snappy: the CLI's import does not pull in the heavy modules."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("yaml", "pycountry", "dateutil", "ruamel", "dealtrack.analysis", "dealtrack.load.reader",
         "dealtrack.load.convert", "dealtrack.rules", "decimal", "multiprocessing")


def _modules_after(code: str) -> set[str]:
    script = code + "\nimport sys, json; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_importing_the_cli_imports_nothing_heavy():
    loaded = _modules_after("import dealtrack.cli.app")
    assert "dealtrack.cli.validate" in loaded  # the commands are registered...
    heavy = sorted(m for m in loaded if m.split(".")[0] in HEAVY or m in HEAVY
                   or any(m.startswith(h + ".") for h in HEAVY))
    assert heavy == []                         # ...without their dependencies


def test_version_imports_nothing_heavy():
    loaded = _modules_after(
        "import sys; sys.argv = ['dealtrack', '--version']\n"
        "from dealtrack.cli.app import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass")
    assert not {m.split(".")[0] for m in loaded} & {"yaml", "pycountry", "dateutil", "ruamel"}
