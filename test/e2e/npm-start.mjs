// `npm start` as a developer meets it: the URL within 15 s (the core is not recompiled when
// assembly/ is unchanged; no tsc runs), the page answers, and stopping npm stops everything it
// started: SIGTERM to npm, SIGKILL to npm (nothing forwarded), and Ctrl-C (SIGINT to the group).
import { spawn } from "node:child_process";
import { check, finish, repo } from "./harness.mjs";

const URL_BUDGET_MS = 15_000;

/** Starts `npm start` in its own process group; resolves with the URL and the time it took. */
function start() {
  const t0 = Date.now();
  const npm = spawn("npm", ["start"], { cwd: repo, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no URL after ${URL_BUDGET_MS * 2} ms:\n${out}`)),
      URL_BUDGET_MS * 2,
    );
    const onData = (d) => {
      out += d;
      // Vite colours its banner: strip the ANSI escape sequences (ESC [ ... m) before reading the URL.
      // deno-lint-ignore no-control-regex
      const m = /Local:\s+(http:\/\/\S+)/.exec(out.replace(/\x1b\[[0-9;]*m/g, ""));
      if (m) {
        clearTimeout(timer);
        resolve({ npm, url: m[1], ms: Date.now() - t0, output: () => out });
      }
    };
    npm.stdout.on("data", onData);
    npm.stderr.on("data", onData);
    npm.on("exit", (code) => reject(new Error(`npm start exited with ${code}:\n${out}`)));
  });
}

/** True while something answers at url. */
async function answers(url) {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

async function goneWithin(url, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!(await answers(url))) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

for (
  const [how, stop] of [
    ["SIGTERM to npm", (npm) => process.kill(npm.pid, "SIGTERM")],
    ["SIGKILL to npm", (npm) => process.kill(npm.pid, "SIGKILL")],
    ["Ctrl-C (SIGINT to the process group)", (npm) => process.kill(-npm.pid, "SIGINT")],
  ]
) {
  let s;
  await check(`npm start shows the URL within ${URL_BUDGET_MS / 1000} s and serves the playground`, async () => {
    s = await start();
    console.log(`     ${s.url} after ${(s.ms / 1000).toFixed(1)} s`);
    if (s.ms > URL_BUDGET_MS) throw new Error(`URL after ${s.ms} ms`);
    const html = await (await fetch(s.url)).text();
    if (!html.includes("<script")) throw new Error(`unexpected page: ${html.slice(0, 200)}`);
  });
  if (!s) continue;
  await check(`${how} stops everything npm start started`, async () => {
    stop(s.npm);
    if (!(await goneWithin(s.url, 5000))) {
      try {
        process.kill(-s.npm.pid, "SIGKILL");
      } catch { /* already gone */ }
      throw new Error(`${s.url} still answers 5 s after ${how}`);
    }
    const until = Date.now() + 5000;
    for (;;) {
      try {
        process.kill(-s.npm.pid, 0);
      } catch (e) {
        if (e.code === "ESRCH") break;
        throw e;
      }
      if (Date.now() > until) {
        process.kill(-s.npm.pid, "SIGKILL");
        throw new Error(`a process of npm start's group is still alive 5 s after ${how}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  });
}
finish();
