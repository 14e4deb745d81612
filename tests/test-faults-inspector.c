/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-faults-inspector.c: RkInspector against a misbehaving server: BARE
 * frames from the fixtures and garbage, large frames decoded in a worker,
 * refused and lost sockets, the polling fallback, missing and stale
 * inspector tokens */

#include "config.h"

#include <string.h>

#include "rk-cbor.h"
#include "rk-client.h"
#include "rk-compat.h"
#include "rk-error.h"
#include "rk-inspector-private.h"
#include "rk-inspector.h"
#include "rk-test-calls.h"
#include "rk-test-server.h"
#include "rk-test-util.h"

#define KV_PATH "/actors/" RK_TEST_ACTOR_ID "/kv/keys/*"
#define HEALTH_PATH "/gateway/" RK_TEST_ACTOR_ID "/health"
#define PUSH_PATH "/gateway/" RK_TEST_ACTOR_ID "/inspector/connect"
#define SUMMARY_PATH "/gateway/" RK_TEST_ACTOR_ID "/inspector/summary"
/* The KV reply of manager-kv-get-inspector-token.json decodes to this */
#define INSPECTOR_TOKEN "e-_YJ1yhUisCaybnt8nr6P5LYaoHKHvzAOnK_mkHfRU"

typedef struct
{
  RkTestServer *server;
  RkClient *client;
  RkInspector *inspector;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->server = rk_test_server_new ();
  f->client = rk_client_new (rk_test_server_get_url (f->server), NULL, NULL, &error);
  g_assert_no_error (error);
  f->inspector = rk_inspector_new (f->client, RK_TEST_ACTOR_ID);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  rk_inspector_stop (f->inspector);
  rk_test_assert_finalized (g_steal_pointer (&f->inspector));
  rk_test_assert_finalized (g_steal_pointer (&f->client));
  rk_test_wait_for (rk_test_server_get_n_open_websockets (f->server) == 0);
  rk_test_assert_finalized (g_steal_pointer (&f->server));
}

/* The binary frames the server sent in a recorded session, in order */
static GPtrArray *
fixture_frames (void)
{
  g_autofree char *text = rk_test_fixture_text ("ws-inspector-session.bare.jsonl", NULL);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GPtrArray *frames = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonNode) line = NULL;
      JsonObject *object;

      if (lines[i][0] == '\0')
        continue;
      line = rk_test_json (lines[i]);
      object = json_node_get_object (line);
      if (g_strcmp0 (json_object_get_string_member_with_default (object, "dir", NULL), "<") == 0)
        g_ptr_array_add (frames,
                         rk_test_hex_to_bytes (json_object_get_string_member (object, "hex")));
    }

  return frames;
}

/* The recorded v4 Init; as v5 (2.3.x), the same body under `05 00` plus an
 * empty tab-config list */
static GBytes *
init_frame (guint version)
{
  g_autoptr(GPtrArray) frames = fixture_frames ();
  GBytes *v4 = g_ptr_array_index (frames, 0);
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (v4, &len);
  GByteArray *frame;
  guint8 empty_list = 0;

  g_assert_cmpuint (len, >, 3);
  g_assert_cmpuint (data[0], ==, 4);
  g_assert_cmpuint (data[2], ==, 13);   /* Init */

  if (version == 4)
    return g_bytes_ref (v4);

  frame = g_byte_array_new ();
  g_byte_array_append (frame, data, len);
  frame->data[0] = (guint8)version;
  g_byte_array_append (frame, &empty_list, 1);
  return g_byte_array_free_to_bytes (frame);
}

/* The recorded StateUpdated (tag 5) */
static GBytes *
state_updated_frame (void)
{
  g_autoptr(GPtrArray) frames = fixture_frames ();

  for (guint i = 0; i < frames->len; i++)
    {
      const guint8 *data = g_bytes_get_data (g_ptr_array_index (frames, i), NULL);

      if (data[2] == 5)
        return g_bytes_ref (g_ptr_array_index (frames, i));
    }

  g_assert_not_reached ();
  return NULL;
}

/* A StateUpdated (v4) with the state {"n": @n, "pad": "…"}: a @pad_bytes
 * string makes the frame large enough to be decoded in the worker */
