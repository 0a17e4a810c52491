/** The part of @11ty/eleventy-plugin-rss the feeds use (the package ships no types). */
declare module "@11ty/eleventy-plugin-rss" {
  export function dateToRfc822(date: Date): string;
  export function dateToRfc3339(date: Date): string;
  export function absoluteUrl(url: string, base: string): string;
}
