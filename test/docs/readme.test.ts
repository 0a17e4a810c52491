/**
 * The README's commands work as written. Every command in its `sh` blocks runs, in the README's
 * order, in a scratch copy of the project: the code linked, the sample content copied, a Git
 * repository of its own, so nothing a command writes reaches the real checkout. Commands that
 * cannot end by themselves or would install or test the whole project are named below and
 * skipped; any other kind of command fails the test until someone teaches it here.
 */
import { execFile, execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMENT_ID_PATTERN, openQueue } from "../../src/comments/queue.js";
import { PROJECT_ROOT, type RunResult, scratch } from "../helpers/site.js";

const README = readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8");
const DOCS = readdirSync(path.join(PROJECT_ROOT, "docs"))
  .filter((name) => name.endsWith(".md"))
  .map((name) => ({ name: `docs/${name}`, text: readFileSync(path.join(PROJECT_ROOT, "docs", name), "utf8") }));
const SCRIPTS = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as { scripts: object })
  .scripts as Record<string, string>;

/** Scripts that are no one's command: run by other scripts only. */
const INTERNAL_SCRIPTS = ["typecheck"];

/** Commands the test does not run, and why. */
const SKIPPED: [RegExp, string][] = [
  [/^npm ci\b/, "installs the dependencies the test already runs with"],
  [/^npm (test|t)\b/, "runs the whole suite, this test included"],
  [/^npm start\b/, "a server that runs until stopped"],
  [/^npm run edit\b/, "a server that runs until stopped"],
  [/^npm run comments(\s|$)/, "a server that runs until stopped"],
];

/** The commands of a Markdown text's `sh` blocks, in order: one per line, continuations joined, comments left out. */
function shellCommands(markdown: string): string[] {
  const commands: string[] = [];
  for (const block of markdown.matchAll(/^ *```sh\n([\s\S]*?)^ *```$/gm)) {
    for (const line of block[1]!.replace(/\\\n/g, " ").split("\n")) {
      const command = line.replace(/\s#.*$/, "").trim();
      if (command && !command.startsWith("#")) commands.push(command);
    }
  }
  return commands;
}

/** The parts of a command line joined by `&&`, each with the reason it is skipped, if it is. */
function commandParts(command: string): { part: string; skipped?: string }[] {
  return command.split("&&").map((part) => {
    const trimmed = part.trim();
    return { part: trimmed, skipped: SKIPPED.find(([pattern]) => pattern.test(trimmed))?.[1] };
  });
}

/** Every script a text names: `npm run <name>`, `npm start`, `npm test`. */
function namedScripts(text: string): string[] {
  return [
    ...[...text.matchAll(/\bnpm run ([\w:-]+)/g)].map((match) => match[1]!),
    ...[...text.matchAll(/\bnpm (start|test)\b/g)].map((match) => match[1]!),
  ];
}

/** The project with the sample content copied and everything else linked, in `dir/project`. */
function projectCopy(dir: string): string {
  const project = path.join(dir, "project");
  mkdirSync(project);
  // Outputs and caches stay out: the copy makes its own.
  const notLinked = /^(content|\.git|_site.*|\.preview|\.cache|\.corpus|\.exp|tmp)$|\.building-|\.previous-/;
  for (const name of readdirSync(PROJECT_ROOT)) {
    if (!notLinked.test(name)) symlinkSync(path.join(PROJECT_ROOT, name), path.join(project, name));
  }
  cpSync(path.join(PROJECT_ROOT, "content"), path.join(project, "content"), { recursive: true });
  execFileSync("git", ["init", "--quiet"], { cwd: project, stdio: "ignore" });
  return project;
}

/** The environment of a user's shell: none of npm's or the test run's own settings. */
function userEnvironment(cacheDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith("npm_") && name !== "INIT_CWD" && !name.startsWith("BROADSHEET_")) env[name] = value;
  }
  return { ...env, BROADSHEET_CACHE_DIR: cacheDir };
}

