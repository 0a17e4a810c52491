import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildFixture, listFiles, scratch } from "../helpers/site.js";

/**
 * Every file a site writes, byte for byte, as a digest per file: a change to the templates, the
 * model or the pipeline that changes any output shows here, and is accepted on purpose with
 * `npx vitest run -u test/pipeline/output-snapshot.test.ts` (the snapshot file is reviewed in
 * the commit). Left out: the build's version, which names the code that made it (sw.js and
 * pagefind-files.json carry it).
 */
function digests(output: string): Record<string, string> {
  return Object.fromEntries(
    listFiles(output)
      .filter((file) => file !== "sw.js" && file !== "pagefind-files.json")
      .map((file) => [
        file,
        createHash("sha256")
          .update(readFileSync(path.join(output, file)))
          .digest("hex")
          .slice(0, 16),
      ]),
  );
}

describe("the files a site without editions writes", () => {
  const work = scratch();
  afterAll(() => work.cleanup());

  it("are those of the snapshot (the newsroom fixture, built on 26 November 2026)", async () => {
    const output = path.join(work.dir, "site");
    await buildFixture("newsroom", work.dir, output);
    await expect(JSON.stringify(digests(output), null, 1)).toMatchFileSnapshot("__snapshots__/newsroom-output.json");
  });
});
