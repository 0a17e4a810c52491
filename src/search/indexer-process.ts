/**
 * An indexer process: a `ShardIndexer` (shard-indexer.ts) driven by the build over IPC. The build
 * starts two, so indexing uses the second core while Eleventy renders, and both once it is done.
 */
import type { IndexerRequest } from "./indexer.js";
import { ShardIndexer } from "./shard-indexer.js";

const indexer = new ShardIndexer(process.argv[2]!, (message) => process.send!(message));

process.on("message", (message: IndexerRequest) => indexer.handle(message));

process.on("disconnect", () => {
  void indexer.close().finally(() => process.exit(0));
});
