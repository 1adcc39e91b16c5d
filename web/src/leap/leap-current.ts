// <cm-leap-current>: how current the table in use is (status and source), loading a fresh
// leap-seconds.list from a URL (LeapTable.fetchLatest: hash verified, older files refused), and a
// chart of what TAI−UTC can be after the table's expiry (taiMinusUtcRange). Nothing here throws:
// every failure is shown, with each source's reason.
import { css, html, LitElement, nothing, svg } from "lit";
import { LEAP_SOURCES, type LeapMonths, type LeapSourceAttempt, LeapTable, NoLeapDataError } from "../../../src/mod.ts";
import { dateOf, dateTimeOf, type ErrorInfo, errorInfo, nowUnixNs, NS_PER_SECOND } from "../format.ts";
import { leapStore, LeapStoreController } from "../store.ts";
import { shared } from "../styles.ts";
import { clip, clipMessage, fieldErrorStyles, fieldMessage } from "../field-error.ts";

/** Longest URL the field takes. */
const URL_MAX = 2000;

/** Why `url` cannot be loaded, in UI words; undefined when it can be tried. */
export function urlProblem(url: string): string | undefined {
  if (url === "") return "Type the URL of a leap-seconds.list first";
  if (url.length > URL_MAX) return `That is ${url.length.toLocaleString("en")} characters: not a URL`;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `“${clip(url)}” is not a full URL: start it with https://`;
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") return `Only http and https URLs can be fetched`;
  return undefined;
}

const H = 220, PAD_L = 44, PAD_R = 12, PAD_T = 12, PAD_B = 28;
const YEARS_AFTER = 4;
const SETS: readonly { months: LeapMonths; label: string; cls: string }[] = [
  { months: "any-month", label: "any month end (default)", cls: "any" },
  { months: "june-december", label: "June/December only", cls: "jd" },
];

/** Month starts from a year before the expiry to YEARS_AFTER after it, Unix ns. */
function monthGrid(exp: bigint): bigint[] {
  const d = new Date(Number(exp / 1_000_000n));
  const out: bigint[] = [];
  for (let m = -12; m <= YEARS_AFTER * 12; m++) {
    out.push(BigInt(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + m, 1)) * 1_000_000n);
  }
  return out;
}

export class CmLeapCurrent extends LitElement {
  static styles = [
    shared,
    fieldErrorStyles,
    css`
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.3rem 1rem;
        margin: 0 0 0.75rem;
      }
      dt {
        color: var(--cm-muted);
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      form {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
      }
      form input {
        flex: 1 1 16rem;
        min-width: 0;
      }
      .errbox {
        margin-top: 0.5rem;
        padding: 0.5rem 0.75rem;
        border-radius: 6px;
        border: 1px solid var(--cm-bad);
        background: var(--cm-bad-soft);
        color: var(--cm-bad);
        font-size: 0.875rem;
        overflow-wrap: anywhere;
      }
      .errbox ul {
        margin: 0.25rem 0 0;
        padding-left: 1.2rem;
      }
      .ok-text {
        overflow-wrap: anywhere;
        color: var(--cm-ok);
        font-size: 0.875rem;
        margin-top: 0.5rem;
      }
      svg {
        width: 100%;
        height: auto;
        display: block;
        margin-top: 0.75rem;
      }
      .axis {
        stroke: var(--cm-border);
      }
      .grid {
        stroke: var(--cm-border);
        stroke-dasharray: 2 3;
      }
      text {
        fill: var(--cm-muted);
        font-size: 10px;
        font-family: var(--cm-font);
      }
      .any {
        fill: var(--cm-warn-soft);
        stroke: var(--cm-warn);
      }
      .jd {
        fill: var(--cm-accent-soft);
        stroke: var(--cm-accent);
      }
      .exact {
        fill: none;
        stroke: var(--cm-text);
        stroke-width: 2;
      }
      .exp {
        stroke: var(--cm-bad);
        stroke-dasharray: 4 3;
      }
      .legend {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 1rem;
        font-size: 0.8rem;
        color: var(--cm-muted);
      }
      .swatch {
        display: inline-block;
        width: 0.8rem;
        height: 0.8rem;
        border-radius: 2px;
        vertical-align: -0.1rem;
        margin-right: 0.3rem;
      }
      .swatch.any {
        background: var(--cm-warn-soft);
        border: 1px solid var(--cm-warn);
      }
      .swatch.jd {
        background: var(--cm-accent-soft);
        border: 1px solid var(--cm-accent);
      }
    `,
  ];
  static properties = {
    url: { state: true },
    busy: { state: true },
    error: { state: true },
    attempts: { state: true },
    done: { state: true },
    urlError: { state: true },
    width: { state: true },
  };

