/**
 * Offline reading: after the build, writes `<output>/sw.js` (the hand-written service worker in
 * src/offline/service-worker.js, with this build's version, precache list and digests written
 * above it) and `<output>/pagefind-files.json` (the files of the search index a reader can keep,
 * fetched only when the reader asks to keep the archive). The worker is not fingerprinted: it
 * must keep one URL, at the root of the base path, so that its scope is the whole site.
 *
 * The plugin renders placeholders for both; the build writes them (`writeOfflineFiles`) once the
 * search index and the other files are in place.
 */
import { type Dirent, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  type ArchiveManifest,
  archiveManifest,
  buildVersion,
  digest,
  isArchived,
  type OutputFile,
  serviceWorkerScript,
  unhashedSearchFiles,
} from "../lib/offline.js";
import { PROJECT_ROOT } from "../lib/project.js";
import { loadedRuntime, newestShardEntry } from "../search/preload.js";
import { shardFolder, shardOfIndexFile } from "../search/shards.js";
import { type BuildContext, isLastPass } from "./context.js";
import type { EleventyConfig } from "./types.js";

const WORKER_SOURCE = path.join(PROJECT_ROOT, "src/offline/service-worker.js");
const WORKER = "sw.js";
const MANIFEST = "pagefind-files.json";
/** Pages stored at install (and the search filters, for searching offline), by URL inside the site, with the file each is served from. */
const PRECACHED_PAGES = {
  "offline/": "offline/index.html",
  "search/": "search/index.html",
  "search/filters.json": "search/filters.json",
};

/** Every file in a folder of the output with its size (none when the folder does not exist). */
function listFolder(output: string, folder: string): OutputFile[] {
  if (!existsSync(path.join(output, folder))) return [];
  return (readdirSync(path.join(output, folder), { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const file = path.join(entry.parentPath, entry.name);
      return { path: path.relative(output, file).split(path.sep).join("/"), size: statSync(file).size };
    });
}

/**
 * The text of the archive manifest an earlier build wrote into `output`, if there is one: read
 * before Eleventy writes this build's placeholder over it.
 */
export function readArchiveManifest(output: string): string | undefined {
  try {
    return readFileSync(path.join(output, MANIFEST), "utf8");
  } catch {
    return undefined;
  }
}

/** The manifest in `text`; undefined when there is none or it does not parse (every shard is then listed from disk). */
function parseArchiveManifest(text: string | undefined): ArchiveManifest | undefined {
  try {
    return text === undefined ? undefined : (JSON.parse(text) as ArchiveManifest);
  } catch {
    return undefined;
  }
}

/**
 * The search index files a reader can keep (`isArchived`): listed for the shards this build wrote,
 * taken from the last build's archive manifest (`previous`) for the others (listing 10,000
 * fragments costs more than the rest of a small rebuild). The newest shard is listed unless that
 * manifest already holds its runtime (the scripts the search page loads, which only the newest
 * shard's list keeps), as it does when that shard was already the newest.
 */
export function searchFiles(
  output: string,
  shards: string[],
  written: Set<string>,
  previous: ArchiveManifest | undefined,
  runtime: ReadonlySet<string>,
): OutputFile[] {
  const kept = new Map<string, OutputFile[]>();
  for (const [file, size] of Object.entries(previous?.files ?? {})) {
    const key = shardOfIndexFile(file);
    if (key === undefined) continue;
    if (!kept.has(key)) kept.set(key, []);
    kept.get(key)!.push({ path: file, size });
  }
  const usable = (files: OutputFile[] | undefined, newest: boolean) =>
    files && (!newest || [...runtime].every((file) => files.some((entry) => entry.path === file))) ? files : undefined;
  return shards
    .flatMap(
      (key, index) => (!written.has(key) && usable(kept.get(key), index === 0)) || listFolder(output, shardFolder(key)),
    )
    .filter((file) => isArchived(file.path, runtime));
}

export default function offlinePlugin(eleventyConfig: EleventyConfig, context: BuildContext): void {
  // Written once per build, after everything else: in the last pass of a large build.
  if (!isLastPass(context)) return;
  // Rendered as placeholders while Eleventy writes the pages, so that both files exist when the
  // build lists the output root for `_headers` (and they get its revalidate rule).
  for (const [name, permalink] of [
    ["offline-worker", WORKER],
    ["offline-manifest", MANIFEST],
  ] as const) {
    eleventyConfig.addTemplate(`${name}.njk`, "", { permalink, eleventyExcludeFromCollections: true });
  }
}

export interface OfflineInputs {
  model: BuildContext["model"];
  search: BuildContext["search"];
  /** Shards this build wrote. */
  writtenShards: Set<string>;
  /** The archive manifest the last build wrote (`readArchiveManifest`), for an incremental build. */
  previousArchive: string | undefined;
  /** A digest of everything the build rendered (its manifest), part of the worker's version. */
  buildDigest: string;
}

/** Writes `sw.js` and `pagefind-files.json`, after the search index, the assets and the pages. */
export function writeOfflineFiles(inputs: OfflineInputs, output: string): void {
  const { model, search } = inputs;
  // The Pagefind runtime files the search page loads: the newest shard's.
  const newest = newestShardEntry(search, output);
  const runtime = new Set(newest ? loadedRuntime(newest.folder, newest.entry, model.site.language) : []);
  const files = [
    ...searchFiles(
      output,
      search.shards.map((shard) => shard.key),
      inputs.writtenShards,
      parseArchiveManifest(inputs.previousArchive),
      runtime,
    ),
    ...listFolder(output, "assets"),
  ];
  for (const [url, file] of Object.entries(PRECACHED_PAGES)) {
    if (!existsSync(path.join(output, file)))
      throw new Error(`Offline reading: ${file} was not written, so the service worker cannot store ${url}.`);
  }
  const pinned = Object.fromEntries([
    ...Object.entries(PRECACHED_PAGES).map(([url, file]) => [url, digest(readFileSync(path.join(output, file)))]),
    ...unhashedSearchFiles(files).map((file) => [file, digest(readFileSync(path.join(output, file)))]),
  ]);
  const source = readFileSync(WORKER_SOURCE, "utf8");
  const version = buildVersion(files, pinned, source, inputs.buildDigest);
  const manifest = archiveManifest(version, files, runtime);
  writeFileSync(path.join(output, MANIFEST), JSON.stringify(manifest));
  const script = serviceWorkerScript(source, {
    version,
    base: model.site.location.basePath,
    precache: [
      ...Object.keys(PRECACHED_PAGES),
      ...files
        .filter((file) => file.path.startsWith("assets/"))
        .map((file) => file.path)
        .sort(),
    ],
    pinned,
    archive: { manifest: MANIFEST, bytes: manifest.bytes, files: Object.keys(manifest.files).length },
  });
  writeFileSync(path.join(output, WORKER), script);
}
