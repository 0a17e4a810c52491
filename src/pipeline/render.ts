/**
 * Rendering a prepared build into a folder: Eleventy once per pass, each run handed its context
 * (src/eleventy/context.ts), the search index written from the model meanwhile, then the files
 * written after the pages, in the order they need each other.
 */
import { existsSync, readdirSync, rmdirSync, rmSync } from "node:fs";
import path from "node:path";
import Eleventy from "@11ty/eleventy";
import broadsheet from "../../eleventy.config.js";
import { type Asset, readAssets, writeAssets } from "../eleventy/assets.js";
import type { BuildContext } from "../eleventy/context.js";
import { writeHostFiles } from "../eleventy/distribution.js";
import { readArchiveManifest, writeOfflineFiles } from "../eleventy/offline.js";
import { digest } from "../lib/offline.js";
import { PROJECT_ROOT } from "../lib/project.js";
import { timing } from "../lib/timing.js";
import type { IndexerThread } from "../search/indexer.js";
import { shardFolder } from "../search/shards.js";
import type { PreparedBuild } from "./passes.js";
import { finishSearchIndex, startSearchIndex } from "./search-index.js";

/**
 * Renders `build` into `target`; returns how many files Eleventy wrote. With `hostFiles` false
 * (the editions of a site) the caller writes `_headers` and `_redirects` for all of them;
 * `indexer` is the search index's thread, started ahead.
 */
export async function renderSite(
  build: PreparedBuild,
  target: string,
  { hostFiles = true, indexer }: { hostFiles?: boolean; indexer?: IndexerThread } = {},
): Promise<number> {
  const { render } = build;
  // Writing in place: remove what the previous build wrote and this one no longer has.
  for (const file of render.removed) removeOutput(target, file);
  for (const key of render.removedShards) rmSync(path.join(target, shardFolder(key)), { recursive: true, force: true });
  // Read before the last pass writes this build's placeholder over it.
  const previousArchive = render.full ? undefined : readArchiveManifest(target);
  const assets = readAssets();
  // From the model, on Pagefind's processes, while Eleventy renders.
  const searchIndex = startSearchIndex(build, target, indexer);
  let count = 0;
  try {
    const shared = sharedContext(build, assets);
    for (const [index, slice] of build.passes.entries()) {
      const context: BuildContext = { ...shared, pass: { index, count: build.passes.length, slice } };
      count += await runEleventy(context, target);
    }
    writeAssets(assets, target);
    const started = timing("pages rendered; waiting for the search index");
    await finishSearchIndex(searchIndex, build, target);
    timing("search index written", started);
  } finally {
    await searchIndex.close();
  }
  if (hostFiles) writeHostFiles(build, target);
  const buildDigest = digest(JSON.stringify(await render.manifest));
  writeOfflineFiles({ ...build, writtenShards: render.shards, previousArchive, buildDigest }, target);
  return count;
}

/** What every pass of `build` is handed, all but the pass itself. */
export function sharedContext(build: PreparedBuild, assets: Map<string, Asset>): Omit<BuildContext, "pass"> {
  return {
    model: build.model,
    contentDir: build.settings.contentDir,
    distribution: build.distribution,
    search: build.search,
    searchFirstBand: build.settings.tuning.searchFirstBand,
    unchangedSingles: build.render.unchangedSingles,
    assetPaths: Object.fromEntries([...assets].map(([name, asset]) => [name, asset.outputPath])),
  };
}

/** One Eleventy run into `target`; returns how many files it wrote. */
async function runEleventy(context: BuildContext, target: string): Promise<number> {
  const eleventy = new Eleventy(path.join(PROJECT_ROOT, "templates"), target, {
    // No config file: the configuration is `broadsheet(context)`, handed over below.
    configPath: "",
    config: broadsheet(context),
    quietMode: true,
  });
  const { index, count } = context.pass;
  const started = timing(`eleventy pass ${index + 1} of ${count}`);
  const [, templates] = (await eleventy.write()) as [unknown, unknown[]];
  timing(`pass ${index + 1} done`, started);
  return templates.length;
}

/** Deletes a file and the folders it leaves empty, up to `root`. */
function removeOutput(root: string, file: string): void {
  rmSync(path.join(root, file), { force: true });
  for (
    let folder = path.dirname(path.join(root, file));
    folder.startsWith(root + path.sep);
    folder = path.dirname(folder)
  ) {
    if (!existsSync(folder) || readdirSync(folder).length) break;
    rmdirSync(folder);
  }
}
