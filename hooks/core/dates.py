"""Reading the dates people write in ``Last updated`` fields, strictly."""

from __future__ import annotations

import datetime as dt
import os
import re
from typing import NamedTuple

from hooks.core.findings import shorten

TODAY_ENV = "THREAT_MODEL_TODAY"
FUTURE_GRACE = dt.timedelta(days=1)  # a Last updated date may be tomorrow: time zones

_ISO = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$"
)
_YMD = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$")
_PARTIAL = re.compile(r"^\d{4}(?:-\d{1,2})?$|^Q[1-4]\s+\d{4}$", re.IGNORECASE)
_MONTHS = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b", re.IGNORECASE
)
_YEAR = re.compile(r"\b\d{4}\b")
# Where a note after the date starts: " (after the pen test)", ", reviewed by", " - by @sec".
# Matching only at the start of a run of spaces keeps the search linear.
_TRAILER = re.compile(r"(?<!\s)(?:\s+\(|\s*[,;]\s+(?=[^\d\s])|\s+[-\u2013\u2014]\s+)")
MAX_DATE_CHARS = 64


class DateReading(NamedTuple):
    """A parsed date, or the rule code, message and hint that say why it is not one."""

    value: dt.date | None
    code: str = ""
    message: str = ""
    hint: str = ""


MAX_TODAY = dt.date(9000, 12, 31)  # so that a date and a staleness budget stay a date
_PINNED = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class TodayError(ValueError):
    """``THREAT_MODEL_TODAY`` is not a date the checks can use; the message says why."""


def today() -> dt.date:
    """Today's date; ``THREAT_MODEL_TODAY=YYYY-MM-DD`` pins it for reproducible runs, from
    0001-01-01 to :data:`MAX_TODAY` (:class:`TodayError` otherwise)."""
    pinned = os.environ.get(TODAY_ENV, "").strip()
    if not pinned:
        return dt.date.today()
    try:
        if not _PINNED.match(pinned):
            raise ValueError
        value = dt.date.fromisoformat(pinned)
    except ValueError:
        raise TodayError(f"{pinned!r} is not a real date written YYYY-MM-DD") from None
    if value > MAX_TODAY:
        raise TodayError(f"{pinned!r} is out of range: the latest date it may pin is {MAX_TODAY}")
    return value


_ISO_HINT = "write the date as YYYY-MM-DD (ISO 8601)"


_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)  # in English whatever the locale (calendar's names follow it, and it loads locale)


def days_in(year: int, month: int) -> int:
    """How many days a month of the proleptic Gregorian calendar has."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _unreal(written: str, why: str) -> DateReading:
    return DateReading(None, "TM105", f"{written!r} is not a real date ({why})", _ISO_HINT)


def _real(year: int, month: int, day: int, written: str) -> DateReading:
    if year < dt.MINYEAR:
        return _unreal(written, "there is no year 0")
    if not 1 <= month <= 12:
        return _unreal(written, f"there is no month {month}")
    last = days_in(year, month)
    if not 1 <= day <= last:
        return _unreal(written, f"{_MONTH_NAMES[month - 1]} {year} has {last} days")
    return DateReading(dt.date(year, month, day))


def _real_time(hour: str, minute: str, second: str | None) -> bool:
    return int(hour) <= 23 and int(minute) <= 59 and int(second or 0) <= 59


def parse_date(written: str) -> DateReading:
    """Read a date strictly: ISO 8601 is recommended; numeric day/month forms that could be read
    both ways (``03/04/2025``) are rejected, as are impossible dates (``2025-02-30``) and times
    (``T25:99``)."""
    text = written.strip().strip("*_`").strip()
    trailer = _TRAILER.search(text)
    text = text[: trailer.start()] if trailer and trailer.start() else text
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1].rstrip()  # "2026-06-02." closes a sentence
    if len(text) > MAX_DATE_CHARS:
        return DateReading(
            None, "TM105", f"{shorten(text, 32)!r} is not a date (too long)", _ISO_HINT
        )
    match = _ISO.match(text)
    if match:
        year, month, day, hour, minute, second, zone = match.groups()
        if hour is not None and not _real_time(hour, minute, second):
            shown = ":".join(part for part in (hour, minute, second) if part)
            return _unreal(text, f"there is no time {shown}")
        if zone not in (None, "Z") and not _real_time(zone[1:3], zone[-2:], None):
            return _unreal(text, f"there is no time zone {zone}")
        return _real(int(year), int(month), int(day), text)
    match = _YMD.match(text)
    if match:
        year, month, day = match.groups()
        return _real(int(year), int(month), int(day), text)
    match = _NUMERIC.match(text)
    if match:
        first, second, year_text = match.groups()
        a, b, year = int(first), int(second), int(year_text)
        if len(year_text) == 2:
            return DateReading(None, "TM106", f"{text!r} has a two-digit year", _ISO_HINT)
        if a <= 12 and b <= 12 and a != b:
            return DateReading(
                None,
                "TM106",
                f"{text!r} is ambiguous: day/month or month/day?",
                f"write it as {year:04d}-{b:02d}-{a:02d} or {year:04d}-{a:02d}-{b:02d} (ISO 8601)",
            )
        day, month = (a, b) if a > 12 else (b, a)
        return _real(year, month, day, text)
    if _PARTIAL.match(text):
        return DateReading(
            None, "TM105", f"{text!r} is not a full date (it has no day)", "write YYYY-MM-DD"
        )
    if _MONTHS.search(text) and _YEAR.search(text):
        if re.search(r"\b\d{1,2}(?:st|nd|rd|th)?\b", text):
            return _parse_words(text)
        return DateReading(
            None, "TM105", f"{text!r} is not a full date (it has no day)", "write YYYY-MM-DD"
        )
    return DateReading(None, "TM105", f"{text!r} is not a date", _ISO_HINT)


def _parse_words(text: str) -> DateReading:
    from dateutil import parser  # imported only for dates written with month names

    try:
        value = parser.parse(text, fuzzy=False)
    except (ValueError, OverflowError, parser.ParserError):
        return DateReading(None, "TM105", f"{text!r} is not a real date", _ISO_HINT)
    written_year = _YEAR.search(text)
    if written_year is not None and int(written_year.group(0)) != value.year:
        # dateutil reads a year it cannot represent (0000) as another one
        return _real(int(written_year.group(0)), value.month, value.day, text)
    return DateReading(value.date())


def check_not_future(value: dt.date, written: str, now: dt.date | None = None) -> DateReading:
    """A date later than tomorrow is an error: the day of grace is for time zones (where the
    author is, it may already be tomorrow)."""
    now = now or today()
    if value > now + FUTURE_GRACE:
        return DateReading(
            None,
            "TM107",
            f"{written.strip()!r} is in the future (today is {now.isoformat()})",
            "write the date the model was last updated",
        )
    return DateReading(value)
