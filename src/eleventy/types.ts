/**
 * The slice of Eleventy's configuration API the plugins use. Eleventy 3 ships no TypeScript
 * types for `eleventyConfig` (https://github.com/11ty/eleventy/issues/2862); this names only
 * what we call, so a wrong call is a type error.
 */
export interface EleventyConfig {
  addPlugin<T>(plugin: (config: EleventyConfig, options: T) => void | Promise<void>, options?: T): void;
  addGlobalData(name: string, data: unknown): void;
  setIncludesDirectory(folder: string): void;
  setLayoutsDirectory(folder: string): void;
  setTemplateFormats(formats: string[]): void;
  addPassthroughCopy(copy: string | Record<string, string>): void;
  // biome-ignore lint/suspicious/noExplicitAny: a filter receives whatever the template passes.
  addFilter(name: string, filter: (...args: any[]) => unknown): void;
  /** A template with no file of its own: https://www.11ty.dev/docs/virtual-templates/ */
  addTemplate(virtualPath: string, content: string, data?: Record<string, unknown>): void;
  addTransform(
    name: string,
    transform: (
      this: { page: { url: string | false; outputPath: string | false; inputPath: string } },
      content: string,
    ) => string | Promise<string>,
  ): void;
  on(event: "eleventy.before" | "eleventy.after", handler: (event: EleventyEvent) => unknown): void;
  ignores: { add(pattern: string): void };
}

interface EleventyEvent {
  directories: { input: string; output: string; includes: string; layouts?: string };
  runMode: "build" | "serve" | "watch";
  results?: { inputPath: string; outputPath: string | false; url: string; content: string }[];
}
