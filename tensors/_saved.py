"""What each backward node saves, and PyTorch's two checks on saved tensors.

A PyTorch node keeps ("saves") the tensors its backward formula reads: ``x * y``
saves ``y`` to differentiate in ``x`` and ``x`` to differentiate in ``y``;
``exp`` saves its result; ``x + y`` saves nothing. This table says which, for
every node the tensor layer records, following PyTorch's ``derivatives.yaml``
(a tensor is saved only when the input whose gradient reads it requires grad).

The two checks of PyTorch's autograd notes
(https://pytorch.org/docs/stable/notes/autograd.html#in-place-correctness-checks):

- every tensor has a version counter, shared with its views, that each
  in-place op bumps; a backward through a node whose saved tensor has changed
  since it was saved is refused ("one of the variables needed for gradient
  computation has been modified by an inplace operation");
- after a backward without ``retain_graph``, the nodes that saved something
  are freed; a second backward through one is refused ("Trying to backward
  through the graph a second time"). Nodes that save nothing (sums, means,
  additions, views) can be run again, as in PyTorch.

The numbers themselves live in the scalar engine's nodes, which keep their
local derivatives; these checks decide, as PyTorch does, when reading them
would give an answer PyTorch refuses to give.

>>> import tensors as torch
>>> x = torch.ones(2, requires_grad=True)
>>> y = (x * x).sum()
>>> with torch.no_grad():
...     _ = x.add_(1)
>>> y.backward()
Traceback (most recent call last):
...
RuntimeError: one of the variables needed for gradient computation has been modified by an ...
"""

from __future__ import annotations

import re
from typing import Any, Optional, Sequence

from ._dtype import type_name
from ._function import SECOND_TIME, Node

_ALWAYS = None  # saved whatever requires grad (once the node exists)
_RESULT = "result"
_EVERY = "*"  # every tensor input