static GBytes *
counter_frame (gint64 n,
               gsize  pad_bytes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) state = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *pad = g_strnfill (pad_bytes, 'x');
  g_autoptr(GBytes) cbor = NULL;
  GByteArray *frame = g_byte_array_new ();
  const guint8 *data;
  gsize length = 0;
  guint8 byte;

  json_object_set_int_member (object, "n", n);
  json_object_set_string_member (object, "pad", pad);
  json_node_set_object (state, object);
  cbor = rk_cbor_encode (state, &error);
  g_assert_no_error (error);

  /* Version 4, tag 5, then the CBOR as BARE data: a uint length and the bytes */
  data = g_bytes_get_data (cbor, &length);
  g_byte_array_append (frame, (const guint8 *)"\x04\x00\x05", 3);
  for (gsize rest = length; ; rest >>= 7)
    {
      byte = (guint8)(rest & 0x7f) | (rest >= 0x80 ? 0x80 : 0);
      g_byte_array_append (frame, &byte, 1);
      if (rest < 0x80)
        break;
    }
  g_byte_array_append (frame, data, length);

  return g_byte_array_free_to_bytes (frame);
}

static gint64
state_counter (RkInspector *inspector)
{
  g_autoptr(JsonNode) plain = rk_compat_to_plain (rk_inspector_get_state (inspector), NULL);

  g_assert_nonnull (plain);
  return json_object_get_int_member_with_default (json_node_get_object (plain), "n", -1);
}

static void
serve_token (Fixture *f)
{
  rk_test_server_add_fixture_route (f->server, "GET", KV_PATH, 200, "application/json",
                                    "manager-kv-get-inspector-token.json");
}

static RkTestRoute *
serve_push (Fixture        *f,
            RkTestWsScript *script)
{
  return rk_test_server_add_websocket (f->server, PUSH_PATH, script);
}

static void
serve_summary (Fixture *f)
{
  rk_test_server_add_fixture_route (f->server, "GET", SUMMARY_PATH, 200, "application/json",
                                    "inspector-summary.json");
}

static void
wait_transport (Fixture              *f,
                RkInspectorTransport  transport)
{
  rk_test_wait_for (rk_inspector_get_transport (f->inspector) == transport);
}

/* Push */

static void
test_init (Fixture       *f,
           gconstpointer  data)
{
  guint version = GPOINTER_TO_UINT (data);
  g_autoptr(RkTestWsScript) script = rk_test_ws_script_new ();
  g_autoptr(GBytes) init = init_frame (version);
  const RkTestRequest *handshake;

  rk_test_ws_script_send_bytes (script, init);
  serve_token (f);
  serve_push (f, script);

  rk_inspector_start (f->inspector);
  rk_test_wait_for (rk_inspector_get_loaded (f->inspector));

  g_assert_cmpint (rk_inspector_get_transport (f->inspector), ==, RK_INSPECTOR_TRANSPORT_PUSH);
  g_assert_null (rk_inspector_get_transport_reason (f->inspector));
  g_assert_cmpuint (rk_inspector_get_protocol_version (f->inspector), ==, version);
  g_assert_true (rk_inspector_get_is_state_enabled (f->inspector));
  g_assert_true (g_strv_contains (rk_inspector_get_rpcs (f->inspector), "inc"));
  g_assert_cmpint (state_counter (f->inspector), >=, 0);
  g_assert_nonnull (rk_inspector_get_connections (f->inspector));

  handshake = rk_test_server_find (f->server, "GET", PUSH_PATH, 0);
  g_assert_true (soup_message_headers_header_contains (handshake->headers,
                                                       "Sec-WebSocket-Protocol",
                                                       "rivet_inspector_token." INSPECTOR_TOKEN));
  g_assert_cmpuint (rk_test_server_count (f->server, "GET", SUMMARY_PATH), ==, 0);
}

typedef struct
{
  const char *name;
  const char *hex;
  const char *text;
} GarbageCase;

