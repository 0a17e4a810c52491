/**
 * A persistent cache of per-file work, so loading a large archive again (a second `npm run check`,
 * the next build) parses only the files that changed. One file per content folder under
 * `.cache/broadsheet/`, read once at the start. At the end a few changed entries are appended to
 * it (later lines win; an append cut short is ignored), else it is replaced whole (temp file,
 * then rename), so a reader never sees half of one; without a usable file to start from, entries
 * go to the temp file as they are set. Entries are keyed by path and a hash of the file's
 * bytes; the cache file as a whole by a key naming everything else the entries depend on. A
 * missing, corrupt or outdated cache file is ignored and rebuilt: the cache may make loading
 * faster, never different.
 *
 * One part of each value can be large and seldom needed (`lazyPath`: an article body's rendered
 * text, most of the file, which only a page being rendered needs): it is written after a tab at
 * the end of its entry's line, and read from the file and parsed each time it is used, so a build
 * that renders a few pages of a large site reads the file without parsing most of it, and a build
 * that renders them all does not keep them all.
 */
import { hash } from "node:crypto";
import {
  appendFileSync,
  closeSync,
  existsSync,
  fstatSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Bump when the layout of the cache file changes. */
const FORMAT = "broadsheet-parse-cache/3";
const EXTENSION = ".jsonl";

/** The project's own folder, where `.cache/` lives (git-ignored). */
const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface ParseCacheOptions {
  /** Folder of the cache files, e.g. `parseCacheDir()`. */
  dir: string;
  /** The content folder the entries belong to; one cache file per folder. */
  contentDir: string;
  /** Everything the entries depend on besides their file's bytes (versions, settings, code). */
  key: string;
  /** Keeps caches made with different options for one folder apart (e.g. with and without HTML). */
  variant?: string;
  /**
   * The cache file itself, instead of the one `parseCacheFile` names: a part of a cache that
   * another process fills, to be appended to the real one (`appendParseCache`). @default none
   */
  file?: string;
  /**
   * Property path of the part of each value that is parsed only when first read, e.g.
   * `["body", "text"]`; values without it are stored whole. @default none
   */
  lazyPath?: readonly string[];
  /** Start empty, ignoring the stored file (which `save` then replaces). @default false */
  fresh?: boolean;
  /**
   * Keep the entries in this process after `save`, and use them instead of reading the file again
   * while it is as this process left it (`npm start`, which loads the folder on every change).
   * @default false
   */
  resident?: boolean;
}

export interface ParseCacheStats {
  /** Files whose entry was reused. */
  hits: number;
  /** Files read without a usable entry: new, changed, or the cache was empty or outdated. */
  misses: number;
}

/** A content folder's cache of per-file values, loaded from disk once. */
export interface ParseCache<T> {
  /**
   * The value stored for `file` and the hash of its bytes when the file still has the size and
   * modification time it had when stored (`fileStamp`); the file need not be read.
   */
  getByStamp(file: string, stamp: string): { value: T; contentHash: string } | undefined;
  /** The value stored for `file` when its bytes still hash to `contentHash`; `stamp` is remembered for `getByStamp`. */
  get(file: string, contentHash: string, stamp?: string): T | undefined;
  /** Stores (or replaces) the value for `file`; `save` writes it. */
  set(file: string, contentHash: string, value: T, stamp?: string): void;
  /**
   * Writes the cache when anything was set or a stored file was not asked for (deleted or
   * renamed): only the files of this run are kept. Errors (a read-only disk) are ignored.
   */
  save(): void;
  /** Gives up what was set since opening without saving it (a load that failed half-way): no file is left behind. */
  discard(): void;
  readonly stats: ParseCacheStats;
}

interface Header {
  format: string;
  contentDir: string;
  key: string;
  /** `lazyPath`, joined with dots; "" for none. */
  lazy: string;
}

type Entry<T> = [file: string, contentHash: string, value: T, stamp?: string];

interface Stored<T> {
  contentHash: string;
  value: T;
  stamp?: string;
}

/** Entries kept by `resident` caches, by cache file, with the file's stamp when they matched it. */
const residents = new Map<
  string,
  { key: string; fileStamp: string; entries: Map<string, Stored<unknown>>; lines: number }
>();

/**
 * A file's size and modification time, as a cache stamp; undefined when the file was modified in
 * the last two seconds, because a second change within the clock's resolution could keep both
 * (git's "racily clean" files): such a file is read and hashed until it has been still for a while.
 */
export function fileStamp(stats: { size: number; mtimeMs: number }, now = Date.now()): string | undefined {
  return now - stats.mtimeMs < 2000 ? undefined : `${stats.size}:${stats.mtimeMs}`;
}

/** The cache file's own size and modification time (to the millisecond), to tell whether another process rewrote it. */
function stampOfFile(file: string): string {
  const stats = statSync(file, { throwIfNoEntry: false });
  return stats ? `${stats.size}:${Math.round(stats.mtimeMs)}` : "";
}

/**
 * Where commands keep the parse cache: `<project>/.cache/broadsheet`, or `BROADSHEET_CACHE_DIR`.
 * Undefined, so nothing is cached, when `BROADSHEET_CACHE` is `0`.
 */
export function parseCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.BROADSHEET_CACHE === "0") return undefined;
  return cacheRoot(env);
}

