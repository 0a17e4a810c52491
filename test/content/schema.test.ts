import { describe, expect, it } from "vitest";
import {
  ALLOWED_KEYS,
  articleSchema,
  authorSchema,
  categorySchema,
  commentSchema,
  pageSchema,
  siteSchema,
  updateSchema,
} from "../../src/content/schema.js";

describe("the keys each kind of file may have", () => {
  it("are the keys of its schema", () => {
    const context = { zone: "Europe/Moscow", fileExists: () => true };
    expect(ALLOWED_KEYS.article).toEqual(Object.keys(articleSchema(context).shape));
    expect(ALLOWED_KEYS.page).toEqual(Object.keys(pageSchema("Europe/Moscow").shape));
    expect(ALLOWED_KEYS.comment).toEqual(Object.keys(commentSchema("Europe/Moscow").shape));
    expect(ALLOWED_KEYS.site).toEqual(Object.keys(siteSchema.shape));
    expect(ALLOWED_KEYS.author).toEqual(Object.keys(authorSchema(() => true).shape));
    expect(ALLOWED_KEYS.author).toEqual(["name", "bio", "role", "photo", "links"]);
    expect(ALLOWED_KEYS.category).toEqual(Object.keys(categorySchema.shape));
    expect(ALLOWED_KEYS.page).toEqual([
      "title",
      "description",
      "slug",
      "draft",
      "updated",
      "language",
      "translationOf",
    ]);
    expect(ALLOWED_KEYS.update).toEqual(Object.keys(updateSchema(context).shape));
  });
});

describe("a page's front matter", () => {
  it("reads `updated` as a date in the site's zone", () => {
    const result = pageSchema("Europe/Moscow").safeParse({ title: "About", updated: "2026-02-01T10:00" });
    expect(result.success && result.data.updated?.toISO()).toBe("2026-02-01T10:00:00.000+03:00");
    expect(pageSchema("Europe/Moscow").safeParse({ title: "About", updated: "someday" }).success).toBe(false);
  });
});
