"""What the three views share: escaping, rendering with dot, saving, and a missing dot."""

import os
import pathlib
import re
import struct
import xml.etree.ElementTree as ET

import graphviz
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import tensors as torch
import viz
from autograd_scalar import Value

SVG = "{http://www.w3.org/2000/svg}"
# Markup and DOT syntax, backslash escapes, characters XML cannot carry, some Unicode.
SPECIAL = list("\"<>&{}|\\\n\r\t'[];=#:%") + [
    "\x00",
    "\x01",
    "\x1f",
    "\x7f",
    "\x85",
    "\u2028",
    "\ud800",
    "\ufffe",
    "\U0001f600",
    " ",
    "\\N",
    "\\G",
    "&amp;",
    "]",
]


def svg_texts(graph, svg=None):
    """The text a reader sees in the rendered SVG, one string per text element."""
    root = ET.fromstring(svg if svg is not None else graph.pipe(format="svg"))
    return ["".join(t.itertext()) for t in root.iter(SVG + "text")]


def node_count(graph, svg=None):
    root = ET.fromstring(svg if svg is not None else graph.pipe(format="svg"))
    return sum(1 for g in root.iter(SVG + "g") if g.get("class") == "node")


def shown(text):
    """How a label is meant to read: control and other XML-illegal characters
    written as Python escapes, a tab as a space, one line per line break."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for ch in text:
        if ch == "\t":
            out.append(" ")
        elif ch == "\n":
            out.append(ch)
        elif ch < " " or "\ud800" <= ch <= "\udfff" or ch in "\ufffe\uffff":
            out.append(f"\\x{ord(ch):02x}" if ord(ch) < 256 else f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out).split("\n")


def squeeze(s):
    return "".join(s.replace("\xa0", " ").split())


label_text = st.lists(st.characters(codec=None) | st.sampled_from(SPECIAL), max_size=24).map(
    "".join
)


def _draw_all(graphs):
    """The SVG documents of one dot run over the graphs' sources, one after another."""
    source = b"".join(graph.source.encode(graph.encoding) for graph in graphs)
    out = graphviz.pipe("dot", "svg", source)
    return [b"<?xml" + doc for doc in out.split(b"<?xml")[1:]]


def test_one_dot_run_draws_each_graph_as_its_own_pipe_does():
    x = torch.ones(2, requires_grad=True)
    graphs = [viz.draw((x * 2).sum()), viz.draw_values(Value(1.0, label="a") * 2)]
    alone = [graph.pipe(format="svg") for graph in graphs]
    # The same drawings (an unnamed graph's title and ids are numbered on in one run).
    for graph, svg, own in zip(graphs, _draw_all(graphs), alone):
        assert svg_texts(graph, svg) == svg_texts(graph, own)
        assert node_count(graph, svg) == node_count(graph, own) > 1


@given(label_text)
@example('x" shape=box]; evil [label="pwned')
@example("<B>bold</B><BR/>")
@example("\\N\\G\\L\\\\")
@example("}|{<port>")
def test_any_label_text_round_trips_through_dot(name):
    x = torch.ones(2, requires_grad=True)
    y = (x * 2).sum()
    a = Value(1.0, label=name)
    graphs = {
        "tensor": (viz.draw(y, names={name: x, "y": y}), 5),
        "flags": (viz.draw(y, names={name: x, "y": y}, show_flags=True), 5),
        "autograd": (viz.make_dot(y, params={name: x}), 5),
        "values": (viz.draw_values(a * 2), 4),
        # a cluster label carries the name too
        "grouped": (viz.draw_values(x * 3, names={name: x}), 8),
    }
    want = [squeeze(line) for line in shown(name)]
    # One dot run draws the five graphs (dot reads every graph of its input, and
    # writes one SVG document for each), so a name that closed its graph early
    # and started another would show as a sixth drawing.
    drawn = _draw_all([graph for graph, _ in graphs.values()])
    assert len(drawn) == len(graphs)
    for (view, (graph, nodes)), svg in zip(graphs.items(), drawn):
        # dot accepts it, draws exactly the intended nodes (nothing injected)...
        assert node_count(graph, svg) == nodes, view
        # ...and shows the text as it is.
        seen = squeeze("".join(svg_texts(graph, svg)))
        for line in want:
            assert line in seen, (view, line)


def test_markup_in_a_name_is_shown_not_obeyed():
    x = torch.ones(2, requires_grad=True)
    g = viz.draw((x * 2).sum(), names={"<B>w</B>": x})
    assert "<B>w</B>" in svg_texts(g)
    assert 'font-weight="bold"' not in g.pipe(format="svg").decode()


