"""The student process: imports the student's module and answers requests.

Everything here runs on the untrusted side. It only ever *answers*: it sends plain
data, handles or error descriptions, and nothing it sends can make the trusted side
run code. It uses the standard library only and is started with ``python -I -S -B -u``
(:func:`grader.bootstrap.student_process_argv`).

Student code runs in this interpreter, so what decides an answer is bound before the
student's module is imported: the built-ins (``from builtins import``), the operator
functions, the channel (a C-level socket, whose methods no module attribute can
replace), and the encoding (``wire``). The grader's modules are then dropped from
``sys.modules`` and ``sys.path``, so ``import grader`` in student code finds nothing
to patch. Code that walks frames or the garbage collector to reach these objects is
beyond what an interpreter can refuse; see docs/writing-tests.md.
"""

from __future__ import annotations

import importlib
import json
import operator
import os
import resource
import sys
import threading
import time
import traceback
from _socket import socket as _c_socket

# Bound now (see the module's docstring); `from builtins import` keeps the usual names.
from builtins import (  # noqa: UP029
    BaseException,
    ChildProcessError,
    EOFError,
    LookupError,
    ValueError,
    abs,
    bool,
    compile,
    delattr,
    dict,
    dir,
    exec,
    float,
    getattr,
    hash,
    id,
    int,
    iter,
    len,
    list,
    max,
    next,
    repr,
    reversed,
    set,
    setattr,
    sorted,
    str,
    type,
)
from collections.abc import Callable
from os import _exit, getcwd
from sys import setprofile as _setprofile
from sys import settrace as _settrace
from types import ModuleType

from grader.remote import facts, pristine, sequences, wire

# Only for the type checker: ``typing`` costs the student process's every start.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_UNARY: dict[str, Callable[[Any], Any]] = {
    "len": len,
    "str": lambda o: str.__str__(str(o)),  # a str subclass becomes a plain str
    "repr": lambda o: str.__str__(repr(o)),
    "bool": bool,
    "hash": hash,
    "iter": iter,
    "next": next,
    "reversed": reversed,
    "abs": abs,
    "neg": operator.neg,
    "pos": operator.pos,
    "invert": operator.invert,
    "index": operator.index,
    "int": int,
    "float": float,
    "dir": lambda o: sorted(str.__str__(n) for n in dir(o)),
    "enter": lambda o: type(o).__enter__(o),
    "exit": lambda o: type(o).__exit__(o, None, None, None),
}
_BINARY: dict[str, Callable[[Any, Any], Any]] = {
    name: getattr(operator, name)
    for name in [
        "eq",
        "ne",
        "lt",
        "le",
        "gt",
        "ge",
        "add",
        "sub",
        "mul",
        "truediv",
        "floordiv",
        "mod",
        "pow",
        "matmul",
        "and_",
        "or_",
        "xor",
        "lshift",
        "rshift",
        "contains",
    ]
}
_TRACEBACK_LIMIT = 8000


class Handles:
    """Objects the trusted side refers to by number. The same object keeps its number."""

    def __init__(self) -> None:
        self._objects: dict[int, object] = {}
        self._ids: dict[int, int] = {}  # id(object) -> handle
        self._pinned: set[int] = set()
        self._next = 1

    def handle_for(self, obj: object, *, pin: bool = False) -> int:
        number = self._ids.get(id(obj))
        if number is None or self._objects.get(number) is not obj:
            number = self._next
            self._next += 1
            self._objects[number] = obj
            self._ids[id(obj)] = number
        if pin:
            self._pinned.add(number)
        return number

    def resolve(self, number: int) -> object:
        try:
            return self._objects[number]
        except KeyError:
            raise LookupError(f"unknown or released handle {number}") from None

    def release(self) -> None:
        for number in list(self._objects):
            if number not in self._pinned:
                obj = self._objects.pop(number)
                self._ids.pop(id(obj), None)


def _takes_keyword(function: Any, name: str) -> bool:
    """Whether ``function`` (a function or a bound method) has a parameter ``name``
    that can be passed by keyword: what ``inspect.signature`` would say, without
    importing ``inspect`` (a tenth of the student process's start-up)."""
    code = getattr(getattr(function, "__func__", function), "__code__", None)
    if code is None:
        return False
    named = code.co_varnames[code.co_posonlyargcount : code.co_argcount + code.co_kwonlyargcount]
    return name in named


