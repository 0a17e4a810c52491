/**
 * `npm run edit`: the browser editor on this machine, no account needed. Three parts, all on
 * loopback:
 *
 * - the live preview (preview.ts), whose build also publishes the editor at `admin/`, configured
 *   for the local backend;
 * - Decap's local backend (`decap-server`, in its own process), which reads and writes the
 *   content folder itself;
 * - the editor's server: the preview's output as a CDN serves it (with its `_headers`, so the
 *   editor runs under the policy it has in production), and the backend's API at `/api/v1` on
 *   the same origin.
 *
 * What the editor saves lands in the content folder, and the preview builds again.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import path from "node:path";
import { type Preview, type PreviewOptions, servedBasePath, startPreview } from "./preview.js";
import { type HeaderRule, parseHeadersFile, serveStatic } from "./static-server.js";

export interface EditorOptions extends Omit<PreviewOptions, "editor"> {
  /** The editor's port (the preview has `port`). */
  editorPort: number;
}

export interface LocalEditor {
  /** The editor's address (`.../admin/`). */
  url: string;
  preview: Preview;
  close(): Promise<void>;
}

/** Where the editor's page finds the backend: on its own origin. */
const API_PATH = "/api/v1";

export async function startEditor(options: EditorOptions): Promise<LocalEditor> {
  const input = path.resolve(options.input);
  const output = path.resolve(options.output);
  const backend = await startBackend(input);
  let preview: Preview | undefined;
  try {
    preview = await startPreview({ ...options, editor: { apiUrl: API_PATH } });
    const started = preview;
    const basePath = servedBasePath(input);
    const server = await serveStatic(output, basePath, headerRules(output), {
      port: options.editorPort,
      handle: (request, response) => {
        if (!request.url?.startsWith(API_PATH)) return false;
        void forward(request, response, backend.url);
        return true;
      },
    });
    return {
      url: `${server.url}${basePath}admin/`,
      preview: started,
      close: async () => {
        await server.close();
        await started.close();
        backend.stop();
      },
    };
  } catch (error) {
    // Nothing of a half-started editor keeps running: the preview stops with the backend.
    await preview?.close();
    backend.stop();
    throw error;
  }
}

/** The output's `_headers` rules, read again when a build has rewritten the file. */
function headerRules(output: string): () => HeaderRule[] {
  let read = { mtime: -1, rules: [] as HeaderRule[] };
  return () => {
    const file = path.join(output, "_headers");
    const mtime = existsSync(file) ? statSync(file).mtimeMs : 0;
    if (mtime !== read.mtime) read = { mtime, rules: mtime ? parseHeadersFile(readFileSync(file, "utf8")) : [] };
    return read.rules;
  };
}

/** Passes a request of the editor to the backend and its answer back. */
async function forward(request: IncomingMessage, response: ServerResponse, backend: string): Promise<void> {
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const answer = await fetch(`${backend}${request.url}`, {
      method: request.method,
      headers: { "content-type": String(request.headers["content-type"] ?? "application/json") },
      body: request.method === "GET" || request.method === "HEAD" ? undefined : Buffer.concat(chunks),
    });
    const body = Buffer.from(await answer.arrayBuffer());
    response.writeHead(answer.status, {
      "content-type": answer.headers.get("content-type") ?? "application/json",
      "content-length": String(body.length),
    });
    response.end(body);
  } catch (error) {
    response.writeHead(502, { "content-type": "application/json" });
    response.end(JSON.stringify({ error: `The local backend did not answer: ${(error as Error).message}` }));
  }
}

const require = createRequire(import.meta.url);

/** Starts decap-server on a free loopback port, writing into `contentDir`; resolves when it listens. */
async function startBackend(contentDir: string): Promise<{ url: string; stop(): void }> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [require.resolve("decap-server/dist/index.js")], {
    env: { ...process.env, PORT: String(port), BIND_HOST: "127.0.0.1", GIT_REPO_DIRECTORY: contentDir, MODE: "fs" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let said = "";
  const listen = (chunk: Buffer) => {
    said += chunk.toString();
  };
  await new Promise<void>((resolve, reject) => {
    const ready = () => {
      if (said.includes("listening")) resolve();
    };
    for (const stream of [child.stdout!, child.stderr!]) stream.on("data", listen).on("data", ready);
    child.once("exit", (code) => reject(new Error(`decap-server stopped (exit code ${code}): ${said.trim()}`)));
  });
  // Once it listens, what it says is no longer kept.
  for (const stream of [child.stdout!, child.stderr!]) stream.removeAllListeners("data");
  child.stdout!.resume();
  child.stderr!.resume();
  // Never left running by an editor that stopped without closing.
  const stop = () => child.kill();
  process.once("exit", stop);
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => {
      process.off("exit", stop);
      stop();
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
