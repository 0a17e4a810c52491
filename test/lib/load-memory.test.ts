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
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

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
        const front = `title: Foundry order number ${index} for the district\ndate: 2025-03-${String(index % 28 + 1).padStart(2, "0")}T09:30\ncategory: industry\nauthor: ivan-petrov\ntags: [foundry order ${index}, district tooling works]\n`;
        writeFileSync(path.join(folder, `order-${index}.md`), `---\n${filler}${front}---\nThe foundry took order ${index}.\n`);
      }
      const fileBytes = count * filler.length;
      // Once before, so that what loading sets up the first time (parsers, schemas) is not counted.
      loadContent(copyFixture("newsroom", path.join(dir, "warm-up")), { now: NOW });
      const before = liveHeap();
      const result = loadContent(contentDir, { now: NOW, cacheDir: cached ? path.join(dir, "cache") : undefined });
      const grown = liveHeap() - before;
      expect(result.content?.articles.filter((article) => article.sourcePath.startsWith("articles/2025/03/"))).toHaveLength(count);
      expect(fileBytes).toBeGreaterThan(9_000_000);
      expect(grown).toBeLessThan(fileBytes / 4);
    });
  }
});
