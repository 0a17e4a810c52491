import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { copyFixture, PROJECT_ROOT, type RunResult, runScript, scratch } from "../helpers/site.js";

const NOW = "--now=2026-11-26T12:00:00Z";
const article = (front: string, body = "Body text.") => `---\n${front.trim()}\n---\n${body}\n`;

/**
 * The newsroom fixture without its two deliberate likely mistakes (a tag differing from another
 * only in case, an article scheduled for 2099), so that each case below reports only its own.
 */
const CLEAN: Record<string, string | null> = {
  "articles/2026/10/city-budget.md": article(
    "title: City budget passes second reading\ndate: 2026-10-05\ncategory: City\nauthor: Ольга Смирнова\ntags: [budget]\ndescription: Councillors approved the draft budget.",
    "Councillors approved the draft budget on Monday.",
  ),
  "articles/2099/01/future-story.md": null,
};

type Finding = [file: string, line: number, field: string, severity: "error" | "warning", message: RegExp];
interface Case {
  files: Record<string, string | null>;
  findings: Finding[];
}

/** Each kind of mistake `npm run check` finds, with the exact findings it must report. */
const ERRORS: Record<string, Case> = {
  "values that break the schema": {
    files: {
      "articles/schema.md": article(
        "date: 2026-13-45T09:30\ncategory: industry\nauthor: ivan-petrov\ntags: steel\ndraft: maybe",
      ),
    },
    findings: [
      ["articles/schema.md", 2, "title", "error", /^is required {2}\(the headline\)$/],
      [
        "articles/schema.md",
        2,
        "date",
        "error",
        /^"2026-13-45T09:30" is not a valid date {2}\(2026-11-20T09:30, 2026-11-20T09:30\+03:00 or 2026-11-20\)$/,
      ],
      ["articles/schema.md", 5, "tags", "error", /^must be a list of tags {2}\(e\.g\. \[steel, exports\]\)$/],
      ["articles/schema.md", 6, "draft", "error", /^must be true or false$/],
    ],
  },
  "an unknown key": {
    files: {
      "articles/typo.md": article(
        "title: Typo\ndate: 2026-10-01\ncategory: city\nauthor: ivan-petrov\nimagealt: A mill",
      ),
    },
    findings: [
      [
        "articles/typo.md",
        6,
        "imagealt",
        "error",
        /^unknown key {2}\(did you mean "imageAlt"\? allowed: title, date, /,
      ],
    ],
  },
  "an unknown category and author": {
    files: {
      "articles/names.md": article(
        "title: Names\ndate: 2026-10-01\ncategory: finanse\nauthor: [ivan-petrov, ivan-petrof]",
      ),
    },
    findings: [
      [
        "articles/names.md",
        4,
        "category",
        "error",
        /^unknown category "finanse" {2}\(did you mean "finance"\? one of: industry, finance, city\)$/,
      ],
      [
        "articles/names.md",
        5,
        "author[1]",
        "error",
        /^unknown author "ivan-petrof" {2}\(did you mean "ivan-petrov"\? one of: ivan-petrov, olga-smirnova\)$/,
      ],
    ],
  },
  "a duplicate slug": {
    files: {
      "articles/copy.md": article(
        "title: Copy\ndate: 2026-10-01\ncategory: city\nauthor: ivan-petrov\nslug: plant-reopens",
      ),
    },
    findings: [
      [
        "articles/copy.md",
        6,
        "slug",
        "error",
        /^"plant-reopens" is already used by articles\/2026\/10\/plant-reopens\.md {2}\(slugs are unique/,
      ],
    ],
  },
  "a duplicate permalink": {
    files: {
      "_data/site.yaml":
        "title: Fixture Gazette\nurl: https://example.org/news/\ntimezone: America/Los_Angeles\npermalink: /{slug}/\n",
      "pages/city-budget.md": article("title: The budget, explained"),
    },
    findings: [
      [
        "pages/city-budget.md",
        2,
        "slug",
        "error",
        /^gives the same URL \/city-budget\/ as articles\/2026\/10\/city-budget\.md {2}\(choose a different slug\)$/,
      ],
    ],
  },
  "links and images that lead nowhere": {
    files: {
      "articles/dead.md": article(
        "title: Dead ends\ndate: 2026-10-01\ncategory: city\nauthor: ivan-petrov",
        "Intro.\n\nSee [the old story](./no-such-story.md).\n\n![Tanks](../images/tanks.jpg)",
      ),
    },
    findings: [
      [
        "articles/dead.md",
        9,
        "body",
        "error",
        /^link target \.\/no-such-story\.md does not exist {2}\(a path relative to this file, e\.g\. \.\.\/10\/other-article\.md\)$/,
      ],
      [
        "articles/dead.md",
        11,
        "body",
        "error",
        /^image target \.\.\/images\/tanks\.jpg does not exist {2}\(a path relative to this file, e\.g\. \.\.\/\.\.\/images\/photo\.jpg\)$/,
      ],
    ],
  },
  "a missing image file and a missing imageAlt": {
    files: {
      "articles/no-file.md": article(
        "title: No file\ndate: 2026-10-01\ncategory: city\nauthor: ivan-petrov\nimage: images/missing.jpg\nimageAlt: Nothing",
      ),
      "articles/no-alt.md": article(
        "title: No alt\ndate: 2026-10-01\ncategory: city\nauthor: ivan-petrov\nimage: images/plant.png",
      ),
    },
    findings: [
      [
        "articles/no-alt.md",
        2,
        "imageAlt",
        "error",
        /^is required when image is set {2}\(a short description of the picture\)$/,
      ],
      [
        "articles/no-file.md",
        6,
        "image",
        "error",
        /^file not found in the content folder {2}\(a path like images\/plant\.jpg\)$/,
      ],
    ],
  },
  "a comment for a missing article": {
    files: { "comments/no-such-article/hello.yaml": "author: Reader\ndate: 2026-10-01T10:00\nbody: Hello\n" },
    findings: [
      [
        "comments/no-such-article/hello.yaml",
        1,
        "file",
        "error",
        /^is for article "no-such-article", which does not exist {2}\(the folder name must be an article's slug\)$/,
      ],
    ],
  },
  "updated before date": {
    files: {
      "articles/updated.md": article(
        "title: Updated early\ndate: 2026-10-05T10:00\nupdated: 2026-10-04T10:00\ncategory: city\nauthor: ivan-petrov",
      ),
    },
    findings: [
      [
        "articles/updated.md",
        4,
        "updated",
        "error",
        /^is before date {2}\(a moment on or after the publication date\)$/,
      ],
    ],
  },
};

const WARNINGS: Record<string, Case> = {
  "a tag that differs from another only in case": {
    files: {
      "articles/steel.md": article(
        "title: Steel\ndate: 2026-10-15\ncategory: industry\nauthor: ivan-petrov\ntags: [exports, Steel]",
      ),
    },
    findings: [
      [
        "articles/steel.md",
        6,
        "tags[1]",
        "warning",
        /^tag "Steel" differs only in case from "steel", used in 1 article {2}\(write "steel" if it is the same tag\)$/,
      ],
    ],
  },
  "a tag that differs from another by a letter": {
    files: {
      "articles/robots-1.md": article(
        "title: Robots one\ndate: 2026-10-15\ncategory: industry\nauthor: ivan-petrov\ntags: [automation]",
      ),
      "articles/robots-2.md": article(
        "title: Robots two\ndate: 2026-10-16\ncategory: industry\nauthor: ivan-petrov\ntags: [automation]",
      ),
      "articles/robots-3.md": article(
        "title: Robots three\ndate: 2026-10-14\ncategory: industry\nauthor: ivan-petrov\ntags:\n  - robots\n  - automaton",
      ),
    },
    findings: [
      [
        "articles/robots-3.md",
        8,
        "tags[1]",
        "warning",
        /^tag "automaton" differs by one letter from "automation", used in 2 articles {2}\(write "automation" if it is the same tag\)$/,
      ],
    ],
  },
  "a category that differs from a known one only in case": {
    files: { "articles/shout.md": article("title: Shout\ndate: 2026-10-15\ncategory: INDUSTRY\nauthor: ivan-petrov") },
    findings: [
      [
        "articles/shout.md",
        4,
        "category",
        "warning",
        /^"INDUSTRY" differs only in case from a category in categories\.yaml {2}\(write the key "industry" or the name "Industry"\)$/,
      ],
    ],
  },
  "an empty body": {
    files: { "articles/empty.md": "---\ntitle: Empty\ndate: 2026-10-15\ncategory: city\nauthor: ivan-petrov\n---\n\n" },
    findings: [["articles/empty.md", 7, "body", "warning", /^is empty {2}\(write the text below the closing ---\)$/]],
  },
  "a description over 300 characters": {
    files: {
      "articles/long.md": article(
        `title: Long\ndate: 2026-10-15\ncategory: city\nauthor: ivan-petrov\ndescription: ${"word ".repeat(61).trim()}`,
      ),
    },
    findings: [
      [
        "articles/long.md",
        6,
        "description",
        "warning",
        /^is 304 characters long {2}\(at most 300: search results and social cards cut longer ones\)$/,
      ],
    ],
  },
  "a date in the future": {
    files: {
      "articles/tomorrow.md": article("title: Tomorrow\ndate: 2026-11-27T06:00\ncategory: city\nauthor: ivan-petrov"),
    },
    findings: [
      [
        "articles/tomorrow.md",
        3,
        "date",
        "warning",
        /^is in the future: it will be scheduled, published by the first build after 2026-11-27T06:00:00-08:00 {2}\(fine if intended; otherwise correct the date\)$/,
      ],
    ],
  },
};

/** Without categories.yaml any category is valid, so near-duplicates are warned about instead. */
const WITHOUT_CATEGORIES: Case = {
  files: {
    "_data/categories.yaml": null,
    "articles/money.md": article("title: Money\ndate: 2026-10-12\ncategory: finanse\nauthor: ivan-petrov"),
  },
  findings: [
    [
      "articles/2026/10/city-budget.md",
      4,
      "category",
      "warning",
      /^category "City" differs only in case from "city", used in 2 articles {2}\(write "city" if it is the same category\)$/,
    ],
    [
      "articles/money.md",
      4,
      "category",
      "warning",
      /^category "finanse" differs by one letter from "finance", used in 1 article {2}\(write "finance" if it is the same category\)$/,
    ],
  ],
};

const FINDING = /^(.+?):(\d+) {2}(\S+) {2}(warning: )?(.*)$/;

/** Runs `npm run check` on the fixture with `files` changed; returns the result and the findings it printed. */
async function check(files: Record<string, string | null>, extra: string[] = [NOW]) {
  const work = scratch();
  try {
    const content = copyFixture("newsroom", work.dir, { ...CLEAN, ...files });
    const result = await runScript("check.ts", [`--input=${content}`, ...extra]);
    const lines = result.stdout.trimEnd().split("\n");
    const findings = lines
      .filter((line) => line.startsWith(`${content}/`))
      .map((line) => {
        const [, file, lineNumber, field, warning, message] = FINDING.exec(line.slice(content.length + 1))!;
        return {
          file: file!,
          line: Number(lineNumber),
          field: field!,
          severity: warning ? "warning" : "error",
          message: message!,
        };
      });
    return { result, lines, findings, content };
  } finally {
    work.cleanup();
  }
}

/** Asserts the findings are exactly `expected`, in file order, each message matching. */
function expectFindings(actual: Awaited<ReturnType<typeof check>>["findings"], expected: Finding[]) {
  const sorted = [...expected].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
  expect(actual.map(({ file, line, field, severity }) => [file, line, field, severity])).toEqual(
    sorted.map(([file, line, field, severity]) => [file, line, field, severity]),
  );
  for (const [index, finding] of actual.entries()) expect(finding.message).toMatch(sorted[index]![4]);
}

describe("npm run check on a folder without problems", () => {
  it("exits 0 and says there are no problems", async () => {
    const { result, lines, findings } = await check({});
    expect(result.code).toBe(0);
    expect(findings).toEqual([]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^No problems in .*\/content \(9 articles, 1 page, 2 comments and 5 live updates checked in \d+\.\d s\)\.$/,
    );
    expect(result.stderr).toBe("");
  });

  it("prints paths as the folder was given, relative ones too", async () => {
    const work = scratch();
    try {
      const content = copyFixture("newsroom", work.dir, {
        ...CLEAN,
        "articles/empty.md": "---\ntitle: Empty\ndate: 2026-10-15\ncategory: city\nauthor: ivan-petrov\n---\n",
      });
      const relative = path.relative(PROJECT_ROOT, content);
      const result = await runScript("check.ts", [`--input=${relative}`, NOW]);
      expect(result.stdout.split("\n")[0]).toBe(
        `${relative}/articles/empty.md:7  body  warning: is empty  (write the text below the closing ---)`,
      );
    } finally {
      work.cleanup();
    }
  });
});

describe.each(Object.entries(ERRORS))("npm run check on a folder with %s", (_name, { files, findings }) => {
  let outcome: Awaited<ReturnType<typeof check>>;
  beforeAll(async () => {
    outcome = await check(files);
  });

  it("reports exactly its findings, as path:line  field  message", () => expectFindings(outcome.findings, findings));

  it("exits 1 and says the build refuses the folder", () => {
    expect(outcome.result.code).toBe(1);
    const errors = findings.length;
    expect(outcome.lines.at(-1)).toMatch(
      new RegExp(`^${errors} errors? and 0 warnings in .* The build refuses a folder with errors`),
    );
  });
});

describe.each(Object.entries(WARNINGS))("npm run check on a folder with %s", (_name, { files, findings }) => {
  it("reports it as a warning and exits 0", async () => {
    const outcome = await check(files);
    expectFindings(outcome.findings, findings);
    expect(outcome.result.code).toBe(0);
    expect(outcome.lines.at(-1)).toMatch(/^No errors, 1 warning in .* Warnings do not stop the build\.$/);
  });
});

describe("npm run check on a folder without categories.yaml", () => {
  it("warns about categories that differ from a more used one by case or a letter", async () => {
    const outcome = await check(WITHOUT_CATEGORIES.files);
    expectFindings(outcome.findings, WITHOUT_CATEGORIES.findings);
    expect(outcome.result.code).toBe(0);
  });
});

describe("npm run check on a folder with every mistake at once", () => {
  const cases = [...Object.values(ERRORS), ...Object.values(WARNINGS)];
  let outcome: Awaited<ReturnType<typeof check>>;
  beforeAll(async () => {
    outcome = await check(Object.assign({}, ...cases.map((one) => one.files)));
  });

  it("reports every finding in one run, in file order", () => {
    expectFindings(
      outcome.findings,
      cases.flatMap((one) => one.findings),
    );
  });

  it("exits 1 and counts errors and warnings", () => {
    const errors = Object.values(ERRORS).flatMap((one) => one.findings).length;
    const warnings = Object.values(WARNINGS).flatMap((one) => one.findings).length;
    expect(outcome.result.code).toBe(1);
    expect(outcome.lines.at(-2)).toBe("");
    expect(outcome.lines.at(-1)).toMatch(new RegExp(`^${errors} errors and ${warnings} warnings in `));
  });

  it("never shows a stack trace", () => {
    expect(outcome.result.stdout + outcome.result.stderr).not.toMatch(/\n\s+at |Error:/);
  });
});

describe("npm run check on the newsroom fixture as it is", () => {
  let result: RunResult;
  beforeAll(async () => {
    const work = scratch();
    try {
      const content = copyFixture("newsroom", work.dir);
      result = await runScript("check.ts", [`--input=${content}`], { BROADSHEET_NOW: "2026-11-26T12:00:00Z" });
    } finally {
      work.cleanup();
    }
  });

  it("reads the moment of the check from BROADSHEET_NOW, as the build does, and warns about its two likely mistakes", () => {
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /bond-sale\.md:6 {2}tags\[1\] {2}warning: tag "budget" differs only in case from "Budget"/,
    );
    expect(result.stdout).toMatch(
      /future-story\.md:3 {2}date {2}warning: is in the future: it will be scheduled, published by the first build after 2099-01-01T10:00:00-08:00/,
    );
  });
});

describe("npm run check with a folder that does not exist", () => {
  it("says so and exits 1", async () => {
    const result = await runScript("check.ts", ["--input=/nonexistent/content"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("content folder not found: /nonexistent/content");
  });
});
