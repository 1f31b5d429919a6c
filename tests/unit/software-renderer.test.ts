import { describe, expect, it } from 'vitest';
import { softwareWebglReason, softwareWebgpuReason } from '../../src/engine/tf/software-renderer.ts';

describe('softwareWebgpuReason', () => {
  it("names Chromium's SwiftShader adapter", () => {
    const reason = softwareWebgpuReason({ vendor: 'google', architecture: 'swiftshader', device: '', description: '' });
    expect(reason).toMatch(/SwiftShader, a software renderer/);
    expect(reason).toContain('?backend=webgpu');
  });

  it('reads a description too (lavapipe, llvmpipe)', () => {
    expect(softwareWebgpuReason({ vendor: 'mesa', description: 'llvmpipe (LLVM 15.0.7, 256 bits)' })).toMatch(/llvmpipe/);
    expect(softwareWebgpuReason({ description: 'Lavapipe' })).toMatch(/lavapipe/);
  });

  it('takes isFallbackAdapter from the adapter or from its info', () => {
    expect(softwareWebgpuReason({ vendor: 'intel' }, true)).toMatch(/fallback/);
    expect(softwareWebgpuReason({ vendor: 'intel', isFallbackAdapter: true })).toMatch(/fallback/);
  });

  it('passes hardware adapters and blank info', () => {
    expect(softwareWebgpuReason({ vendor: 'nvidia', architecture: 'ampere', description: 'NVIDIA GeForce RTX 3060' })).toBeNull();
    expect(softwareWebgpuReason({ vendor: 'apple', architecture: 'metal-3' })).toBeNull();
    expect(softwareWebgpuReason({}, false)).toBeNull();
  });
});

describe('softwareWebglReason', () => {
  it.each([
    ['ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)', 'SwiftShader'],
    ['Google SwiftShader', 'SwiftShader'],
    ['llvmpipe (LLVM 15.0.7, 256 bits)', 'llvmpipe'],
    ['ANGLE (Mesa, llvmpipe (LLVM 12.0.0, 256 bits), OpenGL 4.5)', 'llvmpipe'],
    ['softpipe', 'softpipe'],
    ['ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0, D3D11)', 'Microsoft Basic Render Driver'],
    ['Apple Software Renderer', 'a software renderer'],
  ])('names %s as %s', (renderer, name) => {
    const reason = softwareWebglReason(renderer);
    expect(reason).toContain(`its renderer is ${name}`);
    expect(reason).toContain('?backend=webgl');
  });

  it.each([
    'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)',
    'ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)',
    'Apple GPU',
    'WebKit WebGL',
    '',
  ])('passes %s', (renderer) => {
    expect(softwareWebglReason(renderer)).toBeNull();
  });

  it('passes a missing renderer string', () => {
    expect(softwareWebglReason(null)).toBeNull();
    expect(softwareWebglReason(undefined)).toBeNull();
  });
});
