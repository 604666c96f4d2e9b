"""What every entry point shares (hooks.core.runner): the width of its help."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        pytest.param("120", 120, id="columns"),
        pytest.param("0", None, id="zero"),
        pytest.param("wide", None, id="not-a-number"),
        pytest.param(None, None, id="unset"),
    ],
)
def test_the_help_is_as_wide_as_shutil_finds_the_terminal(
    monkeypatch: pytest.MonkeyPatch, columns: str | None, expected: int | None
) -> None:
    import shutil

    from hooks.core.runner import terminal_width

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    # otherwise the terminal's width, or 80 when there is none (pytest captures the output)
    assert terminal_width() == shutil.get_terminal_size().columns
    if expected is not None:
        assert terminal_width() == expected
