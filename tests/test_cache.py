"""The cache kept between runs: where it lives, when a record counts, and the configuration
read from it (hooks.core.cache)."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

import pytest

from hooks.core import cache, config, index, models, yamlsafe
from hooks.core import git as gitcore
from hooks.core.findings import Reporter
from tests.conftest import count_parses, git, init_repo


@pytest.fixture
def place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder of this test, outside the repository ``tmp_path / "repo"``."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.FOLDER_VARIABLE, str(folder))
    monkeypatch.delenv(cache.OFF_VARIABLE, raising=False)
    (tmp_path / "repo").mkdir()
    return folder


def _records(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json"))


# ---------------------------------------------------------------- where


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "home/.cache/threat-model-hooks"),
        ({"XDG_CACHE_HOME": "{tmp}/xdg"}, "xdg/threat-model-hooks"),
        ({"XDG_CACHE_HOME": "relative/xdg"}, "home/.cache/threat-model-hooks"),
        ({cache.FOLDER_VARIABLE: "{tmp}/mine"}, "mine"),
        ({cache.FOLDER_VARIABLE: "{tmp}/mine", cache.OFF_VARIABLE: "1"}, None),
        ({cache.FOLDER_VARIABLE: "{tmp}/repo/.cache"}, None),  # inside the repository
        ({cache.FOLDER_VARIABLE: "{tmp}/repo"}, None),
        ({cache.FOLDER_VARIABLE: "{tmp}/repository"}, "repository"),  # a prefix, not inside
    ],
)
def test_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str | None
) -> None:
    for name in (cache.FOLDER_VARIABLE, cache.OFF_VARIABLE, "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for name, value in env.items():
        monkeypatch.setenv(name, value.format(tmp=tmp_path))
    found = cache.folder(tmp_path / "repo")
    assert found == (None if expected is None else tmp_path / expected)


def test_a_linked_folder_into_the_repository_is_not_used(tmp_path: Path, place: Path) -> None:
    (tmp_path / "repo" / "cache").mkdir()
    place.symlink_to(tmp_path / "repo" / "cache")
    assert cache.folder(tmp_path / "repo") is None


# ---------------------------------------------------------------- records


def test_a_record_is_read_back_for_its_text_only(tmp_path: Path, place: Path) -> None:
    root = tmp_path / "repo"
    assert cache.load(root, "kind", "text") is None
    cache.store(root, "kind", "text", {"a": [1, 2.5, None, True, "é"]})
    assert cache.load(root, "kind", "text") == {"a": [1, 2.5, None, True, "é"]}
    assert cache.load(root, "kind", "other text") is None
    assert cache.load(root, "other", "text") is None
    assert (place / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert (place / "CACHEDIR.TAG").read_text(encoding="utf-8").startswith("Signature: 8a477f")
    assert not list(place.glob(".*.tmp"))


def test_a_record_of_other_code_is_a_miss(
    tmp_path: Path, place: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    cache.store(root, "kind", "text", 1)
    monkeypatch.setattr(cache, "_STAMP", ["another version"])
    assert cache.load(root, "kind", "text") is None


def test_the_stamp_follows_the_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code = tmp_path / "core"
    (code / "content").mkdir(parents=True)
    (code / "reader.py").write_text("A = 1\n", encoding="utf-8")
    monkeypatch.setattr(cache, "_CODE", code)
    monkeypatch.setattr(cache, "_STAMP", [])
    first = cache.stamp()
    assert "reader.py" in first
    assert cache.stamp() is first  # worked out once a process
    os.utime(code / "reader.py", ns=(0, 0))
    monkeypatch.setattr(cache, "_STAMP", [])
    assert cache.stamp() != first


def test_the_stamp_follows_the_readers_it_uses(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    monkeypatch.setattr(cache, "_STAMP", [])
    lines = cache.stamp().splitlines()
    for name in ("mistune", "yaml"):
        spec = importlib.util.find_spec(name)
        assert spec is not None
        assert any(line.startswith(f"{spec.origin}:") for line in lines)


@pytest.mark.parametrize(
    "data",
    [
        b"not json",
        b"[1, 2]",
        b'{"stamp": "x", "text": "text", "value": 1}',
        b"\xff\xfe",
        b"[" * 100_000,
    ],
)
def test_a_broken_record_is_a_miss(tmp_path: Path, place: Path, data: bytes) -> None:
    root = tmp_path / "repo"
    cache.store(root, "kind", "text", 1)
    [record] = _records(place)
    record.write_bytes(data)
    assert cache.load(root, "kind", "text") is None


def test_a_record_too_large_is_not_read(
    tmp_path: Path, place: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    cache.store(root, "kind", "text", "x" * 100)
    monkeypatch.setattr(cache, "MAX_RECORD_BYTES", 50)
    assert cache.load(root, "kind", "text") is None


def test_nothing_is_kept_when_the_cache_is_off(
    tmp_path: Path, place: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.OFF_VARIABLE, "1")
    cache.store(tmp_path / "repo", "kind", "text", 1)
    assert not place.exists()
    assert cache.load(tmp_path / "repo", "kind", "text") is None


def test_a_folder_that_cannot_be_written_is_passed_by(tmp_path: Path, place: Path) -> None:
    place.write_text("a file where the folder would be", encoding="utf-8")
    cache.store(tmp_path / "repo", "kind", "text", 1)  # no error
    assert cache.load(tmp_path / "repo", "kind", "text") is None


def test_a_value_json_cannot_hold_is_not_kept(tmp_path: Path, place: Path) -> None:
    cache.store(tmp_path / "repo", "kind", "text", {1, 2})
    assert cache.load(tmp_path / "repo", "kind", "text") is None
    assert not list(place.iterdir()) or not _records(place)
    assert not list(place.glob(".*.tmp"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"a": [1, "b", None, True, 1.5]}, True),
        ({1: "a"}, False),  # YAML keys may be numbers; JSON's are strings
        ({"a": float("nan")}, False),
        ({"a": float("inf")}, False),
        ({"a": (1, 2)}, False),
        ({"a": {1, 2}}, False),
        ({"a": b"bytes"}, False),
        (__import__("datetime").date(2026, 1, 2), False),
        ([[[[1]]]], True),
    ],
)
def test_plain(value: Any, expected: bool) -> None:
    assert cache.plain(value) is expected


def test_deep_nesting_is_not_plain() -> None:
    value: Any = 1
    for _ in range(70):
        value = [value]
    assert not cache.plain(value)


# ---------------------------------------------------------------- the configuration


CONFIG = """\
staleness_days: 30
areas:
  auth:
    paths: [src/auth/]
    model: docs/security/threat-models/auth.md
