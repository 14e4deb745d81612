// SPDX-License-Identifier: GPL-3.0-or-later
//
// Gentle live traffic for the demo registry (data/demo/registry.mjs), started by
// build-aux/demo. With the official client (JSON encoding) it creates a few actors
// of each type with readable keys, keeps connections open so that events flow,
// and every TICK_MS does a handful of things: counts, chats, plays tic-tac-toe,
// publishes news at random levels, and uses the raw HTTP and WebSocket handlers.
//
// Usage: node traffic.mjs [ENDPOINT]   (default $RIVET_ENDPOINT, else http://127.0.0.1:6420)
//
// Environment:
//   ACTOR_LENS_DEMO_TICK_MS          time between rounds of traffic (default 1500)
//   ACTOR_LENS_DEMO_TRAFFIC_MINUTES  stop by itself after this long (default 240)
//   ACTOR_LENS_DEMO                  "1": exit when the process that started us goes away
//
// Stops on SIGTERM, SIGINT or SIGHUP: closes its connections and exits.

import { createClient } from "rivetkit/client";

const endpoint = process.argv[2] ?? process.env.RIVET_ENDPOINT ?? "http://127.0.0.1:6420";
const TICK_MS = Math.max(200, Number(process.env.ACTOR_LENS_DEMO_TICK_MS ?? 1500) || 1500);
const MAX_MINUTES = Math.max(1, Number(process.env.ACTOR_LENS_DEMO_TRAFFIC_MINUTES ?? 240) || 240);
const OP_TIMEOUT_MS = 10_000;

const log = (...args) => console.log(`[${new Date().toISOString()}] traffic:`, ...args);

const pick = (list) => list[Math.floor(Math.random() * list.length)];
const randInt = (lo, hi) => lo + Math.floor(Math.random() * (hi - lo + 1));

const CHAT_LINES = [
  "hello everyone 👋",
  "did anyone try the new build?",
  "coffee break in five",
  "the counter just passed 100!",
  "who is winning at table-1?",
  "brb",
  "that headline was wild",
  "LGTM, ship it",
  "can someone check the todo list?",
  "it's raining here",
  "ok, back",
  "Ñandú says hi — ünïcödé test ✓",
];

const HEADLINES = {
  free: ["Local team wins again", "Sunny weekend ahead", "New park opens downtown",
    "Library extends opening hours"],
  basic: ["Markets close slightly higher", "Rust 2.0 rumours denied", "GTK 5 roadmap published",
    "City council approves bike lanes"],
  premium: ["Exclusive: inside the actor model renaissance",
    "Analysis: why state belongs at the edge", "Interview: the people behind RivetKit",
    "Deep dive: WebSockets vs SSE in 2025"],
};

const TODO_TITLES = ["write the release notes", "water the plants", "review pull request",
  "book the train", "fix the flaky test", "call the plumber", "update the README",
  "buy oat milk"];

const client = createClient({ endpoint, encoding: "json" });

// Everything that must be closed on exit.
const conns = new Set();
const sockets = new Set();

// Statistics for the summary line.
const stats = { ops: 0, errors: 0, events: {} };
const countEvent = (name) => {
  stats.events[name] = (stats.events[name] ?? 0) + 1;
};

