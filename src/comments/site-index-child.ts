/**
 * The child process of `indexSiteApart`: indexes the content folder, sends the result to the
 * parent (see `IndexMessage`), and exits.
 */
import { INDEX_BATCH, type IndexMessage, type IndexTask, indexSite, type SiteIndex } from "./site-index.js";

const task = JSON.parse(process.argv[2]!) as IndexTask;
const { index, issues } = indexSite(task.contentDir, new Date(task.now));
let site: Omit<SiteIndex, "articles"> | undefined;
if (index) {
  const { articles, ...rest } = index;
  site = rest;
  const entries = [...articles];
  for (let from = 0; from < entries.length; from += INDEX_BATCH) {
    process.send!({ articles: entries.slice(from, from + INDEX_BATCH) } satisfies IndexMessage);
  }
}
// Messages go out in order: once the last is written, so are the batches before it.
process.send!({ site, issues } satisfies IndexMessage, () => process.disconnect());
