/**
 * `npm run comments -- --queue=DIR [--input=DIR] [--port=N] [--host=H] [--rate=N] [--trusted-header=NAME]
 * [--reload-interval=SECONDS]`: the comment intake server. It takes submissions from the article form into the
 * moderation queue; editors approve them with `npm run comments:approve`. It reads the content again, in the
 * background, every `--reload-interval` seconds (default 300, 0 for never) and on SIGHUP.
 */

import { createCommentServer } from "../src/comments/server.js";
import { formatIssue, sortIssues } from "../src/content/index.js";
import { readArgs } from "./args.js";

const { values } = readArgs({
  input: { type: "string", default: "content" },
  queue: { type: "string" },
  port: { type: "string", default: "8787" },
  host: { type: "string", default: "127.0.0.1" },
  rate: { type: "string", default: "5" },
  "trusted-header": { type: "string" },
  "reload-interval": { type: "string", default: "300" },
});
const input = values.input as string;
const queue = values.queue as string | undefined;
const port = Number(values.port);
const rate = Number(values.rate);
const trustedHeader = values["trusted-header"] as string | undefined;
const reloadInterval = Number(values["reload-interval"]);

const usage = (message: string) => {
  console.error(
    `${message}\nUsage: npm run comments -- --queue=DIR [--input=CONTENT_DIR] [--port=8787] [--host=127.0.0.1] [--rate=5] [--trusted-header=X-Forwarded-For] [--reload-interval=300]`,
  );
  process.exit(2);
};
if (!queue) usage("--queue is required: the folder where submissions wait for moderation.");
if (!Number.isInteger(port) || port < 0 || port > 65535)
  usage(`--port must be a port number (0-65535), got "${values.port}".`);
if (!Number.isInteger(rate) || rate < 0)
  usage(
    `--rate must be a whole number of comments per minute per address (0 turns the limit off), got "${values.rate}".`,
  );
if (trustedHeader !== undefined && !/^[A-Za-z0-9-]+$/.test(trustedHeader))
  usage(`--trusted-header must be a header name such as X-Forwarded-For, got "${trustedHeader}".`);
if (!Number.isFinite(reloadInterval) || reloadInterval < 0)
  usage(
    `--reload-interval must be the seconds between reloads of the content (0 for never), got "${values["reload-interval"]}".`,
  );

try {
  const { server, issues } = await createCommentServer({
    contentDir: input,
    queueDir: queue!,
    rate,
    trustedHeader,
    reloadIntervalMs: reloadInterval * 1000,
  });
  if (!server) {
    // Warnings are the build's business; only what stops the server is shown here.
    const errors = sortIssues(issues.filter((issue) => issue.severity === "error"));
    for (const issue of errors) console.error(formatIssue(issue, input));
    console.error(
      `\nThe comment server did not start: ${errors.length} problem${errors.length === 1 ? "" : "s"} in ${input}.`,
    );
    process.exit(1);
  }
  const url = await server.listen(port, values.host as string);
  console.log(`Comment server listening on ${url} (POST ${url}/comments, GET ${url}/health)`);
  console.log(
    `Queue: ${queue}; rate limit: ${rate ? `${rate} a minute per address` : "off"}; client address: ${trustedHeader ? `${trustedHeader} header` : "socket"}; content reloaded ${reloadInterval ? `every ${reloadInterval} s` : "on SIGHUP only"}`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing requests in progress, then stopping.`);
    await server.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
  // The server reports the reload's start and end; requests are answered meanwhile.
  process.on("SIGHUP", () => void server.index.reload("SIGHUP"));
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === "EADDRINUSE"
      ? `port ${port} is already in use (choose another with --port)`
      : code === "EACCES"
        ? `not allowed to use ${values.host}:${port} or ${queue}`
        : (error as Error).message;
  console.error(`The comment server did not start: ${reason}`);
  if (process.env.BROADSHEET_DEBUG) console.error(error);
  process.exit(1);
}
