// SPDX-License-Identifier: GPL-3.0-or-later
//
// Demo RivetKit registry for Actor Lens, started by build-aux/demo. Five actor
// types, written the way RivetKit's documentation shows them: a counter, a chat
// room, a game room, a news room and an actor with raw HTTP and WebSocket
// handlers. data/demo/traffic.mjs creates a few of each and keeps them busy.
//
// Runs on rivetkit 2.2.1 (file-system driver: this Node process serves the API).
//
// Environment (set by build-aux/demo):
//   ACTOR_LENS_DEMO_PORT   port of the API (default 6420); bound to 127.0.0.1 only
//   RIVETKIT_STORAGE_PATH  where the actors' state is kept
//   ACTOR_LENS_DEMO        "1": exit when the process that started us goes away

import { actor, setup, UserError } from "rivetkit";

const port = Number.parseInt(process.env.ACTOR_LENS_DEMO_PORT ?? "6420", 10);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  throw new Error(`ACTOR_LENS_DEMO_PORT is not a TCP port: ${process.env.ACTOR_LENS_DEMO_PORT}`);
}

// Histories are kept short so that the demo's state stays small however long it runs.
const MAX_MESSAGES = 50;
const MAX_HEADLINES = 30;
const MAX_TODOS = 12;
const MAX_TEXT = 500;

// `c.conns` is a Map in rivetkit 2.2 (the documentation shows an array).
const connections = (c) => [...(c.conns instanceof Map ? c.conns.values() : c.conns)];

const text = (value, fallback) => {
  const s = typeof value === "string" ? value.trim().slice(0, MAX_TEXT) : "";
  return s.length > 0 ? s : fallback;
};

const trim = (list, max) => {
  if (list.length > max) list.splice(0, list.length - max);
};

// MARK: Counter

// The classic: `increment` broadcasts the new count as `newCount` to every
// connection that subscribed to it.
export const counter = actor({
  options: { name: "Counter", icon: "calculator" },
  state: { count: 0, updatedAt: 0 },
  actions: {
    increment: (c, amount = 1) => {
      c.state.count += Number(amount) || 0;
      c.state.updatedAt = Date.now();
      c.broadcast("newCount", c.state.count);
      return c.state.count;
    },
    decrement: (c, amount = 1) => {
      c.state.count -= Number(amount) || 0;
      c.state.updatedAt = Date.now();
      c.broadcast("newCount", c.state.count);
      return c.state.count;
    },
    reset: (c) => {
      c.state.count = 0;
      c.state.updatedAt = Date.now();
      c.broadcast("newCount", 0);
      return 0;
    },
    getCount: (c) => c.state.count,
  },
});

// MARK: Chat room

// Connection state comes from the connection parameters ({ username }). Joining
// and leaving are broadcast; the last MAX_MESSAGES messages are kept.
//
// rivetkit 2.2 also runs onConnect/onDisconnect for the short-lived connection of
// every stateless action call (`handle.getHistory()`, a dashboard's action form):
// only connections that name a user count as members.
export const chatRoom = actor({
  options: { name: "Chat Room", icon: "comments" },
  state: { messages: [], nextId: 1 },
  createConnState: (c, params) => ({
    username: text(params?.username, null),
    joinedAt: Date.now(),
  }),
  onConnect: (c, conn) => {
    if (conn.state.username === null) return;
    c.broadcast("userJoined", { username: conn.state.username, at: Date.now() });
  },
  onDisconnect: (c, conn) => {
    if (conn.state.username === null) return;
    c.broadcast("userLeft", { username: conn.state.username, at: Date.now() });
  },
  actions: {
    sendMessage: (c, body) => {
      const message = {
        id: c.state.nextId++,
        username: c.conn?.state?.username ?? "guest",
        text: text(body, "…"),
        timestamp: Date.now(),
      };
      c.state.messages.push(message);
      trim(c.state.messages, MAX_MESSAGES);
      c.broadcast("messageReceived", message);
      return message;
    },
    getHistory: (c, limit = MAX_MESSAGES) => c.state.messages.slice(-Math.max(0, limit)),
    getUsers: (c) =>
      connections(c).flatMap((conn) => (conn.state.username === null ? [] : [conn.state.username])),
  },
});

