# The cell "A plain and a residual network of 20 layers", in PyTorch: both arms, same seed and data.
import torch
import torch.nn as nn
import torch.nn.functional as F

from cnn_guide_data import load_fashion_mnist

TRAIN_IMAGES = 1000
EPOCHS = 3
BATCH_SIZE = 32
LEARNING_RATE = 0.05
# Channels of every convolution, and blocks of two convolutions: 1 + 2 * 9 = 19 convolutions, then one linear layer.
WIDTH = 16
BLOCKS = 9
PROBE_IMAGES = 256
SEED = 1

(x_train, y_train), _ = load_fashion_mnist(TRAIN_IMAGES, 0)


class Block(nn.Module):
    """Conv-BN-ReLU-Conv-BN, then ReLU; the residual block adds its input back first: y = relu(F(x) + x)."""

    def __init__(self, residual):
        super().__init__()
        self.residual = residual
        self.conv1 = nn.Conv2d(WIDTH, WIDTH, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(WIDTH)
        self.conv2 = nn.Conv2d(WIDTH, WIDTH, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(WIDTH)
        self.relu = nn.ReLU()

    def forward(self, x):
        out = self.bn2(self.conv2(self.relu(self.bn1(self.conv1(x)))))
        return self.relu(out + x if self.residual else out)


def network(residual):
    return nn.Sequential(
        nn.Conv2d(1, WIDTH, 3, padding=1, bias=False), nn.BatchNorm2d(WIDTH), nn.ReLU(), nn.MaxPool2d(4),
        *[Block(residual) for _ in range(BLOCKS)],
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(WIDTH, 10),
    )


def gradient_norms(model):
    """Each layer's weight-gradient norm for the first PROBE_IMAGES images, in training mode, input side first."""
    model.train()
    model.zero_grad()
    F.cross_entropy(model(x_train[:PROBE_IMAGES]), y_train[:PROBE_IMAGES]).backward()
    norms = [m.weight.grad.norm().item() for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    model.zero_grad()
    return norms


for arm in ["plain", "residual"]:
    torch.manual_seed(SEED)
    model = network(arm == "residual")
    norms = gradient_norms(model)
    print(f"{arm}: gradient norm by layer, before training: {' '.join(f'{n:.3f}' for n in norms)}")
    optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE, momentum=0.9)
    for epoch in range(1, EPOCHS + 1):
        model.train()
        order = torch.randperm(TRAIN_IMAGES)
        total = 0.0
        for start in range(0, TRAIN_IMAGES, BATCH_SIZE):
            batch = order[start : start + BATCH_SIZE]
            loss = F.cross_entropy(model(x_train[batch]), y_train[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(batch)
        print(f"{arm}, epoch {epoch}/{EPOCHS}: training loss {total / TRAIN_IMAGES:.3f}")
