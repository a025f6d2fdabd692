"""Solutions to the exercises of 03_tensors_as_values.ipynb.

Each block below (from one ``# %% Exercise N`` line to the next) is what goes
into that exercise's cell, above its checker line; pasted there, it passes.
"""

# %% Exercise 1


def c_grad(rows, cols):
    # c[i, 0] is broadcast along row i of c + q: it is added into cols sums, each of
    # which sends 1 back.
    return cols


# %% Exercise 2
import tensors as torch  # noqa: E402


def a_grad(A, B):
    # C[i, k] = sum_j A[i, j] * B[j, k], so dC[i, k]/dA[i, j] = B[j, k]; the sum of C
    # sends 1 to every C[i, k], so A.grad[i, j] = sum_k B[j, k]: ones @ B^T.
    return torch.ones(A.shape[0], B.shape[1]) @ B.t()


if __name__ == "__main__":
    import checks

    checks.check_broadcast_grad(c_grad)
    checks.check_matmul_grad(a_grad)