"""


def _write(root: Path, text: str) -> None:
    (root / config.CONFIG_NAME).write_text(text, encoding="utf-8")


def _no_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the YAML was parsed again")

    monkeypatch.setattr(yamlsafe, "load", refuse)


def test_the_configuration_is_read_from_the_cache(
    tmp_path: Path, place: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    _write(root, CONFIG)
    first = config.load_config(root=root)
    _no_yaml(monkeypatch)
    again = config.load_config(root=root)
    assert again == first
    assert again.staleness_days == 30
    assert [area.name for area in again.areas] == ["auth"]


def test_a_changed_configuration_is_read_again(
    tmp_path: Path, place: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    _write(root, CONFIG)
    config.load_config(root=root)
    _write(root, CONFIG.replace("30", "45"))
    assert config.load_config(root=root).staleness_days == 45


def test_an_error_has_the_same_line_from_the_cache(
    tmp_path: Path, place: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    _write(root, CONFIG + "  billing:\n    paths: [src/billing/]\n    owner: 3\n")
    with pytest.raises(config.ConfigError) as first:
        config.load_config(root=root)
    _no_yaml(monkeypatch)
    with pytest.raises(config.ConfigError) as again:
        config.load_config(root=root)
    assert str(again.value) == str(first.value)
    assert again.value.line == 6  # the area's line


@pytest.mark.parametrize(
    "text",
    [
        "title: 'Threat Model: <Feature name>'\nreview:\n  since: 2026-01-02\n",  # a date
        "models_dir: [\n",  # not YAML
        "a: 1\na: 2\n",  # a duplicate key
    ],
)
def test_what_json_would_change_is_not_kept(tmp_path: Path, place: Path, text: str) -> None:
    root = tmp_path / "repo"
    _write(root, text)
    with contextlib.suppress(config.ConfigError):
        config.load_config(root=root)
    assert not _records(place)


def test_a_forged_record_for_other_text_is_not_used(tmp_path: Path, place: Path) -> None:
    root = tmp_path / "repo"
    _write(root, CONFIG)
    config.load_config(root=root)
    [record] = _records(place)
    forged = json.loads(record.read_text(encoding="utf-8"))
    forged["value"]["data"]["staleness_days"] = 900
    forged["text"] = CONFIG.replace("30", "31")
    record.write_text(json.dumps(forged), encoding="utf-8")
    assert config.load_config(root=root).staleness_days == 30


@pytest.mark.parametrize(
    "value",
    [
        None,
        [],
        {"lines": "x"},
        {"lines": [["staleness_days", 1]], "data": {}},
        {"lines": [[["staleness_days"], "1"]], "data": {}},
        {"lines": [[[1], 1]], "data": {}},
        {"lines": [[["a"]]], "data": {}},
    ],
)
def test_a_record_of_the_wrong_shape_is_read_again(
    tmp_path: Path, place: Path, monkeypatch: pytest.MonkeyPatch, value: Any
) -> None:
    root = tmp_path / "repo"
    _write(root, CONFIG)
    monkeypatch.setattr(cache, "load", lambda *args: value)
    assert config.load_config(root=root).staleness_days == 30


# ---------------------------------------------------------------- the models' metadata


MODELS = "docs/security/threat-models"
MODEL = (
    "# Threat Model: {name}\n\n## Feature metadata\n\n- **Feature name:** {name}\n"
    "- **Owner:** @{name}-team\n- **Last updated:** 2026-10-01\n- **Review cadence:** Quarterly\n"
    "\n## Assets\n\nTokens.\n"
)


@pytest.fixture
def models_repo(tmp_path: Path, place: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A committed repository of three models, the current folder."""
    root = init_repo(tmp_path / "repo")
    (root / MODELS).mkdir(parents=True)
    for name in ("auth", "billing", "search"):
        (root / MODELS / f"{name}.md").write_text(MODEL.format(name=name), encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "models")
    monkeypatch.chdir(root)
    monkeypatch.setenv("THREAT_MODEL_TODAY", "2026-11-24")
    return root


