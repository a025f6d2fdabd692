"""viz.draw_values (micrograd's draw_dot, grouped by tensor op) and viz.backward_steps."""

import html
import json
import re

import pytest
from hypothesis import assume, given

import tensors as torch
import tensors.nn.functional as F
import viz
from autograd_scalar import Value, run_backward, topological_order
from autograd_scalar.testing import expressions

GOLDEN_VALUES = """\
digraph {
	graph [fontname=Helvetica rankdir=LR]
	node [fontname=Helvetica fontsize=12]
	v0 [label=<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="3"><TR><TD>a</TD><TD>data 2.0000</TD><TD>grad -3.0000</TD></TR></TABLE>> shape=plain]
	v1 [label=<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="3"><TR><TD>b</TD><TD>data -3.0000</TD><TD>grad 2.0000</TD></TR></TABLE>> shape=plain]
	v2 [label=<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="3"><TR><TD>data -6.0000</TD><TD>grad 1.0000</TD></TR></TABLE>> shape=plain]
	o2 [label=<*> height=0.3 margin=0.02 shape=circle width=0.3]
	o2 -> v2
	v3 [label=<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="3"><TR><TD>data 1.0000</TD></TR></TABLE>> shape=plain]
	v4 [label=<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="3"><TR><TD>c</TD><TD>data -5.0000</TD><TD>grad 1.0000</TD></TR></TABLE>> shape=plain]
	o4 [label=<+> height=0.3 margin=0.02 shape=circle width=0.3]
	o4 -> v4
	v0 -> o2
	v1 -> o2
	v2 -> o4
	v3 -> o4
}
"""  # noqa: E501 - DOT lines as dot reads them


def test_golden_dot_text_of_a_small_expression():
    a = Value(2.0, label="a")
    b = Value(-3.0, label="b")
    c = a * b + 1
    c.label = "c"
    c.backward()
    assert viz.draw_values(c).source == GOLDEN_VALUES


def records(graph):
    """node id -> the texts of its record's cells."""
    out = {}
    for m in re.finditer(r"\t(v\d+) \[label=<<TABLE[^>]*><TR>(.*?)</TR></TABLE>>", graph.source):
        cells = re.findall(r"<TD[^>]*>(?:<[^>]+>)*([^<]*)", m.group(2))
        out[m.group(1)] = [html.unescape(c) for c in cells]
    return out


def clusters(graph):
    """cluster label -> ids of the records in it (from dot's own reading of the graph)."""
    laid = json.loads(graph.pipe(format="json"))
    objs = laid["objects"]
    out = {}
    for o in objs:
        if o["name"].startswith("cluster"):
            label = re.sub(r"<[^>]+>", "", o["label"]).replace("&#183;", "·")
            out[label] = sorted(
                objs[i]["name"] for i in o.get("nodes", []) if objs[i]["name"].startswith("v")
            )
    return out


def test_micrograd_example_one_record_per_value_one_node_per_op():
    a = Value(-4.0)
    b = Value(2.0)
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    g.backward()
    graph = viz.draw_values(g)
    recs = records(graph)
    every = _all_values(g)
    assert len(recs) == len(every)
    assert graph.source.count(" [label=<") - len(recs) == sum(1 for v in every if v.op)
    # Names come from the caller's variables: a and b are labelled without label=.
    labelled = {cells[0]: cells for cells in recs.values() if len(cells) == 3}
    assert labelled["a"] == ["a", "data -4.0000", "grad 138.8338"]
    assert labelled["b"] == ["b", "data 2.0000", "grad 645.5773"]
    assert labelled["g"][1] == "data 24.7041"


def _all_values(root):
    seen, stack = {}, [root]
    while stack:
        v = stack.pop()
        if id(v) not in seen:
            seen[id(v)] = v
            stack.extend(v.parents)
    return list(seen.values())


