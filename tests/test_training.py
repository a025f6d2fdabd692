"""End to end: a 2-16-16-1 MLP learns the two moons, with Adam and with SGD.

Full-batch training on 100 points, seeded: the same run every time. Each run
stops as soon as the training accuracy reaches 95% (checked on the forward
pass of each step, before the update), within a budget of steps.
"""

import pytest

import tensors as torch
from tensors import nn, optim

TARGET = 0.95


def moons_mlp():
    X, y = torch.data.make_moons(100, noise=0.1, seed=0)
    torch.manual_seed(0)
    model = nn.Sequential(
        nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 1)
    )
    return X, y, model


def accuracy(logits, y):
    return ((logits > 0).long().squeeze(1) == y).float().mean().item()


def train(make_optimizer, budget):
    X, y, model = moons_mlp()
    target = y.float().unsqueeze(1)
    opt = make_optimizer(model.parameters())
    loss_fn = nn.BCEWithLogitsLoss()
    losses = []
    for step in range(budget + 1):
        opt.zero_grad()
        logits = model(X)
        acc = accuracy(logits, y)
        if acc >= TARGET or step == budget:
            break
        loss = loss_fn(logits, target)
        losses.append(loss.item())
        loss.backward()
        opt.step()
    model.eval()
    with torch.no_grad():
        final = accuracy(model(X), y)
    return step, final, losses


@pytest.mark.parametrize(
    "name, make_optimizer, budget",
    [
        ("adam", lambda params: optim.Adam(params, lr=0.05), 40),
        ("sgd", lambda params: optim.SGD(params, lr=0.3, momentum=0.9), 60),
    ],
)
def test_mlp_learns_two_moons(name, make_optimizer, budget):
    steps, final, losses = train(make_optimizer, budget)
    assert final >= TARGET, f"{name}: {final:.2f} after {steps} steps"
    assert steps < budget
    assert losses[-1] < 0.5 * losses[0]


def test_training_is_deterministic():
    def run():
        X, y, model = moons_mlp()
        opt = optim.Adam(model.parameters(), lr=0.05)
        for _ in range(2):
            opt.zero_grad()
            nn.BCEWithLogitsLoss()(model(X), y.float().unsqueeze(1)).backward()
            opt.step()
        return [p.tolist() for p in model.parameters()]

    assert run() == run()


def test_a_linear_model_cannot_separate_the_moons():
    # what makes the task a test of the hidden layers: logistic regression stays below 95%
    X, y = torch.data.make_moons(100, noise=0.1, seed=0)
    torch.manual_seed(0)
    model = nn.Linear(2, 1)
    opt = optim.Adam(model.parameters(), lr=0.1)
    for _ in range(100):
        opt.zero_grad()
        nn.BCEWithLogitsLoss()(model(X), y.float().unsqueeze(1)).backward()
        opt.step()
    with torch.no_grad():
        assert accuracy(model(X), y) < TARGET
