import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { launchBrowser, skipBrowser } from "../helpers/browser.js";
import { type SpawnedCommentServer, spawnCommentServer } from "../helpers/comment-server.js";
import { type StaticServer, serveStatic } from "../helpers/serve.js";
import { build, copyFixture, scratch } from "../helpers/site.js";

const siteYaml = (url: string, endpoint?: string) =>
  [
    "title: Fixture Gazette",
    `url: ${url}`,
    "language: en",
    "timezone: America/Los_Angeles",
    "perPage: 3",
    ...(endpoint ? ["comments:", `  endpoint: ${endpoint}`] : []),
    "",
  ].join("\n");

describe.skipIf(skipBrowser)("leaving a comment in Chromium, with JavaScript off", () => {
  const work = scratch();
  const output = path.join(work.dir, "site");
  const queue = path.join(work.dir, "queue");
  let site: StaticServer;
  let comments: SpawnedCommentServer;
  let browser: Browser;
  let page: Page;
  let articleUrl: string;

  beforeAll(async () => {
    // The static server first, so the site's url can name its port; the comment server reads
    // that url to send readers back; the build then learns the comment server's port.
    site = await serveStatic(output, "/news/");
    const siteUrl = `${site.url}/news/`;
    const content = copyFixture("newsroom", work.dir, { "_data/site.yaml": siteYaml(siteUrl) });
    [comments, browser] = await Promise.all([
      spawnCommentServer([`--input=${content}`, `--queue=${queue}`, "--port=0"]),
      launchBrowser(),
    ]);
    writeFileSync(path.join(content, "_data/site.yaml"), siteYaml(siteUrl, `${comments.url}/comments`));
    const result = await build(content, output, ["--now=2026-11-26T12:00:00Z"]);
    expect(result.code, result.stderr).toBe(0);
    articleUrl = `${siteUrl}2026/10/plant-reopens/`;
    page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await comments?.stop("SIGKILL");
    await site?.close();
    work.cleanup();
  });

  it("hides the moderation notice on an ordinary visit", async () => {
    await page.goto(articleUrl);
    await expect(page.locator("#comment-pending").isVisible()).resolves.toBe(false);
    await expect(page.getByRole("heading", { name: "Leave a comment" }).isVisible()).resolves.toBe(true);
  });

  it("sends the form from the keyboard and returns to the article, showing that the comment awaits moderation", async () => {
    await page.goto(articleUrl);
    await page.getByLabel("Your name").focus();
    await page.keyboard.type("Keyboard Reader");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Typed without a mouse.\nSecond line, Ёлка.");
    // The honeypot is out of the tab order: the next stop is the button.
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe("Send comment");
    await Promise.all([page.waitForURL(/comment=pending/), page.keyboard.press("Enter")]);

    expect(page.url()).toBe(`${articleUrl}?comment=pending#comment-pending`);
    const notice = page.locator("#comment-pending");
    await expect(notice.isVisible()).resolves.toBe(true);
    await expect(notice.textContent()).resolves.toMatch(/Your comment awaits moderation/);
    await expect(
      page
        .getByRole("status")
        .filter({ hasText: /moderation/ })
        .textContent(),
    ).resolves.toMatch(/awaits moderation/);

    const files = readdirSync(queue).filter((name) => name.endsWith(".yaml"));
    expect(files).toHaveLength(1);
    expect(parse(readFileSync(path.join(queue, files[0]!), "utf8"))).toMatchObject({
      article: "plant-reopens",
      author: "Keyboard Reader",
      body: "Typed without a mouse.\nSecond line, Ёлка.",
    });
  });
});
