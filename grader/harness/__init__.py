"""Helpers for test authors: talking to student servers over real loopback sockets."""
