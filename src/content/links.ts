/**
 * Where the links and images of a body lead: to the URL of another article or page, or of an
 * image, written relative to the file as any Markdown editor resolves them. A target that does
 * not exist is reported; one that exists with errors of its own is not (its errors are).
 */
import path from "node:path";
import { encodePath, publicUrl, type SiteLocation } from "../lib/urls.js";
import type { ContentIssue } from "./issues.js";
import type { ResolveTarget } from "./markdown.js";

export interface LinkContext {
  location: SiteLocation;
  /** The URL of each loaded article and page, by content path. */
  urls: ReadonlyMap<string, string>;
  /** Articles and pages a build at the moment of the load would not publish: links to them are dead until they are. */
  unpublished: ReadonlySet<string>;
  /** Articles and pages that exist but were not loaded, for errors of their own. */
  broken: ReadonlySet<string>;
  /** Whether a content path names a file. */
  fileExists: (contentPath: string) => boolean;
  /** The folder (`ru/`) of the edition a file belongs to, whose own copy of an image its body shows; `""` or absent for the site language's. */
  editionFolder?: (sourcePath: string) => string;
  issues: ContentIssue[];
}

/** Resolves the link targets of the body of `sourcePath` (see `ResolveTarget`), reporting those that lead nowhere. */
export function linkResolver(context: LinkContext, sourcePath: string): ResolveTarget {
  const { location, urls, unpublished, broken, fileExists, issues } = context;
  const folder = context.editionFolder?.(sourcePath) ?? "";
  const report = (line: number, message: string, severity: ContentIssue["severity"] = "error") =>
    issues.push({ file: sourcePath, line, field: "body", message, severity });
  return (target, line, kind) => {
    if (
      /^[a-z][a-z0-9+.-]*:/i.test(target) ||
      target.startsWith("//") ||
      target.startsWith("#") ||
      target.startsWith("/")
    )
      return undefined;
    const [filePart, fragment] = splitFragment(target);
    if (filePart === "") return undefined;
    const contentPath = path.posix.normalize(path.posix.join(path.posix.dirname(sourcePath), filePart));
    const known = urls.get(contentPath);
    if (known) {
      if (unpublished.has(contentPath))
        report(
          line,
          `links to ${contentPath}, which is not published yet  (readers get a dead link until it is; fine if both go out together)`,
          "warning",
        );
      return known + fragment;
    }
    if (broken.has(contentPath)) return undefined;
    if (!filePart.toLowerCase().endsWith(".md") && fileExists(contentPath)) {
      if (contentPath.startsWith("images/")) return publicUrl(location, folder + encodePath(contentPath)) + fragment;
      report(
        line,
        `${kind} target ${target} is outside the images folder, which is the only one published  (move the file into images/)`,
      );
      return null;
    }
    report(
      line,
      `${kind} target ${target} does not exist  (a path relative to this file, e.g. ${kind === "image" ? "../../images/photo.jpg" : "../10/other-article.md"})`,
    );
    return null;
  };
}

function splitFragment(target: string): [string, string] {
  const hash = target.indexOf("#");
  return hash < 0 ? [target, ""] : [target.slice(0, hash), target.slice(hash)];
}
