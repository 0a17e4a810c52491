import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { writeCorpus } from "../../src/bench/corpus.js";
import { queuedCommentSchema } from "../../src/comments/queue.js";
import { type CommentServer, createCommentServer } from "../../src/comments/server.js";
import { formatIssue } from "../../src/content/issues.js";
import { postForm, postJson, type SpawnedCommentServer, spawnCommentServer } from "../helpers/comment-server.js";
import { copyFixture, runScript, scratch } from "../helpers/site.js";

const ARTICLE_URL = "https://example.org/news/2026/10/plant-reopens/";
const SITE_ORIGIN = "https://example.org";

/** Sends raw bytes and reads the answer until the server closes the connection. */
function rawExchange(url: string, head: string, body = ""): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let text = "";
    const guard = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer; received so far: ${JSON.stringify(text)}`));
    }, 10_000);
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (text += chunk));
    socket.on("error", () => undefined);
    socket.on("close", () => {
      clearTimeout(guard);
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text });
    });
    socket.write(head + body);
  });
}

describe("the comment intake server", () => {
  const work = scratch("broadsheet-comments-");
  const queue = path.join(work.dir, "queue");
  let server: SpawnedCommentServer;
  const queueFiles = () => readdirSync(queue).sort();
  const readQueued = (id: string) =>
    queuedCommentSchema.parse(parse(readFileSync(path.join(queue, `${id}.yaml`), "utf8")));
  const valid = { article: "plant-reopens", author: "Jane Reader", body: "Good to see the line running again." };

  beforeAll(async () => {
    const content = copyFixture("newsroom", work.dir);
    server = await spawnCommentServer([`--input=${content}`, `--queue=${queue}`, "--port=0", "--rate=0"]);
  });
  afterAll(async () => {
    await server?.stop("SIGKILL");
    work.cleanup();
  });

  it("answers GET /health with 200", async () => {
    const response = await fetch(`${server.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("ok\n");
  });

  it("sends a form post back to the article, at the notice that the comment awaits moderation", async () => {
    const response = await postForm(server.url, valid);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`${ARTICLE_URL}?comment=pending#comment-pending`);
    const stored = queueFiles().filter((file) => file.endsWith(".yaml"));
    expect(stored).toHaveLength(1);
    expect(readQueued(stored[0]!.replace(".yaml", ""))).toMatchObject({
      article: "plant-reopens",
      author: "Jane Reader",
      body: valid.body,
    });
  });

  it("takes the multipart form the article page sends, up to the longest name and comment in any script", async () => {
    const form = new FormData();
    form.set("article", "plant-reopens");
    // The worst case the form allows: three UTF-8 bytes to each character, 45 KB URL-encoded.
    form.set("author", "名".repeat(100));
    form.set("body", "中".repeat(5000));
    form.set("website", "");
    const response = await fetch(`${server.url}/comments`, { method: "POST", body: form, redirect: "manual" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`${ARTICLE_URL}?comment=pending#comment-pending`);
  });

  it("answers a JSON client with 202 and the id, and queues the comment in the contract's format", async () => {
    const before = queueFiles();
    const response = await postJson(server.url, { ...valid, body: "Line one\r\nline two", replyTo: "first" });
    expect(response.status).toBe(202);
    const { id, status } = (await response.json()) as { id: string; status: string };
    expect(status).toBe("pending");
    expect(id).toMatch(/^\d{8}T\d{9}Z-[0-9a-f]{12}$/);
    expect(queueFiles()).toEqual([...before, `${id}.yaml`].sort());
    const stored = readQueued(id);
    expect(stored).toEqual({
      id,
      article: "plant-reopens",
      author: "Jane Reader",
      body: "Line one\nline two",
      replyTo: "first",
      date: stored.date,
    });
    // The site's zone (America/Los_Angeles), to the second, with its offset.
    expect(stored.date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}-0[78]:00$/);
  });

  it("accepts a name of 100 characters and a comment of 5,000, counting a line break once as the form does", async () => {
    expect((await postJson(server.url, { ...valid, author: "a".repeat(100) })).status).toBe(202);
    expect((await postJson(server.url, { ...valid, body: "b".repeat(5000) })).status).toBe(202);
    expect((await postJson(server.url, { ...valid, body: "b\r\n".repeat(2500) })).status).toBe(202);
  });

  const BAD: [string, () => Promise<Response>, number, RegExp][] = [
    [
      "an unknown article",
      () => postJson(server.url, { ...valid, article: "no-such-story" }),
      422,
      /article does not name a published article/,
    ],
    [
      "a path instead of a slug",
      () => postJson(server.url, { ...valid, article: "../x" }),
      422,
      /article is not an article's slug/,
    ],
    [
      "a path in a form post",
      () => postForm(server.url, { ...valid, article: "../../etc/passwd" }),
      422,
      /article is not an article's slug/,
    ],
    [
      "a draft article",
      () => postJson(server.url, { ...valid, article: "secret-draft" }),
      422,
      /article does not name a published article/,
    ],
    [
      "a scheduled article",
      () => postJson(server.url, { ...valid, article: "future-story" }),
      422,
      /article does not name a published article/,
    ],
    ["an empty name", () => postJson(server.url, { ...valid, author: "" }), 422, /author must not be empty/],
    ["a name of only spaces", () => postForm(server.url, { ...valid, author: "   " }), 422, /author must not be empty/],
    [
      "a name of 101 characters",
      () => postJson(server.url, { ...valid, author: "a".repeat(101) }),
      422,
      /author is too long {2}\(at most 100 characters\)/,
    ],
    ["an empty comment", () => postForm(server.url, { ...valid, body: "" }), 422, /body must not be empty/],
    [
      "a comment of 5,001 characters",
      () => postJson(server.url, { ...valid, body: "b".repeat(5001) }),
      422,
      /body is too long {2}\(at most 5000 characters\)/,
    ],
    [
      "a missing field",
      () => postJson(server.url, { article: "plant-reopens", author: "Jane" }),
      422,
      /body must be text/,
    ],
    ["a name that is not text", () => postJson(server.url, { ...valid, author: 42 }), 422, /author must be text/],
    [
      "a reply to a comment that does not exist",
      () => postJson(server.url, { ...valid, replyTo: "nope" }),
      422,
      /replyTo does not name an approved comment/,
    ],
    [
      "an unknown field",
      () => postJson(server.url, { ...valid, email: "x@example.org" }),
      422,
      /unknown field "email"/,
    ],
    [
      "a field given twice",
      () =>
        fetch(`${server.url}/comments`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: "article=plant-reopens&author=a&author=b&body=c",
        }),
      400,
      /"author" is given more than once/,
    ],
    ["malformed JSON", () => postJson(server.url, '{"article": "plant-reopens", "author": '), 400, /not valid JSON/],
    ["JSON that is not an object", () => postJson(server.url, "[1, 2]"), 400, /must be a JSON object/],
    [
      "a text/plain body",
      () =>
        fetch(`${server.url}/comments`, { method: "POST", headers: { "content-type": "text/plain" }, body: "hello" }),
      415,
      /must be multipart\/form-data, application\/x-www-form-urlencoded or application\/json/,
    ],
    [
      "no content type",
      () => fetch(`${server.url}/comments`, { method: "POST", body: new Uint8Array([1, 2, 3]) }),
      415,
      /must be/,
    ],
    [
      "a charset other than UTF-8",
      () =>
        fetch(`${server.url}/comments`, {
          method: "POST",
          headers: { "content-type": "application/json; charset=iso-8859-1" },
          body: "{}",
        }),
      415,
      /in UTF-8/,
    ],
    [
      "a body over 16 KB",
      () => postJson(server.url, { ...valid, body: "x".repeat(17 * 1024) }),
      413,
      /too large {2}\(at most 16 KB in all\)/,
    ],
    [
      "a file attached to the form",
      () => {
        const form = new FormData();
        for (const [key, value] of Object.entries(valid)) form.set(key, value);
        form.set("body", new Blob(["file contents"]), "comment.txt");
        return fetch(`${server.url}/comments`, { method: "POST", body: form });
      },
      400,
      /files cannot be attached/,
    ],
  ];
  for (const [what, send, status, message] of BAD) {
    it(`refuses ${what} with ${status} and stores nothing`, async () => {
      const before = queueFiles();
      const response = await send();
      const text = await response.text();
      const said = response.headers.get("content-type")?.startsWith("application/json")
        ? (JSON.parse(text) as { error: string }).error
        : text;
      expect(response.status, text).toBe(status);
      expect(said).toMatch(message);
      expect(queueFiles()).toEqual(before);
    });
  }

  it("answers a JSON client's error in JSON and a form's in plain text, never echoing the input", async () => {
    const hostile = "<script>alert(1)</script>";
    const json = await postJson(server.url, { ...valid, article: hostile, author: hostile, body: "" });
    expect(json.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const answer = (await json.json()) as { error: string };
    expect(answer.error).toMatch(/article is not an article's slug.*body must not be empty/);
    expect(JSON.stringify(answer)).not.toContain("script");
    const form = await postForm(server.url, { ...valid, article: hostile, [hostile]: hostile });
    expect(form.status).toBe(422);
    expect(form.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(form.headers.get("x-content-type-options")).toBe("nosniff");
    const text = await form.text();
    expect(text).toMatch(/^Your comment was not sent\./);
    expect(text).toContain("unknown field (with an unusual name)");
    expect(text).not.toContain("script");
  });

  it("answers 413 to a declared length over 16 KB without waiting for the body", async () => {
    const before = queueFiles();
    const head = `POST /comments HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n`;
    const { status, text } = await rawExchange(server.url, head, '{"article": "plant-reopens", "body": "');
    expect(status).toBe(413);
    expect(text).toMatch(/connection: close/i);
    expect(queueFiles()).toEqual(before);
  });

  it("answers 413 and closes the connection once a streamed body passes 16 KB, before it ends", async () => {
    const before = queueFiles();
    const head = `POST /comments HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n`;
    const chunk = `body=${"x".repeat(17 * 1024)}`;
    // The final zero-length chunk is never sent: only a server that stops reading answers.
    const { status } = await rawExchange(server.url, head, `${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    expect(status).toBe(413);
    expect(queueFiles()).toEqual(before);
  });

  it("answers a filled honeypot like a success and stores nothing", async () => {
    const before = queueFiles();
    const form = await postForm(server.url, { ...valid, website: "https://spam.example" });
    expect(form.status).toBe(303);
    expect(form.headers.get("location")).toBe(`${ARTICLE_URL}?comment=pending#comment-pending`);
    const draft = await postForm(server.url, { ...valid, article: "secret-draft", website: "https://spam.example" });
    expect(draft.headers.get("location"), "a bot learns no draft's URL").toBe(
      "https://example.org/news/?comment=pending#comment-pending",
    );
    const json = await postJson(server.url, { ...valid, website: "https://spam.example" });
    expect(json.status).toBe(202);
    expect(((await json.json()) as { id: string }).id).toMatch(/^\d{8}T/);
    expect(queueFiles()).toEqual(before);
  });

  it("lets only the site's own origin read answers from script (CORS)", async () => {
    const preflight = (origin: string) =>
      fetch(`${server.url}/comments`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
      });
    const allowed = await preflight(SITE_ORIGIN);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe(SITE_ORIGIN);
    expect(allowed.headers.get("access-control-allow-methods")).toBe("POST");
    expect(allowed.headers.get("access-control-allow-headers")).toMatch(/content-type/i);
    const refused = await preflight("https://elsewhere.example");
    expect(refused.status).toBe(403);
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();
    const fromSite = await postJson(server.url, valid, { origin: SITE_ORIGIN });
    expect(fromSite.headers.get("access-control-allow-origin")).toBe(SITE_ORIGIN);
    const fromElsewhere = await postJson(server.url, valid, { origin: "https://elsewhere.example" });
    expect(fromElsewhere.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("serves no files: every other path or method is refused", async () => {
    for (const url of ["/", "/comments/../_data/site.yaml", "/%2e%2e/%2e%2e/etc/passwd", "/queue", "/health/x"]) {
      const response = await fetch(`${server.url}${url}`);
      expect(response.status, url).toBe(404);
      expect(await response.text()).not.toMatch(/title:|root:/);
    }
    const get = await fetch(`${server.url}/comments`);
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST, OPTIONS");
  });

  it("takes every submission from one address when the limit is off (--rate=0)", async () => {
    const statuses = [];
    for (let i = 0; i < 12; i++) statuses.push((await postJson(server.url, { ...valid, body: `Comment ${i}` })).status);
    expect(statuses).toEqual(Array(12).fill(202));
  });

  it("finishes and exits 0 on SIGTERM", async () => {
    const ended = await server.stop("SIGTERM");
    expect(ended).toEqual({ code: 0, signal: null });
    expect(server.stdout()).toContain("SIGTERM: finishing requests in progress, then stopping.");
    expect(server.stderr()).toBe("");
  });
});

describe("starting the comment server", () => {
  const work = scratch("broadsheet-comments-");
  afterAll(() => work.cleanup());

  it("refuses to start on content with errors, listing them without a stack trace", async () => {
    const content = copyFixture("newsroom", work.dir, { "_data/site.yaml": "title: Broken\nurl: not a url\n" });
    const result = await runScript("comments-server.ts", [
      `--input=${content}`,
      `--queue=${path.join(work.dir, "queue")}`,
      "--port=0",
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/_data\/site\.yaml:2 {2}url {2}must be an absolute http\(s\) URL/);
    expect(result.stderr).toMatch(/The comment server did not start: 1 problem in /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("refuses a queue inside the content folder, where it could be committed or built", async () => {
    const content = copyFixture("newsroom", path.join(work.dir, "inside"));
    const { server, issues } = await createCommentServer({
      contentDir: content,
      queueDir: path.join(content, "comments/queue"),
    });
    expect(server).toBeUndefined();
    expect(issues.map((issue) => formatIssue(issue))).toEqual([
      "comments/queue:1  --queue  the moderation queue must not be inside the content folder  (use a folder outside it, e.g. ../comment-queue)",
    ]);
    expect(existsSync(path.join(content, "comments/queue"))).toBe(false);
  });
});

describe("reloading the content while serving", () => {
  const work = scratch("broadsheet-comments-");
  afterAll(() => work.cleanup());
  const story = (title: string, category: string, author: string) =>
    `---\ntitle: ${title}\ndate: 2026-11-20T09:00\ncategory: ${category}\nauthor: ${author}\n---\nBody.\n`;
  const comment = (article: string) => ({ article, author: "Jane Reader", body: "A comment." });

  describe("a large folder", () => {
    const content = path.join(work.dir, "large");
    const events: string[] = [];
    let server: CommentServer;
    let url: string;
    beforeAll(async () => {
      writeCorpus({ count: 3000, output: content });
      writeFileSync(path.join(content, "articles/known-story.md"), story("A known story", "city", "anna-kuznetsova"));
      const created = await createCommentServer({
        contentDir: content,
        queueDir: path.join(work.dir, "queue-large"),
        rate: 0,
        minReloadIntervalMs: 0,
        reloadIntervalMs: 0,
        log: (line) => events.push(line),
        warn: (line) => events.push(`warning: ${line}`),
      });
      server = created.server!;
      url = await server.listen(0, "127.0.0.1");
    });
    afterAll(() => server?.close());

    it("answers a post for an unknown article at once, and every other request, while the reload it started runs", async () => {
      const refused = await postJson(url, comment("no-such-story"));
      events.push(`refused ${refused.status}: ${((await refused.json()) as { error: string }).error}`);
      const health = await fetch(`${url}/health`);
      events.push(`health ${health.status}`);
      const accepted = await postJson(url, comment("known-story"));
      events.push(`accepted ${accepted.status}`);
      await server.index.running();
      expect(events).toEqual([
        `reloading ${content} in the background (unknown article)`,
        "refused 422: article does not name a published article  (the slug of an article on the site, e.g. plant-reopens)",
        "health 200",
        expect.stringMatching(/^queued \S+ for known-story$/),
        "accepted 202",
        expect.stringMatching(/^reloaded .+: 3002 articles in [\d.]+ s \(unknown article\)$/),
      ]);
    });
  });

  describe("npm run comments", () => {
    const spawned: SpawnedCommentServer[] = [];
    afterAll(() => Promise.all(spawned.map((server) => server.stop("SIGKILL"))));
    const start = async (name: string, args: string[]) => {
      const content = copyFixture("newsroom", path.join(work.dir, name));
      const server = await spawnCommentServer([
        `--input=${content}`,
        `--queue=${path.join(work.dir, `queue-${name}`)}`,
        "--port=0",
        "--rate=0",
        ...args,
      ]);
      spawned.push(server);
      return { content, server };
    };

    it("takes comments on an article published after it started once it gets SIGHUP", async () => {
      const { content, server } = await start("sighup", ["--reload-interval=0"]);
      writeFileSync(path.join(content, "articles/2026/11/new-story.md"), story("A new story", "city", "ivan-petrov"));
      expect((await postJson(server.url, comment("new-story"))).status).toBe(422);
      server.child.kill("SIGHUP");
      await server.waitForOutput(/reloaded .+: \d+ articles in [\d.]+ s \(SIGHUP\)/);
      expect(server.stdout()).toMatch(/reloading .+ in the background \(SIGHUP\)/);
      expect((await postJson(server.url, comment("new-story"))).status).toBe(202);
      expect(server.stderr()).toBe("");
    });

    it("takes comments on an article published after it started after the next periodic reload (--reload-interval)", async () => {
      const { content, server } = await start("periodic", ["--reload-interval=0.5"]);
      await server.waitForOutput(/content reloaded every 0\.5 s/);
      writeFileSync(path.join(content, "articles/2026/11/new-story.md"), story("A new story", "city", "ivan-petrov"));
      // A refusal starts no reload here (the periodic ones are more recent than 30 s), so the one that finds it is periodic.
      await expect
        .poll(async () => (await postJson(server.url, comment("new-story"))).status, { timeout: 30_000, interval: 100 })
        .toBe(202);
      expect(server.stdout()).toMatch(/reloaded .+ articles in [\d.]+ s \(periodic\)/);
      expect(server.stdout()).not.toContain("(unknown article)");
      expect(server.stderr()).toBe("");
    });

    it("refuses a reload interval that is not a number of seconds", async () => {
      const result = await runScript("comments-server.ts", ["--queue=q", "--reload-interval=often"]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        '--reload-interval must be the seconds between reloads of the content (0 for never), got "often".',
      );
    });
  });
});
