/** Phase timings on stderr when `BROADSHEET_TIMING=1`, for the benchmark and for curious people. */
const enabled = process.env.BROADSHEET_TIMING === "1";
const origin = performance.now();

/** Logs that a phase ended, with the seconds since the process started and since `since`. */
export function timing(phase: string, since?: number): number {
  const now = performance.now();
  if (enabled) {
    const took = since === undefined ? "" : ` (${((now - since) / 1000).toFixed(2)} s)`;
    console.error(`[timing] ${((now - origin) / 1000).toFixed(2)} s  ${phase}${took}`);
  }
  return now;
}
