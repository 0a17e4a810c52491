/**
 * When files last changed in git: the date of the last commit that touched each, which, unlike
 * a file's modification time, a fresh checkout does not reset.
 */
import { execFileSync } from "node:child_process";
import { DateTime } from "luxon";

/** Separates commits in `git log` output; cannot occur in a date or a file name line. */
const COMMIT_MARK = "\u001e";

/**
 * The committer date of the last commit that touched each of `files` (paths relative to
 * `folder`), from one `git log` call. Files never committed are left out; so is every file when
 * `folder` is not in a git checkout or git is not installed.
 */
export function lastCommitDates(folder: string, files: readonly string[]): Map<string, DateTime> {
  const dates = new Map<string, DateTime>();
  if (!files.length) return dates;
  let log: string;
  try {
    log = execFileSync(
      "git",
      ["-c", "core.quotePath=off", "log", `--format=${COMMIT_MARK}%cI`, "--name-only", "--relative", "--", ...files],
      { cwd: folder, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], maxBuffer: 256 * 1024 * 1024 },
    );
  } catch {
    return dates;
  }
  const wanted = new Set(files);
  let date: DateTime | undefined;
  for (const line of log.split("\n")) {
    if (line.startsWith(COMMIT_MARK)) date = DateTime.fromISO(line.slice(COMMIT_MARK.length), { setZone: true });
    else if (date?.isValid && wanted.has(line) && !dates.has(line)) dates.set(line, date);
  }
  return dates;
}
