/** `npm run corpus -- --count N --output DIR [--seed S]`: writes a generated content folder for benchmarks. */
import { existsSync } from "node:fs";
import path from "node:path";
import { writeCorpus } from "../src/bench/corpus.js";
import { PROJECT_ROOT } from "../src/lib/project.js";
import { readArgs } from "./args.js";

const { values } = readArgs({
  count: { type: "string", default: "1000" },
  output: { type: "string" },
  seed: { type: "string", default: "1" },
});
const count = Number(values.count);
if (!Number.isInteger(count) || count < 1 || !values.output) {
  console.error("Usage: npm run corpus -- --count N --output DIR [--seed S]");
  process.exit(2);
}
const sampleImage = path.join(PROJECT_ROOT, "content/images/plant-furnace.jpg");
const started = performance.now();
const { published } = writeCorpus({
  count,
  output: values.output as string,
  seed: Number(values.seed),
  sampleImage: existsSync(sampleImage) ? sampleImage : undefined,
});
console.log(
  `Wrote ${count} articles (${published} published) to ${values.output} in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
);
