// Every suite that runs in all four runtimes. Add one import and one entry per domain.
import type { VectorSuite } from "./suite.ts";
import { leapSuite } from "./leap.ts";
import { deadlineSuite } from "./deadline.ts";
import { smearSuite } from "./smear.ts";
import { driftStreamSuite, driftSuite } from "./drift.ts";
import { jitterSuite } from "./jitter.ts";
import { leapCurrentSuite, leapFetchSuite } from "./leap-current.ts";
import type { AsyncVectorSuite } from "./async.ts";
import { jitterStreamSuite } from "./jitter-stream.ts";

export const allSuites: VectorSuite[] = [
  leapSuite,
  deadlineSuite,
  smearSuite,
  driftSuite,
  jitterSuite,
  leapCurrentSuite,
];

/** Suites whose cases are asynchronous (runAsyncSuites), run after allSuites. */
export const allAsyncSuites: AsyncVectorSuite[] = [
  leapFetchSuite,
  jitterStreamSuite,
  driftStreamSuite,
];
