import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lastCommitDates } from "../../src/content/git-dates.js";
import { scratch } from "../helpers/site.js";

describe("lastCommitDates", () => {
  const work = scratch();
  afterAll(() => work.cleanup());

  it("gives each file the date of the last commit that touched it, in a folder below the repository's root", () => {
    const repository = work.dir;
    const folder = path.join(repository, "site", "content");
    mkdirSync(path.join(folder, "pages"), { recursive: true });
    const commit = (date: string, files: Record<string, string>) => {
      for (const [file, text] of Object.entries(files)) writeFileSync(path.join(folder, file), text);
      const env = { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
      const run = (...args: string[]) =>
        execFileSync("git", ["-c", "user.name=W", "-c", "user.email=w@example.org", ...args], {
          cwd: repository,
          env,
          stdio: "ignore",
        });
      run("add", ".");
      run("commit", "--quiet", "-m", date);
    };
    execFileSync("git", ["init", "--quiet"], { cwd: repository });
    commit("2026-01-01T10:00:00+00:00", { "pages/about.md": "a", "pages/contacts.md": "c", "pages/о-нас.md": "о" });
    commit("2026-02-01T10:00:00+03:00", { "pages/about.md": "a, again" });
    writeFileSync(path.join(folder, "pages/new.md"), "not committed");
    const dates = lastCommitDates(folder, ["pages/about.md", "pages/contacts.md", "pages/о-нас.md", "pages/new.md"]);
    expect(Object.fromEntries([...dates].map(([file, date]) => [file, date.toISO()]))).toEqual({
      "pages/about.md": "2026-02-01T10:00:00.000+03:00",
      "pages/contacts.md": "2026-01-01T10:00:00.000Z",
      "pages/о-нас.md": "2026-01-01T10:00:00.000Z",
    });
  });

  it("gives nothing outside a git checkout", () => {
    const plain = scratch();
    try {
      mkdirSync(path.join(plain.dir, "pages"));
      writeFileSync(path.join(plain.dir, "pages/about.md"), "a");
      expect(lastCommitDates(plain.dir, ["pages/about.md"]).size).toBe(0);
    } finally {
      plain.cleanup();
    }
  });
});
