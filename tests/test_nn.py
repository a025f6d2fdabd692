"""tensors.nn: module bookkeeping, Parameter, Linear, containers, state_dict, printing."""

import copy
import doctest
import math
import pickle
from collections import OrderedDict

import pytest

import tensors
import tensors as torch
from tensors import nn
from tensors.nn import container, layers, loss, module, parameter, state_dict


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 4))
        self.w = nn.Parameter(torch.ones(2))
        self.register_buffer("running", torch.zeros(1))
        self.head = nn.Linear(4, 1)

    def forward(self, x):
        return self.head(self.body(x * self.w))


def mlp():
    return nn.Sequential(
        nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 1)
    )


# -- reachability ------------------------------------------------------------------


def test_reachable_as_attributes_after_import_tensors():
    assert tensors.nn.Linear is layers.Linear
    assert tensors.optim.Adam.__name__ == "Adam"
    assert tensors.nn.functional.relu is not None
    assert tensors.nn.init.kaiming_uniform_ is not None
    assert tensors.data.make_moons is not None


@pytest.mark.parametrize(
    "mod", [module, state_dict, parameter, layers, container, loss, nn.init, nn]
)
def test_module_doctests(mod):
    result = doctest.testmod(mod, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
    assert result.attempted > 0


# -- bookkeeping -------------------------------------------------------------------


def test_parameter_counts_of_the_mlp():
    model = mlp()
    assert len(list(model.parameters())) == 6
    assert sum(p.numel() for p in model.parameters()) == 2 * 16 + 16 + 16 * 16 + 16 + 16 + 1


def test_names_follow_nesting_and_registration_order():
    net = Net()
    assert [n for n, _ in net.named_parameters()] == [
        "w",
        "body.0.weight",
        "body.0.bias",
        "body.2.weight",
        "body.2.bias",
        "head.weight",
        "head.bias",
    ]
    assert [n for n, _ in net.named_modules()] == ["", "body", "body.0", "body.1", "body.2", "head"]
    assert [n for n, _ in net.named_children()] == ["body", "head"]
    assert list(net.children()) == [net.body, net.head]
    assert len(list(net.modules())) == 6
    assert [n for n, _ in net.named_buffers()] == ["running"]
    assert [n for n, _ in net.named_parameters(recurse=False)] == ["w"]
    assert [n for n, _ in net.body.named_parameters(prefix="body")][0] == "body.0.weight"


def test_parameters_are_the_module_attributes():
    net = Net()
    params = list(net.parameters())
    assert params[0] is net.w
    assert params[1] is net.body[0].weight
    assert all(isinstance(p, nn.Parameter) for p in params)


def test_shared_parameters_and_modules_are_listed_once():
    shared = nn.Linear(2, 2)
    model = nn.Sequential(shared, nn.Tanh(), shared)
    assert len(list(model.parameters())) == 2
    assert len(list(model.modules())) == 3
    assert len(list(model.named_parameters(remove_duplicate=False))) == 4
    assert list(model.state_dict()) == ["0.weight", "0.bias", "2.weight", "2.bias"]


def test_plain_attributes_are_not_registered():
    class M(nn.Module):
        def __init__(self):
            super().__init__()
            self.t = torch.ones(2, requires_grad=True)  # a tensor, not a Parameter
            self.layers = [nn.Linear(2, 2)]  # a list, not a ModuleList
            self.n = 3

    m = M()
    assert list(m.parameters()) == []
    assert m.n == 3


def test_reassigning_and_deleting_members():
    net = Net()
    net.w = nn.Parameter(torch.zeros(3))
    assert net.w.shape == (3,)
    net.head = None
    assert "head" not in [n for n, _ in net.named_children()]
    del net.body
    assert [n for n, _ in net.named_parameters()] == ["w"]
    with pytest.raises(AttributeError, match="'Net' object has no attribute 'body'"):
        _ = net.body
    net.running = torch.ones(1)
    assert net.state_dict()["running"].tolist() == [1.0]


def test_setattr_errors_are_pytorchs():
    layer = nn.Linear(2, 3)
    with pytest.raises(TypeError) as e:
        layer.weight = torch.ones(3, 2)
    assert str(e.value) == (
        "cannot assign 'torch.FloatTensor' as parameter 'weight' "
        "(torch.nn.Parameter or None expected)"
    )
    seq = nn.Sequential(nn.ReLU())
    with pytest.raises(TypeError, match="cannot assign 'int' as child module '0'"):
        setattr(seq, "0", 3)

    class Early(nn.Module):
        def __init__(self):
            self.w = nn.Parameter(torch.ones(1))

    with pytest.raises(AttributeError, match=r"cannot assign parameters before Module.__init__"):
        Early()
    m = nn.Module()
    with pytest.raises(KeyError) as k:
        m.register_parameter("a.b", nn.Parameter(torch.ones(1)))
    assert k.value.args[0] == 'parameter name can\'t contain "."'
    with pytest.raises(TypeError, match="cannot assign 'torch.FloatTensor' object to parameter"):
        m.register_parameter("a", torch.ones(1))
    with pytest.raises(TypeError, match="int is not a Module subclass"):
        m.add_module("a", 3)
    with pytest.raises(NotImplementedError, match=r"Module \[Module\] is missing the required"):
        m(1)


def test_non_leaf_parameter_is_refused():
    m = nn.Module()
    p = nn.Parameter(torch.ones(2), requires_grad=False)
    p.add_(torch.ones(2, requires_grad=True))  # now the output of an op
    with pytest.raises(ValueError, match="Cannot assign non-leaf Tensor to parameter 'v'"):
        m.register_parameter("v", p)


def test_train_and_eval_reach_every_submodule():
    net = Net()
    assert all(m.training for m in net.modules())
    assert net.eval() is net
    assert not any(m.training for m in net.modules())
    net.train()
    assert all(m.training for m in net.modules())


def test_call_runs_forward():
    torch.manual_seed(0)
    net = Net()
    x = torch.ones(5, 2)
    assert net(x).shape == (5, 1)
    assert torch.equal(net(x), net.forward(x))


# -- gradients ------------------------------------------------------------------


def test_backward_fills_every_parameter_grad_and_zero_grad_clears():
    torch.manual_seed(0)
    net = Net()
    net(torch.ones(5, 2)).sum().backward()
    assert all(p.grad is not None and p.grad.shape == p.shape for p in net.parameters())
    net.zero_grad(set_to_none=False)
    assert all(p.grad is not None and p.grad.abs().sum().item() == 0 for p in net.parameters())
    net.zero_grad()
    assert all(p.grad is None for p in net.parameters())


def test_zero_grad_then_backward_accumulates_from_zero():
    torch.manual_seed(0)
    layer = nn.Linear(2, 1)
    x = torch.tensor([[1.0, 2.0]])
    layer(x).sum().backward()
    first = layer.weight.grad.tolist()
    layer(x).sum().backward()
    assert layer.weight.grad.tolist() == [[2 * g for g in first[0]]]
    layer.zero_grad(set_to_none=False)
    layer(x).sum().backward()
    assert layer.weight.grad.tolist() == first


def test_requires_grad_false_freezes():
    layer = nn.Linear(2, 1).requires_grad_(False)
    assert not any(p.requires_grad for p in layer.parameters())
    out = layer(torch.ones(1, 2))
    assert not out.requires_grad


# -- Parameter --------------------------------------------------------------------


def test_parameter_is_a_leaf_copy_that_requires_grad():
    src = torch.tensor([1.0, 2.0])
    p = nn.Parameter(src)
    assert isinstance(p, torch.Tensor) and p.is_leaf and p.requires_grad
    assert p.grad_fn is None
    with torch.no_grad():
        src.add_(1.0)
    assert p.tolist() == [1.0, 2.0]
    assert all(a is not b for a, b in zip(p.values(), src.values()))
    (p * p).sum().backward()
    assert p.grad.tolist() == [2.0, 4.0]


def test_parameter_from_a_graph_is_a_fresh_leaf():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    p = nn.Parameter(x * 3)
    assert p.is_leaf and p.grad_fn is None
    (p * p).sum().backward()
    assert p.grad.tolist() == [6.0, 12.0]
    assert x.grad is None


def test_parameter_printing():
    assert repr(nn.Parameter(torch.tensor([1.0, 2.0]))) == (
        "Parameter containing:\ntensor([1., 2.], requires_grad=True)"
    )
    assert str(nn.Parameter(torch.tensor([1.0, 2.0]), requires_grad=False)) == (
        "Parameter containing:\ntensor([1., 2.])"
    )
    assert repr(nn.Parameter()) == "Parameter containing:\ntensor([], requires_grad=True)"


def test_parameter_ops_give_plain_tensors():
    p = nn.Parameter(torch.ones(2))
    for t in (p * 2, p.detach(), p.data, p.clone(), p + p):
        assert type(t) is torch.Tensor


def test_parameter_of_integers_cannot_require_grad():
    with pytest.raises(RuntimeError, match="Only Tensors of floating point"):
        nn.Parameter(torch.tensor([1, 2]))
    assert nn.Parameter(torch.tensor([1, 2]), requires_grad=False).dtype == torch.int64
    with pytest.raises(TypeError):
        nn.Parameter([1.0, 2.0])  # type: ignore[arg-type]


def test_deepcopy_of_a_model_gives_independent_trainable_parameters():
    torch.manual_seed(0)
    model = mlp()
    twin = copy.deepcopy(model)
    for a, b in zip(model.parameters(), twin.parameters()):
        assert a is not b and torch.equal(a, b) and isinstance(b, nn.Parameter)
    twin(torch.ones(3, 2)).sum().backward()
    assert all(p.grad is not None for p in twin.parameters())
    assert all(p.grad is None for p in model.parameters())


def test_pickle_roundtrip_of_a_parameter():
    p = nn.Parameter(torch.tensor([[1.5, -2.0]]))
    q = pickle.loads(pickle.dumps(p))
    assert isinstance(q, nn.Parameter) and q.tolist() == p.tolist() and q.requires_grad
    q.sum().backward()
    assert q.grad.tolist() == [[1.0, 1.0]]


# -- Linear ----------------------------------------------------------------------


def test_linear_shapes_and_formula():
    layer = nn.Linear(3, 2)
    with torch.no_grad():
        layer.weight.copy_(torch.tensor([[1.0, 2.0, 3.0], [0.0, -1.0, 1.0]]))
        layer.bias.copy_(torch.tensor([0.5, -0.5]))
    x = torch.tensor([[1.0, 1.0, 1.0], [2.0, 0.0, -1.0]])
    assert layer(x).tolist() == [[6.5, -0.5], [-0.5, -1.5]]
    assert layer(torch.tensor([1.0, 1.0, 1.0])).tolist() == [6.5, -0.5]
    assert layer(torch.ones(4, 5, 3)).shape == (4, 5, 2)
    assert layer(x).grad_fn.name() == "AddmmBackward0"


def test_linear_without_bias():
    layer = nn.Linear(3, 2, bias=False)
    assert layer.bias is None
    assert [n for n, _ in layer.named_parameters()] == ["weight"]
    assert repr(layer) == "Linear(in_features=3, out_features=2, bias=False)"
    assert layer(torch.ones(1, 3)).shape == (1, 2)


@pytest.mark.parametrize(
    "shape, text",
    [
        ((4, 3), "(4x3 and 2x16)"),
        ((3,), "(1x3 and 2x16)"),
        ((2, 4, 3), "(8x3 and 2x16)"),
    ],
)
def test_linear_wrong_width_raises_pytorchs_message(shape, text):
    with pytest.raises(RuntimeError) as e:
        nn.Linear(2, 16)(torch.ones(*shape))
    assert str(e.value) == "mat1 and mat2 shapes cannot be multiplied " + text


def test_linear_other_bad_inputs():
    with pytest.raises(RuntimeError, match="both arguments to linear need to be at least 1D"):
        nn.Linear(2, 16)(torch.tensor(1.0))
    with pytest.raises(RuntimeError, match="must have the same dtype, but got Long and Float"):
        nn.Linear(2, 16)(torch.tensor([[1, 2]]))


def test_linear_dtype():
    layer = nn.Linear(2, 3, dtype=torch.float64)
    assert layer.weight.dtype == torch.float64 and layer.bias.dtype == torch.float64
    assert layer(torch.ones(1, 2, dtype=torch.float64)).dtype == torch.float64


# -- containers -----------------------------------------------------------------


def test_sequential_indexing_slicing_and_growth():
    a, b, c = nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1)
    seq = nn.Sequential(a, b, c)
    assert seq[0] is a and seq[-1] is c and len(seq) == 3
    assert list(seq) == [a, b, c]
    tail = seq[1:]
    assert isinstance(tail, nn.Sequential) and list(tail) == [b, c]
    assert [n for n, _ in tail.named_children()] == ["1", "2"]
    with pytest.raises(IndexError, match="index 3 is out of range"):
        seq[3]
    seq.append(nn.Sigmoid())
    assert len(seq) == 4 and isinstance(seq[3], nn.Sigmoid)
    seq[1] = nn.Tanh()
    assert isinstance(seq[1], nn.Tanh)
    del seq[1]
    assert [n for n, _ in seq.named_children()] == ["0", "1", "2"]
    assert seq[1] is c


