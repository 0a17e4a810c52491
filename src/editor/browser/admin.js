/**
 * The browser editor's own script, bundled into `admin/broadsheet-editor.js` (src/editor/bundle.ts)
 * and loaded after Decap CMS (the global `CMS`, with React's `h` and `createClass`). It makes what
 * the editor saves follow the content contract:
 *
 * - a new article's or page's slug is made from its title as `npm run new` makes it (Cyrillic
 *   transliterated), so the file is `articles/YYYY/MM/<slug>.md`;
 * - an image without alt text (the lead image or one in the text) cannot be saved, nor a slug
 *   that another article has (from `slugs.json`, the site's articles at the last build);
 * - images inserted in the text are written relative to the file, as the build resolves them;
 * - empty optional fields are left out of the file;
 * - authors.yaml and categories.yaml, maps by key, are edited as lists of entries with a key;
 * - the preview pane shows an entry with the site's stylesheet and the article layout's markup.
 */
import { parse, stringify } from "yaml";
import { slugify } from "../../lib/slug.js";

/* global CMS, h, createClass */

const settings = JSON.parse(document.getElementById("broadsheet-editor").textContent);

/** Where a collection's files sit below the content folder: the way back up to it. */
const UP = { articles: "../../../", pages: "../", live: "../../" };

const upTo = (collection) => (collection.startsWith("live-") ? UP.live : (UP[collection] ?? ""));

/** Whether a value is empty the way a form leaves an unused field: it is left out of the file. */
const isEmpty = (value) =>
  value === undefined ||
  value === null ||
  value === "" ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0);

/** Refuses the save with a message the editor shows as it is. */
function refuse(message) {
  throw new Error(message);
}

/** The slug of each article the site had at its last build, with its file; fetched afresh for each save. */
async function knownSlugs() {
  try {
    const response = await fetch(settings.slugs, { cache: "no-store" });
    return response.ok ? await response.json() : {};
  } catch {
    return {};
  }
}

/** Body images: `![alt](images/x.jpg)` as the editor inserts them → relative to the file; an image without alt is refused. */
function checkBody(body, up) {
  for (const match of body.matchAll(/!\[([^\]]*)\]\(\s*<?([^)\s>]+)/g)) {
    if (!match[1].trim())
      refuse(
        `The image ${match[2]} in the text has no description. Describe it (alt text) for readers who cannot see it.`,
      );
  }
  return body.replace(
    /(!\[[^\]]*\]\(\s*<?)(\/?images\/)/g,
    (_, start, folder) => `${start}${up}${folder.replace(/^\//, "")}`,
  );
}

async function beforeSave({ entry }) {
  const collection = entry.get("collection");
  const data = entry.get("data").toJS();
  if (data.image && !String(data.imageAlt ?? "").trim())
    refuse("The lead image has no description. Fill in “Image description (alt text)”, or remove the image.");
  if (!data.image && (data.imageCaption || data.imageCredit))
    refuse("A caption or credit needs a lead image. Add the image, or clear the caption and credit.");
  if (typeof data.body === "string") data.body = checkBody(data.body, upTo(collection));
  if (collection === "articles" || collection === "pages") {
    if (!data.slug && entry.get("newRecord")) data.slug = slugify(String(data.title ?? ""));
    if (entry.get("newRecord") && !data.slug)
      refuse("The title gives no address. Write a title with letters or digits.");
  }
  if (collection === "articles" && data.slug) {
    const owner = (await knownSlugs())[data.slug];
    const path = entry.get("path");
    if (owner && !path?.endsWith(owner))
      refuse(
        `Another article already has the address “${data.slug}” (${owner}). Change the title or the address (slug).`,
      );
  }
  for (const [key, value] of Object.entries(data)) if (key !== "body" && isEmpty(value)) delete data[key];
  for (const correction of data.corrections ?? [])
    for (const [key, value] of Object.entries(correction)) if (isEmpty(value)) delete correction[key];
  return entry.get("data").clear().mergeDeep(data);
}

