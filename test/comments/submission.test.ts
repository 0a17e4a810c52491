import { readdirSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { approvedCommentYaml, formatQueue, printable } from "../../src/comments/moderate.js";
import {
  COMMENT_ID_PATTERN,
  newCommentId,
  queuedCommentYaml,
  removeStaleTemporaryFiles,
  writeFileAtomic,
} from "../../src/comments/queue.js";
import {
  cleanReaderText,
  parseSubmissionBody,
  submissionFormat,
  validateSubmission,
} from "../../src/comments/submission.js";
import { scratch } from "../helpers/site.js";

describe("reader text", () => {
  it("keeps line breaks as \\n and drops other control characters", () => {
    expect(cleanReaderText("  one\r\ntwo\rthree\u0000\u001b[31m red\u0007 \n", false)).toBe("one\ntwo\nthree[31m red");
  });

  it("keeps a name on one line", () => {
    expect(cleanReaderText(" Jane\n\tReader ", true)).toBe("Jane Reader");
  });
});

describe("submissions", () => {
  it("reads URL-encoded, multipart and JSON bodies by content type", async () => {
    expect(submissionFormat("application/x-www-form-urlencoded")).toEqual({ ok: true, value: "form" });
    expect(submissionFormat("multipart/form-data; boundary=----abc")).toEqual({ ok: true, value: "multipart" });
    expect(submissionFormat("application/json; charset=UTF-8")).toEqual({ ok: true, value: "json" });
    expect(submissionFormat("multipart/form-data")).toMatchObject({ ok: false, problem: { status: 415 } });
    expect(submissionFormat(undefined)).toMatchObject({ ok: false, problem: { status: 415 } });
    const form = await parseSubmissionBody(Buffer.from("article=a&author=J%C3%BCrgen&body=x+y"), "form");
    expect(form).toEqual({ ok: true, value: { article: "a", author: "Jürgen", body: "x y" } });
  });

  it("never takes a JSON body's keys for a problem", async () => {
    const parsed = await parseSubmissionBody(Buffer.from('{"status": 400, "messages": ["x"]}'), "json");
    expect(parsed.ok).toBe(true);
    expect(validateSubmission((parsed as { value: Record<string, unknown> }).value)).toMatchObject({
      ok: false,
      problem: { status: 422 },
    });
  });

  it("drops an empty replyTo, as a form with no reply selected sends it", () => {
    const result = validateSubmission({ article: "plant-reopens", author: "J", body: "b", replyTo: "" });
    expect(result).toEqual({ ok: true, value: { article: "plant-reopens", author: "J", body: "b" } });
  });
});

describe("the queue", () => {
  const work = scratch("broadsheet-comments-");
  afterAll(() => work.cleanup());

  it("makes ids that sort by arrival time and come from the clock and randomness only", () => {
    const first = newCommentId(new Date("2026-11-26T10:15:00.123Z"), () => "3f9a0c1b7e2d");
    const second = newCommentId(new Date("2026-11-26T10:15:00.124Z"), () => "000000000000");
    expect(first).toBe("20261126T101500123Z-3f9a0c1b7e2d");
    expect(first < second).toBe(true);
    expect(newCommentId(new Date())).toMatch(COMMENT_ID_PATTERN);
  });

  it("writes YAML that reads back exactly, whatever the reader typed", () => {
    const tricky = {
      id: "20261126T101500123Z-3f9a0c1b7e2d",
      article: "plant-reopens",
      author: "yes",
      date: "2026-11-26T02:15:00-08:00",
      body: "key: value\n- item\n# not a comment\n---\n'quoted' \"and\" {braces}",
      replyTo: "first",
    };
    expect(parse(queuedCommentYaml(tricky))).toEqual(tricky);
    const { id: _id, article: _article, ...approved } = tricky;
    expect(parse(approvedCommentYaml(tricky))).toEqual(approved);
    expect(Object.keys(parse(approvedCommentYaml(tricky)))).toEqual(["author", "date", "body", "replyTo"]);
  });

  it("writes atomically, leaving no temporary file behind", async () => {
    await writeFileAtomic(work.dir, "one.yaml", "a: 1\n");
    await writeFileAtomic(work.dir, "one.yaml", "a: 2\n");
    expect(readdirSync(work.dir)).toEqual(["one.yaml"]);
  });

  it("removes temporary files a crash left behind, only once they are old", async () => {
    const old = path.join(work.dir, ".tmp-old.yaml-abc");
    const fresh = path.join(work.dir, ".tmp-fresh.yaml-def");
    writeFileSync(old, "partial");
    writeFileSync(fresh, "partial");
    utimesSync(old, new Date("2026-11-26T08:00:00Z"), new Date("2026-11-26T08:00:00Z"));
    utimesSync(fresh, new Date("2026-11-26T09:30:00Z"), new Date("2026-11-26T09:30:00Z"));
    expect(await removeStaleTemporaryFiles(work.dir, new Date("2026-11-26T10:00:00Z"))).toBe(1);
    expect(readdirSync(work.dir).sort()).toEqual([".tmp-fresh.yaml-def", "one.yaml"]);
  });
});

describe("the queue listing", () => {
  it("shows reader text without terminal escapes", () => {
    expect(printable("Bad\u001b]0;pwned\u0007 name")).toBe("Bad\uFFFD]0;pwned\uFFFD name");
    const lines = formatQueue({
      comments: [
        {
          id: "20261126T101500123Z-3f9a0c1b7e2d",
          article: "plant-reopens",
          author: "Jane",
          date: "2026-11-26T02:15:00-08:00",
          body: "First line\nsecond line",
          replyTo: "first",
        },
      ],
      problems: [],
    });
    expect(lines).toEqual([
      "20261126T101500123Z-3f9a0c1b7e2d  plant-reopens  2026-11-26T02:15:00-08:00  Jane  (reply to first)",
      "    First line",
    ]);
  });
});
