// The workerd deadline scenario in Deno, over real HTTP:
//   npx deno test --config deno/deno.json --allow-net test/runtime/deadline_deno_test.ts
// A "back" server (Deno.serve on a free port) reports the deadline it reads from its headers; the
// "front" handler builds a Deadline from the incoming headers, derives a child with a 100 ms
// reserve and calls back with the child's headers and signal. No timing assertions: only
// inequalities that hold whatever the scheduling (budgets never grow, sent ≤ received − reserve).
import { ClockmathError, Deadline, decodeGrpcTimeout } from "../../src/mod.ts";

const MS = 1_000_000n;
const S = 1_000n * MS;

function assert(cond: boolean, msg: string): void {
  if (!cond) throw new Error(msg);
}

Deno.test("deadline propagation front → back over HTTP (Deno)", async () => {
  const back = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, (req) => {
    const d = Deadline.fromHeaders(req.headers);
    return Response.json({
      grpcTimeout: req.headers.get("grpc-timeout"),
      remainingNs: d ? String(d.remainingNs()) : null,
    });
  });
  const backUrl = `http://127.0.0.1:${back.addr.port}/`;
  try {
    const front = async (req: Request): Promise<Response> => {
      try {
        const d = Deadline.fromHeaders(req.headers);
        if (d === undefined) return Response.json({ error: "no deadline" }, { status: 400 });
        const before = d.remainingNs();
        const child = d.child({ reserveNs: 100n * MS });
        const sent = child.toHeaders("all");
        const res = await fetch(backUrl, { headers: sent, signal: child.signal() });
        const got = await res.json();
        return Response.json({ before: String(before), after: String(d.remainingNs()), sent, back: got });
      } catch (e) {
        if (e instanceof ClockmathError) return Response.json({ code: e.code }, { status: 400 });
        throw e;
      }
    };

    const r = await (await front(new Request("http://front/", { headers: { "grpc-timeout": "2S" } }))).json();
    const before = BigInt(r.before);
    const sentNs = decodeGrpcTimeout(r.sent["grpc-timeout"]);
    assert(before <= 2n * S && before > S, `budget on arrival ${before}`);
    assert(sentNs <= before - 100n * MS, `sent ${sentNs} > ${before} − 100 ms`);
    assert(sentNs > S / 2n, `sent ${sentNs} keeps the rest`);
    assert(r.back.grpcTimeout === r.sent["grpc-timeout"], `back got ${r.back.grpcTimeout}`);
    assert(BigInt(r.back.remainingNs) <= sentNs, `back ${r.back.remainingNs} > sent ${sentNs}`);
    assert(BigInt(r.after) <= before, "the budget never grows");
    assert(r.sent["connect-timeout-ms"] === String(sentNs / MS), `connect ${r.sent["connect-timeout-ms"]}`);

    const bad = await front(new Request("http://front/", { headers: { "grpc-timeout": "1.5S" } }));
    assert(bad.status === 400 && (await bad.json()).code === "malformed-header", "malformed → 400 malformed-header");
  } finally {
    await back.shutdown();
  }
});

Deno.test("signal() aborts a real fetch at the deadline, not before (Deno)", async () => {
  // A server that never answers before the client gives up.
  const slow = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, async (req) => {
    await new Promise((r) => setTimeout(r, 500));
    return new Response(req.url);
  });
  try {
    const d = Deadline.after(50n * MS);
    let err: unknown;
    try {
      await fetch(`http://127.0.0.1:${slow.addr.port}/`, { signal: d.signal() });
    } catch (e) {
      err = e;
    }
    assert(err !== undefined, "the fetch was aborted");
    assert(d.expired(), "aborted only once the deadline had passed");
    assert(ClockmathError.is(d.signal().reason, "deadline-exceeded"), `reason ${String(d.signal().reason)}`);
  } finally {
    await slow.shutdown();
  }
});