def test_sequential_from_ordered_dict():
    seq = nn.Sequential(OrderedDict(hidden=nn.Linear(2, 4), act=nn.Tanh(), out=nn.Linear(4, 1)))
    assert [n for n, _ in seq.named_parameters()] == [
        "hidden.weight",
        "hidden.bias",
        "out.weight",
        "out.bias",
    ]
    assert seq(torch.ones(3, 2)).shape == (3, 1)


def test_module_list_registers_its_modules():
    layers_ = nn.ModuleList([nn.Linear(2, 2), nn.Linear(2, 2)])
    layers_.append(nn.ReLU())
    assert len(layers_) == 3 and len(list(layers_.parameters())) == 4
    assert isinstance(layers_[-1], nn.ReLU)
    assert isinstance(layers_[:2], nn.ModuleList)


# -- printing -----------------------------------------------------------------------


def test_reprs():
    assert repr(mlp()) == (
        "Sequential(\n"
        "  (0): Linear(in_features=2, out_features=16, bias=True)\n"
        "  (1): ReLU()\n"
        "  (2): Linear(in_features=16, out_features=16, bias=True)\n"
        "  (3): ReLU()\n"
        "  (4): Linear(in_features=16, out_features=1, bias=True)\n"
        ")"
    )
    assert repr(Net()) == (
        "Net(\n"
        "  (body): Sequential(\n"
        "    (0): Linear(in_features=2, out_features=3, bias=True)\n"
        "    (1): ReLU()\n"
        "    (2): Linear(in_features=3, out_features=4, bias=True)\n"
        "  )\n"
        "  (head): Linear(in_features=4, out_features=1, bias=True)\n"
        ")"
    )
    assert repr(nn.Module()) == "Module()"
    assert repr(nn.Flatten()) == "Flatten(start_dim=1, end_dim=-1)"
    assert repr(nn.ReLU(inplace=True)) == "ReLU(inplace=True)"
    assert repr(nn.CrossEntropyLoss(label_smoothing=0.1)) == "CrossEntropyLoss()"


