/**
 * What the offline service worker of one build is made of: its version, the files it stores at
 * install, the digests that tell this build's unfingerprinted files from another build's, and the
 * manifest of the search index a reader can keep. Pure functions over a listing of the output;
 * src/eleventy/offline.ts reads the folder and writes the files.
 */
import { createHash } from "node:crypto";

/** A file of the output folder. */
export interface OutputFile {
  /** Path inside the output folder, with forward slashes (`pagefind/pagefind.js`). */
  path: string;
  size: number;
}

/** The build data baked into `sw.js` as `const BUILD = {...}`. Paths are relative to the base path. */
export interface WorkerBuild {
  version: string;
  /** Base path of the site, e.g. `/news/`; also the worker's scope. */
  base: string;
  /** Stored at install: the offline page, the search page and every fingerprinted asset. */
  precache: string[];
  /** SHA-256 (hex) of each file the worker may store whose name does not change with its content. */
  pinned: Record<string, string>;
  archive: { manifest: string; bytes: number; files: number };
}

/** `pagefind-files.json`: every file of the search index with its size, for "keep the archive". */
export interface ArchiveManifest {
  version: string;
  bytes: number;
  files: Record<string, number>;
}

/** Folders whose file names carry a hash of their content (see src/lib/headers.ts). */
const FINGERPRINTED = /^(assets|img)\//;
/** Pagefind names its index chunks, fragments, filters and metadata after a hash of their content. */
const PAGEFIND_HASHED = /(?:^|[._])[0-9a-f]{7,}\.pf_[a-z]+$/;

/** Whether a file's name changes whenever its content does, so one name never means two contents. */
export function isContentAddressed(path: string): boolean {
  return (
    FINGERPRINTED.test(path) ||
    (path.startsWith("pagefind/") && PAGEFIND_HASHED.test(path.slice(path.lastIndexOf("/") + 1)))
  );
}

/** SHA-256 of a file's bytes, in hex, as the worker computes it with `crypto.subtle`. */
export function digest(content: string | Buffer): string {
  return createHash("sha256").update(content).digest("hex");
}

/** The search index files in `files` that do not carry a content hash in their name: the worker checks these. */
export function unhashedSearchFiles(files: OutputFile[]): string[] {
  return files
    .filter((file) => file.path.startsWith("pagefind/") && !isContentAddressed(file.path))
    .map((file) => file.path);
}

/**
 * The version of a build: changes whenever a listed file (the search index, the assets) is added,
 * removed or changes size, a pinned file (the search index entries, the offline and search
 * pages) or the worker's code changes, or `pages` (the build's record of every page's data,
 * src/pipeline/incremental.ts) does. Sizes stand in for the content of the index files, so that
 * large sites are not read twice.
 */
export function buildVersion(
  files: OutputFile[],
  pinned: Record<string, string>,
  workerSource: string,
  pages = "",
): string {
  const hash = createHash("sha256").update(workerSource).update(`\n${pages}\n`);
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)))
    hash.update(`${file.path}\t${file.size}\n`);
  for (const key of Object.keys(pinned).sort()) hash.update(`${key}\t${pinned[key]}\n`);
  return hash.digest("hex").slice(0, 12);
}

/** Pagefind's runtime in a shard's folder: its script, its web worker, its WebAssembly for each language. */
const PAGEFIND_RUNTIME = /^pagefind\/[^/]+\/(?:pagefind\.js|pagefind-worker\.js|wasm\.[^/]+\.pagefind)$/;

/**
 * Whether a file of the search index belongs in the archive a reader can keep: all of them except
 * the copies of Pagefind's runtime the search page never loads. Every shard has its own (~200 KB);
 * the page loads the newest shard's script and one WebAssembly (`runtime`), merges the other
 * shards' indexes into it, and runs no worker.
 */
export function isArchived(path: string, runtime: ReadonlySet<string>): boolean {
  return path.startsWith("pagefind/") && (runtime.has(path) || !PAGEFIND_RUNTIME.test(path));
}

/** The manifest of the search index a reader can keep (`isArchived`). */
export function archiveManifest(version: string, files: OutputFile[], runtime: ReadonlySet<string>): ArchiveManifest {
  const index = files.filter((file) => isArchived(file.path, runtime)).sort((a, b) => (a.path < b.path ? -1 : 1));
  return {
    version,
    bytes: index.reduce((sum, file) => sum + file.size, 0),
    files: Object.fromEntries(index.map((file) => [file.path, file.size])),
  };
}

/** The published `sw.js`: the build data, then the hand-written worker. */
export function serviceWorkerScript(workerSource: string, build: WorkerBuild): string {
  return `// Build data written by src/eleventy/offline.ts; the code below is src/offline/service-worker.js.\nconst BUILD = ${JSON.stringify(build, null, 2)};\n\n${workerSource}`;
}
