// SPDX-License-Identifier: GPL-3.0-or-later
//
// Test registry for Actor Lens integration tests. The same file runs unchanged on
// rivetkit 2.2.1 (file-system driver, Node serves the API) and 2.3.19 (Node spawns
// the Rust Rivet Engine, which serves the API).
//
// Environment (set by tests/rk-real-server.c):
//   RK_TEST_PORT           port of the public API (2.2: manager port, 2.3: engine port)
//   RIVET_RUN_ENGINE_PORT  2.3 reads the engine port from here too
//   RIVETKIT_STORAGE_PATH  data directory of both versions
//
// Actor names, actions and events are relied upon by the tests: change them only
// together with the tests.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { actor, setup, UserError, queue } from "rivetkit";

const sleepMs = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// SQLite support differs between versions (2.2: @rivetkit/sqlite-vfs over the actor
// KV; 2.3: native SQLite in rivetkit-napi). Both work; should the module fail to
// load, `notes` keeps its notes in state instead and says so in `backend()`.
let dbFactory = null;
let dbLoadError = null;
try {
  ({ db: dbFactory } = await import("rivetkit/db"));
} catch (err) {
  dbLoadError = String(err?.message ?? err);
  console.error(`registry: rivetkit/db unavailable, notes falls back to state: ${dbLoadError}`);
}

// The installed rivetkit version, read from its package.json (its "exports" hide it
// from require/import).
function rivetkitVersion() {
  try {
    const entry = fileURLToPath(import.meta.resolve("rivetkit"));
    const root = entry.slice(0, entry.lastIndexOf("/node_modules/rivetkit/") + 22);
    return JSON.parse(readFileSync(`${root}/package.json`, "utf8")).version;
  } catch {
    return "unknown";
  }
}
const version = rivetkitVersion();

const port = Number.parseInt(process.env.RK_TEST_PORT ?? "6420", 10);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  throw new Error(`RK_TEST_PORT must be a TCP port, got ${process.env.RK_TEST_PORT}`);
}

export const counter = actor({
  options: { name: "Counter", icon: "calculator" },
  state: { count: 0 },
  actions: {
    increment: (c, by = 1) => {
      c.state.count += by;
      c.broadcast("newCount", c.state.count);
      return c.state.count;
    },
    getCount: (c) => c.state.count,
    reset: (c) => {
      c.state.count = 0;
      c.broadcast("newCount", 0);
      return 0;
    },
    setCount: (c, n) => {
      c.state.count = n;
      c.broadcast("newCount", n);
      return n;
    },
  },
});

export const chatRoom = actor({
  options: { icon: "comments" },
  state: { messages: [] },
  createConnState: (c, params) => ({ username: params?.username ?? "anon" }),
  onConnect: (c, conn) => {
    c.broadcast("joined", { username: conn.state.username });
  },
  onDisconnect: (c, conn) => {
    c.broadcast("left", { username: conn.state.username });
  },
  actions: {
    sendMessage: (c, text) => {
      const message = { username: c.conn.state.username, text };
      c.state.messages.push(message);
      c.broadcast("messageReceived", message);
      return message;
    },
    getHistory: (c) => c.state.messages,
    whoami: (c) => ({ connId: c.conn.id, params: c.conn.params ?? null, state: c.conn.state }),
    sendToMe: (c, name, ...args) => {
      c.conn.send(name, ...args);
      return true;
    },
    kick: (c, reason) => {
      c.conn.disconnect(reason);
      return true;
    },
  },
});

export const guarded = actor({
  state: { hits: 0 },
  onBeforeConnect: (c, params) => {
    if (params?.token !== "secret") {
      throw new UserError("bad token", {
        code: "unauthorized",
        metadata: { hint: "pass {token:'secret'} as connection parameters" },
      });
    }
  },
  actions: {
    ping: (c) => {
      c.state.hits += 1;
      return "pong";
    },
  },
});

export const thrower = actor({
  state: {},
  actions: {
    userError: () => {
      throw new UserError("custom failure", {
        code: "custom_code",
        metadata: { a: 1, big: 2n },
      });
    },
    // Same as userError without the BigInt: 2.3.19 cannot serialize a BigInt in
    // error metadata and answers core.internal_error for userError.
    userErrorMeta: () => {
      throw new UserError("custom failure", {
        code: "custom_code",
        metadata: { a: 1, nested: { list: [1, "two"] } },
      });
    },
    userErrorPlain: () => {
      throw new UserError("plain user error");
    },
    boom: () => {
      throw new Error("boom");
    },
    specials: () => ({
      big: 12345678901234567890n,
      negBig: -5n,
      bytes: new Uint8Array([1, 2, 3]),
      ab: new Uint8Array([9, 8]).buffer,
      dollar: ["$foo", 1],
      dollar2: ["$$bar", 2],
      undef: undefined,
      nul: null,
    }),
    echo: (c, ...args) => args,
    slow: async (c, ms) => {
      await sleepMs(ms);
      return ms;
    },
  },
});

