import { existsSync } from 'node:fs';

/** Debian's chromium (`apt-get install chromium`); `.ci/run` installs it, so CI never skips a browser test. */
export const CHROMIUM = '/usr/bin/chromium';

if (!existsSync(CHROMIUM) && process.env.CI !== undefined) {
  throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
}

export const BROWSER_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
