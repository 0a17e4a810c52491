/**
 * What a load keeps in memory, asked of the heap itself (see load-memory-probe.ts): whether any
 * live string still holds text that only the content files had. No threshold, so no dependence
 * on the heap's size, the machine or the moment of a collection.
 */
import { execFile } from "node:child_process";
import { hash, randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DateTime } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import { loadContent } from "../../src/content/load.js";
import { copyFixture, PROJECT_ROOT, scratch } from "../helpers/site.js";

const NOW = DateTime.fromISO("2026-11-26T12:00:00Z");
const PROBE = fileURLToPath(new URL("./load-memory-probe.ts", import.meta.url));
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

interface Probe {
  /** Whether a live string held the marker once the folder was loaded. */
  found: boolean;
  /** The same, with the text of the file named by `keep` kept on purpose. */
  foundWhileKept?: boolean;
  /** Each article's HTML, hashed, by source path. */
  bodies: Record<string, string>;
}

/** Loads `contentDir` in a process of its own and asks its heap for `marker`. */
function probe(contentDir: string, marker: string, options: { cacheDir?: string; keep?: string } = {}): Promise<Probe> {
  const task = { contentDir, markerHex: Buffer.from(marker).toString("hex"), ...options };
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--import", "tsx", PROBE, JSON.stringify(task)],
      { cwd: PROJECT_ROOT, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout)),
    );
  });
}

/** Text no module, test or generated content has by chance: letters only, new for each run. */
function newMarker(): string {
  return `zq${[...randomBytes(12)].map((byte) => String.fromCharCode(97 + (byte % 26))).join("")}`;
}

/** The newsroom fixture with `count` more articles in a month of their own, each made by `article(index)`. */
function siteWith(count: number, article: (index: number) => string) {
  const { dir, cleanup } = scratch();
  cleanups.push(cleanup);
  const contentDir = copyFixture("newsroom", dir);
  const folder = path.join(contentDir, "articles/2025/03");
  mkdirSync(folder, { recursive: true });
  for (let index = 0; index < count; index++) writeFileSync(path.join(folder, `order-${index}.md`), article(index));
  return { dir, contentDir, first: "articles/2025/03/order-0.md" };
}

describe("loading content", () => {
  // Parsers give out strings that are slices of the file's text; one kept in the model keeps the
  // whole file in memory, for the whole build.
  for (const cached of [false, true]) {
    it(`keeps none of the files' text in memory once loaded (parse cache: ${cached})`, async () => {
      const marker = newMarker();
      // Most of each file a YAML comment that nothing needs to keep, with the marker in it.
      const filler = `# ${marker} ballast ballast ballast\n`.repeat(20);
      const { dir, contentDir, first } = siteWith(
        10,
        (index) =>
          `---\n${filler}title: Foundry order number ${index} for the district\ndate: 2025-03-${String(index + 1).padStart(2, "0")}T09:30\ncategory: industry\nauthor: ivan-petrov\ntags: [foundry order ${index}, district tooling works]\n---\nThe foundry took order ${index}.\n`,
      );
      const result = await probe(contentDir, marker, {
        cacheDir: cached ? path.join(dir, "cache") : undefined,
        keep: first,
      });
      expect(Object.keys(result.bodies).filter((file) => file.startsWith("articles/2025/03/"))).toHaveLength(10);
      expect(result.foundWhileKept).toBe(true);
      expect(result.found).toBe(false);
    });
  }

  // A build renders each body once or twice (its page, a feed): kept in memory from the load to
  // the end of a clean build, every body of a large site would be.
  it("leaves the bodies in the parse cache's file once it has written them, and reads them from there each time", async () => {
    const marker = newMarker();
    const paragraph = (index: number, line: number) =>
      `The district tooling works shipped ${line} moulds to the foundry for order ${index}, on time and to the drawing.`;
    // The marker in the second paragraph: the first is kept as the article's summary.
    const body = (index: number) =>
      Array.from({ length: 20 }, (_, line) => `${paragraph(index, line)}${line === 1 ? ` ${marker}` : ""}`).join(
        "\n\n",
      );
    const { dir, contentDir, first } = siteWith(
      10,
      (index) =>
        `---\ntitle: Foundry order ${index}\ndate: 2025-03-10T09:30\ncategory: industry\nauthor: ivan-petrov\n---\n${body(index)}\n`,
    );
    const expected = loadContent(contentDir, { now: NOW }).content!.articles;
    const ordered = expected.filter((article) => article.sourcePath.startsWith("articles/2025/03/"));
    expect(ordered).toHaveLength(10);
    for (const article of ordered) expect(article.body.html).toContain("shipped 19 moulds");
    const hashes = Object.fromEntries(
      expected.map((article) => [article.sourcePath, hash("sha1", article.body.html, "hex")]),
    );

    const uncached = await probe(contentDir, marker, { keep: first });
    // Without a cache the bodies stay in memory: the probe sees them.
    expect(uncached.found).toBe(true);
    expect(uncached.bodies).toEqual(hashes);
    const cached = await probe(contentDir, marker, { cacheDir: path.join(dir, "cache"), keep: first });
    expect(cached.foundWhileKept).toBe(true);
    expect(cached.found).toBe(false);
    expect(cached.bodies).toEqual(hashes);
  });
});