// MARK: Game room

// Tic-tac-toe for two players. Connection parameters carry { playerId }; the
// first two players to connect take X and O; { playerId, role: "spectator" }
// only watches, and a connection without a playerId (a stateless action call) is
// a passing visitor. Moves are broadcast as `moved`; `yourTurn` goes only to the
// connection of the player who moves next.
const LINES = [
  [0, 1, 2], [3, 4, 5], [6, 7, 8],
  [0, 3, 6], [1, 4, 7], [2, 5, 8],
  [0, 4, 8], [2, 4, 6],
];

const winnerOf = (board) => {
  for (const [a, b, d] of LINES) {
    if (board[a] && board[a] === board[b] && board[a] === board[d]) return board[a];
  }
  return board.every((cell) => cell !== null) ? "draw" : null;
};

const connOfPlayer = (c, playerId) =>
  connections(c).find((conn) => conn.state.role === "player" && conn.state.playerId === playerId);

const markOf = (game, playerId) =>
  game.players.X === playerId ? "X" : game.players.O === playerId ? "O" : null;

const notifyTurn = (c) => {
  const game = c.state;
  const playerId = game.players[game.turn];
  if (game.winner !== null || !game.players.X || !game.players.O) return;
  connOfPlayer(c, playerId)?.send("yourTurn", {
    mark: game.turn,
    board: game.board,
    round: game.round,
  });
};

export const gameRoom = actor({
  options: { name: "Game Room", icon: "chess-board" },
  state: {
    board: Array(9).fill(null),
    players: { X: null, O: null },
    turn: "X",
    winner: null,
    round: 1,
    moves: 0,
    scores: { X: 0, O: 0, draw: 0 },
  },
  createConnState: (c, params) => {
    const playerId = text(params?.playerId, null);
    if (playerId === null) return { playerId, role: "visitor" };
    return { playerId, role: params?.role === "spectator" ? "spectator" : "player" };
  },
  onConnect: (c, conn) => {
    const game = c.state;
    const { playerId, role } = conn.state;
    if (role === "visitor") return;
    if (role === "player" && markOf(game, playerId) === null) {
      if (!game.players.X) game.players.X = playerId;
      else if (!game.players.O) game.players.O = playerId;
    }
    c.broadcast("playerJoined", { playerId, role, mark: markOf(game, playerId) });
    notifyTurn(c);
  },
  onDisconnect: (c, conn) => {
    const game = c.state;
    const { playerId, role } = conn.state;
    if (role === "visitor") return;
    const stillHere = connections(c).some(
      (other) => other !== conn && other.state.playerId === playerId,
    );
    const mark = role === "player" ? markOf(game, playerId) : null;
    if (mark !== null && !stillHere) game.players[mark] = null;
    c.broadcast("playerLeft", { playerId, mark });
  },
  actions: {
    move: (c, cell) => {
      const game = c.state;
      const playerId = c.conn?.state?.playerId;
      const mark = c.conn?.state?.role === "player" ? markOf(game, playerId) : null;
      if (mark === null) {
        throw new UserError("Only seated players can move", { code: "not_a_player" });
      }
      if (game.winner !== null) {
        throw new UserError("The round is over", { code: "round_over" });
      }
      if (game.turn !== mark) {
        throw new UserError(`It is ${game.turn}'s turn`, { code: "not_your_turn" });
      }
      if (!Number.isInteger(cell) || cell < 0 || cell > 8 || game.board[cell] !== null) {
        throw new UserError(`Cell ${cell} is not free`, { code: "bad_cell" });
      }
      game.board[cell] = mark;
      game.moves += 1;
      game.winner = winnerOf(game.board);
      game.turn = mark === "X" ? "O" : "X";
      c.broadcast("moved", { playerId, mark, cell, board: game.board });
      if (game.winner !== null) {
        game.scores[game.winner] += 1;
        c.broadcast("gameOver", { winner: game.winner, board: game.board, scores: game.scores });
      } else {
        notifyTurn(c);
      }
      return { board: game.board, winner: game.winner };
    },
    newRound: (c) => {
      const game = c.state;
      game.board = Array(9).fill(null);
      game.winner = null;
      game.round += 1;
      // X and O take turns to open a round.
      game.turn = game.round % 2 === 1 ? "X" : "O";
      c.broadcast("roundStarted", { round: game.round, turn: game.turn });
      notifyTurn(c);
      return game.round;
    },
    getGame: (c) => c.state,
  },
});