  declare url: string;
  declare busy: boolean;
  declare error: ErrorInfo | undefined;
  declare attempts: readonly LeapSourceAttempt[];
  declare done: string;
  /** Why the typed URL cannot be fetched (shown beside the field). */
  declare urlError: string | undefined;
  declare width: number;
  #resize = new ResizeObserver((entries) => {
    const w = Math.round(entries[0]?.contentRect.width ?? 0);
    if (w > 0 && Math.abs(w - this.width) > 4) this.width = w;
  });

  constructor() {
    super();
    new LeapStoreController(this);
    this.url = "";
    this.busy = false;
    this.error = undefined;
    this.attempts = [];
    this.done = "";
    this.urlError = undefined;
    this.width = 560;
  }

  connectedCallback(): void {
    super.connectedCallback();
    this.#resize.observe(this);
  }
  disconnectedCallback(): void {
    this.#resize.disconnect();
    super.disconnectedCallback();
  }

  async #load(sources: readonly { name: string; url: string }[]): Promise<void> {
    this.busy = true;
    this.error = undefined;
    this.attempts = [];
    this.done = "";
    try {
      const table = await LeapTable.fetchLatest({ sources, current: leapStore.builtin });
      leapStore.setLoaded({ table, name: table.source ?? sources[0].url });
      leapStore.choose("loaded");
      this.done = `Loaded: ${table.source}`;
    } catch (e) {
      this.error = errorInfo(e);
      this.attempts = e instanceof NoLeapDataError ? e.attempts : [];
    } finally {
      this.busy = false;
    }
  }

  #submit(e: Event): void {
    e.preventDefault();
    const url = this.url.trim();
    this.urlError = urlProblem(url);
    if (this.urlError !== undefined) {
      this.renderRoot.querySelector<HTMLInputElement>("#leap-url")?.focus();
      return;
    }
    void this.#load([{ name: "URL", url }]);
  }

  render() {
    const t = leapStore.table;
    const st = t.status(nowUnixNs());
    const badge = st.state === "valid" ? "ok" : st.state === "expiring-soon" ? "warn" : "bad";
    const days = st.daysLeft === undefined
      ? "no expiry date"
      : st.daysLeft >= 0
      ? `${st.daysLeft} day${st.daysLeft === 1 ? "" : "s"} left`
      : `expired ${-st.daysLeft} day${st.daysLeft === -1 ? "" : "s"} ago`;
    return html`
      <dl>
        <dt>In use</dt>
        <dd data-testid="current-name">${leapStore.tableName}</dd>
        <dt>Status</dt>
        <dd
          data-testid="current-status"><span class="badge ${badge}">${st
            .state}</span> <span class="small">${days}</span></dd>
        <dt>Source</dt>
        <dd class="small" data-testid="current-source">${t.source ?? "—"}</dd>
        <dt>Expires</dt>
        <dd>${t.expiresUnixNs === undefined ? "—" : dateTimeOf(t.expiresUnixNs)}</dd>
      </dl>
      <form @submit=${(e: Event) => this.#submit(e)} aria-label="Load a leap-seconds.list from a URL">
        <input type="text" id="leap-url" data-testid="url" placeholder="https://…/leap-seconds.list"
          aria-label="URL of a leap-seconds.list" aria-invalid=${this.urlError ? "true" : "false"}
          aria-describedby="leap-url-msg" .value=${this.url} @input=${(e: Event) => {
            this.url = (e.target as HTMLInputElement).value;
            this.urlError = undefined;
          }} />
        <button class="primary" type="submit" ?disabled=${this.busy} data-testid="load-url">Load URL</button>
        <button type="button" ?disabled=${this.busy} data-testid="load-latest"
          @click=${() => void this.#load(LEAP_SOURCES)}>Fetch latest (IERS, IANA, GitHub)</button>
      </form>
      ${fieldMessage("leap-url-msg", this.urlError)}
      <p class="small muted">The file must verify (its <code>#h</code> SHA-1) and be no older than the built-in table.</p>
      ${this.busy ? html`<p class="small" data-testid="busy">Fetching…</p>` : nothing}
      ${this.done ? html`<p class="ok-text" data-testid="load-ok">${this.done}</p>` : nothing}
      ${this.error
        ? html`<div class="errbox" role="alert" data-testid="load-error"><code>${this.error.code}</code>
        ${
          this.attempts.length
            ? html`<ul>${
              this.attempts.map((a) => html`<li><code>${a.code}</code> ${a.source}: ${clipMessage(a.message)}</li>`)
            }</ul>`
            : html`
              ${clipMessage(this.error.message)}
            `
        }</div>`
        : nothing}
      ${this.#chart(t)}
    `;
  }

  #chart(t: LeapTable) {
    const exp = t.expiresUnixNs;
    if (exp === undefined) {
      return html`<p class="small muted">This table has no expiry: its answers are exact everywhere.</p>`;
    }
    const xs = monthGrid(exp);
    const x0 = xs[0], x1 = xs[xs.length - 1];
    const bands = SETS.map((s) => ({ ...s, pts: xs.map((u) => t.taiMinusUtcRange(u, { months: s.months })) }));
    let lo = bands[0].pts[0].minNs, hi = bands[0].pts[0].maxNs;
    for (const b of bands) {
      for (const p of b.pts) {
        if (p.minNs < lo) lo = p.minNs;
        if (p.maxNs > hi) hi = p.maxNs;
      }
    }
    lo -= NS_PER_SECOND;
    hi += NS_PER_SECOND;
    // the drawing is as wide as its box (text stays 10 px on a phone), within [300, 760]
    const W = Math.max(300, Math.min(this.width, 760));
    const px = (u: bigint) => PAD_L + (Number(u - x0) / Number(x1 - x0)) * (W - PAD_L - PAD_R);
    const py = (v: bigint) => PAD_T + (Number(hi - v) / Number(hi - lo)) * (H - PAD_T - PAD_B);
    // Step shapes: a value holds from its month start to the next (the last to the chart's end).
    const steps = (vals: readonly bigint[]) => vals.flatMap((v, i) => [[xs[i], v], [xs[i + 1] ?? x1, v]] as const);
    const path = (pts: readonly (readonly [bigint, bigint])[]) =>
      pts.map(([u, v], i) => `${i === 0 ? "M" : "L"}${px(u).toFixed(1)} ${py(v).toFixed(1)}`).join(" ");
    const band = (b: (typeof bands)[number]) => {
      const top = steps(b.pts.map((p) => p.maxNs));
      const bottom = steps(b.pts.map((p) => p.minNs)).reverse();
      return svg`<path class=${b.cls} data-set=${b.months} fill-opacity="0.6" d=${`${
        path([...top, ...bottom])
      } Z`}></path>`;
    };
    const exact = xs.filter((u) => u < exp);
    // round steps of whole seconds, at most 8 labels (20 px apart or more at 220 px high)
    const spanS = (hi - lo) / NS_PER_SECOND;
    const step = [1n, 2n, 5n, 10n, 20n, 25n, 50n, 100n, 200n, 500n].find((d) => spanS / d <= 8n) ?? 1000n;
    const ticks: bigint[] = [];
    for (let s = (lo / NS_PER_SECOND) + 1n; s * NS_PER_SECOND < hi; s++) {
      if (s % step === 0n) ticks.push(s * NS_PER_SECOND);
    }
    const years = xs.filter((u) => new Date(Number(u / 1_000_000n)).getUTCMonth() === 0);
    const at2030 = xs.find((u) => u >= exp + BigInt(YEARS_AFTER - 1) * 365n * 86_400n * NS_PER_SECOND)!;
    const r = t.taiMinusUtcRange(at2030), rj = t.taiMinusUtcRange(at2030, { months: "june-december" });
    const s = (ns: bigint) => (ns / NS_PER_SECOND).toString();
    return html`
      <svg viewBox="0 0 ${W} ${H}" role="img" data-testid="range-chart"
        aria-label=${`TAI−UTC bounds from ${dateOf(x0)} to ${dateOf(x1)}: exact until the expiry ${
          dateOf(exp)
        }, then widening by one second per possible month end`}>
        ${ticks.map((v) =>
          svg`
            <line class="grid" x1=${PAD_L} x2=${W - PAD_R} y1=${py(v)} y2=${py(v)}></line>
            <text x=${PAD_L - 4} y=${py(v) + 3} text-anchor="end">${s(v)} s</text>
          `
        )}
        ${years.map((u) => svg`<text x=${px(u)} y=${H - 10} text-anchor="middle">${dateOf(u).slice(0, 4)}</text>`)}
        ${bands.map(band)}
        <path class="exact" data-set="exact" d=${path(
          steps(exact.map((u) => t.taiMinusUtc(u, { strict: false }))).slice(0, -1),
        )}></path>
        <line class="exp" x1=${px(exp)} x2=${px(exp)} y1=${PAD_T} y2=${H - PAD_B}></line>
        <text x=${px(exp) + 4} y=${PAD_T + 10}>expires ${dateOf(exp)}</text>
        <line class="axis" x1=${PAD_L} x2=${W - PAD_R} y1=${H - PAD_B} y2=${H - PAD_B}></line>
      </svg>
      <div class="legend">
        <span><span class="swatch" style="background: var(--cm-text)"></span>exact (inside validity)</span>
        ${SETS.map((b) => html`<span><span class="swatch ${b.cls}"></span>possible after expiry: ${b.label}</span>`)}
      </div>
      <p class="small" data-testid="range-explain">
        After the expiry nobody can know TAI−UTC without a newer file, but it is bounded: each month end
        at which a leap second could have been inserted or deleted widens the range by one second each way.
        ITU-R TF.460-6 allows any month end (preferring June and December), so on ${dateOf(at2030)}
        TAI−UTC lies in [${s(r.minNs)} s, ${s(r.maxNs)} s]; counting only June and December, as every leap
        so far, in [${s(rj.minNs)} s, ${s(rj.maxNs)} s].
        <code>taiMinusUtcRange(u, { months })</code> gives these bounds.
      </p>
    `;
  }
}
customElements.define("cm-leap-current", CmLeapCurrent);
