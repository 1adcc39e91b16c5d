// Page "Deadlines": a decoder for pasted timeout headers (grpc-timeout, Connect-Timeout-Ms, Envoy's
// x-envoy-*-timeout-ms), a calculator for a request's time budget across a chain of hops (latency,
// clock skew, per-hop timeouts, the header format each hop is sent) with a per-hop waterfall, the
// grpc-timeout / Connect-Timeout-Ms each implementation would send and what it loses, and the dead
// timeouts of a nest of timeouts (analyzeTimeouts), each stage's parent picked from a list.
import { css, html, LitElement, nothing } from "lit";
import { live } from "lit/directives/live.js";
import {
  analyzeTimeouts,
  decodeConnectTimeoutMs,
  decodeEnvoyExpectedTimeoutMs,
  decodeGrpcTimeout,
  type HopBudget,
  type HopFormat,
  propagate,
  type TimeoutAnalysis,
  timeoutHeaderFor,
  type TimeoutImplementation,
  type TimeoutStage,
} from "../../../src/mod.ts";
import { type ErrorInfo, errorInfo } from "../format.ts";
import {
  clip,
  clipMessage,
  fieldErrorStyles,
  fieldMessage,
  parseCount,
  type Parsed,
  parseDuration,
  quoted,
} from "../field-error.ts";
import { shared } from "../styles.ts";

const MS = 1_000_000n;
const FORMATS: readonly HopFormat[] = [
  "exact",
  "grpc-go",
  "grpc-js",
  "envoy",
  "connect",
  "absolute",
];
const IMPLS: readonly TimeoutImplementation[] = [
  "grpc-go",
  "grpc-js",
  "envoy",
  "connect",
];
/** Longest text the header decoder reads, and the most header lines it lists. */
const DECODE_MAX_CHARS = 4000, DECODE_MAX_LINES = 12;
/** Longest hop or stage name. */
const NAME_MAX = 60;

/** ns → ms text with up to 6 decimals, no trailing zeros. */
export function ms(ns: bigint): string {
  const neg = ns < 0n;
  const a = neg ? -ns : ns;
  const frac = (a % MS).toString().padStart(6, "0").replace(/0+$/, "");
  return `${neg ? "−" : ""}${a / MS}${frac ? "." + frac : ""}`;
}

/** A duration for people: "250 ms", "1.5 s", "2 min 30 s", "1 500 µs" → shortest exact unit. */
function human(ns: bigint): string {
  const units: [bigint, string][] = [
    [3_600_000_000_000n, "h"],
    [60_000_000_000n, "min"],
    [1_000_000_000n, "s"],
    [
      MS,
      "ms",
    ],
    [1_000n, "µs"],
    [1n, "ns"],
  ];
  for (const [u, s] of units) {
    if (ns % u === 0n && ns >= u) {
      return `${(ns / u).toLocaleString("en")} ${s}`;
    }
  }
  return `${ns} ns`;
}

interface HopRow {
  name: string;
  latency: string;
  processing: string;
  timeout: string;
  format: HopFormat;
  skew: string;
  error: string;
}
interface StageRow {
  name: string;
  timeout: string;
  parent: string;
  retries: string;
}
type HopField =
  | "latency"
  | "processing"
  | "timeout"
  | "skew"
  | "error"
  | "name";
type StageField = "name" | "timeout" | "retries";

const DEFAULT_HOPS: HopRow[] = [
  {
    name: "edge (Envoy)",
    latency: "12",
    processing: "1",
    timeout: "",
    format: "grpc-go",
    skew: "",
    error: "",
  },
  {
    name: "api (Node)",
    latency: "3",
    processing: "40",
    timeout: "",
    format: "envoy",
    skew: "",
    error: "",
  },
  {
    name: "search (grpc-js)",
    latency: "2.5",
    processing: "15",
    timeout: "300",
    format: "connect",
    skew: "",
    error: "",
  },
  {
    name: "db proxy",
    latency: "0.8",
    processing: "0",
    timeout: "",
    format: "absolute",
    skew: "-35",
    error: "5",
  },
];
const DEFAULT_STAGES: StageRow[] = [
  { name: "ReadTimeout", timeout: "30000", parent: "", retries: "" },
  {
    name: "ReadHeaderTimeout",
    timeout: "2000",
    parent: "ReadTimeout",
    retries: "",
  },
  { name: "handler ctx", timeout: "800", parent: "ReadTimeout", retries: "" },
  { name: "DB query", timeout: "5000", parent: "handler ctx", retries: "3" },
  { name: "cache get", timeout: "250", parent: "handler ctx", retries: "3" },
];

