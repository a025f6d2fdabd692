"""More special functions on floats, stdlib only: single-precision trigamma.

PyTorch's CPU kernels compute some functions in the tensor's own precision:
for a float32 tensor, trigamma runs in float arithmetic, and near its poles
(``x`` close to a negative integer) its rounding errors are larger than
float32's tolerance. ``trigamma_f32`` replays that arithmetic, each step
rounded to float32 as the C code rounds it.

>>> trigamma_f32(-7.950586795806885)
412.7525939941406
"""

from __future__ import annotations

import math
import struct

INF = math.inf
NAN = math.nan


def f32(x: float) -> float:
    """``x`` rounded to the nearest float32 (beyond its range: its infinity).

    >>> f32(0.1)
    0.10000000149011612
    """
    try:
        return struct.unpack("<f", struct.pack("<f", x))[0]
    except OverflowError:
        return math.copysign(INF, x)


def _div32(a: float, b: float) -> float:
    if b == 0.0:
        if a == 0.0 or a != a:
            return NAN
        return math.copysign(INF, a) * math.copysign(1.0, b)
    return f32(a / b)


_PI32 = f32(math.pi)


def trigamma_f32(x: float) -> float:
    """PyTorch's float32 trigamma: reflection below 1/2, six steps of the
    recurrence, the asymptotic tail, every operation rounded to float32.

    >>> trigamma_f32(1.0)
    1.644934058189392
    """
    x = f32(x)
    if x != x:
        return x
    sign, result = 1.0, 0.0
    if x < 0.5:
        sign = -1.0
        s = f32(math.sin(f32(_PI32 * x))) if math.isfinite(x) else NAN
        result = f32(result - _div32(f32(_PI32 * _PI32), f32(s * s)))
        x = f32(1.0 - x)
    for _ in range(6):
        result = f32(result + _div32(1.0, f32(x * x)))
        x = f32(x + 1.0)
    ixx = _div32(1.0, f32(x * x))
    tail = f32(f32(1.0 / 30.0) - f32(ixx * f32(1.0 / 42.0)))
    tail = f32(ixx * f32(f32(1.0 / 6.0) - f32(ixx * tail)))
    inner = f32(f32(1.0 + _div32(1.0, f32(2.0 * x))) + tail)
    return f32(sign * f32(result + _div32(inner, x)))
