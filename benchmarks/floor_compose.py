"""The parsing floor: read every YAML file under a folder and compose it with libyaml, nothing else.

    python benchmarks/floor_compose.py benchmarks/corpus/10k

``yaml.compose`` with the C loader builds the node tree with the line and
column marks that dealtrack's diagnostics need; no loader that keeps those
marks can do less work per file. Prints the number of files composed.
"""

import os
import sys

import yaml


def main(root: str) -> int:
    loader = yaml.CSafeLoader
    count = 0
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith((".yaml", ".yml")):
                with open(os.path.join(folder, name), "rb") as handle:
                    yaml.compose(handle.read(), Loader=loader)
                count += 1
    print(count)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