/** One decoded header line. */
export interface DecodedHeader {
  readonly name: string;
  readonly value: string;
  readonly ns?: bigint;
  readonly message?: string;
  readonly note?: string;
}

/** Header name (lower case) → decoder and what the value means. */
const DECODERS: Readonly<
  Record<string, { decode: (v: string) => bigint; note: string }>
> = {
  "grpc-timeout": {
    decode: decodeGrpcTimeout,
    note: "gRPC: up to 8 digits and a unit (H M S m u n); the receiver counts it from when the request arrives.",
  },
  "connect-timeout-ms": {
    decode: decodeConnectTimeoutMs,
    note: "Connect protocol: whole milliseconds, 1 to 10 digits, counted from arrival.",
  },
  "x-envoy-expected-rq-timeout-ms": {
    decode: decodeEnvoyExpectedTimeoutMs,
    note: "Set by Envoy for the upstream: the time Envoy will wait, whole ms.",
  },
  "x-envoy-upstream-rq-timeout-ms": {
    decode: decodeEnvoyExpectedTimeoutMs,
    note: "Sent to Envoy by the client: overrides the route timeout, whole ms; 0 disables the timeout.",
  },
  "x-envoy-upstream-rq-per-try-timeout-ms": {
    decode: decodeEnvoyExpectedTimeoutMs,
    note: "Sent to Envoy by the client: the timeout of each retry attempt, whole ms.",
  },
};

/** Decodes pasted header lines ("grpc-timeout: 250m"); a bare "250m" is read as grpc-timeout. */
export function decodeHeaders(
  text: string,
): { rows: DecodedHeader[]; message?: string } {
  if (text.length > DECODE_MAX_CHARS) {
    return {
      rows: [],
      message: `That is ${text.length.toLocaleString("en")} characters: paste header lines only (at most ${
        DECODE_MAX_CHARS.toLocaleString("en")
      }).`,
    };
  }
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "");
  const rows: DecodedHeader[] = [];
  for (const line of lines.slice(0, DECODE_MAX_LINES)) {
    const colon = line.indexOf(":");
    const name = colon < 0 ? (/[HMSmun]$/.test(line) ? "grpc-timeout" : "") : line.slice(0, colon).trim().toLowerCase();
    const value = colon < 0 ? line : line.slice(colon + 1).trim();
    if (name === "") {
      rows.push({
        name: "?",
        value: clip(value),
        message: "Write the header name too, e.g. grpc-timeout: 250m",
      });
      continue;
    }
    const d = DECODERS[name];
    if (d === undefined) {
      rows.push({
        name: clip(name),
        value: clip(value),
        message: `Not a timeout header this page knows (${Object.keys(DECODERS).join(", ")})`,
      });
      continue;
    }
    if (name === "grpc-timeout" && /^\d{1,8}ms$/.test(value)) {
      const n = value.slice(0, -2);
      rows.push({ name, value, message: `grpc-timeout writes milliseconds as m: ${n}m, not ${n}ms`, note: d.note });
      continue;
    }
    try {
      rows.push({
        name,
        value: clip(value),
        ns: d.decode(value),
        note: d.note,
      });
    } catch (e) {
      rows.push({
        name,
        value: clip(value),
        message: clipMessage(errorInfo(e).message, 160),
        note: d.note,
      });
    }
  }
  const more = lines.length - DECODE_MAX_LINES;
  return more > 0
    ? {
      rows,
      message: `Showing the first ${DECODE_MAX_LINES} lines (${more} more ignored).`,
    }
    : { rows };
}

type PropagateResult = { rows: HopBudget[]; start: bigint } | {
  error: ErrorInfo;
} | undefined;

interface HopParse {
  hops: {
    name: string;
    latencyNs: bigint;
    processingNs: bigint;
    timeoutNs?: bigint;
    format: HopFormat;
    skewNs?: bigint;
    errorNs?: bigint;
  }[];
  errors: Map<string, string>;
  budgetNs?: bigint;
}

