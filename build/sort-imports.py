#!/usr/bin/env python3
"""Sorts each Java file's import block: static imports first, then the rest, each alphabetical,
separated by one blank line. Run before `mvn formatter:format` (the Eclipse formatter keeps order)."""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
for path in root.rglob("*.java"):
    text = path.read_text()
    lines = text.split("\n")
    idx = [i for i, l in enumerate(lines) if re.match(r"import (static )?[\w.]+(\.\*)?;$", l)]
    if not idx:
        continue
    first, last = idx[0], idx[-1]
    block = lines[first:last + 1]
    if any(l.strip() and not l.startswith("import ") for l in block):
        continue  # comments inside the import block: leave the file alone
    imports = sorted(set(l for l in block if l.strip()))
    static = [l for l in imports if l.startswith("import static ")]
    plain = [l for l in imports if not l.startswith("import static ")]
    new = static + ([""] if static and plain else []) + plain
    if new != block:
        lines[first:last + 1] = new
        path.write_text("\n".join(lines))
        print("sorted", path)
