"""The labelled precision suite: each real model of the shared corpus, checked as the file hooks
check it, under the default configuration and under the configuration its team would write.

A document is copied, for the run only, to ``docs/security/threat-models/<short>.md`` of a
temporary folder that also holds the project's template, so that every check that reads one
model runs on it as the hooks run it: reading (``TM0xx``), sections (``TM1xx``), template
(``TM2xx``: a kebab-case name in the models folder, so ``TM201`` and ``TM202``, which are about
the corpus's own file names, do not arise) and content (``TM5xx``). Relative links point into
a repository that holds only the model and the template.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml

from hooks.core.config import Config, parse_config
from hooks.core.content.checks import check_content
from hooks.core.dates import TODAY_ENV
from hooks.core.files import File
from hooks.core.findings import Reporter
from hooks.core.pipeline import check_files
from hooks.core.sections import check_sections
from hooks.core.template import TemplateChecks
from tests.conftest import shared_dir

ROOT = Path(__file__).resolve().parent.parent
CONFIGS = Path(__file__).parent / "corpus_configs"
GOLDEN = Path(__file__).parent / "golden" / "corpus-findings.yaml"
TEMPLATE = ROOT / "docs/security/threat-models/template.md"
TODAY = "2026-11-24"  # dates in the corpus are judged as on this day
SHARED = shared_dir()
CORPUS = SHARED / "corpus" / "real-threat-models" if SHARED else None
NO_CORPUS = "../shared/corpus/real-threat-models is not beside this checkout"

# short name -> the corpus file (see SOURCES.md in the corpus)
DOCUMENTS: dict[str, str] = {
    "a2a-mtls-mesh": "khirawdhi__zero-to-hero-threat-model__07-a2a__TM-A2A-03-mtls-service-mesh__"
    "stride.md",
    "admission-control": "kubernetes__sig-security__sig-security-docs__papers__admission-control__"
    "kubernetes-admission-control-threat-model.md",
    "agent-governance": "microsoft__agent-governance-toolkit__docs__security__threat-model.md",
    "cdngine-upload": "Yeusepe__cdngine__docs__threat-models__upload-authorization.md",
    "cluster-api": "kubernetes__sig-security__sig-security-assessments__cluster-api__"
    "self-assessment.md",
    "corona-warn-app": "corona-warn-app__cwa-documentation__overview-security.md",
    "dp-llm-training": "zjywy0228__privacy-preserving-data-architecture__docs__threat-models__"
    "dp-llm-training.md",
    "envoy-gateway": "envoyproxy__gateway__site__content__en__latest__tasks__security__"
    "threat-model.md",
    "eudi-privacy": "eu-digital-identity-wallet__eudi-doc-architecture-and-reference-framework__"
    "docs__discussion-topics__a-privacy-risks-and-mitigations.md",
    "external-secrets-guide": "external-secrets__external-secrets__docs__guides__threat-model.md",
    "external-secrets-stride": "cncf__tag-security__community__assessments__projects__"
    "external-secrets__docs__stride-threat-model.md",
    "kata-containers": "kata-containers__kata-containers__docs__threat-model__threat-model.md",
    "karmada": "cncf__tag-security__community__assessments__projects__karmada__threatmodeling.md",
    "kubewarden": "kubewarden__docs__docs__reference__threat-model.md",
    "longhorn": "cncf__tag-security__community__assessments__projects__longhorn__threat-model.md",
    "motionmavericks": "motionmavericks__app__docs__security__threat-model.md",
    "nats": "cncf__tag-security__community__assessments__projects__nats__doc__threat-modeling.md",
    "openfga": "cncf__tag-security__community__assessments__projects__openfga__joint-assessment.md",
    "optimism-message-passing": "ethereum-optimism__design-docs__security__"
    "fma-message-passing-contracts.md",
    "otel-arrow": "open-telemetry__otel-arrow__docs__threat_model_assessment.md",
    "ouroboros-leios": "input-output-hk__ouroboros-leios__docs__threat-model.md",
    "password-reset": "maheshkukreja__secure-patterns__patterns__password_reset_flow__"
    "threat_model.md",
    "project-ai": "IAmSoThirsty__Project-AI__docs__security_compliance__THREAT_MODEL.md",
    "project-ai-workflows": "IAmSoThirsty__Project-AI__docs__security_compliance__"
    "THREAT_MODEL_SECURITY_WORKFLOWS.md",
    "safe-mcp-t1704": "SAFE-MCP__safe-mcp__techniques__SAFE-T1704__README.md",
    "secure-file": "TrevorPLam__secure_file__docs__security__10_THREAT_MODEL.md",
    "slsa-threats": "slsa-framework__slsa__spec__threats.md",
    "tikv": "cncf__tag-security__community__assessments__projects__tikv__tikv-threat-model.md",
    "toolhive": "stacklok__toolhive__docs__security__threat-model.md",
    "vytches-tm-vp-003": "vytches__ddd__docs__security__threat-models__TM-VP-003.md",
}
SETUPS = ("default", "written")


@dataclass(frozen=True, order=True)
class Seen:
    """A finding as the suite keys it: line, code and message (the path is the run's)."""

    line: int
    code: str
    message: str


def config_text(short: str, setup: str) -> str | None:
    """The configuration of a run: none (the defaults) or the document's written one."""
    if setup == "default":
        return None
    return (CONFIGS / f"{short}.yaml").read_text(encoding="utf-8")


@contextmanager
def _today() -> Iterator[None]:
    before = os.environ.get(TODAY_ENV)
    os.environ[TODAY_ENV] = TODAY
    try:
        yield
    finally:
        if before is None:
            del os.environ[TODAY_ENV]
        else:
            os.environ[TODAY_ENV] = before


def check(short: str, setup: str, root: Path) -> list[Seen]:
    """Every finding of one corpus document under one setup, as the file hooks report it.
    ``root`` is an empty folder to place the document in."""
    assert CORPUS is not None
    models = root / "docs/security/threat-models"
    models.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(TEMPLATE, models / "template.md")
    relpath = f"docs/security/threat-models/{short}.md"
    shutil.copyfile(CORPUS / DOCUMENTS[short], root / relpath)
    text = config_text(short, setup)
    config = parse_config(text, f"{short}.yaml", root) if text else Config(root=root)
    reporter = Reporter(config.severity)
    with _today():
        checks = [check_sections, TemplateChecks(config).model, check_content]
        read = check_files(config, [File(relpath, str(root / relpath))], reporter, checks)
        assert read[relpath] is not None, short
    return sorted({Seen(f.line, f.code, f.message) for f in reporter.findings})


_QUOTED = re.compile(r"'[^']*'")
_FIELD = re.compile(r"does not say (.+)$")


def fragment(code: str, message: str) -> str:
    """The part of a finding's message that a judgment keys on: what the finding is about
    (a section, field, category, ID, value or link), not the wording around it."""
    if code in ("TM508", "TM509"):
        found = _FIELD.search(message)
        return found.group(1) if found else message
    if code in ("TM503", "TM504", "TM505", "TM512"):
        found = re.search(r"threat (?:ID )?(.+?),? (?:is (?:not|already)|which)", message)
        return found.group(1) if found else message
    if code == "TM004":
        return "never closed"
    if code == "TM203" and message.startswith("no H1"):
        return "no H1 title"
    if code == "TM205" and message.startswith("template placeholder"):
        return message.split(" ")[2]
    quoted: list[str] = _QUOTED.findall(message)
    if code == "TM514" and quoted:
        return quoted[-1]
    if quoted:
        return quoted[0]
    return message[:40]


# --------------------------------------------------------------------------- judgments


@dataclass(frozen=True, order=True)
class Judgment:
    """A judged finding: the run it belongs to is the key of the golden file it sits under.

    A finding is the judged one when its line and code are the judgment's and its message
    contains ``says`` (so that rewording a message keeps its judgment)."""

    line: int
    code: str
    says: str
    verdict: bool  # true: the model really lacks it or is wrong there
    why: str
    new: bool = False  # first reported after the suite was judged (not in the "before" counts)

    def matches(self, seen: Seen) -> bool:
        return self.line == seen.line and self.code == seen.code and self.says in seen.message


Golden = dict[str, dict[str, list[Judgment]]]  # document -> setup -> judgments


def load_golden(path: Path = GOLDEN) -> Golden:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        short: {
            setup: [
                Judgment(
                    item["line"],
                    item["code"],
                    item["says"],
                    item["verdict"],
                    item["why"],
                    item.get("new", False),
                )
                for item in items or []
            ]
            for setup, items in runs.items()
        }
        for short, runs in data.items()
    }


