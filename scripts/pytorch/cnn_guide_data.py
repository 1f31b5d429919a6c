"""The Fashion-MNIST images the guide's cells use, for the PyTorch programs beside them.

The site serves the first 8,000 training and 1,000 test images of Fashion-MNIST
(public/data/fashion-mnist); this reads the same files, so a program here sees
exactly what its cell sees. torchvision.datasets.FashionMNIST gives the full set.
"""
import gzip
import json
from pathlib import Path

import torch

DATA = Path(__file__).resolve().parents[2] / "public" / "data" / "fashion-mnist"


def _split(name: str, count: int):
    manifest = json.loads((DATA / "manifest.json").read_text())
    split = manifest["splits"][name]
    payload = gzip.decompress((DATA / split["file"]).read_bytes())
    h, w = manifest["imageShape"]
    n = split["count"]
    images = torch.frombuffer(bytearray(payload[: n * h * w]), dtype=torch.uint8).view(n, 1, h, w)
    labels = torch.frombuffer(bytearray(payload[n * h * w :]), dtype=torch.uint8).long()
    return images[:count].float() / 255, labels[:count]


def load_fashion_mnist(train: int = 8000, test: int = 1000):
    """(x_train, y_train), (x_test, y_test): images [N, 1, 28, 28] in [0, 1], labels [N]."""
    return _split("train", train), _split("test", test)
