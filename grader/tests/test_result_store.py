"""The class grading's result store: what it keeps is what it gives back."""

from __future__ import annotations

import json
from pathlib import Path

from grader.batch.store import ResultStore
from grader.results import Containment

from .report_fixture import GOODS, PAGER, PRIVATE

WORKER = Containment(
    tier="namespaces+uid",
    mechanisms=("bubblewrap",),
    notes=("not in the student's sandbox at all: the hidden tests (tests/)",),
    warnings=("a warning",),
    exposed=(),
)


def test_a_result_comes_back_whole_with_where_it_was_graded(tmp_path: Path) -> None:
    store = ResultStore(tmp_path, kit="k" * 64)
    store.put("a" * 64, PAGER, WORKER)
    store.put("a" * 64, GOODS)  # written before the containment was kept
    kept = store.get("a" * 64, PAGER.id)
    assert kept is not None and kept.result == PAGER and kept.where == WORKER
    # The engine's sentences stay data: a zh report of the kept result says them in zh.
    assert [type(t.message) for t in kept.result.tests] == [type(t.message) for t in PAGER.tests]
    old = store.get("a" * 64, GOODS.id)
    assert old is not None and old.result == GOODS and old.where is None
    assert store.get("a" * 64, PRIVATE.id) is None


def test_another_kit_or_a_broken_file_is_graded_again(tmp_path: Path) -> None:
    ResultStore(tmp_path, kit="k" * 64).put("a" * 64, PAGER, WORKER)
    assert ResultStore(tmp_path, kit="j" * 64).get("a" * 64, PAGER.id) is None
    store = ResultStore(tmp_path, kit="k" * 64)
    (path,) = tmp_path.rglob(f"{PAGER.id}.json")
    data = json.loads(path.read_text("utf-8"))
    data["containment"] = {"tier": "x"}  # fields missing
    path.write_text(json.dumps(data), "utf-8")
    assert store.get("a" * 64, PAGER.id) is None
