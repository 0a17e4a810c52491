/**
 * The layers go one way: scripts -> dev, writer, bench -> pipeline -> eleventy -> search,
 * comments, editor -> content, i18n -> lib. A module never imports one from a layer above its own, and no
 * two modules import each other. https://github.com/sverweij/dependency-cruiser
 */
const above = (...layers) => `^(${layers.join("|")})`;
const COMMANDS = ["src/dev/", "src/writer/", "src/bench/"];
const PIPELINE = [...COMMANDS, "src/pipeline/"];
const ELEVENTY = [...PIPELINE, "src/eleventy/", "eleventy\\.config\\.ts$"];
const SERVICES = [...ELEVENTY, "src/search/", "src/comments/", "src/editor/"];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Two modules that import each other (directly or through others) cannot be understood apart.",
      from: {},
      to: { circular: true },
    },
    {
      name: "lib-is-pure",
      severity: "error",
      comment: "src/lib holds pure functions: it imports nothing of the project outside itself.",
      from: { path: "^src/lib/" },
      to: { path: "^(src/(?!lib/)|scripts/|test/|eleventy\\.config\\.ts$)" },
    },
    {
      name: "content-below-services",
      severity: "error",
      comment: "The content model and the dictionaries know nothing of search, comments, Eleventy or the build.",
      from: { path: "^src/(content|i18n)/" },
      to: { path: above(...SERVICES) },
    },
    {
      name: "search-below-eleventy",
      severity: "error",
      comment: "Search knows nothing of comments, Eleventy or the build.",
      from: { path: "^src/search/" },
      to: { path: above(...ELEVENTY, "src/comments/") },
    },
    {
      name: "comments-below-eleventy",
      severity: "error",
      comment: "The comment server knows nothing of search, Eleventy or the build.",
      from: { path: "^src/comments/" },
      to: { path: above(...ELEVENTY, "src/search/") },
    },
    {
      name: "eleventy-below-pipeline",
      severity: "error",
      comment: "Plugins receive what they need as options; they never reach into the build that runs them.",
      from: { path: "^(src/eleventy/|eleventy\\.config\\.ts$)" },
      to: { path: above(...PIPELINE) },
    },
    {
      name: "pipeline-below-commands",
      severity: "error",
      comment: "The build is a library for the commands, not the other way round.",
      from: { path: "^src/pipeline/" },
      to: { path: above(...COMMANDS) },
    },
    {
      name: "src-below-scripts-and-tests",
      severity: "error",
      comment: "Entry points and tests use src; src never imports them.",
      from: { path: "^(src/|eleventy\\.config\\.ts$)" },
      to: { path: "^(scripts|test)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
