# The cell "Load a model from a file", in PyTorch: the state_dict saved by
# save-model.py, or the one-file JSON a cell of this page downloads
# (simplecnn.json), whose weights are the same state_dict, base64-encoded.
import base64
import sys
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F

from cnn_guide_data import load_fashion_mnist

# The architecture is code in PyTorch: build it, then load the weights into it.
model = nn.Sequential(
    nn.Conv2d(1, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(64, 128, 3, padding=1), nn.BatchNorm2d(128), nn.ReLU(), nn.MaxPool2d(2),
    nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.3), nn.Linear(128, 10),
)


def state_dict_from_guide_file(path):
    """The weights of a model file downloaded from this guide, as a state_dict."""
    import json

    file = json.loads(Path(path).read_text())
    if file.get("format") != "cnn-guide-model" or file.get("version") != 1:
        raise ValueError(f"{path} is not a version-1 model file of the guide")
    print(file["pytorch"])  # the model as print(model) shows it
    return {
        t["key"]: torch.frombuffer(bytearray(base64.b64decode(t["data"])), dtype=torch.float32).view(t["shape"])
        for t in file["stateDict"]
    }


path = sys.argv[1] if len(sys.argv) > 1 else "simplecnn.pt"
state = state_dict_from_guide_file(path) if path.endswith(".json") else torch.load(path)
# strict=True (the default) names every missing or unexpected key, and a size
# mismatch names the tensor and both shapes, as the cell's message does.
model.load_state_dict(state)
model.eval()

_, (x_test, y_test) = load_fashion_mnist(1000, 1000)
with torch.no_grad():
    logits = model(x_test)
print(f"Test accuracy of the loaded model: {100 * (logits.argmax(1) == y_test).float().mean().item():.1f}% "
      f"(loss {F.cross_entropy(logits, y_test).item():.3f}) on {len(x_test)} images.")
