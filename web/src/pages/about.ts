// Page "About": what the playground is, the time scales it uses and the library's ranges.
import { css, html, LitElement } from "lit";
import { MAX_OFFSET_NS, MAX_UNIX_NS, MIN_UNIX_NS } from "../../../src/mod.ts";
import { dateOf, seconds } from "../format.ts";
import { pageList as pages } from "../page-list.ts";
import { shared } from "../styles.ts";

export class CmPageAbout extends LitElement {
  static styles = [
    shared,
    css`
      .card {
        max-width: 52rem;
      }
      li {
        margin: 0.3rem 0;
      }
      dd {
        margin: 0 0 0.5rem 1rem;
      }
      code {
        overflow-wrap: anywhere;
      }
    `,
  ];

  render() {
    return html`
      <section class="card" aria-labelledby="about-h">
        <h2 id="about-h">About this playground</h2>
        <p data-part="start-here"><strong>Start here:</strong> each tab above is one tool. New to leap seconds? Open
          <a href="#leap">Leap table</a> and press the 23:59:60 example; for a P99 that doubled, try the
          <a href="#jitter">Jitter lab</a>; for a timeout that fired too early or never, <a href="#deadline">Deadlines</a>.</p>
        <p>Every number on these pages is computed by clockmath's WebAssembly core in this browser tab,
              with exact integer nanoseconds (JavaScript <code>bigint</code>), never floating point.</p>
        <h3>Time scales</h3>
        <dl>
          <dt><strong>UTC</strong></dt>
          <dd>Civil time; an inserted leap second is written 23:59:60.</dd>
          <dt><strong>Unix ns</strong></dt>
          <dd>POSIX time: every day has 86 400 s, so a leap second repeats 23:59:59.</dd>
          <dt><strong>TAI ns</strong></dt>
          <dd>SI seconds since 1970-01-01T00:00:00 TAI (the PTP epoch).</dd>
          <dt><strong>GPS ns</strong></dt>
          <dd>TAI − 19 s, counted from 1980-01-06; weeks are not rolled over at 1024.</dd>
          <dt><strong>PTP</strong></dt>
          <dd>IEEE 1588 timestamps: unsigned TAI seconds and nanoseconds.</dd>
          <dt><strong>TAI64N</strong></dt>
          <dd>D. J. Bernstein's labels: @ and 2<sup>62</sup> + TAI seconds, then nanoseconds, in hex.</dd>
        </dl>
        <h3>Ranges</h3>
        <p>Instants from ${dateOf(MIN_UNIX_NS)} (<code>${MIN_UNIX_NS}</code> Unix ns) to ${dateOf(MAX_UNIX_NS)}
              (<code>${MAX_UNIX_NS}</code>); a table may hold TAI−UTC up to ±${seconds(MAX_OFFSET_NS)} s.</p>
        <h3>Pages</h3>
        <ul>${pages.map((p) => html`<li><a href="#${p.id}">${p.title}</a></li>`)}</ul>
      </section>
    `;
  }
}
customElements.define("cm-page-about", CmPageAbout);