static const GarbageCase garbage_cases[] = {
  { "empty", "", NULL },
  { "one-byte", "04", NULL },
  { "prefix-only", "0400", NULL },
  { "old-version", "0300 0d 00", NULL },
  { "future-version", "0900 0d 00", NULL },
  { "unknown-tag", "0400 63 00", NULL },
  { "truncated-init", "0400 0d 01 24 6263", NULL },
  { "bad-cbor-state", "0400 05 02 ffff", NULL },
  { "huge-length", "0400 05 ffffffffffffffff7f", NULL },
  { "text-frame", NULL, "{\"body\":{\"tag\":\"Init\",\"val\":{}}}" },
};

static void
test_garbage (Fixture       *f,
              gconstpointer  data)
{
  const GarbageCase *c = data;
  g_autoptr(RkTestWsScript) script = rk_test_ws_script_new ();
  g_autoptr(GBytes) init = init_frame (4);
  g_autoptr(GBytes) update = state_updated_frame ();
  gint64 before;

  /* Garbage before and after the Init: ignored both times */
  for (guint i = 0; i < 2; i++)
    {
      if (c->text != NULL)
        rk_test_ws_script_send (script, c->text);
      else
        rk_test_ws_script_send_hex (script, c->hex);
      if (i == 0)
        rk_test_ws_script_send_bytes (script, init);
    }
  serve_token (f);
  serve_push (f, script);

  rk_inspector_start (f->inspector);
  rk_test_wait_for (rk_inspector_get_loaded (f->inspector));
  before = state_counter (f->inspector);

  /* The socket still works: a real update sent after the garbage applies */
  rk_test_server_ws_send_bytes (f->server, 0, update);
  rk_test_wait_for (state_counter (f->inspector) != before);
  g_assert_cmpint (rk_inspector_get_transport (f->inspector), ==, RK_INSPECTOR_TRANSPORT_PUSH);
  g_assert_cmpuint (rk_test_server_get_n_websockets (f->server), ==, 1);
}

static void
assert_polls_every_second (Fixture *f)
{
  const RkTestRequest *second;
  const RkTestRequest *third;
  gint64 gap;

  rk_test_wait_for (rk_test_server_count (f->server, "GET", SUMMARY_PATH) >= 3);
  second = rk_test_server_find (f->server, "GET", SUMMARY_PATH, 1);
  third = rk_test_server_find (f->server, "GET", SUMMARY_PATH, 2);
  gap = third->time - second->time;
  g_assert_cmpint (gap, >=, 900 * 1000);
  /* 1 s as set, not the default 2 s */
  g_assert_cmpint (gap, <=, 1900 * 1000);
  g_assert_true (soup_message_headers_header_contains (third->headers, "Authorization",
                                                       "Bearer " INSPECTOR_TOKEN));
}

static void
test_refused_at_setup (Fixture       *f,
                       gconstpointer  data)
{
  gboolean engine = GPOINTER_TO_INT (data);
  g_autoptr(RkTestWsScript) script = rk_test_ws_script_new ();

  /* 2.2: 1011 rivetkit.internal_error; 2.3: 1008 inspector.unauthorized */
  if (engine)
    rk_test_ws_script_close (script, 1008, "inspector.unauthorized");
  else
    rk_test_ws_script_close (script, 1011, "rivetkit.internal_error");
  serve_token (f);
  serve_push (f, script);
  serve_summary (f);

  rk_inspector_set_poll_interval (f->inspector, 1);
  rk_inspector_start (f->inspector);
  wait_transport (f, RK_INSPECTOR_TRANSPORT_POLL);
  g_assert_nonnull (strstr (rk_inspector_get_transport_reason (f->inspector),
                            engine ? "inspector.unauthorized" : "rivetkit.internal_error"));

  assert_polls_every_second (f);
  g_assert_true (rk_inspector_get_loaded (f->inspector));
  g_assert_cmpint (state_counter (f->inspector), ==, 105);
  g_assert_cmpuint (rk_inspector_get_queue_size (f->inspector), ==, 3);
  /* Refused at setup: no point asking again */
  g_assert_cmpuint (rk_test_server_count (f->server, "GET", PUSH_PATH), ==, 1);
}

