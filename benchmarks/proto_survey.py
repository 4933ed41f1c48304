"""Round 6 survey: how fast do wheel-shipped YAML loaders hand a whole corpus to Python,
and what do they keep of what dealtrack needs?

    python benchmarks/proto_survey.py benchmarks/corpus/10000 [--repeat 3]

A prototype, not part of dealtrack: run it in a scratch virtualenv that has the
candidates installed (none of them is a dependency of dealtrack), e.g.

    python -m venv SCRATCH && SCRATCH/bin/pip install pyyaml rapidyaml yaml-rs ryaml \\
        py-yaml12 fastyaml-rs oryaml xoryaml rustyyaml rs-turboyaml ruamel.yaml
    SCRATCH/bin/python benchmarks/proto_survey.py benchmarks/corpus/10000

Candidates that are not installed are skipped with a message. For each one it
prints: CPU seconds (best of ``--repeat``, ``time.process_time``) to load every
file into Python values, how many files it failed on, how many of a dozen
tricky scalars come back as their exact source text, and whether it rejects a
duplicate key, an anchor/alias, a tag and a second document. Positions (line
and column of keys and values) are not offered by any of these APIs; that was
read from each package's type stubs and is stated in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
import time

# Scalars whose *text* dealtrack reads (money into Decimal, dates, codes, booleans).
TRICKY = ["1.10", "+5", "-.5", "007", "true", "NO", "~", "2001-09-01", "1e3", "12:30",
          "0x1F", ".NaN"]
REJECTIONS = {
    "duplicate key": "a: 1\na: 2\n",
    "anchor/alias": "a: &x 1\nb: *x\n",
    "tag": "a: !!str 1\n",
    "two documents": "a: 1\n---\nb: 2\n",
}


def _ryml_json(text: str):
    import json

    import ryml
    return json.loads(ryml.emit_json(ryml.parse_in_arena(text.encode())),
                      parse_int=str, parse_float=str)


def _ruamel_base(text: str):
    from ruamel.yaml import YAML
    yaml = _ruamel_base.__dict__.setdefault("y", YAML(typ="base", pure=False))
    return yaml.load(text)


def _libyaml_compose(text: str):
    import yaml
    return yaml.compose(text, Loader=yaml.CSafeLoader)


def _pyyaml_csafe(text: str):
    import yaml
    return yaml.load(text, Loader=yaml.CSafeLoader)


def _loader(module: str, attr: str, **kw):
    def load(text: str):
        return getattr(importlib.import_module(module), attr)(text, **kw)
    return load


# (label, distribution on PyPI, module to import, loader of one document's text)
CANDIDATES = [
    ("PyYAML: libyaml compose (the floor)", "pyyaml", "yaml", _libyaml_compose),
    ("PyYAML: CSafeLoader (typed values)", "pyyaml", "yaml", _pyyaml_csafe),
    ("ruamel.yaml.clib (typ='base')", "ruamel.yaml.clib", "_ruamel_yaml", _ruamel_base),
    ("rapidyaml: emit_json + json.loads", "rapidyaml", "ryml", _ryml_json),
    ("yaml-rs", "yaml-rs", "yaml_rs", _loader("yaml_rs", "loads", parse_datetime=False)),
    ("ryaml", "ryaml", "ryaml", _loader("ryaml", "loads")),
    ("py-yaml12", "py-yaml12", "yaml12", _loader("yaml12", "parse_yaml")),
    ("fastyaml-rs", "fastyaml-rs", "fast_yaml", _loader("fast_yaml", "safe_load")),
    ("oryaml", "oryaml", "oryaml", _loader("oryaml", "loads")),
    ("xoryaml", "xoryaml", "xoryaml", _loader("xoryaml", "loads")),
    ("rustyyaml", "rustyyaml", "rustyyaml", _loader("rustyyaml", "safe_load")),
    ("rs-turboyaml", "rs-turboyaml", "turboyaml", _loader("turboyaml", "load")),
]


def _about(dist: str) -> tuple[str, str]:
    """Version and licence as the installed distribution's metadata states them."""
    from importlib import metadata

    try:
        meta = metadata.metadata(dist)
    except metadata.PackageNotFoundError:
        return "", ""
    licence = meta.get("License-Expression") or meta.get("License") or ""
    if not licence or len(licence) > 40:
        classifiers = [c.rsplit(" :: ", 1)[-1] for c in meta.get_all("Classifier") or ()
                       if c.startswith("License ::")]
        licence = " / ".join(classifiers) or licence[:40]
    return meta["Version"], licence


def read_corpus(root: str) -> list[str]:
    texts = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith((".yaml", ".yml")):
                with open(os.path.join(folder, name), "rb") as handle:
                    texts.append(handle.read().decode("utf-8"))
    return texts


def time_load(load, texts: list[str], repeat: int) -> tuple[float, int]:
    best, failed = float("inf"), 0
    for _ in range(repeat):
        failed = 0
        gc.collect()
        gc.disable()
        start = time.process_time()
        for text in texts:
            try:
                load(text)
            except Exception:  # noqa: BLE001 - a prototype counts failures
                failed += 1
        best = min(best, time.process_time() - start)
        gc.enable()
    return best, failed


def kept_text(load) -> int:
    kept = 0
    for token in TRICKY:
        try:
            value = load(f"k: {token}\n")
        except Exception:  # noqa: BLE001
            continue
        if hasattr(value, "value") and not isinstance(value, dict):  # a node (compose)
            value = {n.value: v.value for n, v in value.value}
        if isinstance(value, dict) and value.get("k") == token:
            kept += 1
    return kept


def rejections(load) -> str:
    out = []
    for what, text in REJECTIONS.items():
        try:
            load(text)
            out.append(f"{what}: accepted")
        except Exception:  # noqa: BLE001
            out.append(f"{what}: rejected")
    return "; ".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts = read_corpus(args.root)
    print(f"{len(texts)} files, {sum(map(len, texts)) / 1e6:.1f} M characters; "
          f"Python {sys.version.split()[0]}")
    print("| candidate | version | licence | load all, CPU s | files failed | tricky scalars "
          "kept as text (of %d) | rejections |" % len(TRICKY))
    print("|---|---|---|---:|---:|---:|---|")
    for name, dist, module, load in CANDIDATES:
        try:
            importlib.import_module(module)
        except ImportError:
            print(f"| {name} | not installed, skipped | | | | | |")
            continue
        version, licence = _about(dist)
        seconds, failed = time_load(load, texts, args.repeat)
        print(f"| {name} | {version} | {licence} | {seconds:.3f} | {failed} | {kept_text(load)} | "
              f"{rejections(load)} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
