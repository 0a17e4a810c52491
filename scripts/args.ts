/** Command-line arguments of the scripts: `--name=value`, `--name value` and bare flags. */
import { parseArgs } from "node:util";

export type ArgSpec = Record<string, { type: "string" | "boolean"; multiple?: boolean; default?: string | boolean }>;

/** Parses `argv` by `spec`; an unknown option prints a clear message and exits 2. */
export function readArgs<T extends ArgSpec>(spec: T, argv = process.argv.slice(2)) {
  try {
    return parseArgs({ args: argv, options: spec, allowPositionals: true, strict: true });
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
}