function runShell(command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile("sh", ["-c", command], { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("the README", () => {
  it("is the user's guide: at most 300 lines", () => {
    expect(README.split("\n").length).toBeLessThanOrEqual(300);
  });

  it("names only scripts that package.json has", () => {
    for (const { name, text } of [{ name: "README.md", text: README }, ...DOCS]) {
      for (const script of namedScripts(text))
        expect(SCRIPTS, `${name} names npm run ${script}`).toHaveProperty([script]);
    }
  });

  it("names every script a user runs", () => {
    const named = new Set(namedScripts(README));
    const missing = Object.keys(SCRIPTS).filter((script) => !INTERNAL_SCRIPTS.includes(script) && !named.has(script));
    expect(missing, "scripts in package.json that the README does not name").toEqual([]);
  });

  it("links only to files that exist", () => {
    // Links in code are examples for writers, not links of the README.
    const prose = README.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
    for (const [, target] of prose.matchAll(/\]\(((?!https?:|#)[^)\s#]+)/g))
      expect(existsSync(path.join(PROJECT_ROOT, target!)), `README links to ${target}`).toBe(true);
  });

  it("writes shell commands in sh blocks, the form this test reads", () => {
    for (const { name, text } of [{ name: "README.md", text: README }, ...DOCS])
      expect(text, name).not.toMatch(/^ *```(bash|shell|console|zsh)\s*$/m);
  });
});

describe("the README's commands, run as written on the sample content", () => {
  const work = scratch("broadsheet-readme-");
  const commands = shellCommands(README);
  let project: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    project = projectCopy(work.dir);
    env = userEnvironment(path.join(work.dir, "cache"));
    // The moderation commands name comments by id: put comments with those ids in the queues they name.
    const article = readdirSync(path.join(project, "content/comments"))[0]!;
    for (const command of commands) {
      const queue = /--queue=(\S+)/.exec(command)?.[1];
      if (!queue) continue;
      const writer = await openQueue(path.resolve(project, queue));
      for (const [id] of command.matchAll(new RegExp(COMMENT_ID_PATTERN.source.slice(1, -1), "g"))) {
        await writer.add({ id, article, author: "A reader", date: "2026-11-26T10:15:00Z", body: "A comment." });
      }
    }
  });
  afterAll(() => work.cleanup());

  it("has commands to run", () => {
    expect(commands.length).toBeGreaterThan(3);
  });

  /** What a command leaves behind that a reader of the README would look for, by script. */
  const outcomes: Record<string, (result: RunResult, command: string) => void> = {
    build: () => expect(existsSync(path.join(project, "_site/index.html"))).toBe(true),
    new: (result) => {
      const file = result.stdout.trim().split("\n").at(-1)!;
      expect(file).toMatch(/^content\/articles\/\d{4}\/\d{2}\/[a-z0-9-]+\.md$/);
      expect(readFileSync(path.join(project, file), "utf8")).toContain("draft: true");
    },
    check: (result) => expect(result.stdout).toMatch(/No errors/),
    "next-publish": (result) => expect(result.stdout).toMatch(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\n)?$/m),
    "hooks:install": () => expect(existsSync(path.join(project, ".git/hooks/pre-commit"))).toBe(true),
    "comments:approve": (_, command) => {
      for (const [id] of command.matchAll(new RegExp(COMMENT_ID_PATTERN.source.slice(1, -1), "g"))) {
        const folder = path.join(project, "content/comments");
        expect(readdirSync(folder, { recursive: true }).map(String)).toContainEqual(
          expect.stringContaining(`${id}.yaml`),
        );
      }
    },
    "comments:reject": (_, command) => {
      const queue = path.resolve(project, /--queue=(\S+)/.exec(command)![1]!);
      for (const [id] of command.matchAll(new RegExp(COMMENT_ID_PATTERN.source.slice(1, -1), "g")))
        expect(existsSync(path.join(queue, `${id}.yaml`))).toBe(false);
    },
  };

  for (const command of commands) {
    const parts = commandParts(command);
    const runnable = parts.filter((part) => !part.skipped);
    const skipped = parts.flatMap((part) => (part.skipped ? [`${part.part.split(" -- ")[0]}: ${part.skipped}`] : []));
    const name = skipped.length ? `${command}  (not run: ${skipped.join("; ")})` : command;
    if (runnable.length === 0) {
      it.skip(name, () => undefined);
      continue;
    }
    it(name, { timeout: 180_000 }, async () => {
      for (const { part } of runnable) {
        expect(part, "the README test runs npm commands only; teach it this one").toMatch(/^npm /);
        const result = await runShell(part, project, env);
        expect(result.code, `${part}\n${result.stdout}\n${result.stderr}`).toBe(0);
        const script = /^npm (?:run )?([\w:-]+)/.exec(part)![1]!;
        outcomes[script]?.(result, part);
      }
    });
  }
});
