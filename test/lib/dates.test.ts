import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { isoDateTime, parseContentDate, readableDateTime } from "../../src/lib/dates.js";

describe("dates", () => {
  it("reads a date without offset as wall-clock time in the site zone", () => {
    expect(isoDateTime(parseContentDate("2026-02-10T09:30", "Europe/Moscow")!)).toBe("2026-02-10T09:30:00+03:00");
    expect(isoDateTime(parseContentDate("2026-02-10T09:30:00", "America/New_York")!)).toBe("2026-02-10T09:30:00-05:00");
  });

  it("reads a date alone as the start of that day in the site zone", () => {
    expect(isoDateTime(parseContentDate("2026-02-10", "Asia/Tokyo")!)).toBe("2026-02-10T00:00:00+09:00");
  });

  it("keeps the instant of a date with an offset and shows it in the site zone", () => {
    expect(isoDateTime(parseContentDate("2026-07-01T01:15+05:00", "UTC")!)).toBe("2026-06-30T20:15:00Z");
    expect(isoDateTime(parseContentDate("2026-07-01T01:15+05:00", "Asia/Yekaterinburg")!)).toBe(
      "2026-07-01T01:15:00+05:00",
    );
  });

  it("rejects impossible dates and other forms", () => {
    for (const text of ["2026-13-01", "2026-02-30T10:00", "10/02/2026", "2026-02-10T25:00", "yesterday"]) {
      expect(parseContentDate(text, "UTC"), text).toBeNull();
    }
  });

  it("writes the date in the site language", () => {
    const date = DateTime.fromISO("2026-11-26T09:30", { zone: "Europe/Moscow" });
    expect(readableDateTime(date, "en")).toBe("26 November 2026, 09:30");
    expect(readableDateTime(date, "ru")).toBe("26 ноября 2026, 09:30");
  });

  it("writes every month, day and hour as Luxon's d MMMM yyyy, HH:mm does, in any locale", () => {
    for (const locale of ["en", "ru", "de", "fr", "uk", "ar-EG", "fa", "th-TH"]) {
      for (let step = 0; step < 400; step++) {
        // About every 22 hours over two years, through both changes of summer time.
        const date = DateTime.fromMillis(Date.UTC(2025, 0, 1) + step * 79_000_000, { zone: "Europe/Berlin" });
        expect(readableDateTime(date, locale), `${locale} ${date.toISO()}`).toBe(
          date.setLocale(locale).toFormat("d MMMM yyyy, HH:mm"),
        );
      }
    }
  });
});
