"""What the three views share: label escaping, the graph class, the size guard, saving.

Every piece of text that reaches a drawing goes through :func:`text`, and every
label is an HTML-like label built from it, so no name can break the DOT or
inject markup.

>>> text('a<b> & "c"')
'a&lt;b&gt; &amp; &quot;c&quot;'
"""

from __future__ import annotations

import math
import os
import pathlib
import re
import struct
import tempfile
from typing import Any, Iterable, Optional, Union

import graphviz

__all__ = [
    "DotError",
    "DotNotFoundError",
    "Graph",
    "GraphTooLargeError",
    "check_size",
    "fmt",
    "html",
    "save",
    "size_attr",
    "text",
]

_INSTALL = (
    "Graphviz's 'dot' program was not found on PATH; it is needed to render graphs "
    "(building a graph and reading its DOT text with graph.source work without it). "
    "Install Graphviz: 'sudo apt-get install graphviz' on Debian or Ubuntu, "
    "'brew install graphviz' on macOS, 'conda install -c conda-forge graphviz' in conda, "
    "or see https://graphviz.org/download/ (or run 'make demo', which installs it)."
)


class DotNotFoundError(graphviz.ExecutableNotFound):
    """Rendering needs Graphviz's ``dot`` program and it is not installed.

    A subclass of ``graphviz.ExecutableNotFound`` (so code that catches that
    still works) whose message says how to install Graphviz.
    """

    def __init__(self, message: str = _INSTALL) -> None:
        RuntimeError.__init__(self, message)


class DotError(RuntimeError):
    """Graphviz's ``dot`` ran but could not draw a graph; the message names the graph and
    gives dot's own words (``stderr`` holds them as dot wrote them)."""

    def __init__(self, message: str, stderr: str = "") -> None:
        super().__init__(message)
        self.stderr = stderr


# How a failing dot reaches Python through the graphviz package: its exit status,
# its input closed early, or its message cut mid-character (which graphviz cannot decode).
_DOT_FAILURES = (graphviz.CalledProcessError, BrokenPipeError, UnicodeDecodeError)


def _dot_failed(what: str, error: BaseException) -> DotError:
    """One clear error for any way ``dot`` can fail on a graph (an exit status, or its
    input closed early)."""
    stderr = getattr(error, "stderr", None) or ""
    if isinstance(error, UnicodeDecodeError):
        stderr = error.object
    if isinstance(stderr, bytes):
        stderr = stderr.decode("utf-8", "replace")
    said = " ".join(stderr.split()) or str(error)
    return DotError(f"Graphviz's dot could not draw {what}: {said}", stderr)


class GraphTooLargeError(ValueError):
    """A graph has more nodes than can be read (see ``max_nodes=``)."""


# A node statement in Graphviz's DOT body: an identifier, then its attributes.
_NODE_LINE = re.compile(r"^\s*(?!(?:graph|node|edge|subgraph)\b)\w+ \[")
# PNGs are drawn at twice the screen's 96 dpi and shown at half their pixel size, so
# they stay sharp on high-density screens while taking the same room as the SVG.
_PNG_SCALE = 2


