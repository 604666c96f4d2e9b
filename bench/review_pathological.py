"""Time ``threat-model review`` on a hostile change: long lines built to make regular
expressions backtrack, in every kind of file the detectors read.

Each line is a word some detector looks for (``public``, ``export``, ``references``,
``image:``...) followed by 2,000 characters of one repeated filler (spaces, ``a.``, ``(``,
quotes...), so that a pattern with two overlapping quantifiers would take quadratic or worse
time. The change is 16 files of 1,000 such lines, about 32 MB, the most the review reads.

Run from the repository root: ``python -m bench.review_pathological [--lines N]``.
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
WIDTH = 2_000
FILES = (
    "app/models.py",
    "app/views.py",
    "api/serializers.py",
    "web/routes.js",
    "web/users.entity.ts",
    "src/main/java/Account.java",
    "cmd/main.go",
    "app/models/user.rb",
    "config/routes.rb",
    "infra/main.tf",
    ".github/workflows/ci.yml",
    "Dockerfile",
    "package.json",
    "db/migrate/1_create.rb",
    "build.gradle",
    "go.mod",
)
WORDS = (
    "public ",
    "protected ",
    "export ",
    "references ",
    "belongs_to ",
    "image: ",
    "uses: ",
    "api ",
    "logger.info(",
    "wget ",
    '@app.route("',
    "router.get('",
    "password ",
    "import ",
    "token=%s",
    "require ",
)
FILLERS = (" ", "a", "a.", "(", "a ", '"', "a:", " \t", "- ", "a = ", "${", "%s", "a,", "a/", "'")


def line(index: int) -> str:
    word = WORDS[index % len(WORDS)]
    filler = FILLERS[(index // len(WORDS)) % len(FILLERS)]
    return word + filler * (WIDTH // len(filler))


def build(root: Path, lines: int) -> None:
    git = ["git", "-C", str(root), "-c", "user.name=bench", "-c", "user.email=bench@example.com"]
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    for name in FILES:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("\n", encoding="utf-8")
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "base"], check=True)
    subprocess.run([*git, "switch", "-q", "-c", "feature"], check=True)
    for offset, name in enumerate(FILES):
        text = "\n".join(line(offset * lines + n) for n in range(lines)) + "\n"
        (root / name).write_text(text, encoding="utf-8")
    subprocess.run([*git, "commit", "-q", "-am", "hostile"], check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="time the review on hostile lines")
    parser.add_argument("--lines", type=int, default=1_000, help="lines per file")
    args = parser.parse_args(argv)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env = {k: v for k, v in env.items() if not k.startswith("PRE_COMMIT_")}
    command = [sys.executable, "-m", "hooks", "review", "--base", "main", "--format", "json"]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        build(root, args.lines)
        start = time.perf_counter()
        done = subprocess.run(
            command, cwd=root, env=env, capture_output=True, text=True, check=False
        )
        took = time.perf_counter() - start
    print(f"{len(FILES)} files x {args.lines} lines of {WIDTH} characters: exit {done.returncode}")
    print(f"{took:.2f} s")
    return done.returncode


if __name__ == "__main__":
    raise SystemExit(main())
