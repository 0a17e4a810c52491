/**
 * Stylesheets and scripts from `templates/assets/`, published under names carrying a hash of
 * their content (`assets/style.3f9a1c2b04.css`) so a CDN can cache them for a year. Templates
 * link them through `assets.paths["style.css"]`; the build writes the files (`writeAssets`).
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../lib/project.js";
import type { BuildContext } from "./context.js";
import type { EleventyConfig } from "./types.js";

const ASSETS_DIR = path.join(PROJECT_ROOT, "templates/assets");

export interface Asset {
  /** Path in the output folder, fingerprinted. */
  outputPath: string;
  content: Buffer;
}

/** The output path of a file whose name carries a hash of `content`. */
function fingerprintedPath(name: string, content: string | Buffer): string {
  const hash = createHash("sha256").update(content).digest("hex").slice(0, 10);
  const extension = path.posix.extname(name);
  return `assets/${name.slice(0, -extension.length)}.${hash}${extension}`;
}

/** The assets as this build publishes them, by source name. */
export function readAssets(): Map<string, Asset> {
  return new Map(
    readdirSync(ASSETS_DIR).map((name) => {
      const content = readFileSync(path.join(ASSETS_DIR, name));
      return [name, { outputPath: fingerprintedPath(name, content), content }];
    }),
  );
}

export function writeAssets(assets: Map<string, Asset>, outputDir: string): void {
  for (const asset of assets.values()) {
    const target = path.join(outputDir, asset.outputPath);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, asset.content);
  }
}

export default function assetsPlugin(eleventyConfig: EleventyConfig, context: BuildContext): void {
  eleventyConfig.addGlobalData("assets", { paths: context.assetPaths });
}