const withTimeout = (promise, what) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} timed out`)), OP_TIMEOUT_MS);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });

let lastErrorLog = 0;
const op = async (what, fn) => {
  if (stopping) return undefined;
  stats.ops += 1;
  try {
    return await withTimeout(Promise.resolve().then(fn), what);
  } catch (err) {
    stats.errors += 1;
    // At most one error line a second, so that a dead server does not flood the log.
    if (!stopping && Date.now() - lastErrorLog > 1000) {
      lastErrorLog = Date.now();
      log(`${what} failed: ${err?.code ? `${err.code}: ` : ""}${err?.message ?? err}`);
    }
    return undefined;
  }
};

const connect = (handle, events) => {
  const conn = handle.connect();
  conns.add(conn);
  for (const name of events) conn.on(name, () => countEvent(name));
  conn.onError?.((err) => {
    if (!stopping) log(`connection error: ${err?.message ?? err}`);
  });
  return conn;
};

const disconnect = async (conn) => {
  conns.delete(conn);
  try {
    await conn.dispose();
  } catch {
    // Already gone.
  }
};

// MARK: Actors

const counters = [["lobby"], ["page-views"]].map((key) => client.counter.getOrCreate(key));

const CHAT_ROOMS = { lobby: ["alice", "bob", "carol"], "room-42": ["dave", "erin"] };
const CHAT_EVENTS = ["messageReceived", "userJoined", "userLeft"];
const chats = Object.entries(CHAT_ROOMS).map(([room, users]) => ({
  room,
  users: new Map(users.map((username) => [username, null])),
}));

const TABLES = { "table-1": ["alice", "bob"], "table-2": ["carol", "dave"] };
const GAME_EVENTS = ["moved", "yourTurn", "gameOver", "roundStarted", "playerJoined", "playerLeft"];
const games = Object.entries(TABLES).map(([table, players]) => ({
  table,
  players,
  conns: new Map(),
  finishedAt: 0,
}));

const NEWS_ROOMS = {
  tech: [["fran", "free"], ["bert", "basic"], ["pia", "premium"]],
  world: [["wim", "free"], ["pat", "premium"]],
};
const news = Object.keys(NEWS_ROOMS).map((room) => ({
  room,
  editor: client.newsRoom.getOrCreate([room]),
}));

const todoApis = [["demo"], ["scratch"]].map((key) => client.todoApi.getOrCreate(key));

const openChatUser = (chat, username) => {
  const handle = client.chatRoom.getOrCreate([chat.room], { params: { username } });
  chat.users.set(username, connect(handle, CHAT_EVENTS));
};

async function start() {
  log(`endpoint ${endpoint}, a round every ${TICK_MS} ms, stopping after ${MAX_MINUTES} min`);

  // Create every actor first, one request each, so that they all show up at once.
  await Promise.all([
    ...counters.map((h) => op("counter.getCount", () => h.getCount())),
    ...chats.map((chat) => op("chatRoom.getHistory", () =>
      client.chatRoom.getOrCreate([chat.room]).getHistory())),
    ...games.map((g) => op("gameRoom.getGame", () =>
      client.gameRoom.getOrCreate([g.table]).getGame())),
    ...news.map((n) => op("newsRoom.getHeadlines", () => n.editor.getHeadlines())),
    ...todoApis.map((h) => op("todoApi.getStats", () => h.getStats())),
  ]);

  // Long-lived connections: a watcher per counter, chat users, players and a
  // spectator, news readers at each subscription level.
  for (const h of counters) {
    connect(h, ["newCount"]);
  }
  for (const chat of chats) {
    for (const username of chat.users.keys()) openChatUser(chat, username);
  }
  for (const game of games) {
    for (const playerId of game.players) {
      const handle = client.gameRoom.getOrCreate([game.table], { params: { playerId } });
      game.conns.set(playerId, connect(handle, GAME_EVENTS));
    }
  }
  connect(client.gameRoom.getOrCreate(["table-1"], {
    params: { playerId: "eve", role: "spectator" },
  }), GAME_EVENTS);
  for (const [room, readers] of Object.entries(NEWS_ROOMS)) {
    for (const [reader, level] of readers) {
      const handle = client.newsRoom.getOrCreate([room], { params: { reader, level } });
      const conn = connect(handle, []);
      conn.on("headline", () => countEvent(`headline(${level})`));
    }
  }

  // A raw WebSocket on todoApi ["demo"]: it echoes what we send and ticks every 2 s.
  const ws = await op("todoApi.webSocket", () => todoApis[0].webSocket("/live"));
  if (ws) {
    sockets.add(ws);
    ws.addEventListener("message", (event) => {
      try {
        countEvent(`ws:${JSON.parse(String(event.data)).type}`);
      } catch {
        countEvent("ws:other");
      }
    });
    ws.addEventListener("close", () => sockets.delete(ws));
  }
}

// MARK: Traffic

async function bumpCounter() {
  const h = pick(counters);
  if (Math.random() < 0.15) await op("counter.decrement", () => h.decrement(1));
  else await op("counter.increment", () => h.increment(randInt(1, 3)));
}

async function chatMessage() {
  const chat = pick(chats);
  const online = [...chat.users.entries()].filter(([, conn]) => conn !== null);
  if (online.length === 0) return;
  const [, conn] = pick(online);
  await op("chatRoom.sendMessage", () => conn.sendMessage(pick(CHAT_LINES)));
}

// Someone leaves a chat room and comes back a few rounds later.
const rejoins = [];
async function chatComings(tick) {
  for (let i = rejoins.length - 1; i >= 0; i--) {
    if (rejoins[i].at <= tick) {
      const { chat, username } = rejoins[i];
      rejoins.splice(i, 1);
      openChatUser(chat, username);
    }
  }
  if (tick % 20 === 10) {
    const chat = pick(chats);
    const online = [...chat.users.entries()].filter(([, conn]) => conn !== null);
    if (online.length > 1) {
      const [username, conn] = pick(online);
      chat.users.set(username, null);
      rejoins.push({ chat, username, at: tick + 4 });
      await disconnect(conn);
    }
  }
}

async function playGame(game) {
  const [first] = game.conns.values();
  const state = await op("gameRoom.getGame", () => first.getGame());
  if (!state) return;
  if (state.winner !== null) {
    // Leave the final board on screen for a few rounds, then play again.
    if (game.finishedAt === 0) game.finishedAt = Date.now();
    if (Date.now() - game.finishedAt > 3 * TICK_MS) {
      game.finishedAt = 0;
      await op("gameRoom.newRound", () => first.newRound());
    }
    return;
  }
  const playerId = state.players[state.turn];
  const conn = playerId ? game.conns.get(playerId) : undefined;
  const free = state.board.flatMap((cell, i) => (cell === null ? [i] : []));
  if (!conn || free.length === 0) return;
  await op("gameRoom.move", () => conn.move(pick(free)));
}

async function publishNews() {
  const n = pick(news);
  const level = pick(["free", "free", "basic", "premium"]);
  await op("newsRoom.publish", () => n.editor.publish(level, pick(HEADLINES[level])));
}

async function todoRest() {
  const h = pick(todoApis);
  const list = await op("todoApi GET /todos", async () => (await h.fetch("/todos")).json());
  if (!Array.isArray(list)) return;
  const roll = Math.random();
  if (list.length < 4 || (roll < 0.45 && list.length < 10)) {
    await op("todoApi POST /todos", () => h.fetch("/todos", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ title: pick(TODO_TITLES) }),
    }));
  } else if (roll < 0.8) {
    const todo = pick(list);
    await op("todoApi PATCH /todos/{id}", () => h.fetch(`/todos/${todo.id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ done: !todo.done }),
    }));
  } else {
    const done = list.find((t) => t.done) ?? list[0];
    await op("todoApi DELETE /todos/{id}", () => h.fetch(`/todos/${done.id}`, {
      method: "DELETE",
    }));
  }
}

