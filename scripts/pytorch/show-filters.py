# The cell "Show the first layer's filters", in PyTorch. Run train-simplecnn.py first.
import torch

model = torch.load("simplecnn.pt")
filters = model[0].weight.detach()  # the first Conv2d: [32, 1, 3, 3]
print(f"The {filters.shape[0]} filters of the first conv layer, {tuple(filters.shape[1:])} each:")
for i, f in enumerate(filters):
    print(f"filter {i}:", [[round(v, 2) for v in row] for row in f[0].tolist()])
# To see them as images: matplotlib's plt.imshow(f[0], cmap="RdBu") for each filter.
