"""The student's side of the kit: checking work, progress, hints, watching, submitting.

Each module holds keyword-only functions and registers its ``grader`` subcommands with
an ``add_commands(commands, common)`` function that :mod:`grader.cli` calls.
"""
