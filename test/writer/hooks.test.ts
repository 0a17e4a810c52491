import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launcherText } from "../../src/writer/hooks.js";
import { copyFixture, PROJECT_ROOT, runScript, scratch } from "../helpers/site.js";

const GIT_ENV = {
  GIT_AUTHOR_NAME: "Test",
  GIT_AUTHOR_EMAIL: "test@example.org",
  GIT_COMMITTER_NAME: "Test",
  GIT_COMMITTER_EMAIL: "test@example.org",
};

describe("the pre-commit hook in a newsroom repository", () => {
  const work = scratch();
  const repo = work.dir;
  const git = (...args: string[]) =>
    spawnSync("git", args, { cwd: repo, encoding: "utf8", env: { ...process.env, ...GIT_ENV } });
  const hookFile = path.join(repo, ".git/hooks/pre-commit");
  let install: Awaited<ReturnType<typeof runScript>>;

  beforeAll(async () => {
    execFileSync("git", ["init", "--quiet", "--initial-branch=main"], { cwd: repo });
    copyFixture("newsroom", repo);
    writeFileSync(path.join(repo, "README.md"), "Newsroom\n");
    install = await runScript("install-hooks.ts", [`--repo=${repo}`]);
  });
  afterAll(() => work.cleanup());

  it("is installed by npm run hooks:install as an executable launcher of scripts/hooks/pre-commit", () => {
    expect(install.code).toBe(0);
    expect(install.stdout).toContain(`Installed the pre-commit hook: ${hookFile}`);
    expect(readFileSync(hookFile, "utf8")).toBe(launcherText(repo, PROJECT_ROOT));
    expect(statSync(hookFile).mode & 0o111).not.toBe(0);
  });

  it("lets a commit of valid content through, showing its warnings", () => {
    git("add", "-A");
    const commit = git("commit", "-m", "Initial content");
    expect(commit.status).toBe(0);
    expect(commit.stdout + commit.stderr).toMatch(/No errors, \d+ warnings? in content/);
  });

  it("stops a commit that adds an error, naming the file and field", () => {
    writeFileSync(
      path.join(repo, "content/articles/bad.md"),
      "---\ntitle: Bad\ndate: 2026-10-01\ncategory: nope\nauthor: ivan-petrov\n---\nText.\n",
    );
    git("add", "content/articles/bad.md");
    const commit = git("commit", "-m", "Bad article");
    expect(commit.status).toBe(1);
    expect(commit.stdout + commit.stderr).toContain('content/articles/bad.md:4  category  unknown category "nope"');
    expect(commit.stderr).toContain("Commit stopped by the content check");
    expect(git("rev-list", "--count", "HEAD").stdout.trim()).toBe("1");
  });

  it("does not run the check when the commit does not touch the content folder", () => {
    git("reset", "--quiet");
    writeFileSync(path.join(repo, "README.md"), "Newsroom, now with a README\n");
    git("add", "README.md");
    const commit = git("commit", "-m", "README only");
    expect(commit.status).toBe(0);
    expect(commit.stdout + commit.stderr).not.toContain("content/articles/bad.md");
  });

  it("updates its own launcher when installed again", async () => {
    const again = await runScript("install-hooks.ts", [`--repo=${repo}`]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`Updated the pre-commit hook: ${hookFile}`);
  });

  it("never replaces a hook that is not its own", async () => {
    writeFileSync(hookFile, "#!/bin/sh\necho mine\n");
    const refused = await runScript("install-hooks.ts", [`--repo=${repo}`]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `${hookFile} already exists and is not Broadsheet's  (to keep both, add this line to it: sh '${PROJECT_ROOT}/scripts/hooks/pre-commit' || exit 1)`,
    );
    expect(readFileSync(hookFile, "utf8")).toBe("#!/bin/sh\necho mine\n");
  });
});

describe("the hook launcher", () => {
  it("finds the hook from the top of the working tree when the project is inside it, so the clone can move", () => {
    expect(launcherText("/srv/newsroom", "/srv/newsroom")).toContain(
      `exec sh "$(git rev-parse --show-toplevel)"/'scripts/hooks/pre-commit' "$@"`,
    );
    expect(launcherText("/srv/newsroom", "/srv/newsroom/site")).toContain(
      `exec sh "$(git rev-parse --show-toplevel)"/'site/scripts/hooks/pre-commit' "$@"`,
    );
  });

  it("uses the absolute path when the project is outside the working tree", () => {
    expect(launcherText("/srv/content", "/opt/broadsheet")).toContain(
      `exec sh '/opt/broadsheet/scripts/hooks/pre-commit' "$@"`,
    );
  });
});

describe("npm run hooks:install outside a Git working tree", () => {
  const work = scratch();
  afterAll(() => work.cleanup());

  it("says so and exits 1", async () => {
    const result = await runScript("install-hooks.ts", [`--repo=${work.dir}`], {
      GIT_CEILING_DIRECTORIES: path.dirname(work.dir),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${work.dir} is not inside a Git working tree`);
  });
});
