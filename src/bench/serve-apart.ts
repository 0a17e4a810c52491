/**
 * The loopback server of the search measurement, in a process of its own: in the measuring
 * process its responses would wait behind the browser driver's work (tens of milliseconds per
 * file), which no CDN adds.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serveStatic } from "../dev/static-server.js";

export interface ApartServer {
  url: string;
  close(): Promise<void>;
}

/** Serves `root` compressed, as a CDN would, from a child process. */
export async function serveApart(root: string): Promise<ApartServer> {
  const child = spawn(
    process.execPath,
    ["--import", import.meta.resolve("tsx"), fileURLToPath(import.meta.url), root],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  let output = "";
  child.stdout.setEncoding("utf8");
  while (!output.includes("\n")) {
    const [chunk] = (await Promise.race([once(child.stdout, "data"), once(child, "exit").then(() => [undefined])])) as [
      string | undefined,
    ];
    if (chunk === undefined) throw new Error("the benchmark's static server did not start");
    output += chunk;
  }
  return {
    url: output.trim(),
    close: async () => {
      child.kill();
      if (child.exitCode === null) await once(child, "exit");
    },
  };
}

// Run as a script: serve the folder and print the URL.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const server = await serveStatic(path.resolve(process.argv[2]!), "/", [], { compress: true });
  console.log(server.url);
}
