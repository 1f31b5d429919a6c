# The cell "Load the trained SimpleCNN", in PyTorch.
import json
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F

from cnn_guide_data import load_fashion_mnist

TEST_IMAGES = 1000
# Written by scripts/pretrain_simplecnn.py: model.json lists each state_dict tensor
# (key, shape, offset) and weights.f16.bin holds them one after another as float16.
WEIGHTS = Path(__file__).resolve().parents[2] / "public" / "data" / "models" / "simplecnn"

model = nn.Sequential(
    nn.Conv2d(1, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(64, 128, 3, padding=1), nn.BatchNorm2d(128), nn.ReLU(), nn.MaxPool2d(2),
    nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.3), nn.Linear(128, 10),
)

info = json.loads((WEIGHTS / "model.json").read_text())
blob = torch.frombuffer(bytearray((WEIGHTS / info["file"]).read_bytes()), dtype=torch.float16)
state = model.state_dict()  # keeps BatchNorm's num_batches_tracked, which is not shipped
for t in info["tensors"]:
    state[t["key"]] = blob[t["offset"] : t["offset"] + t["length"]].float().view(t["shape"])
model.load_state_dict(state)
model.eval()  # BatchNorm on its running statistics, no dropout
print(f"SimpleCNN, {sum(p.numel() for p in model.parameters()):,} parameters, "
      f"trained for {info['training']['epochs']} epochs; "
      f"its test accuracy when shipped: {100 * info['test']['accuracy']:.1f}%")

_, (x_test, y_test) = load_fashion_mnist(1000, TEST_IMAGES)
with torch.no_grad():
    logits = model(x_test)
print(f"Test accuracy here: {100 * (logits.argmax(1) == y_test).float().mean().item():.1f}% "
      f"(loss {F.cross_entropy(logits, y_test).item():.3f}) on {len(x_test)} images.")

# The next two programs of this page explain this model.
torch.save(model, "explained-model.pt")
