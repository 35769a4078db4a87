"""Facts that decide a grade are established where student code cannot reach them.

The attacks in ``data/adversarial/forged_*.py`` try to win points without changing
what the student's code does, by making a fact that a test decides on lie:

* the built-ins that tests (``student_env.builtins``) and test source run with
  ``student_env.exec`` use: ``property``, ``vars``, ``__import__``, ``__build_class__``,
  ``isinstance``...;
* an object's claim to be of another class (``__class__``);
* the student process's own answers: the ``json`` module it encoded them with, its
  socket, its own module (``import grader.remote.child``), a profile function;
* a server's ``server_address``.

Each attack is appended to a wrong module from ``data/variants`` (so that a gain
would show) and must get exactly the honest result of that module: the same score and
the same tests passed. The checks themselves (strict ``isinstance``/``vars``, the
kernel's view of sockets and threads) are tested directly below, for both modes.
"""

from __future__ import annotations

import builtins
import contextlib
import os
import socket
import threading
import types
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from grader.course import Course
from grader.harness import kernel
from grader.remote import pristine
from grader.results import ExerciseResult, Status
from grader.tests.conftest import (
    DATA,
    SubmissionFactory,
    grade_timed,
    with_attack,
)

Case = tuple[str, str, str, str]

CASES: list[Case] = [
    # (exercise, module, wrong variant the attack is appended to, attack)
    ("03_pager", "pager.py", "wrong_plain_attributes", "forged_property_builtin.py"),
    ("03_pager", "pager.py", "wrong_plain_attributes", "forged_class_attribute.py"),
    ("05_private", "account.py", "wrong_single_underscore_balance", "forged_vars_builtin.py"),
    ("02_methods", "temperature.py", "wrong_hardcoded_class", "forged_exec_builtins.py"),
    (
        "12_threading_server",
        "upper_server.py",
        "wrong_default_host_all_interfaces",
        "forged_server_address.py",
    ),
    ("03_pager", "pager.py", "wrong_has_next_off_by_one", "forged_answers_json.py"),
    ("03_pager", "pager.py", "wrong_has_next_off_by_one", "forged_answers_socket.py"),
    ("03_pager", "pager.py", "wrong_has_next_off_by_one", "forged_answers_import.py"),
    ("03_pager", "pager.py", "wrong_has_next_off_by_one", "forged_answers_profile.py"),
]
HonestFn = Callable[[str, str, str], ExerciseResult]
_REAL_PROPERTY = property


def variant_source(exercise: str, variant: str) -> str:
    return (DATA / "variants" / exercise / f"{variant}.py").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def honest(kit_course: Course, tmp_path_factory: pytest.TempPathFactory) -> HonestFn:
    """The result of a wrong variant without any attack, graded once per session."""
    cache: dict[tuple[str, str], ExerciseResult] = {}

    def result(exercise: str, module: str, variant: str) -> ExerciseResult:
        if (exercise, variant) not in cache:
            submission = tmp_path_factory.mktemp(f"honest-{variant}")
            (submission / exercise).mkdir()
            source = variant_source(exercise, variant)
            (submission / exercise / module).write_text(source, encoding="utf-8")
            cache[(exercise, variant)] = grade_timed(kit_course, submission, exercise).result
        return cache[(exercise, variant)]

    return result


@pytest.mark.parametrize(
    ("exercise", "module", "variant", "attack"), CASES, ids=[case[3][:-3] for case in CASES]
)
def test_a_forged_fact_gets_exactly_the_honest_result(
    kit_course: Course,
    honest: HonestFn,
    make_submission: SubmissionFactory,
    exercise: str,
    module: str,
    variant: str,
    attack: str,
) -> None:
    baseline = honest(exercise, module, variant)
    assert 0 < baseline.score < baseline.max_score  # the base is wrong, so a gain would show
    source = with_attack(variant_source(exercise, variant), attack)
    graded = grade_timed(kit_course, make_submission({f"{exercise}/{module}": source}), exercise)
    result = graded.result
    assert not result.grader_error
    assert [t.nodeid for t in result.tests] == [t.nodeid for t in baseline.tests]
    gained = [
        t.name
        for t, h in zip(result.tests, baseline.tests, strict=True)
        if t.status is Status.PASSED and h.status is not Status.PASSED
    ]
    assert gained == []
    assert result.score == baseline.score
    assert [t.status for t in result.tests] == [t.status for t in baseline.tests]
    if attack == "forged_answers_import.py":
        # Refused, not merely ineffective: nothing of the grader is left to patch.
        assert "cheat: cannot import the grader: ModuleNotFoundError" in result.output.text
        assert "cheat: no grader code in __main__ either" in result.output.text
        assert "cheat: patched" not in result.output.text
    assert graded.seconds < 120


# -- the strict checks, as both modes use them ------------------------------------------


class _ClaimsToBeAProperty:
    __class__ = property  # type: ignore[assignment]


class _SaysYesToEverything(type):
    def __instancecheck__(cls, obj: object) -> bool:
        return True

    def __subclasscheck__(cls, sub: type) -> bool:
        return True

    def __eq__(cls, other: object) -> bool:
        return True

    __hash__ = type.__hash__


class _Anything(metaclass=_SaysYesToEverything):
    pass


