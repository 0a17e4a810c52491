/**
 * Debian's Chromium through playwright-core. Without Chromium the browser tests skip with a
 * message, except under CI=true, where a missing browser is a failure.
 */
import { existsSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchChromium } from "../../src/bench/chromium.js";
import { type HeaderRule, type StaticServer, serveStatic } from "./serve.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);

if (!hasChromium) {
  const message = `Chromium not found at ${CHROMIUM}: browser tests ${process.env.CI === "true" ? "cannot run" : "are skipped"} (apt-get install -y chromium).`;
  if (process.env.CI === "true") throw new Error(message);
  console.warn(message);
}

/** Whether browser tests should be defined as skipped (only outside CI, and only without Chromium). */
export const skipBrowser = !hasChromium;

export function launchBrowser(): Promise<Browser> {
  return launchChromium(CHROMIUM);
}

/**
 * Serves `output` under `base` (with the `_headers` rules `headers` returns, if any) and opens
 * Chromium for the tests of the enclosing `describe`, closing both after them. Call it after
 * the hook that builds the site: hooks run in the order they were registered.
 */
export function servedInBrowser(
  output: string,
  base: string,
  headers?: () => HeaderRule[],
): { server: StaticServer; browser: Browser } {
  const site = {} as { server: StaticServer; browser: Browser };
  beforeAll(async () => {
    site.server = await serveStatic(output, base, headers?.());
    site.browser = await launchBrowser();
  });
  afterAll(async () => {
    await site.browser?.close();
    await site.server?.close();
  });
  return site;
}

/**
 * Collects what goes wrong on `page` from now on: console errors, uncaught errors, and every
 * Content-Security-Policy violation (reported on the console by a script added to each document).
 */
export async function watchProblems(page: Page): Promise<string[]> {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) =>
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`),
    );
  });
  return problems;
}