# name: ((which, when), ...). ``which`` is an input position, "result" or "*";
# ``when`` is None (always) or the input positions whose gradient reads it.
# An empty tuple: the node saves something that is not a user's tensor (indices,
# a mask, a condition), so it is freed after a backward but never out of date.
SAVED: dict = {
    "MulBackward0": ((1, (0,)), (0, (1,))),
    "DivBackward0": ((1, _ALWAYS), (0, (1,))),
    "PowBackward0": ((0, _ALWAYS),),
    "PowBackward1": ((_EVERY, _ALWAYS), (_RESULT, _ALWAYS)),
    "PowBackward2": ((_EVERY, _ALWAYS), (_RESULT, _ALWAYS)),
    "RemainderBackward1": ((_EVERY, (1,)),),
    "MaximumBackward0": ((_EVERY, _ALWAYS),),
    "MinimumBackward0": ((_EVERY, _ALWAYS),),
    "ClampBackward0": ((_EVERY, _ALWAYS),),
    "ClampBackward1": ((0, _ALWAYS),),
    "ExpBackward0": ((_RESULT, _ALWAYS),),
    "SqrtBackward0": ((_RESULT, _ALWAYS),),
    "TanhBackward0": ((_RESULT, _ALWAYS),),
    "SigmoidBackward0": ((_RESULT, _ALWAYS),),
    "ReluBackward0": ((_RESULT, _ALWAYS),),
    "ReciprocalBackward0": ((_RESULT, _ALWAYS),),
    "SoftmaxBackward0": ((_RESULT, _ALWAYS),),
    "LogSoftmaxBackward0": ((_RESULT, _ALWAYS),),
    "LogBackward0": ((0, _ALWAYS),),
    "SinBackward0": ((0, _ALWAYS),),
    "CosBackward0": ((0, _ALWAYS),),
    "AbsBackward0": ((0, _ALWAYS),),
    "SoftplusBackward0": ((0, _ALWAYS),),
    "LeakyReluBackward0": ((0, _ALWAYS),),
    "VarBackward0": ((0, _ALWAYS),),
    "ProdBackward0": ((0, _ALWAYS), (_RESULT, _ALWAYS)),
    "ProdBackward1": ((0, _ALWAYS), (_RESULT, _ALWAYS)),
    "AmaxBackward0": ((0, _ALWAYS), (_RESULT, _ALWAYS)),
    "AminBackward0": ((0, _ALWAYS), (_RESULT, _ALWAYS)),
    "MaxBackward1": ((0, _ALWAYS), (_RESULT, _ALWAYS)),
    "MinBackward1": ((0, _ALWAYS), (_RESULT, _ALWAYS)),
    "StdBackward0": ((0, _ALWAYS), (_RESULT, _ALWAYS)),
    "LinalgVectorNormBackward0": ((0, _ALWAYS), (_RESULT, _ALWAYS)),
    "LogsumexpBackward0": ((0, _ALWAYS), (_RESULT, _ALWAYS)),
    "MmBackward0": ((1, (0,)), (0, (1,))),
    "MvBackward0": ((1, (0,)), (0, (1,))),
    "DotBackward0": ((1, (0,)), (0, (1,))),
    "BmmBackward0": ((1, (0,)), (0, (1,))),
    # F.linear's inputs are (bias, input, weight.t()): PyTorch's mat1 and mat2.
    "AddmmBackward0": ((1, (2,)), (2, (1,))),
    "MseLossBackward0": ((_EVERY, _ALWAYS),),
    "BinaryCrossEntropyBackward0": ((_EVERY, _ALWAYS),),
    "BinaryCrossEntropyWithLogitsBackward0": ((_EVERY, _ALWAYS),),
    "NllLossBackward0": ((_EVERY, _ALWAYS),),
    "ConvolutionBackward0": ((0, _ALWAYS), (1, _ALWAYS)),
    "MaxPool2DWithIndicesBackward0": ((0, _ALWAYS),),
    "AvgPool2DBackward0": ((0, _ALWAYS),),
    "AdaptiveAvgPool2DBackward0": ((0, _ALWAYS),),
    "NativeBatchNormBackward0": ((0, _ALWAYS), (1, _ALWAYS)),
    "NativeLayerNormBackward0": ((0, _ALWAYS), (1, _ALWAYS), (2, _ALWAYS)),
    # F.embedding's inputs are (weight, indices): it saves the indices only.
    "EmbeddingBackward0": ((1, _ALWAYS),),
    "MaxBackward0": (),
    "MinBackward0": (),
    "WhereBackward0": (),
    "MaskedFillBackward0": (),
    "IndexBackward0": (),
    "IndexPutBackward0": (),
    # pointwise_math.py, pointwise_binary.py
    "TanBackward0": ((_RESULT, _ALWAYS),),
    "AsinBackward0": ((0, _ALWAYS),),
    "AcosBackward0": ((0, _ALWAYS),),
    "AtanBackward0": ((0, _ALWAYS),),
    "SinhBackward0": ((0, _ALWAYS),),
    "CoshBackward0": ((0, _ALWAYS),),
    "AsinhBackward0": ((0, _ALWAYS),),
    "AcoshBackward0": ((0, _ALWAYS),),
    "AtanhBackward0": ((0, _ALWAYS),),
    "Expm1Backward0": ((_RESULT, _ALWAYS),),
    "Exp2Backward0": ((_RESULT, _ALWAYS),),
    "Log2Backward0": ((0, _ALWAYS),),
    "Log10Backward0": ((0, _ALWAYS),),
    "ErfBackward0": ((0, _ALWAYS),),
    "ErfcBackward0": ((0, _ALWAYS),),
    "ErfinvBackward0": ((0, _ALWAYS),),
    "LgammaBackward0": ((0, _ALWAYS),),
    "DigammaBackward0": ((0, _ALWAYS),),
    "PolygammaBackward0": ((0, _ALWAYS),),
    "MvlgammaBackward0": ((0, _ALWAYS),),
    "RsqrtBackward0": ((_RESULT, _ALWAYS),),
    "SincBackward0": ((0, _ALWAYS),),
    "LogitBackward0": ((0, _ALWAYS),),
    "NanToNumBackward0": ((0, _ALWAYS),),
    "HypotBackward0": ((_EVERY, _ALWAYS), (_RESULT, _ALWAYS)),
    "Atan2Backward0": ((_EVERY, _ALWAYS),),
    "CopysignBackward0": ((0, (0,)), (_RESULT, (0,))),
    "CopysignBackward1": ((0, _ALWAYS), (_RESULT, _ALWAYS)),
    "FmodBackward1": ((_EVERY, (1,)),),
    "FmaxBackward0": ((_EVERY, _ALWAYS),),
    "FminBackward0": ((_EVERY, _ALWAYS),),
    "LogaddexpBackward0": ((_EVERY, _ALWAYS),),
    "Logaddexp2Backward0": ((_EVERY, _ALWAYS),),
    "XlogyBackward0": ((_EVERY, _ALWAYS),),
    "LerpBackward1": ((_EVERY, _ALWAYS),),
    "AddcmulBackward0": ((1, (2,)), (2, (1,))),
    "AddcdivBackward0": ((1, (2,)), (2, _ALWAYS)),
    "LdexpBackward0": ((_EVERY, _ALWAYS),),
    # reductions_more.py, sorting.py
    "NansumBackward0": ((0, _ALWAYS),),
    "CumprodBackward0": ((0, _ALWAYS), (_RESULT, _ALWAYS)),
    "LogcumsumexpBackward0": ((0, _ALWAYS), (_RESULT, _ALWAYS)),
    "AminmaxBackward0": ((0, _ALWAYS), (_RESULT, _ALWAYS)),
    "StdMeanBackward0": ((0, _ALWAYS), (_RESULT, _ALWAYS)),
    "VarMeanBackward0": ((0, _ALWAYS),),
    "MedianBackward0": ((0, _ALWAYS), (_RESULT, _ALWAYS)),
    "NanmedianBackward0": ((0, _ALWAYS), (_RESULT, _ALWAYS)),
    "SortBackward0": (),
    "SortBackward1": (),
    "TopkBackward0": (),
    "KthvalueBackward0": (),
    "MedianBackward1": (),
    "NanmedianBackward1": (),
    "ModeBackward0": (),
    "CummaxBackward0": (),
    "CumminBackward0": (),
    # masked.py
    "MaskedFillBackward1": (),
    "MaskedScatterBackward0": (),
    "MaskedSelectBackward0": (),
    "TakeBackward0": (),
    "PutBackward0": (),
    "IndexFillBackward0": (),
    "IndexFillBackward1": (),
    "IndexCopyBackward0": (),
    "IndexAddBackward0": (),
    "IndexReduceBackward0": ((1, _ALWAYS), (2, _ALWAYS)),
    "ScatterReduceBackward0": ((1, _ALWAYS), (2, _ALWAYS)),
    "RenormBackward0": ((0, _ALWAYS),),
}

