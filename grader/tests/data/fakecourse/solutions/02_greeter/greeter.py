"""Exercise 02_greeter: reference solution."""


def greet(name):
    return f"Hello, {name}!"
