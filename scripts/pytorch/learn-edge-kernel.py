# The cell "Learn an edge detector", in PyTorch: a 3x3 kernel learned from image/edge-map pairs.
import torch
import torch.nn.functional as F

from cnn_guide_data import load_fashion_mnist

IMAGES = 64
STEPS = 500
LEARNING_RATE = 0.05

SOBEL_X = torch.tensor([[-1.0, 0, 1], [-2, 0, 2], [-1, 0, 1]])

(x, _), _ = load_fashion_mnist(IMAGES, 1)
edges = F.conv2d(x, SOBEL_X.view(1, 1, 3, 3))  # the targets, made with the true kernel

kernel = torch.zeros(1, 1, 3, 3, requires_grad=True)  # what gradient descent learns
optimizer = torch.optim.Adam([kernel], lr=LEARNING_RATE)
for step in range(1, STEPS + 1):
    loss = F.mse_loss(F.conv2d(x, kernel), edges)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step in (1, 10, 50, 100, STEPS):
        print(f"step {step}: loss {loss.item():.4f}")

print("Learned:\n", kernel.detach().view(3, 3).numpy().round(2))
print(f"Largest difference from Sobel: {(kernel.detach().view(3, 3) - SOBEL_X).abs().max().item():.3f}")
