/**
 * A deterministic, realistic content folder for benchmarks: a regional business newsroom with
 * years of archive, articles of varied length (about 730 words on average), tags, several
 * time zones in the dates, some Cyrillic titles, drafts, scheduled articles, images and comments.
 * The same count and seed always give the same files.
 */
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DateTime } from "luxon";
import { stringify } from "yaml";
import { slugify } from "../lib/slug.js";

export interface CorpusOptions {
  count: number;
  output: string;
  /** @default 1 */
  seed?: number;
  /** The newest article is published before this moment. @default 2026-11-20T00:00Z */
  newest?: DateTime;
  /** Optional JPEG copied in as the article image of some articles. */
  sampleImage?: string;
  /** The share of articles (0 to 1) in a second edition, Russian, besides the English one. @default 0: one edition */
  russianShare?: number;
}

/** A small, fast, seedable PRNG (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CATEGORIES = {
  industry: "Industry",
  tooling: "Tooling",
  electronics: "Electronics",
  finance: "Finance",
  city: "City",
  logistics: "Logistics",
  energy: "Energy",
  labour: "Labour",
};
const FIRST = [
  "Anna",
  "Dmitry",
  "Elena",
  "James",
  "Olga",
  "Sofia",
  "Pavel",
  "Irina",
  "Marat",
  "Lena",
  "Oleg",
  "Nadia",
  "Viktor",
  "Maria",
  "Ruslan",
  "Kate",
  "Ilya",
  "Zoya",
  "Artem",
  "Vera",
];
const LAST = [
  "Kuznetsova",
  "Orlov",
  "Volkova",
  "Whitfield",
  "Smirnova",
  "Martins",
  "Sokolov",
  "Belova",
  "Gareev",
  "Hart",
  "Lebedev",
  "Frolova",
  "Danilov",
  "Egorova",
  "Safin",
  "Moore",
  "Zaitsev",
  "Popova",
  "Kirov",
  "Noble",
];
const SUBJECTS = [
  "Pipe mill",
  "Copper smelter",
  "Tool plant",
  "Board maker",
  "Regional bank",
  "City council",
  "Rail operator",
  "Power station",
  "Chip packager",
  "Forge",
  "Foundry",
  "Dry port",
  "Tram depot",
  "Cable works",
  "Bearing plant",
  "Glass factory",
];
const ACTIONS = [
  "expands",
  "cuts",
  "doubles",
  "restarts",
  "wins order for",
  "delays",
  "automates",
  "invests in",
  "opens",
  "sells",
  "modernises",
  "tests",
];
const OBJECTS = [
  "rolling line",
  "export output",
  "night shift",
  "five-axis centres",
  "bond issue",
  "housing plan",
  "freight terminal",
  "heat supply",
  "cleanroom",
  "apprentice scheme",
  "warehouse",
  "tram fleet",
  "pension fund stake",
  "furnace",
  "wage talks",
];
const CYRILLIC_TITLES = [
  "Завод наращивает выпуск труб",
  "Банк снижает ставки для заводов",
  "Город утвердил бюджет",
  "Новый прокатный стан запущен",
  "Порт расширяет склады",
  "Станки с ЧПУ для колледжа",
];
const WORDS = (
  "plant output order shift steel copper tooling machine line export import bank bond yield budget city council tram rail freight " +
  "warehouse contract tender workers wage union investment capacity tonne rouble quarter forecast supplier customer maintenance " +
  "furnace mill forge casting sensor board chip module assembly cleanroom apprentice engineer manager director region oblast " +
  "minister loan credit deficit revenue tariff energy heat power grid transport road bridge housing district market price demand"
).split(" ");
/** Frequent English words: real prose is mostly these. */
const FUNCTION_WORDS = (
  "the of and to in a is that for on it with as was at by be this are from has have an or its which but not were said will " +
  "their more been would also after into than its over new last year first two about could who per cent"
).split(" ");
const SYLLABLES = "ka ro mi ten va lor sen dra pol ti ran mek sul ber gon fa lin tor ves chan pri mo dal ker su".split(
  " ",
);

/**
 * A vocabulary with the shape of real news prose: function words first, the domain words in the
 * middle, then a long tail of rarer words, drawn with Zipf's law (the word of rank r about 1/r as
 * often as the most frequent). Without the tail every word would sit in every article, and the
 * search index, whose size follows how many articles share a word, would look nothing like a
 * real archive's.
 */
