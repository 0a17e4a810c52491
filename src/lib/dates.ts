import { DateTime } from "luxon";

/**
 * The date forms the content contract accepts: a date, or a date and time with optional seconds,
 * fraction and offset (`2026-11-20`, `2026-11-20T09:30`, `2026-11-20T09:30:00+03:00`, `...Z`).
 */
const CONTENT_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export const DATE_FORMS = "2026-11-20T09:30, 2026-11-20T09:30+03:00 or 2026-11-20";

/**
 * Reads a content date as the contract says: a value without an offset is a wall-clock time in
 * `zone`, a date alone is the start of that day in `zone`. Returns null when the text is not a
 * real date in one of the accepted forms. The result is expressed in `zone`.
 */
export function parseContentDate(text: string, zone: string): DateTime | null {
  const match = CONTENT_DATE.exec(text.trim());
  if (!match) return null;
  const hasOffset = match[7] !== undefined;
  const parsed = DateTime.fromISO(text.trim().replace(" ", "T"), hasOffset ? { setZone: true } : { zone });
  if (!parsed.isValid) return null;
  return parsed.setZone(zone);
}

/** Whether `zone` is an IANA zone Luxon knows. */
export function isKnownZone(zone: string): boolean {
  return DateTime.now().setZone(zone).isValid;
}

/** ISO 8601 with the wall clock and offset of the date's own zone, to the second (`2026-11-26T09:30:00+05:00`). */
export function isoDateTime(date: DateTime): string {
  return date.toISO({ suppressMilliseconds: true }) ?? "";
}

/**
 * A reader-facing date and time in the site language, e.g. `26 November 2026, 09:30`, as Luxon
 * writes `d MMMM yyyy, HH:mm`. Every article's date is written once per load, and Luxon's
 * formatter (a locale and an Intl call per date) took a tenth of loading 10,000 articles from
 * the cache, so the month names are looked up once per locale and the numbers written directly.
 */
export function readableDateTime(date: DateTime, locale: string): string {
  const months = monthNames(locale);
  if (!months) return date.setLocale(locale).toFormat("d MMMM yyyy, HH:mm");
  return `${date.day} ${months[date.month - 1]} ${pad(date.year, 4)}, ${pad(date.hour, 2)}:${pad(date.minute, 2)}`;
}

const pad = (value: number, width: number) => String(value).padStart(width, "0");

const monthNamesByLocale = new Map<string, string[] | null>();

/**
 * The month names Luxon writes for `MMMM` in `locale` (the form used with a day: "ноября"); null
 * when the locale writes numbers in other digits or uses another calendar, which only Luxon
 * itself gets right.
 */
function monthNames(locale: string): string[] | null {
  let names = monthNamesByLocale.get(locale);
  if (names === undefined) {
    const { numberingSystem, calendar } = new Intl.DateTimeFormat(locale).resolvedOptions();
    names =
      numberingSystem === "latn" && calendar === "gregory"
        ? Array.from({ length: 12 }, (_, index) =>
            DateTime.fromObject({ year: 2001, month: index + 1, day: 15 }, { zone: "UTC", locale }).toFormat("MMMM"),
          )
        : null;
    monthNamesByLocale.set(locale, names);
  }
  return names;
}

/** The name of a month in the site language, e.g. `November 2026`, for archive headings. */
export function readableMonth(year: number, month: number, zone: string, locale: string): string {
  return DateTime.fromObject({ year, month, day: 1 }, { zone, locale }).toFormat("LLLL yyyy");
}
