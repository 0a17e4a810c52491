/**
 * Feeds, sitemaps, robots.txt, redirects for old URLs and the CDN's `_headers`: the data for
 * the templates in `templates/pages/distribution/`, and the host files the build writes after
 * the pages (`writeHostFiles`).
 * Feeds use the RSS plugin's date filters: https://www.11ty.dev/docs/plugins/rss/
 */
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { absoluteUrl, dateToRfc822 } from "@11ty/eleventy-plugin-rss";
import { absolutizeHtml, type Distribution, inertJson } from "../content/distribution.js";
import type { Article, AuthorView, LiveUpdateView } from "../content/index.js";
import { securityHeaders } from "../lib/headers.js";
import { truncateAtWord } from "../lib/text.js";
import type { BuildContext } from "./context.js";
import type { EleventyConfig } from "./types.js";

export default function distributionPlugin(eleventyConfig: EleventyConfig, context: BuildContext): void {
  const { origin } = context.model.site.location;
  eleventyConfig.addGlobalData("distribution", context.distribution);
  eleventyConfig.addFilter("inertJson", inertJson);
  eleventyConfig.addFilter("absolutizeHtml", (html: string) => absolutizeHtml(html, origin));
  eleventyConfig.addFilter("absoluteUrl", (url: string) => absoluteUrl(url, origin));
  /** A person for search engines: name, job title, photo, profiles elsewhere and author page. */
  const person = (author: AuthorView) => ({
    "@type": "Person",
    name: author.name,
    jobTitle: author.role,
    image: author.photo ? absoluteUrl(author.photo.url, origin) : undefined,
    sameAs: author.links.length ? author.links : undefined,
    url: absoluteUrl(author.url, origin),
  });
  eleventyConfig.addFilter("jsonLdAuthors", (authors: AuthorView[]) => authors.map(person));
  eleventyConfig.addFilter("jsonLdPerson", person);
  eleventyConfig.addFilter("jsonLdCorrections", (corrections: Article["corrections"]) =>
    corrections.map((correction) => ({
      "@type": "CorrectionComment",
      text: correction.text,
      datePublished: correction.date.iso,
    })),
  );
  /** Each update of a live article as a posting of its own; one without a title is headed by its first words. */
  eleventyConfig.addFilter("jsonLdLiveUpdates", (updates: LiveUpdateView[]) =>
    updates.map((update) => {
      const articleBody = update.text;
      return {
        "@type": "BlogPosting",
        headline: update.title ?? truncateAtWord(articleBody, 110),
        datePublished: update.date.iso,
        url: update.absoluteUrl,
        articleBody,
        author: person(update.author),
      };
    }),
  );
  /** A profile link's label: its host and path, without the scheme (`social.example/@ivan`). */
  eleventyConfig.addFilter("linkLabel", (url: string) => url.replace(/^https?:\/\//, "").replace(/\/$/, ""));
  eleventyConfig.addFilter("rfc822", (iso: string) => dateToRfc822(new Date(iso)));
  eleventyConfig.addFilter("jsonFeed", (feed: Distribution["feeds"][number]) =>
    JSON.stringify(
      {
        version: "https://jsonfeed.org/version/1.1",
        title: feed.title,
        home_page_url: feed.homeUrl,
        feed_url: feed.json?.url,
        description: feed.description || undefined,
        language: context.model.site.language,
        items: feed.items.map((article) => ({
          id: article.absoluteUrl,
          url: article.absoluteUrl,
          title: article.title,
          summary: article.description,
          content_html: absolutizeHtml(article.html, origin),
          date_published: article.published.iso,
          date_modified: article.updated?.iso,
          authors: article.authors.map((author) => ({
            name: author.name,
            url: absoluteUrl(author.url, origin),
          })),
          tags: article.tags.map((tag) => tag.name),
          image: article.image ? absoluteUrl(article.image.url, origin) : undefined,
        })),
      },
      null,
      2,
    ),
  );
}

/** Writes `_headers` and `_redirects` at the output root, after the pages (the headers list its folders). */
export function writeHostFiles(context: Pick<BuildContext, "model" | "distribution">, output: string): void {
  writeSiteHostFiles([{ ...context, folder: "" }], output);
}

/**
 * Writes the host files of a site with editions at the output root, for all of them: each
 * edition's cache rules under its folder (the site language's leaves the editions' folders to
 * them; one policy rule covers every edition), its old URLs, and its own 404 page for the
 * addresses under its folder.
 */
export function writeSiteHostFiles(
  editions: (Pick<BuildContext, "model" | "distribution"> & { folder: string })[],
  output: string,
): void {
  const folders = new Set(editions.map((edition) => edition.folder.replace(/\/$/, "")).filter(Boolean));
  const headers = editions.map(({ model, folder }) => {
    // `pagefind/` gets its rule even in a build that wrote no search index.
    const names = new Set([...readdirSync(path.join(output, folder)), "pagefind"]);
    const rootEntries = [...names]
      .filter((name) => !folders.has(name))
      .map((name) => ({
        name,
        directory: name === "pagefind" || statSync(path.join(output, folder, name)).isDirectory(),
      }));
    return securityHeaders({
      basePath: model.site.location.basePath,
      rootEntries,
      commentsEndpoint: model.site.commentsEndpoint,
      policy: folder === "",
      editor: folder === "" && existsSync(path.join(output, "admin", "config.yml")),
    });
  });
  writeFileSync(path.join(output, "_headers"), headers.join("\n"));
  const redirects = editions.flatMap(({ model, distribution, folder }) => [
    ...distribution.aliases.map((alias) => `${alias.from} ${alias.to} 301`),
    ...(folder ? [`${model.site.location.basePath}* ${model.site.location.basePath}404.html 404`] : []),
  ]);
  writeFileSync(path.join(output, "_redirects"), redirects.length ? `${redirects.join("\n")}\n` : "");
}
