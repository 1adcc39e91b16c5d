// <cm-converter>: one instant under six labels: Unix ns, TAI ns, UTC (RFC 3339, second 60 in a
// leap second), GPS ns (+ week and time of week), PTP seconds + ns, TAI64N. Editing a field
// recomputes the others through TAI ns with the store's table; an input that does not parse keeps
// the other fields at the last good instant and shows its error beside it.
import { css, html, LitElement, nothing } from "lit";
import { live } from "lit/directives/live.js";
import {
  ClockmathError,
  formatUtc,
  gpsToTai,
  gpsWeek,
  InvalidArgumentError,
  type LeapTable,
  type LookupOptions,
  parseUtc,
  ptpToTai,
  tai64nToTai,
  taiToGps,
  taiToPtp,
  taiToTai64n,
} from "../../../src/mod.ts";
import { type ErrorInfo, errorInfo, grouped, nowUnixNs, seconds } from "../format.ts";
import { leapStore, LeapStoreController } from "../store.ts";
import { shared } from "../styles.ts";
import { clip, clipMessage, FIELD_MAX_CHARS } from "../field-error.ts";

type Field = "utc" | "unix" | "tai" | "gps" | "ptpS" | "ptpNs" | "tai64n";
const FIELDS: readonly Field[] = ["utc", "unix", "tai", "gps", "ptpS", "ptpNs", "tai64n"];
type Texts = Record<Field, string>;

/** An integer typed by a person: digits with optional _ , spaces or thin spaces between them. */
export function parseInteger(text: string, what: string): bigint {
  if (text.length > FIELD_MAX_CHARS) {
    throw new InvalidArgumentError(`${what} is too long (${text.length.toLocaleString("en")} characters)`);
  }
  const t = text.trim().replace(/^\u2212/, "-");
  if (!/^[+-]?\d[\d_,\s\u2009]*$/.test(t) || /[_,\s\u2009]$/.test(t)) {
    throw new InvalidArgumentError(`${what} must be an integer, got “${clip(text)}”`);
  }
  return BigInt(t.replace(/[_,\s\u2009+]/g, ""));
}

/** TAI ns of the edited field(s). */
function toTai(field: Field, x: Texts, table: LeapTable, opts: LookupOptions): bigint {
  switch (field) {
    case "utc":
      return utcToTai(x.utc, table, opts);
    case "unix":
      return table.unixToTai(parseInteger(x.unix, "Unix ns"), opts);
    case "tai":
      return checkTai(parseInteger(x.tai, "TAI ns"), table, opts);
    case "gps":
      return checkTai(gpsToTai(parseInteger(x.gps, "GPS ns")), table, opts);
    case "ptpS":
    case "ptpNs": {
      const ns = parseInteger(x.ptpNs, "PTP nanoseconds");
      if (ns < 0n || ns > 999_999_999n) {
        throw new InvalidArgumentError(`PTP nanoseconds must be 0..999999999, got ${ns}`);
      }
      return checkTai(ptpToTai({ seconds: parseInteger(x.ptpS, "PTP seconds"), nanoseconds: Number(ns) }), table, opts);
    }
    case "tai64n":
      if (x.tai64n.length > FIELD_MAX_CHARS) {
        throw new InvalidArgumentError(`TAI64N is too long (${x.tai64n.length.toLocaleString("en")} characters)`);
      }
      return checkTai(tai64nToTai(x.tai64n), table, opts);
  }
}
/**
 * UTC text → TAI ns, refusing results that do not read back as the text. Workaround: in this
 * version parseUtc/utcToTai overflow i64 for years past 2262 and can return a wrong instant
 * (2800-01-01T00:00:00Z → 2215-06-13T00:25:26.290448384Z) instead of throwing out-of-range.
 */
