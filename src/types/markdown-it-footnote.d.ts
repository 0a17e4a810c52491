/** markdown-it-footnote ships no types. */
declare module "markdown-it-footnote" {
  const footnote: (md: import("markdown-it").MarkdownIt) => void;
  export default footnote;
}
