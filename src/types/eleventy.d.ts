/** Eleventy 3 ships no type declarations; this names the programmatic API the scripts use. */
declare module "@11ty/eleventy" {
  interface EleventyOptions {
    configPath?: string;
    quietMode?: boolean;
    runMode?: "build" | "serve" | "watch";
    pathPrefix?: string;
    /** The programmatic configuration, run before the config file (there is none when `configPath` is ""). */
    config?: (eleventyConfig: never) => void | Promise<void>;
  }
  export default class Eleventy {
    constructor(input?: string, output?: string, options?: EleventyOptions);
    write(): Promise<unknown>;
    toJSON(): Promise<unknown>;
    init(): Promise<void>;
    watch(): Promise<void>;
    serve(port?: number): Promise<void>;
    stopWatch(): Promise<void>;
  }
}

/** The dev server Eleventy bundles, used on its own by `npm start`; it ships no type declarations. */
declare module "@11ty/eleventy-dev-server" {
  interface DevServerOptions {
    pathPrefix?: string;
    port?: number;
    domDiff?: boolean;
    showVersion?: boolean;
    logger?: {
      info(message: string): void;
      log(message: string): void;
      error(message: string): void;
      forceLog?(message: string): void;
    };
  }
  export default class EleventyDevServer {
    static getServer(name: string, dir: string, options?: DevServerOptions): EleventyDevServer;
    serve(port: number): void;
    getServerUrl(host?: string): string;
    ready(): Promise<void>;
    reloadFiles(files: string[], useDomDiffingForHtml?: boolean): void;
    reload(event?: { files?: string[] }): void;
    close(): Promise<void>;
  }
}
