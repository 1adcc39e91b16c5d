// clockmath smear <model>[,<model>…] --around <date> | clockmath smear compare <a> <b> --around <date>
import {
  compareClocks,
  formatDuration,
  formatUtc,
  type LeapTable,
  parseDuration,
  SMEAR_MODELS,
  SmearedClock,
  type SmearModelName,
} from "../../mod.ts";
import { type Command, type Context, type Outcome, str, type Values } from "../command.ts";
import { CliError } from "../host.ts";
import { csv, seconds9, table } from "../output.ts";
import { loadTable, parseInstant } from "./leap.ts";

/** Most rows one smear table prints. */
const MAX_ROWS = 100_000;

const around = {
  type: "string",
  arg: "DATE",
  help: "the leap: a date (2017-01-01: the midnight it takes effect) or an RFC 3339 instant",
} as const;
const span = { type: "string", arg: "DURATION", help: "how far either side of --around (default 1d)" } as const;
const file = { type: "string", arg: "F", help: "leap file for the table (default: the built-in table)" } as const;

/** The table, the instant of --around (TAI ns and its Unix count) and --span. */
function centre(ctx: Context, values: Values): { t: LeapTable; centreTai: bigint; centreUnix: bigint; spanNs: bigint } {
  const a = str(values, "around");
  if (a === undefined) throw new CliError("usage", "--around is required, e.g. --around 2017-01-01");
  const t = loadTable(ctx, values);
  const spanNs = parseDuration(str(values, "span") ?? "1d");
  const c = parseInstant(a, t);
  return { t, centreTai: c.taiNs, centreUnix: c.unixNs, spanNs };
}

function clocks(models: string, t: LeapTable): { name: string; clock: SmearedClock }[] {
  return models.split(",").map((name) => {
    if (!(SMEAR_MODELS as readonly string[]).includes(name)) {
      throw new CliError("usage", `unknown smear model ${JSON.stringify(name)}: one of ${SMEAR_MODELS.join(", ")}`);
    }
    return { name, clock: new SmearedClock(name as SmearModelName, t) };
  });
}

export const smearCommands: Command[] = [
  {
    words: ["smear"],
    operands: "<model>[,<model>…]",
    minOperands: 1,
    maxOperands: 1,
    summary: "What clocks following leap-smear models read around a leap second, as a table.",
    details:
      `Models: ${
        SMEAR_MODELS.join(", ")
      }. Each row: the true UTC label, then each model's reading and its offset from the\n` +
      "stepping (Linux) count in seconds; rows every --every of UTC from --around − --span to --around + --span. Durations: 1.5s, 250ms, 100us, 10ns, 2h, 1d.",
    examples: ["clockmath smear google,ntpsec --around 2017-01-01 --every 3h --span 12h"],
    options: {
      around,
      every: { type: "string", arg: "DURATION", help: "time between rows (default 1h)" },
      span,
      csv: { type: "boolean", help: "CSV instead of an aligned table" },
      file,
    },
    async run(ctx, values, [models]): Promise<Outcome> {
      const { t, centreUnix, spanNs } = centre(ctx, values);
      const cs = clocks(models, t);
      const every = parseDuration(str(values, "every") ?? "1h");
      if (every === 0n) throw new CliError("usage", "--every must be more than 0");
      const count = (2n * spanNs) / every + 1n;
      if (count > BigInt(MAX_ROWS)) {
        throw new CliError("usage", `${count} rows: more than ${MAX_ROWS}; use a larger --every or a smaller --span`);
      }
      const rows: string[][] = [];
      const json: unknown[] = [];
      // rows on the UTC (Unix-count) grid, so they fall on round UTC labels whatever leaps lie between
      for (let unix = centreUnix - spanNs; unix <= centreUnix + spanNs; unix += every) {
        const tai = t.unixToTai(unix);
        const utc = formatUtc(t.taiToUtc(tai));
        const cells = [utc];
        const readings: Record<string, unknown> = {};
        for (const { name, clock } of cs) {
          const reading = formatUtc(clock.readingFields(tai));
          const offsetNs = clock.offsetAt(tai);
          cells.push(reading, seconds9(offsetNs));
          readings[name] = { reading, readingNs: clock.fromTai(tai), offsetNs };
        }
        rows.push(cells);
        json.push({ utc, taiNs: tai, readings });
      }
      const header = ["UTC", ...cs.flatMap(({ name }) => [name, `${name} offset (s)`])];
      const text = values.csv === true ? csv(header, rows) : table(header, rows);
      return {
        text,
        json: { around: str(values, "around"), everyNs: every, spanNs, models: cs.map((c) => c.name), rows: json },
        exit: 0,
      };
    },
  },
  {
    words: ["smear", "compare"],
    operands: "<a> <b>",
    minOperands: 2,
    maxOperands: 2,
    summary: "The largest disagreement between two smear models around a leap, and where it happens.",
    examples: ["clockmath smear compare google ntpd --around 2017-01-01"],
    options: { around, span, file },
    async run(ctx, values, [a, b]): Promise<Outcome> {
      const { t, centreTai, spanNs } = centre(ctx, values);
      const [ca, cb] = clocks(`${a},${b}`, t);
      const c = compareClocks(ca.clock, cb.clock, centreTai - spanNs, centreTai + spanNs);
      const at = formatUtc(t.taiToUtc(c.atTaiNs));
      const text = [
        `largest difference  ${seconds9(c.maxAbsNs)} s (${formatDuration(c.maxAbsNs)})`,
        `at (UTC)            ${at}`,
        `${a} reads`.padEnd(20) + formatUtc(ca.clock.readingFields(c.atTaiNs)),
        `${b} reads`.padEnd(20) + formatUtc(cb.clock.readingFields(c.atTaiNs)),
        `${a} - ${b}`.padEnd(20) + `${seconds9(c.deltaNs)} s`,
      ].join("\n") + "\n";
      return { text, json: { a, b, around: str(values, "around"), spanNs, ...c, atUtc: at }, exit: 0 };
    },
  },
];