static void
test_close_quotes_token (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(RkTestWsScript) script = rk_test_ws_script_new ();

  rk_test_ws_script_close (script, 1011, "refused rivet_inspector_token." INSPECTOR_TOKEN);
  serve_token (f);
  serve_push (f, script);
  serve_summary (f);

  rk_inspector_start (f->inspector);
  wait_transport (f, RK_INSPECTOR_TRANSPORT_POLL);
  g_assert_nonnull (strstr (rk_inspector_get_transport_reason (f->inspector), "refused"));
  g_assert_null (strstr (rk_inspector_get_transport_reason (f->inspector), INSPECTOR_TOKEN));
}

static void
test_upgrade_refused (Fixture       *f,
                      gconstpointer  data)
{
  serve_token (f);
  rk_test_server_add_route (f->server, "GET", PUSH_PATH, 500, NULL, NULL);
  serve_summary (f);

  rk_inspector_start (f->inspector);
  wait_transport (f, RK_INSPECTOR_TRANSPORT_POLL);
  rk_test_wait_for (rk_inspector_get_loaded (f->inspector));
  g_assert_nonnull (rk_inspector_get_transport_reason (f->inspector));
}

static void
test_lost_while_live (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(RkTestWsScript) first = rk_test_ws_script_new ();
  g_autoptr(RkTestWsScript) second = rk_test_ws_script_new ();
  g_autoptr(GBytes) init = init_frame (4);
  RkTestRoute *route;

  rk_test_ws_script_send_bytes (first, init);
  rk_test_ws_script_delay (first, 100);
  rk_test_ws_script_drop (first);
  rk_test_ws_script_send_bytes (second, init);
  serve_token (f);
  route = serve_push (f, first);
  rk_test_route_set_times (route, 1);
  serve_push (f, second);
  serve_summary (f);

  rk_inspector_start (f->inspector);
  wait_transport (f, RK_INSPECTOR_TRANSPORT_PUSH);

  /* Lost: poll meanwhile, and come back to push */
  wait_transport (f, RK_INSPECTOR_TRANSPORT_POLL);
  g_assert_nonnull (strstr (rk_inspector_get_transport_reason (f->inspector), "lost"));
  rk_test_wait_for (rk_test_server_count (f->server, "GET", SUMMARY_PATH) >= 1);
  rk_test_wait_for (rk_test_server_get_n_websockets (f->server) == 2);
  wait_transport (f, RK_INSPECTOR_TRANSPORT_PUSH);
  g_assert_null (rk_inspector_get_transport_reason (f->inspector));
}

/* Large frames are decoded in a worker: still applied in arrival order,
 * small ones included, an unchanged state is still no update, and the
 * close waits behind the frames before it */

typedef struct
{
  GArray *counters;
  gint64 counter_at_poll;
} Seen;

static void
record_state_cb (RkInspector *inspector,
                 JsonNode    *state,
                 Seen        *seen)
{
  gint64 n = state_counter (inspector);

  g_array_append_val (seen->counters, n);
}

static void
record_transport_cb (RkInspector *inspector,
                     GParamSpec  *pspec,
                     Seen        *seen)
{
  if (rk_inspector_get_transport (inspector) == RK_INSPECTOR_TRANSPORT_POLL &&
      seen->counter_at_poll < 0)
    seen->counter_at_poll = state_counter (inspector);
}

static void
test_frames_in_order (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(RkTestWsScript) script = rk_test_ws_script_new ();
  g_autoptr(GBytes) init = init_frame (4);
  g_autoptr(GArray) counters = g_array_new (FALSE, FALSE, sizeof (gint64));
  Seen seen = { counters, -1 };
  const guint n_frames = 24;
  RkTestRoute *route;

  rk_test_ws_script_send_bytes (script, init);
  for (guint i = 1; i <= n_frames; i++)
    {
      /* Two large, one small; the large ones come twice (the second time unchanged) */
      gboolean large = i % 3 != 0;
      g_autoptr(GBytes) frame = counter_frame (i, large ? 200 * 1024 : 16);

      rk_test_ws_script_send_bytes (script, frame);
      if (large)
        rk_test_ws_script_send_bytes (script, frame);
    }
  rk_test_ws_script_close (script, 1011, "gone");
  serve_token (f);
  route = serve_push (f, script);
  rk_test_route_set_times (route, 1);
  serve_summary (f);

  g_signal_connect (f->inspector, "state-updated", G_CALLBACK (record_state_cb), &seen);
  g_signal_connect (f->inspector, "notify::transport", G_CALLBACK (record_transport_cb), &seen);
  rk_inspector_start (f->inspector);
  wait_transport (f, RK_INSPECTOR_TRANSPORT_POLL);

  /* The Init's state, then each counter once */
  g_assert_cmpuint (counters->len, ==, n_frames + 1);
  for (guint i = 1; i <= n_frames; i++)
    g_assert_cmpint (g_array_index (counters, gint64, i), ==, i);
  g_assert_cmpint (seen.counter_at_poll, ==, n_frames);
  g_assert_nonnull (strstr (rk_inspector_get_transport_reason (f->inspector), "gone"));

  g_signal_handlers_disconnect_by_data (f->inspector, &seen);
}

