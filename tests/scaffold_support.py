"""Repositories and helpers for the tests of ``threat-model init`` and ``threat-model new``."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import git, init_repo

TODAY = "2026-11-24"
MODELS = "docs/security/threat-models"
SOURCES = ("src/auth/login.py", "src/payments/pay.py", "services/search/query.py")

# What a team writes in place of the template's placeholders (the metadata is new's).
FILLED_BODY = """\
## Assets

User credentials and session tokens.

## Entry points

The login form and the token refresh API.

## Trust boundaries

| Boundary | What crosses | Authentication | Data sensitivity | Direction of trust |
| --- | --- | --- | --- | --- |
| Browser -> API | credentials | password | confidential | the API trusts no client |

## Threats

### Spoofing
- T1: an attacker replays a stolen session token to act as the user.
### Tampering
- T2: an attacker alters the token's claims to widen their access.
### Repudiation
- T3: a user denies a login; no audit log shows it.
### Information disclosure
- T4: error messages reveal which user names exist.
### Denial of service
- T5: a password-guessing flood locks users out.
### Elevation of privilege
- T6: a user edits their role in the profile form.
### Supply chain & delivery
- T7: a compromised dependency reads passwords.
### Abuse & misuse
- T8: credential stuffing with leaked passwords.
### Data safeguards
- T9: passwords stored in plain text.

## Mitigations

| Threat | Mitigation | Status |
| --- | --- | --- |
| T1 | short-lived tokens bound to the client | Implemented |
| T2 | signed tokens, verified on every request | Implemented |
| T3 | an audit log of logins | Planned |
| T4 | one error message for every failed login | Implemented |
| T5 | rate limits per account and per address | In progress |
| T6 | roles set only by administrators | Implemented |
| T7 | pinned, reviewed dependencies | Implemented |
| T8 | breached-password checks | Planned |
| T9 | passwords hashed with Argon2 | Implemented |

## Residual risk

Phishing remains; accepted by the owner. Follow-up: WebAuthn.
"""


def write(root: Path, relpath: str, text: str | bytes) -> Path:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


def app_repo(root: Path, forge: str = "none") -> Path:
    """An application repository with source folders, set up for a forge: ``github`` (a
    ``.github`` folder), ``github-remote``, ``gitlab`` (a ``.gitlab-ci.yml``),
    ``gitlab-remote`` or ``none``."""
    init_repo(root)
    for relpath in SOURCES:
        write(root, relpath, "x = 1\n")
    if forge == "github":
        write(root, ".github/dependabot.yml", "version: 2\n")
    elif forge == "gitlab":
        write(root, ".gitlab-ci.yml", "test:\n  script: [make test]\n")
    elif forge == "github-remote":
        git(root, "remote", "add", "origin", "git@github.com:acme/shop.git")
    elif forge == "gitlab-remote":
        git(root, "remote", "add", "origin", "https://gitlab.example.com/acme/shop.git")
    return root


def tree(root: Path) -> dict[str, bytes | str]:
    """Every file below ``root`` but ``.git``: its bytes, or where a symbolic link points."""
    found: dict[str, bytes | str] = {}
    for path in sorted(root.rglob("*")):
        relpath = path.relative_to(root).as_posix()
        if relpath == ".git" or relpath.startswith(".git/"):
            continue
        if path.is_symlink():
            found[relpath] = f"-> {path.readlink()}"
        elif path.is_file():
            found[relpath] = path.read_bytes()
        else:
            found[relpath] = "folder"
    return found


def fill_model(path: Path) -> None:
    """Replace everything from the Assets section on with a team's real content."""
    text = path.read_text(encoding="utf-8")
    head = text[: text.index("## Assets")]
    path.write_text(head + FILLED_BODY, encoding="utf-8")


def placeholder_lines(text: str) -> set[int]:
    """Lines that hold a template placeholder, and the headings of sections whose whole
    body is placeholders (an empty section, to the sections check): table header and
    delimiter rows around placeholder rows hold nothing either."""
    lines = text.splitlines()
    marked = {n for n, line in enumerate(lines, 1) if re.search(r"<[^<>]+>|YYYY-MM-DD", line)}
    delimiters = {n for n, line in enumerate(lines, 1) if re.fullmatch(r"\|[\s|:-]+\|", line)}
    structure = delimiters | {n - 1 for n in delimiters}
    for number, line in enumerate(lines, 1):
        if not line.startswith("## "):
            continue
        body: list[int] = []
        for after, following in enumerate(lines[number:], number + 1):
            if following.startswith("## "):
                break
            if following.strip():
                body.append(after)
        if body and all(n in marked or n in structure for n in body):
            marked.add(number)
    return marked