function utcToTai(text: string, table: LeapTable, opts: LookupOptions): bigint {
  if (text.length > FIELD_MAX_CHARS) {
    throw new InvalidArgumentError(`UTC is too long (${text.length.toLocaleString("en")} characters)`);
  }
  const typedYear = Number(/^\s*(\d{4})/.exec(text)?.[1]);
  const fields = parseUtc(text);
  const tai = table.utcToTai(fields, opts);
  const back = table.taiToUtc(tai);
  const same = (Object.keys(fields) as (keyof typeof fields)[]).every((k) => fields[k] === back[k]);
  if (!same || Math.abs(fields.year - typedYear) > 1) {
    throw new ClockmathError(
      "out-of-range",
      `${clip(text)} is past what clockmath can represent in ns (the last whole year is 2261)`,
    );
  }
  return tai;
}

/** A TAI instant must also be one the table can label in UTC; taiToUnix checks range and expiry. */
function checkTai(tai: bigint, table: LeapTable, opts: LookupOptions): bigint {
  table.taiToUnix(tai, opts);
  return tai;
}

interface Derived {
  texts: Partial<Texts>;
  errors: Partial<Record<Field, ErrorInfo>>;
}

/** Every field's text for TAI ns, each computed on its own so one failure does not hide the rest. */
function fromTai(tai: bigint, table: LeapTable, opts: LookupOptions): Derived {
  const texts: Partial<Texts> = {};
  const errors: Partial<Record<Field, ErrorInfo>> = {};
  const put = (fields: Field[], f: () => string[]) => {
    try {
      f().forEach((v, i) => (texts[fields[i]] = v));
    } catch (e) {
      for (const k of fields) {
        texts[k] = "";
        errors[k] = errorInfo(e);
      }
    }
  };
  put(["utc"], () => [formatUtc(table.taiToUtc(tai, opts))]);
  put(["unix"], () => [table.taiToUnix(tai, opts).toString()]);
  put(["tai"], () => [tai.toString()]);
  put(["gps"], () => [taiToGps(tai).toString()]);
  put(["ptpS", "ptpNs"], () => {
    const p = taiToPtp(tai);
    return [p.seconds.toString(), String(p.nanoseconds)];
  });
  put(["tai64n"], () => [taiToTai64n(tai)]);
  return { texts, errors };
}

const LEAP_EXAMPLE = "2016-12-31T23:59:60.5Z";

export class CmConverter extends LitElement {
  static styles = [
    shared,
    css`
      /* the table choice: an unframed row in body text, its legend in line with the radios */
      fieldset {
        border: none;
        padding: 0;
        margin-bottom: 0.75rem;
        gap: 0.35rem 1rem;
        align-items: center;
      }
      fieldset label,
      legend {
        font-size: inherit;
      }
      legend {
        padding: 0;
        margin-bottom: 0.25rem;
        font-weight: 600;
        float: left;
        margin-right: 0.75rem;
      }
      .actions {
        display: flex;
        gap: 0.5rem;
        flex-wrap: wrap;
        margin-bottom: 0.9rem;
      }
      .grid {
        display: grid;
        grid-template-columns: minmax(0, max-content) minmax(0, 1fr);
        gap: 0.65rem 0.9rem;
        align-items: start;
      }
      /* narrow: each label above its field */
      @media (max-width: 600px) {
        .grid {
          grid-template-columns: minmax(0, 1fr);
          gap: 0.2rem;
        }
        .grid > label,
        .grid > .label {
          padding-top: 0.5rem;
        }
      }
      .error-text {
        overflow-wrap: anywhere;
      }
      .grid > label,
      .grid > .label {
        padding-top: 0.4rem;
        font-weight: 600;
      }
      .grid .hint {
        display: block;
        font-weight: 400;
        font-size: 0.8rem;
        color: var(--cm-muted);
      }
      .pair {
        display: grid;
        grid-template-columns: minmax(0, 2fr) minmax(0, 1fr);
        gap: 0.5rem;
      }
      .pair label {
        font-size: 0.8rem;
        color: var(--cm-muted);
        display: block;
      }
      .extra {
        font-size: 0.85rem;
        color: var(--cm-muted);
        margin-top: 0.2rem;
      }
      .stale input {
        opacity: 0.55;
      }
      .notes {
        margin-top: 1rem;
        font-size: 0.88rem;
      }
      .notes li {
        margin: 0.2rem 0;
      }
    `,
  ];
  static properties = { texts: { state: true }, errors: { state: true }, strict: { state: true } };
  declare texts: Texts;
  declare errors: Partial<Record<Field, ErrorInfo>>;
  declare strict: boolean;
  readonly #store = new LeapStoreController(this);
  /** The field the current instant came from, re-read when the table changes. */
  #source: Field = "unix";
  #tai: bigint | undefined;
  #table: LeapTable | undefined;

