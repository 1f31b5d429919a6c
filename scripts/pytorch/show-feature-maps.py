# The cell "Feature maps of one test image", in PyTorch. Run train-simplecnn.py first.
import torch
import torch.nn as nn

from cnn_guide_data import load_fashion_mnist

CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
INDEX = 0

model = torch.load("simplecnn.pt")
model.eval()
_, (x_test, y_test) = load_fashion_mnist(1000, 1000)
image = x_test[INDEX : INDEX + 1]
print(f"Test image #{INDEX}: {CLASSES[y_test[INDEX]]}")

with torch.no_grad():
    probabilities = model(image).softmax(1)[0]
for p, c in sorted(zip(probabilities.tolist(), CLASSES), reverse=True)[:3]:
    print(f"{c}: {100 * p:.1f}%")

# The activations after each stage's ReLU, caught with forward hooks.
maps = {}
for i, layer in enumerate(model):
    if isinstance(layer, nn.ReLU):
        layer.register_forward_hook(lambda _m, _in, out, i=i: maps.__setitem__(i, out))
with torch.no_grad():
    model(image)
for i, m in maps.items():
    print(f"after layer {i} (ReLU): {list(m.shape[1:])}")
# To see them: plt.imshow(m[0, c]) for the first channels c of each.