/** The folder of everything Broadsheet keeps between runs: `<project>/.cache/broadsheet`, or `BROADSHEET_CACHE_DIR`. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.BROADSHEET_CACHE_DIR || path.join(PROJECT_ROOT, ".cache", "broadsheet"));
}

/** A short hash of a file's bytes (or of any text), for cache keys. */
export function contentHash(data: string | Uint8Array): string {
  return hash("sha1", data, "base64");
}

/**
 * A fingerprint of the code that produces cached values: the sources of `src/content/` and
 * `src/lib/`, the installed packages and the Node version. Editing the loader or upgrading
 * markdown-it then discards old entries instead of serving what the old code made.
 */
export function codeFingerprint(): string {
  const parts: string[] = [process.version];
  for (const folder of ["src/content", "src/lib"]) {
    const absolute = path.join(PROJECT_ROOT, folder);
    const files = existsSync(absolute)
      ? readdirSync(absolute)
          .filter((name) => /\.[cm]?[jt]s$/.test(name))
          .sort()
      : [];
    for (const name of files) parts.push(`${folder}/${name}`, contentHash(readFileSync(path.join(absolute, name))));
  }
  for (const lock of ["node_modules/.package-lock.json", "package-lock.json"]) {
    const file = path.join(PROJECT_ROOT, lock);
    if (existsSync(file)) {
      parts.push(lock, contentHash(readFileSync(file)));
      break;
    }
  }
  return contentHash(parts.join("\n"));
}

/** A name for files kept about a folder (its parse cache, its build record): a hash of its absolute path, letters and digits only. */
export function folderKey(folder: string): string {
  return contentHash(path.resolve(folder)).replace(/[^A-Za-z0-9]/g, "");
}

/** The cache file of a content folder. */
export function parseCacheFile(options: Pick<ParseCacheOptions, "dir" | "contentDir" | "variant">): string {
  const name = folderKey(options.contentDir).slice(0, 16);
  return path.join(options.dir, `${name}${options.variant ? `-${options.variant}` : ""}${EXTENSION}`);
}

