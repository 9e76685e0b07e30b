"""The top README's Python example, run as written (in a child: it changes namespaces)."""

import os
import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[3] / "README.md"


def example():
    text = README.read_text()
    m = re.search(r"<!-- python-example:[^>]*-->\n```python\n(.*?)```", text, re.S)
    assert m, "README.md has no python-example block"
    return m.group(1)


def test_readme_example():
    r = subprocess.run([sys.executable, "-c", example()], capture_output=True, text=True,
                       env={**os.environ}, timeout=60)
    assert r.returncode == 0, r.stderr
    # An unmapped uid in the new user namespace reads as the overflow id, 65534.
    assert r.stdout.splitlines() == ["0", "True", "1 Operation not permitted",
                                     "True (65534, 65534, 65534)"]
