# The cell "Augmentation against overfitting", in PyTorch: both arms, same seed and data.
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
CROP_PADDING = 1

(x_train, y_train), (x_test, y_test) = load_fashion_mnist(TRAIN_IMAGES, TEST_IMAGES)


def augment(x):
    """RandomHorizontalFlip() and RandomCrop(28, padding=CROP_PADDING), per image (torchvision.transforms.v2 does the same)."""
    flip = torch.rand(len(x)) < 0.5
    x = torch.where(flip.view(-1, 1, 1, 1), x.flip(3), x)
    padded = F.pad(x, [CROP_PADDING] * 4)
    out = torch.empty_like(x)
    for i in range(len(x)):
        top, left = torch.randint(0, 2 * CROP_PADDING + 1, (2,)).tolist()
        out[i] = padded[i, :, top : top + 28, left : left + 28]
    return out


def run(augmented):
    torch.manual_seed(SEED)  # both arms: the same initial weights and order
    model = nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32 * 7 * 7, 10),
    )
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=EPOCHS * -(-TRAIN_IMAGES // BATCH_SIZE))
    for epoch in range(EPOCHS):
        model.train()
        order = torch.randperm(TRAIN_IMAGES)
        for start in range(0, TRAIN_IMAGES, BATCH_SIZE):
            batch = order[start : start + BATCH_SIZE]
            x = augment(x_train[batch]) if augmented else x_train[batch]
            loss = F.cross_entropy(model(x), y_train[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            scheduler.step()
    model.eval()
    with torch.no_grad():
        logits = model(x_test)
    return F.cross_entropy(logits, y_test).item(), (logits.argmax(1) == y_test).float().mean().item()


for name, augmented in [("no augmentation", False), ("flip + crop", True)]:
    loss, acc = run(augmented)
    print(f"{name}: test loss {loss:.3f}, test accuracy {100 * acc:.1f}%")
