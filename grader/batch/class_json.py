"""``class.json``: every student's result and report, the class statistics, the problems
(schema: ``grader/schemas/class.schema.json``; each student's ``report`` follows
``report.schema.json`` and is exactly the ``students/ID/report.json`` the student may
be given, with course.yaml's ``reports.hidden_tests`` applied).
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from grader.batch.model import ClassGrade, StudentGrade
from grader.batch.stats import ClassStats, class_stats
from grader.render.common import RenderOptions
from grader.render.formats import FORMATS

# 2: containment.tiers_used (the tiers the gradings ran under).
SCHEMA_VERSION = 2


def _student(student: StudentGrade, options: RenderOptions) -> dict[str, Any]:
    submitted = student.lateness.submitted_at
    return {
        "id": student.student_id,
        "name": student.name,
        "source": student.source,
        "submitted_at": submitted.isoformat() if submitted else None,
        "time_source": student.time_source,
        "lms_late_flag": student.late_flag,
        "timing": student.lateness.timing.value,
        "late_credit": student.lateness.credit,
        "raw_score": student.raw_score,
        "final_score": student.final_score,
        "max_score": student.max_score,
        "flags": list(student.flags),
        "exercises": [
            {
                "id": e.id,
                "status": e.status.value,
                "score": e.score,
                "credit": credit,
                "final_score": round(e.score * credit, 4),
                "max_score": e.max_score,
                "grader_error": e.grader_error,
            }
            for e, credit in zip(student.report.exercises, student.credits, strict=True)
        ],
        "report": json.loads(FORMATS["json"].render(student.report, options)),
    }


def _statistics(stats: ClassStats) -> dict[str, Any]:
    return {
        "students": stats.students,
        "submitted": stats.submitted,
        "mean": stats.mean,
        "median": stats.median,
        "histogram": [{"low": b.low, "high": b.high, "count": b.count} for b in stats.histogram],
        "exercises": [
            {
                "id": e.id,
                "points": e.points,
                "submitted": e.submitted,
                "mean": e.mean,
                "median": e.median,
                "full_marks_share": round(e.full_marks, 4),
            }
            for e in stats.exercises
        ],
        "most_failed_tests": [
            {
                "exercise": t.exercise,
                "test": t.test,
                "failed": t.failed,
                "ran": t.ran,
                "share": round(t.share, 4),
            }
            for t in stats.most_failed
        ],
    }


def class_to_dict(grade: ClassGrade, options: RenderOptions) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "course": {"id": grade.course_id, "title": grade.course_title.en},
        "grader_version": grade.grader_version,
        "kit_sha256": grade.kit_sha256,
        "generated_at": grade.generated_at.isoformat(),
        "layout": grade.layout,
        "containment": {
            "tier": grade.containment.tier,
            "mechanisms": list(grade.containment.mechanisms),
            # Every note, the warnings included (the class schema has no field of its own).
            "notes": [*grade.containment.notes, *grade.containment.warnings],
            "tiers_used": list(grade.tiers or (grade.containment.tier,)),
        },
        "max_score": grade.max_score,
        "exercises": [{"id": e.id, "title": e.title, "points": e.points} for e in grade.exercises],
        "statistics": _statistics(class_stats(grade)),
        "students": [_student(s, options) for s in grade.students],
        "problems": list(grade.problems),
        "grader_errors": list(grade.grader_errors),
        "gradings": {"graded_now": grade.graded_now, "reused": grade.reused},
    }


def render_class_json(grade: ClassGrade, options: RenderOptions) -> str:
    return json.dumps(class_to_dict(grade, options), indent=2, ensure_ascii=False) + "\n"


def class_schema() -> dict[str, Any]:
    text = resources.files("grader").joinpath("schemas/class.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
