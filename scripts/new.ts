/**
 * `npm run new -- --title "..." [--category C] [--author A ...] [--language L [--translation-of SLUG]] [--input=DIR]`:
 * starts a draft article at `articles/<year>/<month>/<slug>.md` and prints its path. Refuses a
 * slug that an article already has. `--author` may be repeated for several authors. With
 * editions, `--language` sets the article's edition, and `--translation-of` starts a translation
 * with the original's section, byline, tags and image filled in.
 */
import path from "node:path";
import { createArticle } from "../src/writer/new-article.js";
import { readArgs, readNow } from "./args.js";

const USAGE =
  'usage: npm run new -- --title "Headline" [--category C] [--author A] [--language L [--translation-of SLUG]] [--input=DIR]';
const { values, positionals } = readArgs({
  title: { type: "string" },
  category: { type: "string" },
  author: { type: "string", multiple: true },
  language: { type: "string" },
  "translation-of": { type: "string" },
  input: { type: "string", default: "content" },
  now: { type: "string" },
});
if (values.title === undefined || positionals.length) {
  console.error(
    values.title === undefined
      ? `--title is required  (${USAGE})`
      : `unexpected argument ${positionals[0]}  (${USAGE})`,
  );
  process.exit(2);
}

const input = values.input as string;
const result = createArticle({
  contentDir: input,
  title: values.title as string,
  category: values.category as string | undefined,
  authors: values.author as string[] | undefined,
  now: readNow(values.now as string | undefined),
  language: values.language as string | undefined,
  translationOf: values["translation-of"] as string | undefined,
});
if (!result.ok) {
  for (const problem of result.problems) console.error(problem);
  process.exit(1);
}
// Printed as the writer gave the folder, so the path can be opened from where they ran the command.
console.log(path.join(input, result.file).split(path.sep).join("/"));
