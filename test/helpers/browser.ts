/**
 * Debian's Chromium through playwright-core. Without Chromium the browser tests skip with a
 * message, except under CI=true, where a missing browser is a failure.
 */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);

if (!hasChromium) {
  const message = `Chromium not found at ${CHROMIUM}: browser tests ${process.env.CI === "true" ? "cannot run" : "are skipped"} (apt-get install -y chromium).`;
  if (process.env.CI === "true") throw new Error(message);
  console.warn(message);
}

/** Whether browser tests should be defined as skipped (only outside CI, and only without Chromium). */
export const skipBrowser = !hasChromium;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
}
