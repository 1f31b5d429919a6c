// Recognises GPUs that are really the CPU: browsers offer WebGPU and WebGL on
// software renderers (SwiftShader, llvmpipe, a "fallback" adapter) where no GPU
// works, and those train far slower than the WASM backend on the same CPU
// (measured here: SimpleCNN at 2.3 images/s on WebGPU-SwiftShader, 4.5 on
// WebGL-SwiftShader, 154 on WASM). Pure functions so they are tested alone.

/** Names that only software rasterisers report, matched case-insensitively. */
const SOFTWARE_NAMES: readonly [RegExp, string][] = [
  [/swiftshader/i, 'SwiftShader'],
  [/llvmpipe/i, 'llvmpipe'],
  [/softpipe/i, 'softpipe'],
  [/lavapipe/i, 'lavapipe'],
  [/microsoft basic render/i, 'Microsoft Basic Render Driver'],
  [/\bsoftware\b/i, 'a software renderer'],
];

function softwareName(text: string): string | null {
  for (const [pattern, name] of SOFTWARE_NAMES) if (pattern.test(text)) return name;
  return null;
}

function slower(what: string, backend: 'webgpu' | 'webgl'): string {
  return `${what}, slower than WebAssembly on this CPU (?backend=${backend} uses it anyway)`;
}

/** The fields of GPUAdapterInfo this check reads (all optional: browsers may blank them). */
export interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

/**
 * Why a WebGPU adapter is a software one, or null for a hardware adapter.
 * `isFallbackAdapter` is on the adapter in older Chromium and on its info in newer.
 */
export function softwareWebgpuReason(info: AdapterInfoLike, isFallbackAdapter = false): string | null {
  const fields = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ');
  const name = softwareName(fields);
  if (name) return slower(`its adapter is ${name}, a software renderer`, 'webgpu');
  if (isFallbackAdapter || info.isFallbackAdapter === true) return slower('its adapter is a fallback (software) one', 'webgpu');
  return null;
}

/** Why a WebGL renderer string (WEBGL_debug_renderer_info, else RENDERER) is software, or null. */
export function softwareWebglReason(renderer: string | null | undefined): string | null {
  if (!renderer) return null;
  const name = softwareName(renderer);
  return name ? slower(`its renderer is ${name}, a software renderer`, 'webgl') : null;
}