function zipfVocabulary(next: () => number): { words: string[]; cumulative: Float64Array } {
  const tail: string[] = [];
  const seen = new Set([...FUNCTION_WORDS, ...WORDS]);
  while (tail.length < 20_000) {
    const length = 2 + Math.floor(next() * 3);
    const word = Array.from({ length }, () => pick(next, SYLLABLES)).join("");
    if (!seen.has(word)) {
      seen.add(word);
      tail.push(word);
    }
  }
  const words = [...FUNCTION_WORDS, ...WORDS, ...tail];
  const cumulative = new Float64Array(words.length);
  let total = 0;
  words.forEach((_, rank) => {
    total += 1 / (rank + 1) ** 1.05;
    cumulative[rank] = total;
  });
  for (let i = 0; i < cumulative.length; i++) cumulative[i]! /= total;
  return { words, cumulative };
}

function zipfPick(next: () => number, vocabulary: { words: string[]; cumulative: Float64Array }): string {
  const target = next();
  let low = 0;
  let high = vocabulary.cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (vocabulary.cumulative[middle]! < target) low = middle + 1;
    else high = middle;
  }
  return vocabulary.words[low]!;
}

const CYRILLIC_WORDS = "завод выпуск прокатный облигационный бюджет станок город рабочие смена поставка".split(" ");
const TAGS = [...WORDS.slice(0, 60), "automation", "semiconductors", "jobs", "trade", "металлургия"];
const ZONES = ["", "", "", "+05:00", "+03:00", "Z", "+00:00"];

function pick<T>(next: () => number, list: readonly T[]): T {
  return list[Math.floor(next() * list.length)]!;
}

let vocabulary: ReturnType<typeof zipfVocabulary> | undefined;

/** The corpus word of a given frequency rank (0 is the most frequent), for benchmark queries. */
export function wordOfRank(rank: number): string {
  vocabulary ??= zipfVocabulary(random(7));
  return vocabulary.words[rank]!;
}

function paragraph(next: () => number, words: number): string {
  vocabulary ??= zipfVocabulary(random(7));
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    let word = next() < 0.01 ? pick(next, CYRILLIC_WORDS) : zipfPick(next, vocabulary);
    if (i === 0) word = word[0]!.toUpperCase() + word.slice(1);
    out.push(word);
    if (i > 0 && i < words - 1 && next() < 0.08) out[out.length - 1] += ",";
    if (i > 3 && i < words - 2 && next() < 0.06) {
      out[out.length - 1] = `${out[out.length - 1]!.replace(/,$/, "")}.`;
      i++;
      const capital = pick(next, WORDS);
      out.push(capital[0]!.toUpperCase() + capital.slice(1));
    }
  }
  return `${out.join(" ")}.`;
}

/** The moment of the corpus's newest article, unless `CorpusOptions.newest` says otherwise. */
const NEWEST = DateTime.fromISO("2026-11-20T00:00:00Z");

