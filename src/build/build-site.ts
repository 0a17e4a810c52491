/**
 * A production build that never leaves a half-written site: content is validated first, the
 * site is written into a temporary folder beside the output, and only a complete build
 * replaces the previous output.
 */
import { existsSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import Eleventy from "@11ty/eleventy";
import { DateTime } from "luxon";
import { loadSite, type ContentIssue } from "../content/index.js";
import { primeSiteModel } from "../eleventy/content.js";
import { PROJECT_ROOT, writeBuildOptions } from "./options.js";

export interface BuildSiteOptions {
  /** Content folder. */
  input: string;
  /** Output folder, replaced only when the build succeeds. */
  output: string;
  /** The moment of the build. @default now */
  now?: DateTime;
}

export interface BuildSiteResult {
  ok: boolean;
  issues: ContentIssue[];
  /** Number of pages Eleventy wrote. */
  pageCount: number;
}

/** Builds the site; returns content issues instead of throwing for them. */
export async function buildSite(options: BuildSiteOptions): Promise<BuildSiteResult> {
  const now = options.now ?? DateTime.now();
  const input = path.resolve(options.input);
  const output = path.resolve(options.output);
  const { model, issues } = loadSite({ contentDir: input, now, preview: false });
  if (!model) return { ok: false, issues, pageCount: 0 };

  const staging = `${output}.building-${process.pid}`;
  const retired = `${output}.previous-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  writeBuildOptions({ contentDir: input, preview: false, now });
  primeSiteModel(model);
  try {
    const eleventy = new Eleventy(path.join(PROJECT_ROOT, "templates"), staging, {
      configPath: path.join(PROJECT_ROOT, "eleventy.config.ts"),
      quietMode: true,
    });
    const [, templates] = (await eleventy.write()) as [unknown, unknown[]];
    if (existsSync(output)) renameSync(output, retired);
    renameSync(staging, output);
    rmSync(retired, { recursive: true, force: true });
    return { ok: true, issues, pageCount: templates.length };
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}