# -- state_dict -----------------------------------------------------------------------


def test_state_dict_names_order_and_copies():
    net = Net()
    sd = net.state_dict()
    assert isinstance(sd, OrderedDict)
    assert list(sd) == [
        "w",
        "running",
        "body.0.weight",
        "body.0.bias",
        "body.2.weight",
        "body.2.bias",
        "head.weight",
        "head.bias",
    ]
    assert not any(t.requires_grad for t in sd.values())
    assert torch.equal(sd["w"], net.w)
    with torch.no_grad():
        net.w.add_(1.0)
    # as in PyTorch, a state dict's tensors share their parameters' storage
    assert sd["w"].tolist() == [2.0, 2.0]
    assert net.state_dict(keep_vars=True)["w"] is net.w


def test_non_persistent_buffers_are_not_saved():
    m = nn.Module()
    m.register_buffer("a", torch.ones(1))
    m.register_buffer("b", torch.ones(1), persistent=False)
    assert list(m.state_dict()) == ["a"]
    assert [n for n, _ in m.named_buffers()] == ["a", "b"]


def test_load_state_dict_roundtrip_keeps_parameter_identity():
    torch.manual_seed(0)
    a, b = Net(), Net()
    params = list(b.parameters())
    assert repr(b.load_state_dict(a.state_dict())) == "<All keys matched successfully>"
    assert all(x is y for x, y in zip(b.parameters(), params))
    for (n, x), (_, y) in zip(a.state_dict().items(), b.state_dict().items()):
        assert torch.equal(x, y), n
    x = torch.ones(3, 2)
    assert torch.equal(a(x), b(x))
    b(x).sum().backward()
    assert all(p.grad is not None for p in b.parameters())


