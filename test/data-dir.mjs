// Where the tests (vitest, Deno, the e2e scripts, the benchmarks) find the public data files they read (../shared/data
// by default).
//
// One variable, CLOCKMATH_DATA, points at the folder that holds leap/ (IERS leap-seconds.list,
// tzdata leapseconds, TZif files and their history); README.md ("Test data") says where the files
// come from. A missing folder is one clear error naming the variable, not an ENOENT deep in a test.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (this file is test/data-dir.mjs). */
const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));

/** Absolute path of the data folder, or of `sub` inside it; throws when it does not exist. */
export function dataDir(sub = "") {
  const base = process.env.CLOCKMATH_DATA ? resolve(process.env.CLOCKMATH_DATA) : resolve(ROOT, "../shared/data");
  const dir = join(base, sub);
  if (!existsSync(dir)) {
    throw new Error(
      `test data not found: ${dir} does not exist. Set CLOCKMATH_DATA to the folder that holds leap/ ` +
        `(default ../shared/data next to the repository; README.md, "Test data", says where the files come from).`,
    );
  }
  return dir;
}
