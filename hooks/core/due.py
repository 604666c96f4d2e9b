"""When a model's next review is due: its Last updated date plus its review cadence, or plus
its staleness budget, whichever comes first.

The due date depends on the model alone (and the configuration), never on today's date: the
index shows it, so that the index changes only when a model does. Whether a due date has
passed is :mod:`hooks.core.status`'s question, asked on the day it runs.

Cadences are read as people write them: ``Quarterly``, ``monthly``, ``every 6 weeks``,
``90 days``, ``twice a year``, ``On every new entry point, and at least quarterly`` (a period
anywhere in the text; the shortest when several are named). A cadence that names no period
(``On every significant change``), or a placeholder, leaves the budget alone.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from hooks.core.config import Config
from hooks.core.dates import days_in, parse_date
from hooks.core.fields import is_placeholder
from hooks.core.models import Model, budgets


@dataclass(frozen=True, order=True)
class Period:
    """A span of calendar months and days (a month counts as 30 days to compare periods)."""

    months: int = 0
    days: int = 0

    @property
    def length(self) -> int:
        return self.months * 30 + self.days

    def after(self, date: dt.date) -> dt.date | None:
        """``date`` plus the period (a month later is the same day of the month, or the last
        day of a shorter month); ``None`` past year 9999."""
        year, month = divmod(date.month - 1 + self.months, 12)
        year += date.year
        if year > dt.MAXYEAR:
            return None
        day = min(date.day, days_in(year, month + 1))
        try:
            return dt.date(year, month + 1, day) + dt.timedelta(days=self.days)
        except OverflowError:
            return None


_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_UNITS = {
    "day": Period(days=1),
    "week": Period(days=7),
    "fortnight": Period(days=14),
    "month": Period(months=1),
    "quarter": Period(months=3),
    "year": Period(months=12),
}
_WORDS = {
    "daily": Period(days=1),
    "weekly": Period(days=7),
    "fortnightly": Period(days=14),
    "biweekly": Period(days=14),
    "monthly": Period(months=1),
    "bimonthly": Period(months=2),
    "quarterly": Period(months=3),
    "biannually": Period(months=6),
    "biannual": Period(months=6),
    "semiannually": Period(months=6),
    "semiannual": Period(months=6),
    "halfyearly": Period(months=6),
    "yearly": Period(months=12),
    "annually": Period(months=12),
    "annual": Period(months=12),
    "biennially": Period(months=24),
    "biennial": Period(months=24),
}
_NUMBER = r"\d{1,4}|" + "|".join(_NUMBERS)
# "every 6 weeks", "90 days", "every two months", "every month", "every other week"
_SPAN = re.compile(
    rf"\b(?:(?:every|each)\s+(?:(?P<other>other)\s+)?)?(?P<count>{_NUMBER})?\s*"
    rf"(?P<unit>day|week|fortnight|month|quarter|year)s?\b"
)
_TWICE = re.compile(r"\btwice\s+(?:a|per|each|every)\s+(?P<unit>week|month|quarter|year)\b")
_WORD = re.compile(r"\b[a-z]+\b")
_JOINED = re.compile(r"\b(semi|bi|half)[-_ ](?=annual|weekly|monthly|yearly)")


@functools.lru_cache(maxsize=1024)
def cadence_period(cadence: str) -> Period | None:
    """The shortest period a review cadence names, or ``None`` when it names none."""
    text = _JOINED.sub(r"\1", cadence.lower())  # semi-annually, bi-weekly, half-yearly
    if not text.strip() or is_placeholder(cadence):
        return None
    found: list[Period] = []
    for word in _WORD.findall(text):
        if word in _WORDS:
            found.append(_WORDS[word])
    for match in _TWICE.finditer(text):
        unit = _UNITS[match.group("unit")]
        found.append(Period(unit.months // 2, unit.days // 2 + (unit.months % 2) * 15))
    for match in _SPAN.finditer(text):
        count_text = match.group("count")
        every = match.group(0).startswith(("every", "each"))
        if count_text is None and not every:
            continue  # "month" alone ("the month after a release") names no period
        count = _NUMBERS.get(count_text or "one") or int(count_text or 1)
        if match.group("other"):
            count *= 2
        unit = _UNITS[match.group("unit")]
        if count > 0:
            found.append(Period(unit.months * count, unit.days * count))
    return min(found, key=lambda period: period.length) if found else None


@dataclass(frozen=True)
class Due:
    """A model's review due date, and how it was reckoned (for messages)."""

    date: dt.date | None
    reckoning: str


def review_due(model: Model, budget_days: int) -> Due:
    """The due date of a model whose staleness budget is ``budget_days``: Last updated (as
    written, even in the future, so that it does not change with today's date) plus the
    cadence or the budget, whichever comes first; ``None`` without a real date."""
    written = parse_date(model.updated).value if model.updated else None
    if written is None:
        return Due(None, "no valid Last updated date")
    budget = Period(days=budget_days)
    period = cadence_period(model.cadence)
    by_budget = budget.after(written)
    if period is None or period.after(written) is None:
        return Due(by_budget, f"{written.isoformat()} + the {budget_days}-day staleness budget")
    by_cadence = period.after(written)
    if by_budget is not None and by_cadence is not None and by_budget < by_cadence:
        return Due(
            by_budget,
            f"{written.isoformat()} + the {budget_days}-day staleness budget, which comes"
            f" before the cadence {model.cadence.strip()!r}",
        )
    return Due(by_cadence, f"{written.isoformat()} + the cadence {model.cadence.strip()!r}")


def due_dates(models: dict[str, Model], config: Config) -> dict[str, Due]:
    """The review due date of each model, by path, with the budget of its feature areas."""
    days = budgets(config)
    return {
        relpath: review_due(model, days.get(relpath, config.staleness_days))
        for relpath, model in models.items()
    }


__all__ = ["Due", "Period", "cadence_period", "due_dates", "review_due"]
