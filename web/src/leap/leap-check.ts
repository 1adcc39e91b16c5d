// <cm-leap-check>: paste, choose or drop a leap-seconds.list or tzdata `leapseconds` file and see
// at once what clockmath makes of it: format, #h hash, expiry, entries, and any error with its
// code and line. A file that verifies becomes the "loaded" table of the store (usable by the
// converter); anything else clears it. Nothing here throws: every failure is shown.
import { css, html, LitElement, nothing } from "lit";
import { detectLeapFormat, type LeapFileFormat, LeapTable } from "../../../src/mod.ts";
import { dateOf, dateTimeOf, type ErrorInfo, errorInfo, expiryStatus, seconds } from "../format.ts";
import { clipMessage } from "../field-error.ts";
import { leapStore } from "../store.ts";
import { shared } from "../styles.ts";
import { countLeaps } from "./leap-rows.ts";
import "./leap-rows.ts";

/** Larger than any real leap file by far; bigger inputs are refused before parsing. */
const MAX_BYTES = 2_000_000;

type Hash = "ok" | "mismatch" | "skipped" | "none";

interface Report {
  readonly format: LeapFileFormat | undefined;
  readonly hash: Hash;
  readonly table?: LeapTable;
  readonly error?: ErrorInfo;
  /** When the hash fails, what the contents say without it. */
  readonly unverified?: LeapTable;
}

function check(text: string, verifyHash: boolean): Report {
  const format = detectLeapFormat(text);
  const noHash: Hash = format === "tzdata" ? "none" : "skipped";
  try {
    const table = LeapTable.parse(text, { verifyHash });
    return { format, table, hash: format === "leap-seconds.list" && verifyHash ? "ok" : noHash };
  } catch (e) {
    const error = errorInfo(e);
    if (error.code !== "hash-mismatch") return { format, error, hash: "none" };
    let unverified: LeapTable | undefined;
    try {
      unverified = LeapTable.parse(text, { verifyHash: false });
    } catch { /* reported by the first error */ }
    return { format, error, hash: "mismatch", unverified };
  }
}

function formatName(f: LeapFileFormat | undefined): string {
  if (f === "leap-seconds.list") return "IERS/IETF leap-seconds.list";
  if (f === "tzdata") return "tzdata leapseconds";
  return "not recognised";
}

function sameEntries(a: LeapTable, b: LeapTable): string {
  const from = a.validFromUnixNs > b.validFromUnixNs ? a.validFromUnixNs : b.validFromUnixNs;
  const key = (t: LeapTable) => t.leaps.filter((l) => l.unixNs >= from).map((l) => `${l.unixNs}:${l.taiMinusUtcNs}`);
  const ka = key(a);
  const kb = new Set(key(b));
  const only = ka.filter((k) => !kb.has(k)).length;
  const missing = kb.size - (ka.length - only);
  if (only === 0 && missing === 0) return `same ${ka.length} entries as the built-in table since ${dateOf(from)}`;
  return `differs from the built-in table since ${dateOf(from)}: ${only} entr${
    only === 1 ? "y" : "ies"
  } not in it, ${missing} of its entries missing`;
}

export class CmLeapCheck extends LitElement {
  static styles = [
    shared,
    css`
      .drop {
        border: 2px dashed var(--cm-border);
        border-radius: var(--cm-radius);
        padding: 0.75rem;
        transition: border-color 0.15s, background 0.15s;
      }
      .drop.over {
        border-color: var(--cm-accent);
        background: var(--cm-accent-soft);
      }
      textarea {
        min-height: 9rem;
        resize: vertical;
        font-family: var(--cm-mono);
        font-size: 0.82rem;
        line-height: 1.35;
      }
      .controls {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: center;
        margin-top: 0.5rem;
      }
      .file-label {
        display: inline-flex;
        align-items: center;
        gap: 0.4rem;
      }
      input[type="file"] {
        font-size: 0.85rem;
        max-width: 16rem;
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.3rem 1rem;
        margin: 0.75rem 0 0;
      }
      dt {
        color: var(--cm-muted);
      }
      dd {
        margin: 0;
      }
      .errbox {
        margin-top: 0.75rem;
        padding: 0.6rem 0.75rem;
        border-radius: 6px;
        border: 1px solid var(--cm-bad);
        background: var(--cm-bad-soft);
        color: var(--cm-bad);
      }
      .errbox code {
        font-weight: 600;
      }
      details {
        margin-top: 0.75rem;
      }
      summary {
        cursor: pointer;
        color: var(--cm-accent);
      }
      cm-leap-rows {
        margin-top: 0.5rem;
        --rows-max-height: 22rem;
      }
    `,
  ];
  static properties = {
    text: { state: true },
    name: { state: true },
    verifyHash: { state: true },
    over: { state: true },
    readError: { state: true },
  };
  declare text: string;
  declare name: string;
  declare verifyHash: boolean;
  declare over: boolean;
  declare readError: string | undefined;
  #report: Report | undefined;
  #reportKey = "";

