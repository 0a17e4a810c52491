import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { servedInBrowser, skipBrowser } from "../helpers/browser.js";
import { copyFixture, runScript, scratch } from "../helpers/site.js";

/** Filler that mentions nothing searched for here: a long body weighs each of its words less. */
const FILLER = Array.from(
  { length: 40 },
  (_, i) => `Line ${i + 1} of the report covers orders, shifts, suppliers and the quarterly accounts.`,
).join(" ");

const article = (title: string, date: string, body: string) => `---
title: ${title}
date: ${date}
category: industry
author: ivan-petrov
---
${body}
`;

/**
 * One article has the searched word in its title (and its body never says it, or says it once in
 * a long body); three newer ones say it once in a short body.
 */
const RANKING_ARTICLES: Record<string, string> = {
  "articles/2026/09/flywheel-maker.md": article("Flywheel maker doubles output", "2026-09-02T10:00", FILLER),
  "articles/2026/09/gearbox-plant.md": article(
    "Gearbox plant hires a night shift",
    "2026-09-03T10:00",
    `${FILLER} The new gearbox line starts in spring.`,
  ),
  ...Object.fromEntries(
    ["alpha", "beta", "gamma"].map((name, i) => [
      `articles/2026/10/mention-${name}.md`,
      article(
        `Supplier note ${name}`,
        `2026-10-1${i}T10:00`,
        `A supplier of the flywheel and gearbox makers moved to a larger warehouse.`,
      ),
    ]),
  ),
};

describe.skipIf(skipBrowser)("search ranking in Chromium", () => {
  const work = scratch();
  const output = path.join(work.dir, "site");
  beforeAll(async () => {
    const content = copyFixture("newsroom", work.dir, RANKING_ARTICLES);
    const built = await runScript("build.ts", [
      `--input=${content}`,
      `--output=${output}`,
      "--now=2026-11-26T12:00:00Z",
    ]);
    if (built.code !== 0) throw new Error(built.stderr);
  });
  afterAll(() => work.cleanup());
  const site = servedInBrowser(output, "/news/");

  const titlesFor = async (query: string) => {
    const page = await site.browser.newPage();
    await page.goto(`${site.server.url}/news/search/?q=${query}`);
    await page.locator("#search-status").filter({ hasText: /match/ }).waitFor();
    const titles = await page.locator("#search-results li h2 a").allTextContents();
    await page.close();
    return titles;
  };

  it("ranks an article with the word in its title above those that mention it once, even when its body never does", async () => {
    const titles = await titlesFor("flywheel");
    expect(titles[0]).toBe("Flywheel maker doubles output");
    // The fixture shows three results a page: the rest are the articles that mention the word.
    expect(titles).toHaveLength(3);
    for (const title of titles.slice(1)) expect(title).toMatch(/^Supplier note (alpha|beta|gamma)$/);
  });

  it("ranks an article with the word in its title and once in a long body above short bodies that mention it once", async () => {
    const titles = await titlesFor("gearbox");
    expect(titles[0]).toBe("Gearbox plant hires a night shift");
    for (const title of titles.slice(1)) expect(title).toMatch(/^Supplier note (alpha|beta|gamma)$/);
  });
});
