// Browser-only: decodes an image file and returns its luma as an [H, W] tensor
// in [0, 1], read back through a 2-D canvas. Figures that filter photos share it.

import type { Tensor } from '../../../engine/reference/tensor';
import { rgbaToGray } from './image-model';

export async function loadGrayImage(url: string): Promise<Tensor> {
  const img = new Image();
  img.src = url;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = img.naturalWidth;
  canvas.height = img.naturalHeight;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('this browser gave no 2-D canvas');
  ctx.drawImage(img, 0, 0);
  const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height);
  return rgbaToGray(data, width, height);
}
