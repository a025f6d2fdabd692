"""Each notebook, exported to HTML as nbconvert does it, shows its pictures in a real browser.

The saved notebook (the one a learner opens) is converted to HTML, opened in
headless Chromium 1,000 pixels wide, and checked from inside the page: every
figure is an image that loaded, has a size, is shown at its own size (not
shrunk) and fits the page; a step-through player shows one frame and moves
to the next on "next"; no output is a bare object repr such as
``<viz._common.Graph at 0x...>``. A screenshot of each notebook is kept in
``build/notebooks/`` for a human to look at. One browser serves every notebook
(over the DevTools protocol), each page in a window of its own, in a process of its
own that goes on while other tests run (tests/_background.py).

Needs nbconvert (the ``notebooks`` extra) and Chromium (``make chromium``);
skips, saying which is missing, without them.
"""

import base64
import functools
import json
import os
import pathlib
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time

import pytest
from _background import Runs, popen

nbformat = pytest.importorskip("nbformat")
nbconvert = pytest.importorskip("nbconvert", reason="nbconvert is not installed (notebooks extra)")

ROOT = pathlib.Path(__file__).parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
OUT = ROOT / "build" / "notebooks"
PAGE_WIDTH = 1000

_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BROWSER = next((shutil.which(b) for b in _BROWSERS if shutil.which(b)), None)
pytestmark = pytest.mark.skipif(
    BROWSER is None, reason="Chromium is not installed (make chromium, or apt-get install chromium)"
)

# Flags for a quiet, offline, throwaway browser (no sandbox: tests may run as root in a container).
_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]

# Runs in the page once everything has loaded; leaves its findings as JSON in the DOM.
_CHECK = """
<script>
window.addEventListener("load", function () {
  var figures = [], bare = [], players = [], error = null;
  try {
  function box(el) {
    var r = el.getBoundingClientRect();
    return {loaded: el.complete && el.naturalWidth > 0, natural: el.naturalWidth,
            width: r.width, height: r.height, right: r.right};
  }
  // Step-through players: one frame shown at a time, and "next" shows the next one.
  document.querySelectorAll(".viz-steps").forEach(function (player) {
    var frames = Array.prototype.slice.call(player.querySelectorAll(".viz-frame"));
    var shown = function () {
      return frames.filter(function (f) { return f.offsetParent !== null; })
                   .map(function (f) { return +f.getAttribute("data-step"); });
    };
    var before = shown();
    var img = frames.filter(function (f) { return f.offsetParent !== null; })
                    .map(function (f) { return box(f.querySelector("img")); });
    player.querySelector(".viz-next").click();
    var after = shown();
    // Step through every frame: where does each frame's picture begin on the page?
    var tops = [];
    player.querySelector(".viz-slider").value = 1;
    player.querySelector(".viz-slider").oninput();
    for (var k = 0; k < frames.length; k++) {
      var visible = frames.filter(function (f) { return f.offsetParent !== null; });
      var shownImage = visible.length ? visible[0].querySelector("img") : null;
      tops.push(shownImage ? shownImage.getBoundingClientRect().top : null);
      player.querySelector(".viz-next").click();
    }
    players.push({frames: frames.length, before: before, after: after, image: img[0] || null,
                  tops: tops,
                  controls: player.querySelector(".viz-controls").offsetParent !== null});
  });
  document.querySelectorAll(".jp-OutputArea-output img, .jp-OutputArea-output svg").forEach(
    function (el) {
      if (el.closest(".viz-steps")) return;  // checked above
      if (el.closest("svg") !== el && el.tagName.toLowerCase() === "svg") return;
      var box = el.getBoundingClientRect();
      var cell = el.closest(".jp-Cell");
      var output = el.closest(".jp-OutputArea-output");
      figures.push({
        tag: el.tagName.toLowerCase(),
        // nbconvert marks SVG outputs with their MIME type, PNG ones only by class.
        mime: output.getAttribute("data-mime-type") || output.className.split(" ")[0],
        loaded: el.tagName.toLowerCase() === "svg" || (el.complete && el.naturalWidth > 0),
        natural: el.naturalWidth || box.width,
        width: box.width, height: box.height, right: box.right,
        cell: Array.prototype.indexOf.call(document.querySelectorAll(".jp-Cell"), cell)
      });
    });
  document.querySelectorAll('.jp-OutputArea-output[data-mime-type="text/plain"]').forEach(
    function (el) {
      var text = el.textContent.trim();
      if (/^<[^<>]* at 0x[0-9a-fA-F]+>$/.test(text)) bare.push(text);
    });
  } catch (e) { error = String(e); }
  var out = document.createElement("pre");
  out.id = "browser-check";
  out.style.display = "none";
  out.textContent = JSON.stringify({
    figures: figures, bare: bare, players: players, error: error,
    height: document.documentElement.scrollHeight
  });
  document.body.appendChild(out);
});
</script>
"""


