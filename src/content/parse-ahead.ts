/**
 * A first load of a large folder, in two processes. With an empty parse cache, loading spends
 * nearly all its time on work done file by file (front matter, schema, Markdown), on one core,
 * while the other waits: the build renders nothing before the content is loaded. So when the
 * folder has no usable cache and enough articles, a child process parses the second half of
 * them into a cache file of its own while this process parses the first half into the folder's
 * cache; the child's part is then appended to it, and `loadContent` finds every article there.
 *
 * Nothing here decides what the content is: a part that is missing, failed or of other code is
 * left out, and `loadContent` parses what the cache lacks. The split is only a head start.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  appendContentCache,
  type ContentCacheOptions,
  contentCacheFile,
  discardingOnFailure,
  hasContentCache,
  openContentCache,
} from "./content-cache.js";
import { CacheUse, contentFileReader, fileChecker, listFiles } from "./folder.js";
import type { ContentIssue } from "./issues.js";
import type { ParseStore } from "./parse-cache/store.js";
import { parseMarkdownFile } from "./parse-file.js";
import type { MarkdownRecord } from "./records.js";
import { loadSiteData } from "./site-data.js";
import { contentRules } from "./validate.js";

/** Fewer articles than this are parsed in one process: with the child's head start (below) the split would gain little. */
const PARSE_AHEAD_MIN_FILES = 2000;

/**
 * Articles the child's half is smaller by: about as many as this process parses while the child
 * starts (Node, tsx, the loader's modules) and warms up.
 */
const CHILD_HEAD_START = 1000;

/** What the child process is given (as one JSON argument). */
export interface ParseAheadTask {
  contentDir: string;
  cacheDir: string;
  render: boolean;
  /** Index (in `listFiles` order) of the first article the child parses; it parses the rest. */
  from: number;
  /** How many articles the parent listed: a child that lists another number parses nothing. */
  count: number;
  /** The cache file the child writes. */
  file: string;
}

export interface ParseAheadResult {
  /** Articles parsed in this process. */
  here: number;
  /** Articles parsed in the child and appended to the cache; 0 when its part was not usable. */
  child: number;
}

export interface ParseAheadSettings extends ContentCacheOptions {
  /** Folders with fewer articles are left to the load. @default 2000 */
  minFiles?: number;
  /** Articles the child parses fewer than this process, for the time it takes to start. @default 1000 */
  headStart?: number;
  /** Cores the machine has for this: with fewer than two nothing is done. @default os.availableParallelism() */
  cores?: number;
}

/**
 * Fills an empty or outdated parse cache of `contentDir` in two processes when the folder has at
 * least `minFiles` articles and there is a second core; resolves to what was parsed where, or
 * undefined when nothing was done (the cache is usable, the folder small, or a file unreadable).
 */
export async function parseAhead(
  contentDir: string,
  settings: ParseAheadSettings,
): Promise<ParseAheadResult | undefined> {
  const root = path.resolve(contentDir);
  const options: ContentCacheOptions = { cacheDir: settings.cacheDir, render: settings.render ?? true };
  if ((settings.cores ?? availableParallelism()) < 2 || hasContentCache(root, options)) return undefined;
  const files = listFiles(root, "articles", [".md"]);
  if (files.length < Math.max(settings.minFiles ?? PARSE_AHEAD_MIN_FILES, 2)) return undefined;
  const from = Math.min(files.length - 1, Math.ceil((files.length + (settings.headStart ?? CHILD_HEAD_START)) / 2));
  // Named .tmp: left behind by a run that was stopped, it is removed an hour later (parse-cache/cleanup.ts).
  const file = `${contentCacheFile(root, options)}.part-${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
  let child: ReturnType<typeof startChild> | undefined;
  try {
    child = startChild({
      contentDir: root,
      cacheDir: options.cacheDir,
      render: options.render!,
      from,
      count: files.length,
      file,
    });
    parseIntoCache(root, files.slice(0, from), options);
    // A cache that could not be written (a read-only folder): nothing to append to.
    if (!hasContentCache(root, options)) return undefined;
    const appended = (await child.done) && appendContentCache(root, file, options);
    return { here: from, child: appended ? files.length - from : 0 };
  } catch {
    // A file gone since it was listed, say: the load finds out and says so.
    return undefined;
  } finally {
    if (child) await child.stop();
    removePart(file);
  }
}

/**
 * Parses articles (content paths, `articles/...`) into a new parse cache of the folder, as
 * `loadContent` would, so that it finds them there; problems are left for it to report. With
 * `file`, the cache is written there (a part, for `appendContentCache`) instead of to the
 * folder's own cache file. Throws when a file cannot be read, leaving no file behind.
 */
export function parseIntoCache(
  contentDir: string,
  files: readonly string[],
  options: ContentCacheOptions,
  file?: string,
): void {
  const root = path.resolve(contentDir);
  const { settings, authorNames, categoryNames } = loadSiteData(root);
  const rules = contentRules({
    zone: settings?.timezone ?? "UTC",
    authorNames,
    categoryNames,
    fileExists: fileChecker(root),
  });
  const store = openContentCache(root, options, { fresh: true, file });
  const open = contentFileReader<MarkdownRecord>({
    root,
    store: store as ParseStore<MarkdownRecord>,
    use: new CacheUse(),
  });
  const html = options.render ?? true;
  const ignored: ContentIssue[] = [];
  discardingOnFailure(store, () => {
    for (const name of files) parseMarkdownFile(name, open, rules.article, html, ignored);
    store.save();
  });
}

/** Removes the part, and the child's unfinished writing of it (`<part>.<pid>-<random>.tmp`) if it was stopped. */
function removePart(file: string): void {
  const folder = path.dirname(file);
  const base = path.basename(file);
  const names = existsSync(folder) ? readdirSync(folder) : [];
  for (const name of names) if (name.startsWith(base)) rmSync(path.join(folder, name), { force: true });
}

/**
 * Starts the child; `done` resolves to whether it finished its part, `stop` ends it if it still
 * runs and resolves once it has exited. Its output is shown only with BROADSHEET_DEBUG.
 */
function startChild(task: ParseAheadTask): { done: Promise<boolean>; stop: () => Promise<unknown> } {
  const entry = fileURLToPath(new URL("./parse-ahead-child.ts", import.meta.url));
  // tsx by its own path: the command may run from any folder.
  const child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), entry, JSON.stringify(task)], {
    stdio: process.env.BROADSHEET_DEBUG ? "inherit" : "ignore",
  });
  const done = new Promise<boolean>((resolve) => {
    child.once("error", () => resolve(false));
    child.once("exit", (code) => resolve(code === 0));
  });
  return {
    done,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill();
      return done;
    },
  };
}
