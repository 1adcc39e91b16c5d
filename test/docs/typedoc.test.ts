// The API reference builds (`npm run docs`, TypeDoc) and every export carries a doc comment:
// typedoc.json makes an undocumented class, function, variable, type or interface an error.
// Run without writing HTML (--emit none): the check is the validation.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");

it(
  "TypeDoc validates the API reference: every export documented, every link resolves",
  { timeout: 180_000 },
  async () => {
    const bin = join(ROOT, "node_modules/typedoc/bin/typedoc");
    let out = "";
    let code = 0;
    try {
      out =
        (await promisify(execFile)(process.execPath, [bin, "--emit", "none"], { cwd: ROOT, encoding: "utf8" })).stdout;
    } catch (e) {
      const err = e as { stdout?: string; code?: number };
      out = err.stdout ?? String(e);
      code = err.code ?? 1;
    }
    expect(out.match(/.*does not have any documentation.*/g) ?? []).toEqual([]);
    expect(code, out).toBe(0);
    expect(out).toMatch(/Found 0 errors and 0 warnings|^(?![\s\S]*warning)/);
  },
);
