"""Toy data sets for classification in the plane: two moons and spirals.

Each is made from a seed with its own random generator, so the same seed
gives the same points every time and ``tensors.manual_seed`` is left alone;
nothing is downloaded. ``X`` is a float tensor ``(n_samples, 2)`` and ``y``
an int64 tensor of class labels ``(n_samples,)``; for a loss that wants
float targets of shape ``(n, 1)``, use ``y.float().unsqueeze(1)``.

>>> import tensors as torch
>>> X, y = torch.data.make_moons(100, noise=0.1, seed=0)
>>> X.shape, y.shape, X.dtype, y.dtype
(torch.Size([100, 2]), torch.Size([100]), torch.float32, torch.int64)
>>> y.sum().item()
50
"""

from __future__ import annotations

import math
import random
from typing import List, Tuple

from ._creation import tensor
from ._tensor import Tensor

__all__ = ["make_moons", "make_spirals"]


def _check(n_samples: int, noise: float) -> None:
    if isinstance(n_samples, bool) or not isinstance(n_samples, int) or n_samples < 0:
        raise ValueError(f"n_samples must be a non-negative int, got {n_samples!r}")
    if noise < 0:
        raise ValueError(f"noise must be non-negative, got {noise!r}")


def _finish(
    points: List[List[float]], labels: List[int], noise: float, shuffle: bool, rng: random.Random
) -> Tuple[Tensor, Tensor]:
    if shuffle:
        order = list(range(len(points)))
        rng.shuffle(order)
        points = [points[i] for i in order]
        labels = [labels[i] for i in order]
    if noise:
        points = [[x + rng.gauss(0.0, noise), y + rng.gauss(0.0, noise)] for x, y in points]
    X = tensor(points) if points else tensor([[0.0, 0.0]])[:0]
    return X, tensor(labels if labels else [0])[: len(labels)]


def _spaced(start: float, end: float, n: int) -> List[float]:
    if n == 1:
        return [start]
    return [start + (end - start) * i / (n - 1) for i in range(n)]


def make_moons(
    n_samples: int = 100, noise: float = 0.1, seed: int = 0, shuffle: bool = True
) -> Tuple[Tensor, Tensor]:
    """Two interleaving half circles, labels 0 (upper) and 1 (lower); the classic
    set a linear model cannot separate.

    As scikit-learn's ``make_moons``: the upper moon is the half circle of
    radius 1 about (0, 0), the lower one is about (1, 0.5) and opens upwards;
    ``noise`` is the standard deviation of Gaussian noise added to each
    coordinate. Class 0 has ``n_samples // 2`` points.

    >>> import tensors as torch
    >>> X, y = torch.data.make_moons(4, noise=0.0, shuffle=False)
    >>> [[round(v, 6) for v in point] for point in X.tolist()]
    [[1.0, 0.0], [-1.0, 0.0], [0.0, 0.5], [2.0, 0.5]]
    >>> y
    tensor([0, 0, 1, 1])
    """
    _check(n_samples, noise)
    rng = random.Random(seed)
    n_out = n_samples // 2
    n_in = n_samples - n_out
    points = [[math.cos(t), math.sin(t)] for t in _spaced(0.0, math.pi, n_out)]
    points += [[1 - math.cos(t), 1 - math.sin(t) - 0.5] for t in _spaced(0.0, math.pi, n_in)]
    labels = [0] * n_out + [1] * n_in
    return _finish(points, labels, noise, shuffle, rng)


def make_spirals(
    n_samples: int = 100,
    n_classes: int = 2,
    noise: float = 0.05,
    turns: float = 1.0,
    seed: int = 0,
    shuffle: bool = True,
) -> Tuple[Tensor, Tensor]:
    """Interleaved spiral arms, one per class, from the centre out to radius 1.

    Class ``k``'s arm starts at angle ``2 * pi * k / n_classes`` and winds
    ``turns`` times round as its radius grows; ``noise`` is the standard
    deviation of Gaussian noise added to each coordinate. The points are
    shared out between the classes as evenly as they go.

    >>> import tensors as torch
    >>> X, y = torch.data.make_spirals(300, n_classes=3, seed=1)
    >>> X.shape, sorted(set(y.tolist()))
    (torch.Size([300, 2]), [0, 1, 2])
    >>> bool(X.abs().max() < 1.5)
    True
    """
    _check(n_samples, noise)
    if isinstance(n_classes, bool) or not isinstance(n_classes, int) or n_classes < 1:
        raise ValueError(f"n_classes must be a positive int, got {n_classes!r}")
    rng = random.Random(seed)
    points: List[List[float]] = []
    labels: List[int] = []
    for k in range(n_classes):
        n_k = n_samples // n_classes + (1 if k < n_samples % n_classes else 0)
        for r in _spaced(0.0, 1.0, n_k):
            angle = 2 * math.pi * (k / n_classes + turns * r)
            points.append([r * math.cos(angle), r * math.sin(angle)])
            labels.append(k)
    return _finish(points, labels, noise, shuffle, rng)
