"""Solutions to the exercises of 00_a_value_from_scratch.ipynb.

Each block below (from one ``# %% Exercise N`` line to the next) is what goes
into that exercise's cell, above its checker line; pasted there, it passes.
From notebooks/: ``python solutions/00_a_value_from_scratch.py`` runs the checkers.
"""

# %% Exercise 1
# L = (a*b + c) * f, e = a*b, d = e + c. dL/da = dL/dd * dd/de * de/da = f * 1 * b,
# with f = -2 and b = -3.
dL_da = 6.0

# %% Exercise 2


def slope(f, x, h=1e-5):
    """A derivative by nudging x both ways: the central difference, whose error shrinks
    like h**2 (the one-sided nudge's shrinks like h)."""
    return (f(x + h) - f(x - h)) / (2 * h)


# %% Exercise 3
import math  # noqa: E402


class MyValue:
    def __init__(self, data, inputs=(), op=""):
        self.data = data
        self.grad = 0.0
        self.inputs = inputs  # the Values this one was computed from
        self.op = op
        self.send_grad = lambda: None  # passes self.grad on to the inputs (set by the op)

    def __repr__(self):
        return f"MyValue(data={self.data:.4f}, grad={self.grad:.4f})"

    def __add__(self, other):
        out = MyValue(self.data + other.data, (self, other), "+")

        def send_grad():
            self.grad += out.grad  # d(a + b)/da = 1
            other.grad += out.grad  # d(a + b)/db = 1

        out.send_grad = send_grad
        return out

    def __mul__(self, other):
        out = MyValue(self.data * other.data, (self, other), "*")

        def send_grad():
            self.grad += other.data * out.grad  # d(a * b)/da = b
            other.grad += self.data * out.grad  # d(a * b)/db = a

        out.send_grad = send_grad
        return out

    def tanh(self):
        t = math.tanh(self.data)
        out = MyValue(t, (self,), "tanh")

        def send_grad():
            self.grad += (1 - t**2) * out.grad  # d tanh(a)/da = 1 - tanh(a)^2

        out.send_grad = send_grad
        return out

    # -- the exercise: subtraction and exp --------------------------------------

    def __sub__(self, other):
        out = MyValue(self.data - other.data, (self, other), "-")

        def send_grad():
            self.grad += out.grad  # d(a - b)/da = 1
            other.grad -= out.grad  # d(a - b)/db = -1

        out.send_grad = send_grad
        return out

    def exp(self):
        e = math.exp(self.data)
        out = MyValue(e, (self,), "exp")

        def send_grad():
            self.grad += e * out.grad  # d exp(a)/da = exp(a)

        out.send_grad = send_grad
        return out

    def backward(self):
        # Every Value after the Values made from it (a topological order), without recursion.
        order, seen, stack = [], set(), [(self, False)]
        while stack:
            v, inputs_done = stack.pop()
            if inputs_done:
                order.append(v)
            elif v not in seen:
                seen.add(v)
                stack.append((v, True))
                stack.extend((i, False) for i in v.inputs)
        self.grad = 1.0
        for v in reversed(order):
            v.send_grad()


if __name__ == "__main__":
    import checks

    checks.check_chain_rule(dL_da)
    checks.check_nudge(slope)
    checks.check_value_class(MyValue)