/** Opens the cache of a content folder: reads its file now, or starts empty. */
export function openParseCache<T>(options: ParseCacheOptions): ParseCache<T> {
  const file = options.file ?? parseCacheFile(options);
  const lazyPath = options.lazyPath ?? [];
  const header = headerFor(options);
  const resident = options.resident ? residents.get(file) : undefined;
  const openedStamp = stampOfFile(file);
  const {
    entries: stored,
    lines,
    whole,
  } = options.fresh
    ? { entries: new Map<string, Stored<T>>(), lines: 0, whole: true }
    : resident && resident.key === options.key && resident.fileStamp === openedStamp
      ? { entries: resident.entries as Map<string, Stored<T>>, lines: resident.lines, whole: true }
      : readEntries<T>(file, header, lazyPath);
  const current = new Map<string, Stored<T>>();
  const stats: ParseCacheStats = { hits: 0, misses: 0 };
  // Without a usable file, `save` writes one whole: each entry is written as it is set instead,
  // so its lazy part need not stay in memory until then. Opened on the first entry.
  let writer: CacheWriter<T> | undefined;
  let writing = lines === 0;
  const write = (name: string, entry: Stored<T>) => {
    try {
      writer ??= new CacheWriter<T>(file, header, lazyPath);
      writer.add(name, entry);
    } catch {
      // Left to `save`, which ignores a cache that cannot be written.
      writer?.abandon();
      writer = undefined;
      writing = false;
    }
  };
  const keep = (entries: Map<string, Stored<T>>, lines: number) => {
    if (options.resident)
      residents.set(file, {
        key: options.key,
        fileStamp: stampOfFile(file),
        entries: entries as Map<string, Stored<unknown>>,
        lines,
      });
  };
  return {
    stats,
    getByStamp(name, stamp) {
      const entry = stored.get(name);
      if (!entry || entry.stamp !== stamp) return undefined;
      stats.hits++;
      current.set(name, entry);
      return { value: entry.value, contentHash: entry.contentHash };
    },
    get(name, contentHash, stamp) {
      const entry = stored.get(name);
      if (entry && entry.contentHash === contentHash) {
        stats.hits++;
        // Touched but unchanged: a new entry remembers the new stamp, so the next run need not read the file.
        current.set(name, entry.stamp === stamp ? entry : { ...entry, stamp });
        return entry.value;
      }
      stats.misses++;
      return undefined;
    },
    set(name, contentHash, value, stamp) {
      const entry = { contentHash, value, stamp };
      current.set(name, entry);
      if (writing) write(name, entry);
    },
    discard() {
      writer?.abandon();
      writer = undefined;
      writing = false;
    },
    save() {
      const dropped = [...stored.keys()].filter((name) => !current.has(name));
      const changed = [...current].filter(([name, entry]) => stored.get(name) !== entry);
      if (!changed.length && !dropped.length) return keep(stored, lines);
      try {
        if (writer) {
          // Every entry was set, as nothing was stored: all are written.
          const written = writer;
          writer = undefined;
          writing = false;
          written.finish();
          removeOrphans(options.dir, file);
          return keep(current, written.lines);
        }
        // A few changes are appended (later lines win); the file is written anew when it has no
        // valid header yet, when it ends in a line cut short (appended to, the two would join into
        // one line that may still read as whole), or when replaced lines would make up more than
        // a quarter of it.
        const appended = lines + changed.length + dropped.length;
        // Appending needs the file as it was read: another process may have replaced it since.
        if (lines > 0 && whole && appended <= current.size * 1.25 && stampOfFile(file) === openedStamp) {
          appendEntries(file, changed, dropped, lazyPath);
          keep(current, appended);
        } else {
          writeEntries(file, header, current, lazyPath);
          removeOrphans(options.dir, file);
          keep(current, current.size);
        }
      } catch {
        // A cache that cannot be written only makes the next run slower.
        residents.delete(file);
      }
    },
  };
}

function headerFor(options: ParseCacheOptions): Header {
  return {
    format: FORMAT,
    contentDir: path.resolve(options.contentDir),
    key: options.key,
    lazy: (options.lazyPath ?? []).join("."),
  };
}

function sameHeader(stored: Partial<Header> | undefined, header: Header): boolean {
  return (
    stored?.format === header.format &&
    stored.contentDir === header.contentDir &&
    stored.key === header.key &&
    stored.lazy === header.lazy
  );
}

/** Whether the cache file exists and was written for these options: opening it would find its entries. */
export function hasParseCache(options: ParseCacheOptions): boolean {
  return sameHeader(headerOf(options.file ?? parseCacheFile(options)), headerFor(options));
}

/**
 * Appends the entries of `part` (a cache file written for the same options, see `file`) to the
 * cache file of `options`; returns whether it did. Either file missing or of other options, or
 * the copy failing half-way (the file is then cut back to its old end, as a line cut short
 * would join the next one appended), leaves the cache file as it was. Entry lines are copied as
 * they are: a lazy part is found by where it is on its line.
 */
