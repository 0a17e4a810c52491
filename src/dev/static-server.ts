/**
 * A static file server on loopback that serves an output folder under a base path, the way a
 * CDN would: `/news/x/` → `x/index.html`, unknown paths → the site's 404.html with status 404.
 */
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { brotliCompress, gzip } from "node:zlib";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".wasm": "application/wasm",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".svg": "image/svg+xml",
  ".txt": "text/plain; charset=utf-8",
  ".yml": "text/yaml; charset=utf-8",
};

/** Types a CDN compresses on the way out (Netlify and Cloudflare Pages do, with Brotli or gzip). */
const COMPRESSIBLE = /^(text\/|application\/(json|xml|wasm)|image\/svg)/;

const COMPRESS = { br: promisify(brotliCompress), gzip: promisify(gzip) };
/** Compressed bodies kept, as a CDN's edge keeps them, so a file is compressed once, not on every request. */
const CACHE_LIMIT_BYTES = 64 * 1024 * 1024;

/** Compressed copies of files, by path, modification time and encoding; the oldest go first when full. */
class CompressedCache {
  private entries = new Map<string, Promise<Buffer>>();
  private bytes = 0;

  get(file: string, mtimeMs: number, encoding: "br" | "gzip"): Promise<Buffer> {
    const key = `${encoding}:${mtimeMs}:${file}`;
    let body = this.entries.get(key);
    if (!body) {
      body = COMPRESS[encoding](readFileSync(file));
      this.entries.set(key, body);
      void body.then(
        (buffer) => this.account(buffer.length),
        () => this.entries.delete(key),
      );
    }
    return body;
  }

  private account(size: number) {
    this.bytes += size;
    for (const [key, body] of this.entries) {
      if (this.bytes <= CACHE_LIMIT_BYTES) break;
      this.entries.delete(key);
      void body.then((buffer) => (this.bytes -= buffer.length));
    }
  }
}

export interface ServeOptions {
  /** Compress text responses with Brotli or gzip when the browser accepts it, as the hosts do. @default false */
  compress?: boolean;
  /** The loopback port. @default any free one */
  port?: number;
  /** Answers the requests it takes (returns true for them) before the files are looked at. */
  handle?: (request: IncomingMessage, response: ServerResponse) => boolean;
}

export interface StaticServer {
  url: string;
  /** Bytes sent per request path (uncompressed file sizes), for payload measurements. */
  sent: Map<string, number>;
  close: () => Promise<void>;
  server: Server;
}

export async function serveStatic(
  root: string,
  basePath = "/",
  /** The `_headers` rules, or where to read them afresh for every request (an output that is rebuilt). */
  headerRules: HeaderRule[] | (() => HeaderRule[]) = [],
  options: ServeOptions = {},
): Promise<StaticServer> {
  const sent = new Map<string, number>();
  const compressed = new CompressedCache();
  const server = createServer((request, response) => {
    if (options.handle?.(request, response)) return;
    const url = new URL(request.url ?? "/", "http://localhost");
    let pathname = decodeURIComponent(url.pathname);
    if (!pathname.startsWith(basePath)) pathname = "/__outside_base__";
    let file = path.join(root, pathname.slice(basePath.length));
    if (!file.startsWith(root)) file = path.join(root, "__nope__");
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, "index.html");
    let status = 200;
    if (!existsSync(file)) {
      status = 404;
      file = path.join(root, "404.html");
    }
    const type = TYPES[path.extname(file)] ?? "application/octet-stream";
    const stats = existsSync(file) ? statSync(file) : undefined;
    const size = stats?.size ?? 0;
    sent.set(url.pathname, (sent.get(url.pathname) ?? 0) + size);
    const accepted = String(request.headers["accept-encoding"] ?? "");
    const encoding =
      options.compress && size && COMPRESSIBLE.test(type)
        ? /\bbr\b/.test(accepted)
          ? "br"
          : /\bgzip\b/.test(accepted)
            ? "gzip"
            : ""
        : "";
    const rules = typeof headerRules === "function" ? headerRules() : headerRules;
    const headers = { "content-type": type, ...headersFor(rules, url.pathname) };
    if (encoding) {
      compressed.get(file, stats!.mtimeMs, encoding).then(
        (body) => {
          response.writeHead(status, {
            ...headers,
            "content-encoding": encoding,
            vary: "Accept-Encoding",
            "content-length": String(body.length),
          });
          response.end(body);
        },
        () => {
          response.writeHead(500);
          response.end();
        },
      );
      return;
    }
    response.writeHead(status, { ...headers, "content-length": String(size) });
    if (!size) return response.end();
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sent,
    server,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** One rule of a `_headers` file. */
export interface HeaderRule {
  pattern: string;
  headers: Record<string, string>;
  /** Headers this rule detaches from the other rules that match (`! Name`). */
  detach?: string[];
}

/** Parses the `_headers` format (a path line, then indented `Name: value` lines). */
export function parseHeadersFile(text: string): HeaderRule[] {
  const rules: HeaderRule[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim() || line.trim().startsWith("#")) continue;
    if (!/^\s/.test(line)) rules.push({ pattern: line.trim(), headers: {} });
    else if (line.trim().startsWith("!")) (rules.at(-1)!.detach ??= []).push(line.trim().slice(1).trim());
    else {
      const [name, ...value] = line.trim().split(":");
      rules.at(-1)!.headers[name!.trim()] = value.join(":").trim();
    }
  }
  return rules;
}

/**
 * The headers a host applies to a path as Cloudflare Pages does, the stricter of the two hosts
 * that read `_headers`: every matching rule, repeated names joined by commas, except that a rule's
 * `! Name` drops the values the other matching rules give that header.
 */
export function headersFor(rules: HeaderRule[], pathname: string): Record<string, string> {
  const matching = rules.filter((rule) =>
    new RegExp(`^${rule.pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`).test(pathname),
  );
  const detached = (name: string, owner: HeaderRule) =>
    matching.some((rule) => rule !== owner && rule.detach?.some((other) => other.toLowerCase() === name.toLowerCase()));
  const merged: Record<string, string> = {};
  for (const rule of matching) {
    for (const [name, value] of Object.entries(rule.headers)) {
      if (detached(name, rule)) continue;
      merged[name] = merged[name] ? `${merged[name]}, ${value}` : value;
    }
  }
  return merged;
}
