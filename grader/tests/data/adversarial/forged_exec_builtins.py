# ATTACK: hook the built-ins that test source run with student_env.exec uses, so that
# the hidden tests' subclasses of Temperature work although from_fahrenheit ignores cls
# (appended to wrong_hardcoded_class): __import__ hands test source (its globals are
# named test_source_N) a Temperature with a correct from_fahrenheit, and
# __build_class__ gives every subclass built by test source that method; isinstance,
# issubclass and type are replaced to agree. The student's own Temperature, as any
# caller imports it, stays wrong. Expected: test source gets fresh copies of the
# built-ins from before any student code ran; the honest score of the wrong class.
import builtins as _builtins
import types as _types

_real_import = _builtins.__import__
_real_build_class = _builtins.__build_class__
_real_type = _builtins.type
_real_isinstance = _builtins.isinstance
_real_issubclass = _builtins.issubclass


def _from_test_source(globals_):
    return _real_isinstance(globals_, dict) and str(globals_.get("__name__", "")).startswith(
        "test_source_"
    )


@classmethod
def _correct_from_fahrenheit(cls, fahrenheit):
    return cls((fahrenheit - 32) * 5 / 9)


class _CorrectTemperature(Temperature):
    from_fahrenheit = _correct_from_fahrenheit


_CorrectTemperature.__name__ = _CorrectTemperature.__qualname__ = "Temperature"
_stand_in = _types.ModuleType("temperature")
_stand_in.Temperature = _CorrectTemperature


def _import(name, globals=None, locals=None, fromlist=(), level=0):
    if name == "temperature" and _from_test_source(globals):
        return _stand_in
    return _real_import(name, globals, locals, fromlist, level)


def _build_class(func, name, *bases, **kwargs):
    cls = _real_build_class(func, name, *bases, **kwargs)
    if _real_isinstance(cls, _real_type) and _real_issubclass(cls, Temperature):
        cls.from_fahrenheit = _correct_from_fahrenheit
    return cls


_builtins.__import__ = _import
_builtins.__build_class__ = _build_class
_builtins.isinstance = lambda obj, cls: True if cls is Temperature else _real_isinstance(obj, cls)
_builtins.issubclass = lambda a, b: True if b is Temperature else _real_issubclass(a, b)
