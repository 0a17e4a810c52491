import path from "node:path";
import { describe, expect, it } from "vitest";
import { folderKey, parseCacheDir, parseCacheFile } from "../../../src/content/parse-cache/locations.js";

describe("parseCacheDir", () => {
  it("is the project's .cache/broadsheet unless BROADSHEET_CACHE_DIR names another, and none with BROADSHEET_CACHE=0", () => {
    expect(parseCacheDir({})).toMatch(/\/\.cache\/broadsheet$/);
    expect(parseCacheDir({ BROADSHEET_CACHE_DIR: "/tmp/elsewhere" })).toBe("/tmp/elsewhere");
    expect(parseCacheDir({ BROADSHEET_CACHE: "0" })).toBeUndefined();
  });
});

describe("parseCacheFile", () => {
  it("names one file per content folder and variant, in the cache folder", () => {
    const html = parseCacheFile({ dir: "/cache", contentDir: "/sites/a", variant: "html" });
    expect(path.dirname(html)).toBe("/cache");
    expect(path.basename(html)).toBe(`${folderKey("/sites/a").slice(0, 16)}-html.jsonl`);
    expect(parseCacheFile({ dir: "/cache", contentDir: "/sites/a", variant: "text" })).not.toBe(html);
    expect(parseCacheFile({ dir: "/cache", contentDir: "/sites/b", variant: "html" })).not.toBe(html);
    expect(folderKey("/sites/a")).toMatch(/^[A-Za-z0-9]+$/);
  });
});