// MARK: News room

// Connection parameters carry { reader, level }. `publish(level, headline)`
// sends `headline` only to the connections whose subscription level allows it
// (a connection without a level, such as a stateless action call, gets nothing).
const LEVELS = ["free", "basic", "premium"];
const rank = (level) => LEVELS.indexOf(level);

export const newsRoom = actor({
  options: { name: "News Room", icon: "newspaper" },
  state: { headlines: [], nextId: 1, published: { free: 0, basic: 0, premium: 0 } },
  createConnState: (c, params) => ({
    reader: text(params?.reader, "anonymous"),
    level: LEVELS.includes(params?.level) ? params.level : null,
  }),
  actions: {
    publish: (c, level, headline) => {
      if (!LEVELS.includes(level)) {
        throw new UserError(`Unknown level “${level}”`, {
          code: "bad_level",
          metadata: { levels: LEVELS },
        });
      }
      const article = {
        id: c.state.nextId++,
        level,
        headline: text(headline, "(no headline)"),
        timestamp: Date.now(),
      };
      c.state.headlines.push(article);
      trim(c.state.headlines, MAX_HEADLINES);
      c.state.published[level] += 1;
      let deliveredTo = 0;
      for (const conn of connections(c)) {
        if (conn.state.level !== null && rank(conn.state.level) >= rank(level)) {
          conn.send("headline", article);
          deliveredTo += 1;
        }
      }
      return { article, deliveredTo };
    },
    // What the caller's subscription lets it read (everything for a caller without
    // one: the editor's view).
    getHeadlines: (c) => {
      const level = c.conn?.state?.level ?? "premium";
      return c.state.headlines.filter((a) => rank(a.level) <= rank(level));
    },
    getSubscribers: (c) => {
      const counts = { free: 0, basic: 0, premium: 0 };
      for (const conn of connections(c)) {
        if (conn.state.level !== null) counts[conn.state.level] += 1;
      }
      return counts;
    },
  },
});

// MARK: Raw HTTP and WebSocket

// A tiny JSON REST API on `onRequest` and an echo socket with periodic ticks on
// `onWebSocket`. Reach them at /gateway/{id}/request/… and /gateway/{id}/websocket/….
const json = (body, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json" },
  });

const readJson = async (request) => {
  const body = await request.text();
  if (body.length === 0) return {};
  try {
    return JSON.parse(body);
  } catch {
    return null;
  }
};

const ROUTES = [
  "GET /todos",
  "POST /todos {title}",
  "PATCH /todos/{id} {done?, title?}",
  "DELETE /todos/{id}",
  "ANY /echo",
  "WebSocket /websocket/… (echo + a tick every 2 s)",
];

