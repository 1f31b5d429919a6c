# The cell "Train SimpleCNN on Fashion-MNIST", in PyTorch.
import torch
import torch.nn as nn
import torch.nn.functional as F

from cnn_guide_data import load_fashion_mnist

TRAIN_IMAGES = 8000
TEST_IMAGES = 1000
EPOCHS = 3
BATCH_SIZE = 64
LEARNING_RATE = 0.003

(x_train, y_train), (x_test, y_test) = load_fashion_mnist(TRAIN_IMAGES, TEST_IMAGES)
print(f"Loaded {len(x_train)} training and {len(x_test)} test images, 10 classes.")

model = nn.Sequential(
    nn.Conv2d(1, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(64, 128, 3, padding=1), nn.BatchNorm2d(128), nn.ReLU(), nn.MaxPool2d(2),
    nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.3), nn.Linear(128, 10),
)
print(model)

optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
steps = EPOCHS * ((TRAIN_IMAGES + BATCH_SIZE - 1) // BATCH_SIZE)
scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=steps)  # stepped per batch

for epoch in range(1, EPOCHS + 1):
    model.train()
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
        logits = model(x_test)
    print(f"Epoch {epoch}/{EPOCHS}: test loss {F.cross_entropy(logits, y_test).item():.3f}, "
          f"accuracy {100 * (logits.argmax(1) == y_test).float().mean().item():.1f}%")

# The next two programs of this page use the trained weights.
torch.save(model, "simplecnn.pt")
