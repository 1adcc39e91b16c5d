// Deadlines across hops and nested timeouts. Plain bigint arithmetic over a handful of stages:
// nothing here is hot, and the graph walking needs strings and objects the core does not have.
import { checkI64, checkInt, I64_MAX, show } from "../check.ts";
import { InvalidArgumentError, OutOfRangeError } from "../errors.ts";
import { Deadline } from "./deadline.ts";
import { checkDuration, timeoutHeaderFor, type TimeoutImplementation } from "./headers.ts";

/** How a hop receives its deadline. */
export type HopFormat = TimeoutImplementation | "exact" | "absolute";

/** One hop of a request path for `propagate`: its latency and clock offset from the previous hop. */
export interface Hop {
  readonly name?: string;
  /** One-way latency from the previous hop to this one, ns ≥ 0. */
  readonly latencyNs: bigint;
  /** Time this hop spends before calling the next, ns ≥ 0 (default 0). */
  readonly processingNs?: bigint;
  /** This hop's own configured timeout, ns > 0 (the tighter of it and the received one applies). */
  readonly timeoutNs?: bigint;
  /**
   * How the previous hop sends the deadline (default "exact": a relative timeout with no rounding).
   * grpc-go / grpc-js / envoy / connect model those implementations' headers; "absolute" sends a
   * Unix deadline that this hop reads on its own clock (see skewNs, errorNs).
   */
  readonly format?: HopFormat;
  /** For "absolute": this hop's clock − the sender's clock, ns. */
  readonly skewNs?: bigint;
  /** For "absolute": the hop's bound on its offset error; it subtracts it (remoteToLocal), ns ≥ 0. */
  readonly errorNs?: bigint;
}

/** What `propagate` finds at one hop: the time really left, and what the hop believes is left. */
export interface HopBudget {
  readonly name: string;
  /** The time really left of the original deadline when the request arrives here, ns (may be < 0). */
  readonly trueBudgetNs: bigint;
  /** The time this hop believes it has on arrival (received deadline, own timeout), ns. */
  readonly believedBudgetNs: bigint;
  /** believed − true: > 0 means the hop may keep working after the caller has given up. */
  readonly overrunNs: bigint;
  /** The header the previous hop sent, when the format has one. */
  readonly header?: { readonly name: string; readonly value: string };
  /** True when the hop's own timeout, not the received deadline, bounds it. */
  readonly ownTimeoutBinds: boolean;
  /** True when nothing is left on arrival (true budget ≤ 0). */
  readonly exhausted: boolean;
  /**
   * True when the header the previous hop sent is one this hop's implementation refuses (Connect's
   * "0" below 1 ms, grpc-js's 9-digit values): the hop then has no received deadline at all, and
   * believes it has 2^63 − 1 ns unless its own timeout binds.
   */
  readonly headerRejected: boolean;
}

/**
 * The budget each hop of a call chain really has, and what it believes it has. A relative timeout
 * header is measured by the receiver from when it arrives, so transit latency is invisible to it:
 * every hop's belief grows by the latencies before it, plus the rounding of the header. An absolute
 * deadline instead carries each hop's clock skew.
 *
 * `deadline` is a Deadline (its remaining time, read once) or a budget in ns.
 */
