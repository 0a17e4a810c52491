import { describe, expect, it } from "vitest";
import { ALLOWED_KEYS, siteSchema } from "../../src/content/schema.js";
import { type EditorInput, editorConfig } from "../../src/editor/config.js";

const settings = siteSchema.parse({
  title: "Gazette",
  url: "https://example.org/news/",
  language: "en",
  timezone: "Europe/Moscow",
  editions: { ru: { title: "Вестник" } },
});

const github = { kind: "github", repo: "uralnews/site", branch: "main", contentPrefix: "content/" } as const;

const input: EditorInput = {
  settings,
  authors: [
    { key: "ivan-petrov", name: "Ivan Petrov" },
    { key: "anna-kuznetsova", name: "Anna Kuznetsova" },
  ],
  categories: [{ key: "industry", name: "Industry" }],
  liveArticles: [{ slug: "smelter-strike", title: "Smelter strike" }],
  backend: github,
};

interface Collection {
  name: string;
  folder?: string;
  fields?: { name: string; widget: string; options?: unknown; fields?: { name: string }[] }[];
  files?: { file: string; fields: { fields: { name: string }[] }[] }[];
}

const collections = (config: Record<string, unknown>) => config.collections as Collection[];
const collection = (config: Record<string, unknown>, name: string) =>
  collections(config).find((item) => item.name === name)!;
const names = (fields: { name: string }[] | undefined) => (fields ?? []).map((field) => field.name).sort();

describe("the editor's configuration, made from the content schema", () => {
  const config = editorConfig(input);

  it("has a field for every key an article, a page and a live update may have, and the body", () => {
    expect(names(collection(config, "articles").fields)).toEqual([...ALLOWED_KEYS.article, "body"].sort());
    expect(names(collection(config, "pages").fields)).toEqual([...ALLOWED_KEYS.page, "body"].sort());
    expect(names(collection(config, "live-smelter-strike").fields)).toEqual([...ALLOWED_KEYS.update, "body"].sort());
    expect(names(collection(config, "articles").fields!.find((f) => f.name === "corrections")!.fields)).toEqual(
      [...ALLOWED_KEYS.correction].sort(),
    );
  });

  it("edits authors.yaml and categories.yaml entry by entry, with every key they may have", () => {
    const entries = (name: string) => collection(config, name).files![0]!.fields[0]!.fields;
    expect(names(entries("authors"))).toEqual([...ALLOWED_KEYS.author, "key"].sort());
    expect(names(entries("categories"))).toEqual([...ALLOWED_KEYS.category, "key"].sort());
    expect(collection(config, "authors").files![0]!.file).toBe("content/_data/authors.yaml");
  });

  it("offers authors and categories by name and stores their keys; the date is the site zone's wall clock", () => {
    const fields = collection(config, "articles").fields!;
    const field = (name: string) => fields.find((item) => item.name === name)!;
    expect(field("author")).toMatchObject({
      widget: "select",
      multiple: true,
      options: [
        { label: "Ivan Petrov", value: "ivan-petrov" },
        { label: "Anna Kuznetsova", value: "anna-kuznetsova" },
      ],
    });
    expect(field("category")).toMatchObject({ widget: "select", options: [{ label: "Industry", value: "industry" }] });
    expect(field("date")).toMatchObject({ widget: "datetime", format: "YYYY-MM-DDTHH:mm" });
    expect(field("draft")).toMatchObject({ widget: "boolean", default: true });
    expect(field("language")).toMatchObject({ widget: "select", options: ["en", "ru"] });
  });

  it("lays articles out as npm run new does, with images in images/, in the repository's content folder", () => {
    expect(collection(config, "articles")).toMatchObject({
      folder: "content/articles",
      path: "{{year}}/{{month}}/{{slug}}",
      media_folder: "/content/images",
      public_folder: "images",
    });
    expect(collection(config, "live-smelter-strike").folder).toBe("content/live/smelter-strike");
    expect(config).toMatchObject({
      backend: { name: "github", repo: "uralnews/site", branch: "main" },
      publish_mode: "editorial_workflow",
      media_folder: "content/images",
    });
  });

  it("signs in through the site's OAuth service when it has one", () => {
    const backend = editorConfig({ ...input, backend: { ...github, authUrl: "https://auth.example.org/oauth/" } })
      .backend as Record<string, string>;
    expect(backend).toMatchObject({ base_url: "https://auth.example.org", auth_endpoint: "oauth/" });
  });

  it("has no language fields without editions, and writes into the content folder on the local backend", () => {
    const local = editorConfig({
      ...input,
      settings: { ...settings, editions: undefined },
      backend: { kind: "local", apiUrl: "/api/v1" },
    });
    expect(names(collection(local, "articles").fields)).not.toContain("language");
    expect(names(collection(local, "articles").fields)).not.toContain("translationOf");
    expect(local.backend).toEqual({ name: "proxy", proxy_url: "/api/v1", branch: "main" });
    expect(local.publish_mode).toBeUndefined();
    expect(collection(local, "articles").folder).toBe("articles");
  });
});
