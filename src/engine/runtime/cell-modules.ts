// The modules a cell may import, by the names it imports them with.
import * as tf from '@tensorflow/tfjs';
import * as cnnGuide from './cell-api.ts';
import type { CellModules } from './compile-cell.ts';

export const cellModules: CellModules = {
  '@tensorflow/tfjs': tf,
  'cnn-guide': cnnGuide,
};
