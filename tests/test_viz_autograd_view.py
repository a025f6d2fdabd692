"""viz.make_dot, the autograd view: the grad_fn graph as torchviz draws it."""

import json
import re
import xml.etree.ElementTree as ET

import pytest

import tensors as torch
import tensors.nn.functional as F
import viz

SVG = "{http://www.w3.org/2000/svg}"

GOLDEN_MAKE_DOT = """\
digraph {
	graph [size="12,12"]
	node [align=left fontname=monospace fontsize=10 height=0.2 ranksep=0.1 shape=box style=filled]
	n0 [label=<()> fillcolor=darkolivegreen1]
	n1 [label=<SumBackward0>]
	n2 [label=<MulBackward0>]
	n2 -> n1
	n4 [label=<x<BR/>(3)> fillcolor=lightblue]
	n4 -> n3
	n3 [label=<AccumulateGrad>]
	n3 -> n2
	n1 -> n0
}
"""


def test_golden_dot_text_of_a_small_graph():
    x = torch.ones(3, requires_grad=True)
    assert viz.make_dot((x * 2).sum(), params={"x": x}).source == GOLDEN_MAKE_DOT


def picture(graph):
    """(texts of nodes by id, fill colours by text, edges as text pairs) as dot reads them."""
    laid = json.loads(graph.pipe(format="json"))
    svg = ET.fromstring(graph.pipe(format="svg"))
    texts = {}
    for g in svg.iter(SVG + "g"):
        if g.get("class") == "node":
            texts[g.find(SVG + "title").text] = " ".join(
                "".join(t.itertext()) for t in g.iter(SVG + "text")
            )
    objs = laid["objects"]
    colours = {texts[o["name"]]: o.get("fillcolor") for o in objs}
    edges = sorted(
        (texts[objs[e["tail"]]["name"]], texts[objs[e["head"]]["name"]], e.get("style", ""))
        for e in laid["edges"]
    )
    return [texts[o["name"]] for o in objs], colours, edges


def two_layer_net():
    torch.manual_seed(0)
    W1 = torch.randn(16, 8, requires_grad=True)
    b1 = torch.randn(16, requires_grad=True)
    W2 = torch.randn(1, 16, requires_grad=True)
    b2 = torch.randn(1, requires_grad=True)
    x = torch.randn(1, 8)
    y = F.linear(F.relu(F.linear(x, W1, b1)), W2, b2)
    return y, {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def test_hand_built_two_layer_net_with_params_named_by_a_dict():
    y, params = two_layer_net()
    texts, colours, edges = picture(viz.make_dot(y.mean(), params=params))
    assert sorted(texts) == sorted(
        [
            "()",
            "MeanBackward0",
            "AddmmBackward0",
            "AddmmBackward0",
            "ReluBackward0",
            "TBackward0",
            "TBackward0",
            "AccumulateGrad",
            "AccumulateGrad",
            "AccumulateGrad",
            "AccumulateGrad",
            "W1 (16, 8)",
            "b1 (16)",
            "W2 (1, 16)",
            "b2 (1)",
        ]
    )
    assert colours["()"] == "darkolivegreen1"
    for leaf in ("W1 (16, 8)", "b1 (16)", "W2 (1, 16)", "b2 (1)"):
        assert colours[leaf] == "lightblue"
        assert (leaf, "AccumulateGrad", "") in edges
    assert ("MeanBackward0", "()", "") in edges
    assert ("AddmmBackward0", "MeanBackward0", "") in edges
    assert ("ReluBackward0", "AddmmBackward0", "") in edges
    assert ("AddmmBackward0", "ReluBackward0", "") in edges
    # F.linear multiplies by weight.t(), as torchviz shows it: the weights go through a T.
    assert sum(1 for e in edges if e[:2] == ("AccumulateGrad", "AddmmBackward0")) == 2
    assert sum(1 for e in edges if e[:2] == ("AccumulateGrad", "TBackward0")) == 2
    assert sum(1 for e in edges if e[:2] == ("TBackward0", "AddmmBackward0")) == 2
    assert len(edges) == 14


def test_unnamed_leaves_show_their_shapes_and_tuples_of_outputs_work():
    y, params = two_layer_net()
    texts, colours, _ = picture(viz.make_dot((y.mean(), y.sum())))
    assert "(16, 8)" in texts and "(1, 16)" in texts
    assert "SumBackward0" in texts and "MeanBackward0" in texts
    assert texts.count("()") == 2 and colours["()"] == "darkolivegreen1"


def test_show_attrs_and_show_saved():
    x = torch.ones(3, requires_grad=True)
    dot = viz.make_dot((x * 2).exp().sum(), params={"x": x}, show_attrs=True, show_saved=True)
    texts, colours, edges = picture(dot)
    mul = next(t for t in texts if t.startswith("MulBackward0"))
    # As PyTorch's node: x * 2 keeps the 2 (as a 0-d tensor) to differentiate in x, and
    # nothing for the 2's own gradient, which is not needed.
    assert "other: [saved tensor]" in mul and "self : None" in mul
    assert any(t.startswith("SumBackward0") and "self_sym_sizes: (3,)" in t for t in texts)
    assert colours["other ()"] == "orange" and colours["result (3)"] == "orange"
    assert ("MulBackward0", "other ()") in {(a.split(" ")[0], b) for a, b, _ in edges}
    assert "dir=none" in dot.source


def test_a_view_is_drawn_with_its_base():
    x = torch.ones(3, requires_grad=True)
    v = x.reshape(3, 1)
    texts, colours, edges = picture(viz.make_dot(v, params={"x": x}))
    assert colours["(3, 1)"] == "darkolivegreen1"
    assert ("x (3)", "(3, 1)", "dotted") in edges


def test_params_must_be_tensors():
    x = torch.ones(3, requires_grad=True)
    with pytest.raises(TypeError, match="params"):
        viz.make_dot(x * 2, params={"x": [1.0]})
    with pytest.raises(TypeError, match="tensor"):
        viz.make_dot(3.0)


def test_size_guard():
    x = torch.ones(1, requires_grad=True)
    y = x
    for _ in range(300):
        y = y * 1.0
    with pytest.raises(viz.GraphTooLargeError, match=r"303 nodes, more than max_nodes=300"):
        viz.make_dot(y, max_nodes=300)
    assert "MulBackward0" in viz.make_dot(y).source


def test_deep_graph_needs_no_recursion():
    x = torch.ones(1, requires_grad=True)
    y = x
    for _ in range(3000):
        y = y + 1.0
    dot = viz.make_dot(y, max_nodes=None)
    assert dot.source.count("AddBackward0") == 3000


def test_torchviz_example_from_pytorchs_tutorial():
    # torchviz's example (nn.Sequential of Linear, ReLU, Linear), imports changed only.
    import tensors as torch
    from tensors import nn
    from viz import make_dot

    model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 1))
    x = torch.randn(1, 8)
    y = model(x)
    dot = make_dot(y.mean(), params=dict(model.named_parameters()))
    texts, colours, edges = picture(dot)
    for leaf in ("0.weight (16, 8)", "0.bias (16)", "2.weight (1, 16)", "2.bias (1)"):
        assert colours[leaf] == "lightblue"
    names = [t for t in texts if re.fullmatch(r"[A-Za-z]+\d?", t)]
    assert sorted(names) == sorted(
        ["MeanBackward0", "AddmmBackward0", "ReluBackward0", "AddmmBackward0"]
        + ["AccumulateGrad"] * 4
        + ["TBackward0"] * 2
    )
    svg = dot.pipe(format="svg").decode()
    assert "0.weight" in svg
