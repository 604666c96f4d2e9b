"""A model's review due date: Last updated plus its cadence or its staleness budget, whichever
comes first, and never today's date."""

from __future__ import annotations

import datetime as dt

import pytest

from hooks.core.due import Period, cadence_period, review_due
from hooks.core.models import Model


@pytest.mark.parametrize(
    ("cadence", "period"),
    [
        pytest.param("Quarterly", Period(months=3), id="quarterly"),
        pytest.param("**quarterly**", Period(months=3), id="bold"),
        pytest.param("Monthly", Period(months=1), id="monthly"),
        pytest.param("weekly", Period(days=7), id="weekly"),
        pytest.param("Bi-weekly", Period(days=14), id="bi-weekly"),
        pytest.param("fortnightly", Period(days=14), id="fortnightly"),
        pytest.param("Semi-annually", Period(months=6), id="semi-annually"),
        pytest.param("half yearly", Period(months=6), id="half-yearly"),
        pytest.param("twice a year", Period(months=6), id="twice-a-year"),
        pytest.param("Yearly", Period(months=12), id="yearly"),
        pytest.param("Annually", Period(months=12), id="annually"),
        pytest.param("once a year", Period(months=12), id="once-a-year"),
        pytest.param("every 6 weeks", Period(days=42), id="every-n-weeks"),
        pytest.param("Every two months", Period(months=2), id="number-word"),
        pytest.param("every other month", Period(months=2), id="every-other"),
        pytest.param("each quarter", Period(months=3), id="each-quarter"),
        pytest.param("90 days", Period(days=90), id="n-days"),
        pytest.param(
            "On every new entry point or trust boundary, and at least quarterly",
            Period(months=3),
            id="a-period-within-a-sentence",
        ),
        pytest.param("Yearly, or monthly while in beta", Period(months=1), id="the-shortest"),
        pytest.param("On every significant change", None, id="no-period"),
        pytest.param("Per release", None, id="per-release"),
        pytest.param("every Monday", None, id="a-weekday-is-no-unit"),
        pytest.param("the month after launch", None, id="a-bare-unit-is-no-period"),
        pytest.param("every 0 days", None, id="zero"),
        pytest.param("<quarterly | on every significant change>", None, id="placeholder"),
        pytest.param("", None, id="empty"),
    ],
)
def test_cadence_period(cadence: str, period: Period | None) -> None:
    assert cadence_period(cadence) == period


def model(updated: str, cadence: str = "Quarterly") -> Model:
    return Model("m.md", "M", "@team", 1, updated, 1, None, cadence)


@pytest.mark.parametrize(
    ("updated", "cadence", "budget", "due"),
    [
        pytest.param("2026-10-01", "Monthly", 90, "2026-11-01", id="cadence-first"),
        pytest.param("2026-10-01", "Yearly", 90, "2026-12-30", id="budget-first"),
        pytest.param("2026-10-01", "On every change", 30, "2026-10-31", id="no-period-budget"),
        pytest.param("2026-01-31", "Monthly", 90, "2026-02-28", id="end-of-month"),
        pytest.param("2028-01-31", "Monthly", 90, "2028-02-29", id="leap-year"),
        pytest.param("2025-11-30", "Quarterly", 120, "2026-02-28", id="across-a-year"),
        pytest.param("1 October 2026", "Monthly", 90, "2026-11-01", id="date-written-otherwise"),
        pytest.param("2099-01-01", "Quarterly", 90, "2099-04-01", id="future-as-written"),
        pytest.param("9999-12-01", "Monthly", 90, None, id="past-year-9999"),
        pytest.param("9999-10-01", "Yearly", 30, "9999-10-31", id="cadence-past-9999"),
        pytest.param("03/04/2026", "Monthly", 90, None, id="ambiguous"),
        pytest.param("", "Monthly", 90, None, id="no-date"),
    ],
)
def test_review_due(updated: str, cadence: str, budget: int, due: str | None) -> None:
    found = review_due(model(updated, cadence), budget)
    assert found.date == (dt.date.fromisoformat(due) if due else None)
    assert found.reckoning


def test_the_reckoning_says_which_came_first() -> None:
    assert review_due(model("2026-10-01", "Yearly"), 90).reckoning == (
        "2026-10-01 + the 90-day staleness budget, which comes before the cadence 'Yearly'"
    )
    assert review_due(model("2026-10-01", "Monthly"), 90).reckoning == (
        "2026-10-01 + the cadence 'Monthly'"
    )
