"""Talking to student code that runs in another process."""