let pings = 0;
function socketPing() {
  for (const ws of sockets) {
    if (ws.readyState === 1) {
      pings += 1;
      ws.send(`ping ${pings}`);
    }
  }
}

let tick = 0;
let busy = false;
async function round() {
  if (busy || stopping) return; // never pile up rounds on a slow server
  busy = true;
  tick += 1;
  try {
    const work = [bumpCounter(), playGame(games[tick % games.length]), chatComings(tick)];
    if (tick % 2 === 0) work.push(chatMessage());
    if (tick % 3 === 1) work.push(publishNews());
    if (tick % 4 === 2) work.push(todoRest());
    if (tick % 5 === 0) socketPing();
    await Promise.allSettled(work);
  } finally {
    busy = false;
  }
}

function summary() {
  const events = Object.entries(stats.events)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, n]) => `${name}=${n}`)
    .join(" ");
  log(`${stats.ops} requests, ${stats.errors} errors; events received: ${events || "none"}`);
}

// MARK: Lifecycle

let stopping = false;
let roundTimer = null;
let summaryTimer = null;

async function stop(why) {
  if (stopping) return;
  stopping = true;
  log(`stopping (${why})`);
  clearInterval(roundTimer);
  clearInterval(summaryTimer);
  setTimeout(() => process.exit(0), 3000).unref();
  summary();
  for (const ws of sockets) {
    try {
      ws.close(1000, "demo traffic stopping");
    } catch {
      // Already closed.
    }
  }
  await Promise.allSettled([...conns].map((conn) => disconnect(conn)));
  process.exit(0);
}

process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGHUP", () => stop("SIGHUP"));
process.on("unhandledRejection", (err) => {
  if (!stopping) log(`unhandled rejection: ${err?.message ?? err}`);
});

if (process.env.ACTOR_LENS_DEMO === "1") {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stop("build-aux/demo went away");
  }, 1000).unref();
}

setTimeout(() => stop(`ran for ${MAX_MINUTES} min`), MAX_MINUTES * 60_000).unref();

await start();
if (!stopping) {
  roundTimer = setInterval(round, TICK_MS);
  summaryTimer = setInterval(summary, 60_000);
  log("running");
}