static void
count_cb (RkInspector *inspector,
          JsonNode    *state,
          guint       *count)
{
  (*count)++;
}

static void
test_stop_while_decoding (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(RkTestWsScript) script = rk_test_ws_script_new ();
  g_autoptr(GBytes) init = init_frame (4);
  guint updates = 0;

  rk_test_ws_script_send_bytes (script, init);
  for (guint i = 1; i <= 4; i++)
    {
      g_autoptr(GBytes) frame = counter_frame (i, 2 * 1024 * 1024);

      rk_test_ws_script_send_bytes (script, frame);
    }
  serve_token (f);
  serve_push (f, script);

  rk_inspector_start (f->inspector);
  rk_test_wait_for (rk_inspector_get_loaded (f->inspector) &&
                    _rk_inspector_get_decoding (f->inspector));

  /* Stopped and gone while the worker decodes: it never touches the
   * inspector, holds no reference to it, and its queue goes once it is done */
  g_signal_connect (f->inspector, "state-updated", G_CALLBACK (count_cb), &updates);
  rk_inspector_stop (f->inspector);
  g_assert_false (_rk_inspector_get_decoding (f->inspector));
  rk_test_assert_finalized (g_steal_pointer (&f->inspector));
  rk_test_wait_for (_rk_inspector_get_n_frame_queues () == 0);
  g_assert_cmpuint (updates, ==, 0);

  f->inspector = rk_inspector_new (f->client, RK_TEST_ACTOR_ID);
}

/* The inspector token */

static void
test_token_missing (Fixture       *f,
                    gconstpointer  data)
{
  const char *missing = data;
  g_autoptr(RkTestWsScript) script = rk_test_ws_script_new ();
  g_autoptr(GBytes) init = init_frame (4);
  const char *order[] = { "/actors/a1/kv/keys/Aw==", HEALTH_PATH, "/actors/a1/kv/keys/Aw==",
                          PUSH_PATH };
  RkTestRoute *route;

  /* 2.2 answers {"value": null} (fixture); 2.3 404 actor.kv_key_not_found */
  if (g_str_has_suffix (missing, ".json"))
    route = rk_test_server_add_fixture_route (f->server, "GET", KV_PATH, 200, "application/json",
                                              missing);
  else
    route = rk_test_server_add_route (f->server, "GET", KV_PATH, 404, "application/json", missing);
  rk_test_route_set_times (route, 1);
  serve_token (f);
  rk_test_server_add_route (f->server, "GET", HEALTH_PATH, 200, "text/plain", "ok");
  rk_test_ws_script_send_bytes (script, init);
  serve_push (f, script);

  rk_inspector_start (f->inspector);
  rk_test_wait_for (rk_inspector_get_loaded (f->inspector));
  g_assert_cmpint (rk_inspector_get_transport (f->inspector), ==, RK_INSPECTOR_TRANSPORT_PUSH);

  g_assert_cmpuint (rk_test_server_get_n_requests (f->server), ==, G_N_ELEMENTS (order));
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    g_assert_cmpstr (rk_test_server_get_request (f->server, i)->path, ==, order[i]);
}

