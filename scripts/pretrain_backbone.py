"""Pretrains the transfer-learning chapter's backbone on five of Fashion-MNIST's ten classes.

Writes public/data/models/fashion-backbone/:
  weights.f16.bin    the state_dict as little-endian float16, tensors one after another
  model.json         what each tensor is (key, shape, offset), the classes, the
                     preprocessing the backbone expects, the test accuracy of the float16 weights
  training-log.json  seed, torch version, and loss and accuracy per epoch

Why this source task: the chapter's target task is the other five classes
(Sandal, Shirt, Sneaker, Bag, Ankle boot) learnt from a few labels, so the source
is the first five (T-shirt/top, Trouser, Pullover, Dress, Coat) with all 30,000
of their images in the full 60,000-image training set: many labels on a related
task, none of the target's images, the split Yosinski et al. (2014) made of
ImageNet. (Handwritten digits as the target were tried first: this backbone did
not beat training from scratch on them, at 50 to 1,000 labels.) No ImageNet
weights can be downloaded here.

The model (SmallCNN, transfer-learning.mdx): three stages of Conv3x3 -> BatchNorm
-> ReLU -> MaxPool2 (16, 32, 64 channels), then Flatten and Linear(64*3*3, 5).
It is narrower than the first chapter's SimpleCNN so that the chapter's cell can
train it nine times in the page. Inputs are normalised with the mean and standard
deviation of the source images' pixels (computed here, stored in model.json):
whoever reuses the backbone must normalise the same way.

Run: /usr/bin/python3 scripts/pretrain_backbone.py [--epochs 4] [--source DIR]
"""
import argparse
import gzip
import json
import math
import pathlib
import time

import numpy as np
import torch
from torch import nn

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = pathlib.Path('/work/shared/data/fashion-mnist')
SITE_TEST = ROOT / 'public' / 'data' / 'fashion-mnist'
OUT = ROOT / 'public' / 'data' / 'models' / 'fashion-backbone'
ALL_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']
# The source task: the first five classes. The chapter's target is the other five.
SOURCE = 5
CLASSES = ALL_CLASSES[:SOURCE]


def small_cnn(classes=SOURCE):
    layers = []
    channels = 1
    for width in (16, 32, 64):
        layers += [nn.Conv2d(channels, width, 3, padding=1), nn.BatchNorm2d(width), nn.ReLU(), nn.MaxPool2d(2)]
        channels = width
    return nn.Sequential(*layers, nn.Flatten(), nn.Linear(channels * 3 * 3, classes))


def read_idx(path, header):
    return np.frombuffer(gzip.decompress(path.read_bytes())[header:], dtype=np.uint8)


def source_classes(images, labels):
    keep = labels < SOURCE
    return torch.from_numpy(images[keep].astype(np.float32) / 255.0), torch.from_numpy(labels[keep].astype(np.int64))


def load_idx(source, prefix):
    images = read_idx(source / f'{prefix}-images-idx3-ubyte.gz', 16).reshape(-1, 1, 28, 28)
    labels = read_idx(source / f'{prefix}-labels-idx1-ubyte.gz', 8)
    return source_classes(images, labels)


def load_site_test():
    manifest = json.loads((SITE_TEST / 'manifest.json').read_text())
    count = manifest['splits']['test']['count']
    raw = gzip.decompress((SITE_TEST / 'test.u8.gz').read_bytes())
    images = np.frombuffer(raw[: count * 784], dtype=np.uint8).reshape(count, 1, 28, 28)
    labels = np.frombuffer(raw[count * 784 : count * 785], dtype=np.uint8)
    return source_classes(images, labels)


