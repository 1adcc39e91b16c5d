// parseDriftLogStream: the drift log parsers over a stream of chunks, in bounded memory.
//
// The grammar is the whole-text parsers' own (the same LineWalker and line readers); this file
// only cuts the text into whole lines across chunk boundaries, decodes bytes as UTF-8 (streaming:
// a character split between chunks is kept for the next), detects the format on the first lines
// and caps how much of one line it holds. Only web-platform APIs (TextDecoder, ReadableStream's
// reader, async iteration, through the interval-log reader's textChunks): Node, Deno, browsers and
// workerd alike. The lines themselves are cut here, not by that reader's LineSplitter: a drift log
// line ends at "\n" only (a lone CR is blank space to the column splitter), exactly as in
// parseDriftLog.
import { checkOptions, show } from "../../check.ts";
import { InvalidArgumentError } from "../../errors.ts";
import { checkMaxLineLength, textChunks, type TextChunkSource } from "../../jitter/lines.ts";
import {
  type BadLine,
  type DriftLogFormat,
  type DriftLogRecord,
  LineWalker,
  MAX_BAD_LINE_TEXT,
  tooLong,
} from "./common.ts";
import { checkedFormat, LINE_READERS, StreamDetector } from "./parse.ts";

/** Options of `parseDriftLogStream`. */
export interface DriftLogStreamOptions {
  /**
   * The layout, or "auto" (default) to detect it from the first lines (at most DETECT_CHARS characters
   * are read ahead).
   */
  readonly format?: DriftLogFormat | "auto";
  /**
   * Throw `BadLineError` at the first bad line (default true), or skip bad lines: the first
   * MAX_KEPT_BAD_LINES are kept in the summary's `badLines`, all are counted in `badLineCount`.
   */
  readonly strict?: boolean;
  /**
   * The longest line held, in UTF-16 code units (the line break excluded; default 1 MiB, 1 …
   * 2^29), as for `parseIntervalLogStream`. A longer line is a bad line: its first characters are
   * kept for the message and the rest is skipped as it streams by, so memory stays bounded
   * whatever the input (chrony and ntpd lines are about 80–200 characters).
   */
  readonly maxLineLength?: number;
}

/** What a stream parse has seen so far (final once `done`). */
export interface DriftLogStreamSummary {
  /** The format given or detected; undefined until detection has read enough. */
  readonly format: DriftLogFormat | undefined;
  /** Lines read (the 1-based number of the last one). */
  readonly lineCount: number;
  /** Records yielded. */
  readonly recordCount: number;
  /** With `strict: false`: the first MAX_KEPT_BAD_LINES bad lines, in stream order. */
  readonly badLines: readonly BadLine[];
  /** With `strict: false`: every bad line, counted. */
  readonly badLineCount: number;
  /** True once the stream was read to its end (false after an early `break` or an error). */
  readonly done: boolean;
}

/**
 * A drift log being parsed from a stream: iterate it once, record by record (`for await (const r
 * of stream)`) or a batch per chunk (`stream.batches()`, cheaper per record), then read
 * `summary()`. Leaving the iteration early (break, return, an exception) cancels the source.
 */
export interface DriftLogStream extends AsyncIterable<DriftLogRecord> {
  /** The records, one array per chunk that completed lines (never empty). */
  batches(): AsyncIterable<readonly DriftLogRecord[]>;
  /** The format, line and record counts and bad lines so far. */
  summary(): DriftLogStreamSummary;
}

/** A chunk source: a web ReadableStream, or any (async) iterable of byte or text chunks (a Node stream is one). */
export type DriftLogSource = TextChunkSource;

/**
 * Parses a chrony or ntpd log (the formats of `parseDriftLog`) as it streams in: chunks of UTF-8
 * bytes or of text, split anywhere (mid-line, mid-CRLF, mid-character). Memory holds one chunk,
 * the current line (at most `maxLineLength`), the first DETECT_CHARS characters while detecting
 * the format, and at most MAX_KEPT_BAD_LINES bad lines; records are handed over, not kept.
 * Records and bad lines are exactly those `parseDriftLog` gives for the whole text, except that a
 * line longer than `maxLineLength` is a bad line here.
 *
 * Errors: options and the source's shape are checked here (InvalidArgumentError); an unknown
 * format, a BadLineError (strict; the records of the lines before it are yielded first) or a
 * chunk that is neither bytes nor text surfaces from the iteration; an error of the source itself
 * propagates unchanged (it is the caller's, not a parse result). Either way the source is
 * cancelled and its reader released.
 *
 * @example
 * const log = parseDriftLogStream(fs.createReadStream("measurements.log"), { strict: false });
 * for await (const r of log) if (r.source === "192.0.2.10") phase.push(Number(r.offsetNs));
 * log.summary().badLineCount;
 */
