/** Starts the real comment server (`npm run comments`) as a child process on a loopback port. */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { PROJECT_ROOT } from "./site.js";

export interface SpawnedCommentServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  child: ChildProcess;
  /** Everything the server printed so far. */
  stdout: () => string;
  stderr: () => string;
  /**
   * Resolves once the server's output matches `pattern` (checked as each chunk arrives), or
   * rejects after `timeoutMs` with what it printed: the tests' way to wait for a reload to end.
   */
  waitForOutput: (pattern: RegExp, timeoutMs?: number) => Promise<void>;
  /** Sends `signal` and resolves with how the process ended. */
  stop: (signal?: NodeJS.Signals) => Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs the server with `args` (add `--port=0`) and resolves once it prints where it listens. */
export function spawnCommentServer(args: string[]): Promise<SpawnedCommentServer> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(PROJECT_ROOT, "scripts/comments-server.ts"), ...args],
    {
      cwd: PROJECT_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const onData = () => {
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (!match) return;
      child.stdout!.off("data", onData);
      resolve({
        url: match[1]!,
        child,
        stdout: () => stdout,
        stderr: () => stderr,
        waitForOutput: (pattern, timeoutMs = 30_000) =>
          new Promise((resolveWait, rejectWait) => {
            const check = () => {
              if (!pattern.test(stdout)) return;
              finish();
              resolveWait();
            };
            const timer = setTimeout(() => {
              finish();
              rejectWait(new Error(`no ${pattern} from the comment server in ${timeoutMs} ms:\n${stdout}\n${stderr}`));
            }, timeoutMs);
            const finish = () => {
              clearTimeout(timer);
              child.stdout!.off("data", check);
            };
            child.stdout!.on("data", check);
            check();
          }),
        stop: (signal = "SIGTERM") => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return exited;
        },
      });
    };
    child.stdout!.on("data", onData);
    void exited.then(({ code, signal }) =>
      reject(new Error(`comment server exited (${code ?? signal}) before listening:\n${stderr}`)),
    );
  });
}

/** Posts JSON to the server's /comments. */
export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/comments`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** Posts URL-encoded fields, as a plain HTML form does; redirects are not followed. */
export function postForm(
  url: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${url}/comments`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: "manual",
  });
}
