/**
 * Keeps the cache folder from growing without end: test runs make many short-lived content
 * folders, and a run that dies leaves its temporary files.
 */
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { headerOf } from "./format.js";
import { EXTENSION } from "./locations.js";

/** How long a temporary file may sit before it counts as left by a run that died. */
const TEMPORARY_LIFETIME_MS = 3_600_000;

/** Removes from `dir` the cache files (other than `keep`) of content folders that no longer exist, and stale temporary files. */
export function removeOrphans(dir: string, keep: string, now = Date.now()): void {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (name.endsWith(".tmp")) {
      if (now - (statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? now) > TEMPORARY_LIFETIME_MS)
        rmSync(file, { force: true });
      continue;
    }
    if (file === keep || !name.endsWith(EXTENSION)) continue;
    const contentDir = headerOf(file)?.contentDir;
    if (typeof contentDir === "string" && !existsSync(contentDir)) rmSync(file, { force: true });
  }
}
