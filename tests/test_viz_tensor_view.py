"""viz.draw, the tensor view: the picture of PyTorch's autograd tutorial (comp-graph.png)."""

import json
import os
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET

import pytest

import tensors as torch
import tensors.nn.functional as F
import viz

SVG = "{http://www.w3.org/2000/svg}"

# The tutorial's net, as PyTorch's autograd tutorial writes it (w and b fixed).
W = [
    [0.3367, 0.1288, 0.2345],
    [0.2303, -1.1229, -0.1863],
    [2.2082, -0.6380, 0.4617],
    [0.2674, 0.5349, 0.8094],
    [1.1103, -1.6898, -0.9890],
]
B = [0.9580, 1.3221, 0.8172]


def tutorial_net():
    x = torch.ones(5)  # input tensor
    y = torch.zeros(3)  # expected output
    w = torch.tensor(W, requires_grad=True)
    b = torch.tensor(B, requires_grad=True)
    z = torch.matmul(x, w) + b
    loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y)
    return x, y, w, b, z, loss


def layout(graph):
    """What dot makes of a graph: node texts and centres, edges as drawn
    (arrow direction), clusters with their label and member texts."""
    laid = json.loads(graph.pipe(format="json"))
    svg = ET.fromstring(graph.pipe(format="svg"))
    texts = {}
    for g in svg.iter(SVG + "g"):
        title = g.find(SVG + "title")
        if title is not None and g.get("class") in ("node", "cluster"):
            texts[title.text] = " ".join(
                "".join(t.itertext()) for t in g.iter(SVG + "text")
            ).replace("\xa0", " ")
    objects = laid["objects"]
    nodes, clusters = {}, {}
    for i, o in enumerate(objects):
        if "nodes" in o and o["name"].startswith("cluster"):
            clusters[texts.get(o["name"], "")] = {
                "members": [i2 for i2 in o["nodes"]],
                "bb": [float(v) for v in o["bb"].split(",")],
                "style": o.get("style", ""),
            }
        elif "pos" in o:
            x, y = (float(v) for v in o["pos"].split(","))
            nodes[i] = {"id": o["name"], "text": texts[o["name"]], "x": x, "y": y}
    for c in clusters.values():
        c["members"] = sorted(nodes[i]["text"] for i in c["members"] if i in nodes)
    edges = []
    for e in laid.get("edges", []):
        tail, head = nodes[e["tail"]]["text"], nodes[e["head"]]["text"]
        if e.get("dir") == "back":
            tail, head = head, tail
        edges.append((tail, head))
    by_text = {n["text"]: n for n in nodes.values()}
    return {"nodes": by_text, "edges": sorted(edges), "clusters": clusters, "graph": laid}


# -- the tutorial's picture -----------------------------------------------------------


def test_tutorial_net_has_exactly_the_nodes_and_edges_of_comp_graph_png():
    x, y, w, b, z, loss = tutorial_net()
    got = layout(viz.draw(loss))
    assert sorted(got["nodes"]) == sorted(["x", "*", "+", "z", "CE", "loss", "w", "b", "y"])
    assert got["edges"] == sorted(
        [
            ("x", "*"),
            ("w", "*"),
            ("*", "+"),
            ("b", "+"),
            ("+", "z"),
            ("z", "CE"),
            ("y", "CE"),
            ("CE", "loss"),
        ]
    )
    assert got["graph"]["rankdir"] == "LR"


def test_parameters_are_in_a_dashed_box_labelled_parameters():
    x, y, w, b, z, loss = tutorial_net()
    got = layout(viz.draw(loss))
    assert list(got["clusters"]) == ["Parameters"]
    box = got["clusters"]["Parameters"]
    assert box["members"] == ["b", "w"]
    assert box["style"] == "dashed"
    x0, y0, x1, y1 = box["bb"]
    for text, node in got["nodes"].items():
        inside = x0 < node["x"] < x1 and y0 < node["y"] < y1
        assert inside == (text in ("w", "b")), text


def test_tutorial_net_reads_like_the_picture():
    # The main chain runs left to right on one line; w, b and y sit right under
    # the op they feed (dot's y axis points up).
    x, y, w, b, z, loss = tutorial_net()
    n = layout(viz.draw(loss))["nodes"]
    chain = ["x", "*", "+", "z", "CE", "loss"]
    xs = [n[t]["x"] for t in chain]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
    assert len({n[t]["y"] for t in chain}) == 1
    for side, op in [("w", "*"), ("b", "+"), ("y", "CE")]:
        assert n[side]["x"] == pytest.approx(n[op]["x"])
        assert n[side]["y"] < n[op]["y"]


