// The foundation's part of the core (issue 2: civil calendar, leap table, batch scratch in the heap), compiled
// on its own only by bench/leap.bench.mjs to track its size. The shipped core is index.ts.
export * from "./civil";
export * from "./leap";
export * from "./heap";