def dump_golden(golden: Golden, header: str) -> str:
    """The golden file's text: documents, then setups, then judgments, each in a stable order,
    one judgment a line."""
    lines = [header.rstrip("\n"), ""]
    for short in sorted(golden):
        lines.append(f"{short}:")
        for setup in SETUPS:
            judgments = sorted(golden[short].get(setup, []))
            lines.append(f"  {setup}:{'' if judgments else ' []'}")
            for item in judgments:
                fields = [
                    f"line: {item.line}",
                    f"code: {item.code}",
                    f"says: {json.dumps(item.says, ensure_ascii=False)}",
                    f"verdict: {'true' if item.verdict else 'false'}",
                    f"why: {json.dumps(item.why, ensure_ascii=False)}",
                ]
                if item.new:
                    fields.append("new: true")
                lines.append("    - {" + ", ".join(fields) + "}")
    return "\n".join(lines) + "\n"


@dataclass
class Comparison:
    """One run's findings against its judgments."""

    unjudged: list[Seen]
    lost: list[Judgment]  # judged true, no longer reported
    true: list[Seen]
    false: list[Seen]


def compare(found: list[Seen], judgments: list[Judgment]) -> Comparison:
    result = Comparison([], [], [], [])
    for seen in found:
        verdicts = {j.verdict for j in judgments if j.matches(seen)}
        if not verdicts:
            result.unjudged.append(seen)
        elif True in verdicts:
            result.true.append(seen)
        else:
            result.false.append(seen)
    result.lost = [j for j in judgments if j.verdict and not any(j.matches(s) for s in found)]
    return result