class Graph(graphviz.Digraph):
    """A ``graphviz.Digraph`` that Jupyter shows as SVG and PNG, and whose errors say how
    to install Graphviz.

    Its Jupyter display carries SVG, a PNG (which untrusted notebooks, GitHub and
    VS Code show) and a text summary; ``graph.source`` is its DOT text. A graph
    from :func:`viz.backward_steps` has the Value of its step in ``current``,
    the step as data in ``step`` and its text in ``caption``.

    >>> from autograd_scalar import Value
    >>> import viz
    >>> graph = viz.draw_values(Value(2.0, label="a") * 3)
    >>> print(graph.summary())
    the Value view: 4 nodes. viz.save(graph, "graph.svg") writes it to a file (.svg, .png or .pdf).
    """

    current: Any = None
    caption: str = ""
    step: Any = None  # a step-through frame's viz.Step
    what: str = "a graph"

    def node_count(self) -> int:
        """How many nodes the picture holds (records, op circles, boxes of text)."""
        lines = "\n".join(self.body).splitlines()
        return sum(1 for line in lines if _NODE_LINE.match(line))

    def summary(self) -> str:
        """One line for a reader: what this picture is, its size, and how to save it."""
        text = (
            f"{self.what}: {self.node_count()} nodes. "
            'viz.save(graph, "graph.svg") writes it to a file (.svg, .png or .pdf).'
        )
        return f"{self.caption}\n{text}" if self.caption else text

    def png(self) -> tuple:
        """The picture as PNG bytes at twice screen resolution, and its size on screen
        in CSS pixels: ``(data, width, height)``."""
        sharp = self.copy()
        sharp.graph_attr["dpi"] = str(96 * _PNG_SCALE)
        data = sharp.pipe(format="png")
        width, height = struct.unpack(">II", data[16:24])
        return data, max(1, round(width / _PNG_SCALE)), max(1, round(height / _PNG_SCALE))

    def _repr_mimebundle_(
        self,
        include: Optional[Iterable[str]] = None,
        exclude: Optional[Iterable[str]] = None,
        **_: Any,
    ) -> tuple:
        include = set(include) if include else None
        exclude = set(exclude or ())

        def wanted(mime: str) -> bool:
            return (include is None or mime in include) and mime not in exclude

        data: dict = {}
        metadata: dict = {}
        if wanted("image/svg+xml"):
            data["image/svg+xml"] = self.pipe(format="svg", encoding="utf-8")
        if wanted("image/png"):
            png, width, height = self.png()
            data["image/png"] = png
            metadata["image/png"] = {"width": width, "height": height}
        if wanted("text/plain"):
            data["text/plain"] = self.summary()
        return data, metadata

    def pipe(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        try:
            return super().pipe(*args, **kwargs)
        except graphviz.ExecutableNotFound as e:
            raise DotNotFoundError() from e
        except _DOT_FAILURES as e:
            raise _dot_failed(self.what, e) from e

    def render(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        try:
            return super().render(*args, **kwargs)
        except graphviz.ExecutableNotFound as e:
            raise DotNotFoundError() from e
        except _DOT_FAILURES as e:
            raise _dot_failed(self.what, e) from e

    def copy(self) -> "Graph":  # type: ignore[override]
        new = super().copy()
        new.current, new.caption, new.what = self.current, self.caption, self.what
        new.step = self.step
        return new


Size = Union[float, int, str, None]


def size_attr(size: Size) -> Optional[str]:
    """Graphviz's ``size`` attribute for a view's ``size=`` argument.

    A number is the width to fit, in inches (96 pixels each on screen, so
    ``size=9``, 864 pixels, fits a notebook on a 1,000-pixel page); the picture shrinks to it, never
    grows. A string is Graphviz's own ``size`` ("7,5": width and height in
    inches; a trailing "!" also enlarges). ``None`` leaves the natural size.

    >>> size_attr(10), size_attr("7,5"), size_attr(None)
    ('10,1000', '7,5', None)
    """
    if size is None:
        return None
    if isinstance(size, str):
        if not re.fullmatch(r"\s*\d+(\.\d*)?(\s*,\s*\d+(\.\d*)?)?!?\s*", size):
            raise ValueError(
                f"size must be a width in inches or a Graphviz size such as '7,5', got {size!r}"
            )
        return size.strip()
    if isinstance(size, bool) or not isinstance(size, (int, float)) or not size > 0:
        raise ValueError(f"size must be a positive width in inches, got {size!r}")
    if not math.isfinite(size):
        raise ValueError(f"size must be a finite width in inches, got {size!r}")
    # Only the width is limited: a page scrolls down, not across.
    return f"{size:g},1000"


def _visible(ch: str) -> str:
    # Characters XML cannot carry (controls, lone surrogates, U+FFFE/U+FFFF)
    # are shown as Python would write them, rather than breaking the SVG.
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


_ENTITIES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&#39;",
    # Graphviz 2.43 rejects a label that starts with "]".
    "]": "&#93;",
    # Graphviz applies its own backslash escapes (\N, \G, ...) inside labels,
    # even HTML-like ones, after decoding entities: a doubled backslash is a literal one.
    "\\": "\\\\",
    "\t": " ",
    "\n": "<BR/>",
}


def text(s: Any) -> str:
    """Any text, made safe to place inside an HTML-like Graphviz label.

    Markup characters become entities, newlines become line breaks, and
    characters that XML cannot hold are shown escaped, as ``\\x01``.

    >>> text("w[0] <- 1\\n2")
    'w[0&#93; &lt;- 1<BR/>2'
    """
    s = str(s).replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for ch in s:
        rep = _ENTITIES.get(ch)
        if rep is not None:
            out.append(rep)
        elif ch < " " or "\ud800" <= ch <= "\udfff" or ch in "\ufffe\uffff":
            out.append(_visible(ch).replace("\\", "\\\\"))
        else:
            out.append(ch)
    return "".join(out)


# Graphviz refuses a run of text between two tags of an HTML-like label once its
# UTF-8 bytes near 16,384 (entities counted as written); runs are cut well below.
MAX_TEXT = 8000
# A run that may be over MAX_TEXT bytes (a character takes at most 4).
_LONG_RUN = re.compile(rf"[^<>]{{{MAX_TEXT // 4 + 1},}}")


def html(markup: str) -> str:
    """An HTML-like label from markup whose text parts were made safe with :func:`text`.

    A run of text longer than ``MAX_TEXT`` bytes (UTF-8, as escaped) is cut
    there and ends with an ellipsis, "…": Graphviz cannot draw a much longer
    one.

    >>> html("<B>x</B>")
    '<<B>x</B>>'
    >>> label = html(text("a" * 20000))
    >>> len(label), label[-3:]
    (8003, 'a…>')
    """
    # An empty HTML-like label is a syntax error in some Graphviz versions.
    return f"<{_LONG_RUN.sub(_cut, markup) or ' '}>"


def _cut(match: "re.Match[str]") -> str:
    run = match.group()
    data = run.encode("utf-8")
    if len(data) <= MAX_TEXT:
        return run
    run = data[:MAX_TEXT].decode("utf-8", "ignore")  # never half a character
    amp = run.rfind("&")
    if amp > run.rfind(";"):  # never half an entity
        run = run[:amp]
    # Never half of a doubled backslash: a lone one would escape the ellipsis.
    trailing = len(run) - len(run.rstrip("\\"))
    if trailing % 2:
        run = run[:-1]
    return run + "…"


def fmt(x: Any, spec: str = ".4f") -> str:
    """A number for a label (nan and infinities as Python writes them).

    >>> fmt(2.0), fmt(float("inf")), fmt(1 / 3, ".3g")
    ('2.0000', 'inf', '0.333')
    """
    if isinstance(x, bool):
        return str(x)
    x = getattr(x, "data", x)
    if isinstance(x, float) and not math.isfinite(x):
        return str(x)
    return format(x, spec)


def check_size(count: int, max_nodes: "int | None", hint: str) -> None:
    """Raise :class:`GraphTooLargeError` if ``count`` drawn nodes exceed ``max_nodes``."""
    if max_nodes is not None and count > max_nodes:
        raise GraphTooLargeError(
            f"the graph has {count} nodes, more than max_nodes={max_nodes}, too many to read; "
            f"{hint}pass max_nodes={count} (or None) to draw it anyway"
        )


def new_graph(size: Size = None, **graph_attr: str) -> Graph:
    """An empty graph with the given graph attributes (sorted, so DOT text is stable),
    fitted to ``size`` (see :func:`size_attr`)."""
    fit = size_attr(size)
    if fit is not None:
        graph_attr["size"] = fit
    return Graph(graph_attr=dict(sorted(graph_attr.items())))


_TEXT_FORMATS = {"dot", "gv"}


def save(
    graph: graphviz.Digraph,
    path: Union[str, os.PathLike],
    format: "str | None" = None,  # noqa: A002 - graphviz's own name for it
) -> pathlib.Path:
    """Write a graph to ``path``: SVG, PNG, PDF (by suffix, or ``format=``), or DOT text.

    The file appears whole or not at all: it is rendered first, then moved into
    place. ``.dot``/``.gv`` write the DOT text and need no Graphviz. If ``dot``
    fails, :class:`DotError` names the graph and gives dot's message.

    >>> import viz
    >>> from autograd_scalar import Value
    >>> a = Value(2.0, label="a")
    >>> str(viz.save(viz.draw_values(a * a), "square.svg"))
    'square.svg'
    """
    path = pathlib.Path(path)
    fmt_name = (format or path.suffix.lstrip(".") or "svg").lower()
    if fmt_name in _TEXT_FORMATS:
        data = graph.source.encode("utf-8")
    else:
        try:
            data = graph.pipe(format=fmt_name)
        except graphviz.ExecutableNotFound as e:
            raise DotNotFoundError() from e
        except _DOT_FAILURES as e:
            raise _dot_failed(getattr(graph, "what", "a graph"), e) from e
    write_whole(path, data)
    return path


def write_whole(path: pathlib.Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file, so no half-written file is left."""
    directory = path.parent if str(path.parent) else pathlib.Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        # mkstemp makes the file private; give it the mode a plain open() would.
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def unique(items: Iterable[Any]) -> list:
    """Items in first-seen order, each once (by identity)."""
    seen: set = set()
    out = []
    for x in items:
        if id(x) not in seen:
            seen.add(id(x))
            out.append(x)
    return out
