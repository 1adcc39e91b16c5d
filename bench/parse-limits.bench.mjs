// Parsers on hostile sizes (issue 11, finding 9): LeapTable.parse counts to its 100 000-line limit
// without splitting the text, so 5e7 empty lines are refused in about the time of 1e5 line-break
// searches; before, the whole text was split first (5e7 empty lines: out of memory under 512 MB).
// The drift log rows (strict: false on many bad lines) are in drift.bench.mjs.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { ClockmathError, LeapTable } from "../build/tsc/mod.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

export default async function parseLimits(suite) {
  const list = readFileSync(join(root, "../shared/data/leap/leap-seconds.list"), "utf8");
  const empty = "\n".repeat(50_000_000);
  const refuse = () => {
    try {
      LeapTable.parse(empty);
    } catch (e) {
      if (e instanceof ClockmathError && e.code === "invalid-argument") return e.code;
      throw e;
    }
    throw new Error("bench/parse-limits: 5e7 empty lines were accepted");
  };
  refuse();
  suite.baseline("(p) LeapTable.parse, the current leap-seconds.list");
  suite.add({
    name: "(p) LeapTable.parse, the current leap-seconds.list",
    fn: () => LeapTable.parse(list),
    unit: "µs/op",
    scale: 1e3,
    note: "an honest file: hash check, 28 rows",
  });
  suite.add({
    name: "(p) LeapTable.parse of 5e7 empty lines (50 MB): refused",
    fn: refuse,
    unit: "ms/op",
    scale: 1e6,
    target: { max: 50 },
    note: "counts line breaks up to the 100 000-line limit, then stops: no split, no per-line allocation",
  });
}