export function parseDriftLogStream(source: DriftLogSource, options: DriftLogStreamOptions = {}): DriftLogStream {
  const { fixed, strict, maxLineLength } = checkStreamArgs(source, options);
  return new StreamParse(source, fixed, strict, maxLineLength);
}

/**
 * The checks every streaming drift-log parser makes on its arguments (parseDriftLogStream,
 * parseDriftLogColumns): the options object, format, strict, maxLineLength, and the source's shape.
 * @internal
 */
export function checkStreamArgs(
  source: unknown,
  options: { readonly format?: DriftLogFormat | "auto"; readonly strict?: boolean; readonly maxLineLength?: number },
): { fixed: DriftLogFormat | undefined; strict: boolean; maxLineLength: number } {
  options = checkOptions(options, "options");
  const format = options.format ?? "auto";
  const fixed = format === "auto" ? undefined : checkedFormat(format);
  const strict = options.strict ?? true;
  if (typeof strict !== "boolean") throw new InvalidArgumentError(`strict must be a boolean, got ${show(strict)}`);
  const maxLineLength = checkMaxLineLength(options.maxLineLength);
  if (!isSource(source)) {
    throw new InvalidArgumentError(
      "source must be a ReadableStream or an (async) iterable of Uint8Array or string chunks",
    );
  }
  return { fixed, strict, maxLineLength };
}

function isSource(s: unknown): s is DriftLogSource {
  if (s === null || typeof s !== "object" || typeof s === "string") return false;
  const o = s as Record<PropertyKey, unknown>;
  return typeof o.getReader === "function" || typeof o[Symbol.asyncIterator] === "function" ||
    typeof o[Symbol.iterator] === "function";
}

class StreamParse implements DriftLogStream {
  readonly #source: DriftLogSource;
  readonly #strict: boolean;
  readonly #maxLine: number;
  #format: DriftLogFormat | undefined;
  #walker: LineWalker | undefined;
  #started = false;
  #done = false;
  #records = 0;
  // text read ahead for detection (until the format is known)
  #ahead = "";
  readonly #detector = new StreamDetector();
  // the current line's start, when a chunk ended inside it (≤ maxLine characters)
  #tail = "";
  // inside a line longer than maxLine: its first characters (for the message) and its length
  #long = false;
  #longHead = "";
  #longChars = 0;
  // a bad line (strict) met after some records of the same chunk: thrown once they are yielded
  #failure: unknown = undefined;

  constructor(source: DriftLogSource, format: DriftLogFormat | undefined, strict: boolean, maxLine: number) {
    this.#source = source;
    this.#format = format;
    this.#strict = strict;
    this.#maxLine = maxLine;
    if (format !== undefined) this.#walker = new LineWalker(format, strict, LINE_READERS[format]);
  }

