import { symlinkSync } from "node:fs";
import path from "node:path";
import { DateTime } from "luxon";
import { afterAll, describe, expect, it, vi } from "vitest";
import { loadContent } from "../../src/content/load.js";
import { copyFixture, scratch } from "../helpers/site.js";

/** How often the loader touched each file whose name ends in `-gone.md` (stat or open). */
const touches = vi.hoisted(() => new Map<string, number>());

vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  /** `fs[name]`, counting the calls whose first argument names a `-gone.md` file. */
  const counted = <F extends (...args: never[]) => unknown>(original: F): F =>
    ((...args: Parameters<F>) => {
      const file = String(args[0]);
      if (file.endsWith("-gone.md")) touches.set(file, (touches.get(file) ?? 0) + 1);
      return original(...args);
    }) as F;
  return { ...fs, statSync: counted(fs.statSync), openSync: counted(fs.openSync) };
});

const NOW = DateTime.fromISO("2026-11-26T12:00:00Z");

describe("a content file that cannot be read", () => {
  const work = scratch();
  afterAll(() => work.cleanup());
  const contentDir = copyFixture("newsroom", work.dir);
  const cacheDir = path.join(work.dir, "cache");
  // A warm cache, then an article that is listed but cannot be read: a link to a file that is gone.
  loadContent(contentDir, { now: NOW, cacheDir });
  const gone = path.join(contentDir, "articles/2026/10/0-gone.md");
  symlinkSync(path.join(contentDir, "missing.md"), gone);

  for (const cached of [false, true]) {
    it(`stops the load with its error, having tried to read it once (parse cache: ${cached})`, () => {
      touches.clear();
      expect(() => loadContent(contentDir, { now: NOW, cacheDir: cached ? cacheDir : undefined })).toThrow(/ENOENT/);
      expect(touches.get(gone)).toBe(1);
    });
  }
});
