/**
 * Installs the pre-commit hook that runs `npm run check` on staged content. The hook itself is
 * kept in the repository (`scripts/hooks/pre-commit`) so it changes with the code; what is
 * installed is a two-line launcher in the repository's hooks folder. Unlike pointing
 * `core.hooksPath` at `scripts/hooks/`, this leaves every other hook working (Git LFS, for
 * one, installs its own hooks there).
 */
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Marks a launcher as ours, so running the install again updates it instead of refusing. */
const MARKER = "Installed by `npm run hooks:install` (Broadsheet)";

export interface InstallHookOptions {
  /** A folder inside the Git working tree to install into. */
  repoDir: string;
  /** The Broadsheet project folder, which holds `scripts/hooks/pre-commit`. */
  projectDir: string;
}

export type InstallHookResult =
  | {
      ok: true /** The installed launcher. */;
      hookFile: string /** Whether a launcher was already there. */;
      updated: boolean;
    }
  | { ok: false /** What is wrong, then in parentheses what to do. */; problem: string };

/** The launcher's text: it runs the project's hook, found from the top of the working tree when the project is inside it. */
export function launcherText(topLevel: string, projectDir: string): string {
  const inside = path.relative(topLevel, projectDir);
  const hook =
    inside.startsWith("..") || path.isAbsolute(inside)
      ? shellQuote(path.join(projectDir, "scripts/hooks/pre-commit"))
      : `"$(git rev-parse --show-toplevel)"/${shellQuote(path.posix.join(inside.split(path.sep).join("/"), "scripts/hooks/pre-commit"))}`;
  return `#!/bin/sh\n# ${MARKER}: runs the content check on commits that touch the content folder.\nexec sh ${hook} "$@"\n`;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function git(cwd: string, args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

/** Installs (or updates) the pre-commit launcher; refuses to replace a hook that is not ours. */
export function installPreCommitHook(options: InstallHookOptions): InstallHookResult {
  let topLevel: string;
  let hooksDir: string;
  try {
    topLevel = git(options.repoDir, ["rev-parse", "--show-toplevel"]);
    // --git-path honours core.hooksPath, so the launcher goes where Git will look for it.
    hooksDir = path.resolve(options.repoDir, git(options.repoDir, ["rev-parse", "--git-path", "hooks"]));
  } catch {
    return {
      ok: false,
      problem: `${options.repoDir} is not inside a Git working tree  (run it in a clone of the repository)`,
    };
  }
  const hookFile = path.join(hooksDir, "pre-commit");
  const updated = existsSync(hookFile);
  if (updated && !readFileSync(hookFile, "utf8").includes(MARKER)) {
    const line = `sh ${shellQuote(path.join(options.projectDir, "scripts/hooks/pre-commit"))} || exit 1`;
    return {
      ok: false,
      problem: `${hookFile} already exists and is not Broadsheet's  (to keep both, add this line to it: ${line})`,
    };
  }
  mkdirSync(hooksDir, { recursive: true });
  writeFileSync(hookFile, launcherText(topLevel, options.projectDir));
  chmodSync(hookFile, 0o755);
  return { ok: true, hookFile, updated };
}
