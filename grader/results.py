"""The one result model. Runners produce it; every renderer only reads it."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field


class Status(str, enum.Enum):
    """The five status words, used for tests and exercises alike."""

    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"
    TIMEOUT = "timeout"
    SKIPPED = "skipped"


class Reason(str, enum.Enum):
    """Why a test (or an exercise) ended the way it did, as data: reports make their
    sentences from it, in the reader's language."""

    ASSERTION = "assertion"  # a test's check of the student's code failed
    STUDENT_EXCEPTION = "student_exception"  # student code raised (``exception_type``)
    TEST_ERROR = "test_error"  # the test itself failed with an exception
    NOT_PLAIN = "not_plain"  # a student object where plain data was expected
    CALL_TIMEOUT = "call_timeout"  # one call into student code ran out of time
    NO_ANSWER = "no_answer"  # a student's server or client did not answer in time
    SERVER_STOPPED = "server_stopped"  # the student's server stopped answering
    TEST_TIMEOUT = "test_timeout"  # the test ran out of time (pytest-timeout)
    EXERCISE_TIMEOUT = "exercise_timeout"  # the whole exercise ran out of time
    CRASH = "crash"  # the student process ended, crashed or broke the protocol
    CANNOT_IMPORT = "cannot_import"  # the student's module does not import
    NOT_SUBMITTED = "not_submitted"  # the module (or the whole exercise) is missing
    NO_RESULT = "no_result"  # collected, but no result was recorded
    NEVER_RAN = "never_ran"  # set up and torn down, never called
    SKIPPED = "skipped"  # skipped (an exercise: every test was)
    GRADER_ERROR = "grader_error"  # the grader failed: nothing says what the code does

    @property
    def is_timeout(self) -> bool:
        return self in _TIMEOUTS


_TIMEOUTS = frozenset(
    {
        Reason.CALL_TIMEOUT,
        Reason.NO_ANSWER,
        Reason.SERVER_STOPPED,
        Reason.TEST_TIMEOUT,
        Reason.EXERCISE_TIMEOUT,
    }
)


@dataclass(frozen=True)
class Tally:
    """How many of some tests passed."""

    passed: int = 0
    total: int = 0


class Suites(str, enum.Enum):
    """Which suites of tests a grading runs: ``all`` (a grade), ``public`` (a student's
    own check: ``--public-only``), ``hidden`` (mutation testing, unless ``--with-public``)."""

    ALL = "all"
    PUBLIC = "public"
    HIDDEN = "hidden"

    @property
    def runs_public(self) -> bool:
        return self is not Suites.HIDDEN

    @property
    def runs_hidden(self) -> bool:
        return self is not Suites.PUBLIC


class Visibility(str, enum.Enum):
    PUBLIC = "public"
    HIDDEN = "hidden"


class HiddenDisplay(str, enum.Enum):
    """What students see of hidden tests (course.yaml ``reports.hidden_tests``).

    ``none``: not listed; their points count in the scores, combined into one row per
    exercise. ``summary``: name, status, points and a generic message. ``full``:
    everything, as for public tests.
    """

    NONE = "none"
    SUMMARY = "summary"
    FULL = "full"


@dataclass(frozen=True)
class TestResult:
    __test__ = False  # not a pytest test class

    name: str
    nodeid: str
    status: Status
    score: float
    max_score: float
    visibility: Visibility
    message: str = ""
    detail: str = ""  # the full failure report; empty for hidden tests
    # None: withheld from students (a hidden test's run time is the student's to choose,
    # so it could spell out what the test passed in).
    duration_s: float | None = 0.0
    # Why it did not pass (None when it did), so renderers word it in the reader's
    # language; with the details the reason has.
    reason: Reason | None = None
    # For a timeout: the limit, in seconds, that ran out (call, test or exercise).
    time_limit_s: float | None = None
    # For an exception in student code: its type's name (the student's text).
    exception_type: str = ""
    # With ``hidden_tests: none``, one row stands for this many hidden tests.
    combined: int = 0
    # A hidden test whose parametrize id may be shown (``pytest.mark.show_ids``: its ids
    # only name inputs the specification gives); otherwise it reads ``test_x[case N]``.
    show_ids: bool = False


@dataclass(frozen=True)
class CapturedOutput:
    """Head and tail of what student code printed; the middle is dropped.

    ``withheld``: not shown to the student because hidden tests ran in the exercise and
    course.yaml does not show hidden tests in full (text and size are then empty)."""

    text: str = ""
    total_bytes: int = 0
    truncated: bool = False
    withheld: bool = False


@dataclass(frozen=True)
class ExerciseResult:
    id: str
    title: str
    status: Status
    score: float
    max_score: float
    # Why the exercise ended as it did beyond its tests' results (None: they say it):
    # NOT_SUBMITTED, CANNOT_IMPORT, EXERCISE_TIMEOUT, SKIPPED or GRADER_ERROR.
    reason: Reason | None = None
    tests: tuple[TestResult, ...] = ()
    output: CapturedOutput = field(default_factory=CapturedOutput)
    ignored_files: tuple[str, ...] = ()
    duration_s: float | None = 0.0  # None: withheld, as a hidden test's
    hidden_run: bool = True
    # EXERCISE_TIMEOUT: the exercise's wall clock, in seconds.
    time_limit_s: float | None = None
    # Modules of the exercise the submission does not have ("pager.py").
    missing_files: tuple[str, ...] = ()
    # Why each module that failed to import did (said once for the exercise; its tests
    # say "see above"), the one that decided CANNOT_IMPORT first. The student's text.
    import_errors: tuple[str, ...] = ()
    # GRADER_ERROR: what went wrong, and the end of the trusted pytest's log.
    problems: tuple[str, ...] = ()
    log_tail: str = ""

    @property
    def grader_error(self) -> bool:
        return self.reason is Reason.GRADER_ERROR

    @property
    def counts(self) -> dict[Status, int]:
        counts = dict.fromkeys(Status, 0)
        for test in self.tests:
            counts[test.status] += 1
        return counts

    @property
    def public(self) -> Tally:
        """The public tests passed, of those listed."""
        return _tally(t for t in self.tests if t.visibility is Visibility.PUBLIC)

    @property
    def hidden(self) -> Tally:
        """The hidden tests passed, of those listed (one row when they are combined)."""
        return _tally(t for t in self.tests if t.visibility is Visibility.HIDDEN)

    @property
    def tally(self) -> Tally:
        public, hidden = self.public, self.hidden
        return Tally(public.passed + hidden.passed, public.total + hidden.total)


