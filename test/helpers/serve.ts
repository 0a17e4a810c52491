/** The static server the browser tests use is the project's own CDN stand-in (also used by audit and bench). */
export * from "../../src/dev/static-server.js";
