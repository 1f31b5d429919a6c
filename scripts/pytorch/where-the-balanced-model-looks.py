# The cell "Grad-CAM of both models on the same swapped images", in PyTorch.
from cnn_guide_bias import grad_cam, train_at_bias

MEASURED = 100
for name, bias in (("biased model", 0.95), ("balanced model", 0.5)):
    model, usual, (x, y) = train_at_bias(bias)
    masks = (usual[0] != x).any(dim=1).logical_not()
    share = 0.0
    for i in range(MEASURED):
        top = model(x[i: i + 1]).argmax(1).item()
        heat = grad_cam(model, x[i], top)
        share += (heat * masks[i]).sum().item() / max(heat.sum().item(), 1e-12) / MEASURED
    print(f"{name}: Grad-CAM's heat on the animal {100 * share:.1f}%")
