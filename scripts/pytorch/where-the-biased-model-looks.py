# The cell "Grad-CAM of the biased model on swapped backgrounds", in PyTorch.
import torch

from cnn_guide_bias import grad_cam, train_at_bias

MEASURED = 100
model, usual, swapped = train_at_bias(0.95)
x, y = swapped
# Where the animal is: the pixels that differ between the usual and the swapped image
# (the same animal at the same place; the cell reads the scene's own mask instead).
masks = (usual[0] != x).any(dim=1).logical_not()
share = area = 0.0
for i in range(MEASURED):
    top = model(x[i: i + 1]).argmax(1).item()
    heat = grad_cam(model, x[i], top)
    share += (heat * masks[i]).sum().item() / max(heat.sum().item(), 1e-12) / MEASURED
    area += masks[i].float().mean().item() / MEASURED
print(f"Grad-CAM's heat on the animal: {100 * share:.1f}%; the animal's share of the image: {100 * area:.1f}%")
