// Addresses above 2 GiB, up to the 4 GiB wasm32 limit (issue 11, findings 2 and 3). Its own file
// (its own worker and core): it grows the core's memory to nearly 4 GiB of address space, of which
// only the few pages it writes become resident.
import { expect, it } from "vitest";
import { CoreArray, coreMemory, LatencyHistogram, setCoreMemoryLimit } from "../../src/mod.ts";
import { core } from "../../src/core/loader.ts";

it("up to 4 GiB: unsigned addresses, no wrap, no overlap, a typed failure past the end, recovery", () => {
  // Old code: after three CoreArray(2^26) the fourth threw a wasm RuntimeError (the bump pointer
  // wrapped at 4 GiB) and later blocks overlapped live ones; addresses above 2 GiB came back
  // negative and every view of them threw a RangeError.
  setCoreMemoryLimit(2 ** 32);
  const h = new LatencyHistogram({ highestTrackableNs: 10n ** 9n });
  h.record(1000n);
  const arrays: CoreArray[] = [];
  let failure = "";
  while (failure === "") {
    try {
      const a = new CoreArray(2 ** 26); // 512 MiB
      const v = a.view;
      v[0] = BigInt(arrays.length + 1);
      v[v.length - 1] = -BigInt(arrays.length + 1);
      arrays.push(a);
    } catch (e) {
      failure = (e as { code?: string }).code ?? String(e);
    }
  }
  expect(failure).toBe("resource-exhausted");
  expect(arrays.length).toBe(7); // 8 × 512 MiB would leave no room for the static data and the histogram
  const offsets = arrays.map((a) => a.view.byteOffset);
  expect(Math.max(...offsets)).toBeGreaterThan(2 ** 31);
  for (const o of offsets) expect(o).toBeGreaterThan(0);
  arrays.forEach((a, i) => {
    expect([a.view[0], a.view[2 ** 26 - 1]]).toEqual([BigInt(i + 1), -BigInt(i + 1)]);
  });
  expect([h.count, h.percentile(50)]).toEqual([1n, 1000n]);
  expect(coreMemory().memoryBytes).toBeGreaterThan(3.5 * 2 ** 30);
  // free one low array: a histogram placed in it, and one above 2 GiB in the gap of another
  arrays[0].dispose();
  arrays[6].dispose();
  const g = new LatencyHistogram({ highestTrackableNs: 10n ** 9n });
  const k = new LatencyHistogram({ highestTrackableNs: 10n ** 9n });
  for (const x of [g, k]) {
    x.recordMany(new BigInt64Array([5n, 6n, 7n]));
    x.record(8n);
    expect([x.count, x.percentile(100), x.min]).toEqual([4n, 8n, 5n]);
  }
  arrays.slice(1, 6).forEach((a, i) =>
    expect([a.view[0], a.view[2 ** 26 - 1]]).toEqual([BigInt(i + 2), -BigInt(i + 2)])
  );
  expect([h.count, h.percentile(50)]).toEqual([1n, 1000n]);
  expect(core().heapCheck()).toBe(0);
  for (const a of arrays) a.dispose();
  for (const x of [h, g, k]) x.dispose();
  const again = new CoreArray(2 ** 26);
  expect(again.view[12345]).toBe(0n);
  again.dispose();
  expect(core().heapCheck()).toBe(0);
}, 30_000);