/**
 * authors.yaml and categories.yaml are maps by key; the editor lists them as `entries`, each with
 * its `key`. Where a name is a map by language (a site with editions), the form edits the site
 * language's and the others are kept as they were.
 */
const keyedYaml = {
  fromFile(content) {
    const map = parse(content) ?? {};
    return {
      entries: Object.entries(map).map(([key, value]) => {
        const entry = { key, ...value };
        const translations = {};
        for (const [field, text] of Object.entries(value ?? {})) {
          if (text && typeof text === "object" && !Array.isArray(text)) {
            entry[field] = text[settings.language] ?? "";
            translations[field] = text;
          }
        }
        if (Object.keys(translations).length) entry.translations = translations;
        return entry;
      }),
    };
  },
  toFile(data) {
    const map = {};
    for (const { key, translations, ...fields } of data.entries ?? []) {
      const value = {};
      for (const [field, text] of Object.entries(fields)) {
        if (isEmpty(text)) continue;
        const others = translations?.[field];
        value[field] = others ? { ...others, [settings.language]: text } : text;
      }
      map[key] = value;
    }
    return stringify(map);
  },
};

/** Text of a field of the entry shown in the preview. */
const field = (entry, name) => entry.getIn(["data", name]);

const byKey = (list) => new Map(list.map((item) => [item.value, item.label]));

/** The article layout's markup (templates/layouts/article.njk), filled from the entry being edited. */
const ArticlePreview = createClass({
  render() {
    const { entry, widgetFor, getAsset } = this.props;
    const authors = byKey(settings.authors);
    const categories = byKey(settings.categories);
    const names = [].concat(field(entry, "author")?.toJS?.() ?? field(entry, "author") ?? []);
    const image = field(entry, "image");
    const imageUrl = image ? getAsset(image)?.toString() : undefined;
    return h(
      "article",
      { className: "article" },
      h(
        "header",
        { className: "article__header" },
        field(entry, "draft") ? h("p", { className: "status-banner" }, "Draft") : null,
        h("p", { className: "kicker" }, categories.get(field(entry, "category")) ?? field(entry, "category") ?? ""),
        h("h1", null, field(entry, "title") ?? ""),
        h("p", { className: "meta" }, h("time", null, field(entry, "date") ?? "")),
        names.length
          ? h("p", { className: "byline" }, h("span", null, names.map((name) => authors.get(name) ?? name).join(", ")))
          : null,
      ),
      imageUrl
        ? h(
            "figure",
            { className: "article__image" },
            h("img", { src: imageUrl, alt: field(entry, "imageAlt") ?? "" }),
            field(entry, "imageCaption") || field(entry, "imageCredit")
              ? h(
                  "figcaption",
                  null,
                  field(entry, "imageCaption") ?? "",
                  " ",
                  h("span", { className: "credit" }, field(entry, "imageCredit") ?? ""),
                )
              : null,
          )
        : null,
      h("div", { className: "article__body" }, widgetFor("body")),
    );
  },
});

/** A page or a live update: the title (or headline) and the text. */
const TextPreview = createClass({
  render() {
    const { entry, widgetFor } = this.props;
    return h(
      "article",
      { className: "article" },
      h("header", { className: "article__header" }, h("h1", null, field(entry, "title") ?? "")),
      h("div", { className: "article__body" }, widgetFor("body")),
    );
  },
});

CMS.registerCustomFormat(settings.keyedYamlFormat, "yaml", keyedYaml);
CMS.registerPreviewStyle(settings.stylesheet);
CMS.registerPreviewTemplate("articles", ArticlePreview);
CMS.registerPreviewTemplate("pages", TextPreview);
for (const name of settings.liveCollections) CMS.registerPreviewTemplate(name, TextPreview);
CMS.registerEventListener({ name: "preSave", handler: beforeSave });
