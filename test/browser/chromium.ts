import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startTestApi, type TestApi } from '../support/test-api.js';

/** Debian's chromium (`apt-get install chromium`); `.ci/run` installs it, so CI never skips a browser test. */
const CHROMIUM = '/usr/bin/chromium';

export const chromiumAvailable = existsSync(CHROMIUM);
if (!chromiumAvailable && process.env.CI !== undefined) {
  throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
}

/** The local stack and a headless chromium for one test file, both stopped after it. */
export function withBrowserAndApi(): { api: () => TestApi; browser: () => Browser } {
  let api: TestApi | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (!chromiumAvailable) return;
    api = await startTestApi();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });
  return { api: () => api as TestApi, browser: () => browser as Browser };
}
