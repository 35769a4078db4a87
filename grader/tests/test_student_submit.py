"""``grader submit``: a deterministic zip of exactly the exercise modules, plus a manifest,
that grades as the folder it was made from."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from grader.archives import MAX_MODULE_BYTES
from grader.cli import main
from grader.course import Course
from grader.errors import BadInput
from grader.student.submit import MANIFEST, make_submission, manifest_time

from .conftest import KIT_ROOT

COURSE = str(KIT_ROOT / "course.yaml")
WHEN = dt.datetime(2026, 12, 10, 12, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def _work(root: Path) -> Path:
    """An exercises folder as a student's: 01_fields solved, 03_pager the stub, the
    public tests and specs next to them, state and stray files around; 14_file_server
    has only its server."""
    root.mkdir()
    shutil.copytree(KIT_ROOT / "exercises" / "03_pager", root / "03_pager")
    shutil.copytree(KIT_ROOT / "exercises" / "01_fields", root / "01_fields")
    shutil.copyfile(
        KIT_ROOT / "solutions" / "01_fields" / "province.py", root / "01_fields" / "province.py"
    )
    (root / "14_file_server").mkdir()
    (root / "14_file_server" / "file_server.py").write_text("# server\n")
    (root / "03_pager" / "conftest.py").write_text("raise SystemExit\n")
    (root / "03_pager" / "notes.txt").write_text("todo\n")
    (root / ".grader").mkdir()
    (root / ".grader" / "hints.json").write_text('{"shown": {"03_pager": 1}}\n')
    (root / "submission.zip").write_bytes(b"an old one")
    return root


def test_the_zip_holds_exactly_the_modules_and_a_manifest_with_their_hashes(
    tmp_path: Path, kit_course: Course
) -> None:
    work = _work(tmp_path / "work")
    out = tmp_path / "submission.zip"
    result = make_submission(
        course=kit_course, folder=work, exercise_ids=[], output=out, created_at=WHEN
    )
    expected = ["01_fields/province.py", "03_pager/pager.py", "14_file_server/file_server.py"]
    with zipfile.ZipFile(out) as archive:
        assert archive.namelist() == [MANIFEST, *expected]
        manifest = json.loads(archive.read(MANIFEST))
        contents = {name: archive.read(name) for name in expected}
        infos = archive.infolist()
    for name in expected:
        assert contents[name] == (work / name).read_bytes()
    assert manifest["course"] == "python-day8"
    assert manifest["grader"] == "0.1.0"
    assert manifest["created_at"] == "2026-12-10T04:30:00Z"
    assert manifest["files"] == [
        {
            "path": name,
            "size": len(contents[name]),
            "sha256": hashlib.sha256(contents[name]).hexdigest(),
        }
        for name in expected
    ]
    all_modules = [f"{e.id}/{m}" for e in kit_course.exercises for m in e.modules]
    assert manifest["missing"] == [m for m in all_modules if m not in expected]
    assert "14_file_server/file_client.py" in manifest["missing"]
    assert [(f.path, f.size) for f in result.files] == [(n, len(contents[n])) for n in expected]
    assert result.missing == tuple(manifest["missing"])
    assert result.sha256 == hashlib.sha256(out.read_bytes()).hexdigest()
    assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in infos)
    assert all(i.external_attr >> 16 == 0o100644 for i in infos)


def test_the_same_work_gives_the_same_bytes(tmp_path: Path, kit_course: Course) -> None:
    work = _work(tmp_path / "work")
    first = tmp_path / "a.zip"
    second = tmp_path / "b.zip"
    make_submission(course=kit_course, folder=work, exercise_ids=[], output=first, created_at=WHEN)
    os.utime(work / "03_pager" / "pager.py", (0, 0))  # touched, not changed
    make_submission(course=kit_course, folder=work, exercise_ids=[], output=second, created_at=WHEN)
    assert first.read_bytes() == second.read_bytes()
    (work / "03_pager" / "pager.py").write_text("# changed\n")
    make_submission(
        course=kit_course, folder=work, exercise_ids=[], output=second, created_at=WHEN, force=True
    )
    assert first.read_bytes() != second.read_bytes()
    assert manifest_time({"SOURCE_DATE_EPOCH": "1765000000"}) == dt.datetime(
        2025, 12, 6, 5, 46, 40, tzinfo=dt.timezone.utc
    )
    assert manifest_time({"SOURCE_DATE_EPOCH": "soon"}).tzinfo is dt.timezone.utc


def test_some_exercises_only(tmp_path: Path, kit_course: Course) -> None:
    work = _work(tmp_path / "work")
    out = tmp_path / "s.zip"
    result = make_submission(
        course=kit_course, folder=work, exercise_ids=["03_pager", "01_fields"], output=out
    )
    assert [f.path for f in result.files] == ["01_fields/province.py", "03_pager/pager.py"]
    assert result.missing == ()
    with zipfile.ZipFile(out) as archive:
        assert json.loads(archive.read(MANIFEST))["exercises"] == ["03_pager", "01_fields"]


def _refused(
    kit_course: Course, work: Path, out: Path, *, force: bool = False, ids: list[str] | None = None
) -> str:
    with pytest.raises(BadInput) as refused:
        make_submission(
            course=kit_course, folder=work, exercise_ids=ids or [], output=out, force=force
        )
    message = str(refused.value)
    assert "\n" not in message and refused.value.said("zh") != message
    return message


def test_symlinked_modules_are_refused_never_followed(tmp_path: Path, kit_course: Course) -> None:
    work = _work(tmp_path / "work")
    out = tmp_path / "submission.zip"
    module = work / "03_pager" / "pager.py"
    module.unlink()
    module.symlink_to(KIT_ROOT / "solutions" / "03_pager" / "pager.py")
    message = _refused(kit_course, work, out)
    assert message == (
        f"{module}: is a symbolic link: put the file itself there (links are never submitted)"
    )
    assert not out.exists()
    # An exercise folder that is a link, even to a real copy of the work.
    shutil.rmtree(work / "01_fields")
    (work / "01_fields").symlink_to(KIT_ROOT / "solutions" / "01_fields")
    message = _refused(kit_course, work, out, ids=["01_fields"])
    assert message.startswith(f"{work / '01_fields'}: is a symbolic link")
    assert not out.exists()


def test_modules_larger_than_the_grader_accepts_are_refused(
    tmp_path: Path, kit_course: Course
) -> None:
    work = _work(tmp_path / "work")
    (work / "03_pager" / "pager.py").write_bytes(b"#" * (MAX_MODULE_BYTES + 1))
    message = _refused(kit_course, work, tmp_path / "submission.zip")
    assert message == (
        f"{work / '03_pager' / 'pager.py'}: {MAX_MODULE_BYTES + 1} bytes is too large "
        f"(limit {MAX_MODULE_BYTES})"
    )


def test_an_existing_zip_is_replaced_only_with_force(tmp_path: Path, kit_course: Course) -> None:
    work = _work(tmp_path / "work")
    out = tmp_path / "submission.zip"
    out.write_bytes(b"yesterday's")
    assert _refused(kit_course, work, out) == f"{out}: already exists (use --force to replace it)"
    assert out.read_bytes() == b"yesterday's"
    make_submission(course=kit_course, folder=work, exercise_ids=[], output=out, force=True)
    assert zipfile.is_zipfile(out)
    # A link in the output's place is replaced, not written through.
    target = tmp_path / "target"
    target.write_bytes(b"keep")
    link = tmp_path / "link.zip"
    link.symlink_to(target)
    assert _refused(kit_course, work, link).startswith(f"{link}: already exists")
    make_submission(course=kit_course, folder=work, exercise_ids=[], output=link, force=True)
    assert target.read_bytes() == b"keep" and not link.is_symlink()
    (tmp_path / "folder.zip").mkdir()
    message = _refused(kit_course, work, tmp_path / "folder.zip", force=True)
    assert message == f"{tmp_path / 'folder.zip'}: exists and is not a file"
    message = _refused(kit_course, work, tmp_path / "nowhere" / "s.zip")
    assert (
        message
        == f"{tmp_path / 'nowhere' / 's.zip'}: the folder {tmp_path / 'nowhere'} does not exist"
    )
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_nothing_to_submit(tmp_path: Path, kit_course: Course) -> None:
    (tmp_path / "empty").mkdir()
    message = _refused(kit_course, tmp_path / "empty", tmp_path / "s.zip")
    assert message == (
        f"{tmp_path / 'empty'}: no exercise module found (such as "
        f"{tmp_path / 'empty' / '01_fields' / 'province.py'}): nothing to submit"
    )
    assert not (tmp_path / "s.zip").exists()


def test_the_command_says_what_it_packed_what_is_missing_and_how_to_upload(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    work = _work(tmp_path / "work")
    monkeypatch.chdir(tmp_path)
    args = ["submit", "--course", COURSE, "--path", str(work)]
    code = main([*args, "--lang", "en"])
    out, err = capsys.readouterr()
    assert code == 1, err  # a module is missing: the zip is made, the problem is said
    lines = out.splitlines()
    assert lines[0].startswith("Packed 3 file(s) into submission.zip (SHA-256 ")
    assert lines[1].startswith("  01_fields/province.py  ") and lines[1].endswith(" bytes")
    assert lines[4] == "Still the stubs as given (not started; they score 0): 03_pager"
    assert lines[5].startswith("Missing (not in the zip, graded as not submitted): 02_methods/")
    assert "14_file_server/file_client.py" in lines[5]
    assert lines[6].startswith("Upload submission.zip as it is")
    assert zipfile.is_zipfile(tmp_path / "submission.zip")

    code = main([*args, "--lang", "en"])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err == "grader: error: submission.zip: already exists (use --force to replace it)\n"

    code = main([*args, "pager", "1", "-o", "two.zip", "--lang", "zh"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.startswith("已把 2 个文件打包进 two.zip（SHA-256 ")
    assert "缺少" not in out and "原样上传" in out

    code = main([*args, "pagr", "--lang", "en"])
    _, err = capsys.readouterr()
    assert code == 2 and "unknown exercise 'pagr'" in err and len(err.splitlines()) == 1


def _without_run_details(value: object) -> object:
    """A JSON report without what differs between two runs: times and durations."""
    if isinstance(value, dict):
        return {
            k: _without_run_details(v)
            for k, v in value.items()
            if k not in {"timestamp", "duration_s", "submission"}
        }
    if isinstance(value, list):
        return [_without_run_details(v) for v in value]
    return value


@pytest.mark.slow
def test_the_zip_grades_as_the_folder_it_was_made_from(
    tmp_path: Path,
    kit_course: Course,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    shutil.copytree(KIT_ROOT / "exercises" / "03_pager", work / "03_pager")  # the stub
    shutil.copytree(KIT_ROOT / "exercises" / "01_fields", work / "01_fields")
    shutil.copyfile(
        KIT_ROOT / "solutions" / "01_fields" / "province.py", work / "01_fields" / "province.py"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "160")
    assert main(["submit", "--course", COURSE, "--path", "work", "01", "03", "--lang", "en"]) == 0
    capsys.readouterr()
    reports = {}
    for given in ("work", "submission.zip"):
        args = ["grade", given, "--course", COURSE, "--lang", "en", "--json", f"{given}.json"]
        code = main([*args, "--exercise", "01_fields", "--exercise", "03_pager"])
        out, err = capsys.readouterr()
        assert code == 0, err
        first, _, rest = out.partition("\n")
        assert first.endswith(f"·  {given}")
        report = json.loads((tmp_path / f"{given}.json").read_text(encoding="utf-8"))
        reports[given] = (rest, report)
    (text, report), (zip_text, zip_report) = reports["work"], reports["submission.zip"]
    assert zip_text == text
    assert _without_run_details(zip_report) == _without_run_details(report)
    assert [e["score"] for e in zip_report["exercises"]] == [10, 0]
    # manifest.json is expected at the top of a zip: not reported as unrecognised.
    assert zip_report["unrecognised_files"] == [] and zip_report["grader_errors"] == []


def test_what_the_command_packs_does_not_depend_on_the_working_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    work = _work(tmp_path / "work")
    monkeypatch.chdir(work / "03_pager")  # inside one exercise: still every exercise
    code = main(["submit", "--course", COURSE, "--path", str(work), "-o", str(tmp_path / "a.zip")])
    assert code == 1, capsys.readouterr().err
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        assert len(archive.namelist()) == 4
    # --path naming one exercise's folder: that exercise, nothing missing.
    out = tmp_path / "b.zip"
    code = main(["submit", "--course", COURSE, "--path", str(work / "03_pager"), "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    with zipfile.ZipFile(out) as archive:
        assert archive.namelist() == [MANIFEST, "03_pager/pager.py"]
