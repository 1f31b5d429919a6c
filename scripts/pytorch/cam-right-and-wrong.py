# The cell "CAM and Grad-CAM, right and wrong", in PyTorch.
# Run load-pretrained-simplecnn.py (or retrain-simplecnn-quick.py) first.
import json

import matplotlib.pyplot as plt
import torch
import torch.nn as nn
import torch.nn.functional as F

from cnn_guide_data import load_fashion_mnist

CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
TEST_IMAGES = 1000

model = torch.load("explained-model.pt")
model.eval()
_, (x_test, y_test) = load_fashion_mnist(1000, TEST_IMAGES)
gap = next(m for m in model if isinstance(m, nn.AdaptiveAvgPool2d))
last_relu = [m for m in model if isinstance(m, nn.ReLU)][-1]  # the last conv block's output, 7x7
linear = model[-1]

# The model's probabilities for every test image, to find right and wrong answers:
# three right (each of a different class) and three wrong, the first ones in the test set.
with torch.no_grad():
    probabilities = model(x_test).softmax(1)
predicted = probabilities.argmax(1)
right, wrong = [], []
for i in range(TEST_IMAGES):
    if predicted[i] == y_test[i] and len(right) < 3 and all(y_test[j] != y_test[i] for j in right):
        right.append(i)
    if predicted[i] != y_test[i] and len(wrong) < 3:
        wrong.append(i)

# Hooks catch what CAM and Grad-CAM need: the maps the pooling averages (3x3),
# and the last ReLU's output with the gradient of the class score flowing back into it.
caught = {}
gap.register_forward_hook(lambda _m, inputs, _out: caught.__setitem__("pooled", inputs[0]))
last_relu.register_forward_hook(lambda _m, _in, out: caught.__setitem__("activations", out))
last_relu.register_full_backward_hook(lambda _m, _gin, gout: caught.__setitem__("gradients", gout[0]))


def upsample(coarse):
    return F.interpolate(coarse[None, None], size=(28, 28), mode="bilinear", align_corners=False)[0, 0]


def cam(image, c):
    """Zhou et al. 2016: sum_k w_ck A_k over the maps A that global average pooling reduces."""
    with torch.no_grad():
        model(image)
        coarse = torch.einsum("k,khw->hw", linear.weight[c], caught["pooled"][0])
    return coarse, upsample(coarse)


def grad_cam(image, c):
    """Selvaraju et al. 2017: weight each map by its mean gradient of the logit y_c, then ReLU."""
    logits = model(image)
    model.zero_grad()
    logits[0, c].backward()
    alpha = caught["gradients"][0].mean(dim=(1, 2))  # one weight per channel
    coarse = F.relu(torch.einsum("k,khw->hw", alpha, caught["activations"][0].detach()))
    return coarse, upsample(coarse)


def peak(coarse):
    row, col = divmod(coarse.argmax().item(), coarse.shape[1])
    return f"({row}, {col}) of {coarse.shape[0]}x{coarse.shape[1]}"


# For each image: CAM and Grad-CAM for the class the model picked, and Grad-CAM
# for another class (the true one when the model is wrong, else its runner-up).
figure, axes = plt.subplots(len(right) + len(wrong), 3, figsize=(7, 14))
for row, i in enumerate(right + wrong):
    image = x_test[i : i + 1]
    top, second = probabilities[i].topk(2).indices.tolist()
    other = second if top == y_test[i] else y_test[i].item()
    kind = "runner-up" if top == y_test[i] else "true class"
    print(f"#{i} predicted: {CLASSES[top]} ({100 * probabilities[i, top]:.0f}%), "
          f"{kind}: {CLASSES[other]} ({100 * probabilities[i, other]:.0f}%)")
    maps = {
        f"CAM for: {CLASSES[top]}": cam(image, top),
        f"Grad-CAM for: {CLASSES[top]}": grad_cam(image, top),
        f"Grad-CAM for: {CLASSES[other]}": grad_cam(image, other),
    }
    for ax, (title, (coarse, full)) in zip(axes[row], maps.items()):
        print(f"  {title}: peak at {peak(coarse)}")
        ax.imshow(image[0, 0], cmap="gray")
        if title.startswith("CAM"):  # signed: red for the class, blue against it, 0 white
            limit = full.abs().max().item()
            ax.imshow(full, cmap="bwr", vmin=-limit, vmax=limit, alpha=0.5)
        else:
            ax.imshow(full, cmap="jet", alpha=0.5)
        ax.set_title(f"#{i} {title}", fontsize=7)
        ax.axis("off")
figure.tight_layout()
figure.savefig("cam-right-and-wrong.png", dpi=120)
print("Saved cam-right-and-wrong.png (plt.show() to see it in a window).")

# The next program explains two of the right answers and the first wrong one.
with open("examples.json", "w") as f:
    json.dump(right[:2] + wrong[:1], f)
