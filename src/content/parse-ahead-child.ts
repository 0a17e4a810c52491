/**
 * The child process of `parseAhead`: parses the articles from `task.from` on into the cache file
 * `task.file`, then exits (0 when it wrote it).
 */
import { listFiles, parseIntoCache } from "./load.js";
import type { ParseAheadTask } from "./parse-ahead.js";

const task = JSON.parse(process.argv[2]!) as ParseAheadTask;
const files = listFiles(task.contentDir, "articles", [".md"]).slice(task.from);
parseIntoCache(task.contentDir, files, { cacheDir: task.cacheDir, render: task.render, file: task.file });
