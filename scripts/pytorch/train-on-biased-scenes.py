# The cell "Train on cows on grass and camels on dunes", in PyTorch.
from cnn_guide_bias import accuracy, train_at_bias

# The settings, as the cell declares them.
BIAS = 0.95
TRAIN_IMAGES = 2000
TEST_IMAGES = 400
EPOCHS = 6
BATCH_SIZE = 32
LEARNING_RATE = 0.003
SEED = 1


model, usual, swapped = train_at_bias(BIAS, TRAIN_IMAGES, TEST_IMAGES, EPOCHS, BATCH_SIZE, LEARNING_RATE, SEED)
a, b = accuracy(model, *usual), accuracy(model, *swapped)
print(f"Usual backgrounds:   {100 * a:.1f}%")
print(f"Swapped backgrounds: {100 * b:.1f}%")
print(f"Drop: {100 * (a - b):.1f} points")
