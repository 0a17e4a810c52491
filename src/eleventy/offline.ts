/**
 * Offline reading: after the build, writes `<output>/sw.js` (the hand-written service worker in
 * src/offline/service-worker.js, with this build's version, precache list and digests written
 * above it) and `<output>/pagefind-files.json` (every file of the search index, fetched only when
 * the reader asks to keep the archive). The worker is not fingerprinted: it must keep one URL,
 * at the root of the base path, so that its scope is the whole site.
 *
 * Must run after the search index is written: register this plugin last, with the event
 * emitter in sequential mode (see eleventy.config.ts).
 */
import { readdirSync, readFileSync, statSync, writeFileSync, type Dirent } from "node:fs";
import path from "node:path";
import { isLastPass, PROJECT_ROOT, type BuildOptions } from "../build/options.js";
import { archiveManifest, buildVersion, digest, serviceWorkerScript, unhashedSearchFiles, type OutputFile } from "../lib/offline.js";
import { currentSiteModel } from "./content.js";
import type { EleventyConfig } from "./types.js";

const WORKER_SOURCE = path.join(PROJECT_ROOT, "src/offline/service-worker.js");
const WORKER = "sw.js";
const MANIFEST = "pagefind-files.json";
/** Pages stored at install (and the search filters, for searching offline), by URL inside the site, with the file each is served from. */
const PRECACHED_PAGES = { "offline/": "offline/index.html", "search/": "search/index.html", "search/filters.json": "search/filters.json" };

/** Every file in the output folder with its size. */
function listOutput(output: string): OutputFile[] {
  return (readdirSync(output, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const file = path.join(entry.parentPath, entry.name);
      return { path: path.relative(output, file).split(path.sep).join("/"), size: statSync(file).size };
    });
}

export default function offlinePlugin(eleventyConfig: EleventyConfig, options: BuildOptions): void {
  // Written once per build, after everything else: in the last pass of a large build.
  if (!isLastPass(options)) return;
  // Rendered as placeholders while Eleventy writes the pages, so both files exist when the
  // distribution plugin lists the output root for `_headers` (and they get its revalidate rule);
  // replaced below once the search index is written.
  for (const [name, permalink] of [["offline-worker", WORKER], ["offline-manifest", MANIFEST]] as const) {
    eleventyConfig.addTemplate(`${name}.njk`, "", { permalink, eleventyExcludeFromCollections: true });
  }
  eleventyConfig.addWatchTarget(WORKER_SOURCE);

  eleventyConfig.on("eleventy.after", ({ directories }) => {
    const output = directories.output;
    const files = listOutput(output).filter((file) => file.path !== WORKER && file.path !== MANIFEST);
    const paths = new Set(files.map((file) => file.path));
    for (const [url, file] of Object.entries(PRECACHED_PAGES)) {
      if (!paths.has(file)) throw new Error(`Offline reading: ${file} was not written, so the service worker cannot store ${url}.`);
    }
    const pinned = Object.fromEntries([
      ...Object.entries(PRECACHED_PAGES).map(([url, file]) => [url, digest(readFileSync(path.join(output, file)))]),
      ...unhashedSearchFiles(files).map((file) => [file, digest(readFileSync(path.join(output, file)))]),
    ]);
    const source = readFileSync(WORKER_SOURCE, "utf8");
    const version = buildVersion(files, pinned, source);
    const manifest = archiveManifest(version, files);
    writeFileSync(path.join(output, MANIFEST), JSON.stringify(manifest));
    const script = serviceWorkerScript(source, {
      version,
      base: currentSiteModel().site.location.basePath,
      precache: [...Object.keys(PRECACHED_PAGES), ...files.filter((file) => file.path.startsWith("assets/")).map((file) => file.path).sort()],
      pinned,
      archive: { manifest: MANIFEST, bytes: manifest.bytes, files: Object.keys(manifest.files).length },
    });
    writeFileSync(path.join(output, WORKER), script);
  });
}
