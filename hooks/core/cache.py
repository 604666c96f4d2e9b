"""What the hooks keep between runs, so that a commit does not work out again what no change
has touched: the loaded configuration, and the metadata of each model by its content.

pre-commit starts every hook as a new process on every commit; most of a hook's time goes to
reading YAML and Markdown whose text has not changed since the last run. Each record is a JSON
file in the user's cache folder (``$THREAT_MODEL_CACHE_DIR``, else
``$XDG_CACHE_HOME/threat-model-hooks``, else ``~/.cache/threat-model-hooks``: beside
pre-commit's own cache, which holds the hooks' code) and is used only when it was written by
this very code (:func:`stamp`) from the very text now read: a record states the text it was
made from, and a record of any other text is not a hit. So a record can make a run faster,
never make it say anything else.

``THREAT_MODEL_NO_CACHE`` (any value but empty) turns the cache off. A cache folder inside
the checked repository is not used: a commit could carry records into it. A record that cannot
be read or written is ignored; the run goes on as if there were none.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import math
import os
import zlib
from pathlib import Path
from typing import Any

import hooks

FOLDER_VARIABLE = "THREAT_MODEL_CACHE_DIR"
OFF_VARIABLE = "THREAT_MODEL_NO_CACHE"
MAX_RECORD_BYTES = 64 * 1024 * 1024  # a record larger than this is not read
_CODE = Path(__file__).resolve().parent  # hooks/core: the reader and what it reads with

_GITIGNORE = "# made by threat-model-hooks: a cache, never to be committed\n*\n"
_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by threat-model-hooks.\n"
)


def folder(root: Path) -> Path | None:
    """The cache folder, or ``None`` when the cache is off or the folder lies inside ``root``
    (the checked repository)."""
    if os.environ.get(OFF_VARIABLE):
        return None
    given = os.environ.get(FOLDER_VARIABLE)
    if given:
        place = Path(given)
    else:
        base = os.environ.get("XDG_CACHE_HOME", "")
        if not os.path.isabs(base):  # the XDG base folder specification ignores relative ones
            base = os.path.join(os.path.expanduser("~"), ".cache")
        place = Path(base, "threat-model-hooks")
    real, top = os.path.realpath(place), os.path.realpath(root)
    if real == top or real.startswith(top.rstrip(os.sep) + os.sep):
        return None
    return place


_STAMP: list[str] = []


def stamp() -> str:
    """What the records of this code are known by: the package's version, the size and
    modification time of each of its core modules (a change to the reader, even in an
    editable install, makes every earlier record a miss), and of the modules of the readers
    it uses, mistune and PyYAML (found, not imported), should either be upgraded in place."""
    if not _STAMP:
        parts = [hooks.__version__]
        for base in (_CODE, _CODE / "content"):
            with os.scandir(base) as entries:
                for entry in sorted(entries, key=lambda e: e.name):
                    if entry.name.endswith(".py"):
                        found = entry.stat()
                        parts.append(f"{entry.name}:{found.st_size}:{found.st_mtime_ns}")
        for name in _READERS:
            spec = importlib.util.find_spec(name)
            if spec is not None and spec.origin is not None:
                found = os.stat(spec.origin)
                parts.append(f"{spec.origin}:{found.st_size}:{found.st_mtime_ns}")
        _STAMP.append("\n".join(parts))
    return _STAMP[0]


_READERS = ("mistune", "yaml")


def _path(place: Path, kind: str, text: str) -> Path:
    return place / f"{kind}-{zlib.crc32(text.encode('utf-8', 'surrogatepass')):08x}.json"


def load(root: Path, kind: str, text: str) -> Any:
    """The value recorded for ``text`` (what it was made from) by this code, else ``None``."""
    place = folder(root)
    if place is None:
        return None
    try:
        with _path(place, kind, text).open("rb") as handle:
            data = handle.read(MAX_RECORD_BYTES + 1)
        if len(data) > MAX_RECORD_BYTES:
            return None
        record = json.loads(data)
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(record, dict) or record.get("stamp") != stamp():
        return None
    if record.get("text") != text:
        return None
    return record.get("value")


def store(root: Path, kind: str, text: str, value: Any) -> None:
    """Record ``value`` as what this code made of ``text``; written whole or not at all."""
    place = folder(root)
    if place is None:
        return
    path = _path(place, kind, text)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        if not place.is_dir():
            place.mkdir(mode=0o700, parents=True, exist_ok=True)  # the user's own
            (place / ".gitignore").write_text(_GITIGNORE, encoding="utf-8")
            (place / "CACHEDIR.TAG").write_text(_TAG, encoding="utf-8")
        data = json.dumps({"stamp": stamp(), "text": text, "value": value}, ensure_ascii=False)
        with temporary.open("w", encoding="utf-8", errors="surrogatepass") as handle:
            handle.write(data)
        os.replace(temporary, path)
        _prune(place, kind, path)
    except (OSError, ValueError, TypeError, RecursionError):
        with contextlib.suppress(OSError):
            temporary.unlink()


MAX_RECORDS = 64  # of one kind: each configuration a repository had leaves one


def _prune(place: Path, kind: str, kept: Path) -> None:
    """Remove the records of ``kind`` beyond the :data:`MAX_RECORDS` newest (``kept`` is one
    of those, just written)."""
    with os.scandir(place) as entries:
        found = [
            (entry.stat().st_mtime_ns, entry.path)
            for entry in entries
            if entry.name.startswith(f"{kind}-") and entry.name.endswith(".json")
        ]
    if len(found) <= MAX_RECORDS:
        return
    found.sort(reverse=True)
    for _, path in found[MAX_RECORDS:]:
        if path != str(kept):
            with contextlib.suppress(OSError):
                os.unlink(path)


def plain(value: Any, depth: int = 0) -> bool:
    """Whether JSON holds ``value`` exactly: mappings of string keys, lists, strings, whole
    numbers, finite numbers, booleans and ``None`` (not dates, sets or bytes, which YAML can
    give and JSON would change)."""
    if depth > 64:
        return False
    kind = type(value)
    if kind is dict:
        return all(type(k) is str and plain(v, depth + 1) for k, v in value.items())
    if kind is list:
        return all(plain(item, depth + 1) for item in value)
    if kind is float:
        return math.isfinite(value)
    return kind in (str, int, bool) or value is None
