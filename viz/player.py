"""``viz.step_through(loss)``: the backward pass as a player, in Jupyter and in plain HTML.

The frames of :func:`viz.backward_steps` with their captions and a legend.
In a notebook (and in its HTML export, where no kernel runs) it shows one
frame at a time with previous/next buttons and a slider, written in a few
lines of self-contained JavaScript; where scripts do not run, the frames
stand one below the other. With ipywidgets installed, ``.widget()`` gives a
slider driven by the kernel.

>>> from autograd_scalar import Value
>>> import viz
>>> a = Value(2.0, label="a")
>>> b = Value(-3.0, label="b")
>>> c = a * b
>>> c.label = "c"
>>> player = viz.step_through(c)
>>> len(player), player.rows()[-1]
(1, {'c': 1.0, 'a': -3.0, 'b': 2.0})
"""

from __future__ import annotations

import base64
import html
import itertools
import sys
from typing import Any, List, Optional

from . import _common as C
from ._names import Names, NamesArg, caller_namespaces
from .steps import Step, _seeds, render_steps, trace
from .value_view import Root, ValueGraph

__all__ = ["StepThrough", "step_through"]

LEGEND = (
    ("#ffe680", "this step's node, passing its gradient on"),
    ("bold", "complete (every use has sent its share)"),
    ("plain", "still being summed"),
    ("grey", "nothing has arrived yet"),
    ("red", "the gradient this step sends back to an input (black arrows: the forward pass)"),
)

_ids = itertools.count()


class StepThrough:
    """The steps of a backward pass: ``steps`` (data), ``frames`` (pictures), a player.

    ``rows()`` gives each step's gradients by name; ``widget()`` an ipywidgets
    player; Jupyter shows an HTML player that needs no kernel.
    """

    def __init__(self, vg: ValueGraph, steps: List[Step], frames: List[C.Graph]) -> None:
        self._vg = vg
        self.steps = steps
        self.frames = frames

    def __len__(self) -> int:
        return len(self.steps)

    def rows(self) -> List[dict]:
        """Each step's gradients so far, by the Values' names (unnamed Values left out)."""
        return [
            {self._vg.name(v): g for v, g in step.grads.items() if self._vg.name(v)}
            for step in self.steps
        ]

    def text(self) -> str:
        """Every step's caption, one after the other."""
        return "\n".join(step.caption for step in self.steps)

    def _legend_html(self) -> str:
        items = []
        for key, words in LEGEND:
            if key.startswith("#"):
                mark = f'<span style="background:{key};border:1px solid #999;padding:0 8px"></span>'
            elif key == "bold":
                mark = "<b>grad</b>"
            elif key == "plain":
                mark = "grad"
            elif key == "grey":
                mark = '<span style="color:#999">grad ?</span>'
            else:
                mark = '<span style="color:red;font-weight:bold">&#8592;</span>'
            items.append(f"<span style='margin-right:1.5em'>{mark}: {html.escape(words)}</span>")
        return "<div style='font-size:12px;margin:4px 0'>" + "".join(items) + "</div>"

    def to_html(self) -> str:
        """A self-contained player: every frame is on the page; a script shows one at a time."""
        uid = f"viz-steps-{next(_ids)}"
        parts = [f'<div class="viz-steps" id="{uid}">', self._legend_html()]
        parts.append(
            '<div class="viz-controls" style="display:none;margin:4px 0">'
            '<button type="button" class="viz-prev">&#9664; previous</button> '
            f'<input type="range" class="viz-slider" min="1" max="{len(self.frames)}" value="1"> '
            '<button type="button" class="viz-next">next &#9654;</button> '
            '<span class="viz-where"></span></div>'
        )
        # Every caption as tall as the longest (pre does not wrap), so the picture
        # below it stays put from frame to frame.
        lines = max((len(step.caption.splitlines()) for step in self.steps), default=1)
        pre = f"margin:6px 0;line-height:1.3;height:{1.3 * lines:.1f}em;overflow:hidden"
        for step, frame in zip(self.steps, self.frames):
            svg = frame.pipe(format="svg")
            src = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
            alt = html.escape(step.caption.splitlines()[0], quote=True)
            parts.append(
                f'<div class="viz-frame" data-step="{step.index}">'
                f'<pre class="viz-caption" style="{pre}">{html.escape(step.caption)}</pre>'
                # A graph wider than the page scrolls at its own size rather than being
                # shrunk until its text cannot be read (Jupyter fits images to the page).
                '<div style="overflow-x:auto">'
                f'<img src="{src}" alt="{alt}" style="max-width:none"></div></div>'
            )
        parts.append("</div>")
        parts.append(_SCRIPT.replace("UID", uid))
        return "".join(parts)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None, **_: Any) -> dict:
        return {
            "text/html": self.to_html(),
            "text/plain": f"backward in {len(self)} steps\n{self.text()}",
        }

    def widget(self) -> Any:
        """A player driven by the kernel: a slider, previous/next buttons, the caption.

        Needs ipywidgets (``pip install ipywidgets``, in the ``notebooks`` extra).
        """
        try:
            import ipywidgets as w
        except ImportError as e:
            raise ImportError(
                "StepThrough.widget() needs ipywidgets: pip install ipywidgets "
                "(or pip install -e '.[notebooks]'); the HTML player needs nothing"
            ) from e
        pictures = [f.pipe(format="svg") for f in self.frames]
        slider = w.IntSlider(value=1, min=1, max=len(self), description="step")
        prev, nxt = w.Button(description="◀ previous"), w.Button(description="next ▶")
        image = w.Image(value=pictures[0], format="svg+xml")
        caption = w.HTML(f"<pre>{html.escape(self.steps[0].caption)}</pre>")

        def show(change: Any) -> None:
            k = change["new"] - 1
            image.value = pictures[k]
            caption.value = f"<pre>{html.escape(self.steps[k].caption)}</pre>"

        slider.observe(show, names="value")
        prev.on_click(lambda _: setattr(slider, "value", max(1, slider.value - 1)))
        nxt.on_click(lambda _: setattr(slider, "value", min(len(self), slider.value + 1)))
        legend = w.HTML(self._legend_html())
        return w.VBox([legend, w.HBox([prev, slider, nxt]), caption, image])


