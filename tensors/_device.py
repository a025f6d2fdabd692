"""Devices as a CPU-only PyTorch reports them: the checks behind ``.to(device)``, ``.cuda()``,
``device=`` arguments and ``set_default_device``.

Every tensor here lives on the CPU. Naming another device is fine
(``torch.device("cuda")``); putting a tensor there raises what PyTorch built
without CUDA raises, so a program written for either finds out the same way,
and ``torch.cuda.is_available()`` is False for the usual
``"cuda" if ... else "cpu"`` choice.

The tensor methods that use these checks (``to``, ``cuda``, ...) are in
``_ops/conversions.py``.

>>> import tensors as torch
>>> torch.ones(2).to("cpu")
tensor([1., 1.])
>>> torch.ones(2).cuda()
Traceback (most recent call last):
...
AssertionError: Torch not compiled with CUDA enabled
"""

from __future__ import annotations

from typing import Any

from . import _dtype as D

__all__ = ["check_device", "check_new", "set_default_device", "get_default_device"]


def check_device(where: Any) -> D.device:
    """``where`` as a device, or PyTorch's CPU-only error if a tensor cannot live there.

    >>> check_device("cpu")
    device(type='cpu')
    """
    if isinstance(where, int) and not isinstance(where, bool):
        raise RuntimeError("Cannot access accelerator device when none is available.")
    dev = D.device(where)
    if dev.type == "cpu":
        return dev
    if dev.type == "cuda":
        raise AssertionError("Torch not compiled with CUDA enabled")
    if dev.type == "xpu":
        raise AssertionError("Torch not compiled with XPU enabled")
    if dev.type == "mps":
        raise RuntimeError("PyTorch is not linked with support for mps devices")
    raise RuntimeError(
        f"this project computes on the CPU only; device {str(dev)!r} is not available"
    )


_default_device = D.device("cpu")


def set_default_device(device: Any) -> None:
    """Where new tensors go when no ``device=`` is given (None: the CPU).

    As in PyTorch, naming a device that is missing is accepted here, and
    each tensor made afterwards raises the CPU-only error.

    >>> import tensors as torch
    >>> torch.set_default_device("cpu")
    >>> torch.get_default_device()
    device(type='cpu')
    """
    global _default_device
    _default_device = D.device("cpu" if device is None else device)


def get_default_device() -> D.device:
    """The default device: ``device(type='cpu')`` unless another was set (then its error)."""
    return check_device(_default_device)


def check_new(device: Any) -> None:
    """For functions that make tensors: ``device``, or the default one, must be the CPU."""
    check_device(_default_device if device is None else device)
