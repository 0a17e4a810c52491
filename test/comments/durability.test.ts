import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queuedCommentSchema, readQueue, TEMP_PREFIX } from "../../src/comments/queue.js";
import { readYaml } from "../../src/content/yaml-source.js";
import { postJson, type SpawnedCommentServer, spawnCommentServer } from "../helpers/comment-server.js";
import { copyFixture, scratch } from "../helpers/site.js";

describe("the comment server under load", () => {
  const work = scratch("broadsheet-comments-");
  let content: string;
  beforeAll(() => {
    content = copyFixture("newsroom", work.dir);
  });
  afterAll(() => work.cleanup());

  const comment = (body: string) => ({ article: "plant-reopens", author: "Load tester", body });
  /** Queue files that are comments, and the temporary files beside them. */
  const queueFiles = (queue: string) => {
    const names = readdirSync(queue);
    return {
      comments: names.filter((name) => !name.startsWith(".") && name.endsWith(".yaml")),
      temporary: names.filter((name) => name.startsWith(TEMP_PREFIX)),
    };
  };
  /** Reads a queue file the way the content loader reads YAML, and checks every field. */
  const parseQueueFile = (queue: string, name: string) => {
    const source = readYaml(name, readFileSync(path.join(queue, name), "utf8"));
    expect(source.issues, name).toEqual([]);
    return queuedCommentSchema.parse(source.data);
  };

  describe("500 concurrent posts", () => {
    const queue = path.join(work.dir, "queue-burst");
    let server: SpawnedCommentServer;
    beforeAll(async () => {
      server = await spawnCommentServer([`--input=${content}`, `--queue=${queue}`, "--port=0", "--rate=0"]);
    });
    afterAll(() => server?.stop("SIGKILL"));

    it("stores every one exactly once, each under its own id", async () => {
      const bodies = Array.from({ length: 500 }, (_, i) => `Concurrent comment number ${i}.`);
      const responses = await Promise.all(bodies.map((body) => postJson(server.url, comment(body))));
      expect(responses.map((response) => response.status)).toEqual(Array(500).fill(202));
      const ids = await Promise.all(responses.map(async (response) => ((await response.json()) as { id: string }).id));
      expect(new Set(ids).size).toBe(500);

      const { comments, temporary } = queueFiles(queue);
      expect(temporary).toEqual([]);
      expect(comments.sort()).toEqual(ids.map((id) => `${id}.yaml`).sort());
      const stored = comments.map((name) => parseQueueFile(queue, name));
      expect(stored.map((entry) => entry.body).sort()).toEqual([...bodies].sort());
      expect(stored.every((entry, i) => `${entry.id}.yaml` === comments[i])).toBe(true);
    });
  });

  describe("a server killed with SIGKILL during a burst", () => {
    const queue = path.join(work.dir, "queue-killed");
    let acknowledged: string[];
    let attempted: number;

    beforeAll(async () => {
      const server = await spawnCommentServer([`--input=${content}`, `--queue=${queue}`, "--port=0", "--rate=0"]);
      acknowledged = [];
      attempted = 400;
      await Promise.allSettled(
        Array.from({ length: attempted }, async (_, i) => {
          const response = await postJson(server.url, comment(`Burst comment ${i}.`));
          const { id } = (await response.json()) as { id: string };
          acknowledged.push(id);
          if (acknowledged.length === 30) server.child.kill("SIGKILL");
        }),
      );
      await server.stop("SIGKILL");
    });

    it("was killed mid-burst", () => {
      expect(acknowledged.length).toBeGreaterThanOrEqual(30);
      expect(acknowledged.length).toBeLessThan(attempted);
    });

    it("leaves only whole comment files that parse with every field", () => {
      const { comments } = queueFiles(queue);
      for (const name of comments) {
        const entry = parseQueueFile(queue, name);
        expect(`${entry.id}.yaml`).toBe(name);
        expect(entry.body).toMatch(/^Burst comment \d+\.$/);
        expect(entry.author).toBe("Load tester");
        expect(entry.date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[-+]\d{2}:\d{2}$/);
      }
      expect(new Set(comments.map((name) => parseQueueFile(queue, name).body)).size).toBe(comments.length);
    });

    it("kept every comment it acknowledged", () => {
      const { comments } = queueFiles(queue);
      expect(comments).toEqual(expect.arrayContaining(acknowledged.map((id) => `${id}.yaml`)));
    });

    it("is read by the moderation commands without counting temporary files", async () => {
      const { comments } = queueFiles(queue);
      const contents = await readQueue(queue);
      expect(contents.problems).toEqual([]);
      expect(contents.comments.map((entry) => `${entry.id}.yaml`)).toEqual([...comments].sort());
    });
  });
});
