/**
 * The Pagefind driver: writes one index (a shard's) from records on one of this process's
 * Pagefind services. Pagefind reports problems as data, so every response is checked, and the
 * written index must hold as many pages as it was given. https://pagefind.app/docs/node-api/
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import type * as Pagefind from "pagefind";
import type { SearchRecord } from "./records.js";

export class SearchIndexError extends Error {
  constructor(step: string, errors: string[]) {
    super(`Search index: ${step} failed: ${errors.join("; ")}`);
    this.name = "SearchIndexError";
  }
}

/** Pagefind's ready-made interfaces; the site brings its own search page, so they are not shipped. */
const UNUSED_BUNDLE_FILES = [
  "pagefind-ui.js",
  "pagefind-ui.css",
  "pagefind-component-ui.js",
  "pagefind-component-ui.css",
  "pagefind-modular-ui.js",
  "pagefind-modular-ui.css",
  "pagefind-highlight.js",
];

type PagefindApi = typeof Pagefind;

/**
 * Pagefind's services in this process, by slot, with how many users each has. Pagefind's Node API
 * keeps one service (a process of its own, using a core) per instance of its module, and the
 * module loaded under another URL (`?service=1`) is another instance: so one process drives
 * several services.
 */
const services = new Map<number, { api: Promise<PagefindApi>; users: number }>();

export function openService(slot: number): Promise<PagefindApi> {
  let service = services.get(slot);
  if (!service) {
    const url = import.meta.resolve("pagefind");
    service = { api: import(slot === 0 ? url : `${url}?service=${slot}`) as Promise<PagefindApi>, users: 0 };
    services.set(slot, service);
  }
  service.users++;
  return service.api;
}

export async function closeService(slot: number): Promise<void> {
  const service = services.get(slot);
  if (!service || --service.users > 0) return;
  services.delete(slot);
  await (await service.api).close();
}

/**
 * Indexes `records` (in their order, which the index files depend on) and writes the index to
 * `outputPath`, replacing what was there; resolves to the number of pages written.
 */
export async function writeIndex(
  api: PagefindApi,
  records: SearchRecord[],
  language: string,
  outputPath: string,
): Promise<number> {
  const { index, errors } = await api.createIndex({ forceLanguage: language });
  if (!index) throw new SearchIndexError("starting Pagefind", errors.length ? errors : ["no index"]);
  try {
    const responses = await Promise.all(records.map((record) => index.addCustomRecord(record)));
    const failed = responses.flatMap((response, i) => response.errors.map((error) => `${records[i]!.url}: ${error}`));
    if (failed.length) throw new SearchIndexError("adding pages", failed);
    rmSync(outputPath, { recursive: true, force: true });
    const written = await index.writeFiles({ outputPath });
    if (written.errors.length) throw new SearchIndexError("writing the index", written.errors);
    for (const file of UNUSED_BUNDLE_FILES) rmSync(path.join(outputPath, file), { force: true });
    const pages = pageCount(outputPath);
    if (pages !== records.length) {
      throw new SearchIndexError("writing the index", [`it holds ${pages} pages of the ${records.length} given`]);
    }
    return pages;
  } finally {
    await index.deleteIndex();
  }
}

/** The pages an index written to `folder` holds, from its entry file. */
function pageCount(folder: string): number {
  const file = path.join(folder, "pagefind-entry.json");
  if (!existsSync(file)) return 0;
  const entry = JSON.parse(readFileSync(file, "utf8")) as {
    languages: Record<string, { page_count: number }>;
  };
  return Object.values(entry.languages).reduce((sum, language) => sum + language.page_count, 0);
}
