/**
 * `npm run bench [-- --sizes=1000,10000] [--large] [--rounds=3] [--editions=10000]`: builds generated corpora and prints what
 * they cost: clean build time and peak memory (measured from outside, over the whole process
 * tree), output size, search index size, an incremental rebuild after one article is edited
 * (`npm run build:incremental` for an article from the middle of the archive and one of the newest
 * month, one new update of the live article, and a correction in a fresh copy of the corpus with
 * the state kept, as a CI run publishes; and saves of both articles under `npm start`),
 * check time (cold and with the parse cache), and the first search in Chromium. When `hugo` is
 * installed it also builds the same corpus with a minimal Hugo site plus the Pagefind CLI,
 * alternating with our clean build `--rounds` times, and prints the ratio of the medians (up to
 * 30,000 articles: above that the Pagefind CLI needs more memory than the machine has).
 * `--large` adds 100,000 articles. `--editions=N` (0 to skip) builds N articles in one edition and
 * split 70/30 between two, alternating `--rounds` times.
 * Figures only: nothing here passes or fails.
 */

import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { addLiveUpdate, wordOfRank, writeCorpus } from "../src/bench/corpus.js";
import { measureFirstSearch } from "../src/bench/first-search.js";
import { folderSize, type Measurement, measure } from "../src/bench/measure.js";
import { measurePreviewRebuilds } from "../src/bench/preview-rebuild.js";
import { serveApart } from "../src/bench/serve-apart.js";
import { PROJECT_ROOT } from "../src/lib/project.js";
import { readArgs } from "./args.js";

const { values } = readArgs({
  sizes: { type: "string", default: "1000,10000" },
  large: { type: "boolean", default: false },
  work: { type: "string", default: path.join(tmpdir(), "broadsheet-bench") },
  rounds: { type: "string", default: "3" },
  editions: { type: "string", default: "10000" },
});
const rounds = Number(values.rounds);
// `--sizes=0` measures no size (only the editions, say).
const sizes = (values.sizes as string)
  .split(",")
  .map(Number)
  .filter((count) => count > 0);
if (values.large) sizes.push(100_000);
const work = values.work as string;
mkdirSync(work, { recursive: true });

