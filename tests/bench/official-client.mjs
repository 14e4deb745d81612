// SPDX-License-Identifier: GPL-3.0-or-later
//
// bench/official-client.mjs: the reference numbers of build-aux/bench, from RivetKit's
// own client (`rivetkit/client`) and Node's http. Run it from a directory where
// `import "rivetkit/client"` resolves (build-aux/bench copies it into the 2.2 install).
// Each mode prints one line of key=value results, like tests/bench-client.c.
//
//   node official-client.mjs actions ENDPOINT stateless|connection|floor N
//   node official-client.mjs ingest ENDPOINT N SIZE

import http from "node:http";
import { createClient } from "rivetkit/client";

const [mode, endpoint, a, b] = process.argv.slice(2);

function report(times, totalMs) {
  times.sort((x, y) => x - y);
  const n = times.length;
  const p50 = Math.round(times[Math.floor(n / 2)] * 1000);
  const p99 = Math.round(times[Math.min(n - 1, Math.floor(n * 0.99))] * 1000);
  console.log(`p50_us=${p50} p99_us=${p99} calls_per_s=${Math.round(n / (totalMs / 1000))}`);
}

function floorCall(agent, url) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: "POST",
      agent,
      headers: { "content-type": "application/json", "x-rivet-encoding": "json" },
    }, (res) => {
      res.resume();
      res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on("error", reject);
    req.end('{"args":[]}');
  });
}

async function actions(client, kind, n) {
  const handle = client.counter.getOrCreate(["bench"]);
  let call;
  let conn = null;
  let agent = null;
  if (kind === "stateless") {
    call = () => handle.getCount();
  } else if (kind === "connection") {
    conn = handle.connect();
    await conn.getCount();
    call = () => conn.getCount();
  } else if (kind === "floor") {
    const id = await handle.resolve();
    const url = `${endpoint.replace(/\/$/, "")}/gateway/${encodeURIComponent(id)}/action/getCount`;
    agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    call = () => floorCall(agent, url);
  } else {
    throw new Error(`unknown actions mode ${kind}`);
  }
  const times = new Array(n);
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await call();
    times[i] = performance.now() - t0;
  }
  report(times, performance.now() - start);
  if (conn) await conn.dispose();
  if (agent) agent.destroy();
}

async function ingest(client, n, size) {
  const conn = client.storm.getOrCreate(["bench"]).connect();
  let got = 0;
  let done = null;
  const finished = new Promise((resolve) => (done = resolve));
  conn.on("tick", () => {
    got++;
    if (got === n) done();
  });
  // Warm up, and make sure the subscription landed
  await conn.burst(1, 1);
  await new Promise((resolve) => { const t = setInterval(() => { if (got >= 1) { clearInterval(t); resolve(); } }, 5); });
  got = 0;
  const start = performance.now();
  const call = conn.burst(n, size);
  const timeout = new Promise((resolve) => setTimeout(resolve, 120000));
  await Promise.race([finished, timeout]);
  const seconds = (performance.now() - start) / 1000;
  console.log(`events=${got} events_per_s=${Math.round(got / seconds)}`);
  await call;
  await conn.dispose();
}

const client = createClient({ endpoint, encoding: "json" });
try {
  if (mode === "actions") await actions(client, a, Number(b));
  else if (mode === "ingest") await ingest(client, Number(a), Number(b));
  else throw new Error(`unknown mode ${mode}`);
} finally {
  await client.dispose?.();
}
process.exit(0);