export function propagate(deadline: Deadline | bigint, hops: readonly Hop[]): HopBudget[] {
  const start = deadline instanceof Deadline ? deadline.remainingNs() : checkDuration(deadline, "deadline");
  if (!Array.isArray(hops)) throw new InvalidArgumentError("hops must be an array");
  const out: HopBudget[] = [];
  let trueLeft = start; // real time left of the original deadline, at the sender
  let sent = start; // what the sender believes it has left when it sends
  for (let i = 0; i < hops.length; i++) {
    const h = hops[i];
    if (typeof h !== "object" || h === null) throw new InvalidArgumentError(`hops[${i}] must be an object`);
    if (h.name !== undefined && typeof h.name !== "string") {
      throw new InvalidArgumentError(`hops[${i}].name must be a string`);
    }
    const name = h.name === undefined ? `hop ${i + 1}` : h.name;
    const latency = checkDuration(h.latencyNs, `hops[${i}].latencyNs`);
    const processing = h.processingNs === undefined ? 0n : checkDuration(h.processingNs, `hops[${i}].processingNs`);
    const format: HopFormat = h.format ?? "exact";
    let received: bigint;
    let header: { name: string; value: string } | undefined;
    let headerRejected = false;
    const sendable = sent > 0n ? sent : 0n;
    switch (format) {
      case "exact":
        received = sendable;
        break;
      case "absolute": {
        const skew = h.skewNs === undefined ? 0n : checkI64(h.skewNs, `hops[${i}].skewNs`);
        const err = h.errorNs === undefined ? 0n : checkDuration(h.errorNs, `hops[${i}].errorNs`);
        // The sender's deadline instant D (its clock) is read on a clock ahead by skew: remaining
        // on arrival = D − (arrival on hop clock) = (sent − latency) − skew, then − err.
        received = sent - latency - skew - err;
        break;
      }
      case "grpc-go":
      case "grpc-js":
      case "envoy":
      case "connect": {
        const t = timeoutHeaderFor(format, sendable);
        header = { name: t.name, value: t.value };
        // a peer that refuses the header has no deadline from it: only its own timeout bounds it
        headerRejected = t.decodedNs === undefined;
        received = t.decodedNs ?? I64_MAX;
        break;
      }
      default:
        throw new InvalidArgumentError(
          `hops[${i}].format ${show(format)} is not one of exact, absolute, grpc-go, grpc-js, envoy, connect`,
        );
    }
    trueLeft -= latency;
    // Relative formats restart the count on arrival; the absolute one already includes the transit.
    let believed = received;
    let ownTimeoutBinds = false;
    if (h.timeoutNs !== undefined) {
      const own = checkDuration(h.timeoutNs, `hops[${i}].timeoutNs`);
      if (own === 0n) throw new OutOfRangeError(`hops[${i}].timeoutNs is 0; omit it for "no timeout of its own"`);
      if (own < believed) {
        believed = own;
        ownTimeoutBinds = true;
      }
    }
    out.push({
      name,
      trueBudgetNs: trueLeft,
      believedBudgetNs: believed,
      overrunNs: believed - trueLeft,
      ...(header ? { header } : {}),
      ownTimeoutBinds,
      exhausted: trueLeft <= 0n,
      headerRejected,
    });
    trueLeft -= processing;
    sent = believed - processing;
  }
  return out;
}

/** One configured timeout in a nest of timeouts. */
export interface TimeoutStage {
  readonly name: string;
  /** Per-attempt timeout, ns > 0; null / omitted for a stage with no timeout of its own. */
  readonly timeoutNs?: bigint | null;
  /** Name of the enclosing stage (omitted for a root). */
  readonly parent?: string;
  /** When the stage starts, ns after its parent starts (default 0). */
  readonly startNs?: bigint;
  /** Extra attempts after a timed-out first one (default 0). Attempts run back to back. */
  readonly retries?: number;
}

/** One stage of `analyzeTimeouts`: when it starts and ends, what limits it, and whether its timeout can fire. */
export interface StageAnalysis {
  readonly name: string;
  readonly parent: string | undefined;
  /** Start, ns from the start of the root stage. */
  readonly startNs: bigint;
  /**
   * When the stage ends at the latest, with every attempt timing out, ns from the root start;
   * undefined when neither it nor any enclosing stage has a timeout (it never ends).
   */
  readonly endNs: bigint | undefined;
  /** When its own timeouts alone would end it (undefined: no timeout of its own). */
  readonly ownEndNs: bigint | undefined;
  /** endNs − startNs (undefined when it never ends). */
  readonly effectiveTimeoutNs: bigint | undefined;
  /** The stage whose end ends this one ("" for none: its own timeout fires first). */
  readonly limitedBy: string;
  /** Attempts that can start before an enclosing stage ends. */
  readonly reachableAttempts: number;
  /** True when its own timeout can never fire: an enclosing stage always ends first (or with it). */
  readonly dead: boolean;
  /** A sentence saying why, for people. */
  readonly reason: string;
}

/** The answer of `analyzeTimeouts`: every stage, and the names of the dead timeouts and retries. */
export interface TimeoutAnalysis {
  readonly stages: StageAnalysis[];
  /** Names of the stages whose timeouts can never fire. */
  readonly dead: string[];
  /** Stages with retries some of which can never start, as sentences. */
  readonly deadRetries: string[];
}

