import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { indexedPages } from "../helpers/pagefind.js";
import { headersFor, parseHeadersFile } from "../helpers/serve.js";
import { build, copyFixture, listFiles, scratch } from "../helpers/site.js";

const SITE_YAML = `title: Fixture Gazette
url: https://example.org/news/
language: en
timezone: America/Los_Angeles
perPage: 3
comments:
  endpoint: https://comments.example.org/comments
`;

const EDITOR = `editor:
  repo: uralnews/site
  branch: newsroom
  authUrl: https://auth.example.org/
`;

describe("the browser editor in a production build (editor.repo)", () => {
  const work = scratch();
  const output = path.join(work.dir, "site");
  let content: string;
  const read = (file: string) => readFileSync(path.join(output, file), "utf8");

  beforeAll(async () => {
    content = copyFixture("newsroom", work.dir, { "_data/site.yaml": SITE_YAML + EDITOR });
    // The site's repository: the editor's paths start from its root.
    execFileSync("git", ["init", "-q", work.dir]);
    const result = await build(content, output, ["--now=2026-11-26T12:00:00Z"]);
    if (result.code !== 0) throw new Error(result.stderr);
  });
  afterAll(() => work.cleanup());

  it("publishes the editor at admin/, Decap served from the site's own files", () => {
    const page = read("admin/index.html");
    expect(page).toContain('<meta name="robots" content="noindex, nofollow">');
    const scripts = [...page.matchAll(/<script src="([^"]+)"/g)].map((match) => match[1]);
    expect(scripts[0]).toBe("decap-cms.js");
    expect(scripts[1]).toMatch(/^broadsheet-editor\.[0-9a-f]{10}\.js$/);
    for (const script of scripts) expect(existsSync(path.join(output, "admin", script!))).toBe(true);
    expect(page).not.toMatch(/https?:\/\//);
    // The chunks the bundle loads are there too.
    expect(
      readdirSync(path.join(output, "admin")).filter((name) => name.endsWith(".decap-cms.js")).length,
    ).toBeGreaterThan(10);
  });

  it("is configured for the site's repository, its branch and its sign-in service, paths from the repository's root", () => {
    const config = parse(read("admin/config.yml"));
    expect(config.backend).toEqual({
      name: "github",
      repo: "uralnews/site",
      branch: "newsroom",
      base_url: "https://auth.example.org",
      auth_endpoint: "auth",
    });
    expect(config.publish_mode).toBe("editorial_workflow");
    const articles = config.collections.find((c: { name: string }) => c.name === "articles");
    expect(articles.folder).toBe("content/articles");
    // The live article has a collection for its updates.
    expect(config.collections.map((c: { name: string }) => c.name)).toContain("live-smelter-strike");
    // The duplicate-slug check knows every published article.
    expect(JSON.parse(read("admin/slugs.json"))["plant-reopens"]).toMatch(/^articles\/.*plant-reopens\.md$/);
  });

  it("gives admin/ its own policy and keeps the site's everywhere else", () => {
    const rules = parseHeadersFile(read("_headers"));
    const admin = headersFor(rules, "/news/admin/");
    expect(admin["Content-Security-Policy"]).toContain("'unsafe-eval'");
    expect(admin["Content-Security-Policy"]).not.toContain(", ");
    const article = headersFor(rules, "/news/2026/10/plant-reopens/");
    expect(article["Content-Security-Policy"]).not.toContain("'unsafe-eval'");
    expect(article["Content-Security-Policy"]).toContain("style-src 'self';");
    expect(read("_headers")).toMatch(/\/news\/admin\/\*\n {2}! Content-Security-Policy\n {2}Content-Security-Policy: /);
  });

  it("keeps admin/ out of robots, the sitemap, the feeds and the search index", () => {
    expect(read("robots.txt")).toContain("Disallow: /news/admin/");
    for (const file of listFiles(output).filter((name) => /\.(xml|json)$/.test(name) && !name.startsWith("admin/")))
      expect(read(file), file).not.toContain("/admin/");
    const shards = readdirSync(path.join(output, "pagefind")).filter((name) =>
      existsSync(path.join(output, "pagefind", name, "fragment")),
    );
    const urls = shards.flatMap((shard) => indexedPages(path.join(output, "pagefind", shard)).map((page) => page.url));
    expect(urls).toContain("/2026/10/plant-reopens/");
    expect(urls.filter((url) => url.includes("/admin/"))).toEqual([]);
  });

  it("is gone after a build in place without editor.repo", async () => {
    writeFileSync(path.join(content, "_data/site.yaml"), SITE_YAML);
    const result = await build(content, output, ["--now=2026-11-26T12:00:00Z", "--incremental"]);
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(path.join(output, "admin"))).toBe(false);
    expect(read("_headers")).not.toContain("admin");
  });
});
