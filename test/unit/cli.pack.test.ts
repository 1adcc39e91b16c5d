// `npm pack` + install of the tarball into an empty project gives a working `npx clockmath`
// (package.json "bin", the files list, the shebang). Installs with --offline from npm's cache: the
// two runtime dependencies are there after `npm ci`; where they are not (ENOTCACHED) the install
// part is skipped, since it would need the network.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { expect, it } from "vitest";

const npm = (args: string[], cwd: string) =>
  spawnSync("npm", args, { cwd, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false" } });

it("npm pack, install from the tarball, npx clockmath --help and a command", (ctx) => {
  expect(existsSync("dist/cli/bin.js")).toBe(true);
  const dir = mkdtempSync(join(tmpdir(), "clockmath-pack-"));
  const pack = npm(["pack", "--pack-destination", dir, "--silent"], resolve("."));
  expect(pack.status).toBe(0);
  const tarball = join(dir, pack.stdout.trim().split("\n").at(-1)!);
  expect(existsSync(tarball)).toBe(true);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "try-clockmath", version: "1.0.0", private: true }));
  const install = npm(["install", "--offline", "--no-audit", "--no-fund", tarball], dir);
  if (install.status !== 0 && /ENOTCACHED/.test(install.stderr)) ctx.skip();
  expect(install.status).toBe(0);
  const help = spawnSync("npx", ["--offline", "clockmath", "--help"], { cwd: dir, encoding: "utf8" });
  expect(help.status).toBe(0);
  expect(help.stdout).toContain("Usage: clockmath <command>");
  const offset = spawnSync("npx", ["--offline", "clockmath", "leap", "offset", "2017-01-01T00:00:00Z"], {
    cwd: dir,
    encoding: "utf8",
  });
  expect([offset.status, offset.stdout]).toEqual([0, "37.000000000\n"]);
}, 120_000);