class Servers:
    """Student servers started with ``serve``; stopped when a test ends.

    Stopping is bounded in time whatever the student's server does (handlers that never
    return, non-daemon threads, a ``serve_forever`` that never ran or never returns,
    forked children that linger): what did not stop is reported, and the trusted side
    then kills the whole process.
    """

    POLL_INTERVAL = 0.01  # the standard 0.5 s would cost seconds per submission

    def __init__(self) -> None:
        self._running: list[tuple[Any, threading.Thread]] = []
        self._threads_before: set[threading.Thread] = set()

    def serve(self, server: Any) -> None:
        if not self._running:
            self._threads_before = set(threading.enumerate())
        serve_forever = server.serve_forever
        takes_interval = _takes_keyword(serve_forever, "poll_interval")
        thread = threading.Thread(
            target=serve_forever,
            # A student's own serve_forever(self) override is served as it is.
            kwargs={"poll_interval": self.POLL_INTERVAL} if takes_interval else {},
            daemon=True,
            name="grader-serve-forever",
        )
        thread.start()
        self._running.append((server, thread))

    def stop_all(self, grace: float = 1.0) -> list[str]:
        """Shut down and close every server; what was still running after ``grace`` s."""
        running, self._running = self._running, []
        if not running:
            return []
        deadline = time.monotonic() + grace
        problems: list[str] = []
        children: set[int] = set()
        for server, thread in running:
            name = type(server).__name__
            if thread.is_alive() and not _finishes(server.shutdown, deadline):
                problems.append(f"{name}.shutdown() did not return")
                # Last resort: at least the port must not stay open.
                listener = getattr(server, "socket", None)
                if listener is not None:
                    _finishes(listener.close, time.monotonic() + 0.1)
                continue
            thread.join(max(0.0, deadline - time.monotonic()))
            if thread.is_alive():
                problems.append(f"{name}.serve_forever() did not return after shutdown()")
            if not _finishes(server.server_close, deadline):
                problems.append(f"{name}.server_close() did not return")
            active = getattr(server, "active_children", None)
            if type(active) is set:
                children |= {pid for pid in active if type(pid) is int}
        left = _wait_for_threads(self._threads_before, deadline)
        if left:
            problems.append(f"{left} thread(s) still running after the clients closed")
        if not _reap(children, deadline):
            problems.append("forked children still running after server_close()")
        return problems


def _finishes(call: Callable[[], object], deadline: float) -> bool:
    """Run ``call`` in a helper thread; whether it returned (or raised) by ``deadline``."""
    thread = threading.Thread(target=_quietly, args=(call,), daemon=True)
    thread.start()
    thread.join(max(0.0, deadline - time.monotonic()))
    return not thread.is_alive()


def _quietly(call: Callable[[], object]) -> None:
    try:
        call()
    except BaseException:
        pass  # a failing shutdown is judged by what is left running afterwards


def _wait_for_threads(before: set[threading.Thread], deadline: float) -> int:
    while True:
        extra = [t for t in threading.enumerate() if t not in before and t.is_alive()]
        if not extra or time.monotonic() >= deadline:
            return len(extra)
        time.sleep(0.005)  # polling with a deadline: threads offer no "all ended" event


def _reap(children: set[int], deadline: float) -> bool:
    """Wait for the servers' own forked children (never anybody else's) until ``deadline``."""
    while children:
        for pid in list(children):
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done = pid  # already reaped (by the server itself)
            if done:
                children.discard(pid)
        if children:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.005)
    return True


def _returned_value(value: Any) -> list[Any]:
    return [True, value]


def _raised_exception(exc: BaseException) -> list[Any]:
    return [False, _describe(exc)]


