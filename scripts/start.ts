/**
 * `npm start [-- --input=DIR --output=DIR --port=N]`: the local preview (src/dev/preview.ts).
 * Builds the site with drafts and scheduled articles shown (and marked), serves it with live
 * reload, and builds again, incrementally, on every change to the content or the templates. It
 * writes to `.preview/`, never to `_site/`, so a preview with drafts can never be deployed by
 * mistake.
 */
import { startPreview } from "../src/dev/preview.js";
import { tuningFromEnvironment } from "../src/pipeline/options.js";
import { readArgs } from "./args.js";

const { values } = readArgs({
  input: { type: "string", default: "content" },
  output: { type: "string", default: ".preview" },
  port: { type: "string", default: "8080" },
});
const preview = await startPreview({
  input: values.input as string,
  output: values.output as string,
  port: Number(values.port),
  tuning: tuningFromEnvironment(),
});
console.log(`Preview at ${preview.url}; it builds again when you save.`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    void preview.close().finally(() => process.exit(0));
  });
}
