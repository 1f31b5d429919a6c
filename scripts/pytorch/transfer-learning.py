# The cell "Few labels: from scratch, frozen backbone, fine-tuned", in PyTorch.
# Five Fashion-MNIST classes the backbone never saw, learnt from N labels three ways, for several N.
import json
import math
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F

from cnn_guide_data import load_fashion_mnist

LABELS = [10, 50, 250]      # labelled training images per run
IMAGES_PER_RUN = 1500       # each run sees about this many images: more epochs when N is small
BATCH_SIZE = 16
LR_HEAD = 0.003             # from scratch and the new head
LR_FINE_TUNE = 0.0003       # ten times lower: the backbone's weights are already good
SEED = 0
TARGET = [5, 6, 7, 8, 9]    # Sandal, Shirt, Sneaker, Bag, Ankle boot

# Written by scripts/pretrain_backbone.py: trained on the 30,000 images of the other five classes.
WEIGHTS = Path(__file__).resolve().parents[2] / "public" / "data" / "models" / "fashion-backbone"
info = json.loads((WEIGHTS / "model.json").read_text())
MEAN, STD = info["preprocessing"]["mean"], info["preprocessing"]["std"]


def small_cnn():
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 3 * 3, 5),
    )


def pretrained_with_new_head():
    model = small_cnn()
    blob = torch.frombuffer(bytearray((WEIGHTS / info["file"]).read_bytes()), dtype=torch.float16)
    state = {t["key"]: blob[t["offset"]: t["offset"] + t["length"]].float().view(t["shape"]) for t in info["tensors"]}
    # The backbone only: the last layer (index 13) classified the old five classes; ours starts fresh.
    backbone = {k: v for k, v in state.items() if not k.startswith("13.")}
    missing, unexpected = model.load_state_dict(backbone, strict=False)
    assert not unexpected and all(k.startswith("13.") or k.endswith("num_batches_tracked") for k in missing)
    return model


def set_frozen(model, frozen):
    backbone = model[:-1]
    for p in backbone.parameters():
        p.requires_grad = not frozen


def fit(model, x, y, epochs, lr, frozen=False):
    optimizer = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=lr)
    generator = torch.Generator().manual_seed(SEED)
    for _ in range(epochs):
        model.train()
        if frozen:
            model[:-1].eval()  # BatchNorm of the frozen backbone keeps its running statistics
        order = torch.randperm(len(x), generator=generator)
        for i in range(0, len(x), BATCH_SIZE):
            idx = order[i: i + BATCH_SIZE]
            loss = F.cross_entropy(model(x[idx]), y[idx])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()


@torch.no_grad()
def accuracy(model, x, y):
    model.eval()
    return (model(x).argmax(1) == y).float().mean().item()


def select_classes(x, y, limit=None):
    keep = torch.isin(y, torch.tensor(TARGET))
    relabel = {c: i for i, c in enumerate(TARGET)}
    x, y = x[keep][:limit], torch.tensor([relabel[int(c)] for c in y[keep][:limit]])
    return (x - MEAN) / STD, y  # the backbone's preprocessing: its source images' mean and std


torch.manual_seed(SEED)
(x_train, y_train), (x_test, y_test) = load_fashion_mnist()
x_pool, y_pool = select_classes(x_train, y_train, max(LABELS))
x_test, y_test = select_classes(x_test, y_test)

print(f"{'N':>5} {'scratch':>8} {'frozen':>8} {'fine-tuned':>11}")
for n in LABELS:
    x, y = x_pool[:n], y_pool[:n]
    epochs = math.ceil(IMAGES_PER_RUN / n)

    torch.manual_seed(SEED)
    scratch = small_cnn()
    fit(scratch, x, y, epochs, LR_HEAD)

    torch.manual_seed(SEED)
    model = pretrained_with_new_head()
    set_frozen(model, True)
    fit(model, x, y, epochs, LR_HEAD, frozen=True)
    frozen = accuracy(model, x_test, y_test)

    set_frozen(model, False)
    fit(model, x, y, epochs, LR_FINE_TUNE)
    fine = accuracy(model, x_test, y_test)
    print(f"{n:>5} {100 * accuracy(scratch, x_test, y_test):>7.1f}% {100 * frozen:>7.1f}% {100 * fine:>10.1f}%")

# The model fine-tuned at the largest N, for transfer-your-own-image.py.
torch.save(model, "transfer-model.pt")
