# The cell "Or train it yourself (shorter)", in PyTorch: SimpleCNN on far fewer
# images and epochs than the shipped weights had.
import torch
import torch.nn as nn
import torch.nn.functional as F

from cnn_guide_data import load_fashion_mnist

TRAIN_IMAGES = 1000
TEST_IMAGES = 1000
EPOCHS = 2
BATCH_SIZE = 32
LEARNING_RATE = 0.003
SEED = 0

torch.manual_seed(SEED)
(x_train, y_train), (x_test, y_test) = load_fashion_mnist(TRAIN_IMAGES, TEST_IMAGES)
model = nn.Sequential(
    nn.Conv2d(1, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(64, 128, 3, padding=1), nn.BatchNorm2d(128), nn.ReLU(), nn.MaxPool2d(2),
    nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.3), nn.Linear(128, 10),
)
optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
steps = EPOCHS * ((TRAIN_IMAGES + BATCH_SIZE - 1) // BATCH_SIZE)
scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=steps)  # stepped per batch

# No test pass after each epoch: the test set is scored once, at the end.
model.train()
for epoch in range(1, EPOCHS + 1):
    order = torch.randperm(TRAIN_IMAGES)
    for start in range(0, TRAIN_IMAGES, BATCH_SIZE):
        batch = order[start : start + BATCH_SIZE]
        loss = F.cross_entropy(model(x_train[batch]), y_train[batch])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        scheduler.step()

model.eval()
with torch.no_grad():
    accuracy = (model(x_test).argmax(1) == y_test).float().mean().item()
print(f"Test accuracy: {100 * accuracy:.1f}%. The programs below now explain this model.")

# Replaces the loaded model: the next two programs of this page explain this one.
torch.save(model, "explained-model.pt")
