/**
 * `npm start [-- --input=DIR --port=N]`: the local preview. Builds the site with drafts and
 * scheduled articles shown (and marked), serves it with live reload, and rebuilds on every
 * change to the content or the templates. It writes to `.preview/`, never to `_site/`, so a
 * preview with drafts can never be deployed by mistake.
 */
import path from "node:path";
import Eleventy from "@11ty/eleventy";
import { formatIssue, loadSite, sortIssues } from "../src/content/index.js";
import { PROJECT_ROOT, writeBuildOptions } from "../src/build/options.js";
import { readArgs } from "./args.js";

const { values } = readArgs({
  input: { type: "string", default: "content" },
  output: { type: "string", default: ".preview" },
  port: { type: "string", default: "8080" },
});
const input = path.resolve(values.input as string);
const { model, issues } = loadSite({ contentDir: input, preview: true });
for (const issue of sortIssues(issues)) console.error(formatIssue(issue, values.input as string));
if (!model) {
  console.error("\nFix the problems above, then run npm start again.");
  process.exit(1);
}

// Each rebuild renders only what changed since the previous one (src/build/incremental.ts).
writeBuildOptions({ contentDir: input, preview: true, incremental: true, output: path.resolve(values.output as string) });
const eleventy = new Eleventy(path.join(PROJECT_ROOT, "templates"), path.resolve(values.output as string), {
  configPath: path.join(PROJECT_ROOT, "eleventy.config.ts"),
  runMode: "serve",
  // Serve the preview under the site's base path, so its links work as they will in production.
  pathPrefix: model.site.location.basePath,
});
await eleventy.init();
await eleventy.watch();
await eleventy.serve(Number(values.port));
