# The cell "BatchNorm at a high learning rate", in PyTorch: both arms, same seed and data.
import torch
import torch.nn as nn
import torch.nn.functional as F

from cnn_guide_data import load_fashion_mnist

TRAIN_IMAGES = 1000
TEST_IMAGES = 500
EPOCHS = 3
BATCH_SIZE = 32
LEARNING_RATE = 0.2
SEED = 1

(x_train, y_train), (x_test, y_test) = load_fashion_mnist(TRAIN_IMAGES, TEST_IMAGES)


def network(batch_norm):
    def stage(cin, cout):
        return [nn.Conv2d(cin, cout, 3, padding=1), *([nn.BatchNorm2d(cout)] if batch_norm else []), nn.ReLU(), nn.MaxPool2d(2)]
    return nn.Sequential(*stage(1, 16), *stage(16, 32), *stage(32, 32), nn.Flatten(), nn.Linear(32 * 3 * 3, 10))


for name, batch_norm in [("with BatchNorm", True), ("without BatchNorm", False)]:
    torch.manual_seed(SEED)
    model = network(batch_norm)
    optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE, momentum=0.9)
    for epoch in range(EPOCHS):
        model.train()
        order = torch.randperm(TRAIN_IMAGES)
        for start in range(0, TRAIN_IMAGES, BATCH_SIZE):
            batch = order[start : start + BATCH_SIZE]
            loss = F.cross_entropy(model(x_train[batch]), y_train[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    model.eval()
    with torch.no_grad():
        accuracy = (model(x_test).argmax(1) == y_test).float().mean().item()
    print(f"{name}: last training loss {loss.item():.3f}, test accuracy {100 * accuracy:.1f}%")
