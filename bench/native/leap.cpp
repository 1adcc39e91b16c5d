// Native baseline for bench/leap.bench.mjs: assembly/leap.ts's taiMinusUtc, line for line, in C++
// (built with g++ -O2 by the bench). Same 48-byte row layout (START OFFSET ROOT RATE ENTRY SWITCH,
// i64 each) in a static buffer, same setRows derivation, same searches (scalar and batch) with the fast path for
// the last row, same floorDiv / mulDivFloorSmall arithmetic, same batch loop (n i64 in, n i64 out).
//
//   leap <input.bin> [runs] [min-ms] [batch|scalar|checked] [hi]
// batch (default) mirrors taiMinusUtcBatch; scalar calls the scalar taiMinusUtc per element;
// checked mirrors the whole batch form: per 8192-instant chunk a range check of every instant
// against [first row's start, hi] (as the core's outsideRange), then the batch loop.
// input.bin, little-endian i64: nRows, nInstants, nRows × (start, offset, root, rate), nInstants × u.
// Each run times passes over all instants until >= min-ms have elapsed and reports ns per instant.
// Output (stdout, one JSON line): {"runs":[…], "median":…, "n":…, "passes":…, "checksum":"…"}
// checksum = wrapping u64 sum of all results, compared by the bench with the wasm batch output.
#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

typedef int64_t i64;
typedef int32_t i32;

static const i64 RATE_DEN = 864000000000LL;
static const int START = 0, OFFSET = 8, ROOT = 16, RATE = 24, ENTRY = 32, SWITCH = 40;
static const i32 ROW = 48;
static const i32 MAX_ROWS = 1024;

alignas(16) static unsigned char table[ROW * MAX_ROWS];
static i32 rows = 0;

static inline i64 load(const unsigned char* p, int off) {
  i64 v;
  std::memcpy(&v, p + off, 8);
  return v;
}
static inline void store(unsigned char* p, i64 v, int off) { std::memcpy(p + off, &v, 8); }
static inline unsigned char* row(i32 j) { return table + (size_t)(j * ROW); }

// wide.ts
static inline i64 floorDiv(i64 a, i64 b) {
  const i64 q = a / b;
  return (a % b != 0 && (a ^ b) < 0) ? q - 1 : q;
}
static inline i64 mulDivFloorSmall(i64 x, i64 num, i64 den) {
  const i64 q = floorDiv(x, den);
  const i64 r = x - q * den;
  return q * num + (r * num) / den;
}

// leap.ts
static inline i64 offsetIn(const unsigned char* r, i64 u) {
  const i64 rate = load(r, RATE);
  const i64 off = load(r, OFFSET);
  if (rate == 0) return off;
  return off + mulDivFloorSmall(u - load(r, ROOT), rate, RATE_DEN);
}

static void setRows(i32 n) {
  rows = n;
  for (i32 j = 0; j < n; j++) {
    unsigned char* r = row(j);
    const i64 start = load(r, START);
    const i64 entry = start + offsetIn(r, start);
    store(r, entry, ENTRY);
    i64 sw = entry;
    if (j > 0) {
      const i64 last = start - 1;
      const i64 after = last + offsetIn(row(j - 1), last) + 1;
      if (after < sw) sw = after;
    }
    store(r, sw, SWITCH);
  }
}

static inline i32 rowAtUnix(i64 u) {
  i32 hi = rows - 1;
  if (u >= load(row(hi), START)) return hi;  // the common case: now
  i32 lo = 0;
  if (u < load(row(0), START)) return -1;
  while (hi - lo > 1) {
    const i32 mid = (i32)((uint32_t)(lo + hi) >> 1);
    if (load(row(mid), START) <= u) lo = mid;
    else hi = mid;
  }
  return lo;
}

static inline i64 taiMinusUtc(i64 u) { return offsetIn(row(rowAtUnix(u)), u); }

// The scalar path per element (rowAtUnix as in taiMinusUtc): the core's batch loop before it was
// specialised; kept as the "scalar" variant.
__attribute__((noinline)) static void taiMinusUtcScalarLoop(const i64* src, i64* dst, i32 n) {
  for (i32 i = 0; i < n; i++) dst[i] = taiMinusUtc(src[i]);
}

// leap.ts taiMinusUtcBatch (unixBatch with addU = false): last row's key hoisted, branch-free search below it.
static inline unsigned char* searchBelowLast(i64 x, i32 n, int field) {
  i32 base = 0;
  i32 len = n - 1;
  while (len > 1) {
    const i32 half = (i32)((uint32_t)len >> 1);
    base = load(row(base + half), field) <= x ? base + half : base;  // wasm select
    len -= half;
  }
  return row(base);
}
static inline unsigned char* rowForUnix(i64 u, i32 n, unsigned char* last, i64 lastStart, i64 firstStart) {
  if (u >= lastStart) return last;
  if (u < firstStart) return row(-1);
  return searchBelowLast(u, n, START);
}
__attribute__((noinline)) static void taiMinusUtcBatch(const i64* src, i64* dst, i32 n) {
  const i32 k = rows;
  unsigned char* last = row(k - 1);
  const i64 lastStart = load(last, START);
  const i64 firstStart = load(row(0), START);
  for (i32 i = 0; i < n; i++) {
    const i64 u = src[i];
    dst[i] = offsetIn(rowForUnix(u, k, last, lastStart, firstStart), u);
  }
}