def _html(path: pathlib.Path) -> str:
    exporter = nbconvert.HTMLExporter(template_name="lab")
    body, _ = exporter.from_notebook_node(nbformat.read(path, as_version=4))
    # The page must not wait on the network: drop scripts fetched from a CDN
    # (require.js, MathJax), which the figures do not need.
    body = re.sub(r'<script[^>]*src="https?://[^"]*"[^>]*>\s*</script>', "", body)
    return body.replace("</body>", _CHECK + "</body>")


class _Browser:
    """One headless Chromium for every notebook, driven over the DevTools protocol
    (``--remote-debugging-pipe``: JSON messages on the browser's file descriptors 3
    and 4, each ended by a NUL byte). Each page opens in a new window 1,000 pixels
    wide and is closed after; the browser starts once, not twice per notebook."""

    def __init__(self) -> None:
        self.profile = tempfile.TemporaryDirectory()
        to_browser, self._to_browser = os.pipe()
        self._from_browser, from_browser = os.pipe()

        def on_fds_3_and_4() -> None:  # in the child, before exec
            os.dup2(to_browser, 3)
            os.dup2(from_browser, 4)

        self.process = subprocess.Popen(
            [
                BROWSER,
                *_FLAGS,
                "--remote-debugging-pipe",
                f"--user-data-dir={self.profile.name}",
                f"--window-size={PAGE_WIDTH},800",
            ],
            pass_fds=(3, 4),
            preexec_fn=on_fds_3_and_4,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env={**os.environ, "HOME": self.profile.name},
        )
        os.close(to_browser)
        os.close(from_browser)
        self._count = 0
        self._buffer = b""
        self._events: list = []

    def _receive(self) -> dict:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._from_browser], [], [], 120)
            chunk = os.read(self._from_browser, 1 << 16) if ready else b""
            if not chunk:
                self.process.kill()
                raise AssertionError(
                    "Chromium stopped answering:\n" + self.process.stderr.read().decode()[-2000:]
                )
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method: str, session: str = "", **params) -> dict:
        self._count += 1
        message = {"id": self._count, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._receive()
            if answer.get("id") == self._count:
                assert "error" not in answer, f"{method}: {answer['error']}"
                return answer["result"]
            self._events.append(answer)

    def wait_for(self, event: str, session: str) -> None:
        while True:
            for i, m in enumerate(self._events):
                if m.get("method") == event and m.get("sessionId") == session:
                    del self._events[i]
                    return
            self._events.append(self._receive())

    def close(self) -> None:
        try:
            self.call("Browser.close")
            self.process.wait(30)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            os.close(self._to_browser)
            os.close(self._from_browser)
            self.process.stderr.close()
            self.profile.cleanup()


def _findings_and_screenshot(browser: _Browser, page: pathlib.Path, shot: pathlib.Path) -> dict:
    """The page's check (its JSON); a screenshot of the whole page goes to ``shot``."""
    target = browser.call(
        "Target.createTarget", url="about:blank", newWindow=True, width=PAGE_WIDTH, height=800
    )["targetId"]
    session = browser.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
    try:
        browser.call("Page.enable", session)
        browser.call("Page.navigate", session, url=page.as_uri())
        browser.wait_for("Page.loadEventFired", session)
        text = None
        for _ in range(50):  # the check leaves its JSON in the page when "load" has run
            text = browser.call(
                "Runtime.evaluate",
                session,
                expression="(document.getElementById('browser-check') || {}).textContent",
                returnByValue=True,
            )["result"].get("value")
            if text:
                break
            time.sleep(0.1)
        assert text, "the page's check did not run"
        found = json.loads(text)
        # A screenshot of the whole notebook, for a human to look at.
        height = min(max(int(found["height"]), 600), 16000)
        clip = {"x": 0, "y": 0, "width": PAGE_WIDTH, "height": height, "scale": 1}
        png = browser.call(
            "Page.captureScreenshot", session, format="png", captureBeyondViewport=True, clip=clip
        )["data"]
        shot.write_bytes(base64.b64decode(png))
    finally:
        browser.call("Target.closeTarget", targetId=target)
    return found


def _figure_cells(path: pathlib.Path) -> int:
    nb = nbformat.read(path, as_version=4)
    return sum(
        1
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if any(k.startswith("image/") for k in out.get("data", {}))
    )


def _players(path: pathlib.Path) -> int:
    nb = nbformat.read(path, as_version=4)
    return sum(
        out.get("data", {}).get("text/html", "").count('class="viz-steps"')
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
    )


def _look_at_every_notebook(findings: pathlib.Path) -> None:
    """Export each notebook, open it in one browser, and write what each page's check
    found to ``findings`` (JSON, by the notebook's name); the screenshots go to OUT."""
    OUT.mkdir(parents=True, exist_ok=True)
    browser = _Browser()
    found = {}
    try:
        for path in NOTEBOOKS:
            page = OUT / f"{path.stem}.html"
            page.write_text(_html(path), encoding="utf-8")
            shot = OUT / f"{path.stem}.png"
            if shot.exists():
                shot.unlink()
            found[path.stem] = _findings_and_screenshot(browser, page, shot)
    finally:
        browser.close()
    findings.write_text(json.dumps(found))


def _browse() -> dict:
    """What the pages' checks found, by notebook: the export and the browser run in
    a process of their own, queued with the other slow runs (tests/_background.py)."""
    with tempfile.TemporaryDirectory() as tmp:
        findings = pathlib.Path(tmp) / "findings.json"
        process = popen(
            [sys.executable, __file__, str(findings)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        _, stderr = process.communicate()
        assert process.returncode == 0, stderr[-3000:]
        return json.loads(findings.read_text())


@functools.cache
def _runs() -> Runs:
    return Runs({"browser": (_browse, ())})


def reads(item) -> list:
    """The runs a test of this file reads (conftest.py queues them before the first test)."""
    shows = item.originalname == "test_notebook_shows_its_figures_in_a_browser"
    return ["browser"] if shows else []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_shows_its_figures_in_a_browser(path):
    found = _runs().result("browser")[path.stem]
    shot = OUT / f"{path.stem}.png"

    assert found["error"] is None, f"the page's check failed: {found['error']}"
    figures = found["figures"]
    assert len(figures) == _figure_cells(path), "every image output is on the page"
    for fig in figures:
        where = f"{path.name}, cell {fig['cell']}: {fig['mime']}"
        assert fig["loaded"], f"{where} did not load"
        assert fig["width"] > 0 and fig["height"] > 0, f"{where} has no size"
        # Shown at its own size: a picture squeezed by the page would be unreadable.
        assert abs(fig["width"] - fig["natural"]) <= 1, (
            f"{where} is {fig['natural']:.0f} px wide, shrunk to {fig['width']:.0f} px"
        )
        assert fig["right"] <= PAGE_WIDTH, f"{where} ends at {fig['right']:.0f} px, off the page"
    assert found["bare"] == [], f"{path.name} shows bare object reprs: {found['bare']}"
    for player in found["players"]:
        where = f"{path.name}: step-through player"
        assert player["controls"], f"{where}: its buttons are not shown (did its script run?)"
        assert player["before"] == [1] and player["after"] == [min(2, player["frames"])], where
        image = player["image"]
        assert image["loaded"] and image["width"] > 0 and image["height"] > 0, where
        assert abs(image["width"] - image["natural"]) <= 1 and image["right"] <= PAGE_WIDTH, where
        # The picture does not move between frames (captions of different lengths).
        tops = player["tops"]
        assert len(tops) == player["frames"] and max(tops) - min(tops) <= 1, f"{where}: {tops}"
    assert len(found["players"]) == _players(path)
    assert shot.read_bytes().startswith(b"\x89PNG"), "no screenshot"


if __name__ == "__main__":  # what _browse runs: python tests/test_notebooks_browser.py FILE
    _look_at_every_notebook(pathlib.Path(sys.argv[1]))
