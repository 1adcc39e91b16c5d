// npm start: the playground's dev server, quickly on a fresh clone.
//
// Only what the dev server needs: the core's inline bytes (src/core/wasm.generated.ts, committed,
// recompiled only when assembly/ changed: see core-build.mjs). No tsc and no dist/: Vite serves the
// TypeScript sources of web/ and src/ directly. Vite runs in this process, so stopping this process
// stops everything: Ctrl-C, `kill` of npm (which forwards SIGTERM) or of this process, and also npm
// dying without forwarding (the parent check below).
import { readFileSync } from "node:fs";
import { createServer } from "vite";
import { ensureCore } from "./core-build.mjs";

const started = Date.now();
ensureCore();
const server = await createServer({ configFile: new URL("../web/vite.config.ts", import.meta.url).pathname });
await server.listen();
server.printUrls();
console.log(`  ready in ${((Date.now() - started) / 1000).toFixed(1)} s; Ctrl-C stops the server`);

let stopping = false;
async function stop(why) {
  if (stopping) return;
  stopping = true;
  console.log(`\nstopping (${why})`);
  const force = setTimeout(() => process.exit(0), 3000);
  force.unref();
  try {
    await server.close();
  } finally {
    process.exit(0);
  }
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => stop(signal));
// npm killed with SIGKILL forwards nothing, and npm runs this under `sh -c`, which stays. So watch
// the parent and (on Linux, through /proc) the grandparent: when either is gone, stop.
const watched = [process.ppid];
try {
  const stat = readFileSync(`/proc/${process.ppid}/stat`, "utf8");
  const grand = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  if (grand > 1) watched.push(grand);
} catch { /* no /proc: the parent alone */ }
const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
};
setInterval(() => {
  if (process.ppid !== watched[0] || !watched.every(alive)) stop("npm exited");
}, 500).unref();
