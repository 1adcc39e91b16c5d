// fromSystem in Deno WITHOUT --allow-read (deno/ runs with no permissions): the refusal of each
// read is collected into no-leap-data as "permission-denied" (with the flag to use), never thrown raw.
import { LeapTable, NoLeapDataError } from "../src/mod.ts";

Deno.test("fromSystem without --allow-read: permission-denied per path, one typed error", () => {
  const path = new URL("../../shared/data/leap/leap-seconds.list", import.meta.url).pathname;
  let err: unknown;
  try {
    LeapTable.fromSystem({ paths: [path] });
  } catch (e) {
    err = e;
  }
  if (!(err instanceof NoLeapDataError)) throw new Error(`expected NoLeapDataError, got ${String(err)}`);
  const a = err.attempts[0];
  if (a.code !== "permission-denied" || !a.message.includes("--allow-read")) {
    throw new Error(`attempt: ${JSON.stringify(a)}`);
  }
  if (LeapTable.fromSystem({ paths: [path], fallbackToBuiltin: true }) !== LeapTable.builtin()) {
    throw new Error("fallback");
  }
});