_SCRIPT = """<script>
(function () {
  var root = document.getElementById("UID");
  if (!root) return;
  var frames = root.querySelectorAll(".viz-frame");
  var slider = root.querySelector(".viz-slider");
  var where = root.querySelector(".viz-where");
  function show(k) {
    k = Math.max(1, Math.min(frames.length, k));
    frames.forEach(function (f, i) { f.style.display = i + 1 === k ? "" : "none"; });
    slider.value = k;
    where.textContent = "step " + k + " of " + frames.length;
  }
  root.querySelector(".viz-controls").style.display = "";
  root.querySelector(".viz-prev").onclick = function () { show(+slider.value - 1); };
  root.querySelector(".viz-next").onclick = function () { show(+slider.value + 1); };
  slider.oninput = function () { show(+slider.value); };
  show(1);
})();
</script>"""


def step_through(
    root: Root,
    names: NamesArg = None,
    *,
    group: bool = True,
    max_nodes: Optional[int] = 500,
    size: C.Size = None,
    leaves: bool = False,
) -> StepThrough:
    """The backward pass of ``root`` as a player: one frame per step, with its caption.

    The arguments are :func:`viz.backward_steps`'s. Jupyter shows a player
    that works without a kernel too (in an HTML export); ``.steps`` holds the
    steps as data, ``.rows()`` their gradients by name, ``.widget()`` an
    ipywidgets player.

    >>> import tensors as torch
    >>> import viz
    >>> w = torch.tensor([1.0, 2.0], requires_grad=True)
    >>> player = viz.step_through((w * w).sum())
    >>> [step.name for step in player.steps][:1], len(player)
    (['(Σ 5)'], 3)
    """
    frame = sys._getframe(1)
    try:
        namer = Names(names, *caller_namespaces(frame))
    finally:
        del frame
    vg = ValueGraph(root, namer, group=group, max_nodes=max_nodes)
    seeds = _seeds(vg)
    C.size_attr(size)
    steps = list(trace(vg, seeds, leaves))
    return StepThrough(vg, steps, render_steps(vg, steps, size))
