import { describe, expect, it } from "vitest";
import { MemoryStore } from "../../../src/content/parse-cache/store.js";

describe("the memory store", () => {
  it("gives a value back while its hash or stamp is unchanged, and forgets files not asked for", () => {
    const memory = new MemoryStore<{ title: string }>();
    const first = memory.open();
    first.set("kept.md", "1", { title: "kept" }, "10:1000");
    first.set("deleted.md", "2", { title: "deleted" });
    first.save();
    const second = memory.open();
    expect(second.getByStamp("kept.md", "10:1000")).toEqual({ value: { title: "kept" }, contentHash: "1" });
    expect(second.getByStamp("kept.md", "10:2000")).toBeUndefined();
    expect(second.get("kept.md", "other")).toBeUndefined();
    second.save();
    const third = memory.open();
    expect(third.get("kept.md", "1")).toEqual({ title: "kept" });
    expect(third.get("deleted.md", "2")).toBeUndefined();
  });

  it("keeps values as JSON keeps them, and nothing of a load that was discarded", () => {
    const memory = new MemoryStore<{ when: unknown }>();
    const first = memory.open();
    first.set("a.md", "1", { when: new Date(0) });
    first.save();
    expect(memory.open().get("a.md", "1")).toEqual({ when: "1970-01-01T00:00:00.000Z" });
    const failed = memory.open();
    failed.set("b.md", "2", { when: null });
    failed.discard();
    failed.save();
    expect(memory.open().get("b.md", "2")).toBeUndefined();
  });
});