function fmt(ns: bigint): string {
  const neg = ns < 0n;
  const a = neg ? -ns : ns;
  const units: [bigint, string][] = [[3_600_000_000_000n, "h"], [60_000_000_000n, "min"], [1_000_000_000n, "s"], [
    1_000_000n,
    "ms",
  ], [1_000n, "µs"]];
  for (const [u, s] of units) {
    if (a >= u) {
      const whole = a / u;
      const frac = a % u;
      const text = frac === 0n
        ? `${whole}`
        : `${whole}.${(frac * 1000n / u).toString().padStart(3, "0").replace(/0+$/, "")}`;
      return `${neg ? "-" : ""}${text.endsWith(".") ? text.slice(0, -1) : text} ${s}`;
    }
  }
  return `${neg ? "-" : ""}${a} ns`;
}

/**
 * Effective deadlines of nested timeouts (HTTP server read-header / read timeouts, handler
 * context, DB call with retries, …) and the configured timeouts that can never fire because an
 * enclosing one always ends first. Stages are listed in any order; each names its parent.
 *
 * @example
 * analyzeTimeouts([
 *   { name: "ReadTimeout", timeoutNs: 30n * S },
 *   { name: "ReadHeaderTimeout", timeoutNs: 2n * S, parent: "ReadTimeout" },
 *   { name: "handler", timeoutNs: 800n * MS, parent: "ReadTimeout" },
 *   { name: "db", timeoutNs: 5n * S, parent: "handler", retries: 3 },
 * ]).dead // ["db"]
 */
