/**
 * The child process of `parseAhead`: parses the articles from `task.from` on into the cache file
 * `task.file`, then exits (0 when it wrote it, or could not: the parent checks the file).
 */
import { listFiles } from "./folder.js";
import { type ParseAheadTask, parseIntoCache } from "./parse-ahead.js";

const task = JSON.parse(process.argv[2]!) as ParseAheadTask;
const files = listFiles(task.contentDir, "articles", [".md"]);
// Articles added or removed since the parent listed them: the halves would not meet.
if (files.length !== task.count) process.exit(3);
parseIntoCache(task.contentDir, files.slice(task.from), { cacheDir: task.cacheDir, render: task.render }, task.file);
