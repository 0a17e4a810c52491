/**
 * `npm run build [-- --input=DIR --output=DIR --incremental]`: validates the content folder and
 * builds the site. Content problems are listed one per line (`path:line  field  message`) and
 * the previous output is left untouched. `--incremental` renders only what changed since the
 * last build of the same output folder (`npm run build:incremental`).
 */
import { DateTime } from "luxon";
import { buildSite } from "../src/build/build-site.js";
import { formatIssue, sortIssues } from "../src/content/index.js";
import { readArgs } from "./args.js";

const { values } = readArgs({
  input: { type: "string", default: "content" },
  output: { type: "string", default: "_site" },
  now: { type: "string" },
  incremental: { type: "boolean", default: false },
});
const input = values.input as string;
const output = values.output as string;
const now = values.now ? DateTime.fromISO(values.now as string, { setZone: true }) : DateTime.now();
if (!now.isValid) {
  console.error(`--now must be an ISO 8601 date-time, got "${values.now}"`);
  process.exit(2);
}

const started = performance.now();
try {
  const result = await buildSite({ input, output, now, incremental: values.incremental as boolean });
  // Paths are printed as the writer gave the folder, so editors can jump to them.
  for (const issue of sortIssues(result.issues)) console.error(formatIssue(issue, input));
  if (!result.ok) {
    const errors = result.issues.filter((issue) => issue.severity === "error").length;
    console.error(
      `\nBuild stopped: ${errors} problem${errors === 1 ? "" : "s"} in ${input}. Nothing was written; ${output} is unchanged.`,
    );
    process.exit(1);
  }
  const what = result.incremental ? `Updated ${result.pageCount} files in` : `Built ${result.pageCount} pages into`;
  console.log(`${what} ${output} in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
} catch (error) {
  console.error(`Build failed: ${(error as Error).message}`);
  if (process.env.BROADSHEET_DEBUG) console.error(error);
  console.error(`Nothing was written; ${output} is unchanged.`);
  process.exit(1);
}
