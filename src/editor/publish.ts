/**
 * Writes the browser editor into a built site's `admin/` folder: Decap CMS from its npm package
 * (the bundle, its chunks and WebAssembly, never a script from another host), the configuration
 * made from the content contract (config.ts), the project's own script (browser/admin.js), the
 * slugs of the site's articles for the duplicate check, and the page that loads them.
 */
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { build } from "esbuild";
import { stringify } from "yaml";
import type { SiteData } from "../content/index.js";
import { localize } from "../content/localized.js";
import type { Localized } from "../content/schema.js";
import { type EditorBackend, editorConfig, KEYED_YAML_FORMAT } from "./config.js";

/** The editor's folder in the output, below the site's base path. */
const EDITOR_FOLDER = "admin";

const require = createRequire(import.meta.url);
const DECAP_DIST = path.dirname(require.resolve("decap-cms/dist/decap-cms.js"));
const SCRIPT_SOURCE = path.join(import.meta.dirname, "browser/admin.js");

export interface EditorSite {
  /** site.yaml, authors.yaml and categories.yaml as the build read them. */
  data: Required<Pick<SiteData, "settings">> & Pick<SiteData, "authors" | "categories">;
  /** Every article of every edition: slug and path in the content folder. */
  articles: { slug: string; sourcePath: string }[];
  /** Live articles, newest first. */
  liveArticles: { slug: string; title: string }[];
  /** The site's stylesheet and icon, as paths below the base path (`assets/style.3f9a1c2b04.css`). */
  assets: { stylesheet: string; icon: string };
  backend: EditorBackend;
}

/** Writes `<root>/admin/`; files of Decap that are already there unchanged are not copied again. */
export async function writeEditor(site: EditorSite, root: string): Promise<void> {
  const folder = path.join(root, EDITOR_FOLDER);
  mkdirSync(folder, { recursive: true });
  copyDecap(folder);
  const { settings } = site.data;
  const name = (value: Localized) => localize(value, settings.language, settings.language);
  const authors = [...site.data.authors].map(([key, entry]) => ({ key, name: name(entry.name) }));
  const categories = [...site.data.categories].map(([key, entry]) => ({ key, name: name(entry.name) }));
  const config = editorConfig({
    settings,
    authors,
    categories,
    liveArticles: site.liveArticles,
    backend: site.backend,
  });
  // Replaced whole: the local editor may read them while the preview builds again.
  replaceFile(path.join(folder, "config.yml"), stringify(config, { lineWidth: 0 }));
  replaceFile(
    path.join(folder, "slugs.json"),
    JSON.stringify(Object.fromEntries(site.articles.map((article) => [article.slug, article.sourcePath]))),
  );
  const script = await editorScript();
  const scriptName = `broadsheet-editor.${createHash("sha256").update(script).digest("hex").slice(0, 10)}.js`;
  for (const old of readdirSync(folder))
    if (old.startsWith("broadsheet-editor.") && old !== scriptName) rmSync(path.join(folder, old));
  writeFileSync(path.join(folder, scriptName), script);
  const page = {
    language: settings.language,
    slugs: "slugs.json",
    stylesheet: `../${site.assets.stylesheet}`,
    keyedYamlFormat: KEYED_YAML_FORMAT,
    liveCollections: site.liveArticles.map((live) => `live-${live.slug}`),
    authors: authors.map((author) => ({ value: author.key, label: author.name })),
    categories: categories.map((category) => ({ value: category.key, label: category.name })),
  };
  writeFileSync(
    path.join(folder, "index.html"),
    editorPage(
      { title: settings.title, language: settings.language, icon: `../${site.assets.icon}`, scriptName },
      page,
    ),
  );
}

function replaceFile(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

/** Removes the editor from an output written in place by a build that no longer publishes it. */
export function removeEditor(root: string): void {
  const folder = path.join(root, EDITOR_FOLDER);
  if (existsSync(path.join(folder, "config.yml"))) rmSync(folder, { recursive: true, force: true });
}

function editorPage(
  { title, language, icon, scriptName }: { title: string; language: string; icon: string; scriptName: string },
  settings: object,
): string {
  // Inert JSON: `<` escaped so that no text in it can close the script element.
  const json = JSON.stringify(settings).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>Editor · ${escapeHtml(title)}</title>
<link rel="icon" href="${icon}" type="image/svg+xml">
<link rel="cms-config-url" type="text/yaml" href="config.yml">
</head>
<body>
<script type="application/json" id="broadsheet-editor">${json}</script>
<script src="decap-cms.js"></script>
<script src="${scriptName}"></script>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** The files of Decap's browser bundle: the main script, the chunks it loads, its WebAssembly and licence. */
function decapFiles(): string[] {
  return readdirSync(DECAP_DIST).filter(
    (name) => /(^|\.)decap-cms\.js$/.test(name) || name.endsWith(".wasm") || name === "decap-cms.js.LICENSE.txt",
  );
}

function copyDecap(folder: string): void {
  for (const name of decapFiles()) {
    const target = path.join(folder, name);
    const source = path.join(DECAP_DIST, name);
    if (existsSync(target) && statSync(target).size === statSync(source).size) continue;
    copyFileSync(source, target);
  }
}

let bundled: Promise<string> | undefined;

/** The editor's script with what it imports, bundled for the browser once per process. */
function editorScript(): Promise<string> {
  bundled ??= build({
    entryPoints: [SCRIPT_SOURCE],
    bundle: true,
    write: false,
    format: "iife",
    minify: true,
    target: "es2020",
    platform: "browser",
    legalComments: "none",
  }).then((result) => result.outputFiles[0]!.text);
  return bundled;
}
