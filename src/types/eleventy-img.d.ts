/** The part of @11ty/eleventy-img's API the images plugin uses (the package ships no types). */
declare module "@11ty/eleventy-img" {
  interface ImageOptions {
    widths?: (number | "auto")[];
    formats?: string[];
    outputDir?: string;
    urlPath?: string;
  }
  function Image(source: string, options?: ImageOptions): Promise<Record<string, unknown[]>>;
  namespace Image {
    function generateHTML(metadata: Record<string, unknown[]>, attributes: Record<string, string>): string;
    /** The files `Image` would write, computed without encoding anything. */
    function statsSync(source: string, options?: ImageOptions): Record<string, unknown[]>;
  }
  export default Image;
}
