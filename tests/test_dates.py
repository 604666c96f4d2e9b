"""Reading Last updated dates: strict, with a hint for every rejected form."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hooks.core.dates import check_not_future, parse_date, today

D = dt.date


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        pytest.param("2025-12-06", D(2025, 12, 6), id="iso"),
        pytest.param("**2025-12-06**", D(2025, 12, 6), id="bold"),
        pytest.param("`2025-1-5`", D(2025, 1, 5), id="code-span-single-digits"),
        pytest.param("2025-12-06T10:00:00Z", D(2025, 12, 6), id="iso-time-utc"),
        pytest.param(
            "2025-12-06T23:59:59.123+05:30", D(2025, 12, 6), id="iso-time-fraction-offset"
        ),
        pytest.param("2025-12-06 08:15", D(2025, 12, 6), id="date-and-time"),
        pytest.param("2025-12-06T00:00-0800", D(2025, 12, 6), id="iso-time-compact-offset"),
        pytest.param(
            "2025-12-06 (after the pen test)", D(2025, 12, 6), id="trailing-note-in-parentheses"
        ),
        pytest.param(
            "2025-12-06 - reviewed by @sec", D(2025, 12, 6), id="trailing-note-after-a-dash"
        ),
        pytest.param("2025/12/06", D(2025, 12, 6), id="slashes-year-first"),
        pytest.param("2025.12.06", D(2025, 12, 6), id="dots-year-first"),
        pytest.param("13/04/2025", D(2025, 4, 13), id="day-first-unambiguous"),
        pytest.param("04/13/2025", D(2025, 4, 13), id="month-first-unambiguous"),
        pytest.param("05/05/2025", D(2025, 5, 5), id="same-day-and-month"),
        pytest.param("6 December 2025", D(2025, 12, 6), id="day-month-year-words"),
        pytest.param("December 6th, 2025", D(2025, 12, 6), id="month-day-ordinal"),
        pytest.param("Dec 6, 2025", D(2025, 12, 6), id="abbreviated-month"),
        pytest.param(
            "Dec 6,  2025, reviewed by @sec", D(2025, 12, 6), id="abbreviated-month-and-note"
        ),
        pytest.param("2025-12-06; see SEC-1", D(2025, 12, 6), id="trailing-note-after-a-semicolon"),
    ],
)
def test_real_dates(written: str, expected: dt.date) -> None:
    assert parse_date(written).value == expected


@pytest.mark.parametrize(
    ("written", "code", "message", "hint"),
    [
        pytest.param(
            "2025-02-30", "TM105", "February 2025 has 28 days", "YYYY-MM-DD", id="TM105-february-30"
        ),
        pytest.param(
            "2024-13-01", "TM105", "there is no month 13", "YYYY-MM-DD", id="TM105-month-13"
        ),
        pytest.param(
            "31/02/2025",
            "TM105",
            "February 2025 has 28 days",
            "YYYY-MM-DD",
            id="TM105-february-31-day-first",
        ),
        pytest.param(
            "03/04/2025",
            "TM106",
            "ambiguous",
            "2025-04-03 or 2025-03-04",
            id="TM106-day-or-month-first",
        ),
        pytest.param(
            "03/04/25", "TM106", "two-digit year", "YYYY-MM-DD", id="TM106-two-digit-year"
        ),
        pytest.param("2025-03", "TM105", "has no day", "YYYY-MM-DD", id="TM105-no-day"),
        pytest.param("Q1 2025", "TM105", "has no day", "YYYY-MM-DD", id="TM105-quarter"),
        pytest.param("March 2025", "TM105", "has no day", "YYYY-MM-DD", id="TM105-month-in-words"),
        pytest.param(
            "31 February 2025",
            "TM105",
            "not a real date",
            "YYYY-MM-DD",
            id="TM105-february-31-in-words",
        ),
        pytest.param("last week", "TM105", "is not a date", "YYYY-MM-DD", id="TM105-words"),
        pytest.param(
            "2025" + " " * 100_000 + "x",
            "TM105",
            "is not a date (too long)",
            "YYYY-MM-DD",
            id="TM105-too-long",
        ),
        pytest.param("", "TM105", "is not a date", "YYYY-MM-DD", id="TM105-empty"),
        pytest.param(
            "0000-01-01", "TM105", "there is no year 0", "YYYY-MM-DD", id="TM105-year-0-iso"
        ),
        pytest.param(
            "0000/01/01", "TM105", "there is no year 0", "YYYY-MM-DD", id="TM105-year-0-slashes"
        ),
        pytest.param(
            "01/13/0000", "TM105", "there is no year 0", "YYYY-MM-DD", id="TM105-year-0-month-first"
        ),
        pytest.param(
            "Jan 1 0000", "TM105", "there is no year 0", "YYYY-MM-DD", id="TM105-year-0-in-words"
        ),
        pytest.param(
            "2025-12-06T25:99:00",
            "TM105",
            "there is no time 25:99",
            "YYYY-MM-DD",
            id="TM105-hour-25",
        ),
        pytest.param(
            "2025-12-06T23:60",
            "TM105",
            "there is no time 23:60",
            "YYYY-MM-DD",
            id="TM105-minute-60",
        ),
        pytest.param(
            "2025-12-06T10:00:61Z",
            "TM105",
            "there is no time 10:00:61",
            "YYYY-MM-DD",
            id="TM105-second-61",
        ),
        pytest.param(
            "2025-12-06T10:00+25:00",
            "TM105",
            "no time zone +25:00",
            "YYYY-MM-DD",
            id="TM105-offset-25-hours",
        ),
        pytest.param(
            "2025-12-06T1:2:3", "TM105", "is not a date", "YYYY-MM-DD", id="TM105-single-digit-time"
        ),
    ],
)
def test_rejected_dates_say_why(written: str, code: str, message: str, hint: str) -> None:
    reading = parse_date(written)
    assert reading.value is None
    assert reading.code == code
    assert message in reading.message
    assert hint in reading.hint


@pytest.mark.parametrize(
    ("value", "future"),
    [
        pytest.param(D(2026, 11, 24), False, id="today"),
        pytest.param(D(2026, 11, 25), False, id="tomorrow"),
        pytest.param(D(2026, 11, 26), True, id="day-after-tomorrow"),
    ],
)
def test_future_dates_allow_one_day_for_time_zones(value: dt.date, future: bool) -> None:
    reading = check_not_future(value, value.isoformat(), now=D(2026, 11, 24))
    assert (reading.value is None) is future
    if future:
        assert reading.code == "TM107"
        assert "today is 2026-11-24" in reading.message


@pytest.mark.parametrize(
    ("pinned", "expected"),
    [
        pytest.param("2026-11-24", D(2026, 11, 24), id="pinned"),
        pytest.param(" 9000-12-31 ", D(9000, 12, 31), id="pinned-with-spaces"),
        pytest.param("", None, id="not-pinned"),  # the clock's today, read when the test runs
    ],
)
def test_today_can_be_pinned(
    monkeypatch: pytest.MonkeyPatch, pinned: str, expected: dt.date | None
) -> None:
    monkeypatch.setenv("THREAT_MODEL_TODAY", pinned)
    assert today() == (expected or dt.date.today())
    monkeypatch.delenv("THREAT_MODEL_TODAY")
    assert today() == dt.date.today()


@pytest.mark.parametrize(
    ("pinned", "message"),
    [
        pytest.param("not a date", "'not a date' is not a real date written YYYY-MM-DD", id="text"),
        pytest.param("2026-02-30", "is not a real date", id="impossible"),
        pytest.param("20261124", "is not a real date", id="compact"),
        pytest.param("2026-W48-2", "is not a real date", id="week"),
        pytest.param(
            "9999-12-31",
            "'9999-12-31' is out of range: the latest date it may pin is 9000-12-31",
            id="too-late",
        ),
    ],
)
def test_a_pinned_today_that_is_no_usable_date_is_an_error(
    monkeypatch: pytest.MonkeyPatch, pinned: str, message: str
) -> None:
    from hooks.core.dates import TodayError

    monkeypatch.setenv("THREAT_MODEL_TODAY", pinned)
    with pytest.raises(TodayError) as caught:
        today()
    assert message in str(caught.value)


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(["hooks", "check"], id="check"),
        pytest.param(["hooks", "index", "--fix"], id="index"),
        pytest.param(["hooks", "coverage", "--all"], id="coverage"),
        pytest.param(["hooks.check_threat_model_sections"], id="sections"),
    ],
)
@pytest.mark.parametrize("pinned", ["9999-12-31", "soon"])
def test_every_command_exits_2_on_a_pinned_today_it_cannot_use(
    tmp_path: Path, command: list[str], pinned: str
) -> None:
    root = Path(__file__).resolve().parent.parent
    shutil.copytree(root / "examples/demo", tmp_path / "demo")
    subprocess.run(["git", "init", "-q", str(tmp_path / "demo")], check=True)
    done = subprocess.run(
        [sys.executable, "-m", *command],
        cwd=tmp_path / "demo",
        env={**os.environ, "PYTHONPATH": str(root), "THREAT_MODEL_TODAY": pinned},
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith("THREAT_MODEL_TODAY: configuration error: ")
    assert "Traceback" not in done.stderr


def test_a_hook_exits_2_on_a_pinned_today_it_cannot_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from hooks import check_threat_model_sections

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("THREAT_MODEL_TODAY", "2026-13-01")
    assert check_threat_model_sections.main([]) == 2
    assert capsys.readouterr().err == (
        "THREAT_MODEL_TODAY: configuration error: '2026-13-01' is not a real date written"
        " YYYY-MM-DD\n"
    )


def test_the_days_of_every_month_are_calendar_s() -> None:
    import calendar

    from hooks.core.dates import _MONTH_NAMES, days_in

    for year in (1, 1900, 2000, 2023, 2024, 2100, 9999):
        for month in range(1, 13):
            assert days_in(year, month) == calendar.monthrange(year, month)[1], (year, month)
    assert list(_MONTH_NAMES) == [calendar.month_name[m] for m in range(1, 13)]  # C locale