def test_rendered_svg_is_xml_with_the_labels():
    x = torch.ones(5)
    y = torch.zeros(3)
    w = torch.ones(5, 3, requires_grad=True)
    b = torch.zeros(3, requires_grad=True)
    z = torch.matmul(x, w) + b
    loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y)
    loss.backward()
    texts = svg_texts(viz.draw(loss))
    assert sorted(texts) == sorted(["x", "w", "b", "y", "z", "loss", "*", "+", "CE", "Parameters"])
    texts = svg_texts(viz.make_dot(loss, params={"w": w, "b": b}))
    assert {"AddBackward0", "AccumulateGrad", "w", "(5, 3)", "b", "(3)"} <= set(texts)
    texts = svg_texts(viz.draw_values(loss))
    assert {"matmul(x, w)", "w[4,2]", "data 1.0000", "grad 0.3311"} <= set(texts)


@pytest.mark.parametrize(
    "suffix, magic",
    [
        (".svg", b"<?xml"),
        (".png", b"\x89PNG"),
        (".pdf", b"%PDF"),
        (".dot", b"digraph {"),
        (".gv", b"digraph {"),
    ],
)
def test_save_writes_each_format(tmp_path, suffix, magic):
    a = Value(2.0, label="a")
    graph = viz.draw_values(a * a)
    path = viz.save(graph, tmp_path / f"out{suffix}")
    assert path == tmp_path / f"out{suffix}"
    assert path.read_bytes().startswith(magic)
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"out{suffix}"]


def test_save_format_argument_and_file_mode(tmp_path):
    graph = viz.draw_values(Value(2.0) * 3)
    path = viz.save(graph, tmp_path / "picture", format="svg")
    assert path.read_bytes().startswith(b"<?xml")
    mask = os.umask(0o022)
    os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask


def _png_size(data: bytes) -> tuple:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def _svg_width_px(svg: str) -> float:
    return float(re.search(r'<svg width="([\d.]+)pt"', svg).group(1)) * 96 / 72


def test_jupyter_gets_svg_png_and_a_summary():
    x = torch.ones(2, requires_grad=True)
    loss = (x * 2).sum()
    for graph, what in [
        (viz.draw(loss), "the tensor view of loss"),
        (viz.make_dot(loss), "the autograd view"),
        (viz.draw_values(loss), "the Value view of loss"),
    ]:
        data, metadata = graph._repr_mimebundle_()
        assert sorted(data) == ["image/png", "image/svg+xml", "text/plain"]
        assert data["image/svg+xml"].startswith("<?xml")
        # The PNG is drawn at twice the resolution and shown at the SVG's size.
        width, height = _png_size(data["image/png"])
        shown = metadata["image/png"]
        assert abs(shown["width"] * 2 - width) <= 1 and abs(shown["height"] * 2 - height) <= 1
        assert abs(shown["width"] - _svg_width_px(data["image/svg+xml"])) <= 2
        text = data["text/plain"]
        assert text.startswith(what) and "viz.save(graph" in text and "0x" not in text
        assert f": {graph.node_count()} nodes." in text
    values = viz.draw_values(loss)
    assert values.node_count() == values.source.count("shape=plain") + values.source.count(
        "shape=circle"
    )
    # x[0], x[1], the 2 of each product (a number stays in its node, as in x * 2 on
    # Values), two products, the sum; three ops
    assert values.node_count() == 10


def test_jupyter_display_can_be_narrowed():
    graph = viz.draw_values(Value(2.0) * 3)
    data, _ = graph._repr_mimebundle_(include=["text/plain"])
    assert list(data) == ["text/plain"]
    data, _ = graph._repr_mimebundle_(exclude=["image/png"])
    assert sorted(data) == ["image/svg+xml", "text/plain"]


def test_size_fits_the_width_and_never_enlarges():
    x = torch.ones(6, requires_grad=True)
    w = torch.ones(6, 3, requires_grad=True)
    loss = torch.matmul(x, w).sum()
    for view in (viz.draw, viz.draw_values, viz.make_dot):
        natural = _svg_width_px(view(loss).pipe(format="svg", encoding="utf-8"))
        fitted = view(loss, size=3)
        assert 'size="3,1000"' in fitted.source
        assert _svg_width_px(fitted.pipe(format="svg", encoding="utf-8")) <= 3 * 96 + 1 < natural
        assert _png_size(fitted.png()[0])[0] <= 2 * (3 * 96 + 1)
        big = _svg_width_px(view(loss, size=100).pipe(format="svg", encoding="utf-8"))
        assert abs(big - natural) <= 1
    assert 'size="4,2"' in viz.draw_values(loss, size="4,2").source


@pytest.mark.parametrize("bad", [0, -1, float("nan"), float("inf"), "wide", "3,", True])
def test_a_bad_size_is_refused_before_drawing(bad):
    x = torch.ones(2, requires_grad=True)
    loss = (x * 2).sum()
    for view in (viz.draw, viz.draw_values, viz.make_dot):
        with pytest.raises(ValueError, match="size must be"):
            view(loss, size=bad)


