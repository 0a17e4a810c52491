/**
 * What a cached value depends on: the bytes of its file (a hash, or the file's size and
 * modification time as a cheaper stand-in) and the code that made it.
 */
import { hash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** A short hash of a file's bytes (or of any text), for cache keys. */
export function contentHash(data: string | Uint8Array): string {
  return hash("sha1", data, "base64");
}

/**
 * A file's size and modification time, as a cache stamp; undefined when the file was modified in
 * the last two seconds, because a second change within the clock's resolution could keep both
 * (git's "racily clean" files): such a file is read and hashed until it has been still for a while.
 */
export function fileStamp(stats: { size: number; mtimeMs: number }, now = Date.now()): string | undefined {
  return now - stats.mtimeMs < 2000 ? undefined : `${stats.size}:${stats.mtimeMs}`;
}

/**
 * A fingerprint of the code that produces cached values: the sources under `src/content/` and
 * `src/lib/` of the project at `root`, its installed packages and the Node version. Editing the
 * loader or upgrading markdown-it then discards old entries instead of serving what the old code made.
 */
export function codeFingerprint(root: string): string {
  const parts: string[] = [process.version];
  for (const folder of ["src/content", "src/lib"]) {
    const absolute = path.join(root, folder);
    const files = existsSync(absolute)
      ? readdirSync(absolute, { recursive: true, encoding: "utf8" })
          .filter((name) => /\.[cm]?[jt]s$/.test(name))
          .map((name) => name.split(path.sep).join("/"))
          .sort()
      : [];
    for (const name of files) parts.push(`${folder}/${name}`, contentHash(readFileSync(path.join(absolute, name))));
  }
  for (const lock of ["node_modules/.package-lock.json", "package-lock.json"]) {
    const file = path.join(root, lock);
    if (existsSync(file)) {
      parts.push(lock, contentHash(readFileSync(file)));
      break;
    }
  }
  return contentHash(parts.join("\n"));
}
