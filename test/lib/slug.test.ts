import { describe, expect, it } from "vitest";
import { slugify } from "../../src/lib/slug.js";

describe("slug", () => {
  it("transliterates Cyrillic into ASCII, lower-case, hyphenated", () => {
    expect(slugify("Завод запускает новую линию")).toBe("zavod-zapuskaet-novuyu-liniyu");
    expect(slugify("Ольга Смирнова")).toBe("olga-smirnova");
    expect(slugify("Bonds & <b>Yields</b>")).toMatch(/^[a-z0-9-]+$/);
  });
});
