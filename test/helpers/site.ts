/** Helpers that build real sites from fixture folders and read the output as a reader would. */
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type HTMLElement, parse } from "node-html-parser";

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const FIXTURES = path.join(PROJECT_ROOT, "test/fixtures");

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** tsx's loader, by its path: found from any working folder. */
const TSX = path.join(PROJECT_ROOT, "node_modules/tsx/dist/loader.mjs");

/** Runs one of the project's scripts with tsx, as `npm run` would; from `cwd`, the project by default. */
export function runScript(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  cwd = PROJECT_ROOT,
): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", TSX, path.join(PROJECT_ROOT, "scripts", script), ...args],
      { cwd, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** A scratch folder removed by `cleanup`. */
export function scratch(prefix = "broadsheet-test-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  // Retries: a process that was just stopped (an indexer finishing its shard) may still be writing there.
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }) };
}

/** Copies a fixture content folder into `dir/content` and applies file overrides (null deletes). */
export function copyFixture(name: string, dir: string, overrides: Record<string, string | null> = {}): string {
  const content = path.join(dir, "content");
  cpSync(path.join(FIXTURES, name), content, { recursive: true });
  for (const [file, text] of Object.entries(overrides)) {
    const target = path.join(content, file);
    if (text === null) rmSync(target, { force: true });
    else {
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, text);
    }
  }
  return content;
}

/** Builds `content` into `output` with `npm run build`'s script. */
export function build(content: string, output: string, extra: string[] = []): Promise<RunResult> {
  return runScript("build.ts", [`--input=${content}`, `--output=${output}`, ...extra]);
}

/**
 * Copies a fixture into `dir/content` and builds it into `output` as of `now`, failing the test
 * (with the build's messages) when the build does not succeed. Returns the content folder.
 */
export async function buildFixture(
  name: string,
  dir: string,
  output: string,
  now = "2026-11-26T12:00:00Z",
): Promise<string> {
  const content = copyFixture(name, dir);
  const result = await build(content, output, [`--now=${now}`]);
  if (result.code !== 0) throw new Error(`building the ${name} fixture failed:\n${result.stderr}`);
  return content;
}

/** Every file in a folder, relative to it, with forward slashes. */
export function listFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import("node:fs").Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .sort();
}

/** The output file served for a site-relative URL path (`/news/2026/10/x/` → `2026/10/x/index.html`). */
export function fileForUrl(urlPath: string, basePath = "/"): string {
  const inside = urlPath.startsWith(basePath) ? urlPath.slice(basePath.length) : urlPath.replace(/^\//, "");
  return inside === "" || inside.endsWith("/") ? `${inside}index.html` : inside;
}

/** Reads and parses an output HTML page by its URL path. */
export function readPage(output: string, urlPath: string, basePath = "/"): HTMLElement {
  return parse(readFileSync(path.join(output, fileForUrl(urlPath, basePath)), "utf8"), {
    blockTextElements: { script: true, style: true },
  });
}

/** Text content with collapsed whitespace. */
export function textOf(element: HTMLElement | null | undefined): string {
  return (element?.textContent ?? "").replace(/\s+/g, " ").trim();
}

/** Two articles older than the newsroom fixture's (March 2025, June 2024): more search shards, more months. */
export const OLDER_ARTICLES: Record<string, string> = {
  "articles/2025/03/tram-depot.md": `---
title: Tram depot lease signed
date: 2025-03-12T10:00
category: finance
author: ivan-petrov
tags: [transport]
---
The city signed a twenty-year lease for the old tram depot, which a logistics firm will turn into a parcel hub.
`,
  "articles/2024/06/weighbridge.md": `---
title: Weighbridge fraud trial opens
date: 2024-06-03T09:00
category: finance
author: ivan-petrov
tags: [transport]
---
A city court heard how a quarry operator tampered with a weighbridge to overcharge hauliers for three years.
`,
};

/** Overrides for `copyFixture` that leave the newsroom fixture's live article and its updates out. */
export const WITHOUT_LIVE_ARTICLE: Record<string, null> = Object.fromEntries(
  [
    "articles/2026/11/smelter-strike.md",
    ...["first", "talks", "deal", "unchecked", "later"].map((name) => `live/smelter-strike/${name}.md`),
  ].map((file) => [file, null]),
);

/** Every JSON-LD block of a page, parsed. */
export function jsonLd(html: string): Record<string, unknown>[] {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map(
    (match) => JSON.parse(match[1]!) as Record<string, unknown>,
  );
}
