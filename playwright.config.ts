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
// PW_DIST and PW_PORT let a developer test a build of their own (e.g. `dist-mine`
// on port 4331) beside someone else's run; PW_ROOT_ONLY skips the sub-path server.
const rootDist = process.env.PW_DIST || 'dist';
const rootPort = Number(process.env.PW_PORT || 4321);
const rootOnly = process.env.PW_ROOT_ONLY === '1';
export const ROOT_URL = `http://127.0.0.1:${rootPort}/`;
// PW_SUBPATH_DIST and PW_SUBPATH_PORT do the same for the sub-path build.
const subpathDist = process.env.PW_SUBPATH_DIST || 'dist-subpath';
const subpathPort = Number(process.env.PW_SUBPATH_PORT || 4322);
export const SUBPATH_URL = `http://127.0.0.1:${subpathPort}/course/`;

export default defineConfig({
  testDir: 'tests/e2e',
  // One browser at a time: WebGPU runs on SwiftShader on two cores.
  workers: 1,
  fullyParallel: false,
  timeout: 180_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  // The service worker would download the whole site beside each test; offline*.spec.ts allow it.
  use: { trace: 'off', screenshot: 'only-on-failure', serviceWorkers: 'block' },
  webServer: [
    {
      command: `node scripts/serve-static.mjs --dir ${rootDist} --base / --port ${rootPort}`,
      url: ROOT_URL,
      reuseExistingServer: false,
    },
    ...(rootOnly
      ? []
      : [
          {
            command: `node scripts/serve-static.mjs --dir ${subpathDist} --base /course/ --port ${subpathPort}`,
            url: SUBPATH_URL,
            reuseExistingServer: false,
          },
        ]),
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
