# The cell "CAM, Grad-CAM, saliency, SmoothGrad and occlusion", in PyTorch.
# Run load-pretrained-simplecnn.py and cam-right-and-wrong.py first.
import json

import matplotlib.pyplot as plt
import torch
import torch.nn as nn
import torch.nn.functional as F

from cnn_guide_data import load_fashion_mnist

CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
SAMPLES = 25  # SmoothGrad: noisy copies averaged
NOISE_LEVEL = 0.15  # their noise's standard deviation, as a fraction of the image's range
PATCH = 6  # occlusion: side of the hidden square
STRIDE = 2
SEED = 0

torch.manual_seed(SEED)
model = torch.load("explained-model.pt")
model.eval()
_, (x_test, y_test) = load_fashion_mnist(1000, 1000)
with open("examples.json") as f:
    examples = json.load(f)  # two right answers and one wrong one, picked by the program above

gap = next(m for m in model if isinstance(m, nn.AdaptiveAvgPool2d))
last_relu = [m for m in model if isinstance(m, nn.ReLU)][-1]
caught = {}
gap.register_forward_hook(lambda _m, inputs, _out: caught.__setitem__("pooled", inputs[0]))
last_relu.register_forward_hook(lambda _m, _in, out: caught.__setitem__("activations", out))
last_relu.register_full_backward_hook(lambda _m, _gin, gout: caught.__setitem__("gradients", gout[0]))


def upsample(coarse):
    return F.interpolate(coarse[None, None], size=(28, 28), mode="bilinear", align_corners=False)[0, 0]


def cam(image, c):
    """The maps the pooling averages, weighted by the linear layer's row for class c."""
    with torch.no_grad():
        model(image)
        return upsample(torch.einsum("k,khw->hw", model[-1].weight[c], caught["pooled"][0]))


def grad_cam(image, c):
    """The last conv block's maps, weighted by their mean gradient of the logit y_c, then ReLU."""
    model.zero_grad()
    model(image)[0, c].backward()
    alpha = caught["gradients"][0].mean(dim=(1, 2))
    return upsample(F.relu(torch.einsum("k,khw->hw", alpha, caught["activations"][0].detach())))


def saliency(images, c):
    """|d y_c / d x| per pixel (max over channels), averaged over a batch of images."""
    images = images.clone().requires_grad_(True)
    # In eval mode each logit depends only on its own image, so one backward of
    # the sum gives every image its own gradient.
    model(images)[:, c].sum().backward()
    return images.grad.abs().amax(1).mean(0)


def smooth_grad(image, c):
    """Saliency averaged over copies of the image with Gaussian noise added."""
    sigma = NOISE_LEVEL * (image.max() - image.min())
    return saliency(image + sigma * torch.randn(SAMPLES, *image.shape[1:]), c)


def occlusion(image, c):
    """How far p_c falls when a PATCH x PATCH square is set to 0 (black), averaged per pixel."""
    corners = list(range(0, 28 - PATCH + 1, STRIDE))
    if corners[-1] != 28 - PATCH:
        corners.append(28 - PATCH)  # so the last rows and columns are covered too
    patches = [(r, col) for r in corners for col in corners]
    occluded = image.repeat(len(patches), 1, 1, 1)
    for k, (r, col) in enumerate(patches):
        occluded[k, :, r : r + PATCH, col : col + PATCH] = 0
    with torch.no_grad():
        drops = model(image).softmax(1)[0, c] - model(occluded).softmax(1)[:, c]
    total, count = torch.zeros(28, 28), torch.zeros(28, 28)
    for drop, (r, col) in zip(drops, patches):
        total[r : r + PATCH, col : col + PATCH] += drop
        count[r : r + PATCH, col : col + PATCH] += 1
    return total / count


# Every method explains the class the model picked. Each row of the figure is
# one test image; each column one method.
figure, axes = plt.subplots(len(examples), 5, figsize=(11, 2.4 * len(examples)))
for row, i in enumerate(examples):
    image = x_test[i : i + 1]
    with torch.no_grad():
        probabilities = model(image).softmax(1)[0]
    top = probabilities.argmax().item()
    print(f"#{i} predicted: {CLASSES[top]} ({100 * probabilities[top]:.0f}%), true: {CLASSES[y_test[i]]}")
    methods = {
        "CAM": cam(image, top),
        "Grad-CAM": grad_cam(image, top),
        "Saliency": saliency(image, top),
        "SmoothGrad": smooth_grad(image, top),
        "Occlusion": occlusion(image, top),
    }
    for ax, (method, heatmap) in zip(axes[row], methods.items()):
        y, x = divmod(heatmap.argmax().item(), 28)
        print(f"  {method:<10} peak at pixel (row {y:2d}, column {x:2d})")
        ax.imshow(image[0, 0], cmap="gray")
        if method in ("CAM", "Occlusion"):  # signed: red for the class, blue against it, 0 white
            limit = heatmap.abs().max().item()
            ax.imshow(heatmap, cmap="bwr", vmin=-limit, vmax=limit, alpha=0.5)
        else:
            ax.imshow(heatmap, cmap="jet", alpha=0.5)
        ax.set_title(f"#{i} {method}", fontsize=8)
        ax.axis("off")
figure.tight_layout()
figure.savefig("four-methods.png", dpi=120)
print("Saved four-methods.png (plt.show() to see it in a window).")
