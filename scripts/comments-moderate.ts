/**
 * The editor's moderation commands:
 *   npm run comments:list -- --queue=DIR
 *   npm run comments:approve -- --queue=DIR [--input=CONTENT_DIR] ID...
 *   npm run comments:reject -- --queue=DIR ID...
 * Approve and reject check every id first: one bad id and nothing is changed.
 */
import {
  approveComments,
  formatQueue,
  listQueue,
  type ModerationResult,
  rejectComments,
} from "../src/comments/moderate.js";
import { readArgs } from "./args.js";

const { values, positionals } = readArgs({
  input: { type: "string", default: "content" },
  queue: { type: "string" },
});
const [command, ...ids] = positionals;
const queue = values.queue as string | undefined;
const input = values.input as string;

const usage = (message: string) => {
  console.error(
    `${message}\nUsage:\n  npm run comments:list -- --queue=DIR\n  npm run comments:approve -- --queue=DIR [--input=CONTENT_DIR] ID...\n  npm run comments:reject -- --queue=DIR ID...`,
  );
  process.exit(2);
};
if (!queue) usage("--queue is required: the folder the comment server writes to.");
if (command !== "list" && command !== "approve" && command !== "reject") usage(`Unknown command "${command ?? ""}".`);
if (command !== "list" && ids.length === 0)
  usage(`Name the comments to ${command} by id (npm run comments:list shows them).`);

const report = (result: ModerationResult, verb: string) => {
  if (result.errors.length) {
    for (const error of result.errors) console.error(error);
    console.error(`\nNothing was ${verb}: fix the problems above and run the command again.`);
    process.exit(1);
  }
  for (const line of result.done) console.log(line);
};

try {
  if (command === "list") {
    const contents = await listQueue(queue!);
    for (const problem of contents.problems)
      console.error(`warning: ${queue}/${problem.file}: ${problem.message}  (reject it, or fix the file by hand)`);
    const count = contents.comments.length;
    if (count === 0) console.log(`No comments awaiting moderation in ${queue}.`);
    else {
      console.log(`${count} comment${count === 1 ? "" : "s"} awaiting moderation in ${queue}, oldest first:\n`);
      for (const line of formatQueue(contents)) console.log(line);
      console.log(`\nApprove: npm run comments:approve -- --input=${input} --queue=${queue} ID...`);
      console.log(`Reject:  npm run comments:reject -- --queue=${queue} ID...`);
    }
  } else if (command === "approve") {
    const result = await approveComments({ contentDir: input, queueDir: queue!, ids });
    report(result, "approved");
    console.log(
      `\nCommit ${input}/comments and rebuild the site to publish ${result.done.length === 1 ? "it" : "them"}.`,
    );
  } else {
    report(await rejectComments({ queueDir: queue!, ids }), "rejected");
  }
} catch (error) {
  console.error(`comments:${command} failed: ${(error as Error).message}`);
  if (process.env.BROADSHEET_DEBUG) console.error(error);
  process.exit(1);
}
