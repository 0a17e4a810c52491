import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build, copyFixture, listFiles, type RunResult, scratch } from "../helpers/site.js";

const article = (front: string, body = "Body text.") => `---\n${front.trim()}\n---\n${body}\n`;

/** Each broken file, and the finding the build must report for it: line, field and words of the message. */
const BROKEN: Record<string, { text: string; findings: [number, string, RegExp][] }> = {
  "articles/bad-date.md": {
    text: article("title: Bad date\ndate: 2026-13-45T09:30\ncategory: industry\nauthor: ivan-petrov"),
    findings: [
      [
        3,
        "date",
        /"2026-13-45T09:30" is not a valid date {2}\(2026-11-20T09:30, 2026-11-20T09:30\+03:00 or 2026-11-20\)/,
      ],
    ],
  },
  "articles/typo-key.md": {
    text: article("titel: Typo\ndate: 2026-10-01\ncategory: industry\nauthor: ivan-petrov"),
    findings: [
      [2, "title", /is required {2}\(the headline\)/],
      [2, "titel", /unknown key {2}\(did you mean "title"\?/],
    ],
  },
  "articles/unknown-names.md": {
    text: article("title: Unknown names\ndate: 2026-10-01\ncategory: finanse\nauthor: [ivan-petrov, ivan-petrof]"),
    findings: [
      [4, "category", /unknown category "finanse" {2}\(did you mean "finance"\? one of: industry, finance, city\)/],
      [5, "author[1]", /unknown author "ivan-petrof" {2}\(did you mean "ivan-petrov"\?/],
    ],
  },
  "articles/image-no-alt.md": {
    text: article("title: Image\ndate: 2026-10-01\ncategory: city\nauthor: ivan-petrov\nimage: images/missing.jpg"),
    findings: [
      [6, "image", /file not found/],
      [2, "imageAlt", /is required when image is set/],
    ],
  },
  "articles/caption-no-image.md": {
    text: article(
      'title: Caption\ndate: 2026-10-01\ncategory: city\nauthor: ivan-petrov\nimageCaption: A hall\nimageCredit: "Photo: A. K."',
    ),
    findings: [
      [6, "imageCaption", /is only used with image {2}\(set image, or remove this key\)/],
      [7, "imageCredit", /is only used with image/],
    ],
  },
  "articles/correction-too-early.md": {
    text: article(
      "title: Corrected\ndate: 2026-10-05T10:00\ncategory: city\nauthor: ivan-petrov\ncorrections:\n  - date: 2026-10-04T10:00\n    text: Too early.",
    ),
    findings: [
      [7, "corrections[0].date", /is before the article's date {2}\(a correction is made after publication\)/],
    ],
  },
  "articles/correction-from-the-future.md": {
    text: article(
      "title: Corrected\ndate: 2026-10-05T10:00\ncategory: city\nauthor: ivan-petrov\ncorrections:\n  - date: 2026-10-06T10:00\n    text: Fine.\n  - date: 2099-01-01T10:00\n    text: From the future.",
    ),
    findings: [[9, "corrections[1].date", /is after the build {2}\(the moment the correction was made/]],
  },
  "articles/correction-unknown-key.md": {
    text: article(
      "title: Corrected\ndate: 2026-10-05T10:00\ncategory: city\nauthor: ivan-petrov\ncorrections:\n  - date: 2026-10-06T10:00\n    text: Fine.\n    by: the desk",
    ),
    findings: [[9, "corrections[0].by", /unknown key {2}\(allowed: date, text\)/]],
  },
  "articles/correction-without-text.md": {
    text: article(
      "title: Corrected\ndate: 2026-10-05T10:00\ncategory: city\nauthor: ivan-petrov\ncorrections:\n  - date: 2026-10-06T10:00",
    ),
    findings: [[7, "corrections[0].text", /is required {2}\(what was wrong and what is right\)/]],
  },
  "articles/updated-early.md": {
    text: article(
      "title: Updated early\ndate: 2026-10-05T10:00\nupdated: 2026-10-04T10:00\ncategory: city\nauthor: ivan-petrov",
    ),
    findings: [[4, "updated", /is before date/]],
  },
  "articles/dead-link.md": {
    text: article(
      "title: Dead link\ndate: 2026-10-01\ncategory: city\nauthor: ivan-petrov",
      "Intro.\n\nSee [the old story](./no-such-story.md).",
    ),
    findings: [[9, "body", /link target \.\/no-such-story\.md does not exist/]],
  },
  "articles/copy-one.md": {
    text: article("title: Copy\ndate: 2026-10-01\ncategory: city\nauthor: ivan-petrov\nslug: plant-reopens"),
    findings: [[6, "slug", /"plant-reopens" is already used by articles\/2026\/10\/plant-reopens\.md/]],
  },
  "articles/broken-yaml.md": {
    text: "---\ntitle: [unclosed\ndate: 2026-10-01\n---\nBody\n",
    findings: [[3, "file", /is not valid YAML/]],
  },
  "articles/live-end-alone.md": {
    text: article(
      "title: Ended\ndate: 2026-10-05T10:00\ncategory: city\nauthor: ivan-petrov\nliveEnd: 2026-10-06T10:00",
    ),
    findings: [[6, "liveEnd", /is only used with live: true/]],
  },
  "articles/live-end-early.md": {
    text: article(
      "title: Ended early\ndate: 2026-10-05T10:00\ncategory: city\nauthor: ivan-petrov\nlive: true\nliveEnd: 2026-10-04T10:00",
    ),
    findings: [[7, "liveEnd", /is before date {2}\(the moment the coverage ended/]],
  },
  "live/no-such-article/first.md": {
    text: article("date: 2026-11-24T10:00"),
    findings: [[1, "file", /is for article "no-such-article", which does not exist/]],
  },
  "live/plant-reopens/first.md": {
    text: article("date: 2026-11-24T10:00"),
    findings: [[1, "file", /is for article "plant-reopens", which is not live {2}\(add live: true to that article\)/]],
  },
  "live/smelter-strike/too-early.md": {
    text: article("date: 2026-11-23T10:00"),
    findings: [
      [2, "date", /is before the article's date {2}\(an update follows its article, dated 2026-11-24T09:00 or later\)/],
    ],
  },
  "live/smelter-strike/stranger.md": {
    text: article("date: 2026-11-24T10:00\nauthor: ivan-petrof"),
    findings: [[3, "author", /unknown author "ivan-petrof" {2}\(did you mean "ivan-petrov"\?/]],
  },
  "live/smelter-strike/typo.md": {
    text: article("date: 2026-11-24T10:00\ntitel: Typo"),
    findings: [[3, "titel", /unknown key {2}\(did you mean "title"\? allowed: date, title, author, draft\)/]],
  },
  "comments/no-such-article/hello.yaml": {
    text: "author: Reader\ndate: 2026-10-01T10:00\nbody: Hello\n",
    findings: [[1, "file", /is for article "no-such-article", which does not exist/]],
  },
};

describe("a content folder with several broken files", () => {
  const work = scratch();
  const output = path.join(work.dir, "site");
  let content: string;
  let before: Map<string, string>;
  let result: RunResult;

  beforeAll(async () => {
    content = copyFixture("newsroom", work.dir);
    expect((await build(content, output)).code).toBe(0);
    before = new Map(listFiles(output).map((file) => [file, readFileSync(path.join(output, file), "utf8")]));
    copyFixture(
      "newsroom",
      work.dir,
      Object.fromEntries(Object.entries(BROKEN).map(([file, { text }]) => [file, text])),
    );
    result = await build(content, output);
  });
  afterAll(() => work.cleanup());

  it("exits non-zero", () => {
    expect(result.code).toBe(1);
  });

  it("reports every problem in one run as path:line  field  message", () => {
    const lines = result.stderr.trim().split("\n");
    const expected = Object.entries(BROKEN).flatMap(([file, { findings }]) =>
      findings.map(([line, field, message]) => ({ prefix: `${content}/${file}:${line}  ${field}  `, message })),
    );
    for (const { prefix, message } of expected) {
      const match = lines.find((line) => line.startsWith(prefix));
      expect(match, `no line starting with ${prefix}\n${result.stderr}`).toBeDefined();
      expect(match).toMatch(message);
    }
    const findings = lines.filter((line) => line.startsWith(content) && !line.includes("  warning: "));
    expect(findings).toHaveLength(expected.length);
    expect(lines.at(-1)).toMatch(/Build stopped: 25 problems in .*Nothing was written/);
  });

  it("never shows a stack trace", () => {
    expect(result.stderr).not.toMatch(/\n\s+at |Error:/);
  });

  it("leaves the previous output exactly as it was, with nothing half-written beside it", () => {
    const after = listFiles(output);
    expect(after).toEqual([...before.keys()]);
    for (const file of after) expect(readFileSync(path.join(output, file), "utf8"), file).toBe(before.get(file));
    expect(readdirSync(work.dir).sort()).toEqual(["content", "site"]);
  });
});

describe("a content folder without site settings", () => {
  const work = scratch();
  afterAll(() => work.cleanup());

  it("names the missing file and writes nothing", async () => {
    const content = copyFixture("newsroom", work.dir, { "_data/site.yaml": null });
    const result = await build(content, path.join(work.dir, "site"));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${content}/_data/site.yaml:1  file  is missing  (site settings with at least title and url)`,
    );
    expect(existsSync(path.join(work.dir, "site"))).toBe(false);
  });

  it("reports bad settings with the line and the valid form", async () => {
    const content = copyFixture("newsroom", work.dir, {
      "_data/site.yaml":
        "title: X\nurl: example.org\ntimezone: Mars/Olympus\nperPage: many\npermalink: /{year}/{title}/\n",
    });
    const result = await build(content, path.join(work.dir, "site"));
    expect(result.code).toBe(1);
    const lines = result.stderr.split("\n");
    expect(lines).toContain(
      `${content}/_data/site.yaml:2  url  must be an absolute http(s) URL  (e.g. https://example.org/news/)`,
    );
    expect(lines).toContain(
      `${content}/_data/site.yaml:3  timezone  must be an IANA time zone  (e.g. Europe/Moscow, UTC)`,
    );
    expect(lines).toContain(`${content}/_data/site.yaml:4  perPage  must be a whole number`);
    expect(lines.some((line) => line.startsWith(`${content}/_data/site.yaml:5  permalink  must contain {slug}`))).toBe(
      true,
    );
  });
});

describe("URLs that clash", () => {
  const work = scratch();
  afterAll(() => work.cleanup());

  it("reports a page that would replace one of the site's own pages, and an old URL that would hide a page", async () => {
    const content = copyFixture("newsroom", work.dir, {
      "pages/search.md": "---\ntitle: Search tips\n---\nTips.\n",
      "articles/2026/10/tie-alpha.md":
        "---\ntitle: Alpha\ndate: 2026-10-20T12:00\ncategory: industry\nauthor: ivan-petrov\naliases:\n  - /old/alpha/\n  - /about/\n---\nAlpha body.\n",
    });
    const result = await build(content, path.join(work.dir, "site"));
    expect(result.code).toBe(1);
    const lines = result.stderr.split("\n");
    expect(lines).toContain(
      `${content}/pages/search.md:2  slug  gives the same URL /search/ as the search page  (choose a different slug)`,
    );
    expect(lines).toContain(
      `${content}/articles/2026/10/tie-alpha.md:8  aliases[1]  gives the same URL /about/ as pages/about.md  (remove this old URL or change it)`,
    );
    expect(lines.filter((line) => line.includes("old/alpha"))).toEqual([]);
  });
});

describe("paths that would leave the site or the published folders", () => {
  const work = scratch();
  afterAll(() => work.cleanup());

  it("rejects unsafe old URLs, unsafe permalinks, images outside images/ and empty tags", async () => {
    const content = copyFixture("newsroom", work.dir, {
      "_data/site.yaml":
        "title: X\nurl: https://example.org/news/\ntimezone: America/Los_Angeles\npermalink: /../{slug}/\n",
      "notes/report.txt": "internal",
      "articles/2026/10/tie-alpha.md": [
        "---",
        "title: Alpha",
        "date: 2026-10-20T12:00",
        "category: industry",
        "author: ivan-petrov",
        "tags: [steel, '???']",
        "aliases:",
        "  - /../../outside/",
        '  - "/a b/"',
        "  - /tag/steel/",
        "image: notes/report.txt",
        "imageAlt: A report",
        "---",
        "See [the report](../../../notes/report.txt) and [the draft](../11/secret-draft.md).",
        "",
      ].join("\n"),
    });
    const result = await build(content, path.join(work.dir, "site"));
    expect(result.code).toBe(1);
    const lines = result.stderr.split("\n");
    const finding = (file: string, line: number, field: string) =>
      lines.find((entry) => entry.startsWith(`${content}/${file}:${line}  ${field}  `));
    expect(finding("_data/site.yaml", 4, "permalink")).toMatch(/without \. or \.\. segments/);
    expect(finding("articles/2026/10/tie-alpha.md", 6, "tags[1]")).toMatch(/must contain letters or digits/);
    expect(finding("articles/2026/10/tie-alpha.md", 8, "aliases[0]")).toMatch(/without spaces, \. or \.\. segments/);
    expect(finding("articles/2026/10/tie-alpha.md", 9, "aliases[1]")).toMatch(/without spaces/);
    expect(finding("articles/2026/10/tie-alpha.md", 10, "aliases[2]")).toMatch(
      /must not start with a folder the site writes itself/,
    );
    expect(finding("articles/2026/10/tie-alpha.md", 11, "image")).toMatch(/must be in the images folder/);
    expect(existsSync(path.join(work.dir, "outside"))).toBe(false);
  });

  it("reports a body link to a file outside images/ and warns about a link to a draft", async () => {
    const content = copyFixture("newsroom", work.dir, {
      "notes/report.txt": "internal",
      "articles/2026/10/tie-beta.md":
        "---\ntitle: Beta\ndate: 2026-10-20T12:00\ncategory: industry\nauthor: ivan-petrov\n---\nSee [the report](../../../notes/report.txt) and [the draft](../11/secret-draft.md).\n",
    });
    const result = await build(content, path.join(work.dir, "site2"));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${content}/articles/2026/10/tie-beta.md:7  body  link target ../../../notes/report.txt is outside the images folder, which is the only one published  (move the file into images/)`,
    );
    expect(result.stderr).toContain(
      `${content}/articles/2026/10/tie-beta.md:7  body  warning: links to articles/2026/11/secret-draft.md, which is not published yet`,
    );
  });
});
