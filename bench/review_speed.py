"""Time ``threat-model review`` on a branch that changes 2,000 files and 100,000 lines.

The synthetic repository mixes the stacks the detectors know (Python, JavaScript, Go, Java,
Ruby, Terraform, GitHub workflows, package.json): every file gets 50 new lines of ordinary
code, two of which are evidence of a change (a route, a token, logged personal data, an opened
port, a movable action...), and 10 areas own the files. The review runs as a whole process, as
the hook and CI run it, with ``--format json``.

Run from the repository root: ``python -m bench.review_speed [--runs N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILES = 2_000
LINES = 50  # added per file: 100,000 in all
BUDGET = 2.0  # seconds

# per stack: ordinary lines of code (cycled through), and two lines that are evidence
_ORDINARY = {
    "py": (
        "def total_{i}_{n}(items):",
        "    result = sum(item.price * item.quantity for item in items)",
        "    if result > LIMIT_{n}:",
        "        raise ValueError(f'total {{result}} over the limit')",
        "    values = [convert(value) for value in items if value is not None]",
        "    return round(result, 2)",
        "class Report{n}(Base):",
        "    name = 'report {n}'",
        "    def render(self, rows):",
        "        return self.template.format(rows=len(rows), page={n})",
    ),
    "js": (
        "function total{i}_{n}(items) {{",
        "  const result = items.reduce((sum, item) => sum + item.price * item.quantity, 0);",
        "  if (result > LIMIT_{n}) throw new Error(`total ${{result}} over the limit`);",
        "  return Math.round(result * 100) / 100;",
        "}}",
        "export const selectors{n} = {{ first: (state) => state.items[0], count: {n} }};",
        "const values{n} = items.filter(Boolean).map((value) => convert(value));",
        "import {{ format{n} }} from './format';",
    ),
    "go": (
        "func total{i}_{n}(items []Item) (float64, error) {{",
        "\tvar result float64",
        "\tfor _, item := range items {{",
        "\t\tresult += item.Price * float64(item.Quantity)",
        "\t}}",
        '\tif result > limit{n} {{ return 0, fmt.Errorf("total %v over the limit", result) }}',
        "\treturn result, nil",
        "}}",
    ),
    "java": (
        "    public BigDecimal total{i}_{n}(List<Item> items) {{",
        "        BigDecimal result = BigDecimal.ZERO;",
        "        for (Item item : items) {{ result = result.add(item.getPrice()); }}",
        "        if (result.compareTo(LIMIT_{n}) > 0) {{ throw new IllegalStateException(); }}",
        "        return result.setScale(2, RoundingMode.HALF_UP);",
        "    }}",
        "    private final Map<String, Integer> counts{n} = new HashMap<>();",
    ),
    "rb": (
        "  def total_{i}_{n}(items)",
        "    result = items.sum {{ |item| item.price * item.quantity }}",
        "    raise ArgumentError, 'over the limit' if result > LIMIT_{n}",
        "    result.round(2)",
        "  end",
        "  scope :recent_{n}, -> {{ where('created_at > ?', {n}.days.ago) }}",
    ),
    "tf": (
        'resource "aws_instance" "node_{i}_{n}" {{',
        "  ami           = var.ami",
        '  instance_type = "t3.micro"',
        "  subnet_id     = var.subnet_ids[{n} % length(var.subnet_ids)]",
        "}}",
    ),
    "yaml": (
        "  job_{n}:",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - run: make test-{n}",
    ),
}
_EVIDENCE = {
    "py": ('@bp.route("/items/{i}/{n}")', '    logger.info("user %s signed in", user.email)'),
    "js": (
        "router.get('/items/{i}/{n}', handler{n});",
        "const token = crypto.randomBytes(32).toString('hex');",
    ),
    "go": (
        'mux.HandleFunc("/items/{i}/{n}", handler{n})',
        '\tlog.Printf("login from %s token=%s", r.RemoteAddr, token)',
    ),
    "java": (
        '    @GetMapping("/items/{i}/{n}")',
        "    private final PasswordEncoder encoder{n} = new BCryptPasswordEncoder();",
    ),
    "rb": (
        "  before_action :require_admin, only: [:show_{n}]",
        '  Rails.logger.info "request from #{{request.remote_ip}}"',
    ),
    "tf": ('  cidr_blocks = ["0.0.0.0/0"]', "  retention_in_days = {n}"),
    "yaml": ("    - uses: actions/checkout@v4", "permissions: write-all"),
}
_SUFFIX = {
    "py": "services/svc{a}/app/mod{i}.py",
    "js": "web/svc{a}/src/routes{i}.js",
    "go": "cmd/svc{a}/handler{i}.go",
    "java": "api/svc{a}/src/main/java/App{i}.java",
    "rb": "app/svc{a}/controllers/c{i}_controller.rb",
    "tf": "infra/svc{a}/main{i}.tf",
    "yaml": ".github/workflows/w{i}.yml",
}
EVIDENCE_AT = (7, 23)  # the lines of each file that are evidence


def _added(kind: str, index: int) -> str:
    ordinary = _ORDINARY[kind]
    lines = []
    for n in range(LINES):
        if n in EVIDENCE_AT:
            text = _EVIDENCE[kind][EVIDENCE_AT.index(n)]
        else:
            text = ordinary[n % len(ordinary)]
        lines.append(text.format(i=index, n=n))
    return "\n".join(lines) + "\n"


def build(root: Path) -> None:
    kinds = list(_ORDINARY)
    areas = ["areas:"] + [f"  svc{a}:\n    paths: ['**/svc{a}/']" for a in range(10)]
    (root / ".threat-model.yaml").write_text("\n".join(areas) + "\n", encoding="utf-8")
    files: list[tuple[Path, str]] = []
    for index in range(FILES - 1):
        kind = kinds[index % len(kinds)]
        path = root / _SUFFIX[kind].format(a=index % 10, i=index)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# file {index}\n", encoding="utf-8")
        files.append((path, kind))
    (root / "package.json").write_text('{\n  "dependencies": {\n  }\n}\n', encoding="utf-8")
    git = ["git", "-C", str(root), "-c", "user.name=bench", "-c", "user.email=bench@example.com"]
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "base"], check=True)
    subprocess.run([*git, "switch", "-q", "-c", "feature"], check=True)
    for index, (path, kind) in enumerate(files):
        with path.open("a", encoding="utf-8") as handle:
            handle.write(_added(kind, index))
    deps = ",\n".join(f'    "package-{n}": "^1.{n}.0"' for n in range(LINES))
    (root / "package.json").write_text(
        '{\n  "dependencies": {\n' + deps + "\n  }\n}\n", encoding="utf-8"
    )
    subprocess.run([*git, "commit", "-q", "-am", "feature"], check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="time threat-model review on a large change")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "THREAT_MODEL_TODAY": "2026-03-01"}
    env = {k: v for k, v in env.items() if not k.startswith("PRE_COMMIT_")}
    command = [
        sys.executable,
        "-m",
        "hooks",
        "review",
        "--base",
        "main",
        "--head",
        "feature",
        "--format",
        "json",
    ]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        build(root)
        stat = subprocess.run(
            ["git", "-C", str(root), "diff", "--shortstat", "main", "feature"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        timings: list[float] = []
        out = ""
        for _ in range(args.runs):
            start = time.perf_counter()
            done = subprocess.run(
                command, cwd=root, env=env, capture_output=True, text=True, check=True
            )
            timings.append(time.perf_counter() - start)
            out = done.stdout
    report = json.loads(out)
    median = statistics.median(timings)
    print(f"threat-model review --format json: {stat}")
    print(f"{len(report['changes'])} changes, {len(report['models'])} model verdicts")
    print(f"median {median:.3f} s over {args.runs} runs (min {min(timings):.3f})")
    return 0 if median < BUDGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
