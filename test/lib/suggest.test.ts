import { describe, expect, it } from "vitest";
import { closest } from "../../src/lib/suggest.js";

describe("suggest", () => {
  it("suggests the closest known name", () => {
    expect(closest("finanse", ["industry", "finance", "city"])).toBe("finance");
    expect(closest("zzzz", ["industry", "finance"])).toBeUndefined();
  });
});
