"""The status page at `/`, rendered by a real headless browser (Debian's Chromium)."""
import json
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
import requests

from conftest import FIXTURES, Node, REPO

SCREENSHOT = REPO / "Tests" / "E2E" / "artifacts" / "status-page.png"


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    pytest.fail("Chromium is not installed: `make pydeps` installs it (apt package chromium)")


def browser(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--disable-dev-shm-usage", *args],
        capture_output=True, text=True, timeout=timeout)


def png_size_and_colours(path: Path) -> tuple[int, int, int]:
    """Width, height and the number of distinct colours of an 8-bit RGB(A) PNG."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height, depth, colour_type = struct.unpack(">IIBB", data[16:26])
    assert depth == 8 and colour_type in (2, 6)
    chunks, at = b"", 8
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        if kind == b"IDAT":
            chunks += data[at + 8:at + 8 + length]
        at += 12 + length
    raw = zlib.decompress(chunks)
    channels = 3 if colour_type == 2 else 4
    stride = width * channels + 1
    # Colours of the first byte-column of each filtered row are enough to tell a page from a blank.
    colours = {raw[row * stride + 1:row * stride + 1 + 3 * channels] for row in range(height)}
    return width, height, len(colours)


def test_status_page_in_a_headless_browser(tmp_path):
    node = Node(tmp_path, ["10003"])
    broken = json.loads((FIXTURES / "10003").read_text())
    broken[0]["output"] = {"type": "nowhere"}
    (node.workdir / "projects" / "20000").write_text(json.dumps(broken))
    node.start()
    try:
        ids = [node.post({"projectID": 10003, "projectVersion": "0.1", "data": f"status {i} <script>"}).json()["messageID"] for i in range(3)]
        for message_id in ids:
            node.wait_final(message_id)
        page = requests.get(node.url + "/", timeout=10)
        assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
        assert "<script>" not in page.text, "message data must be escaped"

        dom = browser("--dump-dom", node.url + "/").stdout
        assert "Sprout node" in dom and "sprout-wasm" in dom
        assert dom.count('class="chip outputted"') >= 3
        assert 'not loaded:' in dom and 'output type "nowhere"' in dom.replace("&quot;", '"')

        SCREENSHOT.parent.mkdir(exist_ok=True)
        SCREENSHOT.unlink(missing_ok=True)
        browser(f"--screenshot={SCREENSHOT}", "--window-size=1280,900", node.url + "/")
        width, height, colours = png_size_and_colours(SCREENSHOT)
        assert (width, height) == (1280, 900)
        assert colours >= 4, "the screenshot looks blank"
    finally:
        node.stop()
