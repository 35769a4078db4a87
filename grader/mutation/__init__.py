"""Mutation testing of hidden suites: grader mutants ID."""