  constructor() {
    super();
    this.text = "";
    this.name = "pasted text";
    this.verifyHash = true;
    this.over = false;
    this.readError = undefined;
  }

  get #textarea(): HTMLTextAreaElement | null {
    return this.renderRoot.querySelector("textarea");
  }

  protected willUpdate(): void {
    const key = `${this.verifyHash}\u0000${this.text}`;
    if (key === this.#reportKey) return;
    this.#reportKey = key;
    this.#report = this.text.trim() === "" ? undefined : check(this.text, this.verifyHash);
    const table = this.#report?.table;
    leapStore.setLoaded(table ? { table, name: this.name } : undefined);
  }

  #onInput(e: InputEvent): void {
    this.readError = undefined;
    this.name = "pasted text";
    this.text = (e.target as HTMLTextAreaElement).value;
    const input = this.renderRoot.querySelector<HTMLInputElement>("input[type=file]");
    if (input) input.value = "";
  }

  async #readFile(file: File | undefined): Promise<void> {
    if (!file) return;
    this.readError = undefined;
    if (file.size > MAX_BYTES) {
      this.readError = `${file.name} is ${
        file.size.toLocaleString("en")
      } bytes: far too large for a leap-second file (limit ${MAX_BYTES.toLocaleString("en")}).`;
      return;
    }
    try {
      const text = await file.text();
      if (text.includes("\u0000")) {
        this.readError = `${file.name} looks binary (it contains NUL bytes), not a leap-second file.`;
        return;
      }
      this.name = file.name;
      this.text = text;
    } catch (e) {
      this.readError = `Could not read ${file.name}: ${errorInfo(e).message}`;
    }
  }

  #onDrop(e: DragEvent): void {
    e.preventDefault();
    this.over = false;
    void this.#readFile(e.dataTransfer?.files[0]);
  }
  #onDragOver(e: DragEvent): void {
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = "copy";
    this.over = true;
  }

  /** Selects line `n` (1-based) in the text area and scrolls it into view. */
  #showLine(n: number): void {
    const ta = this.#textarea;
    if (!ta) return;
    const lines = ta.value.split("\n");
    const k = Math.min(Math.max(n, 1), lines.length) - 1;
    const start = lines.slice(0, k).reduce((s, l) => s + l.length + 1, 0);
    ta.focus();
    ta.setSelectionRange(start, start + lines[k].length);
    const lineHeight = parseFloat(getComputedStyle(ta).lineHeight) || 16;
    ta.scrollTop = Math.max(0, k * lineHeight - ta.clientHeight / 2);
  }

  #clear(): void {
    this.text = "";
    this.name = "pasted text";
    this.readError = undefined;
    const input = this.renderRoot.querySelector<HTMLInputElement>("input[type=file]");
    if (input) input.value = "";
  }

  /** One sentence for the live region. */
  #summary(): string {
    const r = this.#report;
    if (this.readError) return this.readError;
    if (!r) return "";
    if (r.table) {
      return `Valid ${formatName(r.format)}, ${r.hash === "ok" ? "hash OK, " : ""}${r.table.leaps.length} entries, ${
        expiryStatus(r.table).label
      }.`;
    }
    return `Rejected: ${r.error!.code}${r.error!.line !== undefined ? ` at line ${r.error!.line}` : ""}.`;
  }

  #renderReport() {
    const r = this.#report;
    if (this.readError) {
      return html`<div class="errbox" data-testid="check-error"><strong>Cannot read the file.</strong> ${this.readError}</div>`;
    }
    if (!r) {
      return html`<p class="muted small">Waiting for a file. Its #h hash, expiry and entries are checked as soon as it arrives.</p>`;
    }
    const t = r.table ?? r.unverified;
    const hashBadge = {
      ok: html`<span class="badge ok">hash OK</span>`,
      mismatch: html`<span class="badge bad">hash-mismatch</span>`,
      skipped: html`<span class="badge warn">hash not checked</span>`,
      none: html`<span class="badge info">${r.format === "tzdata" ? "no hash in this format" : "—"}</span>`,
    }[r.hash];
    const status = t ? expiryStatus(t) : undefined;
    const counts = t ? countLeaps(t) : undefined;
    const last = t?.leaps[t.leaps.length - 1];
    return html`
      <dl data-testid="check-report">
        <dt>Verdict</dt>
        <dd data-testid="verdict">${r.table
          ? html`<span class="badge ok">valid</span> <span class="small">usable in the converter below</span>`
          : html`<span class="badge bad">rejected</span> <span class="small">the converter keeps the built-in table</span>`}</dd>
        <dt>Format</dt><dd data-testid="format">${formatName(r.format)}</dd>
        <dt>Hash</dt><dd data-testid="hash">${hashBadge}</dd>
        ${t
          ? html`
            <dt>Expiry</dt>
            <dd data-testid="expiry"><span class="badge ${status!.kind}">${status!
              .label}</span> <span class="small">${status!.detail}</span></dd>
            <dt>Updated</dt>
            <dd>${t.updatedUnixNs === undefined
              ? html`<span class="muted">not given</span>`
              : dateTimeOf(t.updatedUnixNs)}</dd>
            <dt>Entries</dt>
            <dd data-testid="entries">${t.leaps.length} entries from ${dateOf(t.leaps[0].unixNs)};
              ${counts!.inserted + counts!.deleted} leap seconds (${counts!.inserted} inserted, ${counts!
                .deleted} deleted);
              last: TAI−UTC ${seconds(last!.taiMinusUtcNs)} s from ${dateOf(last!.unixNs)}</dd>
            <dt>Compared</dt>
            <dd class="small">${sameEntries(t, leapStore.builtin)}</dd>
          `
          : nothing}
      </dl>
      ${r.error
        ? html`<div class="errbox" data-testid="check-error">
          <div><code>${r.error.code}</code>${
          r.error.line !== undefined
            ? html`
              at <strong>line ${r.error.line}</strong>
            `
            : nothing
        }</div>
          <div class="small">${clipMessage(r.error.message)}</div>
          ${
          r.error.line !== undefined && r.error.line > 0
            ? html`<button type="button" class="small" @click=${() =>
              this.#showLine(r.error!.line!)}>Select line ${r.error.line} in the text</button>`
            : nothing
        }
          ${
          r.unverified
            ? html`<div class="small">Without the hash check the contents read as ${r.unverified.leaps.length}
            entries, but they are not what was signed: one of them, or the #$ / #@ dates, was changed.</div>`
            : nothing
        }
        </div>`
        : nothing}
      ${t
        ? html`
          <details>
            <summary>Show all ${t.leaps.length} entries of this file</summary>
            <cm-leap-rows .table=${t} caption=${`Entries of ${this.name}`}></cm-leap-rows>
          </details>
        `
        : nothing}
    `;
  }

  render() {
    const bad = this.#report?.error !== undefined || this.readError !== undefined;
    return html`
      <div class="drop ${this.over ? "over" : ""}"
        @dragover=${this.#onDragOver} @dragleave=${() => (this.over = false)} @drop=${this.#onDrop}>
        <label for="leap-text"><strong>Leap-second file</strong>
          <span class="muted small">— paste a leap-seconds.list or tzdata leapseconds, choose one, or drop it here</span></label>
        <textarea id="leap-text" spellcheck="false" autocomplete="off" aria-invalid=${bad ? "true" : "false"}
          aria-describedby="leap-result"
          placeholder=${"#$\t3992312697\n#@\t4023129600\n2272060800\t10\t# 1 Jan 1972\n…\n#h\ta9bad145 84c31c70 758402aa b37bfd54 5923836a"}
          .value=${this.text} @input=${this.#onInput}></textarea>
        <div class="controls">
          <label class="file-label">Choose file:
            <input type="file" @change=${(e: Event) =>
              void this.#readFile((e.target as HTMLInputElement).files?.[0])} />
          </label>
          <label><input type="checkbox" .checked=${this.verifyHash}
            @change=${(
              e: Event,
            ) => (this.verifyHash = (e.target as HTMLInputElement).checked)} /> verify the #h hash</label>
          <button type="button" @click=${this.#clear} ?disabled=${this.text === "" && !this.readError}>Clear</button>
          ${this.text
            ? html`<span class="muted small">${this.name}, ${this.text.split("\n").length} lines</span>`
            : nothing}
        </div>
      </div>
      <p class="visually-hidden" role="status" aria-live="polite">${this.#summary()}</p>
      <div id="leap-result">${this.#renderReport()}</div>
    `;
  }
}
customElements.define("cm-leap-check", CmLeapCheck);
