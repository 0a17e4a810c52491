import { describe, expect, it } from "vitest";
import { paginate } from "../../src/lib/paginate.js";

describe("paginate", () => {
  it("paginates with links between pages", () => {
    const pages = paginate([1, 2, 3, 4, 5], 2, "tag/x/");
    expect(pages.map((page) => [page.path, page.previousPath, page.nextPath, page.items])).toEqual([
      ["tag/x/", undefined, "tag/x/page/2/", [1, 2]],
      ["tag/x/page/2/", "tag/x/", "tag/x/page/3/", [3, 4]],
      ["tag/x/page/3/", "tag/x/page/2/", undefined, [5]],
    ]);
  });
});
