/**
 * `npm run audit [-- --input=DIR --runs=N --no-desktop --html=DIR]`: builds the site into a
 * temporary folder, serves it on loopback the way the host would (its own `_headers`, so the
 * Content-Security-Policy and cache rules are the real ones, and compressed text), runs
 * Lighthouse in Chromium on the home page, an article with an image and comments, a section
 * listing and the search page with a query, and prints the four scores per page and every audit
 * that keeps a score under 100. Performance is simulated on a throttled phone and varies from
 * run to run, so each page is measured `--runs` times and the median run is reported, as
 * Lighthouse advises: https://github.com/GoogleChrome/lighthouse/blob/v12.2.3/docs/variability.md
 * A one-paragraph page served beside the site is measured the same way: its Performance is what
 * this machine can show at best, so a site page scoring like it is as fast as a page can be here.
 * It reports; it does not gate (exit 0 unless it cannot run at all).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse, { desktopConfig, type Flags, type Result } from "lighthouse";
import { computeMedianRun } from "lighthouse/core/lib/median-run.js";
import { CHROMIUM_FLAGS } from "../src/bench/chromium.js";
import { loadSite, type SiteModel } from "../src/content/index.js";
import { parseHeadersFile, serveStatic } from "../src/dev/static-server.js";
import { buildSite } from "../src/pipeline/build-site.js";
import { readArgs } from "./args.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;
const HEADINGS: Record<(typeof CATEGORIES)[number], string> = {
  performance: "Performance",
  accessibility: "Accessibility",
  "best-practices": "Best Practices",
  seo: "SEO",
};
/** A word the sample site's articles contain, so the search page shows results. */
const SEARCH_QUERY = "steel";

interface AuditedPage {
  name: string;
  /** Site-relative URL with the base path. */
  url: string;
  /** The reference page, measured for Performance only. */
  baseline?: boolean;
}

/** The reference page: one paragraph, nothing to load. */
const BASELINE_FOLDER = "__audit-baseline__";
const BASELINE_HTML = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Baseline</title></head><body><p>One paragraph and nothing else: what this machine can show at best.</p></body></html>
`;

interface PageReport {
  page: AuditedPage;
  form: "mobile" | "desktop";
  scores: Partial<Record<(typeof CATEGORIES)[number], number>>;
  /** Audits that count towards a category and score under 1, as `category: id — title (value)`. */
  failing: string[];
}

const { values } = readArgs({
  input: { type: "string", default: "content" },
  runs: { type: "string", default: "3" },
  "no-desktop": { type: "boolean", default: false },
  html: { type: "string" },
});
const input = path.resolve(values.input as string);
const runCount = Number(values.runs);
if (!Number.isInteger(runCount) || runCount < 1) {
  console.error(`--runs must be a whole number of runs per page, 1 or more; got "${values.runs}"`);
  process.exit(2);
}

/** The pages to audit, picked from the site model so the script follows the content. */
function pagesOf(model: SiteModel): AuditedPage[] {
  const base = model.site.location.basePath;
  const published = model.articles.filter((article) => article.status === "published");
  const article =
    published.find((item) => item.image && item.commentCount > 0) ??
    published.find((item) => item.image) ??
    published[0];
  const category =
    model.categories.find((item) => published.some((a) => a.category.key === item.key)) ?? model.categories[0];
  return [
    { name: "baseline (empty page)", url: `${base}${BASELINE_FOLDER}/`, baseline: true },
    { name: "home", url: base },
    ...(article ? [{ name: "article", url: article.url }] : []),
    ...(category ? [{ name: "category", url: category.url }] : []),
    { name: `search ?q=${SEARCH_QUERY}`, url: `${base}search/?q=${SEARCH_QUERY}` },
  ];
}

/** Audits that lower a score: weighted audits of each category that are not perfect, and for Performance the opportunities too. */
function failingAudits(lhr: Result): string[] {
  const lines: string[] = [];
  for (const key of CATEGORIES) {
    const category = lhr.categories[key];
    if (!category || category.score === 1) continue;
    for (const ref of category.auditRefs) {
      const audit = lhr.audits[ref.id];
      if (!audit || audit.score === null || audit.score >= 1) continue;
      if (ref.weight === 0 && !(key === "performance" && audit.scoreDisplayMode === "metricSavings")) continue;
      const value = audit.displayValue ? ` (${audit.displayValue})` : "";
      lines.push(`${HEADINGS[key]}: ${ref.id} — ${audit.title}${value}`);
    }
  }
  return lines;
}

function scoresOf(lhr: Result): PageReport["scores"] {
  const scores: PageReport["scores"] = {};
  for (const key of CATEGORIES) {
    const score = lhr.categories[key]?.score;
    if (typeof score === "number") scores[key] = Math.round(score * 100);
  }
  return scores;
}

function table(reports: PageReport[]): string {
  const columns = CATEGORIES.filter((key) => reports.some((report) => report.scores[key] !== undefined));
  const header = ["page", "form", ...columns.map((key) => HEADINGS[key])];
  const rows = reports.map((report) => [
    report.page.name,
    report.form,
    ...columns.map((key) => String(report.scores[key] ?? "—")),
  ]);
  const widths = header.map((cell, index) => Math.max(cell.length, ...rows.map((row) => row[index]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, index) => cell.padEnd(widths[index]!)).join(" | ")} |`;
  return [line(header), `| ${widths.map((width) => "-".repeat(width)).join(" | ")} |`, ...rows.map(line)].join("\n");
}

