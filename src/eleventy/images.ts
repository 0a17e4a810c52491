/**
 * Responsive images: every `<img>` that points into the content folder's `images/` becomes a
 * `<picture>` with AVIF and WebP sources, a JPEG fallback, several widths, `sizes`, and the
 * intrinsic `width`/`height` so nothing shifts while it loads. The first image of an article
 * (marked `loading="eager"` by the template) loads eagerly; the rest lazily.
 * Encoded files are kept in `.cache/images/` between builds and linked into the output, so a
 * rebuild re-encodes only new images. https://www.11ty.dev/docs/plugins/image/
 */
import { copyFileSync, existsSync, linkSync, mkdirSync } from "node:fs";
import path from "node:path";
import type EleventyImage from "@11ty/eleventy-img";
import { absoluteUrl } from "@11ty/eleventy-plugin-rss";
import { imageSize } from "image-size";
import type { Article } from "../content/index.js";
import { PROJECT_ROOT } from "../lib/project.js";
import type { BuildContext } from "./context.js";
import type { EleventyConfig } from "./types.js";

const CACHE_DIR = path.join(PROJECT_ROOT, ".cache/images");
const WIDTHS = [480, 960, 1440];
const FORMATS = ["avif", "webp", "jpeg"];
const SIZES = "(min-width: 46rem) 42rem, 100vw";
const IMG_TAG = /<img\s[^>]*>/g;
const ATTRIBUTE = /([a-z-]+)(?:="([^"]*)")?/g;

/**
 * eleventy-img, loaded with the first image a build encodes or finds in its cache: with sharp it
 * takes ~150 ms to load, and an incremental build whose pages show no image never needs it.
 */
let imageModule: Promise<typeof EleventyImage> | undefined;
const eleventyImage = () => (imageModule ??= import("@11ty/eleventy-img").then((module) => module.default));

interface ImageFile {
  outputPath: string;
  url: string;
  filename: string;
}
type Metadata = Record<string, (ImageFile & { width: number; height: number })[]>;

const imageOptions = (basePath: string) => ({
  widths: WIDTHS,
  formats: FORMATS,
  outputDir: CACHE_DIR,
  urlPath: `${basePath}img/`,
});

/**
 * The URL a search result shows for an image of the content folder (`images/plant.png`): the
 * fallback `<img>` of the article page's `<picture>`, the smallest JPEG. eleventy-img names its
 * files by the image's content, so this is known without encoding anything; undefined for an
 * image that cannot be read.
 */
export async function resultImages(
  contentDir: string,
  basePath: string,
): Promise<(sourcePath: string) => string | undefined> {
  const Image = await eleventyImage();
  const known = new Map<string, string | undefined>();
  return (sourcePath) => {
    if (!known.has(sourcePath)) {
      const source = path.join(contentDir, sourcePath);
      let url: string | undefined;
      try {
        url = existsSync(source)
          ? (Image.statsSync(source, imageOptions(basePath)) as Metadata).jpeg?.[0]?.url
          : undefined;
      } catch {
        url = undefined;
      }
      known.set(sourcePath, url);
    }
    return known.get(sourcePath);
  };
}

function attributesOf(tag: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const [, name, value] of tag.slice(4, -1).matchAll(ATTRIBUTE)) attributes.set(name!, value ?? "");
  return attributes;
}

function decodeEntities(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

export default function imagesPlugin(eleventyConfig: EleventyConfig, context: BuildContext): void {
  let outputDir = "";
  const linked = new Set<string>();
  // Images that could not be read, reported once the run has written every page: failing in the
  // middle would leave other pages' writes still under way in the folder the build then removes.
  const unreadable = new Map<string, string>();
  const { basePath, origin } = context.model.site.location;
  /** A lead image for search engines (JSON-LD `ImageObject`): its file as uploaded, with its size, caption and credit. */
  const sizes = new Map<string, { width?: number; height?: number }>();
  eleventyConfig.addFilter("jsonLdImage", (image: NonNullable<Article["image"]>) => {
    let size = sizes.get(image.sourcePath);
    if (!size) {
      try {
        size = imageSize(path.join(context.contentDir, image.sourcePath));
      } catch {
        size = {};
      }
      sizes.set(image.sourcePath, size);
    }
    return {
      "@type": "ImageObject",
      url: absoluteUrl(image.url, origin),
      width: size.width,
      height: size.height,
      caption: image.caption,
      creditText: image.credit,
    };
  });
  eleventyConfig.on("eleventy.before", ({ directories }) => {
    outputDir = directories.output;
    linked.clear();
    unreadable.clear();
  });
  eleventyConfig.on("eleventy.after", () => {
    if (!unreadable.size) return;
    const list = [...unreadable].map(([file, reason]) => `${file} (${reason})`);
    throw new Error(`${list.length === 1 ? "An image" : "Images"} could not be read: ${list.join("; ")}`);
  });

  /** Encodes (or finds in the cache) one image and links its files into the output. */
  async function picture(source: string, attributes: Map<string, string>): Promise<string> {
    const Image = await eleventyImage();
    const metadata = (await Image(source, imageOptions(basePath))) as Metadata;
    for (const file of Object.values(metadata).flat()) {
      const target = path.join(outputDir, "img", file.filename);
      if (linked.has(target)) continue;
      linked.add(target);
      mkdirSync(path.dirname(target), { recursive: true });
      if (existsSync(target)) continue;
      try {
        linkSync(file.outputPath, target);
      } catch {
        copyFileSync(file.outputPath, target);
      }
    }
    const eager = attributes.get("loading") === "eager";
    return Image.generateHTML(metadata, {
      alt: decodeEntities(attributes.get("alt") ?? ""),
      sizes: attributes.get("sizes") ?? SIZES,
      ...(attributes.has("class") ? { class: attributes.get("class")! } : {}),
      loading: eager ? "eager" : "lazy",
      decoding: "async",
      ...(eager ? { fetchpriority: "high" } : {}),
    });
  }

  eleventyConfig.addTransform(
    "responsive-images",
    async function (this: { page: { outputPath: string | false } }, content: string) {
      const outputPath = this.page.outputPath;
      if (typeof outputPath !== "string" || !outputPath.endsWith(".html") || !content.includes("<img")) return content;
      const replacements = await Promise.all(
        [...content.matchAll(IMG_TAG)].map(async ([tag]) => {
          const attributes = attributesOf(tag);
          let src = attributes.get("src") ?? "";
          try {
            src = decodeURI(src);
          } catch {
            return tag;
          }
          if (!src.startsWith(`${basePath}images/`)) return tag;
          const source = path.join(context.contentDir, src.slice(basePath.length));
          if (!existsSync(source)) return tag;
          try {
            return await picture(source, attributes);
          } catch (error) {
            unreadable.set(path.relative(context.contentDir, source), (error as Error).message);
            return tag;
          }
        }),
      );
      let index = 0;
      return content.replace(IMG_TAG, () => replacements[index++]!);
    },
  );
}
