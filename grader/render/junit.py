"""JUnit XML for GitLab (``artifacts:reports:junit``), Jenkins and other CI systems:
one ``testsuite`` per exercise, one ``testcase`` per test, scores as properties."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from grader.render.common import RenderOptions, cap, exercise_note, test_message, test_title
from grader.results import Report, Status

_OUTPUT_CAP = 20000


def _text(value: str) -> str:
    # XML 1.0 cannot carry most control characters; student output may hold them.
    cleaned = "".join(c if c in "\t\n\r" or ord(c) >= 0x20 else "\ufffd" for c in value)
    return cap(cleaned, _OUTPUT_CAP)


def render_junit(report: Report, options: RenderOptions | None = None) -> str:
    lang = (options or RenderOptions()).lang
    root = ET.Element("testsuites", name=report.course_id)
    totals = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
    for exercise in report.exercises:
        counts = exercise.counts
        suite = ET.SubElement(
            root,
            "testsuite",
            name=exercise.id,
            tests=str(len(exercise.tests)),
            failures=str(counts[Status.FAILED]),
            errors=str(counts[Status.ERROR] + counts[Status.TIMEOUT]),
            skipped=str(counts[Status.SKIPPED]),
            time=f"{exercise.duration_s:.3f}",
        )
        props = ET.SubElement(suite, "properties")
        for key, value in (
            ("score", exercise.score),
            ("max_score", exercise.max_score),
            ("status", exercise.status.value),
        ):
            ET.SubElement(props, "property", name=key, value=str(value))
        totals["tests"] += len(exercise.tests)
        totals["failures"] += counts[Status.FAILED]
        totals["errors"] += counts[Status.ERROR] + counts[Status.TIMEOUT]
        totals["skipped"] += counts[Status.SKIPPED]
        if exercise.grader_error or (not exercise.tests and exercise.status is not Status.PASSED):
            # A grader error is the grader's fault: one error case says so, score not final.
            case = ET.SubElement(
                suite, "testcase", classname=exercise.id, name=exercise.id, time="0"
            )
            kind = "skipped" if exercise.status is Status.SKIPPED else "error"
            node = ET.SubElement(case, kind, message=_text(exercise_note(exercise, lang) or kind))
            if exercise.grader_error:
                node.text = _text(exercise.message)
                totals["tests"] += 1
                totals["errors"] += 1
                suite.set("tests", str(len(exercise.tests) + 1))
                suite.set("errors", str(counts[Status.ERROR] + counts[Status.TIMEOUT] + 1))
        for test in exercise.tests:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=exercise.id,
                name=test_title(test, lang),
                time=f"{test.duration_s:.3f}",
            )
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
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
