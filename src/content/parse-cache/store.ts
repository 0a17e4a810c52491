/**
 * The parse cache as loading sees it: a store of per-file values, each kept with the hash of its
 * file's bytes, opened for one load and saved at its end. The disk store (disk-store.ts) keeps
 * them between runs; the memory store here keeps them between loads in one process, for tests.
 */
import type { Stored } from "./format.js";

/** A content folder's values, as one load reads and replaces them. */
export interface ParseStore<T> {
  /**
   * The value stored for `file` and the hash of its bytes when the file still has the size and
   * modification time it had when stored (`fileStamp`); the file need not be read.
   */
  getByStamp(file: string, stamp: string): { value: T; contentHash: string } | undefined;
  /** The value stored for `file` when its bytes still hash to `contentHash`; `stamp` is remembered for `getByStamp`. */
  get(file: string, contentHash: string, stamp?: string): T | undefined;
  /** Stores (or replaces) the value for `file`; `save` keeps it. */
  set(file: string, contentHash: string, value: T, stamp?: string): void;
  /**
   * Keeps what was set, and what was asked for, for the next load: a file not asked for (deleted
   * or renamed) is forgotten. A store that cannot be written only makes the next load slower.
   */
  save(): void;
  /** Gives up what was set since opening without keeping it (a load that failed half-way). */
  discard(): void;
}

/**
 * A store in memory, for tests: `open` starts a load's store, which sees what the last one saved.
 * Values are kept as JSON, as the disk keeps them, so a value that would not survive the disk
 * does not survive here either.
 */
export class MemoryStore<T> {
  #saved = new Map<string, string>();

  open(): ParseStore<T> {
    const saved = this.#saved;
    const current = new Map<string, Stored<T>>();
    let discarded = false;
    const stored = (file: string): Stored<T> | undefined => {
      const json = saved.get(file);
      return json === undefined ? undefined : (JSON.parse(json) as Stored<T>);
    };
    return {
      getByStamp(file, stamp) {
        const entry = stored(file);
        if (!entry || entry.stamp !== stamp) return undefined;
        current.set(file, entry);
        return { value: entry.value, contentHash: entry.contentHash };
      },
      get(file, contentHash, stamp) {
        const entry = stored(file);
        if (!entry || entry.contentHash !== contentHash) return undefined;
        current.set(file, { ...entry, stamp });
        return entry.value;
      },
      set(file, contentHash, value, stamp) {
        current.set(file, { contentHash, value, stamp });
      },
      save: () => {
        if (discarded) return;
        this.#saved = new Map([...current].map(([file, entry]) => [file, JSON.stringify(entry)]));
      },
      discard() {
        discarded = true;
      },
    };
  }
}
