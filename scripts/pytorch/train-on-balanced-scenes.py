# The cell "The fix: train on balanced backgrounds", in PyTorch.
from cnn_guide_bias import accuracy, train_at_bias

# The settings, as the cell declares them.
BIAS = 0.5
TRAIN_IMAGES = 2000
TEST_IMAGES = 400
EPOCHS = 6
BATCH_SIZE = 32
LEARNING_RATE = 0.003
SEED = 1

for bias in (0.95, BIAS):
    model, usual, swapped = train_at_bias(bias, TRAIN_IMAGES, TEST_IMAGES, EPOCHS, BATCH_SIZE, LEARNING_RATE, SEED)
    a, b = accuracy(model, *usual), accuracy(model, *swapped)
    print(f"Trained at bias {100 * bias:.0f}%: usual {100 * a:.1f}%, swapped {100 * b:.1f}%, drop {100 * (a - b):.1f} points")