const npmScripts = (
  JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }
).scripts;
/** The Node options, script and arguments of package.json's script `name`, so that the bench times the commands people run. */
function npmScript(name: string): string[] {
  const command = npmScripts[name];
  if (!command?.startsWith("node ")) throw new Error(`package.json has no "${name}" script that runs node`);
  return command
    .slice("node ".length)
    .trim()
    .split(/\s+/)
    .map((part) => (part.startsWith("scripts/") ? path.join(PROJECT_ROOT, part) : part));
}
const run = (name: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  measure(process.execPath, [...npmScript(name), ...args], { cwd: PROJECT_ROOT, env });
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
const s = (seconds: number) => `${seconds.toFixed(1)} s`;
/** A median and its range: "250 ms (210–320)". */
const ms = (median: number, [low, high]: [number, number]) =>
  `${median.toFixed(0)} ms (${low.toFixed(0)}–${high.toFixed(0)})`;
const hasHugo = (() => {
  try {
    execFileSync("hugo", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

function fail(what: string, run: Measurement): never {
  console.error(`${what} failed (exit ${run.code}):\n${run.stderr.slice(-3000)}`);
  process.exit(1);
}

/** Changes the title of one article from the middle of the archive; returns its path. */
function editOneArticle(corpus: string): string {
  const years = readdirSync(path.join(corpus, "articles")).sort();
  const year = path.join(corpus, "articles", years[Math.floor(years.length / 2)]!);
  const month = path.join(year, readdirSync(year).sort()[0]!);
  const file = path.join(month, readdirSync(month).sort()[0]!);
  retitle(file, "A corrected headline");
  return path.relative(corpus, file);
}

/**
 * Changes the title of the earliest published article of the newest month that has one: the
 * usual correction, in the newest (and largest) search shard. Returns its path.
 */
function editRecentArticle(corpus: string): string {
  const now = Date.now();
  const articles = path.join(corpus, "articles");
  const months = readdirSync(articles)
    .flatMap((year) => readdirSync(path.join(articles, year)).map((month) => path.join(articles, year, month)))
    .sort()
    .reverse();
  for (const month of months) {
    const published = readdirSync(month).flatMap((name) => {
      const text = readFileSync(path.join(month, name), "utf8");
      const date = Date.parse(/^date: (.*)$/m.exec(text)?.[1] ?? "");
      return /^draft: true$/m.test(text) || !(date < now) ? [] : [{ name, date }];
    });
    const earliest = published.sort((a, b) => a.date - b.date)[0];
    if (!earliest) continue;
    const file = path.join(month, earliest.name);
    retitle(file, "A corrected headline");
    return path.relative(corpus, file);
  }
  throw new Error(`${corpus} has no published article to edit`);
}

function retitle(file: string, title: string): void {
  writeFileSync(file, readFileSync(file, "utf8").replace(/^title: .*$/m, `title: ${title}`));
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Our clean build against a minimal Hugo site plus the Pagefind CLI on the same corpus, `rounds`
 * times, alternating. Like for like: both parse everything from scratch; our image encodings stay
 * cached, since the Hugo site copies images as they are.
 */
async function againstHugo(corpus: string, count: number) {
  const ours: number[] = [];
  const hugo: number[] = [];
  const pagefind: number[] = [];
  const output = path.join(work, `against-hugo-${count}`);
  const hugoSite = path.join(work, `hugo-${count}`);
  const pagefindCli = path.join(PROJECT_ROOT, "node_modules/@pagefind/linux-x64/bin/pagefind_extended");
  for (let round = 0; round < rounds; round++) {
    rmSync(output, { recursive: true, force: true });
    rmSync(path.join(PROJECT_ROOT, ".cache/broadsheet"), { recursive: true, force: true });
    const build = await run("build", [`--input=${corpus}`, `--output=${output}`]);
    if (build.code) fail("build", build);
    ours.push(build.seconds);
    rmSync(hugoSite, { recursive: true, force: true });
    cpSync(path.join(PROJECT_ROOT, "scripts/bench-hugo"), hugoSite, { recursive: true });
    cpSync(path.join(corpus, "articles"), path.join(hugoSite, "content/articles"), { recursive: true });
    const site = await measure("hugo", ["--quiet", "--destination", "public"], { cwd: hugoSite });
    if (site.code) fail("hugo", site);
    hugo.push(site.seconds);
    const index = await measure(
      existsSync(pagefindCli) ? pagefindCli : "npx",
      existsSync(pagefindCli) ? ["--site", "public"] : ["pagefind", "--site", "public"],
      { cwd: hugoSite },
    );
    if (index.code) fail("pagefind", index);
    pagefind.push(index.seconds);
    console.error(
      `against Hugo, round ${round + 1}: ours ${s(build.seconds)}, Hugo ${s(site.seconds)} + Pagefind ${s(index.seconds)}`,
    );
  }
  rmSync(output, { recursive: true, force: true });
  return { ours, hugo, pagefind };
}

const rows: string[][] = [];
for (const count of sizes) {
  const corpus = path.join(work, `corpus-${count}`);
  const output = path.join(work, `site-${count}`);
  console.error(`\n== ${count} articles ==`);
  writeCorpus({
    count,
    output: corpus,
    seed: 1,
    sampleImage: path.join(PROJECT_ROOT, "content/images/plant-furnace.jpg"),
  });
  rmSync(output, { recursive: true, force: true });
  // Image encodings and parsed articles are cached between builds; clear the caches so this is a clean build.
  rmSync(path.join(PROJECT_ROOT, ".cache"), { recursive: true, force: true });

  const clean = await run("build", [`--input=${corpus}`, `--output=${output}`], { BROADSHEET_TIMING: "1" });
  if (clean.code) fail("build", clean);
  const timings = clean.stderr.split("\n").filter((line) => line.startsWith("[timing]"));
  console.error(timings.join("\n"));
  // Pagefind indexes while Eleventy renders; this is what it still needed once rendering was done.
  const indexWait = Number(/search index written \(([\d.]+) s\)/.exec(timings.join("\n"))?.[1] ?? NaN);
  const site = folderSize(output);
  const index = folderSize(path.join(output, "pagefind"));

  // One article in the middle of the archive gets a new title: its page, its neighbours, its listings and its year's search shard change.
  const edited = editOneArticle(corpus);
  // The clean build's files may still be being written back to disk; an editor's next build
  // comes later, not while that I/O runs. How long the flush took is printed.
  const syncStarted = performance.now();
  execFileSync("sync");
  console.error(`sync after the clean build: ${s((performance.now() - syncStarted) / 1000)}`);
  const incremental = await run("build:incremental", [`--input=${corpus}`, `--output=${output}`], {
    BROADSHEET_TIMING: "1",
  });
  if (incremental.code) fail("incremental build", incremental);
  console.error(`incremental after editing ${edited}: ${s(incremental.seconds)}; ${incremental.stdout.trim()}`);
  // The usual correction: an article of this month, in the newest shard, which every first search reads.
  const editedRecent = editRecentArticle(corpus);
  const recent = await run("build:incremental", [`--input=${corpus}`, `--output=${output}`], {
    BROADSHEET_TIMING: "1",
  });
  if (recent.code) fail("incremental build", recent);
  console.error(`incremental after editing ${editedRecent}: ${s(recent.seconds)}; ${recent.stdout.trim()}`);
  // Live coverage: a writer adds one update file to the live article.
  const update = addLiveUpdate(corpus, "bench-update");
  const live = await run("build:incremental", [`--input=${corpus}`, `--output=${output}`], {
    BROADSHEET_TIMING: "1",
  });
  if (live.code) fail("incremental build", live);
  console.error(`incremental after adding ${update}: ${s(live.seconds)}; ${live.stdout.trim()}`);
  // Publishing from a fresh clone (as a CI run does) with the last build's state restored: every
  // content file is new to the file system, then one correction.
  const moved = `${corpus}.before-clone`;
  renameSync(corpus, moved);
  cpSync(moved, corpus, { recursive: true });
  rmSync(moved, { recursive: true, force: true });
  retitle(path.join(corpus, editedRecent), "A corrected headline, after a fresh clone");
  const cloned = await run("build:incremental", [`--input=${corpus}`, `--output=${output}`], {
    BROADSHEET_TIMING: "1",
  });
  if (cloned.code) fail("incremental build", cloned);
  console.error(
    `incremental in a fresh copy after editing ${editedRecent}: ${s(cloned.seconds)}; ${cloned.stdout.trim()}`,
  );

  // npm start: the preview's rebuild after a save (its first build is a full one, not measured):
  // three saves of the article from the middle of the archive, two of the newest month's, alternating,
  // and two updates added to the live article between them.
  const preview = path.join(work, `preview-${count}`);
  rmSync(preview, { recursive: true, force: true });
  const plan = ["middle", "recent", "live", "middle", "recent", "live", "middle"] as const;
  const rebuilds = await measurePreviewRebuilds(
    npmScript("start"),
    corpus,
    preview,
    (round) => {
      const kind = plan[round]!;
      if (kind === "live") addLiveUpdate(corpus, `preview-update-${round}`);
      else
        retitle(
          path.join(corpus, kind === "middle" ? edited : editedRecent),
          `A corrected headline, take ${round + 2}`,
        );
    },
    plan.length,
  );
  const ofKind = (kind: (typeof plan)[number]) => rebuilds.filter((_, round) => plan[round] === kind);
  const [previewRebuilds, previewRecent, previewLive] = [ofKind("middle"), ofKind("recent"), ofKind("live")];
  console.error(
    `npm start, rebuilds after a save: ${previewRebuilds.map(s).join(", ")}; newest month ${previewRecent.map(s).join(", ")}; live update added ${previewLive.map(s).join(", ")}`,
  );
  rmSync(preview, { recursive: true, force: true });

  // Check with an empty parse cache, then again with the cache the first run wrote.
  const checkCache = { BROADSHEET_CACHE_DIR: path.join(work, `check-cache-${count}`) };
  rmSync(checkCache.BROADSHEET_CACHE_DIR, { recursive: true, force: true });
  const checkCold = await run("check", [`--input=${corpus}`], checkCache);
  const check = await run("check", [`--input=${corpus}`], checkCache);

  // A word in most articles (the worst case) and one in a few percent of them (a typical query).
  const server = await serveApart(output);
  const common = await measureFirstSearch(`${server.url}/search/?q=furnace`);
  const typical = await measureFirstSearch(`${server.url}/search/?q=${wordOfRank(1500)}`);
  await server.close();
  const searchCell = (search: typeof common) =>
    `${kb(search.bytes)} (index ${kb(search.indexBytes)}), ${ms(search.resultsAfterInteractiveMs, search.resultsAfterInteractiveRange)} (${ms(search.resultsAfterIndexMs, search.resultsAfterIndexRange)} after the index)`;

  let hugoCell = "hugo not installed";
  let ratioCell = "";
  if (hasHugo && count > 30_000) hugoCell = "not run above 30,000";
  if (hasHugo && count <= 30_000) {
    const { ours, hugo, pagefind } = await againstHugo(corpus, count);
    const reference = hugo.map((seconds, round) => seconds + pagefind[round]!);
    hugoCell = `${s(median(hugo))} + ${s(median(pagefind))} = ${s(median(reference))}; ours ${ours.map(s).join(", ")}`;
    ratioCell = `${(median(ours) / median(reference)).toFixed(2)}`;
  }

  rows.push([
    count.toLocaleString("en"),
    s(clean.seconds),
    mb(clean.peakBytes),
    `${site.files.toLocaleString("en")} files, ${mb(site.bytes)}`,
    `${index.files.toLocaleString("en")} files, ${mb(index.bytes)}; ${s(indexWait)} after rendering`,
    `${s(incremental.seconds)}, newest month ${s(recent.seconds)}, live update ${s(live.seconds)}, fresh clone with the state restored ${s(cloned.seconds)} (peak ${mb(Math.max(incremental.peakBytes, recent.peakBytes, live.peakBytes, cloned.peakBytes))}); npm start ${previewRebuilds.map(s).join(", ")}, newest month ${previewRecent.map(s).join(", ")}, live update ${previewLive.map(s).join(", ")}`,
    `${s(checkCold.seconds)} cold, ${s(check.seconds)} cached`,
    searchCell(typical),
    searchCell(common),
    hugoCell,
    ratioCell,
  ]);
}

// `npm run check` on 5,000 articles: the size the writer tools promise "a few seconds" for.
const checkCorpus = path.join(work, "corpus-5000");
writeCorpus({ count: 5000, output: checkCorpus, seed: 2 });
const check5000 = await run("check", [`--input=${checkCorpus}`]);

// Editions: the same corpus in one edition and split 70/30 between two, clean builds alternating
// (parse cache cleared, images cached).
const editionsCount = Number(values.editions);
let editionsLine = "";
if (editionsCount > 0) {
  const corpora = { one: path.join(work, "editions-one"), split: path.join(work, "editions-split") };
  const sampleImage = path.join(PROJECT_ROOT, "content/images/plant-furnace.jpg");
  writeCorpus({ count: editionsCount, output: corpora.one, seed: 1, sampleImage });
  writeCorpus({ count: editionsCount, output: corpora.split, seed: 1, sampleImage, russianShare: 0.3 });
  const times = { one: [] as number[], split: [] as number[] };
  const output = path.join(work, "editions-site");
  for (let round = 0; round < rounds; round++) {
    for (const kind of ["one", "split"] as const) {
      rmSync(output, { recursive: true, force: true });
      rmSync(path.join(PROJECT_ROOT, ".cache/broadsheet"), { recursive: true, force: true });
      const build = await run("build", [`--input=${corpora[kind]}`, `--output=${output}`]);
      if (build.code) fail("build", build);
      times[kind].push(build.seconds);
      console.error(`editions, round ${round + 1}: ${kind} ${s(build.seconds)}`);
    }
  }
  rmSync(output, { recursive: true, force: true });
  editionsLine = `${editionsCount.toLocaleString("en")} articles in one edition ${times.one.map(s).join(", ")}; split 70/30 between two ${times.split.map(s).join(", ")}: ${(median(times.split) / median(times.one)).toFixed(2)}× (medians)`;
}

const header = [
  "articles",
  "clean build",
  "peak memory",
  "output",
  "search index",
  "incremental, one article edited: build command (from the middle of the archive; from the newest month; one update added to the live article; one correction in a fresh clone with the last build's state); npm start (three saves of the first, two of the second, alternating, and two live updates added between them)",
  "check",
  "first search, typical word: bytes, results after interactive",
  "first search, word in most articles",
  "Hugo + Pagefind CLI (medians of the rounds); our clean build with images cached, each round",
  "ratio of the medians",
];
console.log(`\n| ${header.join(" | ")} |\n| ${header.map(() => "---").join(" | ")} |`);
for (const row of rows) console.log(`| ${row.join(" | ")} |`);
console.log(`\nnpm run check on 5,000 articles: ${s(check5000.seconds)} (whole command, Node start-up included).`);
if (editionsLine) console.log(`\nEditions, clean builds alternating: ${editionsLine}.`);
console.log(
  `\nMachine: ${(await import("node:os")).cpus().length} cores, ${mb((await import("node:os")).totalmem())}, Node ${process.version}.`,
);