class Session:
    def __init__(self, sock: _c_socket) -> None:
        self.sock = sock
        self.handles = Handles()
        self.servers = Servers()
        self.modules: dict[str, ModuleType] = {}  # the student's, as imported for the tests
        self.watchdog = facts.Watchdog()

    def value(self, data: Any) -> Any:
        return wire.decode(data, self.handles.resolve)

    def op_import(self, msg: dict[str, Any]) -> Any:
        module = importlib.import_module(msg["module"])
        self.handles.handle_for(module, pin=True)
        if type(module) is ModuleType:
            self.modules[msg["module"]] = module
        return module

    def op_builtins(self, msg: dict[str, Any]) -> Any:
        # A fresh copy each time: whatever a test hands to student code stays the test's.
        return pristine.namespace()

    def op_getattr(self, msg: dict[str, Any]) -> Any:
        return getattr(self.value(msg["target"]), msg["name"])

    def op_setattr(self, msg: dict[str, Any]) -> Any:
        setattr(self.value(msg["target"]), msg["name"], self.value(msg["value"]))

    def op_delattr(self, msg: dict[str, Any]) -> Any:
        delattr(self.value(msg["target"]), msg["name"])

    def op_call(self, msg: dict[str, Any]) -> Any:
        function = self.value(msg["target"])
        args = self.value(msg["args"])
        kwargs = self.value(msg["kwargs"])
        return function(*args, **kwargs)

    def op_getitem(self, msg: dict[str, Any]) -> Any:
        return self.value(msg["target"])[self.value(msg["key"])]

    def op_setitem(self, msg: dict[str, Any]) -> Any:
        self.value(msg["target"])[self.value(msg["key"])] = self.value(msg["value"])

    def op_delitem(self, msg: dict[str, Any]) -> Any:
        del self.value(msg["target"])[self.value(msg["key"])]

    def op_unary(self, msg: dict[str, Any]) -> Any:
        return _UNARY[msg["fn"]](self.value(msg["target"]))

    def op_binary(self, msg: dict[str, Any]) -> Any:
        return _BINARY[msg["fn"]](self.value(msg["a"]), self.value(msg["b"]))

    def op_exec(self, msg: dict[str, Any]) -> Any:
        namespace = ModuleType(msg["name"])
        # Test source never sees the live builtins, which student code may have replaced,
        # and imports the student's modules the tests got, whatever is in sys.modules now.
        namespace.__dict__["__builtins__"] = pristine.exec_builtins(self.modules)
        code = compile(msg["source"], f"<test source {msg['name']}>", "exec")
        exec(code, namespace.__dict__)
        return namespace

    def op_each(self, msg: dict[str, Any]) -> Any:
        """Operations on one object (:mod:`grader.remote.sequences`): for each, ``[True,
        what it returned]`` or ``[False, what it raised]``, in one answer."""
        target = self.value(msg["target"])
        operations = self.value(msg["operations"])
        if type(operations) is not list or len(operations) > sequences.MAX_OPERATIONS:
            raise ValueError(f"each: a list of at most {sequences.MAX_OPERATIONS} operations")
        checked = [sequences.check(operation) for operation in operations]
        # As around every request: no hook of the student's outlives its call, and none
        # is left while what it did is described and kept.
        return sequences.run(target, checked, _returned_value, _raised_exception, _remove_hooks)

    def op_serve(self, msg: dict[str, Any]) -> Any:
        self.servers.serve(self.value(msg["target"]))

    def op_release(self, msg: dict[str, Any]) -> Any:
        grace = msg.get("grace")
        problems = self.servers.stop_all(grace if type(grace) is float else 1.0)
        self.handles.release()
        return problems

    def op_ping(self, msg: dict[str, Any]) -> Any:
        return os.getpid()

    def op_describe(self, msg: dict[str, Any]) -> Any:
        """What kind of object a handle names, for messages (:func:`facts.describe`)."""
        return facts.describe(self.value(msg["target"]))

    def answer(self, msg: dict[str, Any]) -> dict[str, Any]:
        handler = getattr(self, f"op_{msg.get('op')}", None)
        if handler is None:
            return {"id": msg.get("id"), "err": _describe(ValueError(f"bad op {msg.get('op')}"))}
        # Where the code is when a request nears its time limit, for the timeout's message.
        watch = self.watchdog.arm(msg.get("report_after"), msg.get("report_tag"))
        try:
            if msg.get("release_first"):
                self.op_release(msg)
            # A profile or trace function that student code installed could rewrite the
            # locals of the frames that follow: the result stays on the stack, out of
            # its reach, until both are removed.
            outcome = (handler(msg), _remove_hooks())
        except BaseException as exc:
            _remove_hooks()
            self.watchdog.disarm(watch)
            return {"id": msg["id"], "err": _describe(exc)}
        self.watchdog.disarm(watch)
        result = outcome[0]
        try:
            return {"id": msg["id"], "ok": wire.encode(result, self.handles.handle_for)}
        except wire.NotPlain as exc:
            return {"id": msg["id"], "err": _describe(ValueError(f"result not sendable: {exc}"))}

    def serve_forever(self) -> None:
        while True:
            try:
                msg = wire.recv(self.sock)
            except EOFError:
                _exit(0)
            reply = self.answer(msg)
            try:
                data = wire.dumps(reply)
            except (wire.NotPlain, ValueError) as exc:
                data = wire.dumps({"id": msg["id"], "err": _describe(ValueError(str(exc)))})
            self.sock.sendall(data)


def _remove_hooks() -> bool:
    _setprofile(None)
    _settrace(None)
    return True


