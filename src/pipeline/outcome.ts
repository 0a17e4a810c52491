/** What a build that stopped left in its output folder, so that its message can say so. */
export type BuildOutcome =
  /** The output folder is as it was: a full build writes beside it and swaps only when complete. */
  | "nothing"
  /** An incremental build was writing in place: some pages are new, others as they were. */
  | "in place";

export class BuildStopped extends Error {
  readonly written: BuildOutcome;
  readonly cause: Error;

  constructor(written: BuildOutcome, cause: Error) {
    super(cause.message);
    this.name = "BuildStopped";
    this.written = written;
    this.cause = cause;
  }
}

/** The sentence that tells the person who ran the build what it left in `output`. */
export function outcomeMessage(written: BuildOutcome, output: string): string {
  return written === "nothing"
    ? `Nothing was written; ${output} is unchanged.`
    : `${output} was being updated in place and is now partly updated; the next build rebuilds it in full (npm run build).`;
}
