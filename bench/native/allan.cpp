// Native baseline for bench/drift.bench.mjs: OADEV and MDEV at octave averaging factors over f64
// phase data, the textbook O(N)-per-tau forms (NIST SP 1065 §5.2.4, §5.2.5) in plain double: one
// pass of squared second differences for OADEV; for MDEV a running inner sum
// S_{j+1} = S_j + d_{j+m} − d_j over the stored second differences d. No compensation (it is the
// speed reference; the wasm core adds Kahan terms). Input: f64 phase values (ns), tau0 (ns) as
// argv. Prints one JSON line: ns per full octave run of each kind and the deviations.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

static double oadev(const double* x, int n, int m, double tau0) {
  double s = 0;
  const int lim = n - 2 * m;
  for (int i = 0; i < lim; i++) { const double d = x[i + 2 * m] - 2 * x[i + m] + x[i]; s += d * d; }
  const double tau = m * tau0;
  return std::sqrt(s / (2.0 * lim * tau * tau));
}

static double mdev(const double* x, int n, int m, double tau0, std::vector<double>& d) {
  const int nd = n - 2 * m;
  for (int i = 0; i < nd; i++) d[i] = x[i + 2 * m] - 2 * x[i + m] + x[i];
  double S = 0;
  for (int i = 0; i < m; i++) S += d[i];
  const int count = n - 3 * m + 1;
  double s = 0;
  for (int j = 0; j < count; j++) {
    s += S * S;
    if (j + 1 < count) S += d[j + m] - d[j];
  }
  const double tau = m * tau0;
  return std::sqrt(s / (2.0 * m * m * tau * tau * count));
}

int main(int argc, char** argv) {
  if (argc < 3) { std::fprintf(stderr, "usage: %s phase.f64 tau0ns [runs] [min-ms]\n", argv[0]); return 2; }
  const double tau0 = std::atof(argv[2]);
  const int runs = argc > 3 ? std::atoi(argv[3]) : 15;
  const double minNs = (argc > 4 ? std::atof(argv[4]) : 20.0) * 1e6;
  FILE* f = std::fopen(argv[1], "rb");
  if (!f) { std::perror(argv[1]); return 1; }
  std::vector<double> x;
  double v;
  while (std::fread(&v, 8, 1, f) == 1) x.push_back(v);
  std::fclose(f);
  const int n = (int)x.size();
  std::vector<double> d((size_t)n);
  typedef std::chrono::steady_clock clk;
  double sink = 0;
  std::printf("{");
  for (int kind = 0; kind < 2; kind++) {
    auto once = [&]() {
      double acc = 0;
      for (int m = 1; (kind == 0 ? 2 * m <= n - 1 : 3 * m <= n); m *= 2) acc += kind == 0 ? oadev(x.data(), n, m, tau0) : mdev(x.data(), n, m, tau0, d);
      return acc;
    };
    long passes = 1;
    for (;;) {
      auto t0 = clk::now();
      for (long p = 0; p < passes; p++) sink += once();
      if (std::chrono::duration<double, std::nano>(clk::now() - t0).count() >= minNs) break;
      passes *= 2;
    }
    std::printf("%s\"%s\":{\"runs\":[", kind ? "," : "", kind == 0 ? "oadev" : "mdev");
    for (int k = 0; k < runs; k++) {
      auto t0 = clk::now();
      for (long p = 0; p < passes; p++) sink += once();
      std::printf("%s%.1f", k ? "," : "", std::chrono::duration<double, std::nano>(clk::now() - t0).count() / passes);
    }
    std::printf("],\"devs\":[");
    int k = 0;
    for (int m = 1; (kind == 0 ? 2 * m <= n - 1 : 3 * m <= n); m *= 2, k++) std::printf("%s%.17g", k ? "," : "", kind == 0 ? oadev(x.data(), n, m, tau0) : mdev(x.data(), n, m, tau0, d));
    std::printf("]}");
  }
  std::printf(",\"sink\":%.3g}\n", sink);
  return 0;
}
