# The cell "Watch a model overfit", in PyTorch.
import torch
import torch.nn as nn
import torch.nn.functional as F

from cnn_guide_data import load_fashion_mnist

TRAIN_IMAGES = 300
TEST_IMAGES = 1000
EPOCHS = 30
BATCH_SIZE = 32
LEARNING_RATE = 0.003
SEED = 1

torch.manual_seed(SEED)
(x_train, y_train), (x_test, y_test) = load_fashion_mnist(TRAIN_IMAGES, TEST_IMAGES)
model = nn.Sequential(  # no dropout, no weight decay, no augmentation
    nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(32 * 7 * 7, 10),
)
optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)


def accuracy(x, y):
    model.eval()
    with torch.no_grad():
        return (model(x).argmax(1) == y).float().mean().item()


for epoch in range(1, EPOCHS + 1):
    model.train()
    order = torch.randperm(TRAIN_IMAGES)
    for start in range(0, TRAIN_IMAGES, BATCH_SIZE):
        batch = order[start : start + BATCH_SIZE]
        loss = F.cross_entropy(model(x_train[batch]), y_train[batch])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    print(f"Epoch {epoch}: train accuracy {100 * accuracy(x_train, y_train):.1f}%, "
          f"test accuracy {100 * accuracy(x_test, y_test):.1f}%")
