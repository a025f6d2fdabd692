"""Solutions to the exercises of 05_beyond_first_derivatives.ipynb."""


def h2(torch):
    t = torch.tensor(2.0, requires_grad=True)
    (dh,) = torch.autograd.grad(t**4, t, create_graph=True)  # 4 t^3, as a graph
    (d2h,) = torch.autograd.grad(dh, t)  # 12 t^2
    return d2h.item()
