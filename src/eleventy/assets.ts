/**
 * Stylesheets and scripts from `templates/assets/`, published under names carrying a hash of
 * their content (`assets/style.3f9a1c2b04.css`) so a CDN can cache them for a year. Templates
 * link them through `assets.paths["style.css"]`.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type BuildOptions, PROJECT_ROOT } from "../build/options.js";
import type { EleventyConfig } from "./types.js";

const ASSETS_DIR = path.join(PROJECT_ROOT, "templates/assets");

/** The output path of a file whose name carries a hash of `content`. */
export function fingerprintedPath(name: string, content: string | Buffer): string {
  const hash = createHash("sha256").update(content).digest("hex").slice(0, 10);
  const extension = path.posix.extname(name);
  return `assets/${name.slice(0, -extension.length)}.${hash}${extension}`;
}

export default function assetsPlugin(eleventyConfig: EleventyConfig, _options: BuildOptions): void {
  let files = new Map<string, { outputPath: string; content: Buffer }>();
  eleventyConfig.addWatchTarget(ASSETS_DIR);
  eleventyConfig.on("eleventy.before", () => {
    files = new Map(
      readdirSync(ASSETS_DIR).map((name) => {
        const content = readFileSync(path.join(ASSETS_DIR, name));
        return [name, { outputPath: fingerprintedPath(name, content), content }];
      }),
    );
  });
  eleventyConfig.addGlobalData("assets", () => ({
    paths: Object.fromEntries([...files].map(([name, file]) => [name, file.outputPath])),
  }));
  eleventyConfig.on("eleventy.after", ({ directories }) => {
    for (const file of files.values()) {
      const target = path.join(directories.output, file.outputPath);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, file.content);
    }
  });
}
