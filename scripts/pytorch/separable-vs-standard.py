# The cell "Standard vs depthwise-separable convolutions", in PyTorch: both arms, same seed and data.
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from cnn_guide_data import load_fashion_mnist

TRAIN_IMAGES = 2000
TEST_IMAGES = 1000
EPOCHS = 3
BATCH_SIZE = 32
LEARNING_RATE = 0.01
SEED = 1
WIDTHS = [16, 32, 64]


def conv(cin, cout, separable):
    """A 3x3 conv from cin to cout: one Conv2d, or depthwise (groups=cin) then pointwise 1x1."""
    if not separable:
        return [nn.Conv2d(cin, cout, 3, padding=1)]
    return [nn.Conv2d(cin, cin, 3, padding=1, groups=cin), nn.Conv2d(cin, cout, 1)]


def network(separable):
    a, b, c = WIDTHS
    return nn.Sequential(
        nn.Conv2d(1, a, 3, padding=1), nn.BatchNorm2d(a), nn.ReLU(), nn.MaxPool2d(2),
        *conv(a, b, separable), nn.BatchNorm2d(b), nn.ReLU(), nn.MaxPool2d(2),
        *conv(b, c, separable), nn.BatchNorm2d(c), nn.ReLU(),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(c, 10),
    )


(x_train, y_train), (x_test, y_test) = load_fashion_mnist(TRAIN_IMAGES, TEST_IMAGES)


def accuracy(model, x, y):
    model.eval()
    with torch.no_grad():
        return (model(x).argmax(1) == y).float().mean().item()


print(f"{'Network':<22}{'Parameters':>12}{'Time per epoch':>16}{'Test accuracy':>15}")
for name, separable in [("standard", False), ("depthwise separable", True)]:
    torch.manual_seed(SEED)  # both arms: the same seed and the same order of images
    model = network(separable)
    params = sum(p.numel() for p in model.parameters() if p.requires_grad)
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    steps = EPOCHS * -(-TRAIN_IMAGES // BATCH_SIZE)  # cosine annealing to 0 over every step, as the cell's schedule: 'cosine'
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, steps)
    seconds = []
    for epoch in range(EPOCHS):
        start_time = time.perf_counter()
        model.train()
        order = torch.randperm(TRAIN_IMAGES)
        for start in range(0, TRAIN_IMAGES, BATCH_SIZE):
            batch = order[start : start + BATCH_SIZE]
            loss = F.cross_entropy(model(x_train[batch]), y_train[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
        seconds.append(time.perf_counter() - start_time)
    later = seconds[1:] or seconds  # epoch 1 includes warming up
    test_accuracy = accuracy(model, x_test, y_test)  # once, at the end, as in the cell
    print(f"{name:<22}{params:>12,}{sum(later) / len(later):>14.1f} s{100 * test_accuracy:>14.1f}%")
