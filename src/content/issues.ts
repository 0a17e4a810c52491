/** A problem found in a content folder, addressed to the writer who can fix it. */
export interface ContentIssue {
  /** Path relative to the content folder, with forward slashes. */
  file: string;
  /** 1-based line in the file. */
  line: number;
  /** The front-matter key or setting at fault (`date`, `author[1]`), or `file` for the file as a whole. */
  field: string;
  /** What is wrong, then in parentheses what would be valid. */
  message: string;
  severity: "error" | "warning";
}

/** The contract's one-line form: `path:line  field  message`. */
export function formatIssue(issue: ContentIssue, root?: string): string {
  const folder = root?.replace(/\/+$/, "");
  const file = !folder ? issue.file : issue.file === "." ? folder : `${folder}/${issue.file}`;
  const prefix = issue.severity === "warning" ? "warning: " : "";
  return `${file}:${issue.line}  ${issue.field}  ${prefix}${issue.message}`;
}

/** Orders issues by file, then line, so a report reads like the folder. */
export function sortIssues(issues: ContentIssue[]): ContentIssue[] {
  return [...issues].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
}
