import path from "node:path";
import { DateTime } from "luxon";
import { afterAll, describe, expect, it } from "vitest";
import { writeCorpus } from "../../src/bench/corpus.js";
import { buildDistribution } from "../../src/content/distribution.js";
import { loadSite } from "../../src/content/index.js";
import { buildManifest, buildManifestInBackground, planRender } from "../../src/pipeline/incremental.js";
import { planSearchShards } from "../../src/search/shards.js";
import { scratch } from "../helpers/site.js";

// A full build computes its signatures in the background; an incremental build needs them to plan.
describe("the build manifest", () => {
  const work = scratch();
  afterAll(() => work.cleanup());
  const now = DateTime.fromISO("2026-11-26T12:00:00Z");
  const content = path.join(work.dir, "content");
  writeCorpus({ count: 1200, output: content, seed: 3 });
  const { model } = loadSite({ contentDir: content, now });
  const search = planSearchShards(model!);
  const distribution = buildDistribution(model!, now);

  it("is the same computed in the background as at once, and lets other work run between its slices", async () => {
    let interleaved = 0;
    let running = true;
    const other = () => {
      if (!running) return;
      interleaved++;
      setImmediate(other);
    };
    setImmediate(other);
    const background = await buildManifestInBackground(model!, search, "global", distribution);
    running = false;
    expect(background).toEqual(buildManifest(model!, search, "global", distribution));
    expect(Object.keys(background.pages).length).toBeGreaterThan(1200);
    // Over 1,200 articles and their listings, in slices of 500 pages: the other work ran in between.
    expect(interleaved).toBeGreaterThan(2);
  });

  it("is planned at once for an incremental build, and the same when nothing changed", async () => {
    const full = planRender(model!, search, "global", distribution, undefined);
    expect(full.full).toBe(true);
    const previous = await full.manifest;
    const again = planRender(model!, search, "global", distribution, previous);
    expect(again.full).toBe(false);
    expect([again.articles, again.listings, again.pages, again.removed]).toEqual([[], [], [], []]);
    expect(again.shards.size).toBe(0);
    await expect(again.manifest).resolves.toEqual(previous);
    // Another global signature (settings, templates, code): a full build.
    expect(planRender(model!, search, "other", distribution, previous).full).toBe(true);
  });
});