def test_isinstance_is_decided_by_the_real_type_alone() -> None:
    b = pristine.namespace()
    claimer = _ClaimsToBeAProperty()
    assert isinstance(claimer, property) is True  # what the real one says
    assert b.isinstance(claimer, property) is False
    assert b.isinstance(claimer, _ClaimsToBeAProperty) is True
    assert isinstance(1, _Anything) is True
    assert b.isinstance(1, _Anything) is False
    assert b.issubclass(int, _Anything) is False
    assert b.isinstance(_Anything(), _Anything) is True
    assert b.isinstance(True, int) is True
    assert b.isinstance(1, (str, (bytes, int))) is True
    assert b.isinstance(1, str | int) is True
    assert b.isinstance(_Anything, type) is True
    assert b.issubclass(bool, (str, int)) is True
    with pytest.raises(TypeError):
        b.isinstance(1, "int")
    with pytest.raises(TypeError):
        b.issubclass(1, int)


class _Plain:
    def __init__(self) -> None:
        self.x = 1


class _DictProperty(_Plain):
    @property  # type: ignore[misc]
    def __dict__(self) -> dict[str, int]:  # type: ignore[override]
        return {"forged": 1}


class _DictAttribute(_Plain):
    __dict__ = {"forged": 1}  # type: ignore[assignment]


class _ForgingMeta(type):
    @property
    def __dict__(cls) -> dict[str, int]:  # type: ignore[override]
        return {"forged": 1}


class _ForgedClass(metaclass=_ForgingMeta):
    y = 2


class _Slotted:
    __slots__ = ("__dict__", "z")


def test_vars_reads_the_real_dict_and_refuses_a_class_level_dict() -> None:
    b = pristine.namespace()
    assert vars(_DictProperty()) == {"forged": 1}  # what the real one says
    assert b.vars(_Plain()) == {"x": 1}
    for liar in (_DictProperty(), _DictAttribute()):
        with pytest.raises(TypeError, match="defines __dict__ as a"):
            b.vars(liar)
    assert vars(_ForgedClass) == {"forged": 1}
    with pytest.raises(TypeError, match="class '_ForgingMeta' defines __dict__"):
        b.vars(_ForgedClass)
    assert b.vars(_Plain)["__init__"] is _Plain.__init__
    assert b.vars(types.SimpleNamespace(a=1)) == {"a": 1}
    assert b.vars(builtins)["len"] is len
    slotted = _Slotted()
    slotted.q = 3  # type: ignore[attr-defined]
    assert b.vars(slotted) == {"q": 3}
    with pytest.raises(TypeError, match="must have __dict__"):
        b.vars(1)
    with pytest.raises(TypeError):
        b.vars()


@contextlib.contextmanager
def builtins_replaced() -> Iterator[None]:
    """Student code's view: builtins replaced after the snapshot was taken (kept short:
    pytest itself runs on these builtins too)."""
    saved = {name: getattr(builtins, name) for name in ("isinstance", "vars", "property")}
    builtins.isinstance = lambda obj, cls: True
    builtins.vars = lambda *args: {"forged": 1}
    builtins.property = object  # type: ignore[misc]
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(builtins, name, value)


def test_the_namespace_and_test_source_keep_the_builtins_from_before() -> None:
    namespace: dict[str, object] = {"__builtins__": pristine.exec_builtins(), "_Plain": _Plain}
    with builtins_replaced():
        b = pristine.namespace()
        seen = (b.isinstance(1, str), b.vars(_Plain()), b.property is _REAL_PROPERTY)
        fresh = pristine.exec_builtins()
        exec("checks = (isinstance(1, str), vars(_Plain()), property is object)", namespace)
    assert seen == (False, {"x": 1}, True)
    assert namespace["checks"] == (False, {"x": 1}, False)
    assert fresh is not namespace["__builtins__"]  # each piece of test source has its own


def test_test_source_imports_the_students_modules_the_tests_got() -> None:
    module = types.ModuleType("temperature")
    namespace: dict[str, object] = {"__builtins__": pristine.exec_builtins({"temperature": module})}
    exec("import temperature\nimport json\n", namespace)
    assert namespace["temperature"] is module
    assert isinstance(namespace["json"], types.ModuleType)


# -- the kernel's view of a process --------------------------------------------------------


def test_bound_address_is_the_kernels_not_what_a_server_reports() -> None:
    opened: list[socket.socket] = []
    try:
        for family, host in [
            (socket.AF_INET, "127.0.0.1"),
            (socket.AF_INET, "0.0.0.0"),
            (socket.AF_INET6, "::1"),
            (socket.AF_INET6, "::"),
        ]:
            try:
                listener = socket.socket(family, socket.SOCK_STREAM)
                listener.bind((host, 0))
            except OSError:
                continue  # no IPv6 here
            listener.listen()
            opened.append(listener)
            port = listener.getsockname()[1]
            assert kernel.bound_address(os.getpid(), port) == (host, port)
        datagram = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        opened.append(datagram)
        datagram.bind(("127.0.0.1", 0))
        port = datagram.getsockname()[1]
        assert kernel.bound_address(os.getpid(), port, "udp") == ("127.0.0.1", port)
        with pytest.raises(AssertionError, match="no TCP socket"):
            kernel.bound_address(os.getpid(), port)  # bound for UDP, nothing listens on TCP
    finally:
        for sock in opened:
            sock.close()


def test_threads_come_from_the_kernel() -> None:
    before = kernel.threads(os.getpid())
    release = threading.Event()
    worker = threading.Thread(target=release.wait)
    worker.start()
    try:
        started = kernel.threads(os.getpid()) - before
        assert worker.native_id in started
    finally:
        release.set()
        worker.join()


def test_a_process_that_cannot_be_seen_fails_the_check(tmp_path: Path) -> None:
    with pytest.raises(kernel.CannotSee):
        kernel.bound_address(4242, 80, proc=tmp_path)
    with pytest.raises(kernel.CannotSee):
        kernel.threads(4242, proc=tmp_path)