/** Writes the corpus; returns the number of published articles. */
export function writeCorpus(options: CorpusOptions): { published: number } {
  const next = random(options.seed ?? 1);
  const root = path.resolve(options.output);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(path.join(root, "_data"), { recursive: true });
  mkdirSync(path.join(root, "pages"), { recursive: true });
  writeFileSync(
    path.join(root, "_data/site.yaml"),
    stringify({
      title: "Generated Ledger",
      url: "https://example.org/",
      language: "en",
      timezone: "Asia/Yekaterinburg",
      description: "A generated newsroom for benchmarks.",
      perPage: 20,
      ...(options.russianShare ? { editions: { ru: { title: "Сгенерированный вестник" } } } : {}),
    }),
  );
  const authors: Record<string, { name: string }> = {};
  for (let i = 0; i < 20; i++) {
    const name = `${FIRST[i]} ${LAST[i]}`;
    authors[slugify(name)] = { name };
  }
  writeFileSync(path.join(root, "_data/authors.yaml"), stringify(authors));
  writeFileSync(
    path.join(root, "_data/categories.yaml"),
    stringify(Object.fromEntries(Object.entries(CATEGORIES).map(([key, name]) => [key, { name }]))),
  );
  writeFileSync(path.join(root, "pages/about.md"), "---\ntitle: About\n---\nA generated newsroom for benchmarks.\n");
  if (options.sampleImage) {
    mkdirSync(path.join(root, "images"), { recursive: true });
    copyFileSync(options.sampleImage, path.join(root, "images/sample.jpg"));
  }

  const newest = options.newest ?? NEWEST;
  const span = 20 * 365 * 24 * 60; // twenty years of archive, in minutes
  const authorKeys = Object.keys(authors);
  const categoryKeys = Object.keys(CATEGORIES);
  const made = new Set<string>();
  let published = 0;
  for (let n = 0; n < options.count; n++) {
    // Older articles are sparser: the archive grows over the years.
    const age = Math.floor(next() ** 1.6 * span);
    const scheduled = n % 997 === 0;
    const date = scheduled ? newest.plus({ days: 30 + (n % 60) }) : newest.minus({ minutes: age + 1 });
    const zone = pick(next, ZONES);
    const local = date.setZone(zone === "" ? "Asia/Yekaterinburg" : zone === "Z" ? "UTC" : `UTC${zone}`);
    const dateText = `${local.toFormat("yyyy-MM-dd'T'HH:mm")}${zone}`;
    const cyrillic = next() < 0.02;
    const title = cyrillic
      ? `${pick(next, CYRILLIC_TITLES)} ${n}`
      : `${pick(next, SUBJECTS)} ${pick(next, ACTIONS)} ${pick(next, OBJECTS)}`;
    let slug = slugify(title);
    while (made.has(slug)) slug = `${slugify(title)}-${n}`;
    made.add(slug);
    const draft = n % 53 === 7;
    if (!draft && !scheduled) published++;
    const tags = [...new Set(Array.from({ length: 1 + Math.floor(next() * 3) }, () => pick(next, TAGS)))];
    const authorsOf = next() < 0.1 ? [pick(next, authorKeys), pick(next, authorKeys)] : [pick(next, authorKeys)];
    const front: Record<string, unknown> = {
      title,
      date: dateText,
      category: pick(next, categoryKeys),
      author: authorsOf.length > 1 && authorsOf[0] !== authorsOf[1] ? authorsOf : authorsOf[0],
      tags,
    };
    if (next() < 0.7) front.description = paragraph(next, 20 + Math.floor(next() * 15));
    if (options.sampleImage && next() < 0.05) {
      front.image = "images/sample.jpg";
      front.imageAlt = "A production hall";
    }
    if (draft) front.draft = true;
    // Every article the same in both kinds of corpus but for its edition: n spreads it evenly.
    if (options.russianShare && (n * 0.618034) % 1 < options.russianShare) front.language = "ru";
    const paragraphs: string[] = [];
    const target = 250 + Math.floor(next() * 960);
    let words = 0;
    while (words < target) {
      const length = 40 + Math.floor(next() * 60);
      paragraphs.push(paragraph(next, length));
      words += length;
      if (next() < 0.12)
        paragraphs.push(
          `## ${pick(next, OBJECTS)[0]!.toUpperCase()}${pick(next, OBJECTS).slice(1)} ${paragraphs.length}`,
        );
    }
    const folder = path.join(root, "articles", local.toFormat("yyyy"), local.toFormat("MM"));
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, `${slug}.md`), `---\n${stringify(front)}---\n${paragraphs.join("\n\n")}\n`);
    if (n % 211 === 5 && !draft && !scheduled) {
      const comments = path.join(root, "comments", slug);
      mkdirSync(comments, { recursive: true });
      writeFileSync(
        path.join(comments, "reader.yaml"),
        stringify({ author: "A reader", date: date.plus({ hours: 3 }).toISO(), body: paragraph(next, 25) }),
      );
    }
  }
  writeLiveArticle(root, newest, next);
  return { published: published + 1 };
}

/** The slug of the corpus's live article (see `writeLiveArticle`). */
const LIVE_SLUG = "live-plant-fire";

/** A live article, the newest of the corpus, with a dozen updates ten minutes apart. */
function writeLiveArticle(root: string, newest: DateTime, next: () => number): void {
  const start = newest.minus({ hours: 3 }).setZone("Asia/Yekaterinburg");
  const folder = path.join(root, "articles", start.toFormat("yyyy"), start.toFormat("MM"));
  mkdirSync(folder, { recursive: true });
  const front = {
    title: "Fire at the rolling mill: live",
    date: start.toFormat("yyyy-MM-dd'T'HH:mm"),
    category: Object.keys(CATEGORIES)[0],
    author: slugify(`${FIRST[0]} ${LAST[0]}`),
    live: true,
  };
  writeFileSync(path.join(folder, `${LIVE_SLUG}.md`), `---\n${stringify(front)}---\n${paragraph(next, 60)}\n`);
  mkdirSync(path.join(root, "live", LIVE_SLUG), { recursive: true });
  for (let n = 1; n <= 12; n++) {
    const date = start.plus({ minutes: 10 * n }).toFormat("yyyy-MM-dd'T'HH:mm");
    const text = `---\n${stringify({ date, title: `Update ${n}` })}---\n${paragraph(next, 50)}\n`;
    writeFileSync(path.join(root, "live", LIVE_SLUG, `update-${n}.md`), text);
  }
}

/** Adds one update to the corpus's live article, its newest, dated just before `newest`; returns its path. */
export function addLiveUpdate(root: string, name: string, newest = NEWEST): string {
  const date = newest.minus({ minutes: 5 }).setZone("Asia/Yekaterinburg").toFormat("yyyy-MM-dd'T'HH:mm");
  const file = path.join("live", LIVE_SLUG, `${name}.md`);
  writeFileSync(path.join(root, file), `---\ndate: ${date}\ntitle: Crews stand down\n---\nThe fire is out.\n`);
  return file;
}
