// src/deadline/arith.ts (plain bigint, so the header codecs and Deadline need no WebAssembly)
// against the core functions it replaced (assembly/deadline.ts): same answers on edges and on
// random i64 inputs. The core is still exported and built, so the comparison stays live.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { core } from "../../src/core/loader.ts";
import { grpcDecode, grpcEncode, msDecode, msEncode, satAdd, satSub } from "../../src/deadline/arith.ts";
import { CONNECT_TIMEOUT_MAX_MS, ENVOY_TIMEOUT_MAX_MS } from "../../src/deadline/headers.ts";

const MAX = 2n ** 63n - 1n;
const MIN = -(2n ** 63n);
const EDGES = [
  MIN,
  MIN + 1n,
  -1n,
  0n,
  1n,
  999n,
  1_000n,
  1_001n,
  99_999_999n,
  100_000_000n,
  100_000_001n,
  999_999_999n,
  1_000_000_000n,
  99_999_999_000n,
  99_999_999_001n,
  3_600_000_000_000n * 2_562_047n,
  MAX / 2n,
  MAX - 1n,
  MAX,
];
const i64 = fc.oneof(
  fc.bigInt({ min: MIN, max: MAX }),
  fc.constantFrom(...EDGES),
  fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
);
const duration = fc.oneof(
  fc.bigInt({ min: 0n, max: MAX }),
  fc.constantFrom(...EDGES.filter((e) => e >= 0n)),
  fc.bigInt({ min: 0n, max: 10n ** 15n }),
);

describe("deadline arithmetic in TypeScript = the core's", () => {
  it("satAdd and satSub clamp exactly as the core's i64 versions", () => {
    const c = core();
    fc.assert(
      fc.property(i64, i64, (a, b) => {
        expect(satAdd(a, b)).toBe(c.satAdd(a, b));
        expect(satSub(a, b)).toBe(c.satSub(a, b));
      }),
      { numRuns: 20_000 },
    );
    expect(satAdd(MAX, 1n)).toBe(MAX);
    expect(satSub(MIN, 1n)).toBe(MIN);
  });

  it("grpcEncode picks the same unit and value, both roundings", () => {
    const c = core();
    fc.assert(
      fc.property(fc.oneof(i64, duration), fc.boolean(), (ns, up) => {
        expect(grpcEncode(ns, up ? 1 : 0)).toBe(c.grpcEncode(ns, up ? 1 : 0));
      }),
      { numRuns: 20_000 },
    );
    expect(grpcEncode(1_500_000_001n, 1)).toBe((1_500_001n << 3n) | 1n);
  });

  it("grpcDecode saturates where the core does", () => {
    const c = core();
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 99_999_999n }), fc.integer({ min: 0, max: 5 }), (v, unit) => {
        expect(grpcDecode(v, unit)).toBe(c.grpcDecode(v, unit));
      }),
      { numRuns: 20_000 },
    );
    expect(grpcDecode(99_999_999n, 5)).toBe(MAX);
  });

  it("msEncode and msDecode match, with both header caps", () => {
    const c = core();
    fc.assert(
      fc.property(
        fc.oneof(i64, duration),
        fc.boolean(),
        fc.constantFrom(CONNECT_TIMEOUT_MAX_MS, ENVOY_TIMEOUT_MAX_MS),
        (ns, up, cap) => {
          expect(msEncode(ns, up ? 1 : 0, cap)).toBe(c.msEncode(ns, up ? 1 : 0, cap));
        },
      ),
      { numRuns: 20_000 },
    );
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: MAX }), (ms) => {
        expect(msDecode(ms)).toBe(c.msDecode(ms));
      }),
      { numRuns: 20_000 },
    );
  });
});
