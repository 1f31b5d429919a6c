# The cell "Try it on your own image", in PyTorch, with Pillow doing what the page
# does with a canvas. Usage: python3 transfer-your-own-image.py photo.jpg
# Run transfer-learning.py first: it saves the model fine-tuned at the largest N.
import json
import sys
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image, ImageOps

CLASSES = ["Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]  # Fashion-MNIST classes 5-9, the target task

WEIGHTS = Path(__file__).resolve().parents[2] / "public" / "data" / "models" / "fashion-backbone"
info = json.loads((WEIGHTS / "model.json").read_text())
MEAN, STD = info["preprocessing"]["mean"], info["preprocessing"]["std"]

model = torch.load("transfer-model.pt")
model.eval()

# Centre-crop to a square, scale down by averaging, flatten transparency onto
# white, grayscale; Fashion-MNIST shows light objects on black, so invert a
# picture whose border is light, then stretch the contrast to 0-255.
picture = Image.open(sys.argv[1])
picture = ImageOps.exif_transpose(picture).convert("RGBA")
white = Image.new("RGBA", picture.size, (255, 255, 255, 255))
picture = Image.alpha_composite(white, picture).convert("L")
side = min(picture.size)
picture = ImageOps.fit(picture, (side, side)).resize((28, 28), Image.BOX)
x = torch.tensor(list(picture.getdata()), dtype=torch.float32).view(1, 1, 28, 28) / 255
border = torch.cat([x[0, 0, 0], x[0, 0, -1], x[0, 0, 1:-1, 0], x[0, 0, 1:-1, -1]])
if border.mean() > 0.5:
    x = 1 - x
x = (x - x.min()) / (x.max() - x.min()).clamp_min(1e-8)
x = (x - MEAN) / STD  # the backbone's preprocessing, as in training

with torch.no_grad():
    probabilities = F.softmax(model(x), dim=1)[0]
top = probabilities.topk(3)
for p, c in zip(top.values, top.indices):
    print(f"{CLASSES[c]:12s} {100 * p:.1f}%")

# Grad-CAM for the predicted class on the second block's ReLU (model[6], as the
# cell's relu_6): behind the flattening head the last block's map can come out
# empty. (No CAM: the model ends in Flatten and a linear layer, not global
# average pooling.)
last_relu = model[6]
caught = {}
handle = last_relu.register_forward_hook(lambda _m, _in, out: caught.__setitem__("a", out))
score = model(x)[0, top.indices[0]]
handle.remove()
(grad,) = torch.autograd.grad(score, caught["a"])
cam = F.relu((grad.mean(dim=(2, 3), keepdim=True) * caught["a"]).sum(1, keepdim=True))
cam = F.interpolate(cam, size=(28, 28), mode="bilinear", align_corners=False)[0, 0]
print("Grad-CAM peak at (row, column):", divmod(int(cam.argmax()), 28))
