/**
 * The `_headers` file that Netlify and Cloudflare Pages read. Both merge every rule whose path
 * matches and join repeated header names with commas, so each path gets its Cache-Control from
 * exactly one rule: fingerprinted files are immutable for a year, everything else (HTML, feeds,
 * the search index, original images) is revalidated on every request.
 */

export interface HeadersOptions {
  /** Base path of the site, e.g. `/news/`. */
  basePath: string;
  /** The entries at the root of the output folder. */
  rootEntries: { name: string; directory: boolean }[];
  /** Where the comment form posts, allowed by the policy when set. */
  commentsEndpoint?: string;
  /**
   * Whether to give the policy rule (the Content-Security-Policy and the other security headers
   * for every path under `basePath`); an edition's rules leave it to the site's. @default true
   */
  policy?: boolean;
  /** Whether the output has the browser editor at `admin/`, which gets a policy of its own. @default false */
  editor?: boolean;
}

/** Folders whose file names carry a content hash. */
const IMMUTABLE_FOLDERS = ["assets", "img"];
const IMMUTABLE = "public, max-age=31536000, immutable";
const REVALIDATE = "public, max-age=0, must-revalidate";

/** The Content-Security-Policy the whole site (search and comments included) works under. */
function contentSecurityPolicy(commentsEndpoint?: string): string {
  const comments = commentsEndpoint ? ` ${new URL(commentsEndpoint).origin}` : "";
  return [
    "default-src 'self'",
    // Pagefind compiles its WebAssembly search engine in the browser.
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${comments}`,
    "worker-src 'self'",
    `form-action 'self'${comments}`,
    "base-uri 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * The policy of the browser editor at `admin/` (Decap CMS): its schema compiler needs
 * `'unsafe-eval'`, its components set inline styles, and it talks to GitHub's API. It replaces the
 * site's policy there: Cloudflare Pages would otherwise send both (and enforce both), so the rule
 * detaches the site's first (`! Content-Security-Policy`); Netlify serves the most specific rule's.
 */
function editorSecurityPolicy(): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https://avatars.githubusercontent.com https://raw.githubusercontent.com",
    "media-src 'self' blob:",
    "font-src 'self' data:",
    "connect-src 'self' blob: data: https://api.github.com",
    "frame-src 'self' blob:",
    "worker-src 'self' blob:",
    "form-action 'self'",
    "base-uri 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** The text of the `_headers` file. */
export function securityHeaders(options: HeadersOptions): string {
  const { basePath } = options;
  const rule = (pattern: string, headers: Record<string, string>, detach: string[] = []) =>
    `${pattern}\n${[
      ...detach.map((name) => `  ! ${name}`),
      ...Object.entries(headers).map(([name, value]) => `  ${name}: ${value}`),
    ].join("\n")}\n`;
  const rules = [
    ...(options.policy === false
      ? []
      : [
          rule(`${basePath}*`, {
            "Content-Security-Policy": contentSecurityPolicy(options.commentsEndpoint),
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "strict-origin-when-cross-origin",
          }),
        ]),
    ...(options.editor
      ? [rule(`${basePath}admin/*`, { "Content-Security-Policy": editorSecurityPolicy() }, ["Content-Security-Policy"])]
      : []),
    rule(basePath, { "Cache-Control": REVALIDATE }),
  ];
  for (const entry of [...options.rootEntries].sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith("_")) continue;
    const immutable = entry.directory && IMMUTABLE_FOLDERS.includes(entry.name);
    rules.push(
      rule(`${basePath}${entry.name}${entry.directory ? "/*" : ""}`, {
        "Cache-Control": immutable ? IMMUTABLE : REVALIDATE,
      }),
    );
  }
  return rules.join("\n");
}
