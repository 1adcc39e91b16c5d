// SHA-1 for the leap-seconds.list `#h` line, through @noble/hashes (audited, synchronous in every
// runtime: the checksum must verify without awaiting crypto.subtle). SHA-1 is what the file
// format prescribes; it guards against corruption, not forgery. Only ever fed a few hundred
// ASCII digits (parse.ts hashes the numeric fields it has already checked).
import { sha1 } from "@noble/hashes/legacy.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";

/** SHA-1 of the UTF-8 bytes of `text` (ASCII in practice), as 40 lowercase hex digits. */
export function sha1Hex(text: string): string {
  return bytesToHex(sha1(utf8ToBytes(text)));
}
