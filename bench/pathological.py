"""Time the hooks on pathological models near the 2 MiB size limit (whole processes).

    python bench/pathological.py [--only TEXT] [--timeout SECONDS]

Nothing may hang: each case must finish, with findings and no traceback. ``--only`` runs the
cases whose name contains TEXT; a process that runs past ``--timeout`` (default 300 s) is
stopped and shown as ``> N s``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TITLE = b"# Threat Model: X\n"
THREE_FIELDS = "title: 'Threat Model: <Feature name> - <Component> - v<Version>'\n"
TEN_FIELDS = "title: '" + " - ".join(f"<F{n}>" for n in range(10)) + ".'\n"
# A case is the model's bytes, or the model's bytes and a .threat-model.yaml.
CASES: dict[str, bytes | tuple[bytes, str]] = {
    "60,000 headings": TITLE + b"".join(b"## h%d\n\ntext\n\n" % i for i in range(60000)),
    "120,000 headings, nothing between": TITLE + b"".join(b"## H%d\n" % i for i in range(120000)),
    "80,000 threat bullets": TITLE
    + b"## Threats\n"
    + b"".join(b"- **T%d:** thing\n" % i for i in range(80000)),
    "60,000 table rows": TITLE
    + b"## Mitigations\n| Threat | Mitigation | Status |\n|---|---|---|\n"
    + b"".join(b"| T%d | x | Implemented |\n" % i for i in range(60000)),
    "25,000 table rows naming 125,000 unknown threat IDs": TITLE
    + b"## Mitigations\n| Mitigation | Threats | Status |\n|---|---|---|\n"
    + b"".join(
        b"| Fix %d | T%d, T%d, T%d, T%d, T%d | Planned |\n"
        % (i, *range(5 * i + 100000, 5 * i + 100005))
        for i in range(25000)
    ),
    "100,000 fenced code blocks": TITLE + b"## Threats\n" + b"```\nx\n```\n" * 100000,
    "50,000 nested lists three deep": TITLE + b"## Threats\n" + b"- a\n  - b\n    - c\n" * 50000,
    "a one-line bullet of 270,000 links": TITLE + b"## Threats\n- " + b"[a](b) " * 270000 + b"\n",
    "a one-line bullet of 475,000 emphases": TITLE + b"## Threats\n- " + b"_a_ " * 475000 + b"\n",
    "500,000 open links": TITLE + b"[a(" * 500000 + b"\n",
    "100,000 nested quotes": TITLE + b">" * 100000 + b" x\n",
    "front matter nested 100,000 deep": b"---\na: "
    + b"[" * 100000
    + b"]" * 100000
    + b"\n---\n"
    + TITLE,
    "front matter of 380,000 plain lines": b"---\n" + b"a: b\n" * 380000 + b"---\n" + TITLE,
    "key and value 100,000 spaces apart": TITLE + b"\nOwner: a" + b" " * 100000 + b"x\n",
    "date and word 100,000 spaces apart": TITLE
    + b"\n- **Last updated:** 2025"
    + b" " * 100000
    + b"x\n",
    "50,000 unclosed comments": TITLE + b"\n" + b"<!--" * 50000 + b"\n",
    "1,500 backtick runs that never close": TITLE
    + b"\n"
    + b"a".join(b"`" * n for n in range(1500, 0, -1))
    + b"\n",
    "a trust boundary diagram of 70,000 edges": TITLE
    + b"## Trust boundaries\n\n```mermaid\nflowchart LR\n"
    + b"".join(b"  a%d -->|data| b%d\n" % (i, i) for i in range(70000))
    + b"```\n",
    "a diagram line of 1,000,000 open brackets and pipes": TITLE
    + b"## Trust boundaries\n\n```mermaid\nflowchart LR\n"
    + b"A -->|[(" * 250000
    + b"\n```\n",
    "a diagram line of 400,000 links that open a label and never close it": TITLE
    + b"## Trust boundaries\n\n```mermaid\nflowchart LR\n"
    + b"A -- " * 400000
    + b"\n```\n",
    "a kept diagram of 20,000 edges, one changed (TM518)": TITLE
    + b"## Trust boundaries\n\n| Boundary | What crosses |\n|---|---|\n"
    + b"".join(b"| a%d -> b%d | data |\n" % (i, i) for i in range(20000))
    + b"\n<!-- threat-model-diagram:start -->\n\n```mermaid\nflowchart LR\n"
    + b"".join(b'  n%d -->|"crosses: data"| m%d\n' % (i, i) for i in range(19999))
    + b'  x -->|"crosses: other"| y\n```\n\n<!-- threat-model-diagram:end -->\n',
    "a title of 4,000 dashes, three-field title pattern": (
        b"# Threat Model: " + b"a - " * 4000 + b"\n",
        THREE_FIELDS,
    ),
    "an 80-character title, ten-field title pattern": (b"# " + b"x-" * 40 + b"\n", TEN_FIELDS),
}
HOOKS = (
    "check_threat_model_sections",
    "check_threat_model_template",
    "check_threat_model_content",
    "cli check",
)


def _command(hook: str, path: str) -> list[str]:
    if hook == "cli check":  # threat-model check, on the whole repository
        return [sys.executable, "-m", "hooks", "check"]
    return [sys.executable, "-m", f"hooks.{hook}", path]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", default="", help="run the cases whose name contains this")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per process")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "THREAT_MODEL_TODAY": "2026-11-24"}
    print("| Input | Size | " + " | ".join(HOOKS) + " |")
    print("| --- | --- |" + " --- |" * len(HOOKS))
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        subprocess.run(["git", "init", "-q", str(root)], check=True)
        models = root / "docs/security/threat-models"
        models.mkdir(parents=True)
        for name, case in CASES.items():
            if args.only not in name:
                continue
            data, config = case if isinstance(case, tuple) else (case, "")
            path = models / "case.md"
            path.write_bytes(data)
            (root / ".threat-model.yaml").write_text(config, encoding="utf-8")
            cells = []
            for hook in HOOKS:
                start = time.perf_counter()
                try:
                    done = subprocess.run(
                        _command(hook, str(path.relative_to(root))),
                        cwd=root,
                        env=env,
                        capture_output=True,
                        text=True,
                        check=False,
                        timeout=args.timeout,
                    )
                except subprocess.TimeoutExpired:
                    cells.append(f"> {args.timeout:.0f} s")
                    continue
                assert "Traceback" not in done.stderr, done.stderr
                cells.append(f"{time.perf_counter() - start:.1f} s")
            print(f"| {name} | {len(data) / 1e6:.2f} MB | " + " | ".join(cells) + " |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