static void
test_token_never_appears (Fixture       *f,
                          gconstpointer  data)
{
  rk_test_server_add_route (f->server, "GET", KV_PATH, 200, "application/json",
                            "{\"value\":null}");
  rk_test_server_add_route (f->server, "GET", HEALTH_PATH, 200, "text/plain", "ok");

  rk_inspector_set_poll_interval (f->inspector, 1);
  rk_inspector_start (f->inspector);
  wait_transport (f, RK_INSPECTOR_TRANSPORT_POLL);
  g_assert_nonnull (strstr (rk_inspector_get_transport_reason (f->inspector),
                            "no inspector token yet"));
  g_assert_false (rk_inspector_get_loaded (f->inspector));
  g_assert_cmpuint (rk_test_server_count (f->server, "GET", PUSH_PATH), ==, 0);
  g_assert_cmpuint (rk_test_server_count (f->server, "GET", SUMMARY_PATH), ==, 0);
}

static void
summary (Fixture  *f,
         GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) reply = NULL;

  rk_inspector_get_summary_async (f->inspector, NULL, rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  reply = rk_inspector_request_finish (f->inspector, result, error);
}

static void
test_stale_token (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  RkTestRoute *route;

  route = rk_test_server_add_route (f->server, "GET", KV_PATH, 200, "application/json",
                                    "{\"value\":\"b2xk\"}");   /* "old" */
  rk_test_route_set_times (route, 1);
  rk_test_server_add_route (f->server, "GET", KV_PATH, 200, "application/json",
                            "{\"value\":\"bmV3\"}");            /* "new" */
  route = rk_test_server_add_route (f->server, "GET", SUMMARY_PATH, 401, "text/plain",
                                    "Unauthorized");
  rk_test_route_set_times (route, 1);
  serve_summary (f);

  summary (f, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rk_test_server_count (f->server, "GET", KV_PATH), ==, 2);
  g_assert_cmpstr (soup_message_headers_get_one (rk_test_server_find (f->server, "GET",
                                                                      SUMMARY_PATH, 0)->headers,
                                                 "Authorization"), ==, "Bearer old");
  g_assert_cmpstr (soup_message_headers_get_one (rk_test_server_find (f->server, "GET",
                                                                      SUMMARY_PATH, 1)->headers,
                                                 "Authorization"), ==, "Bearer new");
}

static void
test_token_refused_twice (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  serve_token (f);
  rk_test_server_add_route (f->server, "GET", SUMMARY_PATH, 401, "application/json",
                            "{\"group\":\"inspector\",\"code\":\"unauthorized\","
                            "\"message\":\"Inspector request requires a valid bearer token\"}");

  summary (f, &error);
  g_assert_error (error, RK_ERROR, RK_ERROR_UNAUTHORIZED);
  g_assert_true (rk_error_matches (error, "inspector", "unauthorized"));
  /* Read once more, and only once */
  g_assert_cmpuint (rk_test_server_count (f->server, "GET", KV_PATH), ==, 2);
  g_assert_cmpuint (rk_test_server_count (f->server, "GET", SUMMARY_PATH), ==, 2);
  g_assert_nonnull (strstr (error->message, "requires a valid bearer token"));
  rk_test_assert_no_secret (error, INSPECTOR_TOKEN);
}

static void
test_metrics_absent (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  serve_token (f);
  rk_test_server_add_route (f->server, "GET", "/gateway/a1/inspector/metrics", 404,
                            "application/json",
                            "{\"group\":\"actor\",\"code\":\"not_found\","
                            "\"message\":\"Inspector route was not found\"}");
  error = rk_test_call_run (rk_test_call_lookup ("inspector-metrics"), f->client, f->inspector);
  g_assert_error (error, RK_ERROR, RK_ERROR_NOT_SUPPORTED);
}

/* Stopping and dropping at every stage */

static void
test_stop_during_token (Fixture       *f,
                        gconstpointer  data)
{
  RkTestRoute *route;

  route = rk_test_server_add_fixture_route (f->server, "GET", KV_PATH, 200, "application/json",
                                            "manager-kv-get-inspector-token.json");
  rk_test_route_set_delay (route, 200);

  rk_inspector_start (f->inspector);
  rk_test_wait_for (rk_test_route_get_hits (route) == 1);
  rk_inspector_stop (f->inspector);
  g_assert_cmpint (rk_inspector_get_transport (f->inspector), ==, RK_INSPECTOR_TRANSPORT_NONE);

  rk_test_run_for (400);
  g_assert_cmpint (rk_inspector_get_transport (f->inspector), ==, RK_INSPECTOR_TRANSPORT_NONE);
  g_assert_cmpuint (rk_test_server_get_n_requests (f->server), ==, 1);
}

