// The built-in table: TAI−UTC from 1961-01-01 on, as data with its provenance on every row.
//
// 1961–1971: UTC ran on rubber seconds, TAI−UTC = offset + (MJD − rootMjd) × rate seconds
// (USNO tai-utc.dat, the table ERFA's eraDat uses). 1972 on: whole leap seconds, as in the
// IERS/IETF leap-seconds.list (checked row by row against ../shared/data/leap in the tests).

/** One published segment: valid from `mjd` (UTC, 00:00) on. offset in 1e-7 s, rate in 1e-7 s/day. */
export interface BuiltinRow {
  readonly mjd: number;
  readonly offset1e7: number;
  readonly rootMjd: number;
  readonly rate1e7: number;
  readonly source: string;
}

const USNO = "USNO tai-utc.dat (BIH), as tabulated in ERFA eraDat";
const BIH = (d: string) => `BIH announcement for ${d}`;
const BULC = (d: string, no?: number) =>
  `IERS Bulletin C${no === undefined ? "" : ` ${no}`} (announcing ${d})`;

/** Rows in force order. Leap seconds after 1972 have offset = whole seconds and no rate. */
export const BUILTIN_ROWS: readonly BuiltinRow[] = [
  { mjd: 37300, offset1e7: 14_228_180, rootMjd: 37300, rate1e7: 12_960, source: USNO }, // 1961-01-01
  { mjd: 37512, offset1e7: 13_728_180, rootMjd: 37300, rate1e7: 12_960, source: USNO }, // 1961-08-01 (−0.05 s)
  { mjd: 37665, offset1e7: 18_458_580, rootMjd: 37665, rate1e7: 11_232, source: USNO }, // 1962-01-01
  { mjd: 38334, offset1e7: 19_458_580, rootMjd: 37665, rate1e7: 11_232, source: USNO }, // 1963-11-01 (+0.1 s)
  { mjd: 38395, offset1e7: 32_401_300, rootMjd: 38761, rate1e7: 12_960, source: USNO }, // 1964-01-01
  { mjd: 38486, offset1e7: 33_401_300, rootMjd: 38761, rate1e7: 12_960, source: USNO }, // 1964-04-01
  { mjd: 38639, offset1e7: 34_401_300, rootMjd: 38761, rate1e7: 12_960, source: USNO }, // 1964-09-01
  { mjd: 38761, offset1e7: 35_401_300, rootMjd: 38761, rate1e7: 12_960, source: USNO }, // 1965-01-01
  { mjd: 38820, offset1e7: 36_401_300, rootMjd: 38761, rate1e7: 12_960, source: USNO }, // 1965-03-01
  { mjd: 38942, offset1e7: 37_401_300, rootMjd: 38761, rate1e7: 12_960, source: USNO }, // 1965-07-01
  { mjd: 39004, offset1e7: 38_401_300, rootMjd: 38761, rate1e7: 12_960, source: USNO }, // 1965-09-01
  { mjd: 39126, offset1e7: 43_131_700, rootMjd: 39126, rate1e7: 25_920, source: USNO }, // 1966-01-01
  { mjd: 39887, offset1e7: 42_131_700, rootMjd: 39126, rate1e7: 25_920, source: USNO }, // 1968-02-01 (−0.1 s)
  { mjd: 41317, offset1e7: 100_000_000, rootMjd: 41317, rate1e7: 0, source: "start of integer-second UTC (CCIR Rec. 460, 1970)" }, // 1972-01-01
  leap(41499, 11, BIH("1972-06-30")), // 1972-07-01
  leap(41683, 12, BIH("1972-12-31")), // 1973-01-01
  leap(42048, 13, BIH("1973-12-31")), // 1974-01-01
  leap(42413, 14, BIH("1974-12-31")), // 1975-01-01
  leap(42778, 15, BIH("1975-12-31")), // 1976-01-01
  leap(43144, 16, BIH("1976-12-31")), // 1977-01-01
  leap(43509, 17, BIH("1977-12-31")), // 1978-01-01
  leap(43874, 18, BIH("1978-12-31")), // 1979-01-01
  leap(44239, 19, BIH("1979-12-31")), // 1980-01-01
  leap(44786, 20, BIH("1981-06-30")), // 1981-07-01
  leap(45151, 21, BIH("1982-06-30")), // 1982-07-01
  leap(45516, 22, BIH("1983-06-30")), // 1983-07-01
  leap(46247, 23, BIH("1985-06-30")), // 1985-07-01
  leap(47161, 24, BIH("1987-12-31")), // 1988-01-01
  leap(47892, 25, BULC("1989-12-31, issued July 1989")), // 1990-01-01
  leap(48257, 26, BULC("1990-12-31, issued July 1990")), // 1991-01-01
  leap(48804, 27, BULC("1992-06-30, issued January 1992")), // 1992-07-01
  leap(49169, 28, BULC("1993-06-30, issued January 1993")), // 1993-07-01
  leap(49534, 29, BULC("1994-06-30, issued January 1994")), // 1994-07-01
  leap(50083, 30, BULC("1995-12-31, issued July 1995")), // 1996-01-01
  leap(50630, 31, BULC("1997-06-30, issued January 1997")), // 1997-07-01
  leap(51179, 32, BULC("1998-12-31, issued July 1998")), // 1999-01-01
  leap(53736, 33, BULC("2005-12-31, issued 2005-07-04", 30)), // 2006-01-01
  leap(54832, 34, BULC("2008-12-31, issued 2008-07-04", 36)), // 2009-01-01
  leap(56109, 35, BULC("2012-06-30, issued 2012-01-05", 43)), // 2012-07-01
  leap(57204, 36, BULC("2015-06-30, issued 2015-01-05", 49)), // 2015-07-01
  leap(57754, 37, BULC("2016-12-31, issued 2016-07-06", 52)), // 2017-01-01
];

function leap(mjd: number, seconds: number, source: string): BuiltinRow {
  return { mjd, offset1e7: seconds * 10_000_000, rootMjd: mjd, rate1e7: 0, source };
}

/** leap-seconds.list of 2026-07-06 (#$ 3992312697): last change of the data, Unix s. */
export const BUILTIN_UPDATED_UNIX_S = 1_783_323_897n; // 2026-07-06T07:44:57Z
/** Its #@ line (4023129600): after this instant a leap second may have been announced. */
export const BUILTIN_EXPIRES_UNIX_S = 1_814_140_800n; // 2027-06-28T00:00:00Z
export const BUILTIN_SOURCE = "IERS/IETF leap-seconds.list updated 2026-07-06, expires 2027-06-28";
