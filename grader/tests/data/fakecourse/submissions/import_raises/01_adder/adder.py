def add(a, b):
    return a + b


raise RuntimeError("adder refuses to load")
