#!/usr/bin/env bash
# PrairieLearn external grader entrypoint. PrairieLearn mounts the question's tests/
# folder at /grade/tests, the student's files at /grade/student and the course's
# serverFilesCourse/ at /grade/serverFilesCourse; it reads /grade/results/results.json.
# serverFilesCourse/python-day8-kit is a grading bundle (grader bundle --for grading).
# /grade/tests/exercise holds the exercise id of the question, e.g. 03_pager.
set -uo pipefail
KIT="${KIT:-/grade/serverFilesCourse/python-day8-kit}"
TESTS="${TESTS:-/grade/tests}"
STUDENT="${STUDENT:-/grade/student}"
RESULTS="${RESULTS:-/grade/results}"
EXERCISE="$(tr -d '[:space:]' < "$TESTS/exercise")"
# Student code runs as an unprivileged user: it must not read the hidden tests (the report says so).
chmod -R go-rwx "$KIT/tests"
# The grader expects ID/module.py: put the student's files in a folder named after it.
WORK="$(mktemp -d)"
mkdir -p "$WORK/$EXERCISE" "$RESULTS"
cp "$STUDENT"/*.py "$WORK/$EXERCISE/" 2>/dev/null
PYTHONPATH="$KIT" python3 -m grader grade "$WORK" --course "$KIT/course.yaml" \
    --exercise "$EXERCISE" --format text --format prairielearn -o "$RESULTS/results.json"
