"""The cows-and-camels scenes of the chapter "When the network learns the background", for PyTorch.

A line-for-line port of src/engine/reference/bias-scenes.ts (same random
numbers, same rounding), reading the site's public/data/bias/assets.u8, so a
program here trains on exactly the pixels its cell trains on
(tests/unit/bias-scenes-python.test.ts checks this).
"""
import json
import math
from pathlib import Path

import torch

DATA = Path(__file__).resolve().parents[2] / "public" / "data" / "bias"
M32 = 0xFFFFFFFF
MIN_ANIMAL, MAX_ANIMAL = 0.45, 0.7
SUBSAMPLES = 3


def _imul(a, b):
    return (a * b) & M32


def seeded_random(seed):
    """mulberry32, as reference/seeded-random.ts."""
    state = [seed & M32]

    def draw():
        state[0] = (state[0] + 0x6D2B79F5) & M32
        t = state[0]
        t = _imul(t ^ (t >> 15), t | 1)
        t ^= (t + _imul(t ^ (t >> 7), t | 61)) & M32
        return ((t ^ (t >> 14)) & M32) / 4294967296

    return draw


def derive_seed(seed, stream):
    z = (seed + _imul(stream + 1, 0x9E3779B9)) & M32
    z = _imul(z ^ (z >> 16), 0x85EBCA6B)
    z = _imul(z ^ (z >> 13), 0xC2B2AE35)
    return (z ^ (z >> 16)) & M32


def permutation(n, draw):
    order = list(range(n))
    for i in range(n - 1, 0, -1):
        j = math.floor(draw() * (i + 1))
        order[i], order[j] = order[j], order[i]
    return order


def js_round(x):
    """Math.round: halves go up."""
    return math.floor(x + 0.5)


def load_assets():
    manifest = json.loads((DATA / "manifest.json").read_text())
    data = (DATA / manifest["file"]).read_bytes()
    classes = manifest["classes"]
    sprites = [
        dict(cls=classes.index(s["class"]), w=s["width"], h=s["height"],
             rgba=data[s["offset"]: s["offset"] + s["width"] * s["height"] * 4])
        for s in manifest["sprites"]
    ]
    images = {b["name"]: b for b in manifest["backgroundImages"]}
    backgrounds = [
        dict(w=images[n]["width"], h=images[n]["height"],
             rgb=data[images[n]["offset"]: images[n]["offset"] + images[n]["width"] * images[n]["height"] * 3])
        for n in manifest["backgrounds"]
    ]
    usual = [manifest["backgrounds"].index(manifest["usualBackground"][c]) for c in classes]
    return dict(classes=classes, sprites=sprites, backgrounds=backgrounds, usual=usual)


def compose_scenes(assets, count, bias, seed, size=32):
    """uint8 images [count, size, size, 3] and labels, as composeScenes does."""
    n_classes = len(assets["classes"])
    n_bg = len(assets["backgrounds"])
    plan = []
    for c in range(n_classes):
        n = count // n_classes + (1 if c < count % n_classes else 0)
        on_usual = js_round(bias * n)
        for k in range(n):
            b = assets["usual"][c] if k < on_usual else (assets["usual"][c] + 1) % n_bg
            plan.append((c, b))
    order = permutation(count, seeded_random(derive_seed(seed, 0)))
    draw = seeded_random(derive_seed(seed, 1))
    images = bytearray(count * size * size * 3)
    labels = []
    for i in range(count):
        label, b = plan[order[i]]
        labels.append(label)
        base = i * size * size * 3
        bg = assets["backgrounds"][b]
        x0 = math.floor(draw() * (bg["w"] - size + 1))
        y0 = math.floor(draw() * (bg["h"] - size + 1))
        mirror = draw() < 0.5
        for y in range(size):
            for x in range(size):
                sx = x0 + (size - 1 - x if mirror else x)
                s = ((y0 + y) * bg["w"] + sx) * 3
                o = base + (y * size + x) * 3
                images[o: o + 3] = bg["rgb"][s: s + 3]
        sprites = [s for s in assets["sprites"] if s["cls"] == label]
        sprite = sprites[math.floor(draw() * len(sprites))]
        _paste(images, base, size, sprite, draw)
    x = torch.frombuffer(images, dtype=torch.uint8).view(count, size, size, 3)
    return x, torch.tensor(labels)


def _paste(out, base, size, sprite, draw):
    sw, sh, rgba = sprite["w"], sprite["h"], sprite["rgba"]
    long = js_round(size * (MIN_ANIMAL + (MAX_ANIMAL - MIN_ANIMAL) * draw()))
    scale = long / max(sw, sh)
    w = max(1, js_round(sw * scale))
    h = max(1, js_round(sh * scale))
    left = math.floor(draw() * (size - w + 1))
    top = math.floor(draw() * (size - h + 1))
    mirror = draw() < 0.5
    n = SUBSAMPLES * SUBSAMPLES
    for y in range(h):
        for x in range(w):
            r = g = b = a = 0.0
            for sy in range(SUBSAMPLES):
                v = min(sh - 1, math.floor(((y + (sy + 0.5) / SUBSAMPLES) * sh) / h))
                for sx in range(SUBSAMPLES):
                    u = min(sw - 1, math.floor(((x + (sx + 0.5) / SUBSAMPLES) * sw) / w))
                    if mirror:
                        u = sw - 1 - u
                    s = (v * sw + u) * 4
                    alpha = rgba[s + 3] / 255
                    r += rgba[s] * alpha
                    g += rgba[s + 1] * alpha
                    b += rgba[s + 2] * alpha
                    a += alpha
            if a == 0:
                continue
            coverage = a / n
            o = base + ((top + y) * size + left + x) * 3
            out[o] = js_round(r / n + out[o] * (1 - coverage))
            out[o + 1] = js_round(g / n + out[o + 1] * (1 - coverage))
            out[o + 2] = js_round(b / n + out[o + 2] * (1 - coverage))


def load_cows_and_camels(train, test, bias, seed, size=32):
    """(x_train, y_train), (x_usual, y_usual), (x_swapped, y_swapped): images [N, 3, size, size] in [0, 1]."""
    assets = load_assets()

    def tensors(count, b, s):
        x, y = compose_scenes(assets, count, b, s, size)
        return x.permute(0, 3, 1, 2).float() / 255, y

    return (tensors(train, bias, derive_seed(seed, 10)),
            tensors(test, 1.0, derive_seed(seed, 11)),
            tensors(test, 0.0, derive_seed(seed, 11)))
