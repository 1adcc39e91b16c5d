// Deadline vectors: wire formats computed by hand from the gRPC / Connect / Envoy rules, and clock
// arithmetic on injected clocks (deterministic: no timers, no real clock).
import { eq, throwsCode, type VectorSuite } from "./suite.ts";

const S = 1_000_000_000n;
const MS = 1_000_000n;
const I64_MAX = 2n ** 63n - 1n;

/** A clock the test moves by hand. */
function fakeClock(start = 1_000n * S): { now: () => bigint; advance: (ns: bigint) => void } {
  let t = start;
  return {
    now: () => t,
    advance: (ns) => {
      t += ns;
    },
  };
}

// Values that must be rejected by the strict decoder, with what is wrong.
export const MALFORMED_GRPC_TIMEOUTS: readonly string[] = [
  "",
  "S",
  "1",
  "12",
  "100000000S",
  "123456789n",
  "1s",
  "1h",
  "1x",
  "1 S",
  " 1S",
  "1S ",
  "+1S",
  "-1S",
  "1.5S",
  "1e3m",
  "0x10S",
  "１S",
  "1SS",
  "S1",
  "1,000m",
  "1_000m",
  "∞S",
  "1\tS",
  "1\nS",
  "NaNS",
  "1Ms",
  "1mS",
  "--1S",
  "١S",
  "00000000010S",
  "1 m",
  "1m\u0000",
];

