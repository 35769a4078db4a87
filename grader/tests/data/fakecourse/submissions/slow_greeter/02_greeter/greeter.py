"""Correct but slow: each call takes 0.25 s, well under the call timeout, so a test
making 40 calls runs into the per-test timeout."""
import time


def greet(name):
    time.sleep(0.25)
    return f"Hello, {name}!"
