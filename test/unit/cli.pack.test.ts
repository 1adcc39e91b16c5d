// `npm pack` + install of the tarball into an empty project gives a working `npx clockmath`
// (package.json "bin", the files list, the shebang). No network: the runtime dependencies are
// packed from node_modules (the lockfile's versions, after `npm ci`) and installed beside the
// tarball, so npm never asks the registry for their metadata (`npm ci` caches tarballs, not the
// registry's package documents, so a plain `--offline` install fails with ENOTCACHED on a clean
// machine). Nothing is skipped: a failure here is a failure.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { expect, it } from "vitest";

const npm = (args: string[], cwd: string) =>
  spawnSync("npm", args, { cwd, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false" } });

it("npm pack, install from the tarball, npx clockmath --help and a command", () => {
  expect(existsSync("dist/cli/bin.js")).toBe(true);
  const dir = mkdtempSync(join(tmpdir(), "clockmath-pack-"));
  const pack = npm(["pack", "--pack-destination", dir, "--silent"], resolve("."));
  expect(pack.status).toBe(0);
  const tarball = join(dir, pack.stdout.trim().split("\n").at(-1)!);
  expect(existsSync(tarball)).toBe(true);
  const deps = Object.keys(JSON.parse(readFileSync("package.json", "utf8")).dependencies ?? {});
  const depTarballs = deps.map((d) => {
    const p = npm(["pack", resolve("node_modules", d), "--pack-destination", dir, "--silent", "--ignore-scripts"], dir);
    expect(p.status, p.stderr).toBe(0);
    return join(dir, p.stdout.trim().split("\n").at(-1)!);
  });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "try-clockmath", version: "1.0.0", private: true }));
  const install = npm(["install", "--offline", "--no-audit", "--no-fund", tarball, ...depTarballs], dir);
  expect(install.status, install.stderr).toBe(0);
  const help = spawnSync("npx", ["--offline", "clockmath", "--help"], { cwd: dir, encoding: "utf8" });
  expect(help.status).toBe(0);
  expect(help.stdout).toContain("Usage: clockmath <command>");
  const offset = spawnSync("npx", ["--offline", "clockmath", "leap", "offset", "2017-01-01T00:00:00Z"], {
    cwd: dir,
    encoding: "utf8",
  });
  expect([offset.status, offset.stdout]).toEqual([0, "37.000000000\n"]);
}, 120_000);
