/**
 * `npm run hooks:install`: installs the pre-commit hook that runs the content check before each
 * commit touching the content folder. Never run automatically; run it once per clone.
 */
import { PROJECT_ROOT } from "../src/lib/project.js";
import { installPreCommitHook } from "../src/writer/hooks.js";
import { readArgs } from "./args.js";

// --repo is for tests: install into another working tree than the current one.
const { values } = readArgs({ repo: { type: "string", default: "." } });
const result = installPreCommitHook({ repoDir: values.repo as string, projectDir: PROJECT_ROOT });
if (!result.ok) {
  console.error(result.problem);
  process.exit(1);
}
console.log(`${result.updated ? "Updated" : "Installed"} the pre-commit hook: ${result.hookFile}`);
console.log("Commits that touch the content folder now run npm run check first; git commit --no-verify skips it once.");
