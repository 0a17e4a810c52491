import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

// Tests and the builds they start run in a zone unlike any fixture site's (UTC+12:45/+13:45), so code
// that leans on the machine's time zone fails them.
process.env.TZ = "Pacific/Chatham";
// Parse caches and build records of the sites tests build stay out of the project's .cache/.
process.env.BROADSHEET_CACHE_DIR = path.join(tmpdir(), "broadsheet-test-cache");
// The fixture sites hold a handful of articles: one search shard per year, so tests see several.
process.env.BROADSHEET_SEARCH_SHARD_PAGES = "1";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Builds run as child processes; two cores, so at most two test files at once.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Browser tests poll the page for what a reader would see; a first Pagefind search alone takes
    // a second on this kind of machine, more when the other test worker is building a site.
    expect: { poll: { timeout: 15_000 } },
  },
});
