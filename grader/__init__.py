"""Course kit and autograder for "Python之路 Day8" (advanced OOP and sockets)."""

__version__ = "0.1.0"