export function appendParseCache(options: ParseCacheOptions, part: string): boolean {
  const header = headerFor(options);
  const file = options.file ?? parseCacheFile(options);
  if (!sameHeader(headerOf(file), header) || !sameHeader(headerOf(part), header)) return false;
  let from: number | undefined;
  let to: number | undefined;
  let end = -1;
  try {
    from = openSync(part, "r");
    to = openSync(file, "r+");
    end = fstatSync(to).size;
    const buffer = Buffer.allocUnsafeSlow(CHUNK_BYTES);
    // The cache file must end where a line ends, or the first line copied would join its last.
    if (end === 0 || readSync(to, buffer, 0, 1, end - 1) !== 1 || buffer[0] !== 10) return false;
    let at = end;
    for (
      let position = 0, read: number;
      (read = readSync(from, buffer, 0, CHUNK_BYTES, position)) > 0;
      position += read
    ) {
      // The part's header line is skipped.
      const start = position === 0 ? buffer.subarray(0, read).indexOf(10) + 1 : 0;
      if (position === 0 && start === 0) throw new Error("the part has no whole header line");
      for (let done = start; done < read; ) {
        const written = writeSync(to, buffer, done, read - done, at);
        done += written;
        at += written;
      }
    }
    return true;
  } catch {
    try {
      if (to !== undefined && end >= 0) ftruncateSync(to, end);
    } catch {
      // Not even that: the next load finds a line cut short, leaves it out and rewrites the file.
    }
    return false;
  } finally {
    if (from !== undefined) closeSync(from);
    if (to !== undefined) closeSync(to);
  }
}

/** Bytes read from or written to a cache file at a time, through one buffer (fresh memory is what reading or writing a large file costs most). */
const CHUNK_BYTES = 1 << 20;

/**
 * Reads a cache file: its entries, and how many entry lines it has (more than entries once
 * changes were appended). Empty when the file is missing, unreadable or of another header.
 *
 * The file is read in chunks through one buffer, and only the lines' heads are kept: a lazy part
 * is remembered by where it is in the file, which stays open to read it from. A 10,000-article
 * site's cache is 75 MB, 80% lazy parts; read whole into one buffer it took 0.7 s, mostly the
 * first touch of that much new memory, for a build that renders a few pages.
 */
function readEntries<T>(
  file: string,
  header: Header,
  lazyPath: readonly string[],
): { entries: Map<string, Stored<T>>; lines: number; whole: boolean } {
  const entries = new Map<string, Stored<T>>();
  let descriptor: number;
  try {
    descriptor = openSync(file, "r");
  } catch {
    return { entries, lines: 0, whole: true };
  }
  const source: CacheSource = { descriptor };
  let lines = -1;
  let lazyParts = 0;
  /** Handles one whole line: its head's text, and where its lazy part is (-1 for none). */
  const line = (head: string, lazyStart: number, lazyEnd: number, lazyIntact: boolean) => {
    if (lines < 0) {
      if (!sameHeader(JSON.parse(head) as Partial<Header>, header)) throw new Error("another cache");
    } else {
      const [name, contentHash, value, stamp] = JSON.parse(head) as Entry<T> | [name: string, removed: null];
      if (contentHash === null) entries.delete(name);
      else {
        if (lazyStart >= 0) {
          attachLazy(value, lazyPath, { source, start: lazyStart, end: lazyEnd }, lazyIntact);
          lazyParts++;
        }
        entries.set(name, { contentHash, value: value as T, stamp });
      }
    }
    lines++;
  };
  try {
    const whole = scanLines(descriptor, line);
    if (lazyParts) lazySources.register(source, descriptor);
    else closeSync(descriptor);
    return { entries, lines: Math.max(lines, 0), whole };
  } catch {
    closeSync(descriptor);
    return { entries: new Map(), lines: 0, whole: true };
  }
}