static void
test_stop_while_polling (Fixture       *f,
                         gconstpointer  data)
{
  RkTestRoute *route;

  serve_token (f);
  route = rk_test_server_add_route (f->server, "GET", SUMMARY_PATH, 200, NULL, NULL);
  rk_test_route_set_fault (route, RK_TEST_FAULT_HANG);

  rk_inspector_set_push_enabled (f->inspector, FALSE);
  rk_inspector_start (f->inspector);
  g_assert_cmpint (rk_inspector_get_transport (f->inspector), ==, RK_INSPECTOR_TRANSPORT_POLL);
  rk_test_wait_for (rk_test_route_get_hits (route) == 1);

  /* Stopping cancels the hanging poll: the last reference then goes at once */
  rk_inspector_stop (f->inspector);
  rk_test_assert_finalized (g_steal_pointer (&f->inspector));
  f->inspector = rk_inspector_new (f->client, RK_TEST_ACTOR_ID);
  rk_test_run_for (100);
  g_assert_cmpuint (rk_test_route_get_hits (route), ==, 1);
}

static void
test_unref_while_live (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(RkTestWsScript) script = rk_test_ws_script_new ();
  g_autoptr(GBytes) init = init_frame (5);

  rk_test_ws_script_send_bytes (script, init);
  serve_token (f);
  serve_push (f, script);

  rk_inspector_start (f->inspector);
  rk_test_wait_for (rk_inspector_get_loaded (f->inspector));

  rk_test_assert_finalized (g_steal_pointer (&f->inspector));
  rk_test_wait_for (rk_test_server_get_n_open_websockets (f->server) == 0);
  f->inspector = rk_inspector_new (f->client, RK_TEST_ACTOR_ID);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, data, func) \
  g_test_add ("/rk/faults/inspector/" path, Fixture, data, fixture_setup, func, fixture_teardown)

  ADD ("push/init-v4", GUINT_TO_POINTER (4), test_init);
  ADD ("push/init-v5", GUINT_TO_POINTER (5), test_init);
  for (guint i = 0; i < G_N_ELEMENTS (garbage_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/rk/faults/inspector/push/garbage/",
                                           garbage_cases[i].name, NULL);

      g_test_add (path, Fixture, &garbage_cases[i], fixture_setup, test_garbage,
                  fixture_teardown);
    }
  ADD ("push/refused-at-setup-2.2", GINT_TO_POINTER (FALSE), test_refused_at_setup);
  ADD ("push/refused-at-setup-2.3", GINT_TO_POINTER (TRUE), test_refused_at_setup);
  ADD ("push/upgrade-refused", NULL, test_upgrade_refused);
  ADD ("push/close-reason-quotes-token", NULL, test_close_quotes_token);
  ADD ("push/lost-while-live", NULL, test_lost_while_live);
  ADD ("push/frames-in-order", NULL, test_frames_in_order);
  ADD ("token/missing-2.2-wakes-actor", "manager-kv-get-missing.json", test_token_missing);
  ADD ("token/missing-2.3-wakes-actor",
       "{\"group\":\"actor\",\"code\":\"kv_key_not_found\",\"message\":\"The KV key does not "
       "exist.\"}", test_token_missing);
  ADD ("token/never-appears", NULL, test_token_never_appears);
  ADD ("token/stale-reread-once", NULL, test_stale_token);
  ADD ("token/refused-twice", NULL, test_token_refused_twice);
  ADD ("http/metrics-absent", NULL, test_metrics_absent);
  ADD ("stop/during-token-fetch", NULL, test_stop_during_token);
  ADD ("stop/while-polling", NULL, test_stop_while_polling);
  ADD ("stop/while-decoding", NULL, test_stop_while_decoding);
  ADD ("unref-while-live", NULL, test_unref_while_live);

#undef ADD

  return g_test_run ();
}