// [ns, grpc-go header (round up), truncated header] over 0 … 2^63 − 1: powers of two, their
// neighbours and 1.5×, 7·10^j + 3, and the ends. Frozen output of the independent reference of
// grpc-go's rule in test/unit/deadline.test.ts (refEncodeUp / refEncodeDown), not of this library.
export const GRPC_GO_VECTORS: readonly (readonly [bigint, string, string])[] = [
  [0n, "0n", "0n"],
  [1n, "1n", "1n"],
  [2n, "2n", "2n"],
  [3n, "3n", "3n"],
  [4n, "4n", "4n"],
  [6n, "6n", "6n"],
  [7n, "7n", "7n"],
  [8n, "8n", "8n"],
  [10n, "10n", "10n"],
  [12n, "12n", "12n"],
  [15n, "15n", "15n"],
  [16n, "16n", "16n"],
  [24n, "24n", "24n"],
  [31n, "31n", "31n"],
  [32n, "32n", "32n"],
  [48n, "48n", "48n"],
  [63n, "63n", "63n"],
  [64n, "64n", "64n"],
  [73n, "73n", "73n"],
  [96n, "96n", "96n"],
  [127n, "127n", "127n"],
  [128n, "128n", "128n"],
  [192n, "192n", "192n"],
  [255n, "255n", "255n"],
  [256n, "256n", "256n"],
  [384n, "384n", "384n"],
  [511n, "511n", "511n"],
  [512n, "512n", "512n"],
  [703n, "703n", "703n"],
  [768n, "768n", "768n"],
  [1023n, "1023n", "1023n"],
  [1024n, "1024n", "1024n"],
  [1536n, "1536n", "1536n"],
  [2047n, "2047n", "2047n"],
  [2048n, "2048n", "2048n"],
  [3072n, "3072n", "3072n"],
  [4095n, "4095n", "4095n"],
  [4096n, "4096n", "4096n"],
  [6144n, "6144n", "6144n"],
  [7003n, "7003n", "7003n"],
  [8191n, "8191n", "8191n"],
  [8192n, "8192n", "8192n"],
  [12288n, "12288n", "12288n"],
  [16383n, "16383n", "16383n"],
  [16384n, "16384n", "16384n"],
  [24576n, "24576n", "24576n"],
  [32767n, "32767n", "32767n"],
  [32768n, "32768n", "32768n"],
  [49152n, "49152n", "49152n"],
  [65535n, "65535n", "65535n"],
  [65536n, "65536n", "65536n"],
  [70003n, "70003n", "70003n"],
  [98304n, "98304n", "98304n"],
  [131071n, "131071n", "131071n"],
  [131072n, "131072n", "131072n"],
  [196608n, "196608n", "196608n"],
  [262143n, "262143n", "262143n"],
  [262144n, "262144n", "262144n"],
  [393216n, "393216n", "393216n"],
  [524287n, "524287n", "524287n"],
  [524288n, "524288n", "524288n"],
  [700003n, "700003n", "700003n"],
  [786432n, "786432n", "786432n"],
  [1048575n, "1048575n", "1048575n"],
  [1048576n, "1048576n", "1048576n"],
  [1572864n, "1572864n", "1572864n"],
  [2097151n, "2097151n", "2097151n"],
  [2097152n, "2097152n", "2097152n"],
  [3145728n, "3145728n", "3145728n"],
  [4194303n, "4194303n", "4194303n"],
  [4194304n, "4194304n", "4194304n"],
  [6291456n, "6291456n", "6291456n"],
  [7000003n, "7000003n", "7000003n"],
  [8388607n, "8388607n", "8388607n"],
  [8388608n, "8388608n", "8388608n"],
  [12582912n, "12582912n", "12582912n"],
  [16777215n, "16777215n", "16777215n"],
  [16777216n, "16777216n", "16777216n"],
  [25165824n, "25165824n", "25165824n"],
  [33554431n, "33554431n", "33554431n"],
  [33554432n, "33554432n", "33554432n"],
  [50331648n, "50331648n", "50331648n"],
  [67108863n, "67108863n", "67108863n"],
  [67108864n, "67108864n", "67108864n"],
  [70000003n, "70000003n", "70000003n"],
  [100663296n, "100664u", "100663u"],
  [134217727n, "134218u", "134217u"],
  [134217728n, "134218u", "134217u"],
  [201326592n, "201327u", "201326u"],
  [268435455n, "268436u", "268435u"],
  [268435456n, "268436u", "268435u"],
  [402653184n, "402654u", "402653u"],
  [536870911n, "536871u", "536870u"],
  [536870912n, "536871u", "536870u"],
  [700000003n, "700001u", "700000u"],
  [805306368n, "805307u", "805306u"],
  [1073741823n, "1073742u", "1073741u"],
  [1073741824n, "1073742u", "1073741u"],
  [1610612736n, "1610613u", "1610612u"],
  [2147483647n, "2147484u", "2147483u"],
  [2147483648n, "2147484u", "2147483u"],
  [3221225472n, "3221226u", "3221225u"],
  [4294967295n, "4294968u", "4294967u"],
  [4294967296n, "4294968u", "4294967u"],
  [6442450944n, "6442451u", "6442450u"],
  [7000000003n, "7000001u", "7000000u"],
  [8589934591n, "8589935u", "8589934u"],
  [8589934592n, "8589935u", "8589934u"],
  [12884901888n, "12884902u", "12884901u"],
  [17179869183n, "17179870u", "17179869u"],
  [17179869184n, "17179870u", "17179869u"],
  [25769803776n, "25769804u", "25769803u"],
  [34359738367n, "34359739u", "34359738u"],
  [34359738368n, "34359739u", "34359738u"],
  [51539607552n, "51539608u", "51539607u"],
  [68719476735n, "68719477u", "68719476u"],
  [68719476736n, "68719477u", "68719476u"],
  [70000000003n, "70000001u", "70000000u"],
  [103079215104n, "103080m", "103079m"],
  [137438953471n, "137439m", "137438m"],
  [137438953472n, "137439m", "137438m"],
  [206158430208n, "206159m", "206158m"],
  [274877906943n, "274878m", "274877m"],
  [274877906944n, "274878m", "274877m"],
  [412316860416n, "412317m", "412316m"],
  [549755813887n, "549756m", "549755m"],
  [549755813888n, "549756m", "549755m"],
  [700000000003n, "700001m", "700000m"],
  [824633720832n, "824634m", "824633m"],
  [1099511627775n, "1099512m", "1099511m"],
  [1099511627776n, "1099512m", "1099511m"],
  [1649267441664n, "1649268m", "1649267m"],
  [2199023255551n, "2199024m", "2199023m"],
  [2199023255552n, "2199024m", "2199023m"],
  [3298534883328n, "3298535m", "3298534m"],
  [4398046511103n, "4398047m", "4398046m"],
  [4398046511104n, "4398047m", "4398046m"],
  [6597069766656n, "6597070m", "6597069m"],
  [7000000000003n, "7000001m", "7000000m"],
  [8796093022207n, "8796094m", "8796093m"],
  [8796093022208n, "8796094m", "8796093m"],
  [13194139533312n, "13194140m", "13194139m"],
  [17592186044415n, "17592187m", "17592186m"],
  [17592186044416n, "17592187m", "17592186m"],
  [26388279066624n, "26388280m", "26388279m"],
  [35184372088831n, "35184373m", "35184372m"],
  [35184372088832n, "35184373m", "35184372m"],
  [52776558133248n, "52776559m", "52776558m"],
  [70000000000003n, "70000001m", "70000000m"],
  [70368744177663n, "70368745m", "70368744m"],
  [70368744177664n, "70368745m", "70368744m"],
  [105553116266496n, "105554S", "105553S"],
  [140737488355327n, "140738S", "140737S"],
  [140737488355328n, "140738S", "140737S"],
  [211106232532992n, "211107S", "211106S"],
  [281474976710655n, "281475S", "281474S"],
  [281474976710656n, "281475S", "281474S"],
  [422212465065984n, "422213S", "422212S"],
  [562949953421311n, "562950S", "562949S"],
  [562949953421312n, "562950S", "562949S"],
  [700000000000003n, "700001S", "700000S"],
  [844424930131968n, "844425S", "844424S"],
  [1125899906842623n, "1125900S", "1125899S"],
  [1125899906842624n, "1125900S", "1125899S"],
  [1688849860263936n, "1688850S", "1688849S"],
  [2251799813685247n, "2251800S", "2251799S"],
  [2251799813685248n, "2251800S", "2251799S"],
  [3377699720527872n, "3377700S", "3377699S"],
  [4503599627370495n, "4503600S", "4503599S"],
  [4503599627370496n, "4503600S", "4503599S"],
  [6755399441055744n, "6755400S", "6755399S"],
  [7000000000000003n, "7000001S", "7000000S"],
  [9007199254740991n, "9007200S", "9007199S"],
  [9007199254740992n, "9007200S", "9007199S"],
  [13510798882111488n, "13510799S", "13510798S"],
  [18014398509481983n, "18014399S", "18014398S"],
  [18014398509481984n, "18014399S", "18014398S"],
  [27021597764222976n, "27021598S", "27021597S"],
  [36028797018963967n, "36028798S", "36028797S"],
  [36028797018963968n, "36028798S", "36028797S"],
  [54043195528445952n, "54043196S", "54043195S"],
  [70000000000000003n, "70000001S", "70000000S"],
  [72057594037927935n, "72057595S", "72057594S"],
  [72057594037927936n, "72057595S", "72057594S"],
  [108086391056891904n, "1801440M", "1801439M"],
  [144115188075855871n, "2401920M", "2401919M"],
  [144115188075855872n, "2401920M", "2401919M"],
  [216172782113783808n, "3602880M", "3602879M"],
  [288230376151711743n, "4803840M", "4803839M"],
  [288230376151711744n, "4803840M", "4803839M"],
  [432345564227567616n, "7205760M", "7205759M"],
  [576460752303423487n, "9607680M", "9607679M"],
  [576460752303423488n, "9607680M", "9607679M"],
  [700000000000000003n, "11666667M", "11666666M"],
  [864691128455135232n, "14411519M", "14411518M"],
  [1152921504606846975n, "19215359M", "19215358M"],
  [1152921504606846976n, "19215359M", "19215358M"],
  [1729382256910270464n, "28823038M", "28823037M"],
  [2305843009213693951n, "38430717M", "38430716M"],
  [2305843009213693952n, "38430717M", "38430716M"],
  [3458764513820540928n, "57646076M", "57646075M"],
  [4611686018427387903n, "76861434M", "76861433M"],
  [4611686018427387904n, "76861434M", "76861433M"],
  [6917529027641081856n, "1921536H", "1921535H"],
  [7000000000000000003n, "1944445H", "1944444H"],
  [9223372036854775807n, "2562048H", "2562047H"],
];

