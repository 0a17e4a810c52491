/**
 * A production build that never leaves a half-written site: content is validated first, the
 * site is written into a temporary folder beside the output, and only a complete build
 * replaces the previous output.
 *
 * An incremental build (`incremental: true`) renders only what changed since the last build of
 * the same output folder (incremental.ts) and writes it in place: content is still validated
 * before anything is written, and the build drops its record first, so that after a build that
 * failed half-way the next one is a full one. Without a record it falls back to a full build.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import v8 from "node:v8";
import { DateTime } from "luxon";
import { type ContentIssue, loadSite, parseAhead, parseCacheDir } from "../content/index.js";
import { writeSiteHostFiles } from "../eleventy/distribution.js";
import { timing } from "../lib/timing.js";
import { IndexerThread } from "../search/indexer.js";
import { placeEditor } from "./editor.js";
import { type BuildManifest, manifestPath, readManifest, writeManifest } from "./incremental.js";
import { type BuildSiteOptions, DEFAULT_TUNING } from "./options.js";
import { type BuildOutcome, BuildStopped } from "./outcome.js";
import { type PreparedBuild, prepareBuild } from "./passes.js";
import { renderSite } from "./render.js";

export interface BuildSiteResult {
  ok: boolean;
  issues: ContentIssue[];
  /** Number of pages Eleventy wrote. */
  pageCount: number;
  /** Whether only the changed pages were rendered. */
  incremental: boolean;
  /** What the build did that the person running it should know though it succeeded. */
  warnings: string[];
}

/**
 * Builds the site; returns content issues instead of throwing for them. Any other failure is a
 * `BuildStopped`, which says whether the output folder was left as it was or partly written.
 */
export async function buildSite(options: BuildSiteOptions): Promise<BuildSiteResult> {
  // The search index's thread loads while the content does.
  const indexer = new IndexerThread();
  try {
    return await build(options, indexer);
  } finally {
    indexer.dispose();
  }
}

async function build(options: BuildSiteOptions, indexer: IndexerThread): Promise<BuildSiteResult> {
  const now = options.now ?? DateTime.now();
  const input = path.resolve(options.input);
  const output = path.resolve(options.output);
  const loadStarted = timing("start");
  const preview = options.preview ?? false;
  const cacheDir = parseCacheDir();
  // A first build of a large folder: its articles parsed into the cache on both cores, for loadSite to find.
  const ahead = cacheDir ? await parseAhead(input, { cacheDir }) : undefined;
  if (ahead) timing(`parsed ${ahead.here} + ${ahead.child} articles ahead in two processes`, loadStarted);
  const { editions, issues } = loadSite({
    contentDir: input,
    now,
    preview,
    cacheDir,
    residentCache: options.residentCache,
  });
  timing("content loaded and validated", loadStarted);
  if (!editions) return { ok: false, issues, pageCount: 0, incremental: false, warnings: [] };
  keepHeapTight();

  // Each edition is a site of its own in its folder of the output (the site language's at the top).
  const base = editions[0]!.site.location.basePath;
  const folderOf = (index: number) => editions[index]!.site.location.basePath.slice(base.length);
  const tuning = { ...DEFAULT_TUNING, ...options.tuning };
  const records = editions.map((_, index) =>
    options.incremental ? readManifest(path.join(output, folderOf(index))) : undefined,
  );
  // In place only when every edition has its record and the editions are those of the last build:
  // otherwise all are built afresh, beside the output (which drops the folder of an edition that went).
  const languages = editions.slice(1).map((edition) => edition.site.language);
  const inPlace =
    records.every((record) => record !== undefined) &&
    JSON.stringify(records[0]!.editions ?? []) === JSON.stringify(languages);
  const builds = editions.map((model, index) => {
    const edition = path.join(output, folderOf(index));
    const previous = inPlace ? records[index] : undefined;
    const prepared = prepareBuild(model, { contentDir: input, preview, now, tuning }, edition, previous);
    const passes = prepared.passes.length;
    timing(`planned ${passes} pass${passes === 1 ? "" : "es"}${prepared.render.full ? "" : " (incremental)"}`);
    return { prepared, folder: folderOf(index) };
  });
  const hostFiles = builds.length === 1;
  /** An edition's record; the site language's names the other editions. */
  const record = async (index: number, prepared: PreparedBuild): Promise<BuildManifest> => {
    const manifest = await prepared.render.manifest;
    return index === 0 && languages.length ? { ...manifest, editions: languages } : manifest;
  };
  const renderAll = async (root: string) => {
    // First, so that the host files written after the pages give its folder a rule.
    await placeEditor(input, editions, root, options);
    let count = 0;
    for (const { prepared, folder } of builds)
      count += await renderSite(prepared, path.join(root, folder), { hostFiles, indexer });
    if (!hostFiles)
      writeSiteHostFiles(
        builds.map(({ prepared, folder }) => ({ ...prepared, folder })),
        root,
      );
    return count;
  };
  removeLeftovers(output);
  if (inPlace) {
    // From here on the output is being changed: a build that stops half-way must not be trusted by the next one.
    for (const { prepared } of builds) rmSync(manifestPath(prepared.output), { force: true });
    const pageCount = await stopsAs("in place", () => renderAll(output));
    for (const [index, { prepared }] of builds.entries())
      await stopsAs("in place", async () => writeManifest(prepared.output, await record(index, prepared)));
    const incremental = builds.some((build) => !build.prepared.render.full);
    return { ok: true, issues, pageCount, incremental, warnings: [] };
  }
  const target = `${output}.building-${process.pid}`;
  const pageCount = await stopsAs("nothing", async () => {
    try {
      return await renderAll(target);
    } catch (error) {
      rmSync(target, { recursive: true, force: true });
      throw error;
    }
  });
  swapIn(target, output);
  const warnings: string[] = [];
  for (const [index, { prepared }] of builds.entries())
    warnings.push(...(await recordBuild(prepared.output, () => record(index, prepared))));
  return { ok: true, issues, pageCount, incremental: false, warnings };
}

