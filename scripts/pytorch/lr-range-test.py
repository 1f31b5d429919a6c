# The cell "A learning-rate range test", in PyTorch.
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from cnn_guide_data import load_fashion_mnist

TRAIN_IMAGES = 3200
BATCH_SIZE = 32
START_LR = 1e-4
END_LR = 10
STEPS = 100
SEED = 1

torch.manual_seed(SEED)
(x_train, y_train), _ = load_fashion_mnist(TRAIN_IMAGES, 1)
model = nn.Sequential(
    nn.Conv2d(1, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(8, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(16 * 7 * 7, 10),
)
optimizer = torch.optim.SGD(model.parameters(), lr=START_LR, momentum=0.9)
order = torch.randperm(TRAIN_IMAGES)

tried, average = [], 0.0
model.train()
for step in range(STEPS):
    lr = START_LR * (END_LR / START_LR) ** (step / (STEPS - 1))
    for group in optimizer.param_groups:
        group["lr"] = lr
    start = (step * BATCH_SIZE) % TRAIN_IMAGES
    batch = order[start : start + BATCH_SIZE]
    loss = F.cross_entropy(model(x_train[batch]), y_train[batch])
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    average = 0.9 * average + 0.1 * loss.item()
    smoothed = average / (1 - 0.9 ** (step + 1))
    if not math.isfinite(smoothed) or (tried and smoothed > 4 * min(s for _, s in tried)):
        print(f"Stopped at learning rate {lr:.2g}: the loss is diverging.")
        break
    tried.append((lr, smoothed))

best_lr, best_loss = min(tried, key=lambda t: t[1])
print(f"lowest smoothed loss {best_loss:.3f} at learning rate {best_lr:.2g}; suggested: {best_lr / 10:.2g}")