// outsideRange: 1 when some of the n instants lies outside [lo, hi].
__attribute__((noinline)) static int outsideRange(const i64* p, i32 n, i64 lo, i64 hi) {
  const uint64_t span = (uint64_t)(hi - lo);
  int bad = 0;
  for (i32 i = 0; i < n; i++) bad |= (uint64_t)(p[i] - lo) > span;
  return bad;
}

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s input.bin [runs] [min-ms] [batch|scalar]\n", argv[0]);
    return 2;
  }
  const int runs = argc > 2 ? std::atoi(argv[2]) : 15;
  const double minNs = (argc > 3 ? std::atof(argv[3]) : 20.0) * 1e6;
  FILE* f = std::fopen(argv[1], "rb");
  if (!f) {
    std::perror(argv[1]);
    return 1;
  }
  i64 head[2];
  if (std::fread(head, 8, 2, f) != 2 || head[0] <= 0 || head[0] > MAX_ROWS || head[1] <= 0) {
    std::fprintf(stderr, "bad header\n");
    return 1;
  }
  const i32 nRows = (i32)head[0];
  const i32 n = (i32)head[1];
  for (i32 j = 0; j < nRows; j++) {
    i64 w[4];
    if (std::fread(w, 8, 4, f) != 4) {
      std::fprintf(stderr, "short table\n");
      return 1;
    }
    store(row(j), w[0], START);
    store(row(j), w[1], OFFSET);
    store(row(j), w[2], ROOT);
    store(row(j), w[3], RATE);
  }
  setRows(nRows);
  std::vector<i64> src(n), dst(n);
  if (std::fread(src.data(), 8, n, f) != (size_t)n) {
    std::fprintf(stderr, "short instants\n");
    return 1;
  }
  std::fclose(f);

  typedef std::chrono::steady_clock clk;
  const bool scalar = argc > 4 && std::strcmp(argv[4], "scalar") == 0;
  const bool checked = argc > 4 && std::strcmp(argv[4], "checked") == 0;
  const i64 hi = argc > 5 ? std::strtoll(argv[5], nullptr, 10) : INT64_MAX;
  const i64 lo = load(row(0), START);
  int flagged = 0;
  auto pass = [&]() {
    if (checked) {
      for (i32 at = 0; at < n; at += 8192) {
        const i32 k = n - at < 8192 ? n - at : 8192;
        flagged |= outsideRange(src.data() + at, k, lo, hi);
        taiMinusUtcBatch(src.data() + at, dst.data() + at, k);
      }
      return;
    }
    if (scalar) taiMinusUtcScalarLoop(src.data(), dst.data(), n);
    else taiMinusUtcBatch(src.data(), dst.data(), n);
  };
  // Calibrate passes per run (>= minNs), which also warms caches and the branch predictor.
  long passes = 1;
  for (;;) {
    auto t0 = clk::now();
    for (long p = 0; p < passes; p++) pass();
    const double el = std::chrono::duration<double, std::nano>(clk::now() - t0).count();
    if (el >= minNs) break;
    passes *= 2;
  }
  std::vector<double> perInstant;
  uint64_t checksum = 0;
  for (int k = 0; k < runs; k++) {
    auto t0 = clk::now();
    for (long p = 0; p < passes; p++) {
      pass();
      checksum += (uint64_t)dst[(size_t)(p % n)];  // observe each pass
    }
    const double el = std::chrono::duration<double, std::nano>(clk::now() - t0).count();
    perInstant.push_back(el / ((double)passes * n));
  }
  uint64_t sum = 0;
  for (i32 i = 0; i < n; i++) sum += (uint64_t)dst[i];
  std::vector<double> s = perInstant;
  std::sort(s.begin(), s.end());
  const double med = s.size() % 2 ? s[s.size() / 2] : (s[s.size() / 2 - 1] + s[s.size() / 2]) / 2;
  std::printf("{\"runs\":[");
  for (size_t k = 0; k < perInstant.size(); k++) std::printf("%s%.4f", k ? "," : "", perInstant[k]);
  if (flagged) {
    std::fprintf(stderr, "an instant was flagged out of range\n");
    return 1;
  }
  std::printf("],\"median\":%.4f,\"n\":%d,\"passes\":%ld,\"checksum\":\"%" PRIu64 "\",\"observed\":\"%" PRIu64 "\"}\n",
              med, n, passes, sum, checksum);
  return 0;
}
