import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
describe('tfjs in node', () => {
  it('adds on cpu', async () => {
    await tf.setBackend('cpu');
    expect(Array.from(await tf.add([1, 2], [3, 4]).data())).toEqual([4, 6]);
  });
});
