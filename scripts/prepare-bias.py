#!/usr/bin/env python3
"""Prepare the "cow on grass" chapter's images into public/data/bias/.

Reads animal cut-outs and two landscape backgrounds from the team's raw data
folder (../shared/data/bias, see SOURCES.md there) and a few real photographs
(../shared/data/photos), and writes what the browser needs:

- assets.u8: raw bytes, no header: each cut-out as RGBA (long side at most
  SPRITE_SIDE px), then each background as RGB (shrunk by BACKGROUND_SHRINK).
  The engine composites its seeded scenes from these bytes in plain
  TypeScript, identically in a worker, on the page and in Node.
- manifest.json: where each image sits in assets.u8 (offset, width, height),
  its class, the SHA-256 of the file, and the credits of everything shipped.
- photos/<name>.webp: real photographs, long side at most PHOTO_SIDE px.
- LICENSE.md: authors and licences (GPL-2 for the cut-outs and backgrounds,
  public domain / CC0 for the photographs).

The output is deterministic (same inputs, same bytes). The script refuses to
write more than BUDGET_BYTES in all.

Usage (system Python with Pillow, e.g. Debian's python3-pil):

    /usr/bin/python3 scripts/prepare-bias.py
    /usr/bin/python3 scripts/prepare-bias.py --source /work/shared/data --out public/data/bias
"""

import argparse
import hashlib
import io
import json
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
SPRITE_SIDE = 40
BACKGROUND_SHRINK = 8
PHOTO_SIDE = 320
PHOTO_QUALITY = 70
BUDGET_BYTES = 1_000_000

TUXPAINT = 'Tux Paint stamps (Debian package tuxpaint-stamps-default), Bill Kendrick and contributors'
GPL2 = 'GPL-2.0'

# name -> class; cut-outs from Tux Paint's stamps/animals/mammals.
SPRITES = {
    'cow': 'cow',
    'cow_white': 'cow',
    'bull': 'cow',
    'zebu': 'cow',
    'camel': 'camel',
    'dromedary': 'camel',
}

# background -> (source file, crop box in the source as fractions (left, top, right, bottom), credit, licence).
# Dune's upper part is sky and sea: only its golden dune grass is kept.
BACKGROUNDS = {
    'grass': (
        'GreenMeadow.jpg',
        (0.0, 0.0, 1.0, 1.0),
        'GreenMeadow (MATE backgrounds, Debian package mate-backgrounds): 2005 Timothy Schellhase, 2008 Lapo Calamandrei',
        'GPL-2.0-or-later',
    ),
    'dune': (
        'Dune.jpg',
        (0.0, 0.45, 1.0, 1.0),
        'Dune (MATE backgrounds, Debian package mate-backgrounds): 2007 Marco Cogoni, 2008 Hylke Bons',
        'GPL-2.0-or-later',
    ),
}

# photo -> (what it shows, author, licence), from SOURCES.md (GCompris' explore-animals
# activities, Debian package gcompris-qt-data; Wikimedia Commons photos).
PHOTOS = {
    'cow': ('a cow on pasture', 'Dohduhdah', 'public domain'),
    'sheep': ('sheep on grass', 'Rob Mitchell', 'CC0-1.0'),
    'horse': ('horses on a meadow', 'Seth Zeigler', 'CC0-1.0'),
    'bison': ('bison on grass', 'Kurt Kaiser', 'CC0-1.0'),
    'polar_bear': ('a polar bear on snow', 'anonymous', 'public domain'),
    'giraffe': ('a giraffe', 'Mike and Lara Wolfe', 'CC0-1.0'),
}

LICENSE = """# Images of the chapter "When the network learns the background"

Made by `scripts/prepare-bias.py` from the team's raw data (see its
SOURCES.md). The cut-outs and backgrounds are shrunk and stored as raw bytes
in `assets.u8` (layout in `manifest.json`); the photographs are shrunk to a
long side of at most {photo_side} px and re-encoded as WebP.

## Cut-outs and backgrounds (GNU General Public License, version 2)

| image | what | author | licence |
| --- | --- | --- | --- |
{asset_rows}

The GPL-2 text: https://www.gnu.org/licenses/old-licenses/gpl-2.0.html. The
sources of these images are the Debian packages named above
(`apt-get source tuxpaint-stamps mate-backgrounds`); the changes made here are
shrinking, cropping and storing the pixels raw.

## Photographs (public domain or CC0 1.0)

From GCompris' "explore animals" activities (Debian package
`gcompris-qt-data`); each is a Wikimedia Commons photograph.

| file | what | author | licence |
| --- | --- | --- | --- |
{photo_rows}
"""


def shrink(image: Image.Image, side: int) -> Image.Image:
    scale = side / max(image.size)
    if scale >= 1:
        return image
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, Image.Resampling.LANCZOS)


