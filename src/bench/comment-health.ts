/**
 * How long the comment server keeps `GET /health` waiting while it re-reads its content folder:
 * start the real server (`npm run comments`) on a folder, send it SIGHUP, and ask for /health
 * one request after another until the server says the content is reloaded. Run it on a generated
 * corpus: `node --import tsx src/bench/comment-health.ts DIR`. The probes are paced (one every
 * `PACE_MS` at most) so that the client does not take a core of a small machine from the server.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { get } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const PACE_MS = 10;
const SERVER_SCRIPT = fileURLToPath(new URL("../../scripts/comments-server.ts", import.meta.url));

export interface HealthDuringReload {
  /** Milliseconds from SIGHUP to the server's line saying the content is reloaded. */
  reloadMs: number;
  /** /health requests answered while the reload ran. */
  probes: number;
  medianMs: number;
  p99Ms: number;
  maxMs: number;
  /** Median /health time with nothing else going on, for comparison. */
  idleMedianMs: number;
}

/** Measures /health during one SIGHUP reload of `contentDir`. */
export async function measureHealthDuringReload(contentDir: string): Promise<HealthDuringReload> {
  const queue = mkdtempSync(path.join(tmpdir(), "broadsheet-bench-queue-"));
  const child = spawn(
    process.execPath,
    ["--import", import.meta.resolve("tsx"), SERVER_SCRIPT, `--input=${contentDir}`, `--queue=${queue}`, "--port=0"],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  try {
    const url = (await until(child, () => /listening on (http:\/\/\S+)/.exec(output)?.[1]))!;
    const probe = async () => {
      const started = performance.now();
      await healthCheck(url);
      return performance.now() - started;
    };
    const idle: number[] = [];
    for (let i = 0; i < 20; i++) idle.push(await probe());

    const reloaded = () => /reloaded .*\b\d+ articles/i.test(output);
    const started = performance.now();
    child.kill("SIGHUP");
    const times: number[] = [];
    while (!reloaded()) {
      const time = await probe();
      times.push(time);
      if (time < PACE_MS) await new Promise((resolve) => setTimeout(resolve, PACE_MS - time));
      if (child.exitCode !== null) throw new Error("the comment server exited during the reload");
    }
    const reloadMs = performance.now() - started;
    return {
      reloadMs,
      probes: times.length,
      medianMs: quantile(times, 0.5),
      p99Ms: quantile(times, 0.99),
      maxMs: Math.max(...times),
      idleMedianMs: quantile(idle, 0.5),
    };
  } finally {
    child.kill("SIGKILL");
    rmSync(queue, { recursive: true, force: true });
  }
}

/**
 * One `GET /health` on a connection of its own: a kept-alive one may be closed by the server's
 * idle timer the moment it is reused after a stall, which would fail the probe rather than time it.
 */
function healthCheck(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    get(`${url}/health`, { agent: false }, (response) => {
      response.resume();
      response.once("end", () =>
        response.statusCode === 200 ? resolve() : reject(new Error(`/health answered ${response.statusCode}`)),
      );
    }).once("error", reject);
  });
}

/** Resolves with `found()`'s first defined value, checked whenever the server prints. */
function until<T>(child: ChildProcess, found: () => T | undefined): Promise<T> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const value = found();
      if (value === undefined) return;
      child.stdout!.off("data", check);
      child.off("exit", onExit);
      resolve(value);
    };
    const onExit = () => reject(new Error("the comment server exited before it started"));
    child.stdout!.on("data", check);
    child.once("exit", onExit);
    check();
  });
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;
}

// Run as a script: measure the folder given and print the figures.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const folder = process.argv[2];
  if (!folder) {
    console.error("Usage: node --import tsx src/bench/comment-health.ts CONTENT_DIR");
    process.exit(2);
  }
  const result = await measureHealthDuringReload(path.resolve(folder));
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  console.log(
    `reload ${(result.reloadMs / 1000).toFixed(1)} s; /health during it: ${result.probes} answered, median ${ms(result.medianMs)}, 99th percentile ${ms(result.p99Ms)}, slowest ${ms(result.maxMs)}; idle median ${ms(result.idleMedianMs)}`,
  );
}
