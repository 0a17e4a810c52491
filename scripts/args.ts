/** Command-line arguments of the scripts: `--name=value`, `--name value` and bare flags. */
import { parseArgs } from "node:util";
import { DateTime } from "luxon";

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

/**
 * The moment a script works at: `--now=ISO` when given, else the `BROADSHEET_NOW` environment
 * variable (as the build reads it), else the clock. An invalid value prints a message and exits 2.
 */
export function readNow(value: string | undefined, env: NodeJS.ProcessEnv = process.env): DateTime {
  const text = value ?? env.BROADSHEET_NOW;
  if (!text) return DateTime.now();
  const now = DateTime.fromISO(text, { setZone: true });
  if (!now.isValid) {
    console.error(
      `${value ? "--now" : "BROADSHEET_NOW"} must be an ISO 8601 date-time (e.g. 2026-11-20T09:30:00Z), got "${text}"`,
    );
    process.exit(2);
  }
  return now;
}
