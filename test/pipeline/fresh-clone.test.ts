import { execFileSync } from "node:child_process";
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copyFixture, listFiles, runScript, scratch } from "../helpers/site.js";

const NOW = "--now=2026-11-26T12:00:00Z";
const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", args, {
    cwd,
    stdio: "pipe",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "t",
      GIT_AUTHOR_EMAIL: "t@example.org",
      GIT_COMMITTER_NAME: "t",
      GIT_COMMITTER_EMAIL: "t@example.org",
    },
  });

/** The publish workflow's state: the output folder and `.cache/` (the build records and the parse cache). */
const STATE = ["_site", ".cache"];

describe("an incremental build in a fresh clone, with the state of an earlier build restored", () => {
  const work = scratch();
  afterAll(() => work.cleanup());

  it("renders only what changed, and writes what a clean build writes", async () => {
    // A newsroom's repository: its content folder, committed.
    const origin = path.join(work.dir, "origin");
    copyFixture("newsroom", origin);
    git(origin, "init", "-q", "-b", "main");
    git(origin, "add", ".");
    git(origin, "commit", "-q", "-m", "content");
    /** Builds from the top of a checkout, as the workflow does, keeping the state in it. */
    const buildIn = (checkout: string, ...args: string[]) =>
      runScript(
        "build.ts",
        ["--input=content", "--output=_site", NOW, ...args],
        {
          BROADSHEET_CACHE_DIR: path.join(checkout, ".cache/broadsheet"),
        },
        checkout,
      );

    // The first run: a full build, whose state the CI keeps.
    const first = path.join(work.dir, "first");
    git(work.dir, "clone", "-q", origin, first);
    const full = await buildIn(first);
    expect(full.code, full.stderr).toBe(0);
    const built = Number(/Built (\d+) pages/.exec(full.stdout)?.[1]);
    const kept = path.join(work.dir, "kept");
    for (const folder of STATE) cpSync(path.join(first, folder), path.join(kept, folder), { recursive: true });
    rmSync(first, { recursive: true });

    // A writer corrects one article; the next run starts from a fresh clone (every file new to the
    // file system, its modification time the moment of the clone) and restores the state.
    const article = path.join(origin, "content/articles/2026/10/tie-alpha.md");
    writeFileSync(
      article,
      readFileSync(article, "utf8").replace("title: Alpha story at the same minute", "title: Alpha story, corrected"),
    );
    git(origin, "commit", "-q", "-am", "correction");
    const next = path.join(work.dir, "next");
    git(work.dir, "clone", "-q", origin, next);
    for (const folder of STATE) cpSync(path.join(kept, folder), path.join(next, folder), { recursive: true });
    const incremental = await buildIn(next, "--incremental");
    expect(incremental.code, incremental.stderr).toBe(0);
    const updated = Number(/Updated (\d+) files/.exec(incremental.stdout)?.[1]);
    // Its page, its neighbours' and the listings that show it: fewer than a full build writes.
    expect(updated, incremental.stdout).toBeGreaterThan(0);
    expect(updated).toBeLessThan(built * 0.7);

    // The same files as a clean build of the corrected content.
    const clean = path.join(work.dir, "clean");
    git(work.dir, "clone", "-q", origin, clean);
    expect((await buildIn(clean)).code).toBe(0);
    const files = listFiles(path.join(clean, "_site"));
    expect(listFiles(path.join(next, "_site"))).toEqual(files);
    for (const file of files)
      expect(
        readFileSync(path.join(next, "_site", file)).equals(readFileSync(path.join(clean, "_site", file))),
        file,
      ).toBe(true);
  });
});
