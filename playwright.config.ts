import { defineConfig } from '@playwright/test';

// Chromium comes from the system (Playwright cannot download browsers here);
// scripts/test.mjs finds it and passes CHROMIUM_PATH.
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const quiet = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];
export const ROOT_URL = 'http://127.0.0.1:4321/';
export const SUBPATH_URL = 'http://127.0.0.1:4322/course/';

export default defineConfig({
  testDir: 'tests/e2e',
  // One browser at a time: WebGPU runs on SwiftShader on two cores.
  workers: 1,
  fullyParallel: false,
  timeout: 180_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: { trace: 'off', screenshot: 'only-on-failure' },
  webServer: [
    {
      command: 'node scripts/serve-static.mjs --dir dist --base / --port 4321',
      url: ROOT_URL,
      reuseExistingServer: false,
    },
    {
      command: 'node scripts/serve-static.mjs --dir dist-subpath --base /course/ --port 4322',
      url: SUBPATH_URL,
      reuseExistingServer: false,
    },
  ],
  projects: [
    {
      name: 'webgpu',
      testIgnore: /no-webgpu|subpath/,
      use: {
        baseURL: ROOT_URL,
        launchOptions: { executablePath, args: [...quiet, '--enable-unsafe-webgpu'] },
      },
    },
    {
      name: 'no-webgpu',
      testMatch: /no-webgpu\.spec\.ts/,
      use: { baseURL: ROOT_URL, launchOptions: { executablePath, args: quiet } },
    },
    {
      name: 'subpath',
      testMatch: /subpath\.spec\.ts/,
      use: {
        baseURL: SUBPATH_URL,
        launchOptions: { executablePath, args: [...quiet, '--enable-unsafe-webgpu'] },
      },
    },
  ],
});