GOLDEN_TUTORIAL = """\
digraph {
	graph [fontname=Helvetica newrank=true nodesep=0.5 rankdir=LR ranksep=0.5]
	node [fontname=Helvetica fontsize=16 height=0.75 width=0.75]
	edge [arrowsize=0.8 penwidth=2]
	subgraph cluster_parameters {
		fontname=Helvetica label=<Parameters> labeljust=l labelloc=b style=dashed
		n1 [label=<w> shape=circle width=0.75]
		n3 [label=<b> shape=circle width=0.75]
	}
	n0 [label=<x> shape=circle width=0.75]
	n2 [label=<*> shape=circle]
	n4 [label=<+> shape=circle]
	n5 [label=<z> shape=circle width=0.75]
	n6 [label=<y> shape=circle width=0.75]
	n7 [label=<CE> shape=circle]
	n8 [label=<loss> shape=ellipse width=1]
	n0 -> n2
	n1 -> n2
	n2 -> n4
	n3 -> n4
	n4 -> n5
	n5 -> n7
	n7 -> n6 [dir=back]
	n7 -> n8
	{rank=same; n2; n1}
	{rank=same; n4; n3}
	{rank=same; n7; n6}
}
"""


def test_golden_dot_text_of_the_tutorial_net():
    x, y, w, b, z, loss = tutorial_net()
    assert viz.draw(loss).source == GOLDEN_TUTORIAL
    # The same picture when the names are given instead.
    names = dict(x=x, y=y, w=w, b=b, z=z, loss=loss)
    assert viz.draw([loss][0], names=names).source == GOLDEN_TUTORIAL


def test_dot_text_is_the_same_bytes_in_every_process(tmp_path):
    script = tmp_path / "net.py"
    script.write_text(
        textwrap.dedent(
            """
            import tensors as torch, tensors.nn.functional as F, viz
            torch.manual_seed(0)
            x = torch.randn(4, 3); y = torch.randn(4, 1)
            W1 = torch.randn(5, 3, requires_grad=True); b1 = torch.randn(5, requires_grad=True)
            W2 = torch.randn(1, 5, requires_grad=True); b2 = torch.randn(1, requires_grad=True)
            h = F.relu(F.linear(x, W1, b1))
            loss = F.mse_loss(F.linear(h, W2, b2), y)
            loss.backward()
            for g in (viz.draw(loss, show_flags=True, show_values=True, show_grads=True),
                      viz.draw_values(loss), viz.make_dot(loss, params={"W1": W1})):
                print(g.source)
            """
        )
    )
    outs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        done = subprocess.run(
            [sys.executable, str(script)], capture_output=True, text=True, env=env, check=True
        )
        outs.append(done.stdout)
    assert outs[0] == outs[1]
    assert "0x" not in outs[0]  # no object ids


# -- names --------------------------------------------------------------------------


def test_names_come_from_the_callers_variables():
    x = torch.ones(2)
    weight = torch.ones(2, 2, requires_grad=True)
    out = torch.matmul(x, weight).sum()
    assert sorted(layout(viz.draw(out))["nodes"]) == sorted(["x", "weight", "*", "Σ", "out"])


def test_an_unnamed_intermediate_is_not_drawn_a_named_one_is():
    x, y, w, b, _z, _loss = tutorial_net()
    loss = F.binary_cross_entropy_with_logits(torch.matmul(x, w) + b, y)
    got = layout(viz.draw(loss))
    assert "z" not in got["nodes"]
    assert ("+", "CE") in got["edges"]
    z = torch.matmul(x, w) + b
    loss = F.binary_cross_entropy_with_logits(z, y)
    assert ("+", "z") in layout(viz.draw(loss))["edges"]


def test_names_argument_wins_over_variables_and_accepts_pairs():
    x, y, w, b, z, loss = tutorial_net()
    got = layout(viz.draw(loss, names={"weights": w, "L": loss}))["nodes"]
    assert "weights" in got and "L" in got and "w" not in got
    got = layout(viz.draw(loss, names=[("bias", b)]))["nodes"]
    assert "bias" in got


def test_a_tensors_name_slot_counts():
    x = torch.ones(2, requires_grad=True)
    x.name = "input"
    assert "input" in layout(viz.draw((x * x).sum()))["nodes"]