def sprite_bytes(path: Path) -> Image.Image:
    with Image.open(path) as image:
        rgba = image.convert('RGBA')
    # Premultiplied while resampling, so transparent pixels' colour cannot bleed into the edge.
    box = rgba.getbbox()
    rgba = rgba.crop(box)
    small = shrink(rgba.convert('RGBa'), SPRITE_SIDE).convert('RGBA')
    return small


def background_image(path: Path, box: tuple[float, float, float, float]) -> Image.Image:
    with Image.open(path) as image:
        rgb = image.convert('RGB')
    w, h = rgb.size
    cropped = rgb.crop((round(box[0] * w), round(box[1] * h), round(box[2] * w), round(box[3] * h)))
    size = (round(cropped.width / BACKGROUND_SHRINK), round(cropped.height / BACKGROUND_SHRINK))
    return cropped.resize(size, Image.Resampling.LANCZOS)


def photo_bytes(path: Path) -> tuple[bytes, tuple[int, int]]:
    with Image.open(path) as image:
        small = shrink(image.convert('RGB'), PHOTO_SIDE)
    buffer = io.BytesIO()
    small.save(buffer, format='WEBP', quality=PHOTO_QUALITY, method=6)
    return buffer.getvalue(), small.size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--source', type=Path, default=ROOT.parent / 'shared' / 'data')
    parser.add_argument('--out', type=Path, default=ROOT / 'public' / 'data' / 'bias')
    args = parser.parse_args()
    source: Path = args.source
    if not (source / 'bias').is_dir():
        fallback = Path('/work/shared/data')
        if (fallback / 'bias').is_dir():
            source = fallback
        else:
            print(f'No bias/ folder under {source}; pass --source DIR (the folder with bias/ and photos/).', file=sys.stderr)
            return 1

    payload = bytearray()
    sprites = []
    for name, cls in SPRITES.items():
        image = sprite_bytes(source / 'bias' / 'cutouts' / f'{name}.png')
        sprites.append(
            {'name': name, 'class': cls, 'width': image.width, 'height': image.height, 'offset': len(payload)}
        )
        payload += image.tobytes()
    backgrounds = []
    for name, (file, box, _, _) in BACKGROUNDS.items():
        image = background_image(source / 'bias' / 'backgrounds' / file, box)
        backgrounds.append({'name': name, 'width': image.width, 'height': image.height, 'offset': len(payload)})
        payload += image.tobytes()

    photos = {}
    photo_meta = []
    for name, (what, author, licence) in PHOTOS.items():
        data, (w, h) = photo_bytes(source / 'photos' / f'{name}.webp')
        photos[f'photos/{name}.webp'] = data
        photo_meta.append(
            {'file': f'photos/{name}.webp', 'what': what, 'author': author, 'licence': licence, 'width': w, 'height': h}
        )

    credits = [
        {'image': f'{s["name"]} cut-out', 'author': TUXPAINT, 'licence': GPL2} for s in sprites
    ] + [{'image': f'{name} background', 'author': credit, 'licence': licence} for name, (_, _, credit, licence) in BACKGROUNDS.items()]
    manifest = {
        'file': 'assets.u8',
        'bytes': len(payload),
        'sha256': hashlib.sha256(payload).hexdigest(),
        'classes': ['cow', 'camel'],
        'backgrounds': ['grass', 'dune'],
        'usualBackground': {'cow': 'grass', 'camel': 'dune'},
        'sprites': sprites,
        'backgroundImages': backgrounds,
        'photos': photo_meta,
        'credits': credits,
    }
    asset_rows = '\n'.join(
        [f'| {s["name"]} | {s["class"]} cut-out, {s["width"]}x{s["height"]} RGBA | {TUXPAINT} | {GPL2} |' for s in sprites]
        + [
            f'| {b["name"]} | background, {b["width"]}x{b["height"]} RGB | {BACKGROUNDS[b["name"]][2]} | {BACKGROUNDS[b["name"]][3]} |'
            for b in backgrounds
        ]
    )
    photo_rows = '\n'.join(
        f'| {p["file"]} | {p["what"]}, {p["width"]}x{p["height"]} | {p["author"]} | {p["licence"]} |' for p in photo_meta
    )
    files = {
        'assets.u8': bytes(payload),
        'manifest.json': (json.dumps(manifest, indent=2) + '\n').encode(),
        'LICENSE.md': LICENSE.format(photo_side=PHOTO_SIDE, asset_rows=asset_rows, photo_rows=photo_rows).encode(),
        **photos,
    }
    total = sum(len(b) for b in files.values())
    if total > BUDGET_BYTES:
        print(f'{total} bytes is over the budget of {BUDGET_BYTES}; shrink the images.', file=sys.stderr)
        return 1
    out: Path = args.out
    (out / 'photos').mkdir(parents=True, exist_ok=True)
    for rel, data in files.items():
        (out / rel).write_bytes(data)
        print(f'{rel}: {len(data)} bytes')
    print(f'total: {total} bytes')
    return 0


if __name__ == '__main__':
    sys.exit(main())
