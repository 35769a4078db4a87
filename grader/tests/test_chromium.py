"""The HTML report opened in a real browser: headless Chromium (Debian's ``chromium``
package; ``.ci/run`` installs it) renders the page, screenshots it and prints it."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from grader.render.formats import FORMATS
from grader.sandbox.reaper import descendants

from .conftest import _reap_ready, _resource_tracker
from .report_fixture import REPORT, options

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)"
)
WIDTH, HEIGHT = 1000, 1400


def chromium(page: Path, *args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    try:
        return _run_chromium(page, args, profile)
    finally:
        # Helpers of the browser may outlive it for a moment: end them, deterministically
        # (not multiprocessing's resource tracker, which a class grading test of this
        # process may have started and still needs).
        for pid in descendants(os.getpid()):
            if not _resource_tracker(pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        _reap_ready()


def _run_chromium(
    page: Path, args: tuple[str, ...], profile: Path
) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-crash-reporter",
            "--no-first-run",
            f"--user-data-dir={profile}",
            *args,
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "LANG": "C.UTF-8"},
    )


def decode_png(data: bytes) -> tuple[int, int, int, list[bytes]]:
    """Width, height, channels and the unfiltered rows of an 8-bit RGB(A) PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, idat = 8, b""
    width = height = channels = 0
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        position += 12 + length
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert (depth, interlace) == (8, 0) and color in (2, 6)
            channels = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += body
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind_of_filter = raw[start]
        line = bytearray(raw[start + 1 : start + 1 + stride])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up = previous[x]
            if kind_of_filter == 1:
                line[x] = (line[x] + left) & 255
            elif kind_of_filter == 2:
                line[x] = (line[x] + up) & 255
            elif kind_of_filter == 3:
                line[x] = (line[x] + ((left + up) >> 1)) & 255
            elif kind_of_filter == 4:
                corner = previous[x - channels] if x >= channels else 0
                guess = left + up - corner
                pa, pb, pc = abs(guess - left), abs(guess - up), abs(guess - corner)
                nearest = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[x] = (line[x] + nearest) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "report.html"
    path.write_text(FORMATS["html"].render(REPORT, options()), encoding="utf-8")
    return path


def test_chromium_renders_the_total_score(page: Path, tmp_path: Path) -> None:
    done = chromium(page, "--dump-dom", profile=tmp_path / "profile")
    assert done.returncode == 0, done.stderr[-2000:]
    assert '<span id="total-score">20/60</span>' in done.stdout
    assert "public tests: 1 of 2 failed; hidden tests: 2 of 3 failed" in done.stdout
    assert "<script" not in done.stdout  # the student's markup stayed text in the DOM


def test_chromium_screenshot_is_a_page_of_the_right_size(page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    done = chromium(
        page,
        f"--screenshot={shot}",
        f"--window-size={WIDTH},{HEIGHT}",
        "--hide-scrollbars",
        profile=tmp_path / "profile",
    )
    assert done.returncode == 0, done.stderr[-2000:]
    width, height, channels, rows = decode_png(shot.read_bytes())
    assert (width, height) == (WIDTH, HEIGHT)
    pixels = [row[x : x + 3] for row in rows[::4] for x in range(0, len(row), channels * 4)]
    inked = sum(pixel != b"\xff\xff\xff" for pixel in pixels)
    assert inked / len(pixels) > 0.01, "the screenshot is blank"
    assert len(set(pixels)) > 16  # text, the score bar, status colours: not a flat image


def test_chromium_prints_the_report(page: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    done = chromium(
        page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", profile=tmp_path / "profile"
    )
    assert done.returncode == 0, done.stderr[-2000:]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert data.count(b"/Type /Page") - data.count(b"/Type /Pages") >= 1
