// Deadline vectors: wire formats computed by hand from the gRPC / Connect / Envoy rules, and clock
// arithmetic on injected clocks (deterministic: no timers, no real clock).
import { eq, throwsCode, type VectorSuite } from "./suite.ts";

const S = 1_000_000_000n;
const MS = 1_000_000n;
const I64_MAX = 2n ** 63n - 1n;

/** A clock the test moves by hand. */
function fakeClock(start = 1_000n * S): { now: () => bigint; advance: (ns: bigint) => void } {
  let t = start;
  return { now: () => t, advance: (ns) => { t += ns; } };
}

// Values that must be rejected by the strict decoder, with what is wrong.
export const MALFORMED_GRPC_TIMEOUTS: readonly string[] = [
  "", "S", "1", "12", "100000000S", "123456789n", "1s", "1h", "1x", "1 S", " 1S", "1S ", "+1S", "-1S",
  "1.5S", "1e3m", "0x10S", "１S", "1SS", "S1", "1,000m", "1_000m", "∞S", "1\tS", "1\nS", "NaNS", "1Ms",
  "1mS", "--1S", "١S", "00000000010S", "1 m", "1m\u0000",
];

export const deadlineSuite: VectorSuite = {
  name: "deadline",
  cases: [
    { name: "grpc-timeout: grpc-go's unit choice (ceil, finest unit within 8 digits)", run: ({ encodeGrpcTimeout }) => {
      eq(encodeGrpcTimeout(0n), "0n", "zero");
      eq(encodeGrpcTimeout(1n), "1n", "1 ns");
      eq(encodeGrpcTimeout(99_999_999n), "99999999n", "largest n");
      eq(encodeGrpcTimeout(100_000_000n), "100000u", "first u");
      eq(encodeGrpcTimeout(100_000_001n), "100001u", "rounded up");
      eq(encodeGrpcTimeout(S), "1000000u", "1 s stays in u");
      eq(encodeGrpcTimeout(1_500_000_001n), "1500001u", "1.5 s + 1 ns");
      eq(encodeGrpcTimeout(99_999_999_000n), "99999999u", "largest u");
      eq(encodeGrpcTimeout(99_999_999_001n), "100000m", "ceil no longer fits u");
      eq(encodeGrpcTimeout(3_600n * S), "3600000m", "an hour");
      eq(encodeGrpcTimeout(100_000n * S), "100000S", "100000 s");
      eq(encodeGrpcTimeout(99_999_999n * 60n * S), "99999999M", "largest M");
      eq(encodeGrpcTimeout(99_999_999n * 60n * S + 1n), "1666667H", "first H");
      eq(encodeGrpcTimeout(I64_MAX), "2562048H", "i64 max");
    } },
    { name: "grpc-timeout: rounding down (Envoy-style truncation)", run: ({ encodeGrpcTimeout }) => {
      const down = { rounding: "down" } as const;
      eq(encodeGrpcTimeout(1_500_000_001n, down), "1500000u", "truncated");
      eq(encodeGrpcTimeout(99_999_999_001n, down), "99999999u", "floor still fits u");
      eq(encodeGrpcTimeout(99_999_999_999n, down), "99999999u", "floor still fits u, 999 ns lost");
      eq(encodeGrpcTimeout(100_000_000_000n, down), "100000m", "exact m");
      eq(encodeGrpcTimeout(I64_MAX, down), "2562047H", "i64 max");
    } },
    { name: "grpc-timeout: decode, with grpc-go's saturation", run: ({ decodeGrpcTimeout }) => {
      eq(decodeGrpcTimeout("0n"), 0n, "0n");
      eq(decodeGrpcTimeout("1H"), 3_600n * S, "1 hour");
      eq(decodeGrpcTimeout("1M"), 60n * S, "M is minutes");
      eq(decodeGrpcTimeout("1m"), MS, "m is milliseconds");
      eq(decodeGrpcTimeout("00000005S"), 5n * S, "leading zeros, 8 digits");
      eq(decodeGrpcTimeout("99999999M"), 99_999_999n * 60n * S, "largest M fits i64");
      eq(decodeGrpcTimeout("2562047H"), 2_562_047n * 3_600n * S, "largest H in i64");
      eq(decodeGrpcTimeout("2562048H"), I64_MAX, "saturates");
      eq(decodeGrpcTimeout("99999999H"), I64_MAX, "saturates");
    } },
    { name: "grpc-timeout: malformed values are rejected with malformed-header", run: ({ decodeGrpcTimeout }) => {
      for (const v of MALFORMED_GRPC_TIMEOUTS) throwsCode(() => decodeGrpcTimeout(v), "malformed-header", JSON.stringify(v));
      throwsCode(() => decodeGrpcTimeout(5 as unknown as string), "malformed-header", "a number");
    } },
    { name: "grpc-timeout: precision loss", run: ({ grpcTimeoutPrecisionLoss }) => {
      const p = grpcTimeoutPrecisionLoss(1_500_000_001n);
      eq(p.up, { header: "1500001u", ns: 1_500_001_000n, lossNs: 999n, unitNs: 1_000n }, "up");
      eq(p.down, { header: "1500000u", ns: 1_500_000_000n, lossNs: 1n, unitNs: 1_000n }, "down");
      eq(grpcTimeoutPrecisionLoss(42n).up.lossNs, 0n, "ns are exact");
    } },
    { name: "Connect-Timeout-Ms and x-envoy-expected-rq-timeout-ms", run: (api) => {
      eq(api.encodeConnectTimeoutMs(1_999_999n), "1", "truncates by default");
      eq(api.encodeConnectTimeoutMs(1_000_001n, { rounding: "up" }), "2", "up");
      eq(api.encodeConnectTimeoutMs(I64_MAX), "9999999999", "10 digits at most");
      throwsCode(() => api.encodeConnectTimeoutMs(999_999n), "out-of-range", "below 1 ms");
      eq(api.decodeConnectTimeoutMs("250"), 250n * MS, "decode");
      eq(api.decodeConnectTimeoutMs("9999999999"), 9_999_999_999n * MS, "10 digits");
      for (const v of ["", "0", "-1", "+1", "1.5", "12345678901", " 1", "1 ", "1e3", "0x1"]) {
        throwsCode(() => api.decodeConnectTimeoutMs(v), "malformed-header", `connect ${JSON.stringify(v)}`);
      }
      eq(api.encodeEnvoyExpectedTimeoutMs(15_000_999_999n), "15000", "envoy truncates");
      eq(api.encodeEnvoyExpectedTimeoutMs(0n), "0", "envoy 0");
      eq(api.decodeEnvoyExpectedTimeoutMs("15000"), 15n * S, "envoy decode");
      eq(api.decodeEnvoyExpectedTimeoutMs("9999999999999999999"), I64_MAX, "envoy saturates");
      for (const v of ["", "-5", "5ms", "1.0", "99999999999999999999"]) {
        throwsCode(() => api.decodeEnvoyExpectedTimeoutMs(v), "malformed-header", `envoy ${JSON.stringify(v)}`);
      }
    } },
    { name: "what each implementation sends", run: ({ timeoutHeaderFor }) => {
      const ns = 99_999_999_500n * MS; // 99999999.5 s
      eq(timeoutHeaderFor("grpc-go", ns).value, "1666667M", "grpc-go rounds up into minutes");
      eq(timeoutHeaderFor("grpc-js", ns).value, "100000000S", "grpc-js: 9 digits");
      eq(timeoutHeaderFor("grpc-js", ns).decodedNs, undefined, "which a strict peer rejects");
      eq(timeoutHeaderFor("envoy", ns).value, "99999999S", "envoy truncates to whole seconds");
      eq(timeoutHeaderFor("connect", ns).value, "9999999999", "connect clamps to 10 digits");
      eq(timeoutHeaderFor("envoy", 1_500_999n).value, "1m", "envoy loses sub-ms");
    } },
    { name: "inputs are checked", run: ({ encodeGrpcTimeout, Deadline }) => {
      throwsCode(() => encodeGrpcTimeout(-1n), "out-of-range", "negative");
      throwsCode(() => encodeGrpcTimeout(2n ** 63n), "out-of-range", "beyond i64");
      throwsCode(() => encodeGrpcTimeout(1000 as unknown as bigint), "invalid-argument", "a number");
      throwsCode(() => encodeGrpcTimeout(1.5 as unknown as bigint), "invalid-argument", "a fraction");
      throwsCode(() => encodeGrpcTimeout(1n, { rounding: "nearest" as "up" }), "invalid-argument", "rounding");
      throwsCode(() => Deadline.after(-5n), "out-of-range", "negative timeout");
      throwsCode(() => Deadline.after(5n, { now: () => 1 as unknown as bigint }), "invalid-argument", "clock returns a number");
    } },
    { name: "Deadline on an injected clock", run: ({ Deadline }) => {
      const c = fakeClock();
      const d = Deadline.after(5n * S, { now: c.now });
      eq(d.remainingNs(), 5n * S, "at start");
      c.advance(2n * S);
      eq(d.remainingNs(), 3n * S, "after 2 s");
      eq(d.expired(), false, "not expired");
      eq(d.toHeaders("all"), { "grpc-timeout": "3000000u", "connect-timeout-ms": "3000", "x-envoy-expected-rq-timeout-ms": "3000" }, "headers");
      const ch = d.child({ reserveNs: 500n * 1_000_000n, maxNs: 10n * S });
      eq(ch.remainingNs(), 2_500_000_000n, "child keeps a reserve");
      eq(d.child({ maxNs: S }).remainingNs(), S, "child capped by maxNs");
      c.advance(3n * S);
      eq(d.expired(), true, "expired at the deadline");
      eq(d.remainingNs(), 0n, "never negative");
      c.advance(7n);
      eq(d.overdueNs(), 7n, "overdue");
      throwsCode(() => d.toHeaders("grpc"), "deadline-exceeded", "nothing to send");
      throwsCode(() => d.check(), "deadline-exceeded", "check");
    } },
    { name: "Deadline.at reads the wall clock once", run: ({ Deadline }) => {
      const c = fakeClock();
      let wall = 1_700_000_000n * S;
      const d = Deadline.at(wall + 10n * S, { now: c.now, wallNow: () => wall, offsetNs: 2n * S, errorNs: S });
      eq(d.remainingNs(), 7n * S, "10 s − offset 2 s − error 1 s");
      wall -= 3_600n * S; // NTP steps the wall clock back an hour
      c.advance(S);
      eq(d.remainingNs(), 6n * S, "the step changes nothing");
    } },
    { name: "Deadline.fromHeaders", run: ({ Deadline }) => {
      const c = fakeClock();
      eq(Deadline.fromHeaders({ "Grpc-Timeout": "250m" }, { now: c.now })!.remainingNs(), 250n * MS, "object, any case");
      eq(Deadline.fromHeaders(new Map([["connect-timeout-ms", "90"]]), { now: c.now })!.remainingNs(), 90n * MS, "map");
      eq(Deadline.fromHeaders([["grpc-timeout", "1S"], ["x-envoy-expected-rq-timeout-ms", "400"]], { now: c.now })!.remainingNs(), 400n * MS, "the tightest wins");
      eq(Deadline.fromHeaders({ accept: "*/*" }, { now: c.now }), undefined, "no timeout header");
      throwsCode(() => Deadline.fromHeaders({ "grpc-timeout": "1.5S" }, { now: c.now }), "malformed-header", "malformed");
      throwsCode(() => Deadline.fromHeaders({ "grpc-timeout": ["1S", "2S"] }, { now: c.now }), "malformed-header", "twice");
    } },
    { name: "never() and saturation", run: ({ Deadline }) => {
      const c = fakeClock();
      const n = Deadline.never({ now: c.now });
      eq(n.remainingNs(), I64_MAX, "never remaining");
      eq(n.expired(), false, "never expires");
      eq(n.toHeaders("all"), {}, "no header");
      eq(Deadline.after(I64_MAX, { now: c.now }).isNever, true, "saturates to never");
    } },
    { name: "remoteToLocal", run: ({ remoteToLocal }) => {
      eq(remoteToLocal(100n * S, { offsetNs: 3n * S, errorNs: 200n * MS }), 96_800n * MS, "remote ahead by 3 s ± 0.2 s");
      eq(remoteToLocal(100n * S, { offsetNs: -3n * S }), 103n * S, "remote behind");
      eq(remoteToLocal(-I64_MAX, { offsetNs: I64_MAX }), -I64_MAX - 1n, "saturates");
      throwsCode(() => remoteToLocal(0n, { errorNs: -1n }), "out-of-range", "negative error");
    } },
    { name: "MonotonicGuard", run: ({ MonotonicGuard }) => {
      const readings = [10n, 20n, 15n, 5n, 30n, 30n, 29n];
      let i = 0;
      const g = new MonotonicGuard(() => readings[i++]);
      const got = readings.map(() => g.now());
      eq(got, [10n, 20n, 21n, 22n, 30n, 30n, 31n], "never backwards");
      eq(g.corrections, 3, "three corrections");
      eq(g.maxBackwardStepNs, 10n, "largest step 15 → 5");
    } },
    { name: "propagate: relative headers hide latency", run: ({ propagate }) => {
      const r = propagate(S, [
        { name: "gateway", latencyNs: 10n * MS, format: "grpc-go" },
        { name: "api", latencyNs: 20n * MS, processingNs: 5n * MS, format: "envoy", timeoutNs: 2n * S },
        { name: "db", latencyNs: 1n * MS, format: "absolute", skewNs: -50n * MS },
      ]);
      eq(r.map((h) => h.trueBudgetNs), [990n * MS, 970n * MS, 964n * MS], "true budgets");
      eq(r.map((h) => h.believedBudgetNs), [S, S, 1_044n * MS], "believed budgets");
      eq(r.map((h) => h.overrunNs), [10n * MS, 30n * MS, 80n * MS], "overruns add up");
      eq(r[1].header, { name: "grpc-timeout", value: "1000m" }, "envoy's header");
    } },
    { name: "analyzeTimeouts: Go server example", run: ({ analyzeTimeouts }) => {
      const a = analyzeTimeouts([
        { name: "ReadTimeout", timeoutNs: 30n * S },
        { name: "ReadHeaderTimeout", timeoutNs: 2n * S, parent: "ReadTimeout" },
        { name: "handler", timeoutNs: 800n * MS, parent: "ReadTimeout" },
        { name: "db", timeoutNs: 5n * S, parent: "handler", retries: 3 },
      ]);
      eq(a.dead, ["db"], "db can never fire");
      eq(a.stages.map((s) => s.endNs), [30n * S, 2n * S, 800n * MS, 800n * MS], "effective ends");
      eq(a.stages[3].reason, "db (5 s) can never fire: it would fire at 5 s, but handler ends at 800 ms, 4.2 s earlier. None of its 3 retries can start.", "reason");
    } },
  ],
};
