"""Trains the guide's SimpleCNN on the prepared Fashion-MNIST subset and ships its weights.

Writes public/data/models/simplecnn/:
  weights.f16.bin    the state_dict as little-endian float16, tensors one after another
  model.json         what each tensor is (key, shape, offset), the classes, the test accuracy
  training-log.json  loss and accuracy per epoch

The model is the first chapter's (src/cells/train-simplecnn.ts): three stages of
Conv3x3 -> BatchNorm -> ReLU -> MaxPool2 (32, 64, 128 channels), global average
pooling, dropout 0.3 and a linear classifier. It reads the same prepared data the
site serves (public/data/fashion-mnist: the first 8,000 training and 1,000 test
images) and scales pixels to [0, 1] as the engine's toTensors does. Seeded and on
one thread, so a re-run on the same machine should give the same weights (not
yet checked byte for byte).

Run: /usr/bin/python3 scripts/pretrain_simplecnn.py [--epochs 8]
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
DATA = ROOT / 'public' / 'data' / 'fashion-mnist'
OUT = ROOT / 'public' / 'data' / 'models' / 'simplecnn'


def simple_cnn():
    layers = []
    channels = 1
    for width in (32, 64, 128):
        layers += [nn.Conv2d(channels, width, 3, padding=1), nn.BatchNorm2d(width), nn.ReLU(), nn.MaxPool2d(2)]
        channels = width
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.3), nn.Linear(channels, 10))


def load_split(name, count):
    raw = gzip.decompress((DATA / f'{name}.u8.gz').read_bytes())
    images = np.frombuffer(raw[: count * 784], dtype=np.uint8).reshape(count, 1, 28, 28)
    labels = np.frombuffer(raw[count * 784 : count * 785], dtype=np.uint8)
    return torch.from_numpy(images.astype(np.float32) / 255.0), torch.from_numpy(labels.astype(np.int64))


@torch.no_grad()
def evaluate(model, x, y):
    model.eval()
    logits = model(x)
    loss = nn.functional.cross_entropy(logits, y).item()
    accuracy = (logits.argmax(1) == y).float().mean().item()
    return loss, accuracy


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--epochs', type=int, default=8)
    parser.add_argument('--batch-size', type=int, default=64)
    parser.add_argument('--lr', type=float, default=0.003)
    parser.add_argument('--seed', type=int, default=0)
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    torch.set_num_threads(1)
    manifest = json.loads((DATA / 'manifest.json').read_text())
    train_x, train_y = load_split('train', manifest['splits']['train']['count'])
    test_x, test_y = load_split('test', manifest['splits']['test']['count'])

    model = simple_cnn()
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    steps_per_epoch = math.ceil(len(train_x) / args.batch_size)
    # Cosine annealing to 0 over the run, stepped per batch, as the engine's 'cosine' schedule.
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
            logits = model(train_x[idx])
            loss = nn.functional.cross_entropy(logits, train_y[idx])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            scheduler.step()
            total_loss += loss.item() * len(idx)
            correct += (logits.argmax(1) == train_y[idx]).sum().item()
        test_loss, test_accuracy = evaluate(model, test_x, test_y)
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
    test_loss, test_accuracy = evaluate(model, test_x, test_y)

    OUT.mkdir(parents=True, exist_ok=True)
    tensors, offset, blob = [], 0, bytearray()
    for key, value in state.items():
        data = value.flatten().numpy().astype('<f2').tobytes()
        tensors.append({'key': key, 'shape': list(value.shape), 'offset': offset, 'length': value.numel()})
        blob += data
        offset += value.numel()
    (OUT / 'weights.f16.bin').write_bytes(bytes(blob))
    info = {
        'name': 'simplecnn',
        'description': "The guide's SimpleCNN for 1x28x28 Fashion-MNIST images, trained by scripts/pretrain_simplecnn.py",
        'inputShape': [1, 28, 28],
        'classes': manifest['classes'],
        'dtype': 'float16',
        'file': 'weights.f16.bin',
        'tensors': tensors,
        'training': {
            'data': f"the first {len(train_x)} Fashion-MNIST training images (public/data/fashion-mnist), pixels / 255",
            'epochs': args.epochs,
            'batchSize': args.batch_size,
            'optimizer': f'Adam, lr {args.lr}, cosine annealing to 0 per batch',
            'seed': args.seed,
            'torch': torch.__version__,
        },
        'test': {'images': len(test_x), 'loss': round(test_loss, 5), 'accuracy': round(test_accuracy, 5)},
    }
    (OUT / 'model.json').write_text(json.dumps(info, indent=2) + '\n')
    (OUT / 'training-log.json').write_text(json.dumps(log, indent=2) + '\n')
    print(f'wrote {OUT} ({len(blob)} bytes of weights); test accuracy of the float16 weights: {test_accuracy:.4f}')


if __name__ == '__main__':
    main()
