// LeapTable.fromSystem in Deno, run with --allow-read only (scripts/test.mjs): the files of
// CLOCKMATH_DATA/leap (default ../shared/data/leap) and this machine's. (Without --allow-read, deno/vectors_test.ts
// checks that the permission failure is collected, not thrown raw.)
import { LeapTable, NoLeapDataError, SYSTEM_LEAP_PATHS } from "../../src/mod.ts";

// CLOCKMATH_DATA when the run grants reading it (scripts/test.mjs passes --allow-env=CLOCKMATH_DATA),
// else ../shared/data next to the repository, as test/data-dir.mjs does for the other tests.
const env = Deno.permissions.querySync({ name: "env", variable: "CLOCKMATH_DATA" }).state === "granted"
  ? Deno.env.get("CLOCKMATH_DATA")
  : undefined;
const DATA = env ? `${env.replace(/\/$/, "")}/leap/` : new URL("../../../shared/data/leap/", import.meta.url).pathname;
try {
  Deno.statSync(DATA);
} catch {
  throw new Error(
    `test data not found: ${DATA} does not exist. Set CLOCKMATH_DATA to the folder that holds leap/ (README.md, "Test data").`,
  );
}
const S = 1_000_000_000n;
const pairs = (t: LeapTable) => JSON.stringify(t.leaps.map((l) => [String(l.unixNs), String(l.taiMinusUtcNs)]));

function assertEq(a: unknown, b: unknown, what: string): void {
  if (a !== b) throw new Error(`${what}: expected ${String(b)}, got ${String(a)}`);
}

Deno.test("fromSystem (Deno): the freshest of the shared files, named by path", () => {
  const paths = [
    `${DATA}history/leap-seconds.2025-07-07.be764d7b.list`,
    `${DATA}does-not-exist`,
    `${DATA}tzif/right-UTC-2026-07-06`,
    `${DATA}leap-seconds.list`,
  ];
  const t = LeapTable.fromSystem({ paths });
  assertEq(t.source, `${DATA}leap-seconds.list (leap-seconds.list, hash verified)`, "source");
  assertEq(t.updatedUnixNs, LeapTable.builtin().updatedUnixNs, "updatedUnixNs");
  const tz = LeapTable.fromSystem({ paths: [`${DATA}tzif/right-UTC-2026-07-06`] });
  assertEq(pairs(tz), pairs(t), "TZif = text");
  let err: unknown;
  try {
    LeapTable.fromSystem({ paths: paths.slice(1, 2) });
  } catch (e) {
    err = e;
  }
  assertEq(err instanceof NoLeapDataError, true, "no file: no-leap-data");
  assertEq((err as NoLeapDataError).attempts[0].code, "not-found", "not-found");
});

Deno.test("fromSystem (Deno): this machine", () => {
  const found = SYSTEM_LEAP_PATHS.filter((p) => {
    try {
      Deno.statSync(p);
      return true;
    } catch {
      return false;
    }
  });
  if (found.length === 0) {
    let err: unknown;
    try {
      LeapTable.fromSystem();
    } catch (e) {
      err = e;
    }
    assertEq(err instanceof NoLeapDataError, true, "nothing on this machine");
    console.log("fromSystem (Deno): no system leap files on this machine");
    return;
  }
  const t = LeapTable.fromSystem();
  console.log(`fromSystem (Deno) on this machine chose ${t.source}`);
  assertEq(found.some((p) => t.source!.startsWith(p)), true, "one of the files present");
  assertEq(t.taiMinusUtc(1_483_228_800n * S), 37n * S, "2017");
});