def test_the_same_graph_gives_the_same_bytes():
    def build():
        x = torch.tensor([1.0, 2.0])
        w = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
        loss = torch.matmul(x, w).sum()
        loss.backward()
        return [viz.draw(loss).source, viz.draw_values(loss).source, viz.make_dot(loss).source]

    assert build() == build()


def test_deep_graphs_need_no_recursion():
    x = torch.ones(1, requires_grad=True)
    y = x
    for _ in range(2000):
        y = y * 1.0
    assert viz.draw(y, max_nodes=None).source.count("shape=circle") >= 2000
    v = Value(1.0)
    out = v
    for _ in range(2000):
        out = out + 1.0
    assert viz.draw_values(out, max_nodes=None).source.count("->") == 6000
    steps = viz.backward_steps(out, max_nodes=None)
    assert len(steps) == 2000  # one per op; frames are drawn when asked for: look at two
    assert steps[0].current is out
    assert steps[1].current is out.parents[0]


@pytest.mark.parametrize("name", ["a" * 20000, "€" * 9000, "&\\" * 9000, "😀<" * 6000])
def test_labels_beyond_graphvizs_limit_are_cut_with_an_ellipsis(name):
    x = torch.ones(2, requires_grad=True)
    y = (x * 2).sum()
    graphs = [
        viz.draw(y, names={name: x, "y": y}),
        viz.make_dot(y, params={name: x}),
        viz.draw_values(Value(1.0, label=name) * 2),
        viz.draw_values(x * 3, names={name: x}),
    ]
    for graph in graphs:
        svg = graph.pipe(format="svg")  # dot draws it
        cut = [t for t in svg_texts(graph, svg) if t.endswith("…")]
        assert cut, graph.source[:200]
        for t in cut:  # the start of the name, as it is, then the ellipsis
            assert 1000 < len(t) < len(name) and name[:500] in t


def test_short_labels_are_never_cut():
    label = "b" * 1999 + "&"
    source = viz.draw_values(Value(1.0, label=label) * 2).source
    assert source.count(label.replace("&", "&amp;")) == 1


def test_any_failure_of_dot_is_one_error_naming_the_graph_and_dots_message(tmp_path, monkeypatch):
    graph = viz.draw_values(Value(1.0, label="a") * 2)
    graph.body.append("  this is not { DOT\n")
    message = r"Graphviz's dot could not draw the Value view: Error: .*syntax error"
    with pytest.raises(viz.DotError, match=message) as info:
        graph.pipe(format="svg")
    assert "syntax error" in info.value.stderr
    with pytest.raises(viz.DotError, match=message):
        graph._repr_mimebundle_()
    with pytest.raises(viz.DotError, match=message):
        viz.save(graph, tmp_path / "out.png")
    assert list(tmp_path.iterdir()) == []  # no file, no stray temporary

    def closed_early(*args, **kwargs):
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(graphviz.Digraph, "pipe", closed_early)
    with pytest.raises(viz.DotError, match="could not draw the Value view: .*Broken pipe"):
        viz.draw_values(Value(1.0) * 2).pipe(format="svg")


# -- without dot --------------------------------------------------------------------


@pytest.fixture
def no_dot(tmp_path, monkeypatch):
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    return tmp_path


def test_without_dot_graphs_build_and_rendering_says_how_to_install(no_dot):
    x = torch.ones(2, requires_grad=True)
    loss = (x * 2).sum()
    graphs = [
        viz.draw(loss),
        viz.make_dot(loss),
        viz.draw_values(loss),
        viz.backward_steps(loss)[0],
    ]
    for graph in graphs:
        assert graph.source.startswith("digraph {")
        with pytest.raises(viz.DotNotFoundError) as info:
            viz.save(graph, no_dot / "out.svg")
        message = str(info.value)
        assert "'dot'" in message and "Graphviz" in message
        assert "apt-get install graphviz" in message and "brew install graphviz" in message
        assert isinstance(info.value, graphviz.ExecutableNotFound)
        with pytest.raises(viz.DotNotFoundError):
            graph._repr_mimebundle_()  # what Jupyter calls
        with pytest.raises(viz.DotNotFoundError):
            graph.pipe(format="svg")
    assert not (no_dot / "out.svg").exists()
    assert sorted(p.name for p in no_dot.iterdir()) == ["empty-bin"]  # no stray temp files


def test_a_failed_save_leaves_an_existing_file_alone(no_dot):
    target = no_dot / "out.svg"
    target.write_text("old picture")
    with pytest.raises(viz.DotNotFoundError):
        viz.save(viz.draw_values(Value(1.0) * 2), target)
    assert target.read_text() == "old picture"


def test_dot_text_needs_no_dot(no_dot):
    path = viz.save(viz.draw_values(Value(1.0) * 2), no_dot / "out.dot")
    assert pathlib.Path(path).read_text().startswith("digraph {")
