import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { launchBrowser, servedInBrowser, skipBrowser, watchProblems } from "../helpers/browser.js";
import { parseHeadersFile } from "../helpers/serve.js";
import { build, copyFixture, FIXTURES, PROJECT_ROOT, readPage, runScript, scratch, textOf } from "../helpers/site.js";

/** Front matter and body of a Markdown file. */
function readArticle(file: string): { data: Record<string, unknown>; body: string } {
  const [, front, body] = /^---\n([\s\S]*?)\n---\n?([\s\S]*)$/.exec(readFileSync(file, "utf8"))!;
  return { data: parse(front!) as Record<string, unknown>, body: body! };
}

describe.skipIf(skipBrowser)("the editor a production build publishes (editor.repo)", () => {
  const work = scratch();
  const output = path.join(work.dir, "site");
  beforeAll(async () => {
    const site = readFileSync(path.join(FIXTURES, "newsroom/_data/site.yaml"), "utf8");
    const withEditor = copyFixture("newsroom", work.dir, {
      "_data/site.yaml": `${site}editor:\n  repo: uralnews/site\n`,
    });
    const result = await build(withEditor, output, ["--now=2026-11-26T12:00:00Z"]);
    if (result.code !== 0) throw new Error(result.stderr);
  });
  afterAll(() => work.cleanup());
  const site = servedInBrowser(output, "/news/", () =>
    parseHeadersFile(readFileSync(path.join(output, "_headers"), "utf8")),
  );

  it("opens at /admin/ on GitHub's sign-in, under its own policy, without a violation", async () => {
    const page = await site.browser.newPage();
    const problems = await watchProblems(page);
    const response = await page.goto(`${site.server.url}/news/admin/`);
    // The editor's policy alone: the site's is detached there, not joined to it.
    const policy = response!.headers()["content-security-policy"]!;
    expect(policy).toContain("'unsafe-eval'");
    expect(policy.match(/default-src/g)).toHaveLength(1);
    await page.getByRole("button", { name: /login with github/i }).waitFor({ timeout: 20_000 });
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe.skipIf(skipBrowser)("npm run edit: writing in the browser on a copy of the sample content", () => {
  const work = scratch();
  const content = path.join(work.dir, "content");
  const port = 19_000 + Math.floor(Math.random() * 1000);
  const editorPort = port + 1000;
  const editor = `http://127.0.0.1:${editorPort}/admin/`;
  let child: ChildProcess;
  let browser: Browser;
  let log = "";

  beforeAll(async () => {
    cpSync(path.join(PROJECT_ROOT, "content"), content, { recursive: true });
    // Photos new to the site, as a writer uploads them.
    for (const [from, to] of [
      ["board-line.jpg", "new-line.jpg"],
      ["city-tram.jpg", "tram-depot.jpg"],
    ])
      cpSync(path.join(PROJECT_ROOT, "content/images", from!), path.join(work.dir, to!));
    child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "scripts/edit.ts",
        `--input=${content}`,
        `--output=${path.join(work.dir, "preview")}`,
        `--port=${port}`,
        `--editor-port=${editorPort}`,
      ],
      { cwd: PROJECT_ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    const ready = new Promise<void>((resolve, reject) => {
      const listen = (chunk: Buffer) => {
        log += chunk.toString();
        if (log.includes("Editor at")) resolve();
      };
      child.stdout!.on("data", listen);
      child.stderr!.on("data", listen);
      child.once("exit", () => reject(new Error(`npm run edit stopped:\n${log}`)));
    });
    await ready;
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    }
    work.cleanup();
  });

  /** Opens the editor at `route` (after `#/`), signed in to the local backend. */
  async function open(route: string): Promise<{ page: Page; problems: string[] }> {
    // A browser in another zone than the newsroom's (Asia/Yekaterinburg): dates are written as typed.
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, timezoneId: "Asia/Tokyo" });
    const problems = await watchProblems(page);
    await page.goto(`${editor}#/${route}`);
    await page.getByRole("button", { name: /log ?in/i }).click();
    await page.getByLabel("Title", { exact: true }).waitFor();
    return { page, problems };
  }

  async function choose(page: Page, label: string, text: string) {
    await page.getByLabel(label, { exact: true }).click();
    await page.keyboard.type(text);
    await page.keyboard.press("Enter");
  }

  async function publish(page: Page) {
    await page.getByRole("button", { name: "Publish" }).click();
    await page.getByText("Publish now").click();
  }

  const articlesOf = (month: string) =>
    existsSync(path.join(content, "articles", month)) ? readdirSync(path.join(content, "articles", month)) : [];

  /** An English article that no Russian one translates yet, as a translation's original. */
  function untranslated(): string {
    const files = readdirSync(path.join(content, "articles"), { recursive: true }) as string[];
    const articles = files.filter((file) => file.endsWith(".md")).map((file) => path.join(content, "articles", file));
    const translated = new Set(articles.map((file) => readArticle(file).data.translationOf).filter(Boolean));
    const original = articles.find((file) => {
      const { data } = readArticle(file);
      return !data.language && !data.translationOf && !data.draft && !translated.has(path.basename(file, ".md"));
    });
    return path.basename(original!, ".md");
  }

  it("creates an article with every field: the file passes npm run check and the next build shows it", async () => {
    const original = untranslated();
    const { page, problems } = await open("collections/articles/new");
    await page.getByLabel("Title", { exact: true }).fill("Завод запустил новую линию");
    await page.getByLabel("Date and time (Asia/Yekaterinburg)", { exact: true }).first().fill("2026-11-20T09:30");
    await choose(page, "Category", "Industry");
    await choose(page, "Authors", "Anna");
    await page.getByLabel("Tags (optional)").fill("steel, exports");
    await page.getByLabel("Description (optional)").fill("The plant's new line makes rails for the region.");
    await page.getByRole("button", { name: "Choose an image" }).click();
    await page.locator("input[type=file]").setInputFiles(path.join(work.dir, "new-line.jpg"));
    await page.getByRole("button", { name: "Choose selected" }).click();
    await page.getByLabel("Image description (alt text) (optional)").fill("Green machines on the new line");
    await page.getByLabel("Image caption (optional)").fill("The new line in the main shop");
    await page.getByLabel("Image credit (optional)").fill("Photo: Anna Kuznetsova");
    await page.getByRole("button", { name: "Add correction" }).click();
    await page.getByLabel("Date and time (Asia/Yekaterinburg)", { exact: true }).nth(1).fill("2026-11-21T10:00");
    await page.getByLabel("What was wrong and what is right").fill("An earlier version named the wrong shop.");
    await page.getByLabel("Live coverage (optional)").click();
    await page.getByLabel("Live coverage ended (Asia/Yekaterinburg) (optional)").fill("2026-11-20T18:00");
    await page.getByLabel("Updated in substance (Asia/Yekaterinburg) (optional)").fill("2026-11-22T08:00");
    await page.getByLabel("Old addresses (optional)").fill("/old/plant-line/");
    await choose(page, "Edition (language) (optional)", "ru");
    await page.getByLabel("Translation of (slug of the original) (optional)").fill(original);
    await page.getByLabel("Draft (optional)").click();
    // The text as Markdown (the editor's switch beside "Rich Text").
    await page
      .getByText("Rich Text", { exact: true })
      .locator("xpath=following-sibling::button[@role='switch']")
      .click();
    const body = page.locator("[data-slate-editor]");
    await body.click();
    await page.keyboard.type("Линия выпускает рельсы.\n\n![Рельсы на складе](images/freight-yard.jpg)\n");
    // The preview pane shows the entry in the article layout, with the site's stylesheet.
    const preview = page.frameLocator("iframe").first();
    await expect.poll(() => preview.locator("article.article h1").textContent()).toBe("Завод запустил новую линию");
    expect(await preview.locator("link[rel=stylesheet]").first().getAttribute("href")).toMatch(
      /assets\/style\.[0-9a-f]{10}\.css$/,
    );
    await publish(page);
    await page.getByText("Entry saved").first().waitFor();
    expect(problems).toEqual([]);
    await page.close();

    // The slug is the title transliterated, as npm run new makes it; the file is in the article's month.
    const file = path.join(content, "articles/2026/11/zavod-zapustil-novuyu-liniyu.md");
    const { data, body: text } = readArticle(file);
    expect(data).toEqual({
      title: "Завод запустил новую линию",
      date: "2026-11-20T09:30",
      category: "industry",
      author: ["anna-kuznetsova"],
      tags: ["steel", "exports"],
      description: "The plant's new line makes rails for the region.",
      image: "images/new-line.jpg",
      imageAlt: "Green machines on the new line",
      imageCaption: "The new line in the main shop",
      imageCredit: "Photo: Anna Kuznetsova",
      corrections: [{ date: "2026-11-21T10:00", text: "An earlier version named the wrong shop." }],
      live: true,
      liveEnd: "2026-11-20T18:00",
      updated: "2026-11-22T08:00",
      aliases: ["/old/plant-line/"],
      language: "ru",
      translationOf: original,
      slug: "zavod-zapustil-novuyu-liniyu",
      draft: false,
    });
    // An image in the text is written relative to the file, as the build resolves it.
    expect(text).toContain("![Рельсы на складе](../../../images/freight-yard.jpg)");

    const check = await runScript("check.ts", [`--input=${content}`]);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.stdout + check.stderr).not.toContain("zavod-zapustil-novuyu-liniyu");
    const output = path.join(work.dir, "built");
    const built = await build(content, output, ["--now=2026-12-06T12:00:00Z"]);
    expect(built.code, built.stderr).toBe(0);
    const article = readPage(output, "/ru/2026/11/zavod-zapustil-novuyu-liniyu/");
    expect(textOf(article.querySelector("h1"))).toBe("Завод запустил новую линию");
    expect(article.querySelector(".article__body img")?.getAttribute("alt")).toBe("Рельсы на складе");
  });

  it("changes an existing article's title and nothing else of it", async () => {
    const file = path.join(content, "articles/2026/03/cnc-retrofit-programme.md");
    const before = readArticle(file);
    const { page, problems } = await open("collections/articles/entries/2026/03/cnc-retrofit-programme");
    await expect.poll(() => page.getByLabel("Title", { exact: true }).inputValue()).toBe(before.data.title);
    await page.getByLabel("Title", { exact: true }).fill("Lathes from the 1980s get new CNC controls");
    await publish(page);
    await page.getByText("Entry saved").first().waitFor();
    expect(problems).toEqual([]);
    await page.close();
    const after = readArticle(file);
    expect(after.data).toEqual({ ...before.data, title: "Lathes from the 1980s get new CNC controls" });
    expect(after.body.trim()).toBe(before.body.trim());
  });

  it("refuses to save an image without alt text, and an address another article has", async () => {
    const months = articlesOf("2026/11");
    const { page } = await open("collections/articles/new");
    await page.getByLabel("Title", { exact: true }).fill("A plant without a description");
    await page.getByLabel("Date and time (Asia/Yekaterinburg)", { exact: true }).first().fill("2026-11-24T09:30");
    await choose(page, "Category", "Industry");
    await choose(page, "Authors", "Anna");
    await page.getByRole("button", { name: "Choose an image" }).click();
    await page.locator("input[type=file]").setInputFiles(path.join(work.dir, "tram-depot.jpg"));
    await page.getByRole("button", { name: "Choose selected" }).click();
    await page.locator("[data-slate-editor]").click();
    await page.keyboard.type("The depot has a new tram.");
    await publish(page);
    await page
      .getByText(/The lead image has no description/)
      .first()
      .waitFor();
    expect(articlesOf("2026/11")).toEqual(months);

    // With the image described, the title gives a slug that an article of March already has.
    await page.getByLabel("Image description (alt text) (optional)").fill("A tram at the depot");
    // Replaced as a writer does it: select all, type.
    await page.getByLabel("Title", { exact: true }).click();
    await page.keyboard.press("Control+A");
    await page.keyboard.type("CNC retrofit programme");
    await publish(page);
    await page
      .getByText(/already has the address “cnc-retrofit-programme”/)
      .first()
      .waitFor();
    expect(articlesOf("2026/11")).toEqual(months);
    await page.close();
  });

  it("adds an update to a live article, in a file of its own that check accepts", async () => {
    const folder = path.join(content, "live/iset-steel-section-mill-fire");
    const before = readdirSync(folder);
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, timezoneId: "Asia/Tokyo" });
    const problems = await watchProblems(page);
    await page.goto(`${editor}#/collections/live-iset-steel-section-mill-fire/new`);
    await page.getByRole("button", { name: /log ?in/i }).click();
    await page.getByLabel("Headline (optional)").fill("Firefighters leave the mill");
    await page.getByLabel("Date and time (Asia/Yekaterinburg)", { exact: true }).fill("2026-12-06T18:40");
    await choose(page, "Author (optional)", "Dmitry");
    await page.locator("[data-slate-editor]").click();
    await page.keyboard.type("The last crews left the section mill at dusk.");
    await publish(page);
    await page.getByText("Entry saved").first().waitFor();
    expect(problems).toEqual([]);
    await page.close();
    const added = readdirSync(folder).filter((name) => !before.includes(name));
    expect(added).toHaveLength(1);
    expect(readArticle(path.join(folder, added[0]!)).data).toEqual({
      date: "2026-12-06T18:40",
      title: "Firefighters leave the mill",
      author: "dmitry-orlov",
      draft: false,
    });
    const check = await runScript("check.ts", [`--input=${content}`]);
    expect(check.code, check.stdout + check.stderr).toBe(0);
  });
});
