// SPDX-License-Identifier: GPL-3.0-or-later
//
// bench/create-actors.mjs: creates N actors of one type with keys k-00000… through the
// manager API (`PUT /actors`, get-or-create, so a second run adds nothing), PARALLEL at a
// time over keep-alive connections. Prints created=N seconds=S. Needs only Node.
//
//   node create-actors.mjs ENDPOINT NAME N [PARALLEL]

import http from "node:http";

const [endpoint, name, nText, parallelText] = process.argv.slice(2);
const n = Number(nText);
const parallel = Number(parallelText ?? 32);
const agent = new http.Agent({ keepAlive: true, maxSockets: parallel });
const url = `${endpoint.replace(/\/$/, "")}/actors?namespace=default`;

function put(i) {
  const body = JSON.stringify({
    name,
    key: `k-${String(i).padStart(5, "0")}`,
    runner_name_selector: "default",
    crash_policy: "sleep",
  });
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: "PUT",
      agent,
      headers: { "content-type": "application/json" },
    }, (res) => {
      let text = "";
      res.on("data", (d) => (text += d));
      res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}: ${text}`))));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const start = performance.now();
let next = 0;
async function worker() {
  while (next < n) {
    const i = next++;
    for (let attempt = 0; ; attempt++) {
      try {
        await put(i);
        break;
      } catch (err) {
        // A busy 2.2 file-system driver sometimes answers 500 (internal_error): back off.
        if (attempt >= 7) throw err;
        await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
      }
    }
  }
}
await Promise.all(Array.from({ length: parallel }, worker));
console.log(`created=${n} seconds=${((performance.now() - start) / 1000).toFixed(1)}`);
agent.destroy();
