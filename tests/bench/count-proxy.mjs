// SPDX-License-Identifier: GPL-3.0-or-later
//
// bench/count-proxy.mjs: a loopback TCP proxy in front of a RivetKit endpoint that counts
// what reaches the server: HTTP requests (request lines, also on keep-alive connections),
// TCP connections, and WebSocket messages sent by the client after an upgrade.
// Prints "port P" once listening; on SIGUSR1 zeroes the counters; on SIGUSR2 prints
// "requests=R connections=C ws_messages=M seconds=S" (since the last zeroing), then one
// line "  COUNT METHOD ROUTE" per route. Needs only Node.
//
//   node count-proxy.mjs UPSTREAM_PORT

import net from "node:net";

const upstreamPort = Number(process.argv[2]);
let requests = 0, connections = 0, wsMessages = 0, since = performance.now();
const requestLine = /(?:^|\r\n)((?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS) [^\s?]+)\S* HTTP\/1\.[01]\r\n/g;
let paths = new Map();

// Counts client→server WebSocket frames with FIN set (one per message).
function wsCounter() {
  let buf = Buffer.alloc(0);
  return (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      if (buf.length < 2) return;
      let len = buf[1] & 0x7f, off = 2;
      if (len === 126) { if (buf.length < 4) return; len = buf.readUInt16BE(2); off = 4; }
      else if (len === 127) { if (buf.length < 10) return; len = Number(buf.readBigUInt64BE(2)); off = 10; }
      if (buf[1] & 0x80) off += 4;
      if (buf.length < off + len) return;
      const opcode = buf[0] & 0x0f;
      if ((buf[0] & 0x80) && opcode !== 0x0a && opcode !== 0x09) wsMessages++;
      buf = buf.subarray(off + len);
    }
  };
}

const server = net.createServer((client) => {
  connections++;
  const upstream = net.connect(upstreamPort, "127.0.0.1");
  let upgraded = false, tail = "", ws = null;
  client.on("data", (chunk) => {
    if (ws) ws(chunk);
    else {
      const text = tail + chunk.toString("latin1");
      for (const hit of text.matchAll(requestLine)) {
        requests++;
        // Actor ids vary: count per route
        const route = hit[1].replace(/\/gateway\/[^/]+/, "/gateway/ID").replace(/\/actors\/[^/]+/, "/actors/ID");
        paths.set(route, (paths.get(route) ?? 0) + 1);
      }
      tail = text.slice(-200);
      if (/\r\nupgrade: *websocket/i.test(text)) upgraded = true;
    }
    upstream.write(chunk);
  });
  upstream.on("data", (chunk) => {
    if (upgraded && !ws && chunk.toString("latin1").startsWith("HTTP/1.1 101")) ws = wsCounter();
    client.write(chunk);
  });
  client.on("close", () => upstream.destroy());
  upstream.on("close", () => client.destroy());
  client.on("error", () => upstream.destroy());
  upstream.on("error", () => client.destroy());
});

process.on("SIGUSR1", () => {
  requests = connections = wsMessages = 0;
  paths = new Map();
  since = performance.now();
});
process.on("SIGUSR2", () => {
  const s = (performance.now() - since) / 1000;
  console.log(`requests=${requests} connections=${connections} ws_messages=${wsMessages} seconds=${s.toFixed(1)}`);
  for (const [route, count] of [...paths].sort((a, b) => b[1] - a[1])) console.log(`  ${count} ${route}`);
});
process.on("SIGTERM", () => process.exit(0));
server.listen(0, "127.0.0.1", () => console.log(`port ${server.address().port}`));
