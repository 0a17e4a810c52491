import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copyFixture, listFiles, runScript, scratch } from "../helpers/site.js";

const NOW = "--now=2026-11-26T12:00:00Z";

/** What a failed or troubled build says must match what it did to the output folder. */
describe("what a build says it left", () => {
  const work = scratch();
  afterAll(() => work.cleanup());
  const buildInto = (content: string, output: string, cache: string, extra: string[] = []) =>
    runScript("build.ts", [`--input=${content}`, `--output=${output}`, NOW, ...extra], {
      BROADSHEET_CACHE_DIR: cache,
    });
  /** A build that renders a page showing an image that is no image: it fails half-way through rendering. */
  const breakImage = (content: string) => {
    // A name no earlier build has seen, so that no cached resize of it can stand in.
    const name = `broken-${process.pid}-${Date.now()}.png`;
    writeFileSync(path.join(content, "images", name), "not a picture");
    const article = path.join(content, "articles/2026/10/plant-reopens.md");
    writeFileSync(article, readFileSync(article, "utf8").replaceAll("images/plant.png", `images/${name}`));
  };

  it("a full build that fails while rendering says nothing was written, and leaves the output as it was", async () => {
    const content = copyFixture("newsroom", path.join(work.dir, "full"));
    const output = path.join(work.dir, "full-site");
    const cache = path.join(work.dir, "full-cache");
    expect((await buildInto(content, output, cache)).code).toBe(0);
    const before = listFiles(output).map((file) => [file, readFileSync(path.join(output, file), "utf8")]);
    breakImage(content);
    const result = await buildInto(content, output, cache);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/An image could not be read: images\/broken-[\d-]+\.png \(/);
    expect(result.stderr).toContain(`Nothing was written; ${output} is unchanged.`);
    expect(listFiles(output).map((file) => [file, readFileSync(path.join(output, file), "utf8")])).toEqual(before);
    expect(readdirSync(work.dir).filter((name) => name.startsWith("full-site."))).toEqual([]);
  });

  it("an incremental build that fails while writing in place says the output is partly updated, and the next build is a full one", async () => {
    const content = copyFixture("newsroom", path.join(work.dir, "incremental"));
    const output = path.join(work.dir, "incremental-site");
    const cache = path.join(work.dir, "incremental-cache");
    expect((await buildInto(content, output, cache, ["--incremental"])).code).toBe(0);
    breakImage(content);
    const article = path.join(content, "articles/2026/10/plant-reopens.md");
    writeFileSync(article, readFileSync(article, "utf8").replace(/^title: .*$/m, "title: Plant reopens, updated"));
    const failed = await buildInto(content, output, cache, ["--incremental"]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(`${output} was being updated in place and is now partly updated`);
    expect(failed.stderr).not.toContain("Nothing was written");
    const pristine = copyFixture("newsroom", path.join(work.dir, "incremental-pristine"));
    writeFileSync(article, readFileSync(path.join(pristine, "articles/2026/10/plant-reopens.md"), "utf8"));
    const next = await buildInto(content, output, cache, ["--incremental"]);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout).toMatch(/^Built \d+ pages into/m);
  });

  it("a full build whose record cannot be saved says the site was built, and warns that the next incremental build is a full one", async () => {
    const content = copyFixture("newsroom", path.join(work.dir, "record"));
    const output = path.join(work.dir, "record-site");
    const cache = path.join(work.dir, "record-cache");
    mkdirSync(cache, { recursive: true });
    // Where the build records go, a file stands in the way.
    writeFileSync(path.join(cache, "builds"), "");
    const result = await buildInto(content, output, cache);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Built \d+ pages into/m);
    expect(result.stderr).toContain("The site was built, but its build record could not be saved");
    expect(result.stderr).not.toContain("Nothing was written");
    expect(existsSync(path.join(output, "index.html"))).toBe(true);
  });
});