export function analyzeTimeouts(chain: readonly TimeoutStage[]): TimeoutAnalysis {
  if (!Array.isArray(chain)) throw new InvalidArgumentError("chain must be an array of stages");
  const byName = new Map<string, TimeoutStage>();
  // Index loops, not forEach / map: a sparse array's holes must be seen (and rejected).
  for (let i = 0; i < chain.length; i++) {
    const s = chain[i];
    if (typeof s !== "object" || s === null) throw new InvalidArgumentError(`chain[${i}] must be an object`);
    if (typeof s.name !== "string" || s.name === "") {
      throw new InvalidArgumentError(`chain[${i}].name must be a non-empty string`);
    }
    if (byName.has(s.name)) throw new InvalidArgumentError(`two stages are named ${JSON.stringify(s.name)}`);
    if (s.timeoutNs !== undefined && s.timeoutNs !== null) {
      const t = checkDuration(s.timeoutNs, `${s.name}.timeoutNs`);
      if (t === 0n) {
        throw new OutOfRangeError(`${s.name}.timeoutNs is 0; use null for "no timeout" (Go's 0 means none)`);
      }
    }
    if (s.parent !== undefined && typeof s.parent !== "string") {
      throw new InvalidArgumentError(`${s.name}.parent must be the name of a stage (a string), got ${show(s.parent)}`);
    }
    if (s.startNs !== undefined) checkDuration(s.startNs, `${s.name}.startNs`);
    if (s.retries !== undefined) checkInt(s.retries, 0, 1_000_000, `${s.name}.retries`);
    byName.set(s.name, s);
  }
  for (const s of chain) {
    if (s.parent !== undefined && !byName.has(s.parent)) {
      throw new InvalidArgumentError(`${s.name}.parent ${JSON.stringify(s.parent)} is not a stage of the chain`);
    }
  }
  const done = new Map<string, StageAnalysis>();
  const analyze = (s: TimeoutStage, parent: StageAnalysis | undefined): StageAnalysis => {
    const start = (parent?.startNs ?? 0n) + (s.startNs ?? 0n);
    // undefined: no enclosing stage ends (none, or none with a timeout up the chain)
    const parentEnd = parent?.endNs;
    const t = s.timeoutNs ?? undefined;
    const attempts = (s.retries ?? 0) + 1;
    const ownEnd = t === undefined ? undefined : start + t * BigInt(attempts);
    const firstEnd = t === undefined ? undefined : start + t;
    let end: bigint | undefined, limitedBy: string, dead: boolean, reason: string;
    let reachable = attempts;
    if (parentEnd === undefined) {
      end = ownEnd;
      limitedBy = "";
      dead = false;
      const unbounded = parent === undefined ? "" : ` (${parent.name} never ends)`;
      reason = t === undefined
        ? `${s.name} has no timeout: it never ends on its own${unbounded}.`
        : attempts > 1
        ? `${s.name} fires (${fmt(t)} per attempt, ${attempts} attempts, ${fmt(ownEnd! - start)} in all)${unbounded}.`
        : `${s.name} (${fmt(t)}) fires at ${fmt(ownEnd!)}${unbounded}.`;
    } else if (start >= parentEnd) {
      end = parentEnd;
      limitedBy = parent!.limitedBy || parent!.name;
      dead = t !== undefined;
      reachable = 0;
      reason = `${s.name} starts at ${fmt(start)}, when ${parent!.name} has already ended (${
        fmt(parentEnd)
      }): it never runs.`;
    } else if (ownEnd === undefined) {
      end = parentEnd;
      limitedBy = parent!.limitedBy || parent!.name;
      dead = false;
      reason = `${s.name} has no timeout of its own; it ends with ${parent!.name} at ${fmt(parentEnd)}.`;
    } else if (firstEnd! >= parentEnd) {
      end = parentEnd;
      limitedBy = parent!.limitedBy || parent!.name;
      dead = true;
      reachable = 1;
      const by = parent!.limitedBy && parent!.limitedBy !== parent!.name
        ? ` (itself bounded by ${parent!.limitedBy})`
        : "";
      reason = firstEnd === parentEnd
        ? `${s.name} (${fmt(t!)}) would fire at ${fmt(firstEnd!)}, the same instant ${
          parent!.name
        }${by} ends: it never fires first, ${parent!.name} does.`
        : `${s.name} (${fmt(t!)}) can never fire: it would fire at ${fmt(firstEnd!)}, but ${
          parent!.name
        }${by} ends at ${fmt(parentEnd)}, ${fmt(firstEnd! - parentEnd)} earlier.`;
      if (attempts > 1) reason += ` None of its ${attempts - 1} retries can start.`;
    } else {
      dead = false;
      // Attempt k (0-based) starts at start + k·t; it can start only before the parent ends.
      reachable = Number(((parentEnd - start - 1n) / t!) + 1n);
      if (reachable > attempts) reachable = attempts;
      if (ownEnd! <= parentEnd) {
        end = ownEnd!;
        limitedBy = "";
        reason = attempts > 1
          ? `${s.name} fires (${fmt(t!)} per attempt, ${attempts} attempts, ${fmt(ownEnd! - start)} in all) before ${
            parent!.name
          } ends.`
          : `${s.name} (${fmt(t!)}) fires at ${fmt(ownEnd!)}, ${fmt(parentEnd - ownEnd!)} before ${parent!.name} ends.`;
      } else {
        end = parentEnd;
        limitedBy = parent!.limitedBy || parent!.name;
        const lastEnd = start + t! * BigInt(reachable);
        reason = reachable < attempts
          ? `${s.name} (${fmt(t!)}) can fire, but only ${reachable} of its ${attempts} attempts can start before ${
            parent!.name
          } ends at ${fmt(parentEnd)}; ${attempts - reachable} retr${
            attempts - reachable === 1 ? "y is" : "ies are"
          } dead.`
          : `${s.name} (${fmt(t!)}) can fire, and all ${attempts} attempts can start, but the last is cut short: ${
            parent!.name
          } ends at ${fmt(parentEnd)}, before its timeout at ${fmt(lastEnd)}.`;
      }
    }
    return {
      name: s.name,
      parent: s.parent,
      startNs: start,
      endNs: end,
      ownEndNs: ownEnd,
      effectiveTimeoutNs: end === undefined ? undefined : end - start,
      limitedBy,
      reachableAttempts: reachable,
      dead,
      reason,
    };
  };
  // Ancestors first, without recursion (a chain thousands deep must not overflow the stack).
  for (const s of chain) {
    const path: TimeoutStage[] = [];
    const onPath = new Set<string>();
    for (
      let cur: TimeoutStage | undefined = s;
      cur !== undefined && !done.has(cur.name);
      cur = cur.parent === undefined ? undefined : byName.get(cur.parent)
    ) {
      if (onPath.has(cur.name)) throw new InvalidArgumentError(`stage ${JSON.stringify(cur.name)} is its own ancestor`);
      onPath.add(cur.name);
      path.push(cur);
    }
    for (let k = path.length - 1; k >= 0; k--) {
      const st = path[k];
      done.set(st.name, analyze(st, st.parent === undefined ? undefined : done.get(st.parent)));
    }
  }
  const stages = chain.map((s) => done.get(s.name)!);
  const deadRetries = (a: StageAnalysis): number => {
    const retries = byName.get(a.name)!.retries ?? 0;
    return Math.min(retries, retries + 1 - a.reachableAttempts); // a stage that never runs: all of them
  };
  return {
    stages,
    dead: stages.filter((s) => s.dead).map((s) => s.name),
    deadRetries: stages.filter((a) => deadRetries(a) > 0)
      .map((a) => `${a.name}: ${deadRetries(a)} of ${byName.get(a.name)!.retries ?? 0} retries can never start`),
  };
}