/** Runs `work`; a failure becomes a `BuildStopped` telling what it left in the output folder. */
async function stopsAs<T>(written: BuildOutcome, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw error instanceof BuildStopped ? error : new BuildStopped(written, error as Error);
  }
}

/** Replaces `output` with the complete build in `target`. */
function swapIn(target: string, output: string): void {
  const retired = `${output}.previous-${process.pid}`;
  if (existsSync(output)) renameSync(output, retired);
  renameSync(target, output);
  removeInBackground(retired);
}

/**
 * Writes the record the next incremental build compares with. The new site is already live: a
 * failure here only means that the next incremental build is a full one, and is a warning.
 */
async function recordBuild(output: string, record: () => Promise<BuildManifest>): Promise<string[]> {
  try {
    writeManifest(output, await record());
    return [];
  } catch (error) {
    forgetBuild(output);
    return [
      `The site was built, but its build record could not be saved (${(error as Error).message}): the next incremental build will be a full one.`,
    ];
  }
}

/** Removes the record of the last build of `output`, if it can: it would no longer match the output. */
function forgetBuild(output: string): void {
  try {
    rmSync(manifestPath(output), { force: true });
  } catch {
    // Where no record can be written, none can be left either.
  }
}

/**
 * From here on the build holds the site model and allocates fast, but keeps little of what it
 * allocates: a tighter heap growth than V8's default keeps that garbage from taking hundreds of
 * megabytes (docs/performance.md). Set only after loading, while live data grows steadily.
 */
function keepHeapTight(): void {
  v8.setFlagsFromString("--heap-growing-percent=60");
}

/** Removes staging and retired folders that an interrupted earlier build left beside `output`. */
function removeLeftovers(output: string): void {
  const parent = path.dirname(output);
  const name = path.basename(output);
  for (const entry of existsSync(parent) ? readdirSync(parent) : []) {
    if (entry.startsWith(`${name}.building-`) || entry.startsWith(`${name}.previous-`)) {
      rmSync(path.join(parent, entry), { recursive: true, force: true });
    }
  }
}

/**
 * Deletes the previous output after the new one is in place, in a detached `rm`: nobody needs to
 * wait for it, and the next build sweeps up anything it left.
 */
function removeInBackground(folder: string): void {
  if (!existsSync(folder)) return;
  const child = spawn("rm", ["-rf", folder], { detached: true, stdio: "ignore" });
  child.on("error", () => rmSync(folder, { recursive: true, force: true }));
  child.unref();
}
