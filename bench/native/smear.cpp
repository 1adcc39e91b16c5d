// Native baseline for bench/smear.bench.mjs: assembly/smear.ts smearSample (linear windows) in C++,
// same algorithm (evenly spaced instants, forward-only window walk, f64-estimate + exact wrapping
// remainder correction for floor(tau * R / W)). Input file: i64 header [windows, base, from, to, n]
// then 8 i64 per window (S, E, L, D, OFF0, OFF1, SHAPE, P). Prints one JSON line.
#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

typedef int64_t i64;
typedef uint64_t u64;

struct Win { i64 s, e, l, d, off0, off1, shape, p, w, r; };

static inline u64 mulDivFloor(u64 a, u64 b, u64 c) {
  const double est = (double)a * (double)b / (double)c;
  if (est < 4503599627370496.0 && c < 4503599627370496ULL) {
    i64 q = (i64)est;
    i64 r = (i64)(a * b) - q * (i64)c;
    while (r < 0) { q--; r += (i64)c; }
    while (r >= (i64)c) { q++; r -= (i64)c; }
    return (u64)q;
  }
  return (u64)(((unsigned __int128)a * b) / c);
}

__attribute__((noinline)) static void sample(const std::vector<Win>& ws, i64 base, i64 from, i64 to, int n, i64* dst) {
  const int count = (int)ws.size();
  const i64 span = to - from;
  const i64 div = n > 1 ? n - 1 : 1;
  const i64 step = span / div, rem = span - step * div;
  i64 acc = 0, t = from;
  int j = 0;
  while (j < count && from >= ws[j].e) j++;
  i64 off = j == 0 ? base : ws[j - 1].off1;
  i64 s = j < count ? ws[j].s : INT64_MAX, e = j < count ? ws[j].e : INT64_MAX;
  for (int i = 0; i < n; i++) {
    while (t >= e) {
      off = ws[j].off1;
      j++;
      s = j < count ? ws[j].s : INT64_MAX;
      e = j < count ? ws[j].e : INT64_MAX;
    }
    if (t < s) dst[i] = t - off;
    else dst[i] = s - ws[j].off0 + (i64)mulDivFloor((u64)(t - s), (u64)ws[j].r, (u64)ws[j].w);
    t += step;
    acc += rem;
    if (acc >= div) { acc -= div; t++; }
  }
}

int main(int argc, char** argv) {
  if (argc < 2) { std::fprintf(stderr, "usage: %s input.bin [runs] [min-ms]\n", argv[0]); return 2; }
  const int runs = argc > 2 ? std::atoi(argv[2]) : 15;
  const double minNs = (argc > 3 ? std::atof(argv[3]) : 20.0) * 1e6;
  FILE* f = std::fopen(argv[1], "rb");
  if (!f) { std::perror(argv[1]); return 1; }
  i64 h[5];
  if (std::fread(h, 8, 5, f) != 5 || h[0] <= 0 || h[4] <= 0) { std::fprintf(stderr, "bad header\n"); return 1; }
  std::vector<Win> ws((size_t)h[0]);
  for (auto& w : ws) {
    i64 v[8];
    if (std::fread(v, 8, 8, f) != 8) { std::fprintf(stderr, "short windows\n"); return 1; }
    w = Win{v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[1] - v[0], v[1] - v[0] - v[3]};
    if (w.shape != 3) { std::fprintf(stderr, "only linear windows (shape 3)\n"); return 1; }
  }
  std::fclose(f);
  const int n = (int)h[4];
  std::vector<i64> dst((size_t)n);
  typedef std::chrono::steady_clock clk;
  long passes = 1;
  for (;;) {
    auto t0 = clk::now();
    for (long p = 0; p < passes; p++) sample(ws, h[1], h[2], h[3], n, dst.data());
    if (std::chrono::duration<double, std::nano>(clk::now() - t0).count() >= minNs) break;
    passes *= 2;
  }
  std::vector<double> per;
  u64 observed = 0;
  for (int k = 0; k < runs; k++) {
    auto t0 = clk::now();
    for (long p = 0; p < passes; p++) { sample(ws, h[1], h[2], h[3], n, dst.data()); observed += (u64)dst[(size_t)(p % n)]; }
    per.push_back(std::chrono::duration<double, std::nano>(clk::now() - t0).count() / ((double)passes * n));
  }
  u64 sum = 0;
  for (int i = 0; i < n; i++) sum += (u64)dst[(size_t)i];
  std::vector<double> s = per;
  std::sort(s.begin(), s.end());
  std::printf("{\"runs\":[");
  for (size_t k = 0; k < per.size(); k++) std::printf("%s%.4f", k ? "," : "", per[k]);
  std::printf("],\"median\":%.4f,\"n\":%d,\"passes\":%ld,\"checksum\":\"%" PRIu64 "\",\"observed\":\"%" PRIu64 "\"}\n",
              s[s.size() / 2], n, passes, sum, observed);
  return 0;
}
