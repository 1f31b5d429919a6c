# The cell "Save the model to a file", in PyTorch.
# Run load-pretrained-simplecnn.py first (it saves the model this page explains).
import torch

model = torch.load("explained-model.pt")

# PyTorch's own way: the state_dict (every weight and BatchNorm statistic by
# name), not the pickled module, so the file loads into any code that builds
# the same architecture.
torch.save(model.state_dict(), "simplecnn.pt")
print(model)
print(f"Saved {sum(t.numel() for t in model.state_dict().values()):,} numbers to simplecnn.pt")
