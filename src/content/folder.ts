/** The content folder on disk: which files it has. */
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

/**
 * Lists files under `dir` (relative to `root`) whose names end with one of `extensions`, skipping
 * hidden files and folders, sorted. Walks the folders itself: Node's recursive `readdirSync` is
 * much slower on a large archive.
 */
export function listFiles(root: string, dir: string, extensions: string[], recursive = true): string[] {
  if (!existsSync(path.join(root, dir))) return [];
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(path.join(root, folder), { withFileTypes: true })) {
      if (entry.name.startsWith(".")) continue;
      const file = `${folder}/${entry.name}`;
      if (entry.isDirectory()) {
        if (recursive) walk(file);
      } else if (extensions.some((extension) => entry.name.toLowerCase().endsWith(extension))) {
        found.push(file);
      }
    }
  };
  walk(dir);
  return found.sort();
}

/** Whether a content path names a file inside `root` (an absolute path). */
export function fileChecker(root: string): (contentPath: string) => boolean {
  return (contentPath) => {
    const resolved = path.resolve(root, contentPath);
    return resolved.startsWith(root + path.sep) && isFile(resolved);
  };
}

/** One stat call rather than two (`existsSync`, then `statSync`): it runs for every image and link. */
function isFile(file: string): boolean {
  try {
    return statSync(file, { throwIfNoEntry: false })?.isFile() === true;
  } catch {
    return false;
  }
}
