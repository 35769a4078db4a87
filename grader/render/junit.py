"""JUnit XML for GitLab (``artifacts:reports:junit``), Jenkins and other CI systems:
one ``testsuite`` per exercise, one ``testcase`` per test, scores as properties.

An exercise the grader failed on lists none of its tests (they say nothing of the
student's code) but one ``error`` case saying so, score not final. A run time withheld
from students (a hidden test's, see ``visibility.py``) has no ``time`` attribute.

With a submission time (``grade --submitted-at``) each suite's properties also hold
``credit`` (the share kept under course.yaml's late policy) and ``final_score`` (its
``score`` times that credit); ``score`` stays the raw score.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from grader.render.common import (
    RenderOptions,
    cap,
    exercise_note,
    listed_tests,
    test_message,
    test_title,
)
from grader.render.sentences import exercise_message
from grader.render.visibility import ShownReport
from grader.results import Status

_OUTPUT_CAP = 20000


def _text(value: str) -> str:
    # XML 1.0 cannot carry most control characters; student output may hold them.
    cleaned = "".join(c if c in "\t\n\r" or ord(c) >= 0x20 else "\ufffd" for c in value)
    return cap(cleaned, _OUTPUT_CAP)


def _set_time(element: ET.Element, seconds: float | None) -> None:
    if seconds is not None:
        element.set("time", f"{seconds:.3f}")


def render_junit(shown: ShownReport, options: RenderOptions | None = None) -> str:
    report = shown.report
    lang = (options or RenderOptions()).lang
    root = ET.Element("testsuites", name=report.course_id)
    totals = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
    late = report.late is not None
    for exercise, credit, final in zip(
        report.exercises, report.credits, report.final_scores, strict=True
    ):
        tests = listed_tests(exercise)
        counts = dict.fromkeys(Status, 0)
        for test in tests:
            counts[test.status] += 1
        # A grader error is the grader's fault: one error case says so, score not final.
        extra = 1 if exercise.grader_error else 0
        suite = ET.SubElement(
            root,
            "testsuite",
            name=exercise.id,
            tests=str(len(tests) + extra),
            failures=str(counts[Status.FAILED]),
            errors=str(counts[Status.ERROR] + counts[Status.TIMEOUT] + extra),
            skipped=str(counts[Status.SKIPPED]),
        )
        _set_time(suite, exercise.duration_s)
        props = ET.SubElement(suite, "properties")
        for key, value in (
            ("score", exercise.score),
            ("max_score", exercise.max_score),
            ("status", exercise.status.value),
        ):
            ET.SubElement(props, "property", name=key, value=str(value))
        if late:
            for key, value in (("credit", credit), ("final_score", final)):
                ET.SubElement(props, "property", name=key, value=str(value))
        totals["tests"] += len(tests) + extra
        totals["failures"] += counts[Status.FAILED]
        totals["errors"] += counts[Status.ERROR] + counts[Status.TIMEOUT] + extra
        totals["skipped"] += counts[Status.SKIPPED]
        if exercise.grader_error or (not tests and exercise.status is not Status.PASSED):
            case = ET.SubElement(
                suite, "testcase", classname=exercise.id, name=exercise.id, time="0"
            )
            kind = "skipped" if exercise.status is Status.SKIPPED else "error"
            if exercise.grader_error:
                kind = "error"
            node = ET.SubElement(case, kind, message=_text(exercise_note(exercise, lang) or kind))
            if exercise.grader_error:
                node.set("type", "grader_error")
                node.text = _text(exercise_message(exercise, lang))
        for test in tests:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=exercise.id,
                name=test_title(test, lang),
            )
            _set_time(case, test.duration_s)
            props = ET.SubElement(case, "properties")
            for key, value in (
                ("score", test.score),
                ("max_score", test.max_score),
                ("visibility", test.visibility.value),
            ):
                ET.SubElement(props, "property", name=key, value=str(value))
            if test.status is Status.PASSED:
                continue
            element = {
                Status.FAILED: "failure",
                Status.ERROR: "error",
                Status.TIMEOUT: "error",
                Status.SKIPPED: "skipped",
            }[test.status]
            message = test_message(test, lang)
            node = ET.SubElement(
                case,
                element,
                message=_text(message.splitlines()[0] if message else element),
                type=test.status.value,
            )
            if test.detail:  # public tests (hidden ones only with hidden_tests: full)
                node.text = _text(test.detail)
        if tests and exercise.status is Status.ERROR and not exercise.grader_error:
            # A module that cannot be imported: its why (file, line, caret) once, for the
            # suite; each of its tests says "cannot import NAME.py (see above)".
            ET.SubElement(suite, "system-err").text = _text(exercise_message(exercise, lang))
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
