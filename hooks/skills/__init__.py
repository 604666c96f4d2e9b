"""Prompts for coding agents that the project ships, and where ``threat-model init`` installs
them.

``review.md`` is the canonical text of the review skill: tool-neutral, it is also
``docs/review-prompt.md``; the Claude Code command is the same text after a front matter that
names the command's tools. A test keeps the three identical.
"""

from __future__ import annotations

from importlib import resources

CLAUDE_COMMAND = ".claude/commands/review-threat-model.md"
CLAUDE_FRONT_MATTER = """\
---
description: Review this change against its threat models and draft the model updates
argument-hint: "[base branch]"
allowed-tools: Bash(threat-model review:*), Read
---

"""


def review_prompt() -> str:
    """The review skill, tool-neutral."""
    return resources.files(__package__).joinpath("review.md").read_text(encoding="utf-8")


def claude_command() -> str:
    """The review skill as a Claude Code command file."""
    return CLAUDE_FRONT_MATTER + review_prompt()


INSTALLS = {CLAUDE_COMMAND: claude_command}  # repository path -> its text
