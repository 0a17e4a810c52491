/**
 * How long `npm start` takes to show an edit: starts the preview of a content folder in a child
 * process (`command`: Node's options, the script and its arguments, as package.json runs it),
 * waits for its first build, then saves a change to an article (`edit`) a few times and measures
 * from each save to the preview's "Updated" line (its reload).
 */
import { spawn } from "node:child_process";
import { PROJECT_ROOT } from "../lib/project.js";

export async function measurePreviewRebuilds(
  command: string[],
  input: string,
  output: string,
  edit: (round: number) => void,
  rounds = 3,
): Promise<number[]> {
  const child = spawn(
    process.execPath,
    [...command, `--input=${input}`, `--output=${output}`, `--port=${18_000 + Math.floor(Math.random() * 2000)}`],
    {
      cwd: PROJECT_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let log = "";
  let waiting: { pattern: RegExp; resolve: () => void } | undefined;
  const check = () => {
    if (waiting?.pattern.test(log)) {
      log = "";
      waiting.resolve();
      waiting = undefined;
    }
  };
  child.stdout.on("data", (data: Buffer) => {
    log += data.toString();
    check();
  });
  let exited: Error | undefined;
  const stopped = new Promise<never>((_, reject) =>
    child.once("exit", (code) =>
      reject((exited = new Error(`the preview stopped (exit ${code}): ${log.slice(-2000)}`))),
    ),
  );
  stopped.catch(() => {});
  const next = (pattern: RegExp) => {
    if (exited) return Promise.reject(exited);
    const found = new Promise<void>((resolve) => (waiting = { pattern, resolve }));
    check();
    return Promise.race([found, stopped]);
  };
  try {
    await next(/Preview at/);
    const seconds: number[] = [];
    for (let round = 0; round < rounds; round++) {
      // Files changed in the last two seconds are read in full (see parse-cache.ts); so are the edited ones anyway.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const started = performance.now();
      edit(round);
      await next(/Updated \d+ files/);
      seconds.push((performance.now() - started) / 1000);
    }
    return seconds;
  } finally {
    child.kill("SIGTERM");
  }
}
