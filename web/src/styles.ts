// Styles shared by the playground's components (adopted into each shadow root).
import { css } from "lit";

export const shared = css`
  :host {
    display: block;
    color: var(--cm-text);
    font-family: var(--cm-font);
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  h2,
  h3 {
    margin: 0 0 0.5rem;
    line-height: 1.25;
  }
  h2 {
    font-size: 1.15rem;
  }
  h3 {
    font-size: 1rem;
  }
  p {
    margin: 0.25rem 0 0.75rem;
  }
  .muted {
    color: var(--cm-muted);
  }
  .small {
    font-size: 0.875rem;
  }
  .mono,
  code {
    font-family: var(--cm-mono);
    font-size: 0.9em;
  }
  .card {
    background: var(--cm-surface);
    border: 1px solid var(--cm-border);
    border-radius: var(--cm-radius);
    padding: 1rem 1.1rem;
  }
  button,
  input,
  textarea,
  select {
    font: inherit;
    color: inherit;
  }
  button {
    background: var(--cm-surface);
    border: 1px solid var(--cm-border);
    border-radius: 6px;
    padding: 0.3rem 0.75rem;
    cursor: pointer;
  }
  button:hover {
    border-color: var(--cm-accent);
  }
  button.primary {
    background: var(--cm-accent);
    border-color: var(--cm-accent);
    color: var(--cm-surface);
  }
  input[type="text"],
  textarea {
    width: 100%;
    background: var(--cm-bg);
    border: 1px solid var(--cm-border);
    border-radius: 6px;
    padding: 0.4rem 0.55rem;
  }
  input[type="text"] {
    font-family: var(--cm-mono);
    font-size: 0.92rem;
  }
  /* Chromium's own dark-scheme select (grey #6b6b6b) under our light text is 4.3:1: below AA (axe.mjs). */
  select {
    background-color: var(--cm-bg);
    border: 1px solid var(--cm-border);
    border-radius: 6px;
    padding: 0.25rem 0.4rem;
  }
  input[aria-invalid="true"],
  textarea[aria-invalid="true"] {
    border-color: var(--cm-bad);
  }
  /* A form field: its label (or a label holding its select) above the control, then any error. */
  .field,
  label:has(> select) {
    display: grid;
    gap: 0.2rem;
    font-size: 0.875rem;
    min-width: 0;
  }
  .field .error-text {
    max-width: 18rem;
    margin: 0;
  }
  /* A group of checkboxes or radios: one wrapping row in a thin frame under a small legend (bold where the
    page's field labels are). */
  fieldset {
    border: 1px solid var(--cm-border);
    border-radius: 6px;
    padding: 0.3rem 0.6rem;
    margin: 0;
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 0.8rem;
    min-width: 0;
  }
  legend {
    font-size: 0.875rem;
    padding: 0 0.25rem;
  }
  fieldset label {
    display: inline-flex;
    gap: 0.3rem;
    align-items: center;
    font-size: 0.875rem;
    min-width: 0;
    overflow-wrap: anywhere;
  }
  /* A page: its cards in one column. */
  .layout {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 1.25rem;
  }
  /* A wide table scrolls inside its card, never the page. */
  .scroll {
    overflow-x: auto;
    max-width: 100%;
  }
  :focus-visible {
    outline: none;
    box-shadow: var(--cm-focus);
  }
  .badge {
    display: inline-block;
    border-radius: 999px;
    padding: 0.05rem 0.6rem;
    font-size: 0.85rem;
    font-weight: 600;
    border: 1px solid currentColor;
  }
  .ok {
    color: var(--cm-ok);
    background: var(--cm-ok-soft);
  }
  .warn {
    color: var(--cm-warn);
    background: var(--cm-warn-soft);
  }
  .bad {
    color: var(--cm-bad);
    background: var(--cm-bad-soft);
  }
  .info {
    color: var(--cm-accent);
    background: var(--cm-accent-soft);
  }
  .error-text {
    color: var(--cm-bad);
    font-size: 0.875rem;
    overflow-wrap: anywhere;
  }
  /* The first line of each page: what to do first. */
  [data-part="start-here"] {
    border-left: 4px solid var(--cm-accent);
    margin: 0 0 0.75rem;
  }
  p[data-part="start-here"]:not(.card) {
    padding: 0.1rem 0 0.1rem 0.75rem;
  }
  a {
    color: var(--cm-accent);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
`;
