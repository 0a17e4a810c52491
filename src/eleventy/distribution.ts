/**
 * Feeds, sitemaps, robots.txt, redirects for old URLs and the CDN's `_headers`: the data for
 * the templates in `templates/pages/distribution/`, and the files written after the build.
 * Feeds use the RSS plugin's date filters: https://www.11ty.dev/docs/plugins/rss/
 */
import { readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { absoluteUrl, dateToRfc822 } from "@11ty/eleventy-plugin-rss";
import { type BuildOptions, isLastPass } from "../build/options.js";
import { absolutizeHtml, type Distribution, inertJson } from "../content/distribution.js";
import { securityHeaders } from "../lib/headers.js";
import { currentBuild, currentSiteModel } from "./content.js";
import type { EleventyConfig } from "./types.js";

export default function distributionPlugin(eleventyConfig: EleventyConfig, options: BuildOptions): void {
  eleventyConfig.addGlobalData("distribution", () => currentBuild().distribution);
  eleventyConfig.addFilter("inertJson", inertJson);
  eleventyConfig.addFilter("absolutizeHtml", (html: string) =>
    absolutizeHtml(html, currentSiteModel().site.location.origin),
  );
  eleventyConfig.addFilter("absoluteUrl", (url: string) => absoluteUrl(url, currentSiteModel().site.location.origin));
  eleventyConfig.addFilter("jsonLdAuthors", (authors: { name: string; url: string }[]) =>
    authors.map((author) => ({
      "@type": "Person",
      name: author.name,
      url: absoluteUrl(author.url, currentSiteModel().site.location.origin),
    })),
  );
  eleventyConfig.addFilter("rfc822", (iso: string) => dateToRfc822(new Date(iso)));
  eleventyConfig.addFilter("jsonFeed", (feed: Distribution["feeds"][number]) =>
    JSON.stringify(
      {
        version: "https://jsonfeed.org/version/1.1",
        title: feed.title,
        home_page_url: feed.homeUrl,
        feed_url: feed.json?.url,
        description: feed.description || undefined,
        language: currentSiteModel().site.language,
        items: feed.items.map((article) => ({
          id: article.absoluteUrl,
          url: article.absoluteUrl,
          title: article.title,
          summary: article.description,
          content_html: absolutizeHtml(article.html, currentSiteModel().site.location.origin),
          date_published: article.published.iso,
          date_modified: article.updated?.iso,
          authors: article.authors.map((author) => ({
            name: author.name,
            url: absoluteUrl(author.url, currentSiteModel().site.location.origin),
          })),
          tags: article.tags.map((tag) => tag.name),
          image: article.image ? absoluteUrl(article.image.url, currentSiteModel().site.location.origin) : undefined,
        })),
      },
      null,
      2,
    ),
  );
  // Written once per build: in the last pass of a large build.
  if (!isLastPass(options)) return;
  eleventyConfig.on("eleventy.after", ({ directories }) => {
    const model = currentSiteModel();
    const output = directories.output;
    // The search index is written by its own after-build step, possibly after this one.
    const names = new Set([...readdirSync(output), "pagefind"]);
    const rootEntries = [...names].map((name) => ({
      name,
      directory: name === "pagefind" || statSync(path.join(output, name)).isDirectory(),
    }));
    writeFileSync(
      path.join(output, "_headers"),
      securityHeaders({
        basePath: model.site.location.basePath,
        rootEntries,
        commentsEndpoint: model.site.commentsEndpoint,
      }),
    );
    const redirects = currentBuild().distribution.aliases.map((alias) => `${alias.from} ${alias.to} 301`);
    writeFileSync(path.join(output, "_redirects"), redirects.length ? `${redirects.join("\n")}\n` : "");
  });
}
