"""Dive into Deep Learning, chapter 8 (modern convolutional neural networks), in small
versions: VGG blocks, NiN blocks, an Inception block, batch normalization from
scratch and with ``nn.LazyBatchNorm2d`` (inside LeNet), ResNet's residual blocks,
DenseNet's dense and transition blocks, each with its output shapes; then a
small ResNet trained.

Swapped: the networks of the chapter take 224x224 ImageNet-sized images and
hours; here each block is shown on 8x8 inputs with a few channels, and a ResNet
of one residual block per stage trains for 3 epochs on 60 synthetic 8x8 images (2 when
``COURSES_QUICK`` is set in the environment, as the tests set it).
"""

import os

import torch
from torch import nn
from torch.nn import functional as F

torch.manual_seed(0)


def layer_summary(net, X_shape):
    X = torch.randn(*X_shape)
    for layer in net:
        X = layer(X)
        print(layer.__class__.__name__, "output shape:\t", X.shape)


# 8.2 VGG: blocks of 3x3 convolutions and a max pooling
def vgg_block(num_convs, out_channels):
    layers = []
    for _ in range(num_convs):
        layers.append(nn.LazyConv2d(out_channels, kernel_size=3, padding=1))
        layers.append(nn.ReLU())
    layers.append(nn.MaxPool2d(kernel_size=2, stride=2))
    return nn.Sequential(*layers)


arch = ((1, 4), (1, 8), (2, 8))
vgg = nn.Sequential(
    *[vgg_block(*b) for b in arch], nn.Flatten(), nn.LazyLinear(16), nn.ReLU(),
    nn.Dropout(0.5), nn.LazyLinear(10),
)  # fmt: skip
layer_summary(vgg, (1, 1, 8, 8))


# 8.3 NiN: 1x1 convolutions as per-pixel dense layers
def nin_block(out_channels, kernel_size, strides, padding):
    return nn.Sequential(
        nn.LazyConv2d(out_channels, kernel_size, strides, padding), nn.ReLU(),
        nn.LazyConv2d(out_channels, kernel_size=1), nn.ReLU(),
        nn.LazyConv2d(out_channels, kernel_size=1), nn.ReLU(),
    )  # fmt: skip


nin = nn.Sequential(
    nin_block(4, kernel_size=3, strides=1, padding=1),
    nn.MaxPool2d(2, stride=2),
    nin_block(10, kernel_size=3, strides=1, padding=1),
    nn.AdaptiveAvgPool2d((1, 1)),
    nn.Flatten(),
)
layer_summary(nin, (1, 1, 8, 8))


# 8.4 GoogLeNet's Inception block: four paths side by side
class Inception(nn.Module):
    def __init__(self, c1, c2, c3, c4, **kwargs):
        super().__init__(**kwargs)
        self.b1_1 = nn.LazyConv2d(c1, kernel_size=1)
        self.b2_1 = nn.LazyConv2d(c2[0], kernel_size=1)
        self.b2_2 = nn.LazyConv2d(c2[1], kernel_size=3, padding=1)
        self.b3_1 = nn.LazyConv2d(c3[0], kernel_size=1)
        self.b3_2 = nn.LazyConv2d(c3[1], kernel_size=5, padding=2)
        self.b4_1 = nn.MaxPool2d(kernel_size=3, stride=1, padding=1)
        self.b4_2 = nn.LazyConv2d(c4, kernel_size=1)

    def forward(self, x):
        b1 = F.relu(self.b1_1(x))
        b2 = F.relu(self.b2_2(F.relu(self.b2_1(x))))
        b3 = F.relu(self.b3_2(F.relu(self.b3_1(x))))
        b4 = F.relu(self.b4_2(self.b4_1(x)))
        return torch.cat((b1, b2, b3, b4), dim=1)


print(Inception(2, (2, 4), (1, 2), 2)(torch.randn(1, 3, 6, 6)).shape)


# 8.5 batch normalization from scratch
def batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum):
    if not torch.is_grad_enabled():
        # prediction: the moving statistics
        X_hat = (X - moving_mean) / torch.sqrt(moving_var + eps)
    else:
        assert len(X.shape) in (2, 4)
        if len(X.shape) == 2:
            mean = X.mean(dim=0)
            var = ((X - mean) ** 2).mean(dim=0)
        else:
            # per channel, over the batch and both spatial dimensions
            mean = X.mean(dim=(0, 2, 3), keepdim=True)
            var = ((X - mean) ** 2).mean(dim=(0, 2, 3), keepdim=True)
        X_hat = (X - mean) / torch.sqrt(var + eps)
        moving_mean = (1.0 - momentum) * moving_mean + momentum * mean
        moving_var = (1.0 - momentum) * moving_var + momentum * var
    Y = gamma * X_hat + beta
    return Y, moving_mean.data, moving_var.data


