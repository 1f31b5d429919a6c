// The browser half of "your own image": decode a file, blob or video frame with
// the page's own image decoder (nothing is uploaded), crop and scale it on a
// canvas, and hand the pixels to the pure conversion of image-convert.ts.
import type { ImageAnswer, ImageRequest, ImageTile } from '../../engine/contract';
import { centreCrop, checkImageFile, checkImageSize, convertPixels, resizeArea, type InvertChoice } from './image-convert';

/** A reader-facing problem: shown in the drop zone, which stays open for another try. */
export class ImageInputError extends Error {
  override name = 'ImageInputError';
}

/** The side of the colour preview shown beside what the model sees. */
const PREVIEW_PX = 112;

function canvas2d(width: number, height: number): CanvasRenderingContext2D {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new ImageInputError('This browser gave no 2D canvas to convert the image with.');
  return ctx;
}

type Drawable = ImageBitmap | HTMLVideoElement;

function convertDrawable(
  source: Drawable,
  sourceWidth: number,
  sourceHeight: number,
  request: ImageRequest,
  choice: InvertChoice,
  meta: { name: string; bytes: number; type: string },
): ImageAnswer {
  const crop = centreCrop(sourceWidth, sourceHeight, request.width, request.height);
  // The canvas scales the crop to a few times the target (fast, on the GPU);
  // area averaging in TypeScript takes it the rest of the way, exactly.
  const mid = Math.max(1, Math.min(8, Math.floor(crop.width / request.width)));
  const ctx = canvas2d(request.width * mid, request.height * mid);
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(source, crop.x, crop.y, crop.width, crop.height, 0, 0, request.width * mid, request.height * mid);
  const big = ctx.getImageData(0, 0, request.width * mid, request.height * mid).data;
  const small = resizeArea(big, request.width * mid, request.height * mid, request.width, request.height);
  const converted = convertPixels(small, request, choice);
  const previewHeight = Math.round((PREVIEW_PX * request.height) / request.width);
  const pctx = canvas2d(PREVIEW_PX, previewHeight);
  pctx.imageSmoothingQuality = 'high';
  pctx.drawImage(source, crop.x, crop.y, crop.width, crop.height, 0, 0, PREVIEW_PX, previewHeight);
  const preview: ImageTile = {
    width: PREVIEW_PX,
    height: previewHeight,
    pixels: pctx.getImageData(0, 0, PREVIEW_PX, previewHeight).data,
    label: 'your picture',
  };
  const cropped = crop.width !== sourceWidth || crop.height !== sourceHeight;
  return {
    kind: 'image',
    name: meta.name,
    width: request.width,
    height: request.height,
    channels: request.channels,
    pixels: converted.pixels,
    preview,
    source: { width: sourceWidth, height: sourceHeight, bytes: meta.bytes, type: meta.type },
    steps: [
      cropped
        ? `centre-cropped ${sourceWidth} × ${sourceHeight} to ${crop.width} × ${crop.height}`
        : `${sourceWidth} × ${sourceHeight}, no crop needed`,
      `scaled to ${request.width} × ${request.height} by averaging`,
      ...converted.steps,
    ],
  };
}

/** A file or pasted blob to the model's bytes, or an ImageInputError saying why not. */
export async function imageFromBlob(blob: Blob, name: string, request: ImageRequest, choice: InvertChoice): Promise<ImageAnswer> {
  const problem = checkImageFile({ name, size: blob.size, type: blob.type });
  if (problem) throw new ImageInputError(problem);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch {
    throw new ImageInputError(
      `${name} is not an image this browser can read${blob.type ? ` (type ${blob.type})` : ''}; choose a PNG, JPEG, WebP or GIF.`,
    );
  }
  try {
    const tooBig = checkImageSize(bitmap.width, bitmap.height, name);
    if (tooBig) throw new ImageInputError(tooBig);
    return convertDrawable(bitmap, bitmap.width, bitmap.height, request, choice, { name, bytes: blob.size, type: blob.type });
  } finally {
    bitmap.close();
  }
}

/** The current frame of a playing camera preview. */
export function imageFromVideo(video: HTMLVideoElement, request: ImageRequest, choice: InvertChoice): ImageAnswer {
  if (video.videoWidth < 1) throw new ImageInputError('The camera has not shown a picture yet; try again in a moment.');
  return convertDrawable(video, video.videoWidth, video.videoHeight, request, choice, {
    name: 'camera photo',
    bytes: 0,
    type: 'camera',
  });
}
