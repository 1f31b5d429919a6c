"""The PyTorch half of `npm run bench`: the same SimpleCNN, batch 64, 1x28x28,
on the CPU with a given number of threads (default 1: tfjs's WASM backend runs
one thread in Node and in a page that is not cross-origin isolated). Prints one
JSON row per line.

    /usr/bin/python3 bench/torch_simplecnn.py [seconds] [threads]
"""
import json
import sys
import time

import torch
import torch.nn as nn

BATCH = 64
SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 15.0
THREADS = int(sys.argv[2]) if len(sys.argv) > 2 else 1


def simple_cnn():
    layers, channels = [], 1
    for width in (32, 64, 128):
        layers += [nn.Conv2d(channels, width, 3, padding=1), nn.BatchNorm2d(width), nn.ReLU(), nn.MaxPool2d(2)]
        channels = width
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.3), nn.Linear(128, 10))


def timed(step, warmup=3):
    for _ in range(warmup):
        step()
    start, steps = time.perf_counter(), 0
    while time.perf_counter() - start < SECONDS:
        step()
        steps += 1
    return steps, time.perf_counter() - start


def main():
    torch.set_num_threads(THREADS)
    torch.manual_seed(0)
    model = simple_cnn()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.rand(BATCH, 1, 28, 28)
    y = torch.randint(0, 10, (BATCH,))

    def train_step():
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        loss.item()

    model.train()
    steps, elapsed = timed(train_step)
    rows = [("train: torch", steps, elapsed)]
    model.eval()
    with torch.no_grad():
        steps, elapsed = timed(lambda: model(x))
    rows.append(("inference", steps, elapsed))
    for mode, steps, elapsed in rows:
        print(json.dumps({
            "where": "python", "backend": f"torch {torch.__version__} cpu, {THREADS} thread{'s' if THREADS > 1 else ''}", "mode": mode,
            "imagesPerSecond": BATCH * steps / elapsed, "batches": steps, "seconds": elapsed,
        }))


main()