export const raw = actor({
  state: {},
  onRequest: async (c, request) => {
    const url = new URL(request.url);
    const body = await request.text();
    const reply = {
      method: request.method,
      path: url.pathname,
      search: url.search,
      body,
      headers: { "x-custom": request.headers.get("x-custom") },
      connParams: c.conn?.params ?? null,
    };
    return new Response(JSON.stringify(reply), {
      status: 200,
      headers: { "content-type": "application/json", "x-from-actor": "raw" },
    });
  },
  onWebSocket: (c, ws) => {
    ws.send(JSON.stringify({ hello: true }));
    ws.addEventListener("message", (event) => {
      if (typeof event.data === "string") {
        ws.send(`echo:${event.data}`);
      } else {
        ws.send(event.data);
      }
    });
  },
  actions: {
    ping: () => "pong",
  },
});

export const jobs = actor({
  state: {},
  // No consumer: sent messages stay queued, so the queue view always has content.
  queues: { jobs: queue() },
  actions: {
    ping: () => "pong",
  },
});

const notesWithDb = dbFactory
  ? {
      state: {},
      db: dbFactory({
        onMigrate: async (d) => {
          await d.execute(
            "CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)",
          );
        },
      }),
      actions: {
        add: async (c, body) => {
          await c.db.execute("INSERT INTO notes (body) VALUES (?)", body);
          return true;
        },
        list: async (c) => await c.db.execute("SELECT id, body FROM notes ORDER BY id"),
        backend: () => "sqlite",
      },
    }
  : null;

export const notes = actor(
  notesWithDb ?? {
    state: { notes: [] },
    actions: {
      add: (c, body) => {
        c.state.notes.push({ id: c.state.notes.length + 1, body });
        return true;
      },
      list: (c) => c.state.notes,
      backend: () => `state (rivetkit/db failed: ${dbLoadError})`,
    },
  },
);

export const lifecycle = actor({
  state: { n: 0 },
  actions: {
    doSleep: (c) => {
      c.sleep();
      return "sleeping";
    },
    doDestroy: (c) => {
      c.destroy();
      return "destroying";
    },
    ping: () => "pong",
    inc: (c) => {
      c.state.n += 1;
      c.broadcast("n", c.state.n);
      return c.state.n;
    },
    scheduleTick: async (c, ms) => {
      await c.schedule.after(ms, "tick");
      return true;
    },
    tick: (c) => {
      c.broadcast("tick", c.state.n);
      return c.state.n;
    },
  },
});

export const storm = actor({
  state: { bursts: 0, big: null },
  actions: {
    // Event `tick` has the arguments [sequence number, string of `size` characters].
    burst: (c, count = 100, size = 16) => {
      const payload = "x".repeat(Math.max(0, size));
      for (let i = 0; i < count; i++) {
        c.broadcast("tick", i, payload);
      }
      c.state.bursts += 1;
      return count;
    },
    // Replaces `state.big` with about `bytes` bytes of JSON, in 1 KiB chunks so
    // that the state is a real tree rather than one huge string.
    setBig: (c, bytes = 1 << 20) => {
      const chunk = 1024;
      const n = Math.max(1, Math.ceil(bytes / chunk));
      const items = [];
      for (let i = 0; i < n; i++) {
        items.push({ i, s: "y".repeat(chunk - 16) });
      }
      c.state.big = { bytes, items };
      return n;
    },
    clearBig: (c) => {
      c.state.big = null;
      return true;
    },
  },
});

export const stateless = actor({
  actions: {
    hi: () => "hi",
  },
});

export const registry = setup({
  use: { counter, chatRoom, guarded, thrower, raw, jobs, notes, lifecycle, storm, stateless },
  // 2.2.x: the Node process serves the API itself; bind it to loopback only.
  managerPort: port,
  managerHost: "127.0.0.1",
  // 2.3.x: the spawned engine serves the API (it also reads RIVET_RUN_ENGINE_PORT).
  enginePort: port,
  engineHost: "127.0.0.1",
});

registry.start();

// 2.2.x only closes its HTTP server on SIGTERM and then lingers until every actor
// has gone to sleep (about a minute). State writes are throttled to one per second
// (stateSaveInterval), so exit once they have been flushed. 2.3.x drains its actors
// on SIGTERM itself and must not be cut short.
if (version.startsWith("2.2.")) {
  let exiting = false;
  const exitSoon = () => {
    if (exiting) return;
    exiting = true;
    setTimeout(() => process.exit(0), 1500);
  };
  process.on("SIGTERM", exitSoon);
  process.on("SIGINT", exitSoon);
}
