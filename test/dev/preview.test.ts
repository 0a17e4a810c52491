import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RUSSIAN_EDITION } from "../helpers/editions.js";
import { copyFixture, PROJECT_ROOT, scratch } from "../helpers/site.js";

/** Polls `check` until it returns a value or `seconds` pass. */
async function eventually<T>(check: () => Promise<T | undefined>, seconds = 30): Promise<T> {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error("gave up waiting");
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe("npm start: the local preview", () => {
  const work = scratch();
  const port = 18_000 + Math.floor(Math.random() * 2000);
  const base = `http://127.0.0.1:${port}`;
  let content: string;
  let child: ChildProcess;
  /** What the preview has printed on stderr so far: content problems and build failures. */
  let errors = "";
  const get = async (url: string) => {
    const response = await fetch(`${base}${url}`);
    return response.ok ? response.text() : undefined;
  };

  beforeAll(async () => {
    content = copyFixture("newsroom", work.dir);
    child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "scripts/start.ts",
        `--input=${content}`,
        `--output=${path.join(work.dir, "preview")}`,
        `--port=${port}`,
      ],
      {
        cwd: PROJECT_ROOT,
        // Passes of four pages, as a large site is built: the preview must still hold every page.
        env: { ...process.env, BROADSHEET_PASS_PAGES: "4" },
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    child.stderr?.on("data", (chunk: Buffer) => {
      errors += chunk.toString();
    });
    // The preview is served under the site's base path, like the real site.
    await eventually(() => get("/news/"), 60);
  });
  afterAll(async () => {
    // The preview stops on SIGTERM; its folder goes only once it has (a rebuild may still be writing).
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    }
    work.cleanup();
  });

  it("shows drafts and scheduled articles, clearly marked as not published", async () => {
    const draft = await eventually(() => get("/news/2026/11/secret-draft/"));
    expect(draft).toContain("Draft: not published. Readers cannot see this article.");
    expect(draft).toContain('<meta name="robots" content="noindex">');
    const scheduled = await eventually(() => get("/news/2099/01/future-story/"));
    expect(scheduled).toContain("Scheduled: not published yet.");
    const home = await eventually(() => get("/news/"));
    expect(home).toContain("Local preview: drafts and scheduled articles are shown and marked.");
  });

  it("builds the search index, drafts and scheduled articles included", async () => {
    // Split by month (one month per shard in tests): the draft is in November 2026, the scheduled article in January 2099; the live article has a shard of its own.
    const pages = async (shard: string) =>
      JSON.parse(await eventually(() => get(`/news/pagefind/${shard}/pagefind-entry.json`))).languages.en.page_count;
    expect((await pages("live")) + (await pages("2026-10")) + (await pages("2026-11")) + (await pages("2099-01"))).toBe(
      11,
    );
  });

  it("holds every page of a site built in several passes", async () => {
    for (const url of [
      "/news/2026/10/bond-sale/",
      "/news/2026/10/tie-alpha/",
      "/news/2026/11/late-edition/",
      "/news/category/city/",
      "/news/archive/",
      "/news/feed.xml",
    ]) {
      expect(await get(url), url).toBeDefined();
    }
  });

  it("keeps serving the last good preview while an edit breaks the content, and builds again once it is fixed", async () => {
    const file = path.join(content, "articles/2026/10/bond-sale.md");
    const good = readFileSync(file, "utf8");
    const before = await get("/news/2026/10/bond-sale/");
    const printed = errors.length;
    writeFileSync(file, good.replace(/^title: .*$/m, "title:"));
    // The preview saw the edit and refused to build it...
    await eventually(async () => (errors.slice(printed).includes("Fix the problems above") ? true : undefined));
    expect(errors.slice(printed)).toMatch(/bond-sale\.md:\d+ +title/);
    // ...and still serves the last good build.
    expect(await get("/news/2026/10/bond-sale/")).toBe(before);
    writeFileSync(file, good.replace(/^title: .*$/m, "title: Bond sale, corrected"));
    await eventually(async () =>
      (await get("/news/2026/10/bond-sale/"))?.includes("Bond sale, corrected") ? true : undefined,
    );
  });

  it("rebuilds when an article changes", async () => {
    const file = path.join(content, "articles/2026/10/city-budget.md");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace(
        "title: City budget passes second reading",
        "title: City budget passes third reading",
      ),
    );
    const page = await eventually(async () => {
      const html = await get("/news/2026/10/city-budget/");
      return html?.includes("City budget passes third reading") ? html : undefined;
    });
    expect(page).toContain("<h1");
  });

  it("shows every edition once the site has several", async () => {
    for (const [file, text] of Object.entries(RUSSIAN_EDITION)) {
      mkdirSync(path.dirname(path.join(content, file)), { recursive: true });
      writeFileSync(path.join(content, file), text);
    }
    const russian = await eventually(async () => {
      const html = await get("/news/ru/2026/10/zavod-otkrylsya/");
      return html?.includes("Прокатный завод открылся после ремонта") ? html : undefined;
    });
    expect(russian).toContain('<html lang="ru">');
    expect(await eventually(() => get("/news/ru/"))).toContain("Газета");
    expect(await eventually(() => get("/news/"))).toContain('hreflang="ru"');
  });
});