export const deadlineSuite: VectorSuite = {
  name: "deadline",
  cases: [
    {
      name: "grpc-timeout: grpc-go's unit choice (ceil, finest unit within 8 digits)",
      run: ({ encodeGrpcTimeout }) => {
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
      },
    },
    {
      name: `grpc-timeout: ${GRPC_GO_VECTORS.length} frozen vectors of grpc-go's rule, 0 … i64 max`,
      run: ({ encodeGrpcTimeout, decodeGrpcTimeout }) => {
        for (const [ns, upText, downText] of GRPC_GO_VECTORS) {
          eq(encodeGrpcTimeout(ns), upText, `up ${ns}`);
          eq(encodeGrpcTimeout(ns, { rounding: "down" }), downText, `down ${ns}`);
          const u = decodeGrpcTimeout(upText);
          const d = decodeGrpcTimeout(downText);
          if (u < ns || d > ns) throw new Error(`${ns}: decoded up ${u} / down ${d} do not bracket it`);
        }
      },
    },
    {
      name: "grpc-timeout: rounding down (Envoy-style truncation)",
      run: ({ encodeGrpcTimeout }) => {
        const down = { rounding: "down" } as const;
        eq(encodeGrpcTimeout(1_500_000_001n, down), "1500000u", "truncated");
        eq(encodeGrpcTimeout(99_999_999_001n, down), "99999999u", "floor still fits u");
        eq(encodeGrpcTimeout(99_999_999_999n, down), "99999999u", "floor still fits u, 999 ns lost");
        eq(encodeGrpcTimeout(100_000_000_000n, down), "100000m", "exact m");
        eq(encodeGrpcTimeout(I64_MAX, down), "2562047H", "i64 max");
      },
    },
    {
      name: "grpc-timeout: decode, with grpc-go's saturation",
      run: ({ decodeGrpcTimeout }) => {
        eq(decodeGrpcTimeout("0n"), 0n, "0n");
        eq(decodeGrpcTimeout("1H"), 3_600n * S, "1 hour");
        eq(decodeGrpcTimeout("1M"), 60n * S, "M is minutes");
        eq(decodeGrpcTimeout("1m"), MS, "m is milliseconds");
        eq(decodeGrpcTimeout("00000005S"), 5n * S, "leading zeros, 8 digits");
        eq(decodeGrpcTimeout("99999999M"), 99_999_999n * 60n * S, "largest M fits i64");
        eq(decodeGrpcTimeout("2562047H"), 2_562_047n * 3_600n * S, "largest H in i64");
        eq(decodeGrpcTimeout("2562048H"), I64_MAX, "saturates");
        eq(decodeGrpcTimeout("99999999H"), I64_MAX, "saturates");
      },
    },
    {
      name: "grpc-timeout: malformed values are rejected with malformed-header",
      run: ({ decodeGrpcTimeout }) => {
        for (const v of MALFORMED_GRPC_TIMEOUTS) {
          throwsCode(
            () => decodeGrpcTimeout(v),
            "malformed-header",
            JSON.stringify(v),
          );
        }
        throwsCode(() => decodeGrpcTimeout(5 as unknown as string), "malformed-header", "a number");
      },
    },
    {
      name: "grpc-timeout: precision loss",
      run: ({ grpcTimeoutPrecisionLoss }) => {
        const p = grpcTimeoutPrecisionLoss(1_500_000_001n);
        eq(p.up, { header: "1500001u", ns: 1_500_001_000n, lossNs: 999n, unitNs: 1_000n }, "up");
        eq(p.down, { header: "1500000u", ns: 1_500_000_000n, lossNs: 1n, unitNs: 1_000n }, "down");
        eq(grpcTimeoutPrecisionLoss(42n).up.lossNs, 0n, "ns are exact");
      },
    },
    {
      name: "Connect-Timeout-Ms and x-envoy-expected-rq-timeout-ms",
      run: (api) => {
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
      },
    },
    {
      name: "what each implementation sends",
      run: ({ timeoutHeaderFor }) => {
        const ns = 99_999_999_500n * MS; // 99999999.5 s
        eq(timeoutHeaderFor("grpc-go", ns).value, "1666667M", "grpc-go rounds up into minutes");
        eq(timeoutHeaderFor("grpc-js", ns).value, "100000000S", "grpc-js: 9 digits");
        eq(timeoutHeaderFor("grpc-js", ns).decodedNs, undefined, "which a strict peer rejects");
        eq(timeoutHeaderFor("envoy", ns).value, "99999999S", "envoy truncates to whole seconds");
        eq(timeoutHeaderFor("connect", ns).value, "9999999999", "connect clamps to 10 digits");
        eq(timeoutHeaderFor("envoy", 1_500_999n).value, "1m", "envoy loses sub-ms");
      },
    },
    {
      name: "inputs are checked",
      run: ({ encodeGrpcTimeout, Deadline }) => {
        throwsCode(() => encodeGrpcTimeout(-1n), "out-of-range", "negative");
        throwsCode(() => encodeGrpcTimeout(2n ** 63n), "out-of-range", "beyond i64");
        throwsCode(() => encodeGrpcTimeout(1000 as unknown as bigint), "invalid-argument", "a number");
        throwsCode(() => encodeGrpcTimeout(1.5 as unknown as bigint), "invalid-argument", "a fraction");
        throwsCode(() => encodeGrpcTimeout(1n, { rounding: "nearest" as "up" }), "invalid-argument", "rounding");
        throwsCode(() => Deadline.after(-5n), "out-of-range", "negative timeout");
        throwsCode(
          () => Deadline.after(5n, { now: () => 1 as unknown as bigint }),
          "invalid-argument",
          "clock returns a number",
        );
      },
    },
    {
      name: "Deadline on an injected clock",
      run: ({ Deadline }) => {
        const c = fakeClock();
        const d = Deadline.after(5n * S, { now: c.now });
        eq(d.remainingNs(), 5n * S, "at start");
        c.advance(2n * S);
        eq(d.remainingNs(), 3n * S, "after 2 s");
        eq(d.expired(), false, "not expired");
        eq(d.toHeaders("all"), {
          "grpc-timeout": "3000000u",
          "connect-timeout-ms": "3000",
          "x-envoy-expected-rq-timeout-ms": "3000",
        }, "headers");
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
      },
    },
    {
      name: "Deadline.at reads the wall clock once",
      run: ({ Deadline }) => {
        const c = fakeClock();
        let wall = 1_700_000_000n * S;
        const d = Deadline.at(wall + 10n * S, { now: c.now, wallNow: () => wall, offsetNs: 2n * S, errorNs: S });
        eq(d.remainingNs(), 7n * S, "10 s − offset 2 s − error 1 s");
        wall -= 3_600n * S; // NTP steps the wall clock back an hour
        c.advance(S);
        eq(d.remainingNs(), 6n * S, "the step changes nothing");
      },
    },
    {
      name: "Deadline.fromHeaders",
      run: ({ Deadline }) => {
        const c = fakeClock();
        eq(
          Deadline.fromHeaders({ "Grpc-Timeout": "250m" }, { now: c.now })!.remainingNs(),
          250n * MS,
          "object, any case",
        );
        eq(
          Deadline.fromHeaders(new Map([["connect-timeout-ms", "90"]]), { now: c.now })!.remainingNs(),
          90n * MS,
          "map",
        );
        eq(
          Deadline.fromHeaders([["grpc-timeout", "1S"], ["x-envoy-expected-rq-timeout-ms", "400"]], { now: c.now })!
            .remainingNs(),
          400n * MS,
          "the tightest wins",
        );
        eq(Deadline.fromHeaders({ accept: "*/*" }, { now: c.now }), undefined, "no timeout header");
        throwsCode(
          () => Deadline.fromHeaders({ "grpc-timeout": "1.5S" }, { now: c.now }),
          "malformed-header",
          "malformed",
        );
        throwsCode(
          () => Deadline.fromHeaders({ "grpc-timeout": ["1S", "2S"] }, { now: c.now }),
          "malformed-header",
          "twice",
        );
      },
    },
    {
      name: "never() and saturation",
      run: ({ Deadline }) => {
        const c = fakeClock();
        const n = Deadline.never({ now: c.now });
        eq(n.remainingNs(), I64_MAX, "never remaining");
        eq(n.expired(), false, "never expires");
        eq(n.toHeaders("all"), {}, "no header");
        eq(Deadline.after(I64_MAX, { now: c.now }).isNever, true, "saturates to never");
      },
    },
    {
      name: "remoteToLocal",
      run: ({ remoteToLocal }) => {
        eq(
          remoteToLocal(100n * S, { offsetNs: 3n * S, errorNs: 200n * MS }),
          96_800n * MS,
          "remote ahead by 3 s ± 0.2 s",
        );
        eq(remoteToLocal(100n * S, { offsetNs: -3n * S }), 103n * S, "remote behind");
        eq(remoteToLocal(-I64_MAX, { offsetNs: I64_MAX }), -I64_MAX - 1n, "saturates");
        throwsCode(() => remoteToLocal(0n, { errorNs: -1n }), "out-of-range", "negative error");
      },
    },
    {
      name: "MonotonicGuard",
      run: ({ MonotonicGuard }) => {
        const readings = [10n, 20n, 15n, 5n, 30n, 30n, 29n];
        let i = 0;
        const g = new MonotonicGuard(() => readings[i++]);
        const got = readings.map(() => g.now());
        eq(got, [10n, 20n, 21n, 22n, 30n, 30n, 31n], "never backwards");
        eq(g.corrections, 3, "three corrections");
        eq(g.maxBackwardStepNs, 10n, "largest step 15 → 5");
      },
    },
    {
      name: "propagate: relative headers hide latency",
      run: ({ propagate }) => {
        const r = propagate(S, [
          { name: "gateway", latencyNs: 10n * MS, format: "grpc-go" },
          { name: "api", latencyNs: 20n * MS, processingNs: 5n * MS, format: "envoy", timeoutNs: 2n * S },
          { name: "db", latencyNs: 1n * MS, format: "absolute", skewNs: -50n * MS },
        ]);
        eq(r.map((h) => h.trueBudgetNs), [990n * MS, 970n * MS, 964n * MS], "true budgets");
        eq(r.map((h) => h.believedBudgetNs), [S, S, 1_044n * MS], "believed budgets");
        eq(r.map((h) => h.overrunNs), [10n * MS, 30n * MS, 80n * MS], "overruns add up");
        eq(r[1].header, { name: "grpc-timeout", value: "1000m" }, "envoy's header");
      },
    },
    {
      name: "analyzeTimeouts: Go server example",
      run: ({ analyzeTimeouts }) => {
        const a = analyzeTimeouts([
          { name: "ReadTimeout", timeoutNs: 30n * S },
          { name: "ReadHeaderTimeout", timeoutNs: 2n * S, parent: "ReadTimeout" },
          { name: "handler", timeoutNs: 800n * MS, parent: "ReadTimeout" },
          { name: "db", timeoutNs: 5n * S, parent: "handler", retries: 3 },
        ]);
        eq(a.dead, ["db"], "db can never fire");
        eq(a.stages.map((s) => s.endNs), [30n * S, 2n * S, 800n * MS, 800n * MS], "effective ends");
        eq(
          a.stages[3].reason,
          "db (5 s) can never fire: it would fire at 5 s, but handler ends at 800 ms, 4.2 s earlier. None of its 3 retries can start.",
          "reason",
        );
      },
    },
  ],
};
