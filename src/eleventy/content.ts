/**
 * Hands the site model to the templates as the global `broadsheet`, and tells the paginated
 * templates what this run renders (global `toRender`): everything, this pass's slice of a large
 * build, or in an incremental build only the pages whose data changed (src/pipeline/passes.ts).
 * Single templates are rendered by the last pass only, unless their output is up to date.
 * https://www.11ty.dev/docs/data-global-custom/
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../lib/project.js";
import { type BuildContext, isLastPass } from "./context.js";
import type { EleventyConfig } from "./types.js";

/** Templates whose pages are split among the passes; the others are single files. */
const PAGINATED = ["articles.njk", "listings.njk", "pages.njk"];
const PAGES = path.join(PROJECT_ROOT, "templates/pages");

export default function contentPlugin(eleventyConfig: EleventyConfig, context: BuildContext): void {
  const skipped = isLastPass(context)
    ? context.unchangedSingles
    : readdirSync(PAGES).filter((name) => !PAGINATED.includes(name));
  for (const name of skipped) {
    const relative = path.relative(process.cwd(), path.join(PAGES, name)).split(path.sep).join("/");
    const stats = statSync(path.join(PAGES, name), { throwIfNoEntry: false });
    if (stats) eleventyConfig.ignores.add(stats.isDirectory() ? `${relative}/**` : relative);
  }
  if (isLastPass(context)) {
    eleventyConfig.addPassthroughCopy({ [path.join(context.contentDir, "images")]: "images" });
  }
  eleventyConfig.addGlobalData("broadsheet", context.model);
  eleventyConfig.addGlobalData("toRender", context.pass.slice);
}