/**
 * Calls `line` for each whole line of an open cache file, in order: the text of its head (up to
 * a tab, or the whole line), and the byte range of what follows the tab (-1, -1 when nothing
 * does), with whether that range starts with `{` and ends with `}`, as a whole JSON object does.
 * A last line without its newline is an append cut short: it is left out, and the result is
 * false (true when the file ends where a line ends). JSON escapes tabs and newlines inside
 * strings, so the first tab on a line is where its lazy part starts.
 */
function scanLines(
  descriptor: number,
  line: (head: string, lazyStart: number, lazyEnd: number, lazyIntact: boolean) => void,
): boolean {
  const buffer = Buffer.allocUnsafeSlow(CHUNK_BYTES);
  let head = "";
  let inHead = true;
  let lazyStart = -1;
  let firstLazyByte = -1;
  let lastByte = -1;
  let lineLength = 0;
  for (let position = 0; ; ) {
    const read = readSync(descriptor, buffer, 0, CHUNK_BYTES, position);
    if (read === 0) return lineLength === 0;
    const chunk = buffer.subarray(0, read);
    let index = 0;
    while (index < read) {
      const newline = chunk.indexOf(10, index);
      const stop = newline < 0 ? read : newline;
      if (stop > index) {
        if (inHead) {
          // Looked for within the line only: a file without lazy parts would otherwise be scanned to the chunk's end for each line.
          const tab = chunk.subarray(index, stop).indexOf(9);
          head += chunk.toString("latin1", index, tab < 0 ? stop : index + tab);
          if (tab >= 0) {
            inHead = false;
            lazyStart = position + index + tab + 1;
            if (index + tab + 1 < stop) firstLazyByte = chunk[index + tab + 1]!;
          }
        } else if (firstLazyByte < 0) {
          firstLazyByte = chunk[index]!;
        }
        lastByte = chunk[stop - 1]!;
        lineLength += stop - index;
      }
      if (newline < 0) break;
      if (lineLength > 0) {
        const lazyEnd = lazyStart < 0 ? -1 : position + newline;
        line(head, lazyStart, lazyEnd, firstLazyByte === 0x7b && lastByte === 0x7d && lazyEnd > lazyStart);
      }
      head = "";
      inHead = true;
      lazyStart = firstLazyByte = lastByte = -1;
      lineLength = 0;
      index = newline + 1;
    }
    position += read;
  }
}

/** An open cache file that lazy parts are read from; closed once no part refers to it any more. */
interface CacheSource {
  descriptor: number;
}

const lazySources = new FinalizationRegistry<number>((descriptor) => {
  try {
    closeSync(descriptor);
  } catch {
    // Already closed.
  }
});

/** Where a lazy part's JSON is in a cache file. */
interface RawJson {
  source: CacheSource;
  start: number;
  end: number;
}

/** One buffer for reading lazy parts, grown to the largest read so far. */
let lazyBuffer = Buffer.alloc(0);

/** A lazy part's JSON, read from its cache file. */
function readRaw(raw: RawJson): string {
  const length = raw.end - raw.start;
  if (lazyBuffer.length < length) lazyBuffer = Buffer.allocUnsafeSlow(Math.max(length, 64 * 1024));
  for (let done = 0; done < length; ) {
    const read = readSync(raw.source.descriptor, lazyBuffer, done, length - done, raw.start + done);
    if (read === 0) throw new Error("the parse cache file was cut short while in use");
    done += read;
  }
  return lazyBuffer.toString("latin1", 0, length);
}

/** Lazy parts not parsed yet, by the object holding them: written back as they were read. */
const unparsed = new WeakMap<object, RawJson>();

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Makes the property at `lazyPath` of `value` a getter that parses `raw` from the file each time (an ordinary property again once set). */
function attachLazy(value: unknown, lazyPath: readonly string[], raw: RawJson, intact: boolean): void {
  let holder = value;
  for (const key of lazyPath.slice(0, -1)) holder = isObject(holder) ? holder[key] : undefined;
  // A cut-short part (not a whole JSON object) makes the line unreadable, as any other damage does.
  if (!isObject(holder) || !lazyPath.length || !intact) throw new Error("damaged lazy part");
  const parent = holder;
  const key = lazyPath.at(-1)!;
  unparsed.set(parent, raw);
  Object.defineProperty(parent, key, {
    enumerable: true,
    configurable: true,
    // Parsed anew on every read and not kept: a build reads each body once or twice (its page, a
    // feed), and kept they would all be in memory by the end of a clean build.
    get: () => JSON.parse(readRaw(raw)) as unknown,
    set(part: unknown) {
      unparsed.delete(parent);
      Object.defineProperty(parent, key, { value: part, writable: true, enumerable: true, configurable: true });
    },
  });
}