def _describe(exc: BaseException) -> dict[str, Any]:
    kind = type(exc)
    # The trusted side raises a built-in exception as itself: "builtins" and the bases
    # name only the real built-in classes, found by identity in the real MRO, never a
    # student class named ValueError that says __module__ = "builtins".
    name = pristine.name_of(kind)
    builtin_bases = [
        pristine.name_of(cls)
        for cls in pristine.mro_of(kind)
        if pristine.is_builtin_class(cls) and pristine.strict_issubclass(cls, BaseException)
    ]
    if pristine.is_builtin_class(kind):
        module = "builtins"
    else:
        claimed = pristine.module_of(kind)
        module = claimed if type(claimed) is str and claimed != "builtins" else "?"
    try:
        message = str(exc)
    except BaseException:
        message = f"<{name} with an unprintable message>"
    try:
        text = _student_traceback(exc)
    except BaseException:
        text = ""  # only shown to the student; the answer itself must still go out
    return {
        "attributes": _plain_attributes(exc),
        "type": str.__str__(name),
        "module": str.__str__(module),
        "bases": builtin_bases,
        "message": str.__str__(message)[:4000],
        "traceback": text[-_TRACEBACK_LIMIT:],
    }


def _student_traceback(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    student_frames = [f for f in frames if not f.filename.startswith(_GRADER_DIR)]
    text = "".join(traceback.format_list(student_frames))
    text += "".join(traceback.format_exception_only(type(exc), exc)) if student_frames else ""
    return text.replace(getcwd() + os.sep, "")


_PLAIN_ATTRIBUTE_TYPES = (type(None), bool, int, float, str)


def _plain_attributes(exc: BaseException) -> dict[str, Any]:
    """Public instance attributes of an exception that are plain scalars (e.g. a
    ``code``), so tests can check them; anything else stays in the student process."""
    try:
        items = list(pristine.strict_vars(exc).items())[:20]
    except BaseException:
        return {}
    found: dict[str, Any] = {}
    for key, value in items:
        if type(key) is not str or key.startswith("_"):
            continue
        if type(value) not in _PLAIN_ATTRIBUTE_TYPES:
            continue
        if type(value) is str and len(value) > 1000:
            continue
        if type(value) is float and value != value:
            continue  # NaN does not survive JSON
        found[key] = value
    return found


_GRADER_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def apply_limits(limits: dict[str, int]) -> None:
    pairs = {
        "as": resource.RLIMIT_AS,
        "cpu": resource.RLIMIT_CPU,
        "nofile": resource.RLIMIT_NOFILE,
        "core": resource.RLIMIT_CORE,
        "fsize": resource.RLIMIT_FSIZE,
        "nproc": resource.RLIMIT_NPROC,
    }
    for key, value in limits.items():
        which = pairs[key]
        _, hard = resource.getrlimit(which)
        # The soft CPU limit sits below the hard one so the process gets SIGXCPU first.
        soft = value
        new_hard = value + 1 if key == "cpu" else value
        if hard != resource.RLIM_INFINITY:
            soft, new_hard = min(soft, hard), min(new_hard, hard)
        resource.setrlimit(which, (soft, new_hard))


def main() -> None:
    config = json.loads(sys.argv[1])
    sock = _c_socket(fileno=int(config["fd"]))
    apply_limits({k: int(v) for k, v in config["limits"].items()})
    threading.stack_size(1 << 20)
    os.chdir(config["workdir"])
    # The student's folder comes first; the grader's own folder is dropped, so a
    # student file can neither shadow nor reach the grader's modules by import.
    sys.path[:] = [config["workdir"]] + [p for p in sys.path if p and p != config["grader_path"]]
    sys.argv[:] = [config["workdir"]]
    forget_the_grader(config["grader_path"])
    # Before any student code: the trusted side knows the sandbox and interpreter
    # started, and tells a failure of theirs from the student's.
    sock.sendall(wire.dumps({"id": 0, "ok": HELLO}))
    Session(sock).serve_forever()


def forget_the_grader(grader_path: str) -> None:
    """Drop the grader's modules from ``sys.modules`` and its folder from the import
    caches: ``import grader.remote.child`` in student code then fails instead of handing
    over the running child's module to patch. What is running keeps its references."""
    for name in [m for m in sys.modules if m == "grader" or m.startswith("grader.")]:
        del sys.modules[name]
    for entry in [e for e in sys.path_importer_cache if e.startswith(grader_path)]:
        del sys.path_importer_cache[entry]
    importlib.invalidate_caches()


HELLO = "student process ready"
