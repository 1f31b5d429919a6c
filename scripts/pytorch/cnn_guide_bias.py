"""What the four PyTorch programs of "When the network learns the background" share:
the small CNN, its training loop and Grad-CAM, as the cells use them."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from cnn_guide_scenes import load_cows_and_camels

TRAIN_IMAGES = 2000
TEST_IMAGES = 400
EPOCHS = 6
BATCH_SIZE = 32
LEARNING_RATE = 0.003
SEED = 1


def small_cnn():
    # Global average pooling and one linear layer at the end, so CAM applies.
    return nn.Sequential(
        nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 32, 3, padding=1), nn.ReLU(),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(32, 2),
    )


def accuracy(model, x, y):
    model.eval()
    with torch.no_grad():
        return (model(x).argmax(1) == y).float().mean().item()


def train_at_bias(bias, train_images=TRAIN_IMAGES, test_images=TEST_IMAGES, epochs=EPOCHS,
                  batch_size=BATCH_SIZE, learning_rate=LEARNING_RATE, seed=SEED):
    """Trains the small CNN at `bias`; returns the model and the (usual, swapped) test sets."""
    TRAIN_IMAGES, TEST_IMAGES, EPOCHS, BATCH_SIZE, LEARNING_RATE, SEED = (
        train_images, test_images, epochs, batch_size, learning_rate, seed)
    torch.manual_seed(SEED)
    (x_train, y_train), usual, swapped = load_cows_and_camels(TRAIN_IMAGES, TEST_IMAGES, bias, SEED)
    model = small_cnn()
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    for epoch in range(1, EPOCHS + 1):
        model.train()
        order = torch.randperm(TRAIN_IMAGES)
        for start in range(0, TRAIN_IMAGES, BATCH_SIZE):
            batch = order[start: start + BATCH_SIZE]
            loss = F.cross_entropy(model(x_train[batch]), y_train[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        print(f"Epoch {epoch}: train accuracy {100 * accuracy(model, x_train, y_train):.1f}%, "
              f"usual {100 * accuracy(model, *usual):.1f}%, swapped {100 * accuracy(model, *swapped):.1f}%")
    return model, usual, swapped


def grad_cam(model, image, class_index, layer_index=7):
    """Grad-CAM on the output of model[layer_index] (the last ReLU), upsampled to the image."""
    model.eval()
    kept = {}
    handle = model[layer_index].register_forward_hook(lambda m, i, o: kept.update(a=o))
    score = model(image.unsqueeze(0))[0, class_index]
    handle.remove()
    grads, = torch.autograd.grad(score, kept["a"])
    weights = grads.mean(dim=(2, 3), keepdim=True)
    cam = F.relu((weights * kept["a"]).sum(1, keepdim=True))
    return F.interpolate(cam, size=image.shape[1:], mode="bilinear", align_corners=False)[0, 0].detach()
