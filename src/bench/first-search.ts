/**
 * What a reader downloads for a first search, measured in Chromium: open the search page with
 * `?q=`, wait for results, and add up the bytes the server sent; plus how long after the page
 * became interactive the results appeared. The times are the median of several first visits
 * (each with an empty browser cache), as one visit on a shared machine varies by a third.
 */
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "./chromium.js";

/** One first visit. */
interface Visit {
  /** Bytes transferred (response bodies as sent) for the search page and the search itself. */
  bytes: number;
  /** Bytes of the search index alone (pagefind/ files). */
  indexBytes: number;
  requests: number;
  /** Milliseconds from DOMContentLoaded to the first result on screen. */
  resultsAfterInteractiveMs: number;
  /** Milliseconds from the last search-index file arriving (before the first result) to the first result on screen. */
  resultsAfterIndexMs: number;
  results: number;
}

export interface FirstSearch extends Visit {
  /** Times are medians of this many visits. */
  visits: number;
  /** Fastest and slowest visit. */
  resultsAfterInteractiveRange: [number, number];
  resultsAfterIndexRange: [number, number];
}

export async function measureFirstSearch(
  searchUrl: string,
  visits = 5,
  executablePath = "/usr/bin/chromium",
): Promise<FirstSearch> {
  const browser = await launchChromium(executablePath);
  try {
    // The same search once before, in a context of its own, so the server has compressed the files as a
    // CDN edge has for every reader but the very first.
    const warmUp = await browser.newContext({ serviceWorkers: "block" });
    const warmPage = await warmUp.newPage();
    await openResults(warmPage, searchUrl);
    await warmPage.waitForLoadState("networkidle");
    await warmUp.close();
    const measured: Visit[] = [];
    for (let visit = 0; visit < visits; visit++) measured.push(await firstVisit(browser, searchUrl));
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const range = (values: number[]): [number, number] => [Math.min(...values), Math.max(...values)];
    const afterInteractive = measured.map((visit) => visit.resultsAfterInteractiveMs);
    const afterIndex = measured.map((visit) => visit.resultsAfterIndexMs);
    return {
      ...measured[0]!,
      visits,
      resultsAfterInteractiveMs: median([...afterInteractive]),
      resultsAfterIndexMs: median([...afterIndex]),
      resultsAfterInteractiveRange: range(afterInteractive),
      resultsAfterIndexRange: range(afterIndex),
    };
  } finally {
    await browser.close();
  }
}

/** A first visit: an empty browser cache, no service worker installed yet, none may answer for the network. */
async function firstVisit(browser: Browser, searchUrl: string): Promise<Visit> {
  const context = await browser.newContext({ serviceWorkers: "block" });
  try {
    const page = await context.newPage();
    let bytes = 0;
    let indexBytes = 0;
    let requests = 0;
    /** When each search-index file (not an excerpt's fragment) arrived, in ms since the epoch; Pagefind's worker fetches them, so the page's own resource timings do not list them. */
    const indexArrivals: number[] = [];
    // Bytes as transferred: compressed where the server compresses, as a CDN does.
    page.on("requestfinished", async (request) => {
      const timing = request.timing();
      if (request.url().includes("/pagefind/") && !request.url().includes("/fragment/"))
        indexArrivals.push(timing.startTime + timing.responseEnd);
      const sizes = await request.sizes().catch(() => ({ responseBodySize: 0, responseHeadersSize: 0 }));
      // Chromium reports no body size for a worker's script; its Content-Length is what was sent.
      const size = sizes.responseBodySize || Number((await request.response())?.headers()["content-length"] ?? 0);
      requests++;
      bytes += size;
      if (request.url().includes("/pagefind/")) indexBytes += size;
    });
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (document.querySelector("#search-results li")) {
          (window as unknown as { firstResultAt: number }).firstResultAt = performance.now();
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await openResults(page, searchUrl);
    const [interactiveAt, shownAt] = await page.evaluate(() => {
      const navigation = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
      const shown = (window as unknown as { firstResultAt: number }).firstResultAt;
      return [performance.timeOrigin + navigation.domContentLoadedEventEnd, performance.timeOrigin + shown];
    });
    const resultsAfterInteractiveMs = shownAt - interactiveAt;
    // The index files for the results arrive before the first result is drawn (their excerpts' fragments after).
    const resultsAfterIndexMs = shownAt - Math.max(...indexArrivals.filter((arrival) => arrival <= shownAt));
    const results = await page.locator("#search-results li").count();
    await page.waitForLoadState("networkidle");
    return { bytes, indexBytes, requests, resultsAfterInteractiveMs, resultsAfterIndexMs, results };
  } finally {
    await context.close();
  }
}

/** Opens the search page and waits for its first result. */
async function openResults(page: Page, searchUrl: string): Promise<void> {
  await page.goto(searchUrl);
  await page.locator("#search-results li").first().waitFor({ timeout: 30_000 });
}
