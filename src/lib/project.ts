import path from "node:path";
import { fileURLToPath } from "node:url";

/** The project's own folder, where `templates/` and `eleventy.config.ts` live. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