export const todoApi = actor({
  options: { name: "Todo API (raw HTTP + WebSocket)", icon: "plug" },
  state: { todos: [], nextId: 1, requests: 0, socketMessages: 0 },
  onRequest: async (c, request) => {
    const url = new URL(request.url);
    const parts = url.pathname.split("/").filter((p) => p.length > 0);
    c.state.requests += 1;

    if (parts.length === 0) {
      return json({ service: "todoApi", key: c.key, routes: ROUTES });
    }
    if (parts[0] === "echo") {
      return json({
        method: request.method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        contentType: request.headers.get("content-type"),
        body: await request.text(),
      });
    }
    if (parts[0] !== "todos" || parts.length > 2) {
      return json({ error: "not_found", routes: ROUTES }, 404);
    }

    if (parts.length === 1) {
      if (request.method === "GET") return json(c.state.todos);
      if (request.method === "POST") {
        const body = await readJson(request);
        if (body === null || typeof body.title !== "string" || body.title.trim() === "") {
          return json({ error: "bad_request", hint: 'send {"title": "…"}' }, 400);
        }
        const todo = { id: c.state.nextId++, title: text(body.title, "?"), done: false };
        c.state.todos.push(todo);
        trim(c.state.todos, MAX_TODOS);
        return json(todo, 201);
      }
      return json({ error: "method_not_allowed" }, 405);
    }

    const id = Number.parseInt(parts[1], 10);
    const index = c.state.todos.findIndex((t) => t.id === id);
    if (index < 0) return json({ error: "not_found", id: parts[1] }, 404);
    const todo = c.state.todos[index];
    if (request.method === "GET") return json(todo);
    if (request.method === "PATCH") {
      const body = await readJson(request);
      if (body === null) return json({ error: "bad_request" }, 400);
      if (typeof body.done === "boolean") todo.done = body.done;
      if (typeof body.title === "string") todo.title = text(body.title, todo.title);
      return json(todo);
    }
    if (request.method === "DELETE") {
      c.state.todos.splice(index, 1);
      return new Response(null, { status: 204 });
    }
    return json({ error: "method_not_allowed" }, 405);
  },
  onWebSocket: (c, ws) => {
    let tick = 0;
    const send = (message) => {
      try {
        ws.send(JSON.stringify(message));
      } catch {
        // The socket is closing.
      }
    };
    const timer = setInterval(() => {
      tick += 1;
      send({ type: "tick", tick, todos: c.state.todos.length, at: new Date().toISOString() });
    }, 2000);
    const stop = () => clearInterval(timer);
    ws.addEventListener("close", stop);
    ws.addEventListener("error", stop);
    c.abortSignal?.addEventListener("abort", stop);

    send({ type: "welcome", key: c.key, todos: c.state.todos.length });
    ws.addEventListener("message", (event) => {
      c.state.socketMessages += 1;
      send({
        type: "echo",
        n: c.state.socketMessages,
        data:
          typeof event.data === "string" ? event.data : `(${event.data?.byteLength ?? 0} bytes)`,
      });
    });
  },
  actions: {
    getTodos: (c) => c.state.todos,
    getStats: (c) => ({
      todos: c.state.todos.length,
      done: c.state.todos.filter((t) => t.done).length,
      requests: c.state.requests,
      socketMessages: c.state.socketMessages,
    }),
  },
});

export const registry = setup({
  use: { counter, chatRoom, gameRoom, newsRoom, todoApi },
  managerPort: port,
  managerHost: "127.0.0.1",
  noWelcome: true,
});

registry.start();
console.log(`demo registry: rivetkit listening on http://127.0.0.1:${port}`);

// rivetkit 2.2 only closes its HTTP server on SIGTERM and then lingers until every
// actor has gone to sleep. State writes are throttled to one per second, so exit
// once they have been flushed.
let exiting = false;
const exitSoon = () => {
  if (exiting) return;
  exiting = true;
  setTimeout(() => process.exit(0), 1500);
};
process.on("SIGTERM", exitSoon);
process.on("SIGINT", exitSoon);
process.on("SIGHUP", exitSoon);

// Never outlive build-aux/demo, even if it is killed with SIGKILL.
if (process.env.ACTOR_LENS_DEMO === "1") {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) exitSoon();
  }, 1000).unref();
}
