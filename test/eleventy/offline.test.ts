import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { searchFiles } from "../../src/eleventy/offline.js";
import type { ArchiveManifest } from "../../src/lib/offline.js";

// Which search index files the offline archive lists, and where each shard's list comes from:
// the disk for shards this build wrote, the last build's manifest for the others.
describe("the offline archive's search files", () => {
  const output = mkdtempSync(path.join(tmpdir(), "broadsheet-offline-"));
  afterAll(() => rmSync(output, { recursive: true, force: true }));
  const write = (file: string, bytes: number) => {
    mkdirSync(path.dirname(path.join(output, file)), { recursive: true });
    writeFileSync(path.join(output, file), "x".repeat(bytes));
  };
  const runtime = new Set(["pagefind/2026-06/pagefind.js", "pagefind/2026-06/wasm.en.pagefind"]);
  // On disk now: the newest shard (2026-06) and an older one (2025-01), each with its runtime.
  for (const shard of ["2026-06", "2025-01"]) {
    write(`pagefind/${shard}/pagefind.js`, 100);
    write(`pagefind/${shard}/wasm.en.pagefind`, 200);
    write(`pagefind/${shard}/fragment/a.pf_fragment`, 30);
  }
  const paths = (files: { path: string; size: number }[]) => files.map((file) => `${file.path}:${file.size}`).sort();

  it("takes unwritten shards from the last manifest, and lists written ones from disk", () => {
    // The manifest remembers sizes the disk no longer has: whatever comes from it shows them.
    const previous: ArchiveManifest = {
      version: "v",
      bytes: 0,
      files: {
        "pagefind/2026-06/pagefind.js": 100,
        "pagefind/2026-06/wasm.en.pagefind": 200,
        "pagefind/2026-06/fragment/a.pf_fragment": 31,
        "pagefind/2025-01/fragment/a.pf_fragment": 32,
      },
    };
    expect(paths(searchFiles(output, ["2026-06", "2025-01"], new Set(), previous, runtime))).toEqual([
      "pagefind/2025-01/fragment/a.pf_fragment:32",
      "pagefind/2026-06/fragment/a.pf_fragment:31",
      "pagefind/2026-06/pagefind.js:100",
      "pagefind/2026-06/wasm.en.pagefind:200",
    ]);
    expect(paths(searchFiles(output, ["2026-06", "2025-01"], new Set(["2025-01"]), previous, runtime))).toContain(
      "pagefind/2025-01/fragment/a.pf_fragment:30",
    );
  });

  it("lists the newest shard from disk when the last manifest does not hold its runtime", () => {
    // The last build's newest shard was another: this one's runtime was left out of its list.
    const previous: ArchiveManifest = {
      version: "v",
      bytes: 0,
      files: { "pagefind/2026-06/fragment/a.pf_fragment": 31, "pagefind/2025-01/fragment/a.pf_fragment": 32 },
    };
    expect(paths(searchFiles(output, ["2026-06", "2025-01"], new Set(), previous, runtime))).toEqual([
      "pagefind/2025-01/fragment/a.pf_fragment:32",
      "pagefind/2026-06/fragment/a.pf_fragment:30",
      "pagefind/2026-06/pagefind.js:100",
      "pagefind/2026-06/wasm.en.pagefind:200",
    ]);
  });

  it("lists every shard from disk without a manifest, keeping only the newest shard's runtime", () => {
    expect(paths(searchFiles(output, ["2026-06", "2025-01"], new Set(), undefined, runtime))).toEqual([
      "pagefind/2025-01/fragment/a.pf_fragment:30",
      "pagefind/2026-06/fragment/a.pf_fragment:30",
      "pagefind/2026-06/pagefind.js:100",
      "pagefind/2026-06/wasm.en.pagefind:200",
    ]);
  });
});