# Nodes whose backward reads no saved value: a second backward through them is fine.
NOTHING_SAVED = frozenset(
    """AddBackward0 SubBackward0 RsubBackward1 NegBackward0 SignBackward0 SumBackward0
    SumBackward1 MeanBackward0 MeanBackward1 MulBackward1 DivBackward1 CatBackward0
    StackBackward0 CloneBackward0 ToCopyBackward0 RemainderBackward0 ViewBackward0
    UnsqueezeBackward0 TransposeBackward0 TBackward0 SliceBackward0 SelectBackward0
    PermuteBackward0 ExpandBackward0 SqueezeBackward0 SqueezeBackward1 SqueezeBackward2
    SqueezeBackward4 AliasBackward0 UnsafeViewBackward0 AsStridedBackward0 SplitBackward0
    SplitWithSizesBackward0 UnbindBackward0 FillBackward2 FillBackward3 ZeroBackward0
    UniformBackward0 NormalBackward0 ConstantPadNdBackward0 torch::autograd::CopySlices
    torch::autograd::CopyBackwards CumsumBackward0""".split()
)


def record(node: Node, inputs: tuple, output: Any) -> None:
    """Note on a new node what it saves: each saved tensor with its version now,
    and whether it saves anything at all (so that a backward frees it)."""
    name = node._name
    if name in NOTHING_SAVED:
        return
    entries = SAVED.get(name)
    if not entries:  # a node this table does not know, or one that saves no tensor:
        node._has_saved = True  # freed, never out of date
        return
    saved = []
    has = False
    count = len(inputs)
    for which, when in entries:
        if when is not None:
            # Saved only for the gradient of these inputs: is any of them wanted?
            for i in when:
                if i < count and getattr(inputs[i], "_requires_grad", False):
                    break
            else:
                continue
        has = True
        if which == _RESULT:
            saved.append((None, output._vc[0], name))
            continue
        for x in inputs if which == _EVERY else (inputs[which],):
            kind = type(x)
            if kind is float or kind is int or not hasattr(x, "_vc"):
                continue  # a number: saved, but nothing can change it
            if x._base is not None and not x._detached:
                # PyTorch names a saved view's producer as its base's rewrite.
                producer: Optional[str] = "AsStridedBackward0"
            else:
                fn = x.grad_fn
                producer = fn._name if fn is not None else None
            saved.append((x, x._vc[0], producer))
    node._has_saved = has
    if saved:
        node._versions = tuple(saved)


def check(nodes: Sequence[Node]) -> None:
    """Refuse a backward through ``nodes`` (all that it would run) as PyTorch does:
    through a freed node, past a saved tensor changed in place since, or through an
    op without a derivative (``scatter`` with ``reduce``)."""
    for node in nodes:
        if node._freed:
            raise RuntimeError(SECOND_TIME)
        if node._name == "NotImplemented":  # an op PyTorch has no derivative for
            raise RuntimeError(f"derivative for aten::{node.op} is not implemented")
        for tensor, version, producer in node._versions:
            saved_input = tensor is not None
            if not saved_input:
                tensor = node.output
                if tensor is None:  # gone, so it cannot have changed
                    continue
            if tensor._vc[0] == version:
                continue
            if saved_input:
                # A saved input is named by the node that made it last (PyTorch reads
                # the tensor's grad_fn now, after the in-place change).
                fn = tensor._fn
                producer = fn.name() if fn is not None else None
                if tensor._base is not None and not tensor._detached and fn is not None:
                    producer = "AsStridedBackward0"
            raise RuntimeError(_modified(tensor, version, producer))


def free(nodes: Sequence[Node]) -> None:
    """After a backward without ``retain_graph``: the nodes that saved something
    let it go (a later backward through them is refused)."""
    for node in nodes:
        if node._has_saved:
            node._freed = True


def _modified(tensor: Any, version: int, producer: Optional[str]) -> str:
    kind = f"[torch.{type_name(tensor.dtype)}Tensor {list(tensor._shape)}]"
    if producer is not None:
        # PyTorch names the op by its node's name without "Backward0".
        short = re.sub(r"Backward\d*$", "", producer.rsplit("::", 1)[-1])
        kind += f", which is output 0 of {short},"
    return (
        "one of the variables needed for gradient computation has been modified by an "
        f"inplace operation: {kind} is at version {tensor._vc[0]}; expected version "
        f"{version} instead. Hint: enable anomaly detection to find the operation that failed "
        "to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False)."
    )
