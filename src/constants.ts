// Ranges as named constants. Every instant clockmath accepts lies in these bounds, chosen so that
// no sum inside the i64 core can wrap (see DESIGN.md, "Why these ranges?").

/** Nanoseconds in one SI second: 10^9. */
export const NS_PER_SECOND = 1_000_000_000n;
/** Nanoseconds in one day of 86 400 s (a UTC day without a leap second): 8.64 × 10^13. */
export const NS_PER_DAY = 86_400n * NS_PER_SECOND;

/** 1961-01-01T00:00:00Z in Unix ns: the start of UTC as a defined time scale (and of the built-in table). */
export const MIN_UNIX_NS = -283_996_800n * NS_PER_SECOND;
/** 2262-01-01T00:00:00Z in Unix ns: the last whole year before i64 nanoseconds run out (2262-04-11). */
export const MAX_UNIX_NS = 9_214_646_400n * NS_PER_SECOND;
/** Largest |TAI−UTC| a table may hold (1000 s): keeps u + offset inside i64 with room to spare. */
export const MAX_OFFSET_NS = 1_000n * NS_PER_SECOND;
/**
 * Last TAI ns accepted: MAX_UNIX_NS + MAX_OFFSET_NS, so that every result of `unixToTai` is a valid
 * input of `taiToUnix`. TAI instants before a table's first row are rejected by the table.
 */
export const MAX_TAI_NS = MAX_UNIX_NS + MAX_OFFSET_NS;
/** The Unix epoch expressed on the NTP scale (seconds from 1900-01-01 to 1970-01-01). */
export const NTP_UNIX_OFFSET_S = 2_208_988_800n;