def test_matmul_plus_bias_expands_into_boxes_of_multiplies_and_sums():
    x = torch.tensor([1.0, 2.0])
    w = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    b = torch.tensor([0.5, -0.5], requires_grad=True)
    z = torch.matmul(x, w) + b
    graph = viz.draw_values(z)
    boxes = clusters(graph)
    assert set(boxes) == {"x", "w", "b", "matmul(x, w)", "z = add(·, b)"}
    assert [len(boxes[k]) for k in ("x", "w", "b")] == [2, 4, 2]
    assert len(boxes["matmul(x, w)"]) == 6  # four products, two sums
    assert len(boxes["z = add(·, b)"]) == 2
    recs = records(graph)
    ops = dict(re.findall(r"\t(o\d+) \[label=<([^>]+)>", graph.source))
    in_matmul = [ops.get("o" + v[1:]) for v in boxes["matmul(x, w)"]]
    assert sorted(in_matmul) == ["*", "*", "*", "*", "Σ", "Σ"]
    labels = sorted(cells[0] for cells in recs.values() if cells[0].startswith(("w[", "z[")))
    assert labels == ["w[0,0]", "w[0,1]", "w[1,0]", "w[1,1]", "z[0]", "z[1]"]


def test_tutorial_net_values_grouped_by_tensor_op():
    x = torch.ones(5)
    y = torch.zeros(3)
    w = torch.ones(5, 3, requires_grad=True)
    b = torch.zeros(3, requires_grad=True)
    z = torch.matmul(x, w) + b
    loss = F.binary_cross_entropy_with_logits(z, y)
    loss.backward()
    graph = viz.draw_values(loss)
    boxes = clusters(graph)
    assert {"matmul(x, w)", "z = add(·, b)", "loss = bce_with_logits(z, y)"} <= set(boxes)
    every = _all_values_of(loss)
    # matmul(x, w) made 3 dot nodes of 5 products each: drawn as 15 products and 3 sums
    assert len(records(graph)) == len(every) + 15
    # each Value is in at most one box, and every Value of an op is in its box
    inside = [v for members in boxes.values() for v in members]
    assert len(inside) == len(set(inside))
    assert len(boxes["matmul(x, w)"]) == 15 + 3
    # the gradients shown are the engine's
    recs = records(graph)
    b_cells = sorted(cells for cells in recs.values() if cells[0].startswith("b["))
    assert b_cells[0] == ["b[0]", "data 0.0000", "grad 0.3311"]


def test_a_dot_node_is_drawn_as_its_products_and_a_sum():
    from autograd_scalar import apply
    from autograd_scalar.ops import OPS

    x = [Value(2.0, label="x0"), Value(3.0, label="x1")]
    y = [Value(-1.0, label="y0"), Value(0.5, label="y1")]
    c = Value(10.0, label="c")
    out = apply(OPS["dot"], *x, *y, c)
    out.label = "out"
    out.backward()
    graph = viz.draw_values(out)
    recs = records(graph)
    by_data = sorted(cells[-2:] for cells in recs.values() if cells[0] not in "x0 x1 y0 y1 c out")
    # the two products, each with the dot node's gradient (d sum / d product = 1)
    assert by_data == [["data -2.0000", "grad 1.0000"], ["data 1.5000", "grad 1.0000"]]
    ops = re.findall(r"\t(o\d+) \[label=<(.*?)>", graph.source)
    assert sorted(symbol for _, symbol in ops) == ["*", "*", "Σ"]
    name = {cells[0]: node for node, cells in recs.items()}
    edges = {tuple(e.split(" -> ")) for e in re.findall(r"\t(\w+ -> \w+)", graph.source)}
    # x_i and y_i go into product i's op; the products and c into the sum's op
    sum_op = "o" + name["out"][1:]
    assert (name["c"], sum_op) in edges
    for xi, yi in (("x0", "y0"), ("x1", "y1")):
        into = {b for a, b in edges if a == name[xi]}
        assert into == {b for a, b in edges if a == name[yi]} and len(into) == 1
        (op,) = into
        assert ("v" + op[1:], sum_op) in edges
    assert x[0].grad == -1.0 and y[1].grad == 3.0 and c.grad == 1.0


def _all_values_of(t):
    seen = {}
    stack = list(t.values())
    while stack:
        v = stack.pop()
        if id(v) not in seen:
            seen[id(v)] = v
            stack.extend(v.parents)
    return list(seen.values())


def test_group_false_draws_no_boxes():
    w = torch.ones(2, requires_grad=True)
    assert "subgraph" not in viz.draw_values((w * w).sum(), group=False).source


def test_list_of_roots_and_tensor_with_values():
    a = Value(1.0, label="a")
    w = torch.ones(2, requires_grad=True)
    graph = viz.draw_values([a * 2, (w * 3).sum()])
    labels = [cells[0] for cells in records(graph).values()]
    assert "a" in labels and "w[0]" in labels and "w[1]" in labels


