import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import v8 from "node:v8";
import vm from "node:vm";
import { DateTime } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import { loadContent } from "../../src/content/load.js";
import { copyFixture, scratch } from "../helpers/site.js";

const NOW = DateTime.fromISO("2026-11-26T12:00:00Z");
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

v8.setFlagsFromString("--expose-gc");
const collect = vm.runInNewContext("gc") as () => void;

function liveHeap(): number {
  collect();
  collect();
  return process.memoryUsage().heapUsed;
}

describe("loading content", () => {
  // Parsers give out strings that are slices of the file's text; one kept in the model keeps the
  // whole file in memory. At 10,000 articles that was 100 MB of Markdown held for the whole build.
  for (const cached of [false, true]) {
    it(`keeps none of the files' text in memory once loaded (parse cache: ${cached})`, () => {
      const { dir, cleanup } = scratch();
      cleanups.push(cleanup);
      const contentDir = copyFixture("newsroom", dir);
      const folder = path.join(contentDir, "articles/2025/03");
      mkdirSync(folder, { recursive: true });
      // 40 articles of ~250 KB each, nearly all of it a YAML comment that nothing needs to keep.
      const filler = `# ${"ballast ".repeat(40)}\n`.repeat(750);
      const count = 40;
      for (let index = 0; index < count; index++) {
        const front = `title: Foundry order number ${index} for the district\ndate: 2025-03-${String((index % 28) + 1).padStart(2, "0")}T09:30\ncategory: industry\nauthor: ivan-petrov\ntags: [foundry order ${index}, district tooling works]\n`;
        writeFileSync(
          path.join(folder, `order-${index}.md`),
          `---\n${filler}${front}---\nThe foundry took order ${index}.\n`,
        );
      }
      const fileBytes = count * filler.length;
      // Once before, so that what loading sets up the first time (parsers, schemas) is not counted.
      loadContent(copyFixture("newsroom", path.join(dir, "warm-up")), { now: NOW });
      const before = liveHeap();
      const result = loadContent(contentDir, { now: NOW, cacheDir: cached ? path.join(dir, "cache") : undefined });
      const grown = liveHeap() - before;
      expect(
        result.content?.articles.filter((article) => article.sourcePath.startsWith("articles/2025/03/")),
      ).toHaveLength(count);
      expect(fileBytes).toBeGreaterThan(9_000_000);
      expect(grown).toBeLessThan(fileBytes / 4);
    });
  }

  // A build renders each body once or twice (its page, a feed). Kept in memory from the load to
  // the end of a clean build, the bodies of 100,000 articles took over a gigabyte of heap.
  it("leaves the bodies in the parse cache's file once it has written them, and reads them from there each time", () => {
    const { dir, cleanup } = scratch();
    cleanups.push(cleanup);
    const folder = path.join(dir, "bodies");
    const paragraph = (index: number, line: number) =>
      `The district tooling works shipped ${line} moulds to the foundry for order ${index}, on time and to the drawing. `.repeat(
        3,
      );
    const count = 40;
    // 9 MB of bodies: what a cached load keeps anyway (the fixture's model, code compiled on the
    // way) is 330-500 KB and varies from run to run, so 3 MB of bodies left too thin a margin.
    const bodyBytes = count * 750 * paragraph(0, 0).length;
    const loaded = (cacheDir?: string) => {
      const contentDir = copyFixture("newsroom", path.join(dir, cacheDir ? "cached" : "uncached"));
      mkdirSync(path.join(contentDir, "articles/2025/03"), { recursive: true });
      for (let index = 0; index < count; index++) {
        const body = Array.from({ length: 750 }, (_, line) => paragraph(index, line)).join("\n\n");
        writeFileSync(
          path.join(contentDir, `articles/2025/03/order-${index}.md`),
          `---\ntitle: Foundry order ${index}\ndate: 2025-03-10T09:30\ncategory: industry\nauthor: ivan-petrov\n---\n${body}\n`,
        );
      }
      loadContent(copyFixture("newsroom", path.join(dir, "warm-up")), { now: NOW });
      const before = liveHeap();
      const result = loadContent(contentDir, { now: NOW, cacheDir });
      const grown = liveHeap() - before;
      return {
        grown,
        articles: result.content!.articles.filter((article) => article.sourcePath.startsWith("articles/2025/03/")),
      };
    };
    const uncached = loaded();
    const cached = loaded(folder);
    expect(bodyBytes).toBeGreaterThanOrEqual(9_000_000);
    // Without a cache the bodies stay in memory: the measure sees them.
    expect(uncached.grown).toBeGreaterThan(bodyBytes / 2);
    expect(cached.grown).toBeLessThan(bodyBytes / 8);
    expect(cached.articles).toHaveLength(count);
    for (const [index, article] of cached.articles.entries()) {
      const same = uncached.articles[index]!;
      expect(article.sourcePath).toBe(same.sourcePath);
      expect(article.body.html).toBe(same.body.html);
      expect(article.body.html).toContain("shipped 749 moulds");
    }
  });
});
