"""The late policy of course.yaml's schedule, at its edges."""

from __future__ import annotations

import datetime as dt

import pytest

from grader.course import LateRule, Schedule
from grader.errors import BadInput
from grader.late import Timing, lateness, parse_time

CST = dt.timezone(dt.timedelta(hours=8))
DUE = dt.datetime(2026, 12, 15, 23, 59, tzinfo=CST)
SCHEDULE = Schedule(
    due=DUE,
    late=(
        LateRule(until=dt.datetime(2026, 12, 18, 23, 59, tzinfo=CST), credit=0.8),
        LateRule(until=dt.datetime(2026, 12, 22, 23, 59, tzinfo=CST), credit=0.5),
    ),
)


@pytest.mark.parametrize(
    "moment, timing, credit",
    [
        ("2026-12-15T23:59:00+08:00", Timing.ON_TIME, 1.0),  # the due minute itself
        ("2026-12-15T15:59:00+00:00", Timing.ON_TIME, 1.0),  # the same moment elsewhere
        ("2026-12-15T23:59:01+08:00", Timing.LATE, 0.8),
        ("2026-12-18T23:59:00+08:00", Timing.LATE, 0.8),
        ("2026-12-19T00:00:00+08:00", Timing.LATE, 0.5),
        ("2026-12-22T23:59:01+08:00", Timing.TOO_LATE, 0.0),
    ],
)
def test_a_submission_keeps_the_credit_of_the_first_deadline_it_met(
    moment: str, timing: Timing, credit: float
) -> None:
    given = lateness(SCHEDULE, parse_time(moment, where="test"))
    assert (given.timing, given.credit) == (timing, credit)


def test_no_known_time_is_graded_as_on_time_and_flagged() -> None:
    given = lateness(SCHEDULE, None)
    assert (given.timing, given.credit, given.flagged) == (Timing.UNKNOWN, 1.0, True)


def test_a_course_without_a_due_date_has_no_late_submissions() -> None:
    late = dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)
    assert lateness(Schedule(), late).timing is Timing.ON_TIME


def test_a_time_without_an_offset_is_refused_in_one_line() -> None:
    with pytest.raises(BadInput, match=r"^--submitted-at: '2026-12-16T10:00' needs a UTC offset"):
        parse_time("2026-12-16T10:00", where="--submitted-at")
