"""Writing a file of the repository under ``--fix``: the index's managed table, a model's
trust boundary diagram. A file is written only inside the repository (a symbolic link inside
it is written through, one that leads out of it is refused), in an existing folder, through a
temporary file beside it that replaces it at once; temporary files left by a killed run are
removed on the next one. The text keeps its line endings as given."""

from __future__ import annotations

import os
import re
import stat
import tempfile
from pathlib import Path

from hooks.core import files
from hooks.core.config import Config
from hooks.core.links import real_target
from hooks.core.output import printable

TEMPORARY = "threat-model-fix"  # in the temporary files' names: .INDEX.md.<this>.xxxxxxxx.tmp

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def split_lines(text: str) -> list[str]:
    """Lines with their endings, broken where the Markdown reader breaks them: at ``\\n``,
    ``\\r\\n`` and a lone ``\\r`` only (``str.splitlines`` also breaks at form feeds and
    Unicode separators)."""
    return _LINE.findall(text)


def newline_of(text: str) -> str:
    """The line ending a text uses: ``\\r\\n`` when it has any, ``\\r`` when it has only
    those, else ``\\n``."""
    if "\r\n" in text:
        return "\r\n"
    return "\r" if "\r" in text and "\n" not in text else "\n"


class Refused(Exception):
    """Why ``--fix`` writes nothing (the message follows ``cannot write <file>: ``)."""


def real_file(config: Config, relpath: str) -> Path:
    """The real path of the repository file ``relpath``, the file ``--fix`` reads and writes:
    a symbolic link inside the repository is written through (it stays a link), one that
    leads out of it (or a folder on the way that does) is refused, as is a loop of links or a
    folder."""
    real = real_target(config.root, relpath)
    if real is None:
        raise Refused(
            "it leads out of the repository through a symbolic link; --fix writes only inside"
            " the repository"
        )
    if real.is_symlink():
        raise Refused("it is a loop of symbolic links")
    if real.exists() and not real.is_file():
        raise Refused("it is not a file")
    return real


def writable(config: Config, real: Path, key: str = "index") -> None:
    """Refuse to write the file at ``real`` when its folder is missing (``--fix`` creates no
    folder; ``key`` is the configuration key that names the file) or the file is read-only."""
    folder = real.parent
    if not folder.is_dir():
        inner = folder.relative_to(real_target(config.root, "") or config.root).as_posix()
        name = printable(files.as_cwd_path(config, inner))
        if folder.exists():
            raise Refused(f"{name} is not a folder")
        raise Refused(
            f"its folder {name} does not exist; --fix creates no folder (create it, or correct"
            f" '{key}' in the configuration)"
        )
    if real.exists() and _read_only(real):
        raise Refused("it is read-only; make it writable, or update it by hand")


def _read_only(path: Path) -> bool:
    """Whether a file is read-only: no write permission for anyone (even for a superuser, who
    may write it anyway), or none for this user."""
    return not path.stat().st_mode & 0o222 or not os.access(path, os.W_OK)


def _leftover(name: str) -> re.Pattern[str]:
    """The names of the temporary files ``--fix`` writes beside the file ``name`` (mkstemp's
    eight characters between a recognisable prefix and ``.tmp``)."""
    return re.compile(rf"\.{re.escape(name)}\.{TEMPORARY}\.[a-z0-9_]{{8}}\.tmp")


def clean_leftovers(path: Path) -> None:
    """Remove the temporary files a ``--fix`` killed while writing ``path`` left beside it:
    regular files named as :func:`write_atomically` names them, and nothing else."""
    pattern = _leftover(path.name)
    try:
        names = os.listdir(path.parent)
    except OSError:
        return
    for name in names:
        if pattern.fullmatch(name):
            leftover = path.parent / name
            try:
                if stat.S_ISREG(leftover.lstat().st_mode):
                    leftover.unlink()
            except OSError:
                continue


def write_atomically(path: Path, data: str) -> None:
    """Write ``data`` to ``path`` (in an existing folder) through a temporary file beside it,
    synced to the disk before it replaces the file: a reader sees the old file or the new
    one, and a crash leaves one or the other. The file keeps its permissions; a new file gets
    those ``open`` would give it."""
    handle, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.{TEMPORARY}.", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, path.stat().st_mode & 0o7777 if path.exists() else _new_file_mode())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def _new_file_mode() -> int:
    """The mode a new file gets from ``open``: ``0o666`` less the process's umask (``mkstemp``
    creates its file ``0o600``, which would hide a new index from the rest of the team)."""
    mask = os.umask(0o022)  # the only way to read the umask is to set it; it is set back
    os.umask(mask)
    return 0o666 & ~mask


def _sync_folder(folder: Path) -> None:
    """Sync a folder, so that a rename in it reaches the disk (POSIX; elsewhere a no-op)."""
    if os.name != "posix":
        return
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


__all__ = [
    "TEMPORARY",
    "Refused",
    "clean_leftovers",
    "newline_of",
    "real_file",
    "split_lines",
    "writable",
    "write_atomically",
]
