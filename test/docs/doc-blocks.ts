// Turns the ```ts / ```js blocks of a Markdown file into programs that check what their comments
// state. The convention, which README.md and DESIGN.md follow:
//
//   expr;                     // => VALUE    the statement's value deep-equals VALUE (a JS expression)
//   const x = expr;           // => VALUE    the same, for the declared name
//   expr;                     // throws CODE the statement throws a ClockmathError with that code
//   anything else             // prose       not checked
//
// The check comment may also stand alone on the line(s) after a statement that spans lines.
//
// VALUE ends at two spaces or at the end of the line, so prose can follow it: `// => 1n  one ns`.
// An object VALUE is a subset: every key it names must deep-equal the actual's (bigints strictly).
// A block whose first line is `// doc-test: skip (reason)` is not run.
import ts from "typescript";

export interface DocBlock {
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  code: string;
  /** Number of `// =>` and `// throws` checks in the block. */
  checks: number;
  skip?: string;
}

export function extractBlocks(file: string, markdown: string): DocBlock[] {
  const lines = markdown.split("\n");
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w+)\s*$/.exec(lines[i]);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
    if (i >= lines.length) throw new Error(`${file}:${start + 1}: code block never closed`);
    const lang = open[1];
    if (!["ts", "js", "typescript", "javascript"].includes(lang)) continue;
    const skip = /^\/\/ doc-test: skip(.*)$/.exec(body[0] ?? "");
    blocks.push({
      file,
      line: start + 1,
      lang,
      code: body.join("\n"),
      skip: skip ? skip[1].trim() || "skip" : undefined,
      checks: body.filter((l) => /\/\/ (=>|throws) /.test(l)).length,
    });
  }
  return blocks;
}

/**
 * The block as an ES module that runs it and throws at the first statement that disagrees. A check
 * comment belongs to the statement before it: on the same line, or alone on the lines after it
 * (for a statement that spans lines).
 */
export function toProgram(block: DocBlock, prelude: string): string {
  const code = block.code;
  const sf = ts.createSourceFile("block.ts", code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const edits: { start: number; end: number; text: string }[] = [];
  let found = 0;
  const statements = sf.statements;
  statements.forEach((stmt, i) => {
    const until = i + 1 < statements.length ? statements[i + 1].getStart(sf) : code.length;
    const comments = ts.getTrailingCommentRanges(code, stmt.end) ?? [];
    // Comment-only lines between this statement and the next.
    for (
      const c
        of ts.getLeadingCommentRanges(code, i + 1 < statements.length ? statements[i + 1].getFullStart() : stmt.end) ??
          []
    ) {
      if (c.pos >= stmt.end && c.end <= until && !comments.some((d) => d.pos === c.pos)) comments.push(c);
    }
    const checks = comments
      .map((c) => /^\/\/ (=>|throws) (.*)$/.exec(code.slice(c.pos, c.end)))
      .filter((m): m is RegExpExecArray => m !== null);
    if (checks.length === 0) return;
    if (checks.length > 1) throw new Error(`${block.file}:${lineOf(block, sf, stmt)}: one check per statement`);
    const [, kind, rest] = checks[0];
    const expected = rest.split(/\s{2,}/)[0].trim();
    const where = JSON.stringify(`${block.file}:${lineOf(block, sf, stmt)}`);
    const text = code.slice(stmt.getStart(sf), stmt.end);
    found++;
    let out: string;
    if (kind === "throws") {
      out = `__throws(() => { ${text} }, ${JSON.stringify(expected)}, ${where});`;
    } else if (ts.isExpressionStatement(stmt)) {
      out = `__check(await (${
        code.slice(stmt.expression.getStart(sf), stmt.expression.end)
      }), (${expected}), ${where});`;
    } else if (
      ts.isVariableStatement(stmt) && stmt.declarationList.declarations.length === 1 &&
      ts.isIdentifier(stmt.declarationList.declarations[0].name)
    ) {
      out = `${text} __check(${stmt.declarationList.declarations[0].name.text}, (${expected}), ${where});`;
    } else {
      throw new Error(
        `${block.file}:${lineOf(block, sf, stmt)}: a "// =>" check needs an expression or one declaration`,
      );
    }
    edits.push({ start: stmt.getStart(sf), end: stmt.end, text: out });
  });
  if (found !== block.checks) {
    throw new Error(`${block.file}:${block.line}: ${block.checks - found} check comment(s) belong to no statement`);
  }
  let program = code;
  for (const e of edits.sort((a, b) => b.start - a.start)) {
    program = program.slice(0, e.start) + e.text + program.slice(e.end);
  }
  const js = ts.transpileModule(program, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
    reportDiagnostics: true,
    fileName: "block.ts",
  });
  if (js.diagnostics?.length) {
    throw new Error(
      `${block.file}:${block.line}: ${ts.flattenDiagnosticMessageText(js.diagnostics[0].messageText, "\n")}`,
    );
  }
  return `${prelude}\n${js.outputText}\nconsole.log("doc block ok: ${block.checks} checks");\n`;
}

function lineOf(block: DocBlock, sf: ts.SourceFile, node: ts.Node): number {
  return block.line + 1 + sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
}

/** Runtime helpers every program starts with. */
export const CHECK_HELPERS = String.raw`
function __same(a, e) {
  if (typeof e === "bigint" || typeof a === "bigint") return typeof a === typeof e && a === e;
  if (e === null || typeof e !== "object") return Object.is(a, e);
  if (a === null || typeof a !== "object") return false;
  if (Array.isArray(e)) return Array.isArray(a) && a.length === e.length && e.every((v, i) => __same(a[i], v));
  return Object.keys(e).every((k) => __same(a[k], e[k]));
}
function __show(v) {
  try { return JSON.stringify(v, (_, x) => (typeof x === "bigint" ? x + "n" : x)); } catch { return String(v); }
}
function __check(actual, expected, where) {
  if (!__same(actual, expected)) throw new Error(where + ": got " + __show(actual) + ", the comment says " + __show(expected));
}
function __throws(f, code, where) {
  try { f(); } catch (e) {
    if (e && e.code === code) return;
    throw new Error(where + ": threw " + (e && e.code) + " (" + e + "), the comment says " + code);
  }
  throw new Error(where + ": did not throw; the comment says " + code);
}
`;
