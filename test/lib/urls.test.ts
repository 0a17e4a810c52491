import { describe, expect, it } from "vitest";
import { expandPermalink, outputFileFor, siteLocation } from "../../src/lib/urls.js";

describe("urls", () => {
  it("splits a site URL into origin and base path", () => {
    expect(siteLocation("https://example.org/news")).toEqual({
      origin: "https://example.org/news/",
      basePath: "/news/",
    });
  });

  it("expands permalink patterns into output files", () => {
    expect(outputFileFor(expandPermalink("/{year}/{month}/{slug}/", { year: "2026", month: "11", slug: "x" }))).toBe(
      "2026/11/x/index.html",
    );
    expect(outputFileFor(expandPermalink("/{category}/{slug}", { category: "city", slug: "x" }))).toBe(
      "city/x/index.html",
    );
  });
});