/** `value` without its lazy part, and that part's JSON (as read, when it was never parsed). */
function splitLazy(value: unknown, lazyPath: readonly string[]): { head: unknown; lazy?: string } {
  const [key, ...rest] = lazyPath;
  if (key === undefined || !isObject(value) || !Object.hasOwn(value, key)) return { head: value };
  if (rest.length) {
    const inner = splitLazy(value[key], rest);
    return inner.lazy === undefined ? { head: value } : { head: { ...value, [key]: inner.head }, lazy: inner.lazy };
  }
  const raw = unparsed.get(value);
  // Copying the other properties leaves the lazy one unread.
  const { [key]: _, ...others } = value;
  if (raw) return { head: others, lazy: readRaw(raw) };
  return value[key] === undefined ? { head: value } : { head: others, lazy: asciiJson(value[key]) };
}

/**
 * One line of the cache file for an entry, or for an entry removed (`[name, null]`), and where on
 * it the entry's lazy part starts (after its head and a tab) when it has one; the part runs to
 * the newline.
 */
function entryLine<T>(
  name: string,
  entry: Stored<T> | undefined,
  lazyPath: readonly string[],
): { line: string; lazyStart?: number } {
  if (!entry) return { line: `${asciiJson([name, null])}\n` };
  const { head, lazy } = splitLazy(entry.value, lazyPath);
  const row = asciiJson(entry.stamp ? [name, entry.contentHash, head, entry.stamp] : [name, entry.contentHash, head]);
  return lazy === undefined ? { line: `${row}\n` } : { line: `${row}\t${lazy}\n`, lazyStart: row.length + 1 };
}

/** Appends changed and removed entries to the cache file, in one write. */
function appendEntries<T>(
  file: string,
  changed: [string, Stored<T>][],
  dropped: string[],
  lazyPath: readonly string[],
): void {
  let text = "";
  for (const [name, entry] of changed) text += entryLine(name, entry, lazyPath).line;
  for (const name of dropped) text += entryLine(name, undefined, lazyPath).line;
  appendFileSync(file, text);
}

/** Writes the whole cache to a temporary file beside it, then renames it into place. */
function writeEntries<T>(
  file: string,
  header: Header,
  entries: Map<string, Stored<T>>,
  lazyPath: readonly string[],
): void {
  const writer = new CacheWriter(file, header, lazyPath);
  try {
    for (const [name, entry] of entries) writer.add(name, entry);
  } catch (error) {
    writer.abandon();
    throw error;
  }
  writer.finish();
}

/**
 * Writes a whole cache file, entry by entry, to a temporary file beside it that `finish` renames
 * into place, so a reader never sees half of one. Each entry's lazy part is read from the new file
 * as soon as it is written there (at most a megabyte later): a cold load of 100,000 articles that
 * kept every body in memory until the cache was written held over a gigabyte more heap, and
 * spent a quarter of its time in the collections that copied it.
 */
class CacheWriter<T> {
  private readonly temporary: string;
  /** Closed once neither the writer nor a lazy part refers to it (a load that failed drops its writer unfinished). */
  private readonly source: CacheSource;
  /** Whether a lazy part refers to `source`, which must then stay open. */
  private referred = false;
  /**
   * Bytes not written yet. Lines are copied in as they come: a string of many lines, written at
   * once, would first be flattened into fresh memory (a second of a cold 10,000-article load).
   */
  private buffer = Buffer.allocUnsafeSlow(CHUNK_BYTES);
  private used = 0;
  private written = 0;
  /** Where the lazy parts in `buffer` are in the file, to read them from there once written. */
  private moved: { value: unknown; start: number; end: number }[] = [];
  /** Entry lines written or waiting in `buffer`. */
  lines = 0;

