import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { isoDateTime, parseContentDate, readableDateTime } from "../../src/lib/dates.js";
import { paginate } from "../../src/lib/paginate.js";
import { linkNeighbours } from "../../src/lib/sequence.js";
import { slugify } from "../../src/lib/slug.js";
import { closest } from "../../src/lib/suggest.js";
import { countWords, readingMinutes, truncateAtWord } from "../../src/lib/text.js";
import { expandPermalink, outputFileFor, siteLocation } from "../../src/lib/urls.js";

describe("parseContentDate", () => {
  it("reads a date without offset as wall-clock time in the site zone", () => {
    expect(isoDateTime(parseContentDate("2026-02-10T09:30", "Europe/Moscow")!)).toBe("2026-02-10T09:30:00+03:00");
    expect(isoDateTime(parseContentDate("2026-02-10T09:30:00", "America/New_York")!)).toBe("2026-02-10T09:30:00-05:00");
  });
  it("reads a date alone as the start of that day in the site zone", () => {
    expect(isoDateTime(parseContentDate("2026-02-10", "Asia/Tokyo")!)).toBe("2026-02-10T00:00:00+09:00");
  });
  it("keeps the instant of a date with an offset and shows it in the site zone", () => {
    expect(isoDateTime(parseContentDate("2026-07-01T01:15+05:00", "UTC")!)).toBe("2026-06-30T20:15:00Z");
    expect(isoDateTime(parseContentDate("2026-07-01T01:15+05:00", "Asia/Yekaterinburg")!)).toBe(
      "2026-07-01T01:15:00+05:00",
    );
  });
  it("rejects impossible dates and other forms", () => {
    for (const text of ["2026-13-01", "2026-02-30T10:00", "10/02/2026", "2026-02-10T25:00", "yesterday"]) {
      expect(parseContentDate(text, "UTC"), text).toBeNull();
    }
  });
});

describe("readableDateTime", () => {
  it("writes the date in the site language", () => {
    const date = DateTime.fromISO("2026-11-26T09:30", { zone: "Europe/Moscow" });
    expect(readableDateTime(date, "en")).toBe("26 November 2026, 09:30");
    expect(readableDateTime(date, "ru")).toBe("26 ноября 2026, 09:30");
  });

  it("writes every month, day and hour as Luxon's d MMMM yyyy, HH:mm does, in any locale", () => {
    for (const locale of ["en", "ru", "de", "fr", "uk", "ar-EG", "fa", "th-TH"]) {
      for (let step = 0; step < 400; step++) {
        // About every 22 hours over two years, through both changes of summer time.
        const date = DateTime.fromMillis(Date.UTC(2025, 0, 1) + step * 79_000_000, { zone: "Europe/Berlin" });
        expect(readableDateTime(date, locale), `${locale} ${date.toISO()}`).toBe(
          date.setLocale(locale).toFormat("d MMMM yyyy, HH:mm"),
        );
      }
    }
  });
});

describe("slugify", () => {
  it("transliterates Cyrillic into ASCII, lower-case, hyphenated", () => {
    expect(slugify("Завод запускает новую линию")).toBe("zavod-zapuskaet-novuyu-liniyu");
    expect(slugify("Ольга Смирнова")).toBe("olga-smirnova");
    expect(slugify("Bonds & <b>Yields</b>")).toMatch(/^[a-z0-9-]+$/);
  });
});

describe("text helpers", () => {
  it("cuts at a word near the limit", () => {
    const text = "word ".repeat(100);
    const cut = truncateAtWord(text, 50);
    expect(cut.length).toBeLessThanOrEqual(51);
    expect(cut.endsWith("word…")).toBe(true);
    expect(truncateAtWord("short text", 50)).toBe("short text");
  });
  it("counts words in any script and turns them into minutes", () => {
    expect(countWords("Завод запущен, plant restarted: 3 lines.")).toBe(6);
    // Counts as the plain definition does: a letter or digit, then letters, digits, apostrophes, hyphens.
    const byRegex = (text: string) => text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)?.length ?? 0;
    for (const text of [
      "",
      "  - ' ’ ",
      "rock'n'roll co-op l’usine -x- 'quoted'",
      "𝐀𝐁 𝟙 x𝐀y 😀 a😀b",
      "日本語 テキスト, ÄÖÜ éà 123abc 4-5",
      "don't--stop ’tis",
    ]) {
      expect(countWords(text), text).toBe(byRegex(text));
    }
    expect(readingMinutes(0)).toBe(1);
    expect(readingMinutes(1000)).toBe(5);
  });
  it("suggests the closest known name", () => {
    expect(closest("finanse", ["industry", "finance", "city"])).toBe("finance");
    expect(closest("zzzz", ["industry", "finance"])).toBeUndefined();
  });
});

describe("urls and listings", () => {
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
  it("paginates with links between pages", () => {
    const pages = paginate([1, 2, 3, 4, 5], 2, "tag/x/");
    expect(pages.map((page) => [page.path, page.previousPath, page.nextPath, page.items])).toEqual([
      ["tag/x/", undefined, "tag/x/page/2/", [1, 2]],
      ["tag/x/page/2/", "tag/x/", "tag/x/page/3/", [3, 4]],
      ["tag/x/page/3/", "tag/x/page/2/", undefined, [5]],
    ]);
  });
  it("links neighbours in chronological order, ties broken by slug", () => {
    const items = [
      { slug: "b", timestamp: 2 },
      { slug: "c", timestamp: 1 },
      { slug: "a", timestamp: 2 },
    ];
    const links: string[] = [];
    linkNeighbours(items, (item, previous, next) =>
      links.push(`${previous?.slug ?? "-"}<${item.slug}>${next?.slug ?? "-"}`),
    );
    expect(links).toEqual(["-<c>a", "c<a>b", "a<b>-"]);
  });
});
