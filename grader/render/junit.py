"""JUnit XML for GitLab (``artifacts:reports:junit``), Jenkins and other CI systems:
one ``testsuite`` per exercise, one ``testcase`` per test, scores as properties."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from grader.results import Report, Status, Visibility

_OUTPUT_CAP = 20000


def _text(value: str) -> str:
    # XML 1.0 cannot carry most control characters; student output may hold them.
    cleaned = "".join(c if c in "\t\n\r" or ord(c) >= 0x20 else "\ufffd" for c in value)
    return cleaned[:_OUTPUT_CAP]


def render_junit(report: Report) -> str:
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
        if not exercise.tests and exercise.status is not Status.PASSED:
            case = ET.SubElement(
                suite, "testcase", classname=exercise.id, name=exercise.id, time="0"
            )
            kind = "skipped" if exercise.status is Status.SKIPPED else "error"
            ET.SubElement(
                case,
                kind,
                message=_text(exercise.message.splitlines()[0] if exercise.message else kind),
            )
        for test in exercise.tests:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=exercise.id,
                name=test.name,
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
            node = ET.SubElement(
                case,
                element,
                message=_text(test.message.splitlines()[0] if test.message else element),
                type=test.status.value,
            )
            if test.visibility is Visibility.PUBLIC and test.detail:
                node.text = _text(test.detail)
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