def test_load_state_dict_errors_name_every_problem_and_change_nothing():
    net = Net()
    before = {k: v.tolist() for k, v in net.state_dict().items()}
    bad = net.state_dict()
    del bad["running"]
    del bad["body.0.bias"]
    bad["foo"] = torch.ones(1)
    bad["w"] = torch.ones(3)
    bad["body.2.weight"] = torch.zeros(4, 3)  # a good entry: must not be copied either
    with pytest.raises(RuntimeError) as e:
        net.load_state_dict(bad)
    assert str(e.value) == (
        "Error(s) in loading state_dict for Net:\n"
        '\tMissing key(s) in state_dict: "running", "body.0.bias". \n'
        '\tUnexpected key(s) in state_dict: "foo". \n'
        "\tsize mismatch for w: copying a param with shape torch.Size([3]) from checkpoint, "
        "the shape in current model is torch.Size([2])."
    )
    assert {k: v.tolist() for k, v in net.state_dict().items()} == before


def test_load_state_dict_not_strict():
    net = Net()
    sd = {"w": torch.tensor([5.0, 6.0]), "extra": torch.ones(1)}
    result = net.load_state_dict(sd, strict=False)
    assert result.unexpected_keys == ["extra"]
    assert result.missing_keys[0] == "running" and len(result.missing_keys) == 7
    assert repr(result).startswith("_IncompatibleKeys(missing_keys=['running', ")
    assert net.w.tolist() == [5.0, 6.0]
    with pytest.raises(RuntimeError, match="size mismatch for w"):
        net.load_state_dict({"w": torch.ones(4)}, strict=False)