def _read_all(root: Path) -> tuple[dict[str, models.Model], list[str]]:
    reporter = Reporter()
    found = index.models_of(config.load_config(root=root), reporter)
    return found, [str(f) for f in reporter.findings]


def test_a_model_read_before_is_not_parsed(
    models_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _read_all(models_repo)
    assert sorted(first[0]) == [f"{MODELS}/{n}.md" for n in ("auth", "billing", "search")]
    parses = count_parses(monkeypatch)
    assert _read_all(models_repo) == first
    assert parses == []
    path = models_repo / MODELS / "billing.md"
    path.write_text(MODEL.format(name="billing").replace("2026-10-01", "2026-11-01"), "utf-8")
    again, _ = _read_all(models_repo)
    assert parses == [f"{MODELS}/billing.md"]
    assert again[f"{MODELS}/billing.md"].updated == "2026-11-01"


def test_a_commit_reads_the_metadata_the_working_tree_left(
    models_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _read_all(models_repo)
    parses = count_parses(monkeypatch)
    asked: list[list[str]] = []
    real = gitcore.blobs

    def blobs(root: Path, ids: list[str], limit: int) -> dict[str, bytes | None]:
        asked.append(ids)
        return real(root, ids, limit)

    monkeypatch.setattr(gitcore, "blobs", blobs)
    loaded = config.load_config(root=models_repo)
    found = models.read_models(loaded, [f"{MODELS}/auth.md"], models.Version(ref="HEAD"))
    model = found[f"{MODELS}/auth.md"]
    assert isinstance(model, models.Model)
    assert model.owner == "@auth-team"
    assert parses == []
    assert asked == []  # looked up by the id git lists: its contents were not asked for


def test_the_key_is_the_id_git_gives(models_repo: Path) -> None:
    data = (models_repo / MODELS / "auth.md").read_bytes()
    listed = git(models_repo, "hash-object", "--", f"{MODELS}/auth.md").strip()
    assert models.blob_id(data) == listed
    assert models.blob_id(b"") == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"


def test_a_smaller_size_limit_reads_again(
    models_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _read_all(models_repo)
    (models_repo / config.CONFIG_NAME).write_text("max_file_bytes: 100\n", encoding="utf-8")
    loaded = config.load_config(root=models_repo)
    found = models.read_models(loaded, [f"{MODELS}/auth.md"], models.Version(ref="HEAD"))
    unread = found[f"{MODELS}/auth.md"]
    assert isinstance(unread, models.Unread)
    assert "larger than max_file_bytes" in unread.message


def test_a_model_with_a_problem_is_parsed_each_time(
    models_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = models_repo / MODELS / "auth.md"
    text = "---\ntitle: x\n" + MODEL.format(name="auth").split("## Assets")[0]  # read whole
    path.write_text(text, encoding="utf-8")  # its front matter never closed
    first = _read_all(models_repo)
    assert any("TM003" in finding for finding in first[1])
    parses = count_parses(monkeypatch)
    assert _read_all(models_repo) == first
    assert f"{MODELS}/auth.md" in parses


def test_other_metadata_settings_read_again(
    models_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _read_all(models_repo)
    (models_repo / config.CONFIG_NAME).write_text(
        "metadata:\n  - Feature name\n  - name: Owner\n    aliases: [Team]\n", encoding="utf-8"
    )
    parses = count_parses(monkeypatch)
    _read_all(models_repo)
    assert len(parses) == 3


@pytest.mark.parametrize(
    "record",
    [
        pytest.param(["not a mapping"], id="not-a-mapping"),
        pytest.param({"path": "x.md"}, id="no-fields"),
        pytest.param({"path": "x.md", "fields": "Owner"}, id="fields-not-a-list"),
        pytest.param({"fields": [["Owner", "Owner", "@x", 1]]}, id="short"),
        pytest.param({"fields": [["Owner", "Owner", "@x", "1", 1, "section"]]}, id="line-text"),
        pytest.param({"fields": [["Owner", "Owner", "@x", True, 1, "section"]]}, id="line-bool"),
    ],
)
def test_a_record_of_the_wrong_shape_is_parsed_again(
    models_repo: Path, monkeypatch: pytest.MonkeyPatch, record: Any
) -> None:
    first = _read_all(models_repo)
    [path] = [p for p in _records(models_repo.parent / "cache") if p.name.startswith("metadata")]
    stored = json.loads(path.read_text(encoding="utf-8"))
    stored["value"] = dict.fromkeys(stored["value"], record)
    path.write_text(json.dumps(stored), encoding="utf-8")
    parses = count_parses(monkeypatch)
    assert _read_all(models_repo) == first
    assert len(parses) == 3


def _kept(root: Path) -> dict[str, Any]:
    """The metadata record of the cache: the models' entries by blob id."""
    [record] = [p for p in _records(root.parent / "cache") if p.name.startswith("metadata")]
    value: dict[str, Any] = json.loads(record.read_text(encoding="utf-8"))["value"]
    return value


def _edit(root: Path, name: str) -> str:
    """Edit a model; the blob id of what it held before."""
    path = root / MODELS / f"{name}.md"
    before = models.blob_id(path.read_bytes())
    path.write_text(path.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    return before


def test_a_model_read_again_leaves_its_earlier_version(models_repo: Path) -> None:
    _read_all(models_repo)
    old_search = _edit(models_repo, "search")
    _read_all(models_repo)
    kept = _kept(models_repo)
    assert len(kept) == 3
    assert old_search not in kept
    old_auth = _edit(models_repo, "auth")  # a run that reads one model keeps the others
    loaded = config.load_config(root=models_repo)
    models.read_models(loaded, [f"{MODELS}/auth.md"])
    kept = _kept(models_repo)
    assert old_auth not in kept
    assert sorted(entry["path"] for entry in kept.values()) == [
        str(models_repo / MODELS / f"{name}.md") for name in ("auth", "billing", "search")
    ]


def test_the_same_name_in_another_repository_is_another_model(
    models_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = init_repo(tmp_path / "other")
    (other / MODELS).mkdir(parents=True)
    (other / MODELS / "auth.md").write_text(MODEL.format(name="other"), encoding="utf-8")
    _read_all(models_repo)
    _read_all(other)
    parses = count_parses(monkeypatch)
    _read_all(models_repo)
    _read_all(other)
    assert parses == []


def test_a_full_record_keeps_the_last_run(
    models_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _read_all(models_repo)
    monkeypatch.setattr(models, "MAX_KNOWN", 2)
    _edit(models_repo, "search")
    loaded = config.load_config(root=models_repo)
    models.read_models(loaded, [f"{MODELS}/search.md"])  # 3 models known: past the bound
    assert [entry["path"] for entry in _kept(models_repo).values()] == [
        str(models_repo / MODELS / "search.md")
    ]


def test_the_oldest_records_of_a_kind_go(
    tmp_path: Path, place: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "MAX_RECORDS", 3)
    root = tmp_path / "repo"
    cache.store(root, "other", "kept", 0)
    for number in range(5):
        cache.store(root, "kind", f"text {number}", number)
        for record in _records(place):  # each older than the next, whatever the clock says
            if record.name.startswith("kind-"):
                stamp_ns = record.stat().st_mtime_ns - 1_000_000
                os.utime(record, ns=(stamp_ns, stamp_ns))
    assert [cache.load(root, "kind", f"text {n}") for n in range(5)] == [None, None, 2, 3, 4]
    assert cache.load(root, "other", "kept") == 0


def test_the_folder_is_the_user_s_own(tmp_path: Path, place: Path) -> None:
    cache.store(tmp_path / "repo", "kind", "text", 1)
    assert place.stat().st_mode & 0o077 == 0


def test_real_models_read_from_the_cache_say_what_they_said(
    tmp_path: Path, place: Path, monkeypatch: pytest.MonkeyPatch, shared: Path
) -> None:
    """The index and coverage of the 30 real models (each its own area) say the same when
    every model's metadata comes from the cache as when each was parsed."""
    root = init_repo(tmp_path / "repo")
    (root / MODELS).mkdir(parents=True)
    config_lines = ["areas:"]
    corpus = sorted((shared / "corpus" / "real-threat-models").glob("*__*.md"))
    for number, path in enumerate(corpus):
        name = f"model-{number:02d}"
        (root / MODELS / f"{name}.md").write_bytes(path.read_bytes())
        config_lines += [f"  {name}:", f"    paths: [src/{name}/]"]
    (root / config.CONFIG_NAME).write_text("\n".join(config_lines) + "\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "models")
    monkeypatch.chdir(root)
    monkeypatch.setenv("THREAT_MODEL_TODAY", "2026-11-24")
    loaded = config.load_config(root=root)
    names = [f"{MODELS}/model-{n:02d}.md" for n in range(len(corpus))]

    def read() -> tuple[list[Any], dict[str, Any], dict[str, Any]]:
        reporter = Reporter()
        found = index.models_of(loaded, reporter)
        at_head = models.read_models(loaded, names, models.Version(ref="HEAD"))
        return reporter.findings, found, at_head

    first = read()
    assert len(first[1]) == len(corpus) == 30
    parses = count_parses(monkeypatch)
    assert read() == first
    # parsed again: only the models read with a problem (they are not kept)
    troubled = {f.path for f in first[0] if f.code.startswith("TM0")}
    assert troubled  # some of them have a problem (an unclosed fence, front matter)
    assert set(parses) == troubled
    assert len(parses) <= 4 * len(troubled)  # its head, then the whole model; in each read
