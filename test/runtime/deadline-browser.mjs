// node test/runtime/deadline-browser.mjs: the workerd deadline scenario in Chromium.
// A Vite dev server (root = repository) serves src/mod.ts to the page and two endpoints from
// Node: /back reports the deadline it reads from the request headers (with dist/, so run
// `npm run build` first) and /slow answers after 500 ms. In the page, the "front" builds a
// Deadline from incoming headers (a Headers object), derives a child with a 100 ms reserve and
// fetches /back with the child's headers and signal; then a 50 ms deadline's signal aborts a
// fetch of /slow. Only inequalities are asserted (no timing). Needs /usr/bin/chromium (or CHROMIUM).
import { Deadline } from "../../dist/mod.js";
import { checker, startScenarioPage } from "./scenario.mjs";

const MS = 1_000_000n;
const S = 1_000n * MS;
const { check, fail, finish } = checker("deadline-browser");

// Endpoints from Node: /back reports the deadline it reads from the request headers, /slow answers
// after 500 ms.
function endpoints(req, res, next) {
  if (req.url === "/back") {
    let body;
    try {
      const d = Deadline.fromHeaders(req.headers);
      body = { grpcTimeout: req.headers["grpc-timeout"] ?? null, remainingNs: d ? String(d.remainingNs()) : null };
    } catch (e) {
      body = { code: e.code, message: e.message };
    }
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(body));
  } else if (req.url === "/slow") {
    setTimeout(() => res.end("late"), 500);
  } else next();
}

const scenario = await startScenarioPage("deadline", endpoints);
try {
  const { page, problems } = scenario;
  const r = await page.evaluate(async () => {
    const m = await import("/src/mod.ts");
    const out = {};
    const d = m.Deadline.fromHeaders(new Headers({ "grpc-timeout": "2S" }));
    out.before = String(d.remainingNs());
    const child = d.child({ reserveNs: 100n * 1_000_000n });
    out.sent = child.toHeaders("all");
    out.sentGrpcNs = String(m.decodeGrpcTimeout(out.sent["grpc-timeout"]));
    out.back = await (await fetch("/back", { headers: out.sent, signal: child.signal() })).json();
    out.after = String(d.remainingNs());
    try {
      m.Deadline.fromHeaders(new Headers({ "grpc-timeout": "1.5S" }));
      out.malformed = "accepted";
    } catch (e) {
      out.malformed = e.code;
    }
    const short = m.Deadline.after(50n * 1_000_000n);
    try {
      await (await fetch("/slow", { signal: short.signal() })).text();
      out.slow = "answered";
    } catch {
      out.slow = "aborted";
      out.expiredAtAbort = short.expired();
      out.reasonCode = short.signal().reason?.code;
    }
    return out;
  });
  const before = BigInt(r.before);
  const sentNs = BigInt(r.sentGrpcNs);
  check(before <= 2n * S && before > S, "budget on arrival is the header's 2 s", r.before);
  check(
    sentNs <= before - 100n * MS,
    "the child header is at most the budget minus the reserve",
    r.sent["grpc-timeout"],
  );
  check(sentNs > S / 2n, "the child header keeps the rest of the budget", r.sentGrpcNs);
  check(
    r.back.grpcTimeout === r.sent["grpc-timeout"],
    "the server receives the header as sent",
    JSON.stringify(r.back),
  );
  check(
    r.back.remainingNs !== null && BigInt(r.back.remainingNs) <= sentNs,
    "the server's deadline is never later than sent",
    JSON.stringify(r.back),
  );
  check(BigInt(r.after) <= before, "the budget never grows", `${r.before} → ${r.after}`);
  check(r.malformed === "malformed-header", "a malformed header is a typed error", r.malformed);
  check(
    r.slow === "aborted" && r.expiredAtAbort === true,
    "signal() aborts a real fetch only after the deadline",
    JSON.stringify(r),
  );
  check(r.reasonCode === "deadline-exceeded", "abort reason is a DeadlineExceededError", r.reasonCode);
  check(problems.length === 0, "no page errors", problems.join("; "));
  console.log(
    `deadline-browser: in ${r.before} ns, sent ${JSON.stringify(r.sent)}, server read ${r.back.remainingNs} ns`,
  );
} catch (e) {
  fail(`harness: ${e?.stack ?? e}`);
} finally {
  await scenario.close();
}
finish();
