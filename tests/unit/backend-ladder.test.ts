import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { chooseBackend, type Precheck } from '../../src/engine/tf/backend-ladder.ts';

// A precheck that finds a software renderer, as the WebGPU and WebGL ones do on SwiftShader.
const softwareCpu: Precheck = async ({ allowSoftware }) => (allowSoftware ? null : 'its renderer is SwiftShader');

describe('chooseBackend', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('passes a software renderer by and says why', async () => {
    await expect(chooseBackend(['cpu'], undefined, { cpu: softwareCpu })).rejects.toThrow(
      'No TensorFlow.js backend could start (cpu: its renderer is SwiftShader).',
    );
  });

  it('uses the software renderer when the reader named that backend', async () => {
    const report = await chooseBackend(['cpu'], undefined, { cpu: softwareCpu }, 'cpu');
    expect(report).toEqual({ name: 'cpu', fallbacks: [] });
  });

  it('only the named rung may be software', async () => {
    const report = await chooseBackend(['webgl', 'cpu'], undefined, { webgl: softwareCpu, cpu: async () => null }, 'cpu');
    expect(report).toEqual({ name: 'cpu', fallbacks: [{ name: 'webgl', reason: 'its renderer is SwiftShader' }] });
  });
});
