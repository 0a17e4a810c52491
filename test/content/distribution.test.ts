import { execFileSync } from "node:child_process";
import { readFileSync, utimesSync } from "node:fs";
import path from "node:path";
import { DateTime } from "luxon";
import { afterAll, describe, expect, it } from "vitest";
import { buildDistribution } from "../../src/content/distribution.js";
import { loadSite } from "../../src/content/index.js";
import { copyFixture, FIXTURES, scratch } from "../helpers/site.js";

const NOW = DateTime.fromISO("2026-11-26T12:00:00Z");
const ABOUT = "pages/about.md";
/** When the fixture is committed, and the same moment in the fixture's zone (America/Los_Angeles). */
const COMMITTED = "2026-03-04T05:06:07+00:00";
const COMMITTED_IN_ZONE = "2026-03-03T21:06:07-08:00";

/** Runs git in `folder` as a writer would, committing at `COMMITTED` whatever the clock says. */
function git(folder: string, ...args: string[]): void {
  execFileSync("git", ["-c", "user.name=Writer", "-c", "user.email=writer@example.org", ...args], {
    cwd: folder,
    stdio: "ignore",
    env: { ...process.env, GIT_AUTHOR_DATE: COMMITTED, GIT_COMMITTER_DATE: COMMITTED },
  });
}

/** The `<lastmod>` the sitemap gives the about page. */
function aboutLastmod(contentDir: string): string | undefined {
  const { model, issues } = loadSite({ contentDir, now: NOW });
  if (!model) throw new Error(JSON.stringify(issues));
  const entries = buildDistribution(model, NOW).sitemaps.flatMap((sitemap) => sitemap.entries);
  const about = entries.find((entry) => entry.url.endsWith("/news/about/"));
  if (!about) throw new Error("the about page is not in the sitemap");
  return about.lastmod;
}

/** The fixture's about page, with `updated` as given or without one. */
function aboutPage(updated?: string): Record<string, string> {
  const text = readFileSync(path.join(FIXTURES, "newsroom", ABOUT), "utf8").replace(/^updated: .*\n/m, "");
  return { [ABOUT]: updated ? text.replace("title:", `updated: ${updated}\ntitle:`) : text };
}

/** Sets a file's modification time far ahead, as a careless copy or a touch would. */
const touchTo2031 = (file: string) =>
  utimesSync(file, new Date("2031-05-05T00:00:00Z"), new Date("2031-05-05T00:00:00Z"));

describe("the sitemap date of a page", () => {
  const work = scratch();
  afterAll(() => work.cleanup());

  it("is the date of the last commit that touched its file, not the file's modification time", () => {
    const contentDir = copyFixture("newsroom", path.join(work.dir, "in-git"), aboutPage());
    git(contentDir, "init", "--quiet");
    git(contentDir, "add", ".");
    git(contentDir, "commit", "--quiet", "-m", "The site");
    touchTo2031(path.join(contentDir, ABOUT));
    expect(aboutLastmod(contentDir)).toBe(COMMITTED_IN_ZONE);
  });

  it("is its `updated` when it has one, read in the site's zone", () => {
    const contentDir = copyFixture("newsroom", path.join(work.dir, "updated"), aboutPage("2026-02-01T10:00"));
    const file = path.join(contentDir, ABOUT);
    git(contentDir, "init", "--quiet");
    git(contentDir, "add", ".");
    git(contentDir, "commit", "--quiet", "-m", "The site");
    touchTo2031(file);
    expect(aboutLastmod(contentDir)).toBe("2026-02-01T10:00:00-08:00");
  });

  it("is absent outside a git checkout", () => {
    const contentDir = copyFixture("newsroom", path.join(work.dir, "outside"), aboutPage());
    touchTo2031(path.join(contentDir, ABOUT));
    expect(aboutLastmod(contentDir)).toBeUndefined();
  });
});