@torch.no_grad()
def evaluate(model, x, y, mean, std):
    model.eval()
    logits = torch.cat([model((x[i : i + 1000] - mean) / std) for i in range(0, len(x), 1000)])
    loss = nn.functional.cross_entropy(logits, y).item()
    accuracy = (logits.argmax(1) == y).float().mean().item()
    return loss, accuracy


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--epochs', type=int, default=3)
    parser.add_argument('--batch-size', type=int, default=128)
    parser.add_argument('--lr', type=float, default=0.003)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--source', type=pathlib.Path, default=DEFAULT_SOURCE)
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    torch.set_num_threads(1)
    train_x, train_y = load_idx(args.source, 'train')
    test_x, test_y = load_idx(args.source, 't10k')
    site_x, site_y = load_site_test()
    # The normalisation constants are the source data's: a reader of the backbone must use these.
    mean, std = round(train_x.mean().item(), 4), round(train_x.std().item(), 4)

    model = small_cnn()
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    steps_per_epoch = math.ceil(len(train_x) / args.batch_size)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=args.epochs * steps_per_epoch)
    generator = torch.Generator().manual_seed(args.seed)
    log = []
    for epoch in range(1, args.epochs + 1):
        start = time.time()
        model.train()
        order = torch.randperm(len(train_x), generator=generator)
        total_loss, correct = 0.0, 0
        for i in range(0, len(train_x), args.batch_size):
            idx = order[i : i + args.batch_size]
            logits = model((train_x[idx] - mean) / std)
            loss = nn.functional.cross_entropy(logits, train_y[idx])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            scheduler.step()
            total_loss += loss.item() * len(idx)
            correct += (logits.argmax(1) == train_y[idx]).sum().item()
        test_loss, test_accuracy = evaluate(model, test_x, test_y, mean, std)
        entry = {
            'epoch': epoch,
            'trainLoss': round(total_loss / len(train_x), 5),
            'trainAccuracy': round(correct / len(train_x), 5),
            'testLoss': round(test_loss, 5),
            'testAccuracy': round(test_accuracy, 5),
            'seconds': round(time.time() - start, 1),
        }
        log.append(entry)
        print(json.dumps(entry), flush=True)

    # Ship float16 and report the accuracy of exactly what ships.
    state = {k: v.detach().to(torch.float16) for k, v in model.state_dict().items() if v.dtype.is_floating_point}
    model.load_state_dict({**model.state_dict(), **{k: v.float() for k, v in state.items()}})
    full_loss, full_accuracy = evaluate(model, test_x, test_y, mean, std)
    site_loss, site_accuracy = evaluate(model, site_x, site_y, mean, std)

    OUT.mkdir(parents=True, exist_ok=True)
    tensors, offset, blob = [], 0, bytearray()
    for key, value in state.items():
        tensors.append({'key': key, 'shape': list(value.shape), 'offset': offset, 'length': value.numel()})
        blob += value.flatten().numpy().astype('<f2').tobytes()
        offset += value.numel()
    (OUT / 'weights.f16.bin').write_bytes(bytes(blob))
    training = {
        'data': f'all {len(train_x)} Fashion-MNIST training images of classes 0-4 (the original IDX files), normalised with the mean and std below',
        'epochs': args.epochs,
        'batchSize': args.batch_size,
        'optimizer': f'Adam, lr {args.lr}, cosine annealing to 0 per batch',
        'seed': args.seed,
        'torch': torch.__version__,
    }
    info = {
        'name': 'fashion-backbone',
        'description': 'A small CNN (16, 32, 64 channels) pretrained on the 30,000 Fashion-MNIST training images of its first five classes by scripts/pretrain_backbone.py',
        'inputShape': [1, 28, 28],
        'classes': CLASSES,
        'dtype': 'float16',
        'file': 'weights.f16.bin',
        'tensors': tensors,
        'preprocessing': {'scale': '1/255', 'mean': mean, 'std': std},
        'training': training,
        'fullTest': {'images': len(test_x), 'loss': round(full_loss, 5), 'accuracy': round(full_accuracy, 5)},
        'test': {'images': len(site_x), 'loss': round(site_loss, 5), 'accuracy': round(site_accuracy, 5)},
    }
    (OUT / 'model.json').write_text(json.dumps(info, indent=2) + '\n')
    (OUT / 'training-log.json').write_text(json.dumps({**training, 'preprocessing': info['preprocessing'], 'log': log}, indent=2) + '\n')
    print(f'wrote {OUT} ({len(blob)} bytes of weights); float16 test accuracy {full_accuracy:.4f} ({len(test_x)}), {site_accuracy:.4f} (site, {len(site_x)})')


if __name__ == '__main__':
    main()