export class CmPageDeadline extends LitElement {
  static styles = [
    shared,
    fieldErrorStyles,
    css`
      .card {
        min-width: 0;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        font-size: 0.9rem;
      }
      th,
      td {
        text-align: left;
        padding: 0.3rem 0.45rem;
        border-bottom: 1px solid var(--cm-border);
        vertical-align: top;
      }
      th {
        color: var(--cm-muted);
        font-weight: 600;
        white-space: nowrap;
      }
      td.nowrap {
        white-space: nowrap;
      }
      td.num {
        text-align: right;
        font-family: var(--cm-mono);
        white-space: nowrap;
      }
      td input[type="text"] {
        min-width: 5rem;
      }
      td input.name {
        min-width: 11rem;
      }
      td select {
        padding: 0.3rem 0.3rem;
        max-width: 14rem;
      }
      .scroll {
        /* the containing block of the visually hidden header text: clipped here, never widening the page */
        position: relative;
      }
      .row {
        display: flex;
        gap: 0.75rem;
        align-items: start;
        flex-wrap: wrap;
        margin-bottom: 0.75rem;
      }
      .row label {
        display: flex;
        flex-direction: column;
        gap: 0.2rem;
        font-weight: 600;
        font-size: 0.9rem;
      }
      .row input[type="text"] {
        width: 9rem;
      }
      .over {
        color: var(--cm-bad);
        font-weight: 600;
      }
      .under {
        color: var(--cm-ok);
      }
      ul.reasons {
        margin: 0.5rem 0 0;
        padding-left: 1.2rem;
      }
      ul.reasons li {
        margin: 0.2rem 0;
      }
      textarea {
        min-height: 3.2rem;
        font-family: var(--cm-mono);
        font-size: 0.85rem;
      }
      dl.decoded {
        display: grid;
        grid-template-columns: minmax(0, 1fr);
        gap: 0.5rem;
        margin: 0.5rem 0 0;
      }
      dl.decoded > div {
        border: 1px solid var(--cm-border);
        border-radius: 6px;
        padding: 0.45rem 0.65rem;
        min-width: 0;
      }
      dl.decoded dt {
        font-family: var(--cm-mono);
        font-size: 0.875rem;
        overflow-wrap: anywhere;
      }
      dl.decoded dd {
        margin: 0.15rem 0 0;
        overflow-wrap: anywhere;
      }
      .value {
        font-weight: 600;
        font-size: 1.05rem;
      }
      /* waterfall: a name column and a track per hop; segments are placed in % of the track */
      .wf {
        display: grid;
        grid-template-columns: minmax(0, 8rem) minmax(0, 1fr);
        gap: 0.35rem 0.75rem;
        align-items: center;
        margin-top: 0.5rem;
      }
      .wf .name {
        font-size: 0.85rem;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .wf .track {
        position: relative;
        height: 1.3rem;
        background: var(--cm-bg);
        border-radius: 4px;
        overflow: hidden;
      }
      .wf .seg {
        position: absolute;
        top: 0.2rem;
        bottom: 0.2rem;
        border-radius: 3px;
      }
      .seg.transit {
        background: var(--cm-muted);
        opacity: 0.55;
      }
      .seg.left {
        background: var(--cm-ok);
        opacity: 0.8;
      }
      .seg.work {
        background: var(--cm-accent);
        top: 0.45rem;
        bottom: 0.45rem;
      }
      .seg.overrun {
        background: repeating-linear-gradient(45deg, var(--cm-bad) 0 4px, transparent
          4px 7px);
        border: 1px solid var(--cm-bad);
      }
      .wf .deadline {
        position: absolute;
        top: 0;
        bottom: 0;
        width: 2px;
        background: var(--cm-bad);
      }
      .wf .caption {
        grid-column: 2;
        font-size: 0.78rem;
        color: var(--cm-muted);
        margin-top: -0.25rem;
      }
      .legend {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 1rem;
        font-size: 0.8rem;
        color: var(--cm-muted);
        margin-top: 0.5rem;
      }
      .legend .seg {
        position: static;
        display: inline-block;
        width: 1.2rem;
        height: 0.7rem;
        vertical-align: -0.05rem;
        margin-right: 0.3rem;
      }
    `,
  ];

  static properties = {
    budget: { state: true },
    hops: { state: true },
    stages: { state: true },
    headerText: { state: true },
  };
  declare budget: string;
  declare hops: HopRow[];
  declare stages: StageRow[];
  declare headerText: string;

  constructor() {
    super();
    this.budget = "1000";
    this.hops = DEFAULT_HOPS.map((h) => ({ ...h }));
    this.stages = DEFAULT_STAGES.map((s) => ({ ...s }));
    this.headerText = "grpc-timeout: 250m";
  }

