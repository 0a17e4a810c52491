/**
 * `npm run next-publish [-- --input=DIR]`: prints the moment the next scheduled article or live
 * update goes out (the earliest date after now of one that is not a draft) as ISO 8601 in UTC, e.g.
 * `2099-01-01T18:00:00Z`, or nothing when none is scheduled. UTC, because CI cron schedules are
 * in UTC. Content errors are printed on stderr and exit 1: the build would refuse the folder too.
 */
import { formatIssue, sortIssues } from "../src/content/issues.js";
import { loadContent } from "../src/content/load.js";
import { nextPublication } from "../src/writer/schedule.js";
import { readArgs, readNow } from "./args.js";

const { values } = readArgs({
  input: { type: "string", default: "content" },
  now: { type: "string" },
});
const input = values.input as string;
const now = readNow(values.now as string | undefined);
const { content, issues } = loadContent(input, { now, render: false });
if (!content) {
  for (const issue of sortIssues(issues.filter((issue) => issue.severity === "error")))
    console.error(formatIssue(issue, input));
  console.error(`\nnext-publish: ${input} has errors; run npm run check for the full report.`);
  process.exit(1);
}
const next = nextPublication(content, now);
if (next) console.log(next.toUTC().toISO({ suppressMilliseconds: true }));
