/**
 * `npm run check`: the report of a content check. The findings come from `loadContent`, the same
 * loader the build uses, so a folder that passes the check passes the build's validation.
 */
import type { DateTime } from "luxon";
import { formatIssue, sortIssues } from "../content/issues.js";
import { type LoadResult, loadContent } from "../content/load.js";
import { parseAhead } from "../content/parse-ahead.js";

export interface CheckOptions {
  /** The content folder, as the writer gave it: findings are printed relative to it. */
  input: string;
  /** The moment of the check: later dates are reported as scheduled. */
  now: DateTime;
  /** Folder of the parse cache (`parseCacheDir()`), so a second check reparses only edited files. @default no cache */
  cacheDir?: string;
}

export interface CheckReport {
  /** One `path:line  field  message` line per finding, in file order, then the summary line. */
  lines: string[];
  /** Whether there were no errors (warnings are allowed). */
  ok: boolean;
}

/** Validates a content folder without rendering any HTML. */
export async function checkContent(options: CheckOptions): Promise<CheckReport> {
  const started = performance.now();
  // A first check of a large folder parses its articles on both cores.
  if (options.cacheDir) await parseAhead(options.input, { cacheDir: options.cacheDir, render: false });
  const result = loadContent(options.input, { now: options.now, render: false, cacheDir: options.cacheDir });
  return checkReport(result, options.input, (performance.now() - started) / 1000);
}

/** Formats a load result as the check prints it. */
function checkReport(result: LoadResult, input: string, seconds: number): CheckReport {
  const errors = result.issues.filter((issue) => issue.severity === "error").length;
  const warnings = result.issues.length - errors;
  const { articles, pages, comments, updates } = result.counts;
  const kinds = [count(articles, "article"), count(pages, "page"), count(comments, "comment")];
  if (updates) kinds.push(count(updates, "live update"));
  const checked = `${kinds.slice(0, -1).join(", ")} and ${kinds.at(-1)} checked in ${seconds.toFixed(1)} s`;
  const summary =
    errors > 0
      ? `${count(errors, "error")} and ${count(warnings, "warning")} in ${input} (${checked}). The build refuses a folder with errors: fix them and run npm run check again.`
      : warnings > 0
        ? `No errors, ${count(warnings, "warning")} in ${input} (${checked}). Warnings do not stop the build.`
        : `No problems in ${input} (${checked}).`;
  const findings = sortIssues(result.issues).map((issue) => formatIssue(issue, input));
  return { lines: findings.length ? [...findings, "", summary] : [summary], ok: errors === 0 };
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
