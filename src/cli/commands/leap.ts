// clockmath leap info | offset | convert | check | table
import {
  ClockmathError,
  formatUtc,
  gpsWeek,
  LeapTable,
  MAX_LEAP_FILE_BYTES,
  parseUtc,
  tai64nToTai,
  taiToGps,
  taiToPtp,
  taiToTai64n,
} from "../../mod.ts";
import { type Command, type Context, type Outcome, str, type Values } from "../command.ts";
import { CliError } from "../host.ts";
import { seconds9, table } from "../output.ts";

const fileOption = {
  type: "string",
  arg: "F",
  help: "leap-seconds.list, tzdata leapseconds or TZif file (default: the built-in table)",
} as const;
const systemOption = {
  type: "boolean",
  help: "use the freshest of the system's leap files (fromSystem) instead of the built-in table",
} as const;
const nowOption = {
  type: "string",
  arg: "INSTANT",
  help: "judge expiry at this instant instead of the current time",
} as const;

/** The table of --file / --system, else the built-in one. */
export function loadTable(ctx: Context, values: Values): LeapTable {
  const file = str(values, "file");
  if (file !== undefined && values.system === true) throw new CliError("usage", "give --file or --system, not both");
  if (values.system === true) return LeapTable.fromSystem();
  if (file === undefined) return LeapTable.builtin();
  return readTableFile(ctx, file).table;
}

/** A leap file's table, and its text (undefined for TZif, which is binary). */
function readTableFile(ctx: Context, file: string): { table: LeapTable; text: string | undefined } {
  const bytes = ctx.host.readSmall(file, MAX_LEAP_FILE_BYTES);
  // TZif files (tzdata's right/UTC) start with the magic "TZif"
  if (bytes.length >= 4 && bytes[0] === 0x54 && bytes[1] === 0x5a && bytes[2] === 0x69 && bytes[3] === 0x66) {
    return { table: LeapTable.fromTzif(bytes, { source: file }), text: undefined };
  }
  const text = new TextDecoder().decode(bytes);
  return { table: LeapTable.parse(text, { source: file }), text };
}

/**
 * An instant as the command line takes it: RFC 3339 (":60" allowed), Unix ns with an "ns" suffix, or
 * "@4000…" TAI64N.
 */
export function parseInstant(text: string, t: LeapTable): { taiNs: bigint; unixNs: bigint } {
  let taiNs: bigint;
  if (text.startsWith("@")) taiNs = tai64nToTai(text);
  else if (/^-?[0-9]{1,20}ns$/.test(text)) taiNs = t.unixToTai(BigInt(text.slice(0, -2)));
  else taiNs = t.utcToTai(parseUtc(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(text) ? `${text}T00:00:00Z` : text));
  return { taiNs, unixNs: t.taiToUnix(taiNs) };
}

function nowUnixNs(values: Values): bigint {
  const now = str(values, "now");
  return now === undefined ? BigInt(Date.now()) * 1_000_000n : parseInstant(now, LeapTable.builtin()).unixNs;
}

const day = (
  unixNs: bigint | undefined,
) => (unixNs === undefined
  ? "-"
  : formatUtc(LeapTable.builtin().taiToUtc(LeapTable.builtin().unixToTai(unixNs))).slice(0, 10));

function describe(t: LeapTable, nowNs: bigint) {
  const s = t.status(nowNs);
  const last = t.leaps.at(-1);
  return {
    source: t.source ?? "built-in",
    updated: s.updatedUnixNs === undefined ? undefined : day(s.updatedUnixNs),
    updatedUnixNs: s.updatedUnixNs,
    expires: s.expiresUnixNs === undefined ? undefined : day(s.expiresUnixNs),
    expiresUnixNs: s.expiresUnixNs,
    status: s.state,
    daysLeft: s.daysLeft,
    entries: t.leaps.length,
    lastEntry: last === undefined
      ? undefined
      : { date: day(last.unixNs), unixNs: last.unixNs, taiMinusUtcNs: last.taiMinusUtcNs },
  };
}

