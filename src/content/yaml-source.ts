/**
 * Reads YAML (whole files and Markdown front matter) keeping line numbers, so every problem
 * can name the line a writer has to fix. YAML 1.2's core schema keeps dates as text: the
 * schema reads them in the site zone rather than as UTC instants.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from "yaml";
import { z } from "zod";
import { closest } from "../lib/suggest.js";
import type { ContentIssue } from "./issues.js";

export interface YamlSource {
  /** The parsed value, or undefined when the YAML itself is broken. */
  data: unknown;
  /** Issues from reading the YAML (syntax, duplicate keys). */
  issues: ContentIssue[];
  /** The 1-based line of the value at a path, falling back to the nearest parent, then `firstLine`. */
  lineOf: (path: readonly PropertyKey[]) => number;
}

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
  const lineOf = (path: readonly PropertyKey[]) => {
    for (let depth = path.length; depth > 0; depth--) {
      const keyPath = path.slice(0, depth);
      const pair = findPairKey(doc, keyPath);
      if (pair !== undefined) return toLine(pair);
    }
    return firstLine;
  };
  return { data: issues.length ? undefined : doc.toJS(), issues, lineOf };
}

/** The source offset of the key (or sequence item) at `path`. */
function findPairKey(doc: Document, path: readonly PropertyKey[]): number | undefined {
  let node: unknown = doc.contents;
  let offset: number | undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) return undefined;
      offset = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number") {
      const item = node.items[segment];
      if (!item) return offset;
      offset = (item as { range?: [number, number] }).range?.[0] ?? offset;
      node = item;
    } else {
      return offset;
    }
  }
  return offset;
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
  if (!match || match.index !== 0) {
    return {
      data: undefined,
      body: text,
      bodyLine: 1,
      lineOf: () => 1,
      issues: [
        { file, line: 1, field: "file", message: "has no front matter  (start the file with --- , the fields, then --- )", severity: "error" },
      ],
    };
  }
  const yaml = readYaml(file, match[1]!, 2);
  const bodyLine = match[0].split("\n").length;
  return { ...yaml, body: text.slice(match[0].length), bodyLine };
}

/** Turns zod's findings into issues that name the file, line and field. */
export function schemaIssues(file: string, error: z.ZodError, source: Pick<YamlSource, "lineOf" | "data">, allowedKeys?: readonly string[]): ContentIssue[] {
  const issues: ContentIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const suggestion = allowedKeys ? closest(key, allowedKeys) : undefined;
        const valid = allowedKeys ? `${suggestion ? `did you mean "${suggestion}"? ` : ""}allowed: ${allowedKeys.join(", ")}` : "remove it";
        issues.push({ file, line: source.lineOf([...issue.path, key]), field: fieldName([...issue.path, key]), message: `unknown key  (${valid})`, severity: "error" });
      }
      continue;
    }
    const missing = issue.code === "invalid_type" && valueAt(source.data, issue.path) === undefined;
    const message = missing ? `is required${hintOf(issue.message)}` : issue.message;
    issues.push({ file, line: source.lineOf(issue.path), field: fieldName(issue.path) || "file", message, severity: "error" });
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
  return path.reduce<string>((name, segment) => (typeof segment === "number" ? `${name}[${segment}]` : name ? `${name}.${String(segment)}` : String(segment)), "");
}
