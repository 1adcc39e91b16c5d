// workerd entry for test/runtime/deadline-workerd.mjs: one bundle, two roles chosen by the
// ROLE binding. "front" reads the caller's deadline from its headers, derives a child with a
// reserve, and calls "back" (a service binding) with the child's headers; "back" reads them
// again and reports what it got. Every number comes back as a string (bigint in JSON).
// Not type-checked by any tsconfig; Vite only strips the types.
import { ClockmathError, Deadline, decodeGrpcTimeout, initCore } from "clockmath";
import coreModule from "clockmath/core.wasm";

// Named imports alone let the bundler drop dist/mod.module.js's own `initCore(wasm)` (package.json
// says "sideEffects": false), so hand the runtime-compiled module over explicitly, the documented
// escape hatch. Returns false when the entry already did it.
initCore(coreModule as WebAssembly.Module);

interface Env {
  ROLE: string;
  BACK?: { fetch(req: Request): Promise<Response> };
}

const MS = 1_000_000n;

function busyWaitMs(ms: number): number {
  // CPU work only: no I/O, so workerd's clock should not move.
  const end = Date.now() + ms;
  let spins = 0;
  // Date.now() is frozen too, so bound the loop by iterations as well.
  while (Date.now() < end && spins < 20_000_000) spins++;
  return spins;
}

export default {
  async fetch(req: Request, env: Env): Promise<Response> {
    try {
      if (env.ROLE === "back") {
        const d = Deadline.fromHeaders(req.headers);
        return Response.json({
          grpcTimeout: req.headers.get("grpc-timeout"),
          connectTimeoutMs: req.headers.get("connect-timeout-ms"),
          remainingNs: d === undefined ? null : String(d.remainingNs()),
        });
      }
      const d = Deadline.fromHeaders(req.headers);
      if (d === undefined) return Response.json({ error: "no deadline" }, { status: 400 });
      const before = d.remainingNs();
      const spins = busyWaitMs(30);
      const afterCpu = d.remainingNs();
      const child = d.child({ reserveNs: 100n * MS, maxNs: 10_000n * MS });
      const sent = child.toHeaders("all");
      const signal = child.signal();
      const res = await env.BACK!.fetch(new Request("http://back/", { headers: sent, signal }));
      const back = await res.json() as Record<string, string | null>;
      const afterIo = d.remainingNs();
      // A short real wait (I/O as far as workerd is concerned): the clock must move.
      await new Promise((r) => setTimeout(r, 25));
      const afterTimer = d.remainingNs();
      return Response.json({
        before: String(before),
        spins,
        afterCpu: String(afterCpu),
        afterIo: String(afterIo),
        afterTimer: String(afterTimer),
        sent,
        sentGrpcNs: String(decodeGrpcTimeout(sent["grpc-timeout"])),
        back,
        signalAborted: signal.aborted,
      });
    } catch (e) {
      if (e instanceof ClockmathError) return Response.json({ code: e.code, message: e.message }, { status: 400 });
      return Response.json({ error: String((e as Error)?.stack ?? e) }, { status: 500 });
    }
  },
};
