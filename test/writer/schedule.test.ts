import { afterAll, describe, expect, it } from "vitest";
import { copyFixture, runScript, scratch } from "../helpers/site.js";

const article = (front: string) => `---\n${front.trim()}\ncategory: city\nauthor: ivan-petrov\n---\nText.\n`;

describe("npm run next-publish", () => {
  const work = scratch();
  afterAll(() => work.cleanup());
  const fixture = copyFixture("newsroom", work.dir);

  it("prints the date of the next scheduled article or live update in UTC, ISO 8601", async () => {
    // The live update live/smelter-strike/later.md: 2026-12-01T10:00 in America/Los_Angeles (UTC-8 in winter).
    const result = await runScript("next-publish.ts", [`--input=${fixture}`, "--now=2026-11-26T12:00:00Z"]);
    expect(result).toEqual({ code: 0, stdout: "2026-12-01T18:00:00Z\n", stderr: "" });
    // Then the article articles/2099/01/future-story.md, 2099-01-01T10:00 there.
    const after = await runScript("next-publish.ts", [`--input=${fixture}`, "--now=2026-12-01T18:00:00Z"]);
    expect(after).toEqual({ code: 0, stdout: "2099-01-01T18:00:00Z\n", stderr: "" });
  });

  it("prints the earliest of several, ignoring drafts and articles already published", async () => {
    const content = copyFixture("newsroom", `${work.dir}/several`, {
      "articles/soon-draft.md": article("title: Draft\ndate: 2026-11-26T05:00\ndraft: true"),
      "articles/soon.md": article("title: Soon\ndate: 2026-11-26T22:15:00+05:00"),
      "articles/later.md": article("title: Later\ndate: 2026-11-27T08:00"),
      "articles/past.md": article("title: Past\ndate: 2026-11-26T03:59"),
    });
    const result = await runScript("next-publish.ts", [`--input=${content}`], {
      BROADSHEET_NOW: "2026-11-26T12:00:00Z",
    });
    expect(result.stdout).toBe("2026-11-26T17:15:00Z\n");
    expect(result.code).toBe(0);
  });

  it("prints nothing when no article is scheduled", async () => {
    const result = await runScript("next-publish.ts", [`--input=${fixture}`, "--now=2099-01-01T18:00:00Z"]);
    expect(result).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("reports content errors on stderr and exits 1", async () => {
    const content = copyFixture("newsroom", `${work.dir}/broken`, {
      "articles/bad.md": article("title: Bad\ndate: tomorrow"),
    });
    const result = await runScript("next-publish.ts", [`--input=${content}`]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`${content}/articles/bad.md:3  date  "tomorrow" is not a valid date`);
  });
});