def test_names_from_main_globals_and_private_names_are_skipped(monkeypatch):
    t = torch.ones(2, requires_grad=True)
    main = sys.modules["__main__"]
    monkeypatch.setattr(main, "from_main", t, raising=False)
    monkeypatch.setattr(main, "_", t, raising=False)  # IPython's last result

    def elsewhere(root):
        return viz.draw(root)

    got = layout(elsewhere((t * 2).sum()))["nodes"]
    assert "from_main" in got and "_" not in got


def test_names_in_a_notebook(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import tensors as torch\nimport viz\n"
            "x = torch.ones(5)\ny = torch.zeros(3)\n"
            "w = torch.randn(5, 3, requires_grad=True)\nb = torch.randn(3, requires_grad=True)\n"
            "z = torch.matmul(x, w) + b\n"
            "loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y)"
        ),
        nbformat.v4.new_code_cell("g = viz.draw(loss)\nprint(g.source)"),
        nbformat.v4.new_code_cell("g"),
    ]
    client = nbclient.NotebookClient(nb, timeout=120, kernel_name="python3")
    client.execute(cwd=str(tmp_path))
    printed = nb.cells[1].outputs[0]["text"]
    for name in ("x", "y", "w", "b", "z", "loss"):
        assert f"label=<{name}>" in printed
    shown = nb.cells[2].outputs[0]["data"]
    assert "image/svg+xml" in shown and ">loss</text>" in shown["image/svg+xml"]


# -- options ------------------------------------------------------------------------


def node_text(graph, name):
    return layout(graph)["nodes"].get(name) or next(
        n for t, n in layout(graph)["nodes"].items() if t.startswith(name + " ")
    )


def test_show_shapes():
    x, y, w, b, z, loss = tutorial_net()
    texts = list(layout(viz.draw(loss, show_shapes=True))["nodes"])
    assert "w (5, 3)" in texts and "b (3)" in texts and "loss ()" in texts


def test_show_values_and_grads_before_and_after_backward():
    x, y, w, b, z, loss = tutorial_net()
    g = viz.draw(loss, show_values=True, show_grads=True)
    assert "grad=None" in node_text(g, "b")["text"]
    assert "data=[0.958, 1.322, 0.8172]" in node_text(g, "b")["text"]
    loss.backward()
    g = viz.draw(loss, show_values=True, show_grads=True)
    assert "grad=[0.3313, 0.06257, 0.253]" in node_text(g, "b")["text"]
    assert "grad=None" in node_text(g, "z")["text"]  # a non-leaf keeps no grad


def test_flags_table_as_in_the_leaf_and_nonleaf_tutorial():
    torch.manual_seed(0)
    x = torch.randn(1, 3)
    W = torch.randn(3, 2, requires_grad=True)
    b = torch.randn(1, 2, requires_grad=True)
    y = torch.randn(1, 2)
    z = x @ W + b
    y_pred = F.relu(z)
    loss = F.mse_loss(y_pred, y)
    g = viz.draw(loss, show_flags=True, show_ops=False)
    got = layout(g)
    headers = {t.split(" is_leaf")[0] for t in got["nodes"]}
    assert headers == {
        "x",
        "W",
        "b",
        "y",
        "z = x @ W + b",
        "y_pred = relu(z)",
        "loss = mse(y_pred, y)",
    }
    header = {t: t.split(" is_leaf")[0] for t in got["nodes"]}
    assert sorted((header[a], header[c]) for a, c in got["edges"]) == sorted(
        [
            ("x", "z = x @ W + b"),
            ("W", "z = x @ W + b"),
            ("b", "z = x @ W + b"),
            ("z = x @ W + b", "y_pred = relu(z)"),
            ("y_pred = relu(z)", "loss = mse(y_pred, y)"),
            ("y", "loss = mse(y_pred, y)"),
        ]
    )
    before = node_text(g, "z = x @ W + b")["text"]
    assert "is_leaf=False requires_grad=True retains_grad=False grad=None" in before
    assert "<B>retains_grad" not in g.source and "<B>grad" not in g.source
    z.retain_grad()
    y_pred.retain_grad()
    loss.backward()
    g = viz.draw(loss, show_flags=True, show_ops=False)
    after = node_text(g, "z = x @ W + b")["text"]
    assert "retains_grad=True grad=Tensor" in after
    assert "<B>retains_grad=True</B>" in g.source and "<B>grad=Tensor</B>" in g.source
    leaf_x = node_text(g, "x")["text"]
    assert "is_leaf=True requires_grad=False retains_grad=False grad=None" in leaf_x


