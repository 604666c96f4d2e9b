"""Writing into the repository for ``init`` and ``new``: never over an existing file (except
the edits their callers ask for), never through a symbolic link out of the repository,
always atomically (a temporary file in the same folder, then ``os.replace``), and saying
what was done, one line per file."""

from __future__ import annotations

import os
import secrets
import sys
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import TextIO

from hooks.core import paths
from hooks.core.config import Config, ConfigError, load_config
from hooks.core.git import GitError, git
from hooks.core.output import printable

MAX_EDIT_BYTES = 1024 * 1024  # files edited in place (configurations, templates) are small
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


_DONE = {"append to": "appended to", "update": "updated"}


class CannotWrite(Exception):
    """A file that is not to be written or edited; the message says why, after its path."""


def bundled(name: str) -> str:
    """A file bundled with the package, from ``hooks/data``."""
    return resources.files("hooks").joinpath("data").joinpath(name).read_text(encoding="utf-8")


def top_level(start: Path | None = None) -> Path | None:
    """The top level of the git work tree holding ``start`` (the current folder), resolved;
    ``None`` outside one."""
    try:
        output = git(start or Path.cwd(), "rev-parse", "--show-toplevel")
    except GitError:
        return None
    text = output.decode("utf-8", "surrogateescape").rstrip("\n")
    return Path(text).resolve() if text else None


def newline_of(text: str) -> str:
    """The line ending a text uses (``\\r\\n`` when it has any), for lines added to it."""
    return "\r\n" if "\r\n" in text else "\n"


def why_outside(root: Path, relpath: str) -> str | None:
    """Why ``relpath`` is not a place inside the repository ``root`` (resolved) to write to:
    it leaves it by ``..`` or an absolute path, or leads out of it, or nowhere, or into a git
    folder (``.git``), through a symbolic link; ``None`` when it stays inside."""
    pure = PurePosixPath(relpath)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        return "is outside the repository"
    try:
        real = (root / relpath).resolve()
    except (OSError, RuntimeError):  # a loop, before Python 3.13
        return "is a loop of symbolic links"
    if not real.is_relative_to(root):
        return "leads out of the repository through a symbolic link"
    try:
        paths.check_place(root, relpath)
    except ValueError:
        return "leads into a git folder"
    return None


def write_atomically(path: Path, text: str, mode: int | None = None) -> None:
    """Write ``text`` as UTF-8 (line endings as given) through a temporary file in the same
    folder, renamed over ``path``; ``mode`` keeps an edited file's permissions."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    handle = os.open(temporary, flags, 0o666)  # the umask applies, as to any new file
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


class Session:
    """One run of ``init`` or ``new``: the repository root, whether this is a dry run, what
    it printed and whether anything could not be written."""

    def __init__(self, root: Path, prog: str, dry_run: bool, out: TextIO | None = None) -> None:
        self.root = root
        self.prog = prog
        self.dry_run = dry_run
        self.out = out or sys.stdout
        self.failed = False
        self.notes: list[str] = []

    def say(self, line: str) -> None:
        print(printable(line), file=self.out)

    def note(self, text: str) -> None:
        """A note for the end of the output, after the lines about files."""
        self.notes.append(text)

    def error(self, relpath: str, why: str) -> None:
        """Something could not be written: say so on standard error, and fail the run."""
        self.failed = True
        print(f"{self.prog}: {printable(relpath)}: {why}", file=sys.stderr)

    def exists(self, relpath: str) -> bool:
        return os.path.lexists(self.root / relpath)

    def read(self, relpath: str) -> str | None:
        """The text of an existing file to edit, ``None`` when there is none. Raises
        :class:`CannotWrite` for a file that is not to be edited: outside the repository, a
        symbolic link, not a regular file, too large or not UTF-8."""
        why = why_outside(self.root, relpath)
        if why is not None:
            raise CannotWrite(why)
        path = self.root / relpath
        if path.is_symlink():
            raise CannotWrite("is a symbolic link; it is not edited")
        if not path.exists():
            return None
        if not path.is_file():
            raise CannotWrite("is not a file")
        with path.open("rb") as stream:
            data = stream.read(MAX_EDIT_BYTES + 1)
        if len(data) > MAX_EDIT_BYTES:
            raise CannotWrite(f"is larger than {MAX_EDIT_BYTES // 1024} KiB; it is not edited")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CannotWrite(f"is not valid UTF-8 (byte {exc.start}); it is not edited") from None

    def create(self, relpath: str, text: str) -> bool:
        """Create a file that does not exist; an existing one is kept (``skipped``). Whether
        the file is (or, in a dry run, would be) created."""
        if self.exists(relpath):
            self.say(f"skipped {relpath} (exists)")
            return False
        why = why_outside(self.root, relpath)
        if why is not None:
            self.error(relpath, f"{why}; it is not written")
            return False
        if self.dry_run:
            self.say(f"would create {relpath}")
            return True
        try:
            write_atomically(self.root / relpath, text)
        except OSError as exc:
            self.error(relpath, f"cannot write: {exc.strerror or exc}")
            return False
        self.say(f"created {relpath}")
        return True

    def replace(self, relpath: str, text: str, verb: str) -> bool:
        """Write the edited text of an existing file (read by :meth:`read`), keeping its
        permissions; ``verb`` says what is done: ``append to`` or ``update``."""
        path = self.root / relpath
        if self.dry_run:
            self.say(f"would {verb} {relpath}")
            return True
        try:
            write_atomically(path, text, path.stat().st_mode & 0o7777)
        except OSError as exc:
            self.error(relpath, f"cannot write: {exc.strerror or exc}")
            return False
        self.say(f"{_DONE[verb]} {relpath}")
        return True

    def finish(self) -> int:
        """Print the notes; the exit status."""
        for text in self.notes:
            self.say(f"note: {text}")
        return EXIT_FAILED if self.failed else EXIT_OK


def start(prog: str, dry_run: bool) -> tuple[Session, Config] | int:
    """The session and configuration of a run at the top level of the current folder's git
    work tree, or the exit status after saying why there is none."""
    root = top_level()
    if root is None:
        print(f"{prog}: not inside a git repository (run git init first)", file=sys.stderr)
        return EXIT_USAGE
    try:
        config = load_config(root=root)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    return Session(root, prog, dry_run), config
