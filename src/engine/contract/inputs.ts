// What a cell can ask the reader for while it runs (an image of their own, a
// model file) and what the page answers: plain bytes and text, no tensors, no
// File objects, so both sides can use them without tfjs or the DOM.

import type { ImageTile } from './images.ts';

/** Files larger than these are refused before they are decoded or read. */
export const INPUT_LIMITS = {
  /** An image file, in bytes (a phone photo is 2-10 MB). */
  imageBytes: 20 * 1024 * 1024,
  /** An image's decoded size, in pixels (width x height). */
  imagePixels: 40_000_000,
  /** A model file, in bytes. */
  modelBytes: 50 * 1024 * 1024,
} as const;

/** How the page should turn the reader's picture into what the model expects. */
export interface ImageRequest {
  kind: 'image';
  width: number;
  height: number;
  /** 1: grayscale; 3: RGB. */
  channels: 1 | 3;
  /**
   * 'dark' (Fashion-MNIST, MNIST): the object light on a black background, so
   * a picture with a light background is inverted by default; 'as-is': colours kept.
   */
  background: 'dark' | 'as-is';
  /** What the drop zone says, e.g. "A photo of a garment or a shoe". */
  prompt?: string;
}

export interface ModelRequest {
  kind: 'model';
  prompt?: string;
}

export type InputRequest = ImageRequest | ModelRequest;

/** The reader's image, converted on the page. */
export interface ImageAnswer {
  kind: 'image';
  /** The file's name ('pasted image', 'camera photo' when it had none). */
  name: string;
  width: number;
  height: number;
  channels: 1 | 3;
  /** `height * width * channels` bytes, row-major, channels last, 0..255. */
  pixels: Uint8Array;
  /** The crop the model sees, in colour and larger, to show beside it. */
  preview: ImageTile;
  /** The picture's own size before conversion. */
  source: { width: number; height: number; bytes: number; type: string };
  /** Each step of the conversion, in order, for the reader. */
  steps: string[];
}

/** A model file the reader picked, as text (the page does not parse it). */
export interface ModelAnswer {
  kind: 'model';
  name: string;
  bytes: number;
  text: string;
}

export type InputAnswer = ImageAnswer | ModelAnswer;
