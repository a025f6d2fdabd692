"""`make demo`: the tutorial's text, then its three views, the same as the README's pictures."""

import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).parent.parent
FIGURES = ROOT / "notebooks" / "figures"


def test_demo_prints_the_tutorial_and_writes_the_readme_pictures(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "viz.demo", str(tmp_path)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    out = re.sub(r"0x[0-9a-f]+", "0x...", done.stdout)
    assert out.startswith(
        "Gradient function for z = <AddBackward0 object at 0x...>\n"
        "Gradient function for loss = <BinaryCrossEntropyWithLogitsBackward0 object at 0x...>\n"
    )
    assert "Call after zeroing gradients\ntensor([[4., 2., 2., 2., 2.]," in out
    for name in ("tensor", "autograd", "value"):
        made = tmp_path / f"tutorial-{name}-view.svg"
        assert str(made) in out
        # The README shows the committed copies: they must be what the demo draws today.
        assert made.read_bytes() == (FIGURES / made.name).read_bytes(), made.name
