// Every exported function, static method and method of the API, found by walking src/mod.ts's
// exports (so a new export is swept without editing this file), called with fast-check's
// anything(): only ClockmathErrors may escape (issue 11, finding 11 and the review after it).
// The hand-written junk.test.ts shapes arguments per function; this one only needs breadth.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import fc from "fast-check";
import * as api from "../../src/mod.ts";

const { ClockmathError } = api;
const S = 1_000_000_000n;
// No argument here runs code of the caller's that throws (a getter, toString): such errors are the
// caller's own and pass through.
const arg = fc.oneof(
  fc.anything({
    withBigInt: true,
    withTypedArray: true,
    withMap: true,
    withSet: true,
    withDate: true,
    withNullPrototype: true,
    withBoxedValues: true,
    withSparseArray: true,
  }),
  fc.bigInt(),
  fc.constantFrom(
    Symbol("junk"),
    Object.create(null),
    { toString: 1 },
    2n ** 64n,
    -1n,
    NaN,
    "",
    [],
    [, ,],
    new BigInt64Array(4),
    new Float64Array(4),
  ),
);
const args = fc.array(arg, { maxLength: 4 });
// Not swept: functions that start real timers or measure for a while (junk.test.ts covers their
// argument checks), and the process-wide memory limit (it would starve the other calls).
const SKIP = new Set(["measureTimerJitter", "initCore", "setCoreMemoryLimit"]);
// Instances to call methods on.
const INSTANCES: Record<string, () => object> = {
  LeapTable: () =>
    api.LeapTable.fromLeaps([{ unixNs: 63_072_000n * S, taiMinusUtcNs: 10n * S }, {
      unixNs: 78_796_800n * S,
      taiMinusUtcNs: 11n * S,
    }]),
  SmearedClock: () => new api.SmearedClock("google"),
  LatencyHistogram: () => {
    const h = new api.LatencyHistogram();
    h.record(5n);
    return h;
  },
  CoreArray: () => new api.CoreArray(8),
  Deadline: () => api.Deadline.after(5n * S, { now: 0n }),
  ClockFilter: () => new api.ClockFilter(),
  MonotonicGuard: () => new api.MonotonicGuard(() => 5n),
};

async function expectOnlyClockmathErrors(name: string, call: () => unknown): Promise<void> {
  try {
    const r = call();
    if (r instanceof Promise) await r;
  } catch (e) {
    if (!(e instanceof ClockmathError)) {
      throw new Error(`${name} threw ${(e as Error)?.name}: ${(e as Error)?.message}`);
    }
  }
}

beforeAll(() => {
  // fetchLatest with default options would go to the network.
  vi.stubGlobal("fetch", () => Promise.reject(new api.InvalidArgumentError("no network in tests")));
});
afterAll(() => vi.unstubAllGlobals());

describe("every export: anything in, only ClockmathError out", () => {
  for (const [name, v] of Object.entries(api)) {
    if (typeof v !== "function" || SKIP.has(name) || v === ClockmathError || v.prototype instanceof ClockmathError) {
      continue;
    }
    it(name, async () => {
      const f = v as unknown as ((...a: unknown[]) => unknown) & Record<string, unknown>;
      const isClass = /^class\b/.test(Function.prototype.toString.call(f));
      await fc.assert(
        fc.asyncProperty(args, async (a) => {
          if (!isClass) return expectOnlyClockmathErrors(name, () => f(...a));
          await expectOnlyClockmathErrors(
            `new ${name}`,
            () => (new (f as unknown as new (...a: unknown[]) => { dispose?(): void })(...a)).dispose?.(),
          );
          for (const k of Object.getOwnPropertyNames(f)) {
            if (typeof f[k] === "function") {
              await expectOnlyClockmathErrors(`${name}.${k}`, () => (f[k] as (...a: unknown[]) => unknown)(...a));
            }
          }
          const make = INSTANCES[name];
          if (make === undefined) {
            return;
          }
          const obj = make() as Record<string, unknown> & { dispose?(): void };
          for (const k of Object.getOwnPropertyNames(f.prototype)) {
            const d = Object.getOwnPropertyDescriptor(f.prototype, k);
            if (k === "constructor" || k === "dispose" || typeof d?.value !== "function") continue;
            await expectOnlyClockmathErrors(
              `${name}#${k}`,
              () => (d.value as (...a: unknown[]) => unknown).apply(obj, a),
            );
          }
          obj.dispose?.();
        }),
        { numRuns: Number(process.env.JUNK_RUNS ?? 60) },
      );
    });
  }
});

describe("classes built only by factories refuse `new` from plain JS", () => {
  for (const name of ["LeapTable", "Deadline"] as const) {
    it(name, () => {
      fc.assert(
        fc.property(args, (a) => {
          const C = api[name] as unknown as new (...a: unknown[]) => unknown;
          let err: unknown;
          try {
            new C(...a);
          } catch (e) {
            err = e;
          }
          expect(err).toBeInstanceOf(api.InvalidArgumentError);
          expect((err as Error).message).toContain(`${name} has no public constructor`);
        }),
        { numRuns: 30 },
      );
    });
  }
});