  summary(): DriftLogStreamSummary {
    const w = this.#walker;
    return Object.freeze({
      format: this.#format,
      lineCount: w?.lineNo ?? 0,
      recordCount: this.#records,
      badLines: Object.freeze(w ? w.badLines.slice() : []),
      badLineCount: w?.badLineCount ?? 0,
      done: this.#done,
    });
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<DriftLogRecord, void, undefined> {
    for await (const batch of this.batches()) yield* batch;
  }

  async *batches(): AsyncGenerator<readonly DriftLogRecord[], void, undefined> {
    if (this.#started) throw new InvalidArgumentError("a drift log stream can be read once");
    this.#started = true;
    const src = this.#source as { locked?: unknown; getReader?: unknown };
    if (typeof src.getReader === "function" && src.locked === true) {
      throw new InvalidArgumentError("the stream is locked (another reader holds it)");
    }
    // textChunks decodes, and cancels the source (or returns its iterator) when this loop is left early
    for await (const text of textChunks(this.#source, "parseDriftLogStream")) {
      const out = this.#take(text, false);
      if (out.length > 0) yield out;
      if (this.#failure !== undefined) throw this.#failure;
    }
    const out = this.#take("", true);
    if (out.length > 0) yield out;
    if (this.#failure !== undefined) throw this.#failure;
    this.#done = true;
  }

  /** Feeds decoded text (the last time with `end`), returning the records of the lines it completed. */
  #take(text: string, end: boolean): DriftLogRecord[] {
    const out: DriftLogRecord[] = [];
    if (this.#walker === undefined) {
      const ahead = this.#ahead + text;
      const found = this.#detector.feed(text, end);
      if (found === undefined) {
        this.#ahead = ahead;
        return out;
      }
      this.#ahead = "";
      if (found === "unknown" || found === "undecided") {
        throw new InvalidArgumentError("not a chrony or ntpd log this parser knows (give options.format to force one)");
      }
      this.#format = found;
      this.#walker = new LineWalker(found, this.#strict, LINE_READERS[found]);
      text = ahead;
    }
    try {
      this.#lines(text, out);
      if (end) this.#finish(out);
    } catch (e) {
      // the lines before the bad one are good: hand them over first
      if (out.length === 0) throw e;
      this.#failure = e;
    }
    this.#records += out.length;
    return out;
  }

  /** Walks the whole lines of `tail + text`, keeping the unfinished last one (or skipping an overlong one). */
  #lines(text: string, out: DriftLogRecord[]): void {
    const w = this.#walker!, max = this.#maxLine;
    let from = 0;
    if (this.#long) {
      const nl = text.indexOf("\n");
      this.#growLong(text, 0, nl < 0 ? text.length : nl);
      if (nl < 0) return;
      this.#endLong();
      from = nl + 1;
    }
    const first = text.indexOf("\n", from);
    if (first < 0) {
      // no line ends in this text: it all continues the current line
      if (this.#tail.length + text.length - from > max) this.#startLong(this.#tail, text, from, text.length);
      else this.#tail += text.slice(from);
      return;
    }
    if (this.#tail !== "") {
      // the line the previous chunk left open ends here
      if (this.#tail.length + first - from > max) {
        this.#startLong(this.#tail, text, from, first);
        this.#endLong();
      } else {
        const line = this.#tail + text.slice(from, first + 1);
        this.#tail = "";
        w.walk(line, 0, line.length, out, max);
      }
      from = first + 1;
    }
    const last = text.lastIndexOf("\n");
    if (last >= from) w.walk(text, from, last + 1, out, max);
    from = last + 1;
    if (text.length - from > max) this.#startLong("", text, from, text.length);
    else this.#tail = text.slice(from);
  }

  /** A line outgrew maxLine: keep its first characters, drop the rest as it comes. */
  #startLong(tail: string, text: string, from: number, to: number): void {
    const w = this.#walker!;
    this.#tail = "";
    this.#long = true;
    this.#longHead = "";
    this.#longChars = 0;
    if (w.strict) w.bad(w.lineNo + 1, this.#tooLong(), "", 0, 0); // throws: strict stops at the first bad line
    this.#growLong(tail, 0, tail.length);
    this.#growLong(text, from, to);
  }

  #growLong(text: string, from: number, to: number): void {
    const room = MAX_BAD_LINE_TEXT + 1 - this.#longHead.length;
    if (room > 0) this.#longHead += text.slice(from, Math.min(to, from + room));
    this.#longChars += to - from;
  }

  /** The overlong line ended: report it (its number, its first characters). */
  #endLong(): void {
    const w = this.#walker!;
    this.#long = false;
    w.lineNo++;
    w.bad(w.lineNo, this.#tooLong(), this.#longHead, 0, this.#longHead.length);
    this.#longHead = "";
  }

  #tooLong(): string {
    return tooLong(this.#maxLine);
  }

  /** The end of the stream: the last line, when no line break closed it. */
  #finish(out: DriftLogRecord[]): void {
    if (this.#long) this.#endLong();
    else if (this.#tail !== "") {
      const line = this.#tail;
      this.#tail = "";
      this.#walker!.walk(line, 0, line.length, out, this.#maxLine);
    }
  }
}
