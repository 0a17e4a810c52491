import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { HtmlValidate } from "html-validate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { createCommentServer } from "../../src/comments/server.js";
import { loadContent } from "../../src/content/load.js";
import { postJson } from "../helpers/comment-server.js";
import { build, copyFixture, type RunResult, readPage, runScript, scratch, textOf } from "../helpers/site.js";

const moderate = (...args: string[]) => runScript("comments-moderate.ts", args);

describe("moderating comments", () => {
  const work = scratch("broadsheet-comments-");
  const queue = path.join(work.dir, "queue");
  const output = path.join(work.dir, "site");
  let content: string;
  /** Ids of the queued comments, by role. */
  const ids: Record<"hostile" | "reply" | "spam", string> = { hostile: "", reply: "", spam: "" };
  const queued = () =>
    readdirSync(queue)
      .filter((name) => name.endsWith(".yaml"))
      .sort();
  const approvedFile = (id: string) => path.join(content, "comments/plant-reopens", `${id}.yaml`);

  beforeAll(async () => {
    content = copyFixture("newsroom", work.dir);
    const { server } = await createCommentServer({
      contentDir: content,
      queueDir: queue,
      rate: 0,
      log: () => undefined,
    });
    const url = await server!.listen(0, "127.0.0.1");
    const post = async (body: Record<string, string>) =>
      ((await (await postJson(url, { article: "plant-reopens", ...body })).json()) as { id: string }).id;
    ids.hostile = await post({
      author: "<img src=x onerror=alert(1)> Mallory",
      body: "Nice <b>bold</b> claim <script>alert(2)</script>\n\nSecond paragraph.",
    });
    ids.reply = await post({ author: "Plant neighbour", body: "Agreed with the first comment.", replyTo: "first" });
    ids.spam = await post({ author: "Spammer", body: "Buy cheap watches." });
    await server!.close();
  });
  afterAll(() => work.cleanup());

  it("lists the queue with id, article, author, date and the first line of each comment", async () => {
    const result = await moderate("list", `--queue=${queue}`);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("3 comments awaiting moderation");
    const lines = result.stdout.split("\n");
    const at = lines.findIndex((line) => line.startsWith(ids.hostile));
    expect(lines[at]).toMatch(
      new RegExp(
        `^${ids.hostile}  plant-reopens  \\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}-0[78]:00  <img src=x onerror=alert\\(1\\)> Mallory$`,
      ),
    );
    expect(lines[at + 1]).toBe("    Nice <b>bold</b> claim <script>alert(2)</script>");
    expect(result.stdout).toContain(`${ids.reply}  plant-reopens`);
    expect(result.stdout).toContain("(reply to first)");
  });

  it("approves nothing when one of the ids is unknown", async () => {
    const result = await moderate(
      "approve",
      `--input=${content}`,
      `--queue=${queue}`,
      ids.hostile,
      "20261126T101500123Z-000000000000",
      "../../etc/passwd",
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("20261126T101500123Z-000000000000: is not in the queue");
    expect(result.stderr).toContain("../../etc/passwd: not a comment id");
    expect(result.stderr).toContain("Nothing was approved");
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(approvedFile(ids.hostile))).toBe(false);
    expect(queued()).toHaveLength(3);
  });

  it("moves approved comments into comments/<slug>/<id>.yaml with only the contract's keys", async () => {
    const result = await moderate(
      "approve",
      `--input=${content}`,
      `--queue=${queue}`,
      ids.hostile,
      `${ids.reply}.yaml`,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`approved ${ids.hostile} → `);
    expect(queued()).toEqual([`${ids.spam}.yaml`]);
    const hostile = parse(readFileSync(approvedFile(ids.hostile), "utf8")) as Record<string, string>;
    expect(Object.keys(hostile)).toEqual(["author", "date", "body"]);
    expect(hostile.body).toBe("Nice <b>bold</b> claim <script>alert(2)</script>\n\nSecond paragraph.");
    expect(Object.keys(parse(readFileSync(approvedFile(ids.reply), "utf8")))).toEqual([
      "author",
      "date",
      "body",
      "replyTo",
    ]);
    const loaded = loadContent(content);
    expect(loaded.issues.filter((issue) => issue.severity === "error")).toEqual([]);
    expect(loaded.content!.comments.map((comment) => comment.id)).toEqual(
      expect.arrayContaining([ids.hostile, ids.reply]),
    );
  });

  it("rejects by deleting, and rejects nothing when one id is not queued", async () => {
    const missing = await moderate("reject", `--queue=${queue}`, ids.spam, ids.hostile);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`${ids.hostile}: is not in the queue`);
    expect(queued()).toEqual([`${ids.spam}.yaml`]);
    const result = await moderate("reject", `--queue=${queue}`, ids.spam);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`rejected ${ids.spam}`);
    expect(queued()).toEqual([]);
    expect((await moderate("list", `--queue=${queue}`)).stdout).toContain("No comments awaiting moderation");
  });

  describe("the next build", () => {
    let result: RunResult;
    beforeAll(async () => {
      result = await build(content, output);
    });

    it("renders approved comments on the article, reader HTML as text", () => {
      expect(result.code, result.stderr).toBe(0);
      const comments = readPage(output, "/news/2026/10/plant-reopens/", "/news/").querySelector("#comments")!;
      const hostile = comments.querySelector(`#comment-${ids.hostile}`)!;
      expect(textOf(hostile.querySelector(".comment__author"))).toBe("<img src=x onerror=alert(1)> Mallory");
      expect(textOf(hostile.querySelector(".comment__body"))).toBe(
        "Nice <b>bold</b> claim <script>alert(2)</script> Second paragraph.",
      );
      expect(hostile.querySelectorAll("img, b, script")).toHaveLength(0);
      expect(hostile.querySelectorAll(".comment__body p")).toHaveLength(2);
      const html = readFileSync(path.join(output, "2026/10/plant-reopens/index.html"), "utf8");
      expect(html).toContain("Nice &lt;b&gt;bold&lt;/b&gt; claim &lt;script&gt;alert(2)&lt;/script&gt;");
      expect(textOf(comments.querySelector("h2"))).toBe("4 comments");
    });

    it("threads an approved reply under the comment it answers", () => {
      const comments = readPage(output, "/news/2026/10/plant-reopens/", "/news/").querySelector("#comments")!;
      const replies = comments.querySelectorAll("#comment-first .comment-replies > li").map((li) => li.id);
      expect(replies).toContain(`comment-${ids.reply}`);
    });

    it("keeps the article page valid HTML, with the moderation notice hidden", async () => {
      const page = readPage(output, "/news/2026/10/plant-reopens/", "/news/");
      const notice = page.querySelector("#comment-pending")!;
      expect(notice.getAttribute("role")).toBe("status");
      expect(notice.hasAttribute("hidden")).toBe(true);
      expect(page.querySelector("form.comment-form")!.getAttribute("enctype")).toBe("multipart/form-data");
      const validator = new HtmlValidate({
        extends: ["html-validate:recommended"],
        rules: { "no-trailing-whitespace": "off", "long-title": "off" },
      });
      const report = await validator.validateString(
        readFileSync(path.join(output, "2026/10/plant-reopens/index.html"), "utf8"),
      );
      expect(report.results.flatMap((r) => r.messages.map((m) => `${m.line} ${m.ruleId} ${m.message}`))).toEqual([]);
    });
  });
});
