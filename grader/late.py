"""The late policy of course.yaml's ``schedule``: how much of a score a submission keeps.

A submission made by the due date keeps all of it; one made later keeps the credit of
the first late rule whose deadline it met (``late: [{until, credit}, ...]``, in order);
one made after every late deadline keeps nothing. A submission whose time is unknown
is graded as on time, and says so: the teacher decides.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from grader.course import Course, Exercise, Schedule
from grader.errors import BadInput


class Timing(str, enum.Enum):
    ON_TIME = "on_time"
    LATE = "late"
    TOO_LATE = "too_late"  # after the last late deadline: no credit
    UNKNOWN = "unknown"  # no submission time known: graded as on time


@dataclass(frozen=True)
class Lateness:
    timing: Timing
    credit: float  # the share of the raw score kept, 0..1
    submitted_at: dt.datetime | None = None
    # The deadline that decided (the due date, or the late rule's), if any.
    deadline: dt.datetime | None = None

    @property
    def flagged(self) -> bool:
        """Whether the teacher should look: late, too late, or no time known."""
        return self.timing is not Timing.ON_TIME


ON_TIME = Lateness(Timing.ON_TIME, 1.0)


def lateness(schedule: Schedule, submitted_at: dt.datetime | None) -> Lateness:
    """What ``schedule`` gives a submission made at ``submitted_at`` (aware or None)."""
    if schedule.due is None:
        return Lateness(Timing.ON_TIME, 1.0, submitted_at)
    if submitted_at is None:
        return Lateness(Timing.UNKNOWN, 1.0, None, schedule.due)
    if submitted_at <= schedule.due:
        return Lateness(Timing.ON_TIME, 1.0, submitted_at, schedule.due)
    for rule in schedule.late:
        if submitted_at <= rule.until:
            return Lateness(Timing.LATE, rule.credit, submitted_at, rule.until)
    last = schedule.late[-1].until if schedule.late else schedule.due
    return Lateness(Timing.TOO_LATE, 0.0, submitted_at, last)


def effective_schedule(course: Course, exercise: Exercise) -> Schedule:
    """The exercise's own schedule where course.yaml gives it a due date, else the
    course's."""
    return exercise.schedule if exercise.schedule.due is not None else course.schedule


def parse_time(text: str, *, where: str) -> dt.datetime:
    """An ISO 8601 time with a UTC offset (``2026-12-16T10:00:00+08:00``, or ``Z``);
    ``where`` names the input in the one-line error."""
    try:
        moment = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise BadInput(
            f"{where}: {text.strip()!r} is not an ISO 8601 time",
            zh=f"{where}：{text.strip()!r} 不是 ISO 8601 格式的时间",
        ) from None
    if moment.tzinfo is None:
        raise BadInput(
            f"{where}: {text.strip()!r} needs a UTC offset, e.g. 2026-12-16T10:00:00+08:00",
            zh=f"{where}：{text.strip()!r} 需要带 UTC 时差，例如 2026-12-16T10:00:00+08:00",
        )
    return moment
