// SPDX-License-Identifier: GPL-3.0-or-later
//
// bench/official-client.mjs: the reference numbers of build-aux/bench, from RivetKit's
// own client (`rivetkit/client`) and Node's http. Run it from a directory where
// `import "rivetkit/client"` resolves (build-aux/bench copies it into the 2.2 install).
// Each mode prints one line of key=value results, like tests/bench-client.c.
//
//   node official-client.mjs actions ENDPOINT stateless|connection|floor N
//   node official-client.mjs ingest ENDPOINT N SIZE
//   node official-client.mjs ingest-raw ENDPOINT N SIZE
//   node official-client.mjs list ENDPOINT NAME
//       ingest-raw: the same burst to a bare `ws` WebSocket that counts the Event frames
//       without decoding them: how fast the server delivers (the floor of every client).
//
//       list: `GET /actors?name=NAME` with Node's http (keep-alive), following 2.3's
//       cursor, then JSON.parse: the floor of a listing (RivetKit's client has none).
//       Prints n, pages, bytes, http_ms (request sent until the body is read, summed)
//       and parse_ms (JSON.parse, summed).
//
// ingest and ingest-raw also print cpu_us_per_event and busy_pct: the CPU this process
// spent during the burst (process.cpuUsage ()), per event and against the wall time.

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

function rate(got, ms, cpu) {
  const cpuUs = cpu.user + cpu.system;
  return `events=${got} events_per_s=${Math.round(got / (ms / 1000))} ` +
    `cpu_us_per_event=${(got > 0 ? cpuUs / got : 0).toFixed(2)} ` +
    `busy_pct=${Math.round((100 * cpuUs) / (ms * 1000))}`;
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

function getText(agent, url) {
  return new Promise((resolve, reject) => {
    http.get(url, { agent }, (res) => {
      const chunks = [];
      res.on("data", (d) => chunks.push(d));
      res.on("end", () => (res.statusCode === 200
        ? resolve(Buffer.concat(chunks).toString("utf8"))
        : reject(new Error(`HTTP ${res.statusCode}`))));
    }).on("error", reject);
  });
}

async function list(name) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const base = `${endpoint.replace(/\/$/, "")}/actors?name=${encodeURIComponent(name)}` +
    "&namespace=default";
  let cursor = null;
  let n = 0;
  let pages = 0;
  let bytes = 0;
  let httpMs = 0;
  let parseMs = 0;
  do {
    const t0 = performance.now();
    const url = cursor ? `${base}&cursor=${encodeURIComponent(cursor)}` : base;
    const text = await getText(agent, url);
    const t1 = performance.now();
    const reply = JSON.parse(text);
    parseMs += performance.now() - t1;
    httpMs += t1 - t0;
    pages++;
    bytes += Buffer.byteLength(text);
    n += reply.actors.length;
    cursor = reply.pagination?.cursor || null;
  } while (cursor && pages < 2000);
  console.log(`n=${n} pages=${pages} bytes=${bytes} http_ms=${httpMs.toFixed(1)} ` +
    `parse_ms=${parseMs.toFixed(1)}`);
  agent.destroy();
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
  const cpu = process.cpuUsage();
  const call = conn.burst(n, size);
  const timeout = new Promise((resolve) => setTimeout(resolve, 120000));
  await Promise.race([finished, timeout]);
  console.log(rate(got, performance.now() - start, process.cpuUsage(cpu)));
  await call;
  await conn.dispose();
}

// A bare WebSocket (`ws`, which rivetkit depends on) speaking RivetKit 2.2's JSON
// protocol; Event frames are counted by their first bytes, never parsed.
async function ingestRaw(client, n, size) {
  const { default: WebSocket } = await import("ws");
  const id = await client.storm.getOrCreate(["bench"]).resolve();
  const url = `${endpoint.replace(/^http/, "ws").replace(/\/$/, "")}/gateway/` +
    `${encodeURIComponent(id)}/connect`;
  const ws = new WebSocket(url, ["rivet", "rivet_encoding.json"]);
  const prefix = Buffer.from('{"body":{"tag":"Event"');
  const send = (tag, val) => ws.send(JSON.stringify({ body: { tag, val } }));
  const burst = (actionId, count, bytes) => send("ActionRequest", {
    id: ["$BigInt", String(actionId)], name: "burst", args: [count, bytes],
  });
  let phase = 0;
  let got = 0;
  let start = 0;
  let cpu = null;
  let done = null;
  const finished = new Promise((resolve) => (done = resolve));
  ws.on("message", (data) => {
    const isEvent = data.length >= prefix.length &&
      data.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;
    if (phase === 0) {
      // Init: subscribe; a burst of one makes sure the subscription landed
      send("SubscriptionRequest", { eventName: "tick", subscribe: true });
      burst(0, 1, 1);
      phase = 1;
    } else if (phase === 1) {
      if (isEvent) return;
      phase = 2;
      start = performance.now();
      cpu = process.cpuUsage();
      burst(1, n, size);
    } else if (isEvent && ++got === n) {
      done();
    }
  });
  ws.on("error", (err) => { console.error(err); done(); });
  const timeout = new Promise((resolve) => setTimeout(resolve, 120000));
  await Promise.race([finished, timeout]);
  console.log(rate(got, performance.now() - start, process.cpuUsage(cpu ?? undefined)));
  ws.close();
}

const client = createClient({ endpoint, encoding: "json" });
try {
  if (mode === "actions") await actions(client, a, Number(b));
  else if (mode === "ingest") await ingest(client, Number(a), Number(b));
  else if (mode === "ingest-raw") await ingestRaw(client, Number(a), Number(b));
  else if (mode === "list") await list(a);
  else throw new Error(`unknown mode ${mode}`);
} finally {
  await client.dispose?.();
}
process.exit(0);
