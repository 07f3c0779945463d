import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startTestApi, type TestApi } from '../support/test-api.js';

/** Debian's chromium (`apt-get install chromium`); `.ci/run` installs it, so CI never skips a browser test. */
const CHROMIUM = '/usr/bin/chromium';

export const chromiumAvailable = existsSync(CHROMIUM);
if (!chromiumAvailable && process.env.CI !== undefined) {
  throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
}

/**
 * Every response the browser receives from the API is checked against the served OpenAPI document,
 * as `TestApi.call` checks its own; the mismatches fail the test after it ran.
 */
function checkResponsesOf(context: BrowserContext, api: TestApi, checks: Promise<string | undefined>[]) {
  context.on('response', (response) => {
    const url = new URL(response.url());
    if (!response.url().startsWith(api.stack.apiUrl)) return;
    const method = response.request().method();
    checks.push(
      (async () => {
        // A download's body is not kept by the browser; its status and media type are still checked.
        const text = await response.text().catch(() => undefined);
        // A response that arrives as the test closes its context can no longer give its extra headers:
        // the ones the browser already holds are checked then (an unhandled rejection failed a whole run).
        const headers = new Headers(await response.allHeaders().catch(() => response.headers()));
        return api.contract.check({
          method,
          path: url.pathname,
          status: response.status(),
          headers,
          text: text ?? '',
        });
      })(),
    );
  });
}

/** The local stack and a headless chromium for one test file, both stopped after it. */
export function withBrowserAndApi(): { api: () => TestApi; browser: () => Browser } {
  let api: TestApi | undefined;
  let browser: Browser | undefined;
  const checks: Promise<string | undefined>[] = [];
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
    const started = browser;
    const newContext = started.newContext.bind(started);
    started.newContext = async (options) => {
      const context = await newContext(options);
      checkResponsesOf(context, api as TestApi, checks);
      return context;
    };
  });
  afterEach(async () => {
    const problems = (await Promise.all(checks.splice(0))).filter((problem) => problem !== undefined);
    expect(problems).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });
  return { api: () => api as TestApi, browser: () => browser as Browser };
}
