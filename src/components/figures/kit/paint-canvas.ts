// The one canvas-painting Svelte action of the figures: `use:paintCanvas={image}`
// puts RGBA bytes (from colors.ts) on a canvas and repaints when they change.
// The action owns the canvas size: a width attribute set after drawing would
// clear the bitmap, so a figure's canvas carries no width or height of its own.

/** Pixels ready for a canvas: width × height × 4 bytes, row by row. */
export interface CanvasImage {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8ClampedArray<ArrayBuffer>;
}

export function paintCanvas(canvas: HTMLCanvasElement, image: CanvasImage) {
  const draw = ({ width, height, rgba }: CanvasImage) => {
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
    if (width > 0 && height > 0) canvas.getContext('2d')?.putImageData(new ImageData(rgba, width, height), 0, 0);
  };
  draw(image);
  return { update: draw };
}
