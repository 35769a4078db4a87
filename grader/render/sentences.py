"""The exercise's message, made from its typed result in the reader's language.

The result says why the exercise ended as it did (:class:`grader.results.Reason`), its
counts, the modules missing, the import failures and a grader error's problems; this is
the one place that turns them into the sentence every format shows ("3/5 tests passed
(missing: pager.py)", then each import failure's lines).
"""

from __future__ import annotations

from grader.i18n import t
from grader.results import ExerciseResult, Reason, Status
from grader.said import say


def exercise_message(exercise: ExerciseResult, lang: str) -> str:
    """The whole message: its first line, then any lines that explain it."""
    first, *more = _headline(exercise, lang).split("\n")
    if exercise.missing_files:
        # On the first line, which every format shows (the table row, a platform's note).
        first += t("import.missing", lang, files=", ".join(exercise.missing_files))
    if not exercise.grader_error:
        # Each import failure is said once, here: its tests only say "(see above)".
        shown = exercise.import_errors[:1] if exercise.reason is Reason.CANNOT_IMPORT else ()
        for why in exercise.import_errors:
            if why not in shown:
                more += say(why, lang).split("\n")
    return "\n".join([first, *more])


def _headline(exercise: ExerciseResult, lang: str) -> str:
    tally = exercise.tally
    reason = exercise.reason
    if reason is Reason.GRADER_ERROR:
        problems = "; ".join(say(problem, lang) for problem in exercise.problems)
        said = t("engine.grader_error", lang, problems=problems)
        if exercise.log_tail:
            said += f"\n{t('engine.log_tail', lang)}\n{exercise.log_tail}"
        return said
    if reason is Reason.EXERCISE_TIMEOUT:
        limit = exercise.time_limit_s or 0.0
        return t(
            "engine.stopped_after", lang, limit=f"{limit:g}", passed=tally.passed, total=tally.total
        )
    if reason is Reason.CANNOT_IMPORT and exercise.import_errors:
        return say(exercise.import_errors[0], lang)
    if reason is Reason.NOT_SUBMITTED:
        return t("not submitted", lang)
    if reason is Reason.SKIPPED:
        return t("engine.all_skipped", lang)
    if exercise.status is Status.PASSED:
        return t("all_tests_passed", lang, total=tally.total)
    return t("tests_passed", lang, passed=tally.passed, total=tally.total)
