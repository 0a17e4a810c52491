/**
 * `npm run edit [-- --input=DIR --output=DIR --port=N --editor-port=N]`: the browser editor on
 * this machine (src/dev/editor.ts). Writers create and change articles in the editor at
 * `http://127.0.0.1:8081/admin/`; it saves into the content folder, and the live preview at
 * `http://localhost:8080/` builds again. Nothing leaves the machine; no account is needed.
 */
import { startEditor } from "../src/dev/editor.js";
import { tuningFromEnvironment } from "../src/pipeline/options.js";
import { readArgs } from "./args.js";

const { values } = readArgs({
  input: { type: "string", default: "content" },
  output: { type: "string", default: ".preview" },
  port: { type: "string", default: "8080" },
  "editor-port": { type: "string", default: "8081" },
});
const editor = await startEditor({
  input: values.input as string,
  output: values.output as string,
  port: Number(values.port),
  editorPort: Number(values["editor-port"]),
  tuning: tuningFromEnvironment(),
}).catch((error: Error & { code?: string }) => {
  console.error(
    error.code === "EADDRINUSE"
      ? `Could not start the editor: port ${values["editor-port"]} is in use  (stop what uses it, or pass --editor-port=N)`
      : `Could not start the editor: ${error.message}`,
  );
  process.exit(1);
});
console.log(`Editor at ${editor.url}\nPreview at ${editor.preview.url}; it builds again when the editor saves.`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    void editor.close().finally(() => process.exit(0));
  });
}
