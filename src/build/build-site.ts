/**
 * A production build that never leaves a half-written site: content is validated first, the
 * site is written into a temporary folder beside the output, and only a complete build
 * replaces the previous output.
 *
 * An incremental build (`--incremental`) renders only what changed since the last build of
 * the same output folder (src/build/incremental.ts) and writes it in place: content is still
 * validated before anything is written, and a build that fails half-way leaves no manifest,
 * so the next build is a full one. Without a manifest it falls back to a full build.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import v8 from "node:v8";
import Eleventy from "@11ty/eleventy";
import { DateTime } from "luxon";
import { type ContentIssue, loadSite, parseAhead, parseCacheDir } from "../content/index.js";
import { primeBuild } from "../eleventy/content.js";
import { startSearchIndex } from "../eleventy/search.js";
import { readManifest, writeManifest } from "./incremental.js";
import { type BuildOptions, PROJECT_ROOT, readBuildOptions, writeBuildOptions } from "./options.js";
import { PASS_PAGES, type PreparedBuild, prepareBuild } from "./passes.js";
import { timing } from "./timing.js";

export interface BuildSiteOptions {
  /** Content folder. */
  input: string;
  /** Output folder, replaced only when the build succeeds. */
  output: string;
  /** The moment of the build. @default now */
  now?: DateTime;
  /** Render only what changed since the last build of `output`, in place. @default false */
  incremental?: boolean;
  /** Local preview: drafts and scheduled articles shown, marked. @default false */
  preview?: boolean;
  /** Keep the parse cache in memory for the next build in this process (`npm start`). @default false */
  residentCache?: boolean;
}

export interface BuildSiteResult {
  ok: boolean;
  issues: ContentIssue[];
  /** Number of pages Eleventy wrote. */
  pageCount: number;
  /** Whether only the changed pages were rendered. */
  incremental: boolean;
}

/** Builds the site; returns content issues instead of throwing for them. */
export async function buildSite(options: BuildSiteOptions): Promise<BuildSiteResult> {
  const now = options.now ?? DateTime.now();
  const input = path.resolve(options.input);
  const output = path.resolve(options.output);
  const loadStarted = timing("start");
  const preview = options.preview ?? false;
  const cacheDir = parseCacheDir();
  // A first build of a large folder: its articles parsed into the cache on both cores, for loadSite to find.
  const ahead = cacheDir ? await parseAhead(input, { cacheDir }) : undefined;
  if (ahead) timing(`parsed ${ahead.here} + ${ahead.child} articles ahead in two processes`, loadStarted);
  const { model, issues } = loadSite({
    contentDir: input,
    now,
    preview,
    cacheDir,
    residentCache: options.residentCache,
  });
  timing("content loaded and validated", loadStarted);
  if (!model) return { ok: false, issues, pageCount: 0, incremental: false };
  keepHeapTight();

  const previous = options.incremental ? readManifest(output) : undefined;
  const inPlace = previous !== undefined;
  const buildOptions = { contentDir: input, preview, now, incremental: inPlace, output };
  // BROADSHEET_PASS_PAGES changes the pass size (tests use tiny passes on small sites).
  const passPages = Number(process.env.BROADSHEET_PASS_PAGES) || PASS_PAGES;
  const prepared = prepareBuild(
    model,
    { ...readBuildOptions(), ...buildOptions, pass: { index: 0, count: 1 } },
    output,
    previous,
    passPages,
  );
  timing(
    `planned ${prepared.passes.length} pass${prepared.passes.length === 1 ? "" : "es"}${prepared.render.full ? "" : " (incremental)"}`,
  );
  const target = inPlace ? output : `${output}.building-${process.pid}`;
  const retired = `${output}.previous-${process.pid}`;
  removeLeftovers(output);
  try {
    const pageCount = await runPasses(prepared, buildOptions, target);
    if (!inPlace) {
      if (existsSync(output)) renameSync(output, retired);
      renameSync(target, output);
      removeInBackground(retired);
      writeManifest(output, await prepared.render.manifest);
    }
    return { ok: true, issues, pageCount, incremental: !prepared.render.full };
  } catch (error) {
    if (!inPlace) rmSync(target, { recursive: true, force: true });
    throw error;
  }
}

/**
 * From here on the build holds the site model and allocates fast, but keeps little of what it
 * allocates: V8's default heap growth (up to 4x the live data after each full collection) lets
 * that garbage take hundreds of megabytes. Measured on 10,000 articles, clean builds: growth
 * 1.6x kept the build process at 815-839 MB instead of 938-967 MB, in the same time; 1.3x went
 * to ~800 MB but took ~7% longer. Only after loading: while the content loads, live data grows
 * steadily and tighter growth would only collect more often. V8 reads the flag whenever it
 * sizes the heap after a collection, so setting it now takes effect.
 *
 * The young generation, by contrast, is sized at start-up, so package.json's `build` script sets
 * it (`--max-semi-space-size=64`, MB, instead of 16): a page's or a file's short-lived objects
 * then die young instead of being copied into the old generation. At 100,000 articles the build
 * took 559 s and peaked at 3.3 GB instead of 668 s and 4.1 GB; at 10,000 the time was the same
 * within the noise and the peak ~90 MB higher. `build:incremental` and `start` keep V8's
 * default: in a short run the larger young generation is fresh memory to touch, and one edit in
 * a 10,000-article site took 5.9-6.7 s with it against 5.1-5.35 s without (5.5-5.6 s with 32 MB).
 */
function keepHeapTight(): void {
  v8.setFlagsFromString("--heap-growing-percent=60");
}

/** Runs Eleventy once per pass, all into `target`; returns how many files it wrote. */
async function runPasses(prepared: PreparedBuild, options: Partial<BuildOptions>, target: string): Promise<number> {
  primeBuild(prepared);
  // Before Eleventy's first run, which reads its configuration and templates for ~0.5 s: Pagefind
  // takes in the unchanged pages of the shards an incremental build re-indexes meanwhile, on the
  // other core. One edit at 10,000 articles: 4.9-5.35 s instead of 5.45-5.63 s.
  startSearchIndex(prepared, target);
  let count = 0;
  for (let index = 0; index < prepared.passes.length; index++) {
    writeBuildOptions({ ...options, pass: { index, count: prepared.passes.length } });
    const eleventy = new Eleventy(path.join(PROJECT_ROOT, "templates"), target, {
      configPath: path.join(PROJECT_ROOT, "eleventy.config.ts"),
      quietMode: true,
    });
    const started = timing(`eleventy pass ${index + 1} of ${prepared.passes.length}`);
    const [, templates] = (await eleventy.write()) as [unknown, unknown[]];
    count += templates.length;
    timing(`pass ${index + 1} done`, started);
  }
  return count;
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
 * Deletes the previous output after the new one is in place. Removing tens of thousands of
 * files takes longer than writing them on some disks, and nobody needs to wait for it: a
 * detached `rm` does it, and the next build sweeps up anything it left.
 */
function removeInBackground(folder: string): void {
  if (!existsSync(folder)) return;
  const child = spawn("rm", ["-rf", folder], { detached: true, stdio: "ignore" });
  child.on("error", () => rmSync(folder, { recursive: true, force: true }));
  child.unref();
}
