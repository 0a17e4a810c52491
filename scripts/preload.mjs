// Loads the build's dependencies before tsx registers its loader hooks (package.json runs
// `node --import ./scripts/preload.mjs --import tsx ...`). Loaded after, every module of theirs
// goes through the hooks, a round trip to tsx's thread each: Eleventy alone is hundreds of
// modules, and the build command started 0.4 s later. They are plain JavaScript and need no
// hooks; the build's own imports of them then find them already loaded. (markdown-it is not
// here: the build requires it only when a file needs parsing, see src/content/markdown.ts; nor
// is eleventy-img, which the build imports with the first image it meets, see src/eleventy/images.ts.)
//
// Eleventy 3 registers loader hooks of its own to bust the import cache of files its watcher saw
// change (`module.register` on Node 20: one more hook for every later import, ~50 ms at start-up).
// Broadsheet never runs Eleventy's watcher (`npm start` watches and rebuilds itself), so nothing
// would ever be busted. Eleventy skips them when this variable is set (src/Util/EsmResolverPortAdapter.js,
// added for its issue 3371).
process.env.ELEVENTY_SKIP_ESM_RESOLVER ??= "1";
await Promise.all(
  ["@11ty/eleventy", "@11ty/eleventy-plugin-rss", "@sindresorhus/slugify", "leven", "luxon", "yaml", "zod"].map(
    (name) => import(name),
  ),
);
