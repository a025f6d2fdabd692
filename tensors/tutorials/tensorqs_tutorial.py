"""A walk through PyTorch's "Tensors" page (pytorch/tutorials,
beginner_source/basics/tensorqs_tutorial.py), written for this project.

The page's calls in its order, except one that this project does not have:
memory shared between a tensor and a NumPy array (``numpy()`` and
``from_numpy`` copy here, so the page's last prints, after changing one side,
would differ; they are left out). Where the page only says that y1, y2 and
y3 (and z1, z2, z3) hold the same values, this program prints y3 and z3 and
checks it.
"""

import numpy as np
import torch

# from a nested list: the dtype is inferred (int64 here)
data = [[1, 2], [3, 4]]
x_data = torch.tensor(data)

# from a NumPy array
np_array = np.array(data)
x_np = torch.from_numpy(np_array)

# from another tensor: its shape and dtype, unless told otherwise
x_ones = torch.ones_like(x_data)
print(f"Ones Tensor: \n {x_ones} \n")

x_rand = torch.rand_like(x_data, dtype=torch.float)
print(f"Random Tensor: \n {x_rand} \n")

# from a shape
shape = (2, 3)
rand_tensor = torch.rand(shape)
ones_tensor = torch.ones(shape)
zeros_tensor = torch.zeros(shape)

print(f"Random Tensor: \n {rand_tensor} \n")
print(f"Ones Tensor: \n {ones_tensor} \n")
print(f"Zeros Tensor: \n {zeros_tensor}")

# what a tensor knows about itself
tensor = torch.rand(3, 4)

print(f"Shape of tensor: {tensor.shape}")
print(f"Datatype of tensor: {tensor.dtype}")
print(f"Device tensor is stored on: {tensor.device}")

# onto a GPU when there is one (there is not, here)
if torch.cuda.is_available() & (torch.device("cuda").index is not None):
    tensor = tensor.to("cuda")

# indexing and slicing as in NumPy
tensor = torch.ones(4, 4)
print("First row: ", tensor[0])
print("First column: ", tensor[:, 0])
print("Last column:", tensor[..., -1])
tensor[:, 1] = 0
print(tensor)

# joining along a dimension
t1 = torch.cat([tensor, tensor, tensor], dim=1)
print(t1)

# matrix product and element-wise product, each three ways: the third writes
# into a tensor made beforehand (out=), whose random numbers it replaces
y1 = tensor @ tensor.T
y2 = tensor.matmul(tensor.T)

y3 = torch.rand_like(tensor)
torch.matmul(tensor, tensor.T, out=y3)
print(y3)
print(torch.equal(y1, y2), torch.equal(y1, y3))

z1 = tensor * tensor
z2 = tensor.mul(tensor)

z3 = torch.rand_like(tensor)
torch.mul(tensor, tensor, out=z3)
print(z3)
print(torch.equal(z1, z2), torch.equal(z1, z3))

# one element as a Python number
agg = tensor.sum()
agg_item = agg.item()
print(agg_item, type(agg_item))

# in place: the trailing underscore
print(tensor, "\n")
tensor.add_(5)
print(tensor)

# to NumPy and back
t = torch.ones(5)
print(f"t: {t}")
n = t.numpy()
print(f"n: {n}")

n = np.ones(5)
t = torch.from_numpy(n)
print(f"t: {t}")
print(f"n: {n}")
