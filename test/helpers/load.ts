/** Helpers for tests of content loading. */
import { DateTime } from "luxon";
import type { LoadResult } from "../../src/content/load.js";

/** A load result as plain data, without its cache statistics, dates written out with their zone, so two loads compare with toEqual. */
export function plainLoad(result: LoadResult): unknown {
  const { cache: _stats, ...rest } = result;
  return JSON.parse(
    JSON.stringify(rest, (_key, value) => (DateTime.isDateTime(value) ? `${value.toISO()} ${value.zoneName}` : value)),
  );
}