def _tally(tests: Iterable[TestResult]) -> Tally:
    listed = list(tests)
    return Tally(sum(t.status is Status.PASSED for t in listed), len(listed))


@dataclass(frozen=True)
class Containment:
    """Which isolation the student code ran under, for the record."""

    tier: str
    mechanisms: tuple[str, ...]
    notes: tuple[str, ...] = ()
    # What the person grading must act on (the grade is not protected, the kit's
    # secrets are readable): said on the terminal too. Not repeated in ``notes``.
    warnings: tuple[str, ...] = ()
    # The kit's secret trees (``tests``, ``solutions``) student code could read here.
    exposed: tuple[str, ...] = ()


class LateTiming(str, enum.Enum):
    """When a submission came, by the late policy of course.yaml's ``schedule``."""

    ON_TIME = "on_time"
    LATE = "late"
    TOO_LATE = "too_late"  # after the last late deadline: no credit


@dataclass(frozen=True)
class LateCredit:
    """The late policy applied to a submission made at a known time.

    ``timing`` and ``credit`` follow the course's schedule; ``credits`` are each
    exercise's share kept (its own schedule where it has a due date), in the order of
    :attr:`Report.exercises`. Times are ISO 8601 text, as the report's timestamp is.
    """

    timing: LateTiming
    credit: float  # the share of the raw score kept, 0..1
    submitted_at: str
    credits: tuple[float, ...]


class Unrecognised(str, enum.Enum):
    """Why a file of a submission was not used (see :class:`UnrecognisedFile`)."""

    RENAME = "rename"  # a name close to an expected one: ``suggestion`` says which
    ZIP = "zip"  # a zip inside the submission: never opened
    UNKNOWN = "unknown"  # nothing of the course is close


@dataclass(frozen=True)
class UnrecognisedFile:
    """A file of the submission the grader did not use and does not expect there: never
    taken for a module (a grade never depends on a guess); ``suggestion`` is the path,
    relative to the submission, the grader would have read it from."""

    path: str  # relative to the submission as given
    kind: Unrecognised = Unrecognised.UNKNOWN
    suggestion: str = ""
    exercise: str = ""  # the exercise the suggestion belongs to


@dataclass(frozen=True)
class NothingSubmitted:
    """No module of the graded exercises was found in the submission."""

    expected: str  # an example of what was looked for, e.g. "03_pager/pager.py"
    found: tuple[str, ...]  # what the submission holds where exercise folders were expected
    more: int = 0  # further entries not listed in ``found``


@dataclass(frozen=True)
class Report:
    grader_version: str
    course_id: str
    submission: str
    submission_sha256: str
    timestamp: str
    containment: Containment
    exercises: tuple[ExerciseResult, ...]
    hidden_run: bool = True
    hidden_display: HiddenDisplay = HiddenDisplay.SUMMARY
    # The submission's own name (its folder, or its zip without .zip): a gradebook id.
    submission_name: str = ""
    # None: no submission time given, so no late policy applied (final = raw).
    late: LateCredit | None = None
    # Files of the submission not used and not expected there, with a "did you mean".
    unrecognised_files: tuple[UnrecognisedFile, ...] = ()
    # Set when no exercise graded here had a module in the submission.
    nothing_submitted: NothingSubmitted | None = None

    def __post_init__(self) -> None:
        if self.late is not None and len(self.late.credits) != len(self.exercises):
            # A credit paired with the wrong exercise would silently change a grade.
            raise ValueError(
                f"late credits for {len(self.late.credits)} exercises, "
                f"the report has {len(self.exercises)}"
            )

    @property
    def score(self) -> float:
        """The raw score: what the tests gave, before any late credit."""
        return round(sum(e.score for e in self.exercises), 4)

    @property
    def credits(self) -> tuple[float, ...]:
        """Each exercise's share kept under the late policy (1 without a submission time)."""
        return self.late.credits if self.late is not None else (1.0,) * len(self.exercises)

    @property
    def final_scores(self) -> tuple[float, ...]:
        """Each exercise's raw score times its credit (the raw score itself, unrounded,
        at full credit: without a late record every format shows what it always did)."""
        return tuple(
            e.score if c == 1 else round(e.score * c, 4)
            for e, c in zip(self.exercises, self.credits, strict=True)
        )

    @property
    def final_score(self) -> float:
        """The score that counts: the raw score without a late record."""
        if self.late is None:
            return self.score
        kept = sum(e.score * c for e, c in zip(self.exercises, self.late.credits, strict=True))
        return round(kept, 4)

    @property
    def max_score(self) -> float:
        return round(sum(e.max_score for e in self.exercises), 4)

    @property
    def grader_errors(self) -> tuple[ExerciseResult, ...]:
        return tuple(e for e in self.exercises if e.grader_error)
