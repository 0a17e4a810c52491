/**
 * `npm start`: the local preview. Builds the site with drafts and scheduled articles shown into
 * its own folder with the production builder (passes, search shards: src/pipeline/build-site.ts),
 * serves it with Eleventy's dev server under the site's base path, and after every change to the
 * content or the templates builds again, incrementally (only what changed, written in place), then
 * reloads the browser. The process keeps the parse cache in memory between builds, so a rebuild
 * reads only the files that changed.
 *
 * A build that finds content errors lists them and leaves the last good preview served; the next
 * save tries again.
 */
import { type FSWatcher, watch } from "node:fs";
import path from "node:path";
import EleventyDevServer from "@11ty/eleventy-dev-server";
import { DateTime } from "luxon";
import { formatIssue, loadSiteData, sortIssues } from "../content/index.js";
import { PROJECT_ROOT } from "../lib/project.js";
import { siteLocation } from "../lib/urls.js";
import { buildSite } from "../pipeline/build-site.js";
import type { BuildSiteOptions } from "../pipeline/options.js";
import { BuildStopped, outcomeMessage } from "../pipeline/outcome.js";

export interface PreviewOptions {
  /** Content folder. */
  input: string;
  /** Where the preview is written (never the production output). */
  output: string;
  port: number;
  /** Where messages go. @default console */
  log?: Pick<Console, "log" | "error">;
  /** Sizes of passes and search shards (`BuildSiteOptions.tuning`). */
  tuning?: BuildSiteOptions["tuning"];
  /** The browser editor on a local backend (`BuildSiteOptions.editor`, for `npm run edit`). */
  editor?: BuildSiteOptions["editor"];
}

export interface Preview {
  url: string;
  close(): Promise<void>;
}

/** How long after the last change a build starts, so an editor's save of several files builds once. */
const SETTLE_MS = 100;

/** The base path of site.yaml's url, where the preview serves the site like the real one (the root while site.yaml is broken). */
export function servedBasePath(input: string): string {
  const url = loadSiteData(input).settings?.url;
  return url ? siteLocation(url).basePath : "/";
}

export async function startPreview(options: PreviewOptions): Promise<Preview> {
  const log = options.log ?? console;
  const input = path.resolve(options.input);
  const output = path.resolve(options.output);
  const basePath = servedBasePath(input);

  let building: Promise<void> | undefined;
  let again = false;
  const build = async (): Promise<void> => {
    const started = performance.now();
    try {
      const result = await buildSite({
        input,
        output,
        now: DateTime.now(),
        incremental: true,
        preview: true,
        residentCache: true,
        tuning: options.tuning,
        editor: options.editor,
      });
      for (const issue of sortIssues(result.issues)) log.error(formatIssue(issue, options.input));
      if (!result.ok) {
        log.error("\nFix the problems above; the preview builds again when you save.");
        return;
      }
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      log.log(
        result.incremental
          ? `Updated ${result.pageCount} files in ${seconds} s.`
          : `Built ${result.pageCount} pages in ${seconds} s.`,
      );
      server.reload({ files: [] });
    } catch (error) {
      log.error(`Build failed: ${(error as Error).message}`);
      if (error instanceof BuildStopped) log.error(outcomeMessage(error.written, options.output));
    }
  };
  /** Builds now, or once more after the build in progress when one is running. */
  const rebuild = (): Promise<void> => {
    if (building) {
      again = true;
      return building;
    }
    building = (async () => {
      do {
        again = false;
        await build();
      } while (again);
      building = undefined;
    })();
    return building;
  };

  const server = EleventyDevServer.getServer("broadsheet-preview", output, {
    pathPrefix: basePath,
    // Pages are replaced whole: morphing the old page into the new one would keep state a reload clears.
    domDiff: false,
    logger: {
      info: (message) => log.log(message),
      log: (message) => log.log(message),
      error: (message) => log.error(message),
    },
  });
  await rebuild();
  server.serve(options.port);
  await server.ready();

  let timer: NodeJS.Timeout | undefined;
  const onChange = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void rebuild(), SETTLE_MS);
  };
  const watchers: FSWatcher[] = [input, path.join(PROJECT_ROOT, "templates")].map((folder) =>
    watch(folder, { recursive: true }, onChange),
  );

  return {
    url: server.getServerUrl("localhost"),
    close: async () => {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
      while (building) await building;
      await server.close();
    },
  };
}
