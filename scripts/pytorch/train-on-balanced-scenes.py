# The cell "The fix: train on balanced backgrounds", in PyTorch.
from bias_chapter import accuracy, train_at_bias

for bias in (0.95, 0.5):
    model, usual, swapped = train_at_bias(bias)
    a, b = accuracy(model, *usual), accuracy(model, *swapped)
    print(f"Trained at bias {100 * bias:.0f}%: usual {100 * a:.1f}%, swapped {100 * b:.1f}%, drop {100 * (a - b):.1f} points")
