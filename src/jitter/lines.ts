// Lines out of text that arrives in chunks: one reader for a whole string (one chunk) and for a
// ReadableStream or async iterable of byte or string chunks (Node, Deno, browsers, workerd: only
// TextDecoder and the stream/iteration protocols, no Node API). Lines end at \r\n, \r or \n, even
// when the \r and the \n arrive in different chunks.
import { checkInt, show } from "../check.ts";
import { BadLineError, InvalidArgumentError } from "../errors.ts";

/** Default longest line a streaming reader accepts, in UTF-16 code units (1 MiB). */
export const DEFAULT_MAX_LINE_LENGTH = 1_048_576;
/** Largest maxLineLength accepted (2^29 UTF-16 code units, 1 GiB of string): V8's string limit. */
export const MAX_LINE_LENGTH_LIMIT = 2 ** 29;

/** What a streaming reader takes: a web ReadableStream, or any (async) iterable of chunks. */
export type TextChunkSource =
  | ReadableStream<Uint8Array | string>
  | AsyncIterable<Uint8Array | string>
  | Iterable<Uint8Array | string>;

/**
 * Splits text pushed in pieces into numbered lines. It holds at most the part of one line not yet
 * ended, and refuses (BadLineError) a line longer than `max` code units as soon as it passes the
 * cap, so memory stays bounded whatever the input.
 */
export class LineSplitter {
  #pending = "";
  #no = 0;
  /** The last piece ended with \r: a \n starting the next one belongs to the same break. */
  #skipLf = false;
  readonly #max: number;

  constructor(max = Infinity) {
    this.#max = max;
  }

  /**
   * The lines that `chunk` completes, each with its 1-based number, one at a time (a chunk of many
   * lines is never split into an array). Finish consuming one chunk's lines before pushing the next.
   */
  *push(chunk: string): Generator<[text: string, no: number], void, undefined> {
    let start = 0;
    const n = chunk.length;
    if (this.#skipLf && n > 0) {
      this.#skipLf = false;
      if (chunk.charCodeAt(0) === 10) start = 1;
    }
    // breaks found with indexOf (a vectorised search), the next \r remembered across lines
    let cr = chunk.indexOf("\r", start);
    for (;;) {
      let i = chunk.indexOf("\n", start);
      if (cr >= 0 && cr < start) cr = chunk.indexOf("\r", start);
      if (cr >= 0 && (i < 0 || cr < i)) i = cr;
      if (i < 0) break;
      const piece = chunk.slice(start, i);
      const text = this.#pending === "" ? piece : this.#pending + piece;
      this.#pending = "";
      this.#no++;
      if (text.length > this.#max) this.#tooLong();
      yield [text, this.#no];
      start = i + 1;
      if (i === cr) {
        if (start < n) {
          if (chunk.charCodeAt(start) === 10) start++;
        } else {
          this.#skipLf = true;
        }
      }
    }
    if (start < n) {
      if (this.#pending.length + (n - start) > this.#max) {
        this.#no++;
        this.#tooLong();
      }
      this.#pending += chunk.slice(start);
    }
  }

  /** Ends the text: its last line, after the last break (empty when the text ends with one). */
  end(): [text: string, no: number] {
    this.#no++;
    const text = this.#pending;
    this.#pending = "";
    return [text, this.#no];
  }

  #tooLong(): never {
    throw new BadLineError(this.#no, `line longer than ${this.#max} characters (maxLineLength)`);
  }
}

/** Checks a maxLineLength option: an integer in [1, 2^29]; default DEFAULT_MAX_LINE_LENGTH. */
export function checkMaxLineLength(v: unknown): number {
  if (v === undefined) return DEFAULT_MAX_LINE_LENGTH;
  return checkInt(v, 1, MAX_LINE_LENGTH_LIMIT, "maxLineLength");
}

function isReadableStream(v: unknown): v is ReadableStream<Uint8Array | string> {
  return typeof v === "object" && v !== null && typeof (v as ReadableStream).getReader === "function";
}

/**
 * The chunks of `source` as they come, bytes or text, each checked to be one or the other.
 * Leaving the loop early cancels a ReadableStream and returns an iterator, so a file or socket
 * behind it is released. Throws `invalid-argument` for a source that is neither, or a chunk that
 * is neither bytes nor text.
 */
export async function* rawChunks(
  source: TextChunkSource,
  what: string,
): AsyncGenerator<Uint8Array | string, void, undefined> {
  if (typeof source === "string") {
    throw new InvalidArgumentError(
      `${what} takes a stream or iterable of chunks; for a whole text use the non-streaming parser`,
    );
  }
  const checked = (chunk: unknown): Uint8Array | string => {
    if (typeof chunk === "string" || chunk instanceof Uint8Array) return chunk;
    throw new InvalidArgumentError(`${what}: each chunk must be a Uint8Array or a string, got ${show(chunk)}`);
  };
  if (isReadableStream(source)) {
    const reader = source.getReader();
    let done = false;
    try {
      for (;;) {
        const r = await reader.read();
        if (r.done) break;
        yield checked(r.value);
      }
      done = true;
    } finally {
      if (!done) await reader.cancel().catch(() => {});
      reader.releaseLock();
    }
  } else if (
    typeof source === "object" && source !== null && (Symbol.asyncIterator in source || Symbol.iterator in source)
  ) {
    for await (const chunk of source as AsyncIterable<unknown>) yield checked(chunk);
  } else {
    throw new InvalidArgumentError(
      `${what} takes a ReadableStream or an (async) iterable of Uint8Array or string chunks, got ${show(source)}`,
    );
  }
}

/**
 * The chunks of `source` as strings (bytes decoded as UTF-8, across chunk boundaries; invalid
 * sequences become U+FFFD, which no number or base64 field accepts). Leaving the loop early
 * cancels a ReadableStream and returns an iterator, so a file or socket behind it is released.
 * Throws `invalid-argument` for a source that is neither, or a chunk that is neither bytes nor text.
 */
export async function* textChunks(source: TextChunkSource, what: string): AsyncGenerator<string, void, undefined> {
  // A byte-order mark is dropped only where it opens the stream: the decoder drops one at its own
  // start, and a flush (at a text chunk) starts it over, so after text it is one that keeps them.
  let decoder = new TextDecoder("utf-8");
  let keepsMark = false, bytesPending = false;
  for await (const chunk of rawChunks(source, what)) {
    if (typeof chunk === "string") {
      if (chunk === "") continue; // no text: cuts no byte sequence short, opens nothing
      if (!bytesPending) yield chunk;
      else {
        bytesPending = false;
        yield decoder.decode() + chunk; // a byte sequence cut short by a text chunk: U+FFFD
      }
      if (!keepsMark) decoder = new TextDecoder("utf-8", { ignoreBOM: true });
      keepsMark = true;
    } else {
      bytesPending = true;
      yield decoder.decode(chunk, { stream: true });
    }
  }
  if (bytesPending) {
    const tail = decoder.decode();
    if (tail !== "") yield tail;
  }
}
