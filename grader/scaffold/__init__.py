"""``grader new ID``: the skeleton of a new exercise (docs/adding-an-exercise.md).

:mod:`grader.scaffold.create` renders the files from ``templates/`` and appends the
exercise to course.yaml; :mod:`grader.scaffold.command` is its command line.
"""
