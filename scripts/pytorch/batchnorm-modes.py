# The cell "BatchNorm: training mode or eval mode", in PyTorch.
import torch
import torch.nn as nn
import torch.nn.functional as F

from cnn_guide_data import load_fashion_mnist

TRAIN_IMAGES = 2000
TEST_IMAGES = 500
EPOCHS = 3
BATCH_SIZE = 32
LEARNING_RATE = 0.003
SEED = 1

torch.manual_seed(SEED)
(x_train, y_train), (x_test, y_test) = load_fashion_mnist(TRAIN_IMAGES, TEST_IMAGES)
model = nn.Sequential(
    nn.Conv2d(1, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(),
    nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10),
)
optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
steps = EPOCHS * ((TRAIN_IMAGES + BATCH_SIZE - 1) // BATCH_SIZE)
scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=steps)  # stepped per batch
for epoch in range(EPOCHS):
    model.train()
    order = torch.randperm(TRAIN_IMAGES)
    for start in range(0, TRAIN_IMAGES, BATCH_SIZE):
        batch = order[start : start + BATCH_SIZE]
        loss = F.cross_entropy(model(x_train[batch]), y_train[batch])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        scheduler.step()


def accuracy(x, y, batch_size):
    with torch.no_grad():
        right = sum((model(x[s : s + batch_size]).argmax(1) == y[s : s + batch_size]).sum().item()
                    for s in range(0, len(x), batch_size))
    return right / len(x)


model.eval()  # running statistics
print(f"eval mode: {100 * accuracy(x_test, y_test, 256):.1f}%")
model.train()  # the bug: each batch normalised with its own statistics (and the running ones move)
print(f"training mode, shuffled batches of {BATCH_SIZE}: {100 * accuracy(x_test, y_test, BATCH_SIZE):.1f}%")
by_class = y_test.argsort(stable=True)
print(f"training mode, batches of {BATCH_SIZE} sorted by class: "
      f"{100 * accuracy(x_test[by_class], y_test[by_class], BATCH_SIZE):.1f}%")
