import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  indexSite,
  type LiveSiteIndex,
  type LiveSiteIndexOptions,
  liveSiteIndex,
  type ReloadOutcome,
} from "../../src/comments/site-index.js";
import { copyFixture, scratch } from "../helpers/site.js";

const START = new Date("2026-11-26T12:00:00Z");
const story = (title: string) =>
  `---\ntitle: ${title}\ndate: 2026-11-20T09:00\ncategory: city\nauthor: ivan-petrov\n---\nBody.\n`;

describe("the server's view of the site", () => {
  const work = scratch("broadsheet-comments-");
  const opened: LiveSiteIndex[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((live) => live.close()));
  });
  afterAll(() => work.cleanup());

  /** A live index of `content` as it is now, with periodic reloads off unless asked for; closed after the test. */
  const follow = (content: string, options: Partial<LiveSiteIndexOptions> = {}) => {
    const live = liveSiteIndex(indexSite(content, options.now?.() ?? START).index!, {
      contentDir: content,
      now: () => START,
      reloadIntervalMs: 0,
      ...options,
    });
    opened.push(live);
    return live;
  };

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

  it("answers a miss at once from the index in use, and reloads in the background at most once per interval", async () => {
    const content = copyFixture("newsroom", path.join(work.dir, "b"));
    let now = START;
    const events: string[] = [];
    const live = follow(content, {
      now: () => now,
      minReloadIntervalMs: 30_000,
      onReloadStart: (reason) => events.push(`started (${reason})`),
      onReloadEnd: (outcome) => events.push(`ended (${outcome.articles} articles)`),
    });
    const before = live.current().articles.size;
    writeFileSync(path.join(content, "articles/2026/11/new-story.md"), story("A new story"));

    now = new Date(START.getTime() + 5_000);
    expect(live.lookup("new-story")).toEqual({ unknown: "article" });
    expect(live.running()).toBeUndefined();

    now = new Date(START.getTime() + 31_000);
    expect(live.lookup("new-story")).toEqual({ unknown: "article" });
    events.push("miss answered");
    expect(live.running()).toBeDefined();
    await live.running();
    expect(events).toEqual(["started (unknown article)", "miss answered", `ended (${before + 1} articles)`]);
    expect(live.lookup("new-story")).toMatchObject({ article: { url: "https://example.org/news/2026/11/new-story/" } });

    expect(live.lookup("no-such-story")).toEqual({ unknown: "article" });
    expect(live.running()).toBeUndefined();
  });

  it("opens a scheduled article at its time, and never a draft", () => {
    const content = copyFixture("newsroom", path.join(work.dir, "c"));
    let now = START;
    const live = follow(content, { now: () => now, minReloadIntervalMs: Number.POSITIVE_INFINITY });
    expect(live.lookup("future-story")).toEqual({ unknown: "article" });
    expect(live.lookup("secret-draft")).toEqual({ unknown: "article" });
    now = new Date("2099-01-02T00:00:00Z");
    expect(live.lookup("future-story")).toHaveProperty("article");
    expect(live.lookup("secret-draft")).toEqual({ unknown: "article" });
  });

  it("knows approved comments to reply to, and finds one approved after start on the next reload", async () => {
    const content = copyFixture("newsroom", path.join(work.dir, "d"));
    const live = follow(content, { minReloadIntervalMs: Number.POSITIVE_INFINITY });
    expect(live.lookup("plant-reopens", "first")).toHaveProperty("article");
    expect(live.lookup("plant-reopens", "later")).toEqual({ unknown: "replyTo" });
    writeFileSync(
      path.join(content, "comments/plant-reopens/later.yaml"),
      "author: Editor\ndate: 2026-11-25T10:00\nbody: Approved later.\n",
    );
    expect((await live.reload("SIGHUP")).ok).toBe(true);
    expect(live.lookup("plant-reopens", "later")).toHaveProperty("article");
  });

  it("keeps the previous articles when the content breaks, and says why", async () => {
    const content = copyFixture("newsroom", path.join(work.dir, "e"));
    const reported: ReloadOutcome[] = [];
    const live = follow(content, { onReloadEnd: (outcome) => reported.push(outcome) });
    writeFileSync(path.join(content, "_data/site.yaml"), "title: Broken\n");
    const outcome = await live.reload("SIGHUP");
    expect(outcome.ok).toBe(false);
    expect(outcome.issues.filter((issue) => issue.severity === "error")).toContainEqual(
      expect.objectContaining({ file: "_data/site.yaml", field: "url" }),
    );
    expect(reported).toEqual([outcome]);
    expect(live.lookup("plant-reopens")).toHaveProperty("article");
  });

  it("reloads periodically when asked to, finding an article added after start", async () => {
    const content = copyFixture("newsroom", path.join(work.dir, "f"));
    const ended: string[] = [];
    const live = follow(content, {
      reloadIntervalMs: 200,
      minReloadIntervalMs: Number.POSITIVE_INFINITY,
      onReloadEnd: (outcome, reason) => ended.push(`${reason} ${outcome.ok}`),
    });
    writeFileSync(path.join(content, "articles/2026/11/new-story.md"), story("A new story"));
    // The first periodic reload starts after the write: the index was made before it.
    await expect.poll(() => ended, { timeout: 30_000, interval: 50 }).toContain("periodic true");
    expect(live.lookup("new-story")).toHaveProperty("article");
  });

  it("runs a reload asked for while one runs after it, never alongside, and once for several asks", async () => {
    const content = copyFixture("newsroom", path.join(work.dir, "g"));
    const events: string[] = [];
    const live = follow(content, {
      onReloadStart: (reason) => events.push(`start ${reason}`),
      onReloadEnd: (_, reason) => events.push(`end ${reason}`),
    });
    const first = live.reload("first");
    const second = live.reload("second");
    const third = live.reload("third");
    expect(third).toBe(second);
    await Promise.all([first, second]);
    expect(events).toEqual(["start first", "end first", "start second", "end second"]);
  });

  it("stops a reload in progress when closed, keeping the index in use", async () => {
    const content = copyFixture("newsroom", path.join(work.dir, "h"));
    const live = follow(content);
    const index = live.current();
    writeFileSync(path.join(content, "articles/2026/11/new-story.md"), story("A new story"));
    const reload = live.reload("SIGHUP");
    await live.close();
    expect(await reload).toMatchObject({ ok: false, failure: expect.any(String) });
    expect(live.current()).toBe(index);
    expect(live.lookup("new-story")).toEqual({ unknown: "article" });
  });
});