function infoText(ctx: Context, d: ReturnType<typeof describe>): string {
  const colour = d.status === "expired"
    ? ctx.paint.red
    : d.status === "expiring-soon"
    ? ctx.paint.yellow
    : ctx.paint.green;
  const left = d.daysLeft === undefined
    ? ""
    : d.daysLeft >= 0
    ? ` (${d.daysLeft} days left)`
    : ` (${-d.daysLeft} days ago)`;
  return [
    `source   ${d.source}`,
    `updated  ${d.updated ?? "-"}`,
    `expires  ${d.expires ?? "-"}`,
    `status   ${colour(d.status)}${left}`,
    `entries  ${d.entries}` +
    (d.lastEntry ? ` (last ${d.lastEntry.date}: TAI-UTC ${seconds9(d.lastEntry.taiMinusUtcNs)} s)` : ""),
  ].join("\n") + "\n";
}

export const leapCommands: Command[] = [
  {
    words: ["leap", "info"],
    operands: "",
    minOperands: 0,
    maxOperands: 0,
    summary: "Where the leap table comes from, when it was updated, when it expires, and whether it is still valid.",
    details: "Exit status 1 when the table has expired.",
    examples: ["clockmath leap info --file /usr/share/zoneinfo/leap-seconds.list"],
    options: { file: fileOption, system: systemOption, now: nowOption },
    async run(ctx, values): Promise<Outcome> {
      const d = describe(loadTable(ctx, values), nowUnixNs(values));
      return { text: infoText(ctx, d), json: d, exit: d.status === "expired" ? 1 : 0 };
    },
  },
  {
    words: ["leap", "offset"],
    operands: "<instant>",
    minOperands: 1,
    maxOperands: 1,
    summary: "TAI-UTC at an instant, in seconds with 9 decimals.",
    details:
      "Instants: RFC 3339 (23:59:60 allowed), Unix ns with an ns suffix (1483228800000000000ns), or @4000… TAI64N.\n" +
      "Past the table's expiry the answer is a range (every possible leap counted); exit status 1 then.",
    examples: ["clockmath leap offset 2017-01-01T00:00:00Z"],
    options: { file: fileOption, system: systemOption },
    async run(ctx, values, [instant]): Promise<Outcome> {
      const t = loadTable(ctx, values);
      const { unixNs } = parseInstant(instant, t);
      const r = t.taiMinusUtcRange(unixNs);
      const exact = r.minNs === r.maxNs;
      const text = exact
        ? `${seconds9(r.minNs)}\n`
        : `${seconds9(r.minNs)}..${seconds9(r.maxNs)} (past the table's expiry)\n`;
      return {
        text,
        json: { instant, unixNs, taiMinusUtcNs: exact ? r.minNs : undefined, minNs: r.minNs, maxNs: r.maxNs, exact },
        exit: exact ? 0 : 1,
      };
    },
  },
  {
    words: ["leap", "convert"],
    operands: "<instant>",
    minOperands: 1,
    maxOperands: 1,
    summary: "An instant on another time scale: unix, tai, utc, gps, ptp or tai64n.",
    details: "Instants: RFC 3339 (23:59:60 allowed), Unix ns with an ns suffix, or @4000… TAI64N.\n" +
      "unix and tai print integer ns (tai counts SI seconds from 1970-01-01T00:00:00 TAI), gps ns from the GPS epoch,\n" +
      "ptp seconds.nanoseconds of the PTP (TAI) epoch, utc RFC 3339, tai64n the @-label.",
    examples: [
      "clockmath leap convert 2016-12-31T23:59:60.5Z --to tai64n",
      "clockmath leap convert 1483228800000000000ns --to gps",
    ],
    options: {
      to: { type: "string", arg: "SCALE", help: "unix | tai | utc | gps | ptp | tai64n" },
      file: fileOption,
      system: systemOption,
    },
    async run(ctx, values, [instant]): Promise<Outcome> {
      const to = str(values, "to");
      if (to === undefined) throw new CliError("usage", "--to is required: unix, tai, utc, gps, ptp or tai64n");
      const scales = ["unix", "tai", "utc", "gps", "ptp", "tai64n"];
      if (!scales.includes(to)) {
        throw new CliError("usage", `--to ${JSON.stringify(to)}: not one of ${scales.join(", ")}`);
      }
      const t = loadTable(ctx, values);
      const { taiNs, unixNs } = parseInstant(instant, t);
      let value: string;
      let extra: Record<string, unknown> = {};
      if (to === "unix") value = `${unixNs}ns`;
      else if (to === "tai") value = `${taiNs}ns`;
      else if (to === "utc") value = formatUtc(t.taiToUtc(taiNs), { digits: 9 });
      else if (to === "gps") {
        const g = taiToGps(taiNs);
        const w = gpsWeek(g);
        value = `${g}ns`;
        extra = { gpsNs: g, week: w.week, towNs: w.towNs };
      } else if (to === "ptp") {
        const p = taiToPtp(taiNs);
        value = `${p.seconds}.${String(p.nanoseconds).padStart(9, "0")}`;
        extra = { seconds: p.seconds, nanoseconds: p.nanoseconds };
      } else value = taiToTai64n(taiNs);
      return { text: `${value}\n`, json: { instant, to, value, taiNs, unixNs, ...extra }, exit: 0 };
    },
  },
  {
    words: ["leap", "check"],
    operands: "<file>",
    minOperands: 1,
    maxOperands: 1,
    summary: "Parses a leap file, verifies its #h hash (leap-seconds.list) and its expiry.",
    details:
      "Exit status 1 on a bad hash or an expired file; 2 when the file cannot be read or a line is bad (its number is given).",
    examples: ["clockmath leap check leap-seconds.list"],
    options: { now: nowOption },
    async run(ctx, values, [file]): Promise<Outcome> {
      let read: { table: LeapTable; text: string | undefined };
      try {
        read = readTableFile(ctx, file);
      } catch (e) {
        if (!ClockmathError.is(e, "hash-mismatch")) throw e;
        const problem = { code: e.code, message: e.message };
        return {
          text: `${file}: ${ctx.paint.red("bad hash")}: ${e.message}\n`,
          json: { file, valid: false, problem },
          exit: 1,
        };
      }
      const d = describe(read.table, nowUnixNs(values));
      // LeapTable.parse verified the #h line of a leap-seconds.list (it throws without one); other formats have none
      const hashed = read.text !== undefined && /^#h[ \t]/m.test(read.text);
      const expired = d.status === "expired";
      const text = `${file}: ${hashed ? "hash verified" : "no hash in this format"}, ${d.entries} entries\n` +
        infoText(ctx, d);
      return { text, json: { file, valid: !expired, hashVerified: hashed, ...d }, exit: expired ? 1 : 0 };
    },
  },
  {
    words: ["leap", "table"],
    operands: "",
    minOperands: 0,
    maxOperands: 0,
    summary: "Every entry of the table: from which UTC day, TAI-UTC, and (before 1972) its daily drift.",
    examples: ["clockmath leap table", "clockmath leap table --file leapseconds --json"],
    options: { file: fileOption, system: systemOption },
    async run(ctx, values): Promise<Outcome> {
      const t = loadTable(ctx, values);
      const rows = t.leaps.map((
        l,
      ) => [day(l.unixNs), seconds9(l.taiMinusUtcNs), l.driftNsPerDay === undefined ? "" : seconds9(l.driftNsPerDay)]);
      return {
        text: table(["from (UTC)", "TAI-UTC (s)", "drift (s/day)"], rows),
        json: { source: t.source ?? "built-in", entries: t.leaps.map((l) => ({ date: day(l.unixNs), ...l })) },
        exit: 0,
      };
    },
  },
];