def test_load_state_dict_rejects_non_tensors():
    net = nn.Linear(2, 1)
    sd = net.state_dict()
    sd["bias"] = 3
    with pytest.raises(RuntimeError) as e:
        net.load_state_dict(sd)
    assert str(e.value) == (
        "Error(s) in loading state_dict for Linear:\n"
        '\tWhile copying the parameter named "bias", expected torch.Tensor or Tensor-like object '
        "from checkpoint but received <class 'int'>"
    )


def test_load_state_dict_assign_replaces_parameters():
    layer = nn.Linear(2, 1)
    old = layer.weight
    layer.load_state_dict(
        {"weight": torch.tensor([[1.0, 2.0]]), "bias": torch.zeros(1)}, assign=True
    )
    assert layer.weight is not old and isinstance(layer.weight, nn.Parameter)
    assert layer.weight.tolist() == [[1.0, 2.0]] and layer.weight.requires_grad


# -- modules that wrap functional ---------------------------------------------------


def test_activation_modules():
    x = torch.tensor([[-1.0, 0.5]])
    assert nn.ReLU()(x).tolist() == [[0.0, 0.5]]
    assert nn.Tanh()(x).tolist() == [[math.tanh(-1.0), math.tanh(0.5)]]
    assert nn.Sigmoid()(x).tolist()[0][0] == pytest.approx(1 / (1 + math.e))
    assert nn.Identity(3, unused=True)(x) is x
    assert nn.Flatten()(torch.zeros(2, 3, 4)).shape == (2, 12)
    assert nn.Flatten(0)(torch.zeros(2, 3)).shape == (6,)
    assert nn.LeakyReLU(0.1)(x).tolist() == [[-0.1, 0.5]]
    assert sum(nn.Softmax(dim=1)(x).tolist()[0]) == pytest.approx(1.0)


def test_loss_modules_match_functional():
    F = nn.functional
    x = torch.tensor([[0.2, -1.0], [1.5, 0.3]])
    t = torch.tensor([[0.0, 1.0], [1.0, 1.0]])
    assert torch.equal(nn.MSELoss()(x, t), F.mse_loss(x, t))
    assert torch.equal(nn.L1Loss(reduction="sum")(x, t), F.l1_loss(x, t, reduction="sum"))
    assert torch.equal(nn.BCEWithLogitsLoss()(x, t), F.binary_cross_entropy_with_logits(x, t))
    p = torch.sigmoid(x)
    assert torch.equal(nn.BCELoss()(p, t), F.binary_cross_entropy(p, t))
    labels = torch.tensor([1, 0])
    assert torch.equal(nn.CrossEntropyLoss()(x, labels), F.cross_entropy(x, labels))
    w = torch.tensor([1.0, 3.0])
    ce = nn.CrossEntropyLoss(weight=w)
    assert list(ce.state_dict()) == ["weight"]
    assert torch.equal(ce(x, labels), F.cross_entropy(x, labels, weight=w))
    logp = F.log_softmax(x, dim=1)
    assert torch.equal(nn.NLLLoss()(logp, labels), F.nll_loss(logp, labels))
    pw = torch.tensor([2.0, 1.0])
    assert torch.equal(
        nn.BCEWithLogitsLoss(pos_weight=pw)(x, t),
        F.binary_cross_entropy_with_logits(x, t, pos_weight=pw),
    )


def test_legacy_reduction_arguments_warn():
    with pytest.warns(UserWarning, match="please use reduction='sum' instead"):
        fn = nn.MSELoss(size_average=False)
    assert fn.reduction == "sum"


def test_to_changes_the_dtype_of_floating_parameters_and_buffers_in_place():
    net = Net()
    w = net.w
    assert net.double() is net
    assert net.w is w and all(p.dtype == torch.float64 for p in net.parameters())
    assert net.running.dtype == torch.float64
    assert net(torch.ones(2, 2, dtype=torch.float64)).dtype == torch.float64
    net.float()
    assert all(p.dtype == torch.float32 for p in net.parameters())
    assert net.to("cpu") is net and net.cpu() is net
    with pytest.raises(TypeError, match="only accepts floating point or complex dtypes"):
        net.to(torch.int64)