  #setHop(i: number, key: keyof HopRow, value: string): void {
    this.hops = this.hops.map((h, j) => (j === i ? { ...h, [key]: value } : h));
  }
  #setStage(i: number, key: keyof StageRow, value: string): void {
    const old = this.stages[i];
    // a renamed stage keeps its children, unless its old or new name is another stage's too
    const follow = key === "name" && old.name !== "" &&
      this.stages.every((s, j) => j === i || (s.name !== old.name && s.name !== value));
    this.stages = this.stages.map((s, j) => {
      if (j === i) return { ...s, [key]: value };
      if (follow && s.parent === old.name) {
        return { ...s, parent: value };
      }
      return s;
    });
  }

  /** Every hop field checked in UI words, then the values for propagate. */
  #parseHops(): HopParse {
    const errors = new Map<string, string>();
    const take = <T>(key: string, p: Parsed<T>): T | undefined => {
      if (p.ok) return p.value;
      errors.set(key, p.message);
      return undefined;
    };
    const budgetNs = take(
      "budget",
      parseDuration(this.budget, { what: "Budget", unit: "ms" }),
    );
    const hops = this.hops.map((h, i) => {
      const k = (f: HopField) => `hop-${i}-${f}`;
      if (h.name.length > NAME_MAX) {
        errors.set(
          k("name"),
          `Name is too long (at most ${NAME_MAX} characters)`,
        );
      }
      const absolute = h.format === "absolute";
      return {
        name: h.name.trim() ? clip(h.name, NAME_MAX) : `hop ${i + 1}`,
        latencyNs: take(
          k("latency"),
          parseDuration(h.latency, {
            what: "Latency",
            unit: "ms",
            optional: true,
          }),
        ) ?? 0n,
        processingNs: take(
          k("processing"),
          parseDuration(h.processing, {
            what: "Work",
            unit: "ms",
            optional: true,
          }),
        ) ??
          0n,
        timeoutNs: take(
          k("timeout"),
          parseDuration(h.timeout, {
            what: "Timeout",
            unit: "ms",
            optional: true,
            allowZero: false,
          }),
        ),
        format: h.format,
        skewNs: absolute
          ? take(
            k("skew"),
            parseDuration(h.skew, {
              what: "Skew",
              unit: "ms",
              optional: true,
              allowNegative: true,
            }),
          )
          : undefined,
        errorNs: absolute
          ? take(
            k("error"),
            parseDuration(h.error, {
              what: "Error bound",
              unit: "ms",
              optional: true,
            }),
          )
          : undefined,
      };
    });
    return { hops, errors, budgetNs };
  }

  #propagate(p: HopParse): PropagateResult {
    if (p.errors.size > 0 || p.budgetNs === undefined) return undefined;
    try {
      return { rows: propagate(p.budgetNs, p.hops), start: p.budgetNs };
    } catch (e) {
      return { error: errorInfo(e) };
    }
  }

  #parseStages(): { chain: TimeoutStage[]; errors: Map<string, string> } {
    const errors = new Map<string, string>();
    const seen = new Set<string>();
    const chain = this.stages.map((s, i) => {
      const k = (f: StageField) => `stage-${i}-${f}`;
      const name = s.name.trim();
      if (name === "") errors.set(k("name"), "Give the stage a name");
      else if (name.length > NAME_MAX) {
        errors.set(
          k("name"),
          `Name is too long (at most ${NAME_MAX} characters)`,
        );
      } else if (seen.has(name)) {
        errors.set(k("name"), `Another stage is already named ${quoted(name)}`);
      }
      seen.add(name);
      const t = parseDuration(s.timeout, {
        what: "Timeout",
        unit: "ms",
        optional: true,
        allowZero: false,
      });
      if (!t.ok) errors.set(k("timeout"), t.message);
      const r = parseCount(s.retries, {
        what: "Retries",
        min: 0,
        max: 1_000_000,
        optional: true,
      });
      if (!r.ok) errors.set(k("retries"), r.message);
      const parent = s.parent.trim();
      return {
        name,
        timeoutNs: t.ok ? t.value ?? null : null,
        ...(parent ? { parent } : {}),
        ...(r.ok && r.value !== undefined ? { retries: r.value } : {}),
      };
    });
    return { chain, errors };
  }

  #analyze(
    p: { chain: TimeoutStage[]; errors: Map<string, string> },
  ): TimeoutAnalysis | { error: ErrorInfo } | undefined {
    if (p.errors.size > 0) return undefined;
    try {
      return analyzeTimeouts(p.chain);
    } catch (e) {
      return { error: errorInfo(e) };
    }
  }

  /** Names a stage may be inside: every other stage except its own descendants (no cycles). */
  #parentChoices(i: number): string[] {
    const me = this.stages[i].name;
    const children = new Map<string, string[]>();
    for (const s of this.stages) {
      children.set(s.parent, [...(children.get(s.parent) ?? []), s.name]);
    }
    const banned = new Set<string>([me]);
    const stack = [me];
    while (stack.length) {
      for (const c of children.get(stack.pop()!) ?? []) {
        if (!banned.has(c)) {
          banned.add(c);
          stack.push(c);
        }
      }
    }
    return this.stages.map((s) => s.name).filter((n) => n.trim() !== "" && !banned.has(n));
  }

  #input(opts: {
    id: string;
    label: string;
    value: string;
    set: (v: string) => void;
    message: string | undefined;
    disabled?: boolean;
    cls?: string;
    testid?: string;
  }) {
    return html`
      <input type="text" id=${opts.id} class=${opts.cls ?? ""} aria-label=${opts
        .label}
        data-testid=${opts.testid ??
          opts.id} autocomplete="off" spellcheck="false"
        .value=${live(opts.value)}
        ?disabled=${opts.disabled ?? false} aria-invalid=${opts.message ? "true" : "false"}
        aria-describedby="${opts.id}-msg" @input=${(e: Event) => opts.set((e.target as HTMLInputElement).value)} />
            ${fieldMessage(`${opts.id}-msg`, opts.message)}
    `;
  }

  #decoder() {
    const d = decodeHeaders(this.headerText);
    const first = d.rows.find((r) => r.ns !== undefined);
    const bad = d.rows.some((r) => r.message) ||
      d.message !== undefined && d.rows.length === 0;
    return html`
      <label for="hdr-text"
        class="small"><strong>Paste a header</strong> (one per line):
        <code>grpc-timeout</code>, <code>Connect-Timeout-Ms</code>, <code>x-envoy-expected-rq-timeout-ms</code>,
        <code>x-envoy-upstream-rq-timeout-ms</code></label>
      <textarea id="hdr-text" data-testid="header-input" spellcheck="false"
        autocomplete="off"
        aria-invalid=${bad ? "true" : "false"} aria-describedby="hdr-text-msg" .value=${live(
          this.headerText,
        )}
        @input=${(
          e: Event,
        ) => (this.headerText = (e.target as HTMLTextAreaElement).value)}></textarea>
      ${fieldMessage(
        "hdr-text-msg",
        d.message ?? d.rows.find((r) => r.message)?.message,
      )}
      <dl class="decoded" data-testid="decoded">
        ${d.rows.map((r) =>
          html`<div data-testid="decoded-row" data-ns=${r.ns === undefined ? nothing : String(r.ns)}>
            <dt>${r.name}: ${r.value}</dt>
            <dd>${
            r.ns !== undefined
              ? html`
                <span class="value">${human(r.ns)}</span> <span
                  class="mono small">= ${r.ns.toLocaleString(
                    "en",
                  )} ns</span>${r.ns === 0n
                    ? html`
                      <span class="badge warn">no time left</span>
                    `
                    : nothing}
              `
              : html`<span class="error-text">${r.message}</span>`
          }</dd>
            ${r.note ? html`<dd class="small muted">${r.note}</dd>` : nothing}
          </div>`
        )}
      </dl>
      ${first && first.ns! > 0n
        ? html`
          <div class="row"
            style="margin-top:0.5rem"><button data-testid="use-header" @click=${() => {
              this.budget = ms(first.ns!);
            }}>Use ${human(first.ns!)} as the budget below</button></div>
        `
        : nothing}
    `;
  }

  #hopTable(p: HopParse, result: PropagateResult) {
    const rows = result && "rows" in result ? result.rows : [];
    const err = (i: number, f: HopField) => p.errors.get(`hop-${i}-${f}`);
    return html`
      <div class="row">
        <label for="dl-budget">Budget at the client, ms
          ${this.#input({
            id: "dl-budget",
            label: "Budget at the client, ms",
            value: this.budget,
            set: (v) => (this.budget = v),
            message: p.errors.get("budget"),
            testid: "budget",
          })}</label>
        <button style="align-self:end" @click=${() => {
          this.hops = [...this.hops, {
            name: `hop ${this.hops.length + 1}`,
            latency: "1",
            processing: "0",
            timeout: "",
            format: "exact",
            skew: "",
            error: "",
          }];
        }}>Add hop</button>
      </div>
      <div class="scroll">
        <table data-testid="hops">
          <thead>
            <tr>
              <th>Hop</th>
              <th>Latency ms</th>
              <th>Work ms</th>
              <th>Own timeout ms</th>
              <th>Sent as</th>
              <th>Skew ms</th>
              <th>± ms</th>
              <th>Header</th>
              <th>Believes ms</th>
              <th>Really has ms</th>
              <th>Overrun ms</th>
              <th><span class="visually-hidden">Remove</span></th>
            </tr>
          </thead>
          <tbody>
            ${this.hops.map((h, i) => {
              const r = rows[i];
              const n = i + 1;
              const inp = (
                f: HopField,
                label: string,
                disabled = false,
                cls = "",
              ) =>
                this.#input({
                  id: `hop-${i}-${f}`,
                  label,
                  value: h[f],
                  set: (v) => this.#setHop(i, f, v),
                  message: err(i, f),
                  disabled,
                  cls,
                });
              return html`
                <tr>
                  <td>${inp("name", `name of hop ${n}`, false, "name")}</td>
                  <td>${inp("latency", `latency of hop ${n}, ms`)}</td>
                  <td>${inp("processing", `work at hop ${n}, ms`)}</td>
                  <td>${inp("timeout", `own timeout of hop ${n}, ms`)}</td>
                  <td><select aria-label="how hop ${n} receives the deadline" @change=${(
                    e: Event,
                  ) =>
                    this.#setHop(
                      i,
                      "format",
                      (e.target as HTMLSelectElement).value,
                    )}>
                    ${FORMATS.map((f) => html`<option value=${f} ?selected=${f === h.format}>${f}</option>`)}
                  </select></td>
                  <td>${inp(
                    "skew",
                    `clock skew of hop ${n}, ms`,
                    h.format !== "absolute",
                  )}</td>
                  <td>${inp(
                    "error",
                    `offset error bound of hop ${n}, ms`,
                    h.format !== "absolute",
                  )}</td>
                  <td class="mono nowrap">${r?.header ? `${r.header.name}: ${r.header.value}` : "—"}</td>
                  <td class="num">${r ? ms(r.believedBudgetNs) : ""}${r?.ownTimeoutBinds
                    ? html`<span class="small muted"> (own)</span>`
                    : nothing}</td>
                  <td class="num ${r && r.exhausted ? "over" : ""}">${r ? ms(r.trueBudgetNs) : ""}</td>
                  <td class="num ${r && r.overrunNs > 0n ? "over" : "under"}">${r ? ms(r.overrunNs) : ""}</td>
                  <td><button aria-label="remove hop ${n}" @click=${() => {
                    this.hops = this.hops.filter((_, j) => j !== i);
                  }}>×</button></td>
                </tr>
              `;
            })}
          </tbody>
        </table>
      </div>
      ${p.errors.size > 0
        ? html`
          <p class="error-text"
            data-testid="hops-invalid">Correct the ${p.errors.size === 1
              ? "marked field"
              : `${p.errors.size} marked fields`} to see the budgets.</p>
        `
        : nothing}
      ${result && "error" in result
        ? html`<p class="error-text" role="alert">${result.error.code}: ${clipMessage(result.error.message)}</p>`
        : nothing}
      <p
        class="small muted">A relative timeout restarts at each receiver, so the latency before it is invisible: each hop
        believes more than it has (the overrun). An absolute deadline instead carries the receiver's clock skew, minus
        its error bound.</p>
    `;
  }

  /** Per hop: transit, the time really left until the client's deadline, work, and the overrun. */
  #waterfall(p: HopParse, result: PropagateResult) {
    if (!result || !("rows" in result) || result.rows.length === 0) {
      return nothing;
    }
    const start = result.start;
    const arrivals = result.rows.map((r) => start - r.trueBudgetNs);
    // The believed deadline of a hop that got no usable header is 2^63 − 1 ns: show at most 2 × the budget.
    const cap = (start > 0n ? start : MS) * 2n;
    const ends = result.rows.map((r, i) => arrivals[i] + (r.believedBudgetNs < cap ? r.believedBudgetNs : cap));
    let span = start > 0n ? start : MS;
    for (const e of [...ends, ...arrivals]) if (e > span) span = e;
    const pc = (ns: bigint) =>
      `${
        (Number(ns < 0n ? 0n : ns > span ? span : ns) / Number(span) * 100)
          .toFixed(2)
      }%`;
    const seg = (cls: string, from: bigint, to: bigint, title: string) =>
      to > from
        ? html`
          <span class="seg ${cls}"
            style="left:${pc(from)};width:calc(${pc(to)} - ${pc(from)})"
            title=${title}></span>
        `
        : nothing;
    return html`
      <h3 id="wf-h" style="margin-top:1rem">Waterfall</h3>
      <p
        class="small muted">Time runs left to right from when the client sends (0) to ${human(
          span,
        )}; the red line
        is the client's deadline at ${ms(start)} ms.</p>
      <div class="wf" data-testid="waterfall" role="group" aria-labelledby="wf-h">
        ${result.rows.map((r, i) => {
          const a = arrivals[i];
          const lat = p.hops[i].latencyNs;
          const work = p.hops[i].processingNs;
          const end = ends[i];
          const caption = `arrives at ${ms(a)} ms, really has ${ms(r.trueBudgetNs)} ms, believes ${
            r.believedBudgetNs >= cap ? "no deadline" : `${ms(r.believedBudgetNs)} ms`
          }${
            r.overrunNs > 0n
              ? ` (works up to ${ms(r.overrunNs)} ms after the client gave up)`
              : r.overrunNs < 0n && r.believedBudgetNs < cap
              ? ` (gives up ${ms(-r.overrunNs)} ms before the client's deadline)`
              : ""
          }`;
          return html`
            <div class="name" title=${r.name}>${r.name}</div>
            <div class="track" data-testid="wf-track" aria-label="${r
              .name}: ${caption}"
              role="img">
              ${seg("transit", a - lat, a, `transit ${ms(lat)} ms`)}
              ${seg(
                "left",
                a,
                end < start ? end : start,
                "time usable before the deadline",
              )}
              ${seg(
                "overrun",
                start > a ? start : a,
                end,
                "believed time past the client's deadline",
              )}
              ${seg("work", a, a + work, `work ${ms(work)} ms`)}
              <span class="deadline" style="left:calc(${pc(
                start,
              )} - 1px)"></span>
            </div>
            <div class="caption">${caption}</div>
          `;
        })}
      </div>
      <div class="legend" aria-hidden="true">
        <span><span class="seg transit"></span>transit</span>
        <span><span class="seg left"></span>usable</span>
        <span><span class="seg work"></span>work</span>
        <span><span class="seg overrun"></span>believed, past the deadline</span>
      </div>
    `;
  }

  #implTable(p: HopParse, result: PropagateResult) {
    if (!result || "error" in result) {
      return html`<p class="small muted">Correct the hop inputs above to see the headers.</p>`;
    }
    // The remaining budget each hop would encode for the next (what it believes, minus its work).
    const budgets = [
      { name: "client", ns: result.start },
      ...result.rows.map((r, i) => ({
        name: r.name,
        ns: r.believedBudgetNs - p.hops[i].processingNs,
      })),
    ];
    return html`
      <div class="scroll">
        <table data-testid="impls">
          <thead>
            <tr><th>Sender</th><th>Remaining ms</th>${IMPLS.map((i) => html`<th>${i}</th>`)}</tr>
          </thead>
          <tbody>
            ${budgets.map((b) => {
              const ns = b.ns > 0n ? b.ns : 0n;
              return html`<tr><td>${b.name}</td><td class="num">${ms(b.ns)}</td>${
                IMPLS.map((impl) => {
                  const h = timeoutHeaderFor(impl, ns);
                  const err = h.errorNs;
                  return html`
                    <td
                      class="mono">${h
                        .value}<br /><span class="small ${err === undefined
                        ? "over"
                        : err > 0n
                        ? "over"
                        : "muted"}">${err === undefined
                        ? "rejected by a strict peer"
                        : err === 0n
                        ? "exact"
                        : `${err > 0n ? "+" : ""}${ms(err)} ms`}</span></td>
                  `;
                })
              }</tr>`;
            })}
          </tbody>
        </table>
      </div>
      <p
        class="small muted">grpc-go rounds up to the finest unit that fits 8 digits; grpc-js rounds up from whole ms and
        can emit 9 digits; Envoy and Connect truncate to whole ms (Envoy then to coarser units). Red: the callee is
        promised more time than there is.</p>
    `;
  }

  #stageTable() {
    const p = this.#parseStages();
    const a = this.#analyze(p);
    const by = new Map(
      a && "stages" in a ? a.stages.map((s) => [s.name, s]) : [],
    );
    return html`
      <div class="row">
        <button @click=${() => {
          this.stages = [...this.stages, {
            name: `stage ${this.stages.length + 1}`,
            timeout: "100",
            parent: this.stages[0]?.name ?? "",
            retries: "",
          }];
        }}>Add stage</button>
      </div>
      <div class="scroll">
        <table data-testid="stages">
          <thead>
            <tr>
              <th>Stage</th>
              <th>Timeout ms</th>
              <th>Inside</th>
              <th>Retries</th>
              <th>Ends at ms</th>
              <th>Fires?</th>
              <th><span class="visually-hidden">Remove</span></th>
            </tr>
          </thead>
          <tbody>
            ${this.stages.map((s, i) => {
              const r = by.get(s.name.trim());
              const n = i + 1;
              const inp = (f: StageField, label: string, cls = "") =>
                this.#input({
                  id: `stage-${i}-${f}`,
                  label,
                  value: s[f],
                  set: (v) => this.#setStage(i, f, v),
                  message: p.errors.get(`stage-${i}-${f}`),
                  cls,
                });
              const choices = this.#parentChoices(i);
              return html`
                <tr>
                  <td>${inp("name", `name of stage ${n}`, "name")}</td>
                  <td>${inp("timeout", `timeout of stage ${n}, ms`)}</td>
                  <td><select aria-label="parent of stage ${n}" data-testid="stage-${i}-parent" @change=${(
                    e: Event,
                  ) =>
                    this.#setStage(
                      i,
                      "parent",
                      (e.target as HTMLSelectElement).value,
                    )}>
                    <option value="" ?selected=${s.parent ===
                      ""}>— none (outermost)</option>
                    ${choices.map((c) => html`<option value=${c} ?selected=${c === s.parent}>${clip(c)}</option>`)}
                  </select></td>
                  <td>${inp("retries", `retries of stage ${n}`)}</td>
                  <td class="num">${r ? (r.endNs === undefined ? "never" : ms(r.endNs)) : ""}</td>
                  <td>${r
                    ? (r.dead
                      ? html`<span class="badge bad">never</span>`
                      : html`<span class="badge ok">can fire</span>`)
                    : ""}</td>
                  <td><button aria-label="remove stage ${n}" @click=${() => {
                    const gone = this.stages[i].name;
                    this.stages = this.stages.filter((_, j) => j !== i).map((
                      t,
                    ) => t.parent === gone ? { ...t, parent: s.parent } : t);
                  }}>×</button></td>
                </tr>
              `;
            })}
          </tbody>
        </table>
      </div>
      ${a === undefined
        ? html`
          <p class="error-text"
            data-testid="stages-invalid">Correct the marked fields to see which timeouts fire.</p>
        `
        : "error" in a
        ? html`<p class="error-text" role="alert">${a.error.code}: ${clipMessage(a.error.message)}</p>`
        : html`<ul class="reasons" data-testid="reasons">${
          a.stages.map((s) => html`<li class=${s.dead ? "over" : ""}>${s.reason}</li>`)
        }</ul>`}
    `;
  }

  render() {
    const p = this.#parseHops();
    const result = this.#propagate(p);
    return html`
      <div class="layout">
        <p data-part="start-here"
          class="card"><strong>Start here:</strong> paste a timeout header to read it, or
          change the budget and the hops below to see how much time each service really has, and which nested
          timeouts can never fire. Times are in milliseconds (you may type a unit: 250 ms, 1.5 s, 800 µs).</p>
        <section class="card" aria-labelledby="hdr-h">
          <h2 id="hdr-h">Decode a timeout header</h2>
          ${this.#decoder()}
        </section>
        <section class="card" aria-labelledby="hops-h">
          <h2 id="hops-h">Budget across hops</h2>
          ${this.#hopTable(p, result)}
          ${this.#waterfall(p, result)}
        </section>
        <section class="card" aria-labelledby="impl-h">
          <h2 id="impl-h">What each implementation sends</h2>
          ${this.#implTable(p, result)}
        </section>
        <section class="card" aria-labelledby="chain-h">
          <h2 id="chain-h">Nested timeouts</h2>
          <p class="small muted">Each stage runs inside its parent from the parent's start; retries run back to back
            after a timed-out attempt.</p>
          ${this.#stageTable()}
        </section>
      </div>
    `;
  }
}
customElements.define("cm-page-deadline", CmPageDeadline);
