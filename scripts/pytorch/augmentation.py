# The cell "Augmentation against overfitting", in PyTorch: both arms, same seed and data.
import torch
import torch.nn as nn
import torch.nn.functional as F

from cnn_guide_data import load_fashion_mnist

TRAIN_IMAGES = 500
TEST_IMAGES = 1000
EPOCHS = 8
BATCH_SIZE = 32
LEARNING_RATE = 0.003
SEED = 1
CROP_PADDING = 3


def random_crop(x, padding):
    """RandomCrop(28, padding) drawn per image, as torchvision's transform does in a Dataset."""
    padded = F.pad(x, [padding] * 4)
    out = torch.empty_like(x)
    for i in range(len(x)):
        top, left = torch.randint(0, 2 * padding + 1, (2,)).tolist()
        out[i] = padded[i, :, top : top + 28, left : left + 28]
    return out


(x_train, y_train), (x_test, y_test) = load_fashion_mnist(TRAIN_IMAGES, TEST_IMAGES)
torch.manual_seed(SEED + 100)
x_shifted = random_crop(x_test, 3)  # the test images, each shifted by up to 3 pixels


def accuracy(model, x, y):
    model.eval()
    with torch.no_grad():
        return (model(x).argmax(1) == y).float().mean().item()


for name, augmented in [("no augmentation", False), ("random crop", True)]:
    torch.manual_seed(SEED)  # both arms: the same initial weights and order
    model = nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32 * 7 * 7, 10),
    )
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    for epoch in range(EPOCHS):
        model.train()
        order = torch.randperm(TRAIN_IMAGES)
        for start in range(0, TRAIN_IMAGES, BATCH_SIZE):
            batch = order[start : start + BATCH_SIZE]
            x = random_crop(x_train[batch], CROP_PADDING) if augmented else x_train[batch]
            loss = F.cross_entropy(model(x), y_train[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    print(f"{name}: test accuracy {100 * accuracy(model, x_test, y_test):.1f}% centred, "
          f"{100 * accuracy(model, x_shifted, y_test):.1f}% shifted")