def test_flags_edges_connect_tensors_when_ops_are_folded():
    torch.manual_seed(0)
    x = torch.randn(1, 3)
    W = torch.randn(3, 2, requires_grad=True)
    b = torch.randn(1, 2, requires_grad=True)
    z = x @ W + b
    y_pred = F.relu(z)
    drawn = layout(viz.draw(y_pred, show_ops=False))["edges"]
    edges = {(a.split(" ")[0], c.split(" ")[0]) for a, c in drawn}
    assert edges == {("x", "z"), ("W", "z"), ("b", "z"), ("z", "y_pred")}


def test_numbers_fed_to_ops_are_drawn_under_them():
    w = torch.ones(3, requires_grad=True)
    out = (w**2).sum() * 0.5
    got = layout(viz.draw(out))
    assert ("2", "^") in got["edges"] and ("0.5", "×") in got["edges"]
    n = got["nodes"]
    assert n["2"]["y"] < n["^"]["y"] and n["0.5"]["y"] < n["×"]["y"]


def test_two_layer_net_side_inputs_below_their_ops():
    torch.manual_seed(0)
    x = torch.randn(4, 3)
    y = torch.randn(4, 1)
    W1 = torch.randn(5, 3, requires_grad=True)
    b1 = torch.randn(5, requires_grad=True)
    W2 = torch.randn(1, 5, requires_grad=True)
    b2 = torch.randn(1, requires_grad=True)
    h = F.relu(F.linear(x, W1, b1))
    loss = F.mse_loss(F.linear(h, W2, b2), y)
    g = viz.draw(loss)
    got = layout(g)
    assert got["clusters"]["Parameters"]["members"] == ["W1", "W2", "b1", "b2"]
    assert ("h", "linear") in got["edges"] and ("x", "linear") in got["edges"]
    ops = {e[1] for e in got["edges"] if e[0] in ("W1", "b1")}
    assert ops == {"linear"}
    for side in ("W1", "b1", "W2", "b2", "y"):
        (op,) = [h_ for t, h_ in got["edges"] if t == side]
        heads = [n for n in got["nodes"].values() if n["text"] == op]
        assert any(got["nodes"][side]["y"] < h_["y"] for h_ in heads), side


def test_multiple_roots_and_leaf_root():
    a = torch.ones(2, requires_grad=True)
    first = (a * 2).sum()
    second = (a * 3).sum()
    got = layout(viz.draw([first, second]))
    assert {"first", "second", "a"} <= set(got["nodes"])
    only = layout(viz.draw(a))
    assert list(only["nodes"]) == ["a"]


def test_unnamed_tensors_get_a_readable_stand_in():
    texts = set(
        layout(viz.draw((torch.ones(2, requires_grad=True) * torch.tensor(3.0)).sum()))["nodes"]
    )
    assert {"(2)", "3", "output"} <= texts


def test_size_guard():
    x, y, w, b, z, loss = tutorial_net()
    with pytest.raises(viz.GraphTooLargeError, match=r"9 nodes.*max_nodes=5"):
        viz.draw(loss, max_nodes=5)
    assert viz.draw(loss, max_nodes=9).source == viz.draw(loss, max_nodes=None).source


def test_rejects_values_with_a_hint():
    from autograd_scalar import Value

    with pytest.raises(TypeError, match="draw_values"):
        viz.draw(Value(1.0))


def test_numbers_a_node_leaves_out_are_read_back_from_the_values():
    # PowBackward0 and RsubBackward1 record only the tensor, as PyTorch's do.
    x = torch.ones(2, requires_grad=True)
    out = ((1 - x) ** 3).sum()
    got = layout(viz.draw(out))
    assert ("1", "-") in got["edges"] and ("3", "^") in got["edges"]
    folded = layout(viz.draw(out, show_ops=False))["nodes"]
    assert "out = sum((1 - x) ** 3)" in folded


def test_a_models_parameters_are_named_after_the_model_variable():
    from tensors import nn

    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 1))
    x = torch.randn(2, 3)
    out = model(x).sum()
    got = layout(viz.draw(out))
    assert got["clusters"]["Parameters"]["members"] == [
        "model.0.bias",
        "model.0.weight",
        "model.2.bias",
        "model.2.weight",
    ]


def test_names_the_wrong_way_round_are_refused():
    x = torch.ones(2, requires_grad=True)
    with pytest.raises(TypeError, match=r"names=\{'x': x\}"):
        viz.draw((x * 2).sum(), names={x: "x"})
