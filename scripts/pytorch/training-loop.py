# The training loop of the cell "The training loop, written out", in PyTorch.
import torch
import torch.nn as nn
import torch.nn.functional as F

from cnn_guide_data import load_fashion_mnist

TRAIN_IMAGES = 2000
TEST_IMAGES = 500
EPOCHS = 3
BATCH_SIZE = 32
LEARNING_RATE = 0.05
SEED = 1

torch.manual_seed(SEED)
(x_train, y_train), (x_test, y_test) = load_fashion_mnist(TRAIN_IMAGES, TEST_IMAGES)

model = nn.Sequential(
    nn.Conv2d(1, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(8, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(16 * 7 * 7, 10),
)
optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE, momentum=0.9)


def accuracy(x, y):
    model.eval()  # BatchNorm uses its running statistics
    with torch.no_grad():
        return (model(x).argmax(1) == y).float().mean().item()


print(f"Epoch 0 (untrained): test accuracy {100 * accuracy(x_test, y_test):.1f}%")
for epoch in range(1, EPOCHS + 1):
    model.train()  # BatchNorm normalises with each batch's statistics
    order = torch.randperm(TRAIN_IMAGES)
    losses = []
    for start in range(0, TRAIN_IMAGES, BATCH_SIZE):
        batch = order[start : start + BATCH_SIZE]
        loss = F.cross_entropy(model(x_train[batch]), y_train[batch])  # forward
        optimizer.zero_grad()
        loss.backward()  # gradients of the loss with respect to every parameter
        optimizer.step()  # each parameter moves against its gradient
        losses.append(loss.item())
    print(f"Epoch {epoch}: mean training loss {sum(losses) / len(losses):.3f}, "
          f"test accuracy {100 * accuracy(x_test, y_test):.1f}%")
