"""Each notebook, exported to HTML as nbconvert does it, shows its pictures in a real browser.

The saved notebook (the one a learner opens) is converted to HTML, opened in
headless Chromium 1,000 pixels wide, and checked from inside the page: every
figure is an image that loaded, has a size, is shown at its own size (not
shrunk) and fits the page; a step-through player shows one frame and moves
to the next on "next"; no output is a bare object repr such as
``<viz._common.Graph at 0x...>``. A screenshot of each notebook is kept in
``build/notebooks/`` for a human to look at.

Needs nbconvert (the ``notebooks`` extra) and Chromium (``make chromium``);
skips, saying which is missing, without them.
"""

import json
import os
import pathlib
import re
import shutil
import subprocess
import tempfile

import pytest

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
    "--virtual-time-budget=5000",
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


def _chromium(*args: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [BROWSER, *_FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "HOME": profile},
        )


def _findings(page: pathlib.Path) -> dict:
    run = _chromium(f"--window-size={PAGE_WIDTH},800", "--dump-dom", page.as_uri())
    found = re.search(r'<pre id="browser-check"[^>]*>(.*?)</pre>', run.stdout, re.S)
    assert found, f"the page's check did not run:\n{run.stderr[-2000:]}"
    text = found.group(1).replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">")
    return json.loads(text.replace("&amp;", "&"))


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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_shows_its_figures_in_a_browser(path):
    OUT.mkdir(parents=True, exist_ok=True)
    page = OUT / f"{path.stem}.html"
    page.write_text(_html(path), encoding="utf-8")
    found = _findings(page)

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

    # A screenshot of the whole notebook, for a human to look at.
    height = min(max(int(found["height"]), 600), 16000)
    shot = OUT / f"{path.stem}.png"
    run = _chromium(f"--window-size={PAGE_WIDTH},{height}", f"--screenshot={shot}", page.as_uri())
    assert shot.exists() and shot.stat().st_size > 0, run.stderr[-2000:]
