"""Containment of student processes: limits, environment, output capture, cleanup."""
