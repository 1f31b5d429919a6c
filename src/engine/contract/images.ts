// Images as they cross the page/worker boundary and the data loader's boundary:
// plain bytes, no tensors, so both sides can use them without tfjs.

/** One image of a grid: RGBA pixels, row-major, `width * height * 4` bytes. */
export interface ImageTile {
  width: number;
  height: number;
  pixels: Uint8ClampedArray;
  label?: string;
}

/** Images and their labels as raw bytes; image `i` is bytes `[i*h*w, (i+1)*h*w)` of `images`. */
export interface LabelledImages {
  /** Grayscale pixels 0..255, `count * height * width` bytes, row-major. */
  images: Uint8Array;
  /** Class indices 0..9, one per image. */
  labels: Uint8Array;
  count: number;
  height: number;
  width: number;
  /** Bytes per pixel: 1 (grayscale, the default) or 3 (RGB, interleaved: image `i` is then `h*w*3` bytes). */
  channels?: number;
}
