# The cell "Classify waveforms with a 1D CNN", in PyTorch: the same seeded signals
# (the same mulberry32 stream as the cell's seededRandom), the same model and loop.
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

LENGTH = 128
NOISE = 0.5
TRAIN_SIGNALS = 2000
TEST_SIGNALS = 1000
EPOCHS = 10
BATCH_SIZE = 50
LEARNING_RATE = 0.01
SEED = 0

CLASSES = ["sine", "square", "sawtooth", "noise only"]
WAVES = [
    lambda t: math.sin(2 * math.pi * t),
    lambda t: 1.0 if t - math.floor(t) < 0.5 else -1.0,
    lambda t: 2 * (t - math.floor(t)) - 1,
    lambda t: 0.0,
]


def seeded_random(seed):
    """mulberry32, as the cell's seededRandom: uniform numbers in [0, 1)."""
    a = seed & 0xFFFFFFFF

    def imul(x, y):
        return (x * y) & 0xFFFFFFFF

    def next_value():
        nonlocal a
        a = (a + 0x6D2B79F5) & 0xFFFFFFFF
        t = a
        t = imul(t ^ (t >> 15), t | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296

    return next_value


def make_signals(count, seed):
    random = seeded_random(seed)

    def gaussian():
        return math.sqrt(-2 * math.log(1 - random())) * math.cos(2 * math.pi * random())

    x = torch.empty(count, 1, LENGTH)  # PyTorch is channels-first: [N, C, L]
    y = torch.empty(count, dtype=torch.long)
    for i in range(count):
        label = i % len(CLASSES)
        periods, phase, amplitude = 2 + 4 * random(), random(), 0.5 + random()
        for j in range(LENGTH):
            x[i, 0, j] = amplitude * WAVES[label](phase + periods * j / LENGTH) + NOISE * gaussian()
        y[i] = label
    return x, y


torch.manual_seed(SEED)
x_train, y_train = make_signals(TRAIN_SIGNALS, SEED)
x_test, y_test = make_signals(TEST_SIGNALS, SEED + 1)

model = nn.Sequential(
    nn.Conv1d(1, 8, 9, padding=4), nn.ReLU(), nn.MaxPool1d(2),
    nn.Conv1d(8, 16, 9, padding=4), nn.ReLU(), nn.MaxPool1d(2),
    nn.AdaptiveAvgPool1d(1), nn.Flatten(), nn.Linear(16, len(CLASSES)),
)
print(model)
print(f"{sum(p.numel() for p in model.parameters())} trainable parameters")
optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)

for epoch in range(1, EPOCHS + 1):
    model.train()
    order = torch.randperm(TRAIN_SIGNALS)
    losses = []
    for start in range(0, TRAIN_SIGNALS, BATCH_SIZE):
        batch = order[start : start + BATCH_SIZE]
        loss = F.cross_entropy(model(x_train[batch]), y_train[batch])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    model.eval()
    with torch.no_grad():
        predicted = model(x_test).argmax(1)
    print(f"Epoch {epoch}: mean training loss {sum(losses) / len(losses):.3f}, "
          f"test accuracy {100 * (predicted == y_test).float().mean().item():.1f}%")

for c, name in enumerate(CLASSES):
    mine = y_test == c
    print(f"{name}: {100 * (predicted[mine] == c).float().mean().item():.1f}%")
# The first layer's kernels: model[0].weight is [8, 1, 9], one 9-sample pattern per output channel.
print(model[0].weight.detach().squeeze(1))
