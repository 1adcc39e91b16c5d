// The Clock drift page's worker: parses a log or synthesises a clock, fits it (estimateDrift) and computes
// the Allan deviations, off the main thread (a million synthetic samples take seconds; the page stays
// responsive and can cancel a run by terminating the worker). Loaded with
// `new Worker(new URL("./drift-worker.ts", import.meta.url), { type: "module" })`.
import {
  allanDeviation,
  type AllanKind,
  type AllanPoint,
  type DriftEstimate,
  type DriftLogFormat,
  type DriftSample,
  estimateDrift,
  parseDriftLog,
} from "../../../src/mod.ts";
import { type Synth, synthPhase } from "./drift-synth.ts";

/** Samples the charts get: the newest SHOW (the fit uses at most the newest 64). */
export const SHOW = 600;

export type DriftJob =
  | { id: number; kind: "synthetic"; synth: Synth; kinds: readonly AllanKind[] }
  | {
    id: number;
    kind: "log";
    text: string;
    format: "auto" | DriftLogFormat;
    source: string;
    kinds: readonly AllanKind[];
  };

export interface DriftLogInfo {
  format: DriftLogFormat;
  records: number;
  sources: string[];
  source: string;
  badLines: { line: number; message: string }[];
  badLineCount: number;
}

export interface DriftResult {
  id: number;
  /** The data could not be read at all (UI words). */
  error?: string;
  log?: DriftLogInfo;
  /** Samples in the data. */
  count: number;
  /** The newest SHOW samples. */
  readingNs: BigInt64Array;
  offsetNs: BigInt64Array;
  estimate?: DriftEstimate;
  estimateError?: string;
  allan: { kind: AllanKind; points: AllanPoint[] }[];
  allanError?: string;
  ms: number;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function runDriftJob(job: DriftJob): DriftResult {
  const t0 = performance.now();
  const empty = new BigInt64Array(0);
  const out: DriftResult = { id: job.id, count: 0, readingNs: empty, offsetNs: empty, allan: [], ms: 0 };
  let samples: readonly DriftSample[];
  let allanInput: (kind: AllanKind) => AllanPoint[];
  if (job.kind === "synthetic") {
    const { readingNs, phase, tau0Ns } = synthPhase(job.synth);
    const n = phase.length, from = Math.max(0, n - SHOW);
    const shown: DriftSample[] = [];
    for (let i = from; i < n; i++) shown.push({ readingNs: readingNs(i), offsetNs: BigInt(phase[i]) });
    samples = shown;
    out.count = n;
    allanInput = (kind) => allanDeviation(phase, { kind, taus: "octave", tau0Ns });
  } else {
    let log;
    try {
      const first = parseDriftLog(job.text, {
        strict: false,
        ...(job.format === "auto" ? {} : { format: job.format }),
      });
      log = job.source && first.sources.includes(job.source) && job.source !== first.source
        ? parseDriftLog(job.text, {
          strict: false,
          source: job.source,
          ...(job.format === "auto" ? {} : { format: job.format }),
        })
        : first;
    } catch (e) {
      out.error = job.format === "auto"
        ? "This is not a chrony or ntpd log the page recognises. If it is one, choose its format above."
        : `Could not read it as ${job.format}: ${message(e).slice(0, 200)}`;
      out.ms = performance.now() - t0;
      return out;
    }
    out.log = {
      format: log.format,
      records: log.records.length,
      sources: [...log.sources],
      source: log.source,
      badLines: log.badLines.slice(0, 10).map((b) => ({ line: b.line, message: b.message })),
      badLineCount: log.badLineCount,
    };
    out.count = log.samples.length;
    samples = log.samples.length > SHOW ? log.samples.slice(log.samples.length - SHOW) : log.samples;
    const all = log;
    allanInput = (kind) => allanDeviation(all, { kind, taus: "octave" });
  }
  out.readingNs = BigInt64Array.from(samples, (s) => s.readingNs);
  out.offsetNs = BigInt64Array.from(samples, (s) => s.offsetNs);
  if (samples.length >= 3) {
    try {
      out.estimate = estimateDrift(samples);
    } catch (e) {
      out.estimateError = message(e);
    }
  } else out.estimateError = "At least 3 samples are needed for a fit.";
  if (out.count >= 4) {
    for (const kind of job.kinds) {
      try {
        out.allan.push({ kind, points: allanInput(kind) });
      } catch (e) {
        out.allanError = message(e);
      }
    }
  }
  out.ms = performance.now() - t0;
  return out;
}

// In a worker: answer each job. (The module is also imported by the page for its types and SHOW.)
if (typeof WorkerGlobalScope !== "undefined" && globalThis instanceof WorkerGlobalScope) {
  globalThis.addEventListener("message", (e: Event) => {
    const job = (e as MessageEvent<DriftJob>).data;
    let r: DriftResult;
    try {
      r = runDriftJob(job);
    } catch (err) {
      const empty = new BigInt64Array(0);
      r = { id: job.id, error: message(err), count: 0, readingNs: empty, offsetNs: empty, allan: [], ms: 0 };
    }
    globalThis.postMessage(r);
  });
}

declare const WorkerGlobalScope: { new (): unknown; prototype: unknown } | undefined;
