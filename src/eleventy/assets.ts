/**
 * The stylesheet: one hand-written file, published under a name carrying a hash of its content
 * (`assets/style.3f9a1c2b.css`) so a CDN can cache it for a year.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { BuildOptions } from "../build/options.js";
import { PROJECT_ROOT } from "../build/options.js";
import type { EleventyConfig } from "./types.js";

const STYLESHEET = path.join(PROJECT_ROOT, "templates/assets/style.css");

/** The output path of a file whose name carries a hash of `content`. */
export function fingerprintedPath(name: string, content: string | Buffer): string {
  const hash = createHash("sha256").update(content).digest("hex").slice(0, 10);
  const extension = path.posix.extname(name);
  return `${name.slice(0, -extension.length)}.${hash}${extension}`;
}

export default function assetsPlugin(eleventyConfig: EleventyConfig, _options: BuildOptions): void {
  let css = "";
  let cssPath = "";
  eleventyConfig.addWatchTarget(STYLESHEET);
  eleventyConfig.on("eleventy.before", () => {
    css = readFileSync(STYLESHEET, "utf8");
    cssPath = fingerprintedPath("assets/style.css", css);
  });
  eleventyConfig.addGlobalData("assets", () => ({ cssPath }));
  eleventyConfig.on("eleventy.after", ({ directories }) => {
    const target = path.join(directories.output, cssPath);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, css);
  });
}
