"""Grading a whole class: reading what a teacher downloads from an LMS
(:mod:`grader.batch.intake`)."""

from grader.batch.intake import (
    LAYOUTS,
    ClassIntake,
    IntakeProblem,
    Layout,
    StudentSubmission,
    read_class,
)

__all__ = ["LAYOUTS", "ClassIntake", "IntakeProblem", "Layout", "StudentSubmission", "read_class"]