  constructor(
    private readonly file: string,
    header: Header,
    private readonly lazyPath: readonly string[],
  ) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.temporary = `${file}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
    this.source = { descriptor: openSync(this.temporary, "w+") };
    lazySources.register(this.source, this.source.descriptor, this.source);
    this.append(`${asciiJson(header)}\n`);
  }

  add(name: string, entry: Stored<T>): void {
    const { line, lazyStart } = entryLine(name, entry, this.lazyPath);
    const at = this.append(line);
    if (lazyStart !== undefined)
      this.moved.push({ value: entry.value, start: at + lazyStart, end: at + line.length - 1 });
    this.lines++;
  }

  /** Writes what is left and renames the file into place; abandons it if either fails. */
  finish(): void {
    try {
      this.flush();
      renameSync(this.temporary, this.file);
    } catch (error) {
      this.abandon();
      throw error;
    }
    this.closeUnlessReferred();
  }

  /** Removes the temporary file; lazy parts already read from it still can be (the file stays open). */
  abandon(): void {
    rmSync(this.temporary, { force: true });
    this.closeUnlessReferred();
  }

  private closeUnlessReferred(): void {
    if (this.referred || !lazySources.unregister(this.source)) return;
    try {
      closeSync(this.source.descriptor);
    } catch {
      // Already closed.
    }
  }

  /** Copies an ASCII line (asciiJson: its length is its length in bytes) into the buffer; returns where in the file it goes. */
  private append(line: string): number {
    if (this.used + line.length > this.buffer.length) {
      this.flush();
      if (line.length > this.buffer.length) this.buffer = Buffer.allocUnsafeSlow(line.length);
    }
    const at = this.written + this.used;
    this.used += this.buffer.write(line, this.used, "latin1");
    return at;
  }

  /** Writes the buffer whole (looping over short writes, as the offsets of lazy parts depend on it). */
  private flush(): void {
    for (let done = 0; done < this.used; )
      done += writeSync(this.source.descriptor, this.buffer, done, this.used - done);
    this.written += this.used;
    this.used = 0;
    if (!this.moved.length) return;
    for (const { value, start, end } of this.moved)
      attachLazy(value, this.lazyPath, { source: this.source, start, end }, true);
    this.moved = [];
    this.referred = true;
  }
}

/**
 * JSON with every character outside ASCII escaped: Node decodes an ASCII file several times
 * faster than one with Cyrillic in it (2.3 s against 0.6 s for the 130 MB of a 10,000-article
 * site's rendered bodies).
 */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]+/g, (run) => {
    let escaped = "";
    for (let index = 0; index < run.length; index++)
      escaped += `\\u${run.charCodeAt(index).toString(16).padStart(4, "0")}`;
    return escaped;
  });
}

/**
 * Removes cache files of content folders that no longer exist (test runs make many short-lived
 * ones) and temporary files of runs that died an hour ago or more, so the folder does not grow
 * without end.
 */
function removeOrphans(dir: string, keep: string): void {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (name.endsWith(".tmp")) {
      if (Date.now() - (statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 3_600_000)
        rmSync(file, { force: true });
      continue;
    }
    if (file === keep || !name.endsWith(EXTENSION)) continue;
    const contentDir = headerOf(file)?.contentDir;
    if (typeof contentDir === "string" && !existsSync(contentDir)) rmSync(file, { force: true });
  }
}

function headerOf(file: string): Partial<Header> | undefined {
  try {
    const descriptor = openSync(file, "r");
    const buffer = Buffer.alloc(4096);
    const length = readSync(descriptor, buffer, 0, buffer.length, 0);
    closeSync(descriptor);
    const line = buffer.subarray(0, length).toString("utf8").split("\n")[0]!;
    return JSON.parse(line) as Partial<Header>;
  } catch {
    return undefined;
  }
}
