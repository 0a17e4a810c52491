/**
 * Reads YAML (whole files and Markdown front matter) keeping line numbers, so every problem
 * can name the line a writer has to fix. YAML 1.2's core schema keeps dates as text: the
 * schema reads them in the site zone rather than as UTC instants.
 */
import { type Document, isMap, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { closest } from "../lib/suggest.js";
import type { ContentIssue } from "./issues.js";

export interface YamlSource {
  /** The parsed value, or undefined when the YAML itself is broken. */
  data: unknown;
  /** Issues from reading the YAML (syntax, duplicate keys). */
  issues: ContentIssue[];
  /** The 1-based line of the value at a path, falling back to the nearest parent, then `firstLine`. */
  lineOf: (path: readonly PropertyKey[]) => number;
  /** Where each key and item starts, as plain data, so a cached copy answers `lineOf` too. */
  lines: LineTree;
  /** The line `lineOf` falls back to. */
  firstLine: number;
}

/**
 * Where the keys and items of a YAML value start, as plain data: JSON-safe and compact, as it is
 * cached for every file. A node is the line of a key or sequence item (null when unknown), or,
 * when its value is a map or sequence, `[line, children]`: a map's children by key (the first of
 * each name), a sequence's by index.
 */
export type LineTree = number | null | [line: number | null, children: { [key: string]: LineTree } | LineTree[]];

/** Parses YAML text that starts at line `firstLine` of `file`. */
export function readYaml(file: string, text: string, firstLine = 1): YamlSource {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const toLine = (offset: number) => lineCounter.linePos(offset).line + firstLine - 1;
  const issues: ContentIssue[] = doc.errors.map((error) => ({
    file,
    line: toLine(error.pos[0]),
    field: "file",
    message: `is not valid YAML: ${error.message.split("\n")[0]}  (check indentation, colons and quotes)`,
    severity: "error",
  }));
  const lines = lineTree(doc.contents, null, toLine);
  return {
    data: issues.length ? undefined : doc.toJS(),
    issues,
    lineOf: (path) => lineOf(lines, firstLine, path),
    lines,
    firstLine,
  };
}

function lineTree(node: unknown, line: number | null, toLine: (offset: number) => number): LineTree {
  const lineAtOffset = (offset: number | undefined) => (offset === undefined ? null : toLine(offset));
  if (isMap(node)) {
    // No prototype, so a key named __proto__ is an ordinary entry.
    const keys: Record<string, LineTree> = Object.create(null);
    for (const pair of node.items) {
      if (!isScalar(pair.key)) continue;
      const name = String(pair.key.value);
      if (!(name in keys)) keys[name] = lineTree(pair.value, lineAtOffset(pair.key.range?.[0]), toLine);
    }
    return [line, keys];
  }
  if (isSeq(node)) {
    return [
      line,
      node.items.map((item) =>
        item ? lineTree(item, lineAtOffset((item as { range?: [number, number] }).range?.[0]), toLine) : null,
      ),
    ];
  }
  return line;
}

/** The 1-based line of the value at `path` in `lines`, falling back to the nearest parent, then `firstLine`. */
export function lineOf(lines: LineTree, firstLine: number, path: readonly PropertyKey[]): number {
  for (let depth = path.length; depth > 0; depth--) {
    const line = lineAt(lines, path, depth);
    if (line !== undefined) return line;
  }
  return firstLine;
}

/**
 * The line of the first `depth` segments of `path`: undefined when a key is missing or has no
 * known line; a missing item, or a path going on below a plain value, gives the line so far.
 */
function lineAt(lines: LineTree, path: readonly PropertyKey[], depth: number): number | undefined {
  let node = lines;
  let line: number | undefined;
  for (let index = 0; index < depth; index++) {
    const segment = path[index]!;
    const children = Array.isArray(node) ? node[1] : undefined;
    if (children && !Array.isArray(children)) {
      const name = String(segment);
      if (!Object.hasOwn(children, name)) return undefined;
      node = children[name]!;
      line = (Array.isArray(node) ? node[0] : node) ?? undefined;
    } else if (children && typeof segment === "number") {
      // A sequence item without a line of its own (or a missing one) keeps the line so far.
      node = children[segment] ?? null;
      line = (Array.isArray(node) ? node[0] : node) ?? line;
    } else {
      return line;
    }
  }
  return line;
}

/** A Markdown file split into its front matter and body. */
export interface MarkdownSource extends YamlSource {
  body: string;
  /** 1-based line where the body starts. */
  bodyLine: number;
}

/** Splits `---` front matter from a Markdown body and parses it. */
export function readMarkdown(file: string, text: string): MarkdownSource {
  const match = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)^---[ \t]*(?:\r?\n|$)/m.exec(text);
  if (match?.index !== 0) {
    return {
      data: undefined,
      body: text,
      bodyLine: 1,
      lineOf: () => 1,
      lines: null,
      firstLine: 1,
      issues: [
        {
          file,
          line: 1,
          field: "file",
          message: "has no front matter  (start the file with --- , the fields, then --- )",
          severity: "error",
        },
      ],
    };
  }
  const yaml = readYaml(file, match[1]!, 2);
  const bodyLine = match[0].split("\n").length;
  return { ...yaml, body: text.slice(match[0].length), bodyLine };
}

/** Turns zod's findings into issues that name the file, line and field. */
export function schemaIssues(
  file: string,
  error: z.ZodError,
  source: Pick<YamlSource, "lineOf" | "data">,
  allowedKeys?: readonly string[],
  /** The keys allowed in the items of a list, by the list's key (`corrections`). */
  itemKeys: Readonly<Record<string, readonly string[]>> = {},
): ContentIssue[] {
  const issues: ContentIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      const inItem = typeof issue.path.at(-1) === "number";
      const allowed = inItem ? itemKeys[String(issue.path.at(-2))] : allowedKeys;
      for (const key of issue.keys) {
        const suggestion = allowed ? closest(key, allowed) : undefined;
        const valid = allowed
          ? `${suggestion ? `did you mean "${suggestion}"? ` : ""}allowed: ${allowed.join(", ")}`
          : "remove it";
        issues.push({
          file,
          line: source.lineOf([...issue.path, key]),
          field: fieldName([...issue.path, key]),
          message: `unknown key  (${valid})`,
          severity: "error",
        });
      }
      continue;
    }
    const missing = issue.code === "invalid_type" && valueAt(source.data, issue.path) === undefined;
    const message = missing ? `is required${hintOf(issue.message)}` : issue.message;
    issues.push({
      file,
      line: source.lineOf(issue.path),
      field: fieldName(issue.path) || "file",
      message,
      severity: "error",
    });
  }
  return issues;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const segment of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

function hintOf(message: string): string {
  const hint = /\(.*\)$/.exec(message);
  return hint ? `  ${hint[0]}` : "";
}

function fieldName(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (name, segment) =>
      typeof segment === "number" ? `${name}[${segment}]` : name ? `${name}.${String(segment)}` : String(segment),
    "",
  );
}
