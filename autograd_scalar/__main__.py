"""``python -m autograd_scalar``: micrograd's README example, then its gradients."""

from autograd_scalar import Value


def main() -> None:
    """Build micrograd's example expression, back-propagate, print the numbers."""
    a = Value(-4.0, label="a")
    b = Value(2.0, label="b")
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
    print(f"g.data = {g.data:.4f}   (the forward pass)")
    print(f"a.grad = {a.grad:.4f}   (dg/da)")
    print(f"b.grad = {b.grad:.4f}   (dg/db)")


if __name__ == "__main__":
    main()
