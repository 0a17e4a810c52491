import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientAddress, createRateLimiter } from "../../src/comments/rate-limit.js";
import { postJson, type SpawnedCommentServer, spawnCommentServer } from "../helpers/comment-server.js";
import { copyFixture, scratch } from "../helpers/site.js";

describe("createRateLimiter", () => {
  it("allows `limit` requests per key in any window and says when the next one is allowed", () => {
    const limiter = createRateLimiter({ limit: 3, windowMs: 60_000 });
    expect([0, 10_000, 20_000].map((t) => limiter.take("a", t).allowed)).toEqual([true, true, true]);
    expect(limiter.take("a", 30_000)).toEqual({ allowed: false, retryAfterSeconds: 30 });
    expect(limiter.take("b", 30_000).allowed).toBe(true);
    // The window slides: the request at 0 falls out at 60 s, the one at 10 s at 70 s.
    expect(limiter.take("a", 60_001).allowed).toBe(true);
    expect(limiter.take("a", 60_002)).toEqual({ allowed: false, retryAfterSeconds: 10 });
  });

  it("does not count refused requests against the wait", () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 1000 });
    limiter.take("a", 0);
    for (let t = 100; t < 1000; t += 100) expect(limiter.take("a", t).allowed).toBe(false);
    expect(limiter.take("a", 1000).allowed).toBe(true);
  });

  it("forgets idle addresses, so many one-off clients do not grow memory without end", () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 1000 });
    // One request a millisecond from a new address each: about 1,000 are within the window at any time.
    for (let i = 0; i < 5000; i++) limiter.take(`10.0.${i >> 8}.${i & 255}`, i);
    expect(limiter.trackedKeys()).toBeLessThanOrEqual(2048);
    // Forgetting never lets an address within its window through.
    expect(limiter.take("10.0.19.135", 5000).allowed).toBe(false);
  });

  it("is off with a limit of 0", () => {
    const limiter = createRateLimiter({ limit: 0 });
    for (let i = 0; i < 100; i++) expect(limiter.take("a", 0).allowed).toBe(true);
  });
});

describe("clientAddress", () => {
  const xff = (value: string) => ({ "x-forwarded-for": value });

  it("uses the socket address unless a trusted header is configured", () => {
    expect(clientAddress("203.0.113.9", xff("198.51.100.1"))).toBe("203.0.113.9");
    expect(clientAddress("::ffff:203.0.113.9", {})).toBe("203.0.113.9");
  });

  it("takes the last address of the trusted header, the one the proxy added", () => {
    expect(clientAddress("10.0.0.1", xff("198.51.100.1"), "X-Forwarded-For")).toBe("198.51.100.1");
    expect(clientAddress("10.0.0.1", xff("1.1.1.1, 198.51.100.1"), "X-Forwarded-For")).toBe("198.51.100.1");
    expect(clientAddress("10.0.0.1", { "cf-connecting-ip": "2001:DB8::1" }, "CF-Connecting-IP")).toBe("2001:db8::1");
    expect(clientAddress("10.0.0.1", xff("198.51.100.1:5123"), "X-Forwarded-For")).toBe("198.51.100.1");
  });

  it("falls back to the socket when the trusted header is missing or not an address", () => {
    expect(clientAddress("10.0.0.1", {}, "X-Forwarded-For")).toBe("10.0.0.1");
    expect(clientAddress("10.0.0.1", xff("unknown"), "X-Forwarded-For")).toBe("10.0.0.1");
  });
});

describe("the running server's rate limit", () => {
  const work = scratch("broadsheet-comments-");
  const valid = { article: "plant-reopens", author: "Jane Reader", body: "Rate limited comment." };
  let defaults: SpawnedCommentServer;
  let trusting: SpawnedCommentServer;

  beforeAll(async () => {
    const content = copyFixture("newsroom", work.dir);
    [defaults, trusting] = await Promise.all([
      spawnCommentServer([`--input=${content}`, `--queue=${path.join(work.dir, "queue-a")}`, "--port=0"]),
      spawnCommentServer([
        `--input=${content}`,
        `--queue=${path.join(work.dir, "queue-b")}`,
        "--port=0",
        "--rate=2",
        "--trusted-header=X-Forwarded-For",
      ]),
    ]);
  });
  afterAll(async () => {
    await Promise.all([defaults?.stop("SIGKILL"), trusting?.stop("SIGKILL")]);
    work.cleanup();
  });

  it("allows 5 comments a minute per address by default, then answers 429 with Retry-After", async () => {
    const statuses = [];
    // Varying X-Forwarded-For changes nothing: no header is trusted unless configured.
    for (let i = 0; i < 5; i++)
      statuses.push((await postJson(defaults.url, valid, { "x-forwarded-for": `198.51.100.${i}` })).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202]);
    const refused = await postJson(defaults.url, valid, { "x-forwarded-for": "198.51.100.99" });
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    expect(((await refused.json()) as { error: string }).error).toMatch(
      /too many comments from your address; try again in \d+ seconds/,
    );
  });

  it("counts each address from the configured trusted header separately", async () => {
    const post = (address: string) =>
      postJson(trusting.url, valid, { "x-forwarded-for": address }).then((response) => response.status);
    expect([await post("198.51.100.1"), await post("198.51.100.1"), await post("198.51.100.1")]).toEqual([
      202, 202, 429,
    ]);
    expect(await post("198.51.100.2")).toBe(202);
    // A client cannot escape by prepending addresses: the last one, added by the proxy, counts.
    expect(await post("203.0.113.7, 198.51.100.1")).toBe(429);
  });
});
