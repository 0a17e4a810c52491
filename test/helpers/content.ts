/** A fixture content folder to change and load, for the content layer's tests. */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { onTestFinished } from "vitest";
import type { LoadResult } from "../../src/content/load.js";
import { copyFixture, scratch } from "./site.js";

/**
 * A fixture copied into a scratch folder (with `overrides`, see `copyFixture`), removed when the
 * test ends, and its files to read, write and remove.
 */
export function contentFolder(name = "newsroom", overrides: Record<string, string | null> = {}) {
  const { dir, cleanup } = scratch();
  onTestFinished(cleanup);
  const contentDir = copyFixture(name, dir, overrides);
  return {
    dir,
    contentDir,
    write: (file: string, text: string) => writeFileSync(path.join(contentDir, file), text),
    read: (file: string) => readFileSync(path.join(contentDir, file), "utf8"),
    remove: (file: string) => rmSync(path.join(contentDir, file)),
  };
}

/** The loaded article from `sourcePath`, or an error that says what the load reported. */
export function loadedArticle(result: LoadResult, sourcePath: string) {
  const found = result.content?.articles.find((candidate) => candidate.sourcePath === sourcePath);
  if (!found) throw new Error(`${sourcePath} not loaded: ${JSON.stringify(result.issues)}`);
  return found;
}