  constructor() {
    super();
    this.texts = { utc: "", unix: nowUnixNs().toString(), tai: "", gps: "", ptpS: "", ptpNs: "", tai64n: "" };
    this.errors = {};
    this.strict = false;
  }

  get #opts(): LookupOptions {
    return { strict: this.strict };
  }

  protected willUpdate(): void {
    if (leapStore.table !== this.#table) {
      this.#table = leapStore.table;
      this.#convert(this.#source);
    }
  }

  /** Reads `field` (already in this.texts) and rewrites every other field. */
  #convert(field: Field): void {
    this.#source = field;
    const table = leapStore.table;
    const group: Field[] = field === "ptpS" || field === "ptpNs" ? ["ptpS", "ptpNs"] : [field];
    try {
      const tai = toTai(field, this.texts, table, this.#opts);
      this.#tai = tai;
      const d = fromTai(tai, table, this.#opts);
      const texts = { ...this.texts };
      for (const k of FIELDS) if (!group.includes(k)) texts[k] = d.texts[k] ?? "";
      this.texts = texts;
      this.errors = d.errors;
      for (const k of group) delete this.errors[k];
    } catch (e) {
      const err = errorInfo(e);
      this.errors = { ...this.errors, ...Object.fromEntries(group.map((k) => [k, err])) };
      // Errors of other fields described the old instant; they stay, since those values did not change.
    }
  }

  #edit(field: Field, value: string): void {
    this.texts = { ...this.texts, [field]: value };
    this.#convert(field);
  }

  /** Sets the UTC field and converts from it (also used by the example button and the tests). */
  setUtc(text: string): void {
    this.#edit("utc", text);
  }
  #now(): void {
    this.#edit("unix", nowUnixNs().toString());
  }

  #input(field: Field, label: string, hint: string, extra: unknown = nothing) {
    const err = this.errors[field];
    return html`
      <label for=${field}>${label}<span class="hint">${hint}</span></label>
      <div>
        <input type="text" id=${field} name=${field} spellcheck="false" autocomplete="off" inputmode=${field ===
              "utc" || field === "tai64n"
          ? "text"
          : "numeric"}
          aria-invalid=${err ? "true" : "false"} aria-describedby="${field}-err ${field}-extra"
          .value=${live(this.texts[field])} @input=${(e: InputEvent) =>
            this.#edit(field, (e.target as HTMLInputElement).value)} />
        <div class="error-text" id="${field}-err" data-testid="${field}-error">${err
          ? html`<code>${err.code}</code>: ${clipMessage(err.message)}`
          : nothing}</div>
        <div class="extra" id="${field}-extra">${extra}</div>
      </div>
    `;
  }

  #ptp() {
    const err = this.errors.ptpS ?? this.errors.ptpNs;
    return html`
      <div class="label" id="ptp-label">PTP<span class="hint">IEEE 1588, TAI since 1970</span></div>
      <div role="group" aria-labelledby="ptp-label">
        <div class="pair">
          ${(["ptpS", "ptpNs"] as const).map((f) =>
            html`
              <div>
                <label for=${f}>${f === "ptpS" ? "seconds" : "nanoseconds"}</label>
                <input type="text" id=${f} name=${f} inputmode="numeric" spellcheck="false" autocomplete="off"
                  aria-invalid=${err ? "true" : "false"} aria-describedby="ptp-err"
                  .value=${live(this.texts[f])} @input=${(e: InputEvent) =>
                    this.#edit(f, (e.target as HTMLInputElement).value)} />
              </div>
            `
          )}
        </div>
        <div class="error-text" id="ptp-err" data-testid="ptp-error">${err
          ? html`<code>${err.code}</code>: ${clipMessage(err.message)}`
          : nothing}</div>
      </div>
    `;
  }

  #facts() {
    const tai = this.#tai;
    if (tai === undefined) return nothing;
    const table = leapStore.table;
    try {
      const unix = table.taiToUnix(tai);
      const f = table.taiToUtc(tai);
      return html`<ul class="notes muted" data-testid="facts">
        <li>TAI−UTC here: <span class="mono">${seconds(table.taiMinusUtc(unix))} s</span>
          ${
        table.expiresUnixNs !== undefined && unix >= table.expiresUnixNs
          ? html`
            <span class="badge warn">past the table's expiry: later leap seconds unknown</span>
          `
          : nothing
      }</li>
        ${
        f.second === 60
          ? html`<li><strong>Inside an inserted leap second.</strong> UTC reads 23:59:60; a POSIX clock repeats 23:59:59, so the Unix ns shown also label the 23:59:59 one second earlier.</li>`
          : nothing
      }
        <li>Values are exact integers; you may type digits grouped with _ or spaces.</li>
      </ul>`;
    } catch {
      return nothing;
    }
  }

  render() {
    const loaded = leapStore.loaded;
    const gps = (() => {
      try {
        if (this.errors.gps || this.texts.gps === "") return nothing;
        const w = gpsWeek(parseInteger(this.texts.gps, "GPS ns"));
        return html`week <span class="mono">${w.week}</span>, time of week <span class="mono">${
          seconds(w.towNs)
        } s</span>`;
      } catch {
        return nothing;
      }
    })();
    const stale = FIELDS.some((f) => f === this.#source && this.errors[f]);
    return html`
      <fieldset>
        <legend>Convert with</legend>
        <label><input type="radio" name="table" value="builtin" .checked=${leapStore.choice === "builtin"}
          @change=${() => leapStore.choose("builtin")} /> built-in table</label>
        <label><input type="radio" name="table" value="loaded" .checked=${leapStore.choice ===
          "loaded"} ?disabled=${!loaded}
          @change=${() => leapStore.choose("loaded")} /> ${loaded
            ? html`loaded file (${loaded.name})`
            : html`loaded file <span class="muted">(none verified yet)</span>`}</label>
        <label title="Lookups at or after the table's expiry throw 'expired'"><input type="checkbox" .checked=${this
          .strict}
          @change=${(e: Event) => {
            this.strict = (e.target as HTMLInputElement).checked;
            this.#convert(this.#source);
          }} /> strict: refuse instants past expiry</label>
      </fieldset>
      <div class="actions">
        <button type="button" @click=${this.#now}>Now</button>
        <button type="button" @click=${() => this.setUtc(LEAP_EXAMPLE)}
          aria-label="Set UTC to ${LEAP_EXAMPLE}, half-way through the last leap second">${LEAP_EXAMPLE}</button>
      </div>
      <div class="grid ${stale ? "stale" : ""}">
        ${this.#input("utc", "UTC", "RFC 3339, :60 in a leap second")}
        ${this.#input("unix", "Unix ns", "POSIX, 86 400 s a day")}
        ${this.#input(
          "tai",
          "TAI ns",
          "SI seconds since 1970 TAI",
          this.texts.tai && !this.errors.tai
            ? html`<span aria-hidden="true" class="mono">${safeGrouped(this.texts.tai)}</span>`
            : nothing,
        )}
        ${this.#input("gps", "GPS ns", "since 1980-01-06, TAI − 19 s", gps)}
        ${this.#ptp()}
        ${this.#input("tai64n", "TAI64N", "@ + 24 hex digits")}
      </div>
      ${stale ? html`<p class="small muted">The other fields still show the last valid instant.</p>` : nothing}
      ${this.#facts()}
    `;
  }
}

function safeGrouped(t: string): string {
  try {
    return grouped(BigInt(t));
  } catch {
    return "";
  }
}

customElements.define("cm-converter", CmConverter);
