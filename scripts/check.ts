/**
 * `npm run check [-- --input=DIR]`: validates a content folder without building it. Prints every
 * finding as `path:line  field  message` (warnings marked `warning:`), then a summary line.
 * Exits 1 when there is an error, 0 when there are only warnings or nothing at all. What each
 * file says on its own is cached in .cache/broadsheet/ (BROADSHEET_CACHE=0 turns that off).
 */
import { parseCacheDir } from "../src/content/index.js";
import { checkContent } from "../src/writer/check.js";
import { readArgs, readNow } from "./args.js";

const { values, positionals } = readArgs({
  input: { type: "string", default: "content" },
  now: { type: "string" },
});
if (positionals.length) {
  console.error(`unexpected argument ${positionals[0]}  (usage: npm run check -- --input=DIR)`);
  process.exit(2);
}
const report = await checkContent({
  input: values.input as string,
  now: readNow(values.now as string | undefined),
  cacheDir: parseCacheDir(),
});
for (const line of report.lines) console.log(line);
process.exitCode = report.ok ? 0 : 1;