def test_size_guard_counts_nodes_and_suggests_the_tensor_view():
    x = torch.ones(30, 30)
    w = torch.ones(30, requires_grad=True)
    out = torch.matmul(x, w).sum()
    # 900 elements of x, 30 of w, 900 products and 30 sums (each with an op
    # node), and the final sum with its op.
    expected = 900 + 30 + 2 * 900 + 2 * 30 + 2
    with pytest.raises(viz.GraphTooLargeError) as info:
        viz.draw_values(out)
    message = str(info.value)
    assert f"{expected} nodes" in message and "max_nodes=500" in message
    assert "viz.draw" in message and f"max_nodes={expected}" in message
    assert viz.draw_values(out, max_nodes=None).source.count("\tv") >= 930


# -- backward_steps -----------------------------------------------------------------


def test_backward_steps_on_a_small_expression():
    a = Value(2.0, label="a")
    b = Value(-3.0, label="b")
    c = a * b
    c.label = "c"
    (step,) = viz.backward_steps(c)  # one op, one step; leaves get no step of their own
    assert step.current is c and step.step.node is c
    first = step.source
    assert "BGCOLOR" in first.split("\tv2 ")[1].split("\n")[0]  # c is highlighted
    # every gradient is complete after the only step: bold
    assert "<B>grad 1.0000</B>" in first
    assert "<B>grad 2.0000</B>" in first and "<B>grad -3.0000</B>" in first
    with_leaves = viz.backward_steps(c, leaves=True)
    assert [s.current.label for s in with_leaves] in (["c", "b", "a"], ["c", "a", "b"])
    # x in x * x + x: after the sum's step one share of three has arrived, not yet bold
    x = Value(3.0, label="x")
    sum_step = viz.backward_steps(x * x + x)[0]
    assert (
        "grad 1.0000</TD>" in sum_step.source and "<B>grad 1.0000</B></TD></TR>" in sum_step.source
    )
    assert sum_step.source.count("<B>") == 2  # the sum and the product, x * x: complete
    deeper = viz.backward_steps((a * b).exp())[0].source
    assert "grad ?" in deeper  # a and b have received nothing yet
    last = records(with_leaves[-1])
    assert ["a", "data 2.0000", "grad -3.0000"] in last.values()
    assert ["b", "data -3.0000", "grad 2.0000"] in last.values()
    # nothing was written into the Values
    assert a.grad == 0.0 and b.grad == 0.0 and c.grad == 0.0


def test_steps_are_data_with_captions_that_carry_the_numbers():
    a, b, c, f = (Value(x, label=n) for x, n in [(2.0, "a"), (-3.0, "b"), (10.0, "c"), (-2.0, "f")])
    e = a * b
    e.label = "e"
    d = e + c
    d.label = "d"
    L = d * f
    L.label = "L"
    steps = viz.backward_steps(L)
    assert [s.step.name for s in steps] == ["L", "d", "e"]
    first = steps[0].step
    assert (first.index, first.count, first.grad) == (1, 3, 1.0)
    assert [(u.name, u.local, u.amount, u.total) for u in first.updates] == [
        ("d", -2.0, -2.0, -2.0),
        ("f", 4.0, 4.0, 4.0),
    ]
    assert "d.grad += L.grad × ∂L/∂d = 1 × -2 = -2" in steps[0].caption
    assert "(∂(x*y)/∂x = y)" in steps[0].caption
    assert "step 2 of 3: d = e + c, d.grad = -2" in steps[1].caption
    final = steps[-1].step
    assert {v.label: g for v, g in final.grads.items()} == {
        "L": 1.0, "d": -2.0, "f": 4.0, "e": -2.0, "c": -2.0, "a": 6.0, "b": -4.0
    }  # fmt: skip
    assert final.complete == frozenset([L, d, e, a, b, c, f])
    assert steps[0].caption in steps[0]._repr_mimebundle_()[0]["text/plain"]


def test_every_frame_has_the_same_layout():
    a, b, c, f = (Value(x, label=n) for x, n in [(2.0, "a"), (-3.0, "b"), (10.0, "c"), (-2.0, "f")])
    L = (a * b + c) * f
    x = torch.tensor([0.5, -1.5], requires_grad=True)
    loss = (x * x).sum().tanh()
    for root in (L, loss):
        for leaves in (False, True):
            layouts = set()
            for frame in viz.backward_steps(root, size=9, leaves=leaves):
                plain = frame.pipe(format="plain").decode().splitlines()
                # graph size and every node's position and size
                layouts.add(
                    tuple(
                        " ".join(line.split()[:6]) for line in plain if line[:4] in ("grap", "node")
                    )
                )
            assert len(layouts) == 1