class BatchNorm(nn.Module):
    def __init__(self, num_features, num_dims):
        super().__init__()
        shape = (1, num_features) if num_dims == 2 else (1, num_features, 1, 1)
        self.gamma = nn.Parameter(torch.ones(shape))
        self.beta = nn.Parameter(torch.zeros(shape))
        self.moving_mean = torch.zeros(shape)
        self.moving_var = torch.ones(shape)

    def forward(self, X):
        Y, self.moving_mean, self.moving_var = batch_norm(
            X, self.gamma, self.beta, self.moving_mean, self.moving_var, eps=1e-5, momentum=0.1
        )
        return Y


X = torch.arange(24.0).reshape(2, 3, 2, 2)
bn = BatchNorm(3, num_dims=4)
print(bn(X).shape, bn.moving_mean.reshape(-1))
print(nn.BatchNorm2d(3)(X).detach().reshape(2, 3, 4)[0])
print((bn(X) - nn.BatchNorm2d(3)(X)).abs().max() < 1e-5)

bn_lenet = nn.Sequential(
    nn.LazyConv2d(6, kernel_size=5, padding=2), nn.LazyBatchNorm2d(), nn.Sigmoid(),
    nn.AvgPool2d(kernel_size=2, stride=2),
    nn.LazyConv2d(16, kernel_size=3), nn.LazyBatchNorm2d(), nn.Sigmoid(),
    nn.Flatten(), nn.LazyLinear(12), nn.LazyBatchNorm1d(), nn.Sigmoid(),
    nn.LazyLinear(10),
)  # fmt: skip
layer_summary(bn_lenet, (2, 1, 8, 8))
print(bn_lenet[1])


# 8.6 ResNet: residual blocks
class Residual(nn.Module):
    """The residual block of ResNet."""

    def __init__(self, num_channels, use_1x1conv=False, strides=1):
        super().__init__()
        self.conv1 = nn.LazyConv2d(num_channels, kernel_size=3, padding=1, stride=strides)
        self.conv2 = nn.LazyConv2d(num_channels, kernel_size=3, padding=1)
        if use_1x1conv:
            self.conv3 = nn.LazyConv2d(num_channels, kernel_size=1, stride=strides)
        else:
            self.conv3 = None
        self.bn1 = nn.LazyBatchNorm2d()
        self.bn2 = nn.LazyBatchNorm2d()

    def forward(self, X):
        Y = F.relu(self.bn1(self.conv1(X)))
        Y = self.bn2(self.conv2(Y))
        if self.conv3:
            X = self.conv3(X)
        Y += X
        return F.relu(Y)


blk = Residual(3)
X = torch.randn(4, 3, 6, 6)
print(blk(X).shape)
blk = Residual(6, use_1x1conv=True, strides=2)
print(blk(X).shape)


# 8.7 DenseNet: dense blocks concatenate, transition blocks shrink
def conv_block(num_channels):
    return nn.Sequential(
        nn.LazyBatchNorm2d(), nn.ReLU(), nn.LazyConv2d(num_channels, kernel_size=3, padding=1)
    )


class DenseBlock(nn.Module):
    def __init__(self, num_convs, num_channels):
        super().__init__()
        layer = []
        for _ in range(num_convs):
            layer.append(conv_block(num_channels))
        self.net = nn.Sequential(*layer)

    def forward(self, X):
        for blk in self.net:
            Y = blk(X)
            X = torch.cat((X, Y), dim=1)  # each block's input and output, side by side
        return X


blk = DenseBlock(2, 4)
X = torch.randn(2, 3, 4, 4)
Y = blk(X)
print(Y.shape)


def transition_block(num_channels):
    return nn.Sequential(
        nn.LazyBatchNorm2d(), nn.ReLU(),
        nn.LazyConv2d(num_channels, kernel_size=1),
        nn.AvgPool2d(kernel_size=2, stride=2),
    )  # fmt: skip


blk = transition_block(5)
print(blk(Y).shape)

# a small ResNet, trained
resnet = nn.Sequential(
    nn.LazyConv2d(4, kernel_size=3, padding=1), nn.LazyBatchNorm2d(), nn.ReLU(),
    Residual(4), Residual(6, use_1x1conv=True, strides=2),
    nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(), nn.LazyLinear(10),
)  # fmt: skip
layer_summary(resnet, (2, 1, 8, 8))
g = torch.Generator().manual_seed(0)
patterns = torch.rand(10, 1, 8, 8, generator=g)
y = torch.randint(0, 10, (60,), generator=g)
X = patterns[y] + 0.3 * torch.randn(60, 1, 8, 8, generator=g)
loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X, y), 10, shuffle=True)
optimizer = torch.optim.SGD(resnet.parameters(), lr=0.1)
epochs = 2 if os.environ.get("COURSES_QUICK") else 3  # a short run (the tests')
for epoch in range(epochs):
    resnet.train()
    for Xb, yb in loader:
        loss = F.cross_entropy(resnet(Xb), yb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    resnet.eval()
    with torch.no_grad():
        print(f"epoch {epoch}: loss {F.cross_entropy(resnet(X), y).item():.4f}")