const { model, issues } = loadSite({ contentDir: input, preview: false });
if (!model) {
  for (const issue of issues.filter((item) => item.severity === "error"))
    console.error(`${issue.file}:${issue.line}  ${issue.field}  ${issue.message}`);
  console.error("\nThe content has errors; fix them (npm run check) before auditing.");
  process.exit(1);
}
const basePath = model.site.location.basePath;
const pages = pagesOf(model);

const work = mkdtempSync(path.join(tmpdir(), "broadsheet-audit-"));
const output = path.join(work, "site");
let exitCode = 0;
try {
  console.log(`Building ${path.relative(process.cwd(), input) || "."} into a temporary folder…`);
  const built = await buildSite({ input, output });
  if (!built.ok) throw new Error("the build failed; run npm run build to see why");

  mkdirSync(path.join(output, BASELINE_FOLDER));
  writeFileSync(path.join(output, BASELINE_FOLDER, "index.html"), BASELINE_HTML);
  const headers = parseHeadersFile(readFileSync(path.join(output, "_headers"), "utf8"));
  const server = await serveStatic(output, basePath, headers, { compress: true });
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: CHROMIUM_FLAGS });
  const reports: PageReport[] = [];
  const benchmarks: number[] = [];
  try {
    const forms: { form: PageReport["form"]; flags: Flags; config?: typeof desktopConfig }[] = [
      { form: "mobile", flags: { onlyCategories: [...CATEGORIES] } },
    ];
    // Desktop only changes Performance (viewport and throttling); the other three are the same page.
    if (!values["no-desktop"])
      forms.push({ form: "desktop", flags: { onlyCategories: ["performance"] }, config: desktopConfig });
    // A freshly started Chromium is slow for its first pages; one run nobody reads warms it up.
    await lighthouse(`${server.url}${pages[0]!.url}`, {
      port: chrome.port,
      logLevel: "error",
      onlyCategories: ["performance"],
    });
    for (const { form, flags, config } of forms) {
      for (const page of pages) {
        const url = `${server.url}${page.url}`;
        process.stdout.write(`Lighthouse (${form}): ${page.url} `);
        const runs: { lhr: Result; report: string }[] = [];
        for (let run = 0; run < runCount; run++) {
          const pageFlags: Flags = page.baseline ? { ...flags, onlyCategories: ["performance"] } : flags;
          const result = await lighthouse(
            url,
            { port: chrome.port, logLevel: "error", output: "html", ...pageFlags },
            config,
          );
          if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
          if (result.lhr.runtimeError)
            throw new Error(`Lighthouse could not load ${url}: ${result.lhr.runtimeError.message}`);
          runs.push({ lhr: result.lhr, report: result.report as string });
          benchmarks.push(result.lhr.environment.benchmarkIndex);
          process.stdout.write(".");
        }
        const median = computeMedianRun(runs.map((run) => run.lhr));
        reports.push({ page, form, scores: scoresOf(median), failing: failingAudits(median) });
        console.log(" done");
        if (values.html) {
          mkdirSync(values.html as string, { recursive: true });
          const file = path.join(
            values.html as string,
            `${form}-${page.name.replace(/\W+/g, "-").replace(/-$/, "")}.html`,
          );
          writeFileSync(file, runs.find((run) => run.lhr === median)!.report);
        }
      }
    }
  } finally {
    chrome.kill();
    await server.close();
  }

  const benchmark = benchmarks.sort((a, b) => a - b)[Math.floor(benchmarks.length / 2)];
  const { version } = (await import("lighthouse/package.json", { with: { type: "json" } })).default;
  console.log(
    `\nLighthouse ${version}, ${model.site.title}, median of ${runCount} run${runCount === 1 ? "" : "s"} per page; this machine's benchmark index ${benchmark} (higher is faster; a slow or busy machine lowers Performance, see the baseline):\n`,
  );
  console.log(table(reports));
  const withFailures = reports.filter((report) => report.failing.length);
  if (!withFailures.length) console.log("\nEvery audit that counts passed.");
  for (const report of withFailures) {
    console.log(`\n${report.page.name} (${report.form}, ${report.page.url}):`);
    for (const line of report.failing) console.log(`  ${line}`);
  }
} catch (error) {
  console.error(`Audit failed: ${(error as Error).message}`);
  exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(exitCode);
