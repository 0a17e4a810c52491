import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { indexSite, liveSiteIndex } from "../../src/comments/site-index.js";
import { copyFixture, scratch } from "../helpers/site.js";

const START = new Date("2026-11-26T12:00:00Z");
const story = (title: string) =>
  `---\ntitle: ${title}\ndate: 2026-11-20T09:00\ncategory: city\nauthor: ivan-petrov\n---\nBody.\n`;

describe("the server's view of the site", () => {
  const work = scratch("broadsheet-comments-");
  afterAll(() => work.cleanup());

  it("knows each article's public URL, the site origin and zone", () => {
    const content = copyFixture("newsroom", path.join(work.dir, "a"));
    const { index } = indexSite(content, START);
    expect(index!.origin).toBe("https://example.org");
    expect(index!.home).toBe("https://example.org/news/");
    expect(index!.zone).toBe("America/Los_Angeles");
    expect(index!.articles.get("zavod-zapuskaet-liniyu")!.url).toBe(
      "https://example.org/news/2026/11/zavod-zapuskaet-liniyu/",
    );
    expect([...index!.articles.get("plant-reopens")!.commentIds].sort()).toEqual(["first", "reply"]);
  });

  it("finds an article added after start once the reload interval has passed, not before", () => {
    const content = copyFixture("newsroom", path.join(work.dir, "b"));
    let now = START;
    const live = liveSiteIndex(indexSite(content, now).index!, {
      contentDir: content,
      now: () => now,
      minReloadIntervalMs: 30_000,
    });
    writeFileSync(path.join(content, "articles/2026/11/new-story.md"), story("A new story"));
    now = new Date(START.getTime() + 5_000);
    expect(live.lookup("new-story")).toEqual({ unknown: "article" });
    now = new Date(START.getTime() + 31_000);
    expect(live.lookup("new-story")).toMatchObject({ article: { url: "https://example.org/news/2026/11/new-story/" } });
  });

  it("opens a scheduled article at its time, and never a draft", () => {
    const content = copyFixture("newsroom", path.join(work.dir, "c"));
    let now = START;
    const live = liveSiteIndex(indexSite(content, now).index!, { contentDir: content, now: () => now });
    expect(live.lookup("future-story")).toEqual({ unknown: "article" });
    expect(live.lookup("secret-draft")).toEqual({ unknown: "article" });
    now = new Date("2099-01-02T00:00:00Z");
    expect(live.lookup("future-story")).toHaveProperty("article");
    expect(live.lookup("secret-draft")).toEqual({ unknown: "article" });
  });

  it("knows approved comments to reply to, and finds one approved after start on the next reload", () => {
    const content = copyFixture("newsroom", path.join(work.dir, "d"));
    let now = START;
    const live = liveSiteIndex(indexSite(content, now).index!, {
      contentDir: content,
      now: () => now,
      minReloadIntervalMs: 1000,
    });
    expect(live.lookup("plant-reopens", "first")).toHaveProperty("article");
    expect(live.lookup("plant-reopens", "later")).toEqual({ unknown: "replyTo" });
    writeFileSync(
      path.join(content, "comments/plant-reopens/later.yaml"),
      "author: Editor\ndate: 2026-11-25T10:00\nbody: Approved later.\n",
    );
    now = new Date(START.getTime() + 2000);
    expect(live.lookup("plant-reopens", "later")).toHaveProperty("article");
  });

  it("keeps the previous articles when the content breaks, and says so", () => {
    const content = copyFixture("newsroom", path.join(work.dir, "e"));
    const reported: number[] = [];
    const live = liveSiteIndex(indexSite(content, START).index!, {
      contentDir: content,
      now: () => START,
      onReloadIssues: (issues) => reported.push(issues.length),
    });
    writeFileSync(path.join(content, "_data/site.yaml"), "title: Broken\n");
    expect(live.reload().ok).toBe(false);
    expect(reported).toHaveLength(1);
    expect(live.lookup("plant-reopens")).toHaveProperty("article");
  });
});
