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


def _heavy(loaded: set[str]) -> list[str]:
    return sorted(m for m in loaded if m.split(".")[0] in HEAVY or m in HEAVY
                  or any(m.startswith(h + ".") for h in HEAVY))


def test_importing_the_cli_imports_nothing_heavy():
    loaded = _modules_after("from dealtrack.cli.app import app")
    assert "dealtrack.cli.validate" in loaded  # the commands are registered...
    assert _heavy(loaded) == []                # ...without their dependencies


def test_running_one_command_imports_only_its_module():
    loaded = _modules_after(
        "import sys; sys.argv = ['dealtrack', 'schema', 'deal']\n"
        "from dealtrack.cli.app import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass")
    commands = {m for m in loaded if m.startswith("dealtrack.cli.")} - {
        "dealtrack.cli.app", "dealtrack.cli.common"}
    assert commands == {"dealtrack.cli.schema"}


def test_version_imports_nothing_heavy():
    loaded = _modules_after(
        "import sys; sys.argv = ['dealtrack', '--version']\n"
        "from dealtrack.cli.app import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass")
    assert not {m.split(".")[0] for m in loaded} & {"yaml", "pycountry", "dateutil", "ruamel"}
    assert not {m for m in loaded if m.startswith("dealtrack.cli.")} - {"dealtrack.cli.app"}


def test_a_cached_validate_does_not_load_the_record_classes(tmp_path):
    # The second run is answered from the stored result: only diagnostics are decoded.
    script = ("import sys; sys.argv = ['dealtrack', 'validate', '--today', '2026-11-26']\n"
              "from dealtrack.cli.app import main\n"
              "try:\n    main()\nexcept SystemExit:\n    pass")
    env_code = f"import os; os.environ['DEALTRACK_CACHE_DIR'] = {str(tmp_path)!r}\n"
    _modules_after(env_code + script)
    loaded = _modules_after(env_code + script)
    assert "dealtrack.load.cache" in loaded
    assert "dealtrack.model" not in loaded and "yaml" not in loaded


def test_running_one_command_builds_only_that_command():
    # main() hands Typer an app holding just the command named on the command line;
    # what the user sees must be what the full app shows.
    from typer.testing import CliRunner

    from dealtrack.cli.app import app, app_for

    names = [info.name for info in app.registered_commands]
    assert len(names) == len(set(names)) >= 17  # 14, then report, export, import
    for name in names:
        single = app_for([name, "--help"])
        assert [info.name for info in single.registered_commands] == [name]
        full = CliRunner().invoke(app, [name, "--help"])
        alone = CliRunner().invoke(single, [name, "--help"])
        assert alone.output == full.output and alone.exit_code == full.exit_code == 0
        bad = CliRunner().invoke(single, [name, "--no-such-option"])
        assert bad.exit_code == 2 and "No such option: --no-such-option" in bad.output
    for args in (["--help"], [], ["nosuch"], ["--version", "--help"]):
        assert app_for(args) is app
    for args in (["--version"], ["--no-pager", "--version"], ["--version", "--nosuch"]):
        alone, full = CliRunner().invoke(app_for(args), args), CliRunner().invoke(app, args)
        assert (alone.output, alone.exit_code) == (full.output, full.exit_code)
