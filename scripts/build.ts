/**
 * `npm run build [-- --input=DIR --output=DIR --incremental]`: validates the content folder and
 * builds the site. Content problems are listed one per line (`path:line  field  message`) and
 * the previous output is left untouched. `--incremental` renders only what changed since the
 * last build of the same output folder (`npm run build:incremental`).
 */
import { DateTime } from "luxon";
import { formatIssue, sortIssues } from "../src/content/index.js";
import { buildSite } from "../src/pipeline/build-site.js";
import { tuningFromEnvironment } from "../src/pipeline/options.js";
import { BuildStopped, outcomeMessage } from "../src/pipeline/outcome.js";
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
  const incremental = values.incremental as boolean;
  const result = await buildSite({ input, output, now, incremental, tuning: tuningFromEnvironment() });
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
  for (const warning of result.warnings) console.error(warning);
} catch (error) {
  const stopped = error instanceof BuildStopped ? error : undefined;
  console.error(`Build failed: ${(error as Error).message}`);
  if (process.env.BROADSHEET_DEBUG) console.error(stopped?.cause ?? error);
  console.error(outcomeMessage(stopped?.written ?? "nothing", output));
  process.exit(1);
}
