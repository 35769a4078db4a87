"""Small automatic changes (mutations) of a reference solution, one change per mutant.

Each mutant is described by where and what (``line 12: < -> <=``), in a stable order,
so that a teacher can list the mutants judged equivalent to the original by their
description.
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Iterator
from dataclasses import dataclass

_BINARY_SWAPS: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.FloorDiv,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Div,
    ast.Mod: ast.FloorDiv,
    ast.Pow: ast.Mult,
}
_COMPARE_SWAPS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
}
_SYMBOL: dict[type[ast.AST], str] = {
    ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//",
    ast.Mod: "%", ast.Pow: "**", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
    ast.Eq: "==", ast.NotEq: "!=", ast.Is: "is", ast.IsNot: "is not", ast.In: "in",
    ast.NotIn: "not in", ast.And: "and", ast.Or: "or",
}  # fmt: skip
_NAME_SWAPS = {"min": "max", "max": "min", "True": "False", "False": "True"}
_DECORATORS = {"property", "classmethod", "staticmethod"}


@dataclass(frozen=True)
class Mutant:
    number: int
    line: int
    description: str
    source: str

    @property
    def label(self) -> str:
        return f"line {self.line}: {self.description}"


def _symbol(op: ast.AST) -> str:
    return _SYMBOL.get(type(op), type(op).__name__)


def _skipped_nodes(tree: ast.AST) -> set[int]:
    """Docstrings, and the strings of error messages (free text in every contract)."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise | ast.JoinedStr):
            found.update(
                id(inner)
                for inner in ast.walk(node)
                if isinstance(inner, ast.Constant) and isinstance(inner.value, str)
            )
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            found.add(id(body[0]))
            found.add(id(body[0].value))
    return found


def _is_string_statement(node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def _changes(node: ast.AST, skip: set[int]) -> Iterator[tuple[str, ast.AST | None]]:
    """(description, replacement) pairs for one node; ``None`` replacement means the
    change was made in place on the copy (see ``_apply``)."""
    if id(node) in skip:
        return
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY_SWAPS:
        new = _BINARY_SWAPS[type(node.op)]()
        yield f"{_symbol(node.op)} -> {_symbol(new)}", ast.BinOp(node.left, new, node.right)
    elif isinstance(node, ast.AugAssign) and type(node.op) in _BINARY_SWAPS:
        new = _BINARY_SWAPS[type(node.op)]()
        yield (
            f"{_symbol(node.op)}= -> {_symbol(new)}=",
            ast.AugAssign(node.target, new, node.value),
        )
    elif (
        isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _COMPARE_SWAPS
    ):
        new_cmp = _COMPARE_SWAPS[type(node.ops[0])]()
        yield (
            f"{_symbol(node.ops[0])} -> {_symbol(new_cmp)}",
            ast.Compare(node.left, [new_cmp], node.comparators),
        )
    elif isinstance(node, ast.BoolOp):
        other = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        yield f"{_symbol(node.op)} -> {_symbol(other)}", ast.BoolOp(other, node.values)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not | ast.USub):
        yield f"drop unary {'not' if isinstance(node.op, ast.Not) else '-'}", node.operand
    elif isinstance(node, ast.Constant) and type(node.value) is int:
        yield f"{node.value} -> {node.value + 1}", ast.Constant(node.value + 1)
        if node.value != 0:
            yield f"{node.value} -> 0", ast.Constant(0)
    elif isinstance(node, ast.Constant) and type(node.value) is float:
        yield f"{node.value!r} -> {node.value + 1!r}", ast.Constant(node.value + 1)
    elif isinstance(node, ast.Constant) and type(node.value) is str and node.value:
        yield f"{node.value!r} -> 'XX'", ast.Constant("XX")
    elif isinstance(node, ast.Constant) and type(node.value) is bool:
        yield f"{node.value} -> {not node.value}", ast.Constant(not node.value)
    elif isinstance(node, ast.Name) and node.id in _NAME_SWAPS and isinstance(node.ctx, ast.Load):
        yield f"{node.id} -> {_NAME_SWAPS[node.id]}", ast.Name(_NAME_SWAPS[node.id], ast.Load())
    elif isinstance(node, ast.Return) and node.value is not None:
        yield "return None", ast.Return(ast.Constant(None))
    elif isinstance(node, ast.If):
        yield (
            "negate if condition",
            ast.If(ast.UnaryOp(ast.Not(), node.test), node.body, node.orelse),
        )
    if isinstance(
        node, ast.Assign | ast.AugAssign | ast.Expr | ast.Raise | ast.AnnAssign
    ) and not isinstance(node, ast.Return):
        yield f"delete statement `{_short(node)}`", ast.Pass()
    if isinstance(node, ast.FunctionDef):
        for index, decorator in enumerate(node.decorator_list):
            if isinstance(decorator, ast.Name) and decorator.id in _DECORATORS:
                stripped = copy.copy(node)
                stripped.decorator_list = [
                    d for i, d in enumerate(node.decorator_list) if i != index
                ]
                yield f"remove @{decorator.id} from {node.name}", stripped


def _short(node: ast.AST) -> str:
    text = ast.unparse(node).splitlines()[0]
    return text if len(text) <= 50 else text[:47] + "..."


class _Replace(ast.NodeTransformer):
    def __init__(self, target: ast.AST, replacement: ast.AST) -> None:
        self.target, self.replacement = target, replacement

    def visit(self, node: ast.AST) -> ast.AST:
        if node is self.target:
            return ast.copy_location(self.replacement, node)
        return super().visit(node)  # type: ignore[no-any-return]


def mutants(source: str) -> list[Mutant]:
    """Every single-change mutant of ``source`` that differs from it, in a stable order."""
    original = ast.parse(source)
    baseline = ast.unparse(original)
    skip = _skipped_nodes(original)
    candidates: list[tuple[int, int, int, str]] = []  # (line, col, index, description)
    nodes = list(ast.walk(original))
    for index, node in enumerate(nodes):
        for description, _ in _changes(node, skip):
            line = getattr(node, "lineno", 0)
            candidates.append((line, getattr(node, "col_offset", 0), index, description))
    candidates.sort()
    result: list[Mutant] = []
    seen: set[str] = {baseline}
    for line, _, index, description in candidates:
        tree = copy.deepcopy(original)
        target = list(ast.walk(tree))[index]
        replacement = next(r for d, r in _changes(target, _skipped_nodes(tree)) if d == description)
        assert replacement is not None
        mutated = _Replace(target, replacement).visit(tree)
        ast.fix_missing_locations(mutated)
        text = ast.unparse(mutated)
        if text in seen:
            continue
        try:
            compile(text, "<mutant>", "exec")
        except SyntaxError:
            continue
        seen.add(text)
        result.append(Mutant(len(result) + 1, line, description, text + "\n"))
    return result