def test_step_through_plays_in_html_and_gives_rows_of_gradients():
    a = Value(2.0, label="a")
    b = Value(-3.0, label="b")
    c = (a * b).tanh()
    c.label = "c"
    player = viz.step_through(c, size=9)
    assert len(player) == len(player.frames) == 2
    assert player.rows()[-1]["a"] == pytest.approx(b.data * (1 - c.data**2))
    page = player._repr_mimebundle_()["text/html"]
    assert page.count('class="viz-frame"') == 2 and page.count("data:image/svg+xml;base64,") == 2
    assert "viz-prev" in page and "viz-next" in page and "<script>" in page
    assert "still being summed" in page  # the legend
    assert html.escape(player.steps[0].caption) in page
    text = player._repr_mimebundle_()["text/plain"]
    assert text.startswith("backward in 2 steps") and "0x" not in text


def test_step_through_widget_when_ipywidgets_is_there():
    pytest.importorskip("ipywidgets")
    a = Value(2.0, label="a")
    player = viz.step_through(a * a + a)
    box = player.widget()
    slider = box.children[1].children[1]
    image = box.children[3]
    first = image.value
    slider.value = 2
    assert image.value != first and "step 2 of 2" in box.children[2].value


def _check_steps(root_values, steps):
    order = [s.current for s in steps]
    expected = topological_order(root_values)
    # every node once
    assert len(order) == len(expected)
    assert {id(v) for v in order} == {id(v) for v in expected}
    # each node after all nodes that use it
    position = {id(v): i for i, v in enumerate(order)}
    for i, v in enumerate(order):
        for p in v.parents:
            if p.requires_grad:
                assert position[id(p)] > i


@given(expressions(n_inputs=3, max_depth=4))
def test_backward_steps_visit_every_node_once_after_its_users(case):
    fn, xs = case
    inputs = [Value(x, label=f"x{i}") for i, x in enumerate(xs)]
    out = fn(*inputs)
    assume(out.requires_grad)
    steps = viz.backward_steps(out, max_nodes=None, leaves=True)
    _check_steps([out], steps)
    ops = viz.backward_steps(out, max_nodes=None)
    assert [s.current for s in ops] == [
        s.current for s in steps if s.current.op or s.current is out
    ]
    # the last picture shows the engine's gradients, each in bold, with or without leaf steps
    # (the pass's own: a leaf's .grad adds them to 0.0, which turns -0.0 into 0.0)
    grads = run_backward([out], [1.0], accumulate=False)
    for final in (steps[-1].source, ops[-1].source):
        for x in inputs:
            if x in grads:
                assert f"<B>grad {viz._common.fmt(grads[x])}</B>" in final


def test_backward_steps_on_the_tutorial_net():
    x = torch.ones(5)
    y = torch.zeros(3)
    w = torch.ones(5, 3, requires_grad=True)
    b = torch.zeros(3, requires_grad=True)
    z = torch.matmul(x, w) + b
    loss = F.binary_cross_entropy_with_logits(z, y)
    steps = viz.backward_steps(loss, leaves=True)
    _check_steps(loss.values(), steps)
    assert steps[0].current is loss.values()[0]
    assert w.grad is None and b.grad is None  # no side effects
    # the chain rule in action: the current op's edges to its inputs are red
    assert "color=red" in steps[1].source


def test_backward_steps_refuses_what_backward_refuses():
    with pytest.raises(RuntimeError, match="does not require grad"):
        viz.backward_steps(torch.ones(1))
    with pytest.raises(RuntimeError, match="only for scalar outputs"):
        viz.backward_steps(torch.ones(2, requires_grad=True) * 2)


def test_backward_steps_size_guard_before_the_first_step():
    w = torch.ones(300, requires_grad=True)
    with pytest.raises(viz.GraphTooLargeError, match="nodes"):
        viz.backward_steps((w * w).sum())  # raises at the call, not on iteration


def test_backward_steps_after_backward_freed_the_graph():
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    loss = (w.exp() * w).sum()
    loss.backward()  # frees the saved values
    steps = viz.backward_steps(loss)
    final = steps[-1].source
    for g in w.grad.tolist():
        assert f"<B>grad {g:.4f}</B>" in final


