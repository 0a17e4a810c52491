/** Renders a fixture site in memory through Broadsheet's Eleventy configuration, writing nothing. */
import path from "node:path";
import Eleventy from "@11ty/eleventy";
import { DateTime } from "luxon";
import broadsheet from "../../eleventy.config.js";
import { loadSite } from "../../src/content/index.js";
import { readAssets } from "../../src/eleventy/assets.js";
import type { BuildContext, RenderSlice } from "../../src/eleventy/context.js";
import { DEFAULT_TUNING } from "../../src/pipeline/options.js";
import { type PreparedBuild, prepareBuild } from "../../src/pipeline/passes.js";
import { sharedContext } from "../../src/pipeline/render.js";
import { FIXTURES, PROJECT_ROOT } from "./site.js";

export interface RenderedPage {
  url: string;
  outputPath: string;
  content: string;
}

/** A build of a fixture site, prepared as `npm run build` prepares it. */
export function prepareFixture(name: string, now = "2026-11-26T12:00:00Z"): PreparedBuild {
  const contentDir = path.join(FIXTURES, name);
  const at = DateTime.fromISO(now, { setZone: true });
  const { model, issues } = loadSite({ contentDir, now: at });
  if (!model) throw new Error(`The ${name} fixture does not load: ${issues.map((issue) => issue.message).join("; ")}`);
  const settings = { contentDir, preview: false, now: at, tuning: DEFAULT_TUNING };
  return prepareBuild(model, settings, path.join(PROJECT_ROOT, "_site.test-memory"));
}

/**
 * Runs Eleventy over `build` in memory (`toJSON`), as the pass `pass` of `count` rendering `slice`.
 */
export async function renderInMemory(
  build: PreparedBuild,
  options: { slice?: RenderSlice; pass?: number; count?: number; context?: Partial<BuildContext> } = {},
): Promise<{ pages: RenderedPage[] }> {
  const context: BuildContext = {
    ...sharedContext(build, readAssets()),
    unchangedSingles: [],
    pass: { index: options.pass ?? 0, count: options.count ?? 1, slice: options.slice ?? build.passes[0]! },
    ...options.context,
  };

  const eleventy = new Eleventy(path.join(PROJECT_ROOT, "templates"), build.output, {
    configPath: "",
    config: broadsheet(context),
    quietMode: true,
  });
  const pages = (await eleventy.toJSON()) as RenderedPage[];
  return { pages };
}
