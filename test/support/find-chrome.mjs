// Finds a Chromium to drive, with no manual step on a fresh machine:
// CHROME_PATH, then a system Chromium/Chrome, then the one shipped inside @sparticuz/chromium.
import { existsSync } from 'node:fs';

/** Flags every launch uses: without the networking ones Chromium hammers the closed network. */
export const CHROME_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const SYSTEM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/** @returns {Promise<{ executablePath: string, args: string[] }>} */
export async function findChrome() {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROME_PATH=${fromEnv} does not exist`);
    return { executablePath: fromEnv, args: CHROME_FLAGS };
  }
  const system = SYSTEM_PATHS.find((p) => existsSync(p));
  if (system) return { executablePath: system, args: CHROME_FLAGS };
  try {
    const { default: chromium } = await import('@sparticuz/chromium');
    const executablePath = await chromium.executablePath();
    // Its --single-process (made for AWS Lambda) puts every context in one process: one crash closes them all.
    const args = [
      ...new Set([
        ...chromium.args.filter((a) => !a.startsWith('--headless') && a !== '--single-process'),
        ...CHROME_FLAGS,
      ]),
    ];
    return { executablePath, args };
  } catch (error) {
    throw new Error(
      'No Chromium found. Set CHROME_PATH, install one (apt-get install -y chromium), ' +
        `or keep the @sparticuz/chromium devDependency installed. (${error})`,
      { cause: error },
    );
  }
}
