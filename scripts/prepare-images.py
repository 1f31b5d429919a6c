#!/usr/bin/env python3
"""Prepare the photos the convolution chapter's kernel playground filters.

Reads chelsea.png (Chelsea the cat) and camera.png (the cameraman) from the
team's raw data folder, converts them to 8-bit grayscale (ITU-R 601 luma, as
PIL's convert('L') does), shrinks them so the long side is at most 256 px
(Lanczos; never enlarges), and writes compact PNGs plus LICENSE.md with their
CC0 credits into public/data/images/. The site reads only those files.

The output is deterministic: the same inputs give byte-identical files (PNG
written without metadata, at a fixed compression level). The script refuses to
write an image of 100 KB or more, the budget for one figure's download.

Usage (system Python with Pillow, e.g. Debian's python3-pil):

    /usr/bin/python3 scripts/prepare-images.py
    /usr/bin/python3 scripts/prepare-images.py --source ../shared/data/images --out public/data/images
"""

import argparse
import hashlib
import io
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
LONG_SIDE = 256
BUDGET_BYTES = 100_000

# name -> (what it shows, credit), from ../shared/data/SOURCES.md
# (licences as stated in scikit-image's skimage/data/_fetchers.py).
IMAGES = {
    'chelsea': ('Chelsea the cat', 'Stefan van der Walt'),
    'camera': ('a photographer with a camera (the "cameraman")', 'Lav Varshney'),
}

LICENSE = """# Images

Grayscale, downsized copies (long side at most {long_side} px) of two sample
photographs shipped with scikit-image (skimage/data), made by
`scripts/prepare-images.py`. Both are dedicated to the public domain under
CC0 1.0 (https://creativecommons.org/publicdomain/zero/1.0/).

| file | what | author | licence |
| --- | --- | --- | --- |
{rows}
"""


def prepare(source: Path) -> bytes:
    with Image.open(source) as image:
        gray = image.convert('L')
    scale = LONG_SIDE / max(gray.size)
    if scale < 1:
        size = (max(1, round(gray.width * scale)), max(1, round(gray.height * scale)))
        gray = gray.resize(size, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    # No pnginfo and a fixed level: nothing in the file depends on time or machine.
    gray.save(buffer, format='PNG', optimize=True, compress_level=9)
    return buffer.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--source', type=Path, default=ROOT.parent / 'shared' / 'data' / 'images')
    parser.add_argument('--out', type=Path, default=ROOT / 'public' / 'data' / 'images')
    args = parser.parse_args()

    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    for name, (what, author) in IMAGES.items():
        data = prepare(args.source / f'{name}.png')
        if len(data) >= BUDGET_BYTES:
            print(f'{name}.png would be {len(data):,} bytes, over the {BUDGET_BYTES:,}-byte budget', file=sys.stderr)
            return 1
        (args.out / f'{name}.png').write_bytes(data)
        with Image.open(io.BytesIO(data)) as check:
            width, height = check.size
        digest = hashlib.sha256(data).hexdigest()[:16]
        print(f'{name}.png  {width}x{height}  {len(data):,} bytes  sha256 {digest}…')
        rows.append(f'| {name}.png | {what}, {width}x{height} grayscale | {author} | CC0 1.0 |')
    (args.out / 'LICENSE.md').write_text(LICENSE.format(long_side=LONG_SIDE, rows='\n'.join(rows)), encoding='utf-8')
    return 0


if __name__ == '__main__':
    sys.exit(main())
