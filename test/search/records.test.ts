import { describe, expect, it } from "vitest";
import { articleRecord, indexLanguage, pageRecord, shardRecords, urlOfFile } from "../../src/search/records.js";
import { prepareFixture } from "../helpers/render.js";

describe("search records", () => {
  const { model } = prepareFixture("newsroom");
  const plant = model.articles.find((article) => article.slug === "plant-reopens")!;

  it("give an article's card fields as metadata, its body's words as content, and its filters and date", () => {
    const record = articleRecord(plant, "en", "and", (source) => `/news/img/${source.replace("images/", "")}-480.jpeg`);
    expect(record).toEqual({
      url: "/2026/10/plant-reopens/",
      content: plant.text,
      language: "en",
      meta: {
        title: "Rolling plant reopens after refit",
        date: plant.published.display,
        author: "Ivan Petrov",
        category: plant.category.name,
        image: "/news/img/plant.png-480.jpeg",
        image_alt: "The rolling mill hall",
      },
      filters: {
        category: [plant.category.name],
        author: ["Ivan Petrov"],
        tag: plant.tags.map((tag) => tag.name),
        year: ["2026"],
      },
      sort: { date: String(plant.timestamp) },
    });
    // The body's words, not its markup: the heading, the table and the link text are there, no tags.
    expect(record.content).toContain("The rolling plant in the north of the city reopened");
    expect(record.content).toContain("New line");
    expect(record.content).toContain("budget story");
    expect(record.content).not.toMatch(/[<>]/);
  });

  it("show the article's own image when no result image is known, and write several authors as a byline does", () => {
    const record = articleRecord(
      { ...plant, text: "", authors: ["A", "B", "C"].map((name) => ({ ...plant.authors[0]!, name })) },
      "en",
      "and",
    );
    expect(record.meta.image).toBe(plant.image!.url);
    expect(record.meta.author).toBe("A, B and C");
    expect(record.filters.author).toEqual(["A", "B", "C"]);
  });

  it("give a standalone page its title and words", () => {
    const about = model.pages.find((page) => page.slug === "about")!;
    expect(pageRecord(about, "en")).toEqual({
      url: "/about/",
      content: about.text,
      language: "en",
      meta: { title: "About the Gazette" },
      filters: {},
      sort: {},
    });
    expect(about.text).toContain("We are a test newsroom.");
  });

  it("are made per shard in the shard's order, and only of pages in the model", () => {
    const recordsOf = shardRecords(model);
    const files = [plant.outputFile, model.pages[0]!.outputFile].sort();
    expect(recordsOf(files).map((record) => record.url)).toEqual(files.map(urlOfFile));
    expect(() => recordsOf(["2026/11/secret-draft/index.html"])).toThrow(/not in the site model/);
  });

  it("use Pagefind's two-letter language", () => {
    expect(indexLanguage("en-GB")).toBe("en");
    expect(indexLanguage("ru")).toBe("ru");
  });
});