def test_backward_steps_of_a_value_graph_freed_by_backward_say_how_to_keep_it():
    a = Value(2.0, label="a")
    L = a.exp() * a
    L.backward()  # a Value graph's saved values are freed, as in PyTorch
    with pytest.raises(RuntimeError, match=r"freed by an earlier backward\(\).*retain_graph=True"):
        viz.backward_steps(L)
    b = Value(2.0, label="b")
    M = b.exp() * b
    M.backward(retain_graph=True)
    assert viz.backward_steps(M)[-1].step.grads[b] == b.grad  # kept: drawn, and the same number


def test_backward_steps_are_the_engines_pass_hooks_included_and_write_no_grad():
    a = Value(3.0, label="a")
    b = a * 2.0
    b.label = "b"
    seen = []
    b.register_hook(lambda g: seen.append(g) or g * 10)
    c = b * b
    c.label = "c"
    steps = viz.backward_steps(c)
    assert seen == [12.0]  # the hook ran once, on b's complete gradient
    assert [s.step.grad for s in steps] == [1.0, 120.0]  # b's gradient after its hook
    assert steps[-1].step.grads[a] == 240.0
    assert a.grad == 0.0 and b.grad == 0.0 and c.grad == 0.0


def test_backward_steps_name_the_rule_of_the_input_that_needs_grad():
    a = Value(3.0, label="a")
    b = 2.0 - a  # the number on the left: a is input 1 of sub
    b.label = "b"
    c = Value(5.0, requires_grad=False, label="c") * b  # c needs no grad: b is input 1 of mul
    c.label = "d"
    first, second = (s.caption for s in viz.backward_steps(c))
    assert "b.grad += d.grad × ∂d/∂b = 1 × 5 = 5    (∂(x*y)/∂y = x)" in first
    assert "a.grad += b.grad × ∂b/∂a = 5 × -1 = -5    (∂(x-y)/∂y = -1)" in second


def test_a_value_that_requires_no_grad_has_no_grad_box():
    # PyTorch's grad of x (no requires_grad) is None, not 0: the picture draws no box.
    x = torch.ones(2)
    w = torch.tensor([0.5, -1.0], requires_grad=True)
    loss = (x * w).sum() / 3
    loss.backward()
    graph = viz.draw_values(loss, names={"x": x, "w": w})
    source = graph.source
    cells = {c[0]: c for c in records(graph).values() if c[0] in ("x[0]", "w[0]")}
    assert cells["x[0]"] == ["x[0]", "data 1.0000"]
    assert cells["w[0]"] == ["w[0]", "data 0.5000", "grad 0.3333"]
    assert "data 3.0000</TD></TR>" in source  # the divisor 3: no gradient either


def test_step_through_captions_take_one_height_and_red_arrows_point_back():
    # Captions of 2 and 3 lines: every caption box is as tall as the longest, so the
    # picture under it does not move from frame to frame.
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    c = (a * b).tanh()
    c.label = "c"
    player = viz.step_through(c)
    counts = {len(step.caption.splitlines()) for step in player.steps}
    assert len(counts) > 1
    heights = re.findall(r'class="viz-caption" style="[^"]*height:([\d.]+)em', player.to_html())
    assert len(heights) == len(player) and len(set(heights)) == 1
    assert float(heights[0]) == pytest.approx(1.3 * max(counts))
    # A wide graph scrolls at its own size instead of being shrunk to the page.
    assert player.to_html().count('<div style="overflow-x:auto"><img') == len(player)
    assert player.to_html().count('style="max-width:none"') == len(player)
    # The red edges of a step carry the gradient from the op back to its inputs.
    red = [line for line in player.frames[0].source.splitlines() if "color=red" in line]
    assert red and all("dir=back" in line for line in red)


def test_a_users_function_is_one_node_in_the_picture():
    class Square(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return 2 * x * g

    a = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
    source = viz.draw_values(Square.apply(a).sum()).source
    assert source.count("label=<Square>") == 1
    node = re.search(r"(\w+) \[label=<Square>", source).group(1)
    # three edges in (one per input), three out (one per output)
    assert len(re.findall(rf"v\d+ -> {node}\b", source)) == 3
    assert len(re.findall(rf"\b{node} -> v\d+", source)) == 3
    # and backward's step through it lights that one node
    frame = viz.backward_steps(Square.apply(a).sum())[-1]
    assert re.search(rf"{node} \[label=<Square>[^\]]*fillcolor=\"#ffe680\"", frame.source)