# --------------------------------------------------------------------------- report


def rates(setup: str, golden: Golden, root: Path) -> tuple[dict[str, list[int]], list[str]]:
    """Per rule, for one setup: [judged findings, judged false, findings now, false now], and
    the findings now reported that nobody judged."""
    table: dict[str, list[int]] = {}
    unjudged: list[str] = []
    for short in sorted(DOCUMENTS):
        judgments = golden[short][setup]
        for item in judgments:
            row = table.setdefault(item.code, [0, 0, 0, 0])
            row[0] += not item.new
            row[1] += not item.new and not item.verdict
        folder = root / f"{short}-{setup}"
        folder.mkdir()
        result = compare(check(short, setup, folder), judgments)
        for seen in result.true + result.false:
            row = table.setdefault(seen.code, [0, 0, 0, 0])
            row[2] += 1
        for seen in result.false:
            table[seen.code][3] += 1
        unjudged += [f"{short} {setup} {s.line} {s.code} {s.message}" for s in result.unjudged]
    return table, unjudged


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def report() -> str:
    """The false-positive rates per rule, before (every judged finding) and now, as Markdown."""
    import tempfile

    golden = load_golden()
    out: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for setup in SETUPS:
            table, unjudged = rates(setup, golden, Path(tmp))
            out += [
                f"Configuration: {setup}",
                "",
                "| Rule | Findings before | False before | FP before | Findings now | False now"
                " | FP now | True now |",
                "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            ]
            totals = [0, 0, 0, 0]
            for code in sorted(table):
                row = table[code]
                totals = [a + b for a, b in zip(totals, row, strict=True)]
                out.append(
                    f"| {code} | {row[0]} | {row[1]} | {_percent(row[1], row[0])} | {row[2]}"
                    f" | {row[3]} | {_percent(row[3], row[2])} | {row[2] - row[3]} |"
                )
            out.append(
                f"| all | {totals[0]} | {totals[1]} | {_percent(totals[1], totals[0])}"
                f" | {totals[2]} | {totals[3]} | {_percent(totals[3], totals[2])}"
                f" | {totals[2] - totals[3]} |"
            )
            out += ["", *[f"unjudged: {line}" for line in unjudged], ""]
    return "\n".join(out)


if __name__ == "__main__":  # pragma: no cover - a report for BENCHMARKS.md
    print(report())
