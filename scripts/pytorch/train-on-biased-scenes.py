# The cell "Train on cows on grass and camels on dunes", in PyTorch.
from bias_chapter import accuracy, train_at_bias

BIAS = 0.95  # the fraction of cows on grass and of camels on the dune

model, usual, swapped = train_at_bias(BIAS)
a, b = accuracy(model, *usual), accuracy(model, *swapped)
print(f"Usual backgrounds:   {100 * a:.1f}%")
print(f"Swapped backgrounds: {100 * b:.1f}%")
print(f"Drop: {100 * (a - b):.1f} points")
