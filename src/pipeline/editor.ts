/**
 * The browser editor's place in a build: written into the output's `admin/` when `site.yaml`
 * names the repository (`editor.repo`, signing in to GitHub) or when `npm run edit` asks for the
 * local backend; otherwise removed, so an output written in place never keeps one that went.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { loadSiteData, type SiteModel } from "../content/index.js";
import type { EditorBackend } from "../editor/config.js";
import { removeEditor, writeEditor } from "../editor/publish.js";
import { readAssets } from "../eleventy/assets.js";
import type { BuildSiteOptions } from "./options.js";

/** Writes or removes `<root>/admin/` for the site built from `input` (`editions`: its models). */
export async function placeEditor(
  input: string,
  editions: SiteModel[],
  root: string,
  options: Pick<BuildSiteOptions, "editor">,
): Promise<void> {
  const data = loadSiteData(input);
  const settings = data.settings!;
  const backend: EditorBackend | undefined = options.editor
    ? { kind: "local", apiUrl: options.editor.apiUrl }
    : settings.editor?.repo
      ? {
          kind: "github",
          repo: settings.editor.repo,
          branch: settings.editor.branch,
          authUrl: settings.editor.authUrl,
          contentPrefix: repositoryPrefix(input),
        }
      : undefined;
  if (!backend) return removeEditor(root);
  const articles = editions.flatMap((model) => model.articles);
  const assets = readAssets();
  await writeEditor(
    {
      data: { ...data, settings },
      articles: articles.map((article) => ({ slug: article.slug, sourcePath: article.sourcePath })),
      liveArticles: articles.filter((article) => article.live).map(({ slug, title }) => ({ slug, title })),
      assets: { stylesheet: assets.get("style.css")!.outputPath, icon: assets.get("favicon.svg")!.outputPath },
      backend,
    },
    root,
  );
}

/** The content folder's path in its git repository (`content/`), which the editor's paths start with. */
function repositoryPrefix(input: string): string {
  let top = process.cwd();
  try {
    top = execFileSync("git", ["-C", input, "rev-parse", "--show-toplevel"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    // Not in a git checkout (git missing, or a copy): the working folder stands for the repository.
  }
  const relative = path.relative(top, path.resolve(input)).split(path.sep).join("/");
  // A folder outside the working folder and not in git: taken as the repository's root.
  return relative && !relative.startsWith("..") ? `${relative}/` : "";
}
