/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-faults-http.c: RkClient over a misbehaving HTTP server: transport
 * failures, every error shape, malformed replies */

#include "config.h"

#include <string.h>

#include "rk-actor.h"
#include "rk-client.h"
#include "rk-compat.h"
#include "rk-error.h"
#include "rk-raw-response.h"
#include "rk-test-calls.h"
#include "rk-test-server.h"
#include "rk-test-util.h"

#define ACTION_PATH "/gateway/" RK_TEST_ACTOR_ID "/action/increment"

typedef struct
{
  RkTestServer *server;
  RkClient *client;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->server = rk_test_server_new ();
  f->client = rk_client_new (rk_test_server_get_url (f->server), NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  rk_test_assert_finalized (g_steal_pointer (&f->client));
  rk_test_assert_finalized (g_steal_pointer (&f->server));
}

static GError *
run (Fixture    *f,
     const char *call)
{
  return rk_test_call_run (rk_test_call_lookup (call), f->client, NULL);
}

static void
assert_message_contains (const GError *error,
                         const char   *part)
{
  g_assert_nonnull (error);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  if (part != NULL && strstr (error->message, part) == NULL)
    g_error ("“%s” is not in the error message “%s”", part, error->message);
}

/* Bodies too awkward for a string literal */

typedef enum
{
  BODY_TEXT,
  BODY_DEEP,
  BODY_DEEP_OBJECTS,
  BODY_INVALID_UTF8,
  BODY_LONG_HTML,
} BodyKind;

static GBytes *
make_body (BodyKind    kind,
           const char *text)
{
  GString *body = g_string_new (NULL);

  switch (kind)
    {
    case BODY_TEXT:
      g_string_append (body, text);
      break;

    case BODY_DEEP:
      /* 100,000 levels: json-glib alone would overflow the stack */
      g_string_append (body, text ? text : "");
      for (guint i = 0; i < 100000; i++)
        g_string_append_c (body, '[');
      for (guint i = 0; i < 100000; i++)
        g_string_append_c (body, ']');
      if (text != NULL)
        g_string_append_c (body, '}');
      break;

    case BODY_DEEP_OBJECTS:
      for (guint i = 0; i < 100000; i++)
        g_string_append (body, "{\"a\":");
      g_string_append (body, "1");
      for (guint i = 0; i < 100000; i++)
        g_string_append_c (body, '}');
      break;

    case BODY_INVALID_UTF8:
      g_string_append (body, text ? text : "");
      g_string_append (body, "\xff\xfe\xc3(");
      break;

    case BODY_LONG_HTML:
      g_string_append (body, "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
                             "<body><h1>Bad Gateway</h1>");
      for (guint i = 0; i < 200; i++)
        g_string_append (body, "<p>The upstream server did not answer.</p>");
      g_string_append (body, "</body></html>");
      break;

    default:
      g_assert_not_reached ();
    }

  return g_string_free_to_bytes (body);
}

/* Transport */

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *where = g_strdup_printf ("127.0.0.1:%u", rk_test_server_get_port (f->server));

  rk_test_server_stop (f->server);
  error = run (f, "probe");
  g_assert_error (error, RK_ERROR, RK_ERROR_UNREACHABLE);
  assert_message_contains (error, where);
  assert_message_contains (error, "connection refused");
  g_assert_cmpuint (rk_client_get_request_count (f->client), ==, 1);
}

static void
test_slow_reply (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  RkTestRoute *route;
  gint64 start;
  gint64 elapsed_ms;

  route = rk_test_server_add_fixture_route (f->server, "GET", "/metadata", 200,
                                            "application/json", "discovery-metadata.json");
  rk_test_route_set_delay (route, 4000);
  rk_client_set_timeout (f->client, 1);

  start = g_get_monotonic_time ();
  error = run (f, "probe");
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;

  g_assert_error (error, RK_ERROR, RK_ERROR_TIMEOUT);
  assert_message_contains (error, "did not answer within 1 s");
  g_assert_cmpint (elapsed_ms, >=, 900);
  g_assert_cmpint (elapsed_ms, <, 3000);
  /* A timeout is not a dropped connection: no second try */
  g_assert_cmpuint (rk_test_server_count (f->server, "GET", "/metadata"), ==, 1);
}

static void
test_mid_body_close_get (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  RkTestRoute *route;

  route = rk_test_server_add_fixture_route (f->server, "GET", "/actors", 200, "application/json",
                                            "manager-get-actors-by-name.json");
  rk_test_route_set_fault (route, RK_TEST_FAULT_TRUNCATE);

  error = run (f, "list-actors");
  g_assert_error (error, RK_ERROR, RK_ERROR_CLOSED);
  assert_message_contains (error, "closed the connection before answering");
  /* A GET is tried once more, and only once */
  g_assert_cmpuint (rk_test_server_count (f->server, "GET", "/actors"), ==, 2);
}

static void
test_mid_body_close_post (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  RkTestRoute *route;

  route = rk_test_server_add_route (f->server, "POST", ACTION_PATH, 200, "application/json",
                                    "{\"output\":{\"a\":\"long enough to cut in half\"}}");
  rk_test_route_set_fault (route, RK_TEST_FAULT_TRUNCATE);

  error = run (f, "action");
  g_assert_error (error, RK_ERROR, RK_ERROR_CLOSED);
  /* An action may have run: never sent twice */
  g_assert_cmpuint (rk_test_server_count (f->server, "POST", ACTION_PATH), ==, 1);
}

static void
test_drop_retried_once (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  RkTestRoute *route;

  route = rk_test_server_add_route (f->server, "GET", "/actors", 200, NULL, NULL);
  rk_test_route_set_fault (route, RK_TEST_FAULT_DROP);
  rk_test_route_set_times (route, 1);
  rk_test_server_add_route (f->server, "GET", "/actors", 200, "application/json",
                            "{\"actors\":[]}");

  /* The first connection is fresh, so libsoup does not restart the
   * request itself: the library's own retry does. */
  error = run (f, "list-actors");
  g_assert_no_error (error);
  g_assert_cmpuint (rk_test_server_count (f->server, "GET", "/actors"), ==, 2);
  g_assert_cmpuint (rk_client_get_request_count (f->client), ==, 2);
}

static void
test_drop_keep_alive (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const RkTestRequest *first;
  const RkTestRequest *last;
  RkTestRoute *route;

  route = rk_test_server_add_route (f->server, "GET", "/actors", 200, "application/json",
                                    "{\"actors\":[]}");
  rk_test_route_set_times (route, 1);
  route = rk_test_server_add_route (f->server, "GET", "/actors", 200, NULL, NULL);
  rk_test_route_set_fault (route, RK_TEST_FAULT_DROP);
  rk_test_route_set_times (route, 1);
  rk_test_server_add_route (f->server, "GET", "/actors", 200, "application/json",
                            "{\"actors\":[]}");

  error = run (f, "list-actors");
  g_assert_no_error (error);
  /* The second GET reuses the kept-alive connection, which the server drops */
  error = run (f, "list-actors");
  g_assert_no_error (error);
  g_assert_cmpuint (rk_test_server_count (f->server, "GET", "/actors"), ==, 3);

  first = rk_test_server_find (f->server, "GET", "/actors", 0);
  last = rk_test_server_find (f->server, "GET", "/actors", 2);
  g_assert_cmpstr (first->query, ==, last->query);
}

static void
test_drop_twice (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  RkTestRoute *route;

  route = rk_test_server_add_route (f->server, "GET", "/actors", 200, NULL, NULL);
  rk_test_route_set_fault (route, RK_TEST_FAULT_DROP);

  error = run (f, "list-actors");
  g_assert_error (error, RK_ERROR, RK_ERROR_CLOSED);
  g_assert_cmpuint (rk_test_server_count (f->server, "GET", "/actors"), ==, 2);
}

static void
test_drop_post (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  RkTestRoute *route;

  route = rk_test_server_add_route (f->server, "POST", ACTION_PATH, 200, NULL, NULL);
  rk_test_route_set_fault (route, RK_TEST_FAULT_DROP);

  error = run (f, "action");
  g_assert_error (error, RK_ERROR, RK_ERROR_CLOSED);
  g_assert_cmpuint (rk_test_server_count (f->server, "POST", ACTION_PATH), ==, 1);
}

static void
test_huge_raw_body (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RkRawResponse) response = NULL;
  g_autoptr(GBytes) body = NULL;
  gsize size = 50 * 1024 * 1024;
  guint8 *data_bytes = g_malloc (size);
  RkTestRoute *route;
  GBytes *got;

  for (gsize i = 0; i < size; i++)
    data_bytes[i] = (guint8)(i * 7);
  body = g_bytes_new_take (data_bytes, size);

  route = rk_test_server_add_route (f->server, "GET", "/gateway/" RK_TEST_ACTOR_ID "/request/big",
                                    200, "application/octet-stream", NULL);
  rk_test_route_set_body_bytes (route, body);

  rk_client_raw_request_async (f->client, RK_TEST_ACTOR_ID, "GET", "/big", NULL, NULL, NULL, NULL,
                               rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  response = rk_client_raw_request_finish (f->client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rk_raw_response_get_status (response), ==, 200);
  got = rk_raw_response_get_body (response);
  g_assert_cmpuint (g_bytes_get_size (got), ==, size);
  g_assert_true (g_bytes_equal (got, body));
}

/* Error replies: every shape RivetKit (or a proxy in front of it) sends */

typedef struct
{
  const char *name;
  guint       status;
  const char *content_type;
  const char *body;
  const char *fixture;
  BodyKind    kind;
  int         code;
  const char *group;
  const char *error_code;
  const char *message_part;
} ErrorCase;

static const ErrorCase error_cases[] = {
  { "internal-500-text-plain", 500, "text/plain;charset=UTF-8", NULL,
    "action-http-thrown-error.json", BODY_TEXT, RK_ERROR_REMOTE, "rivetkit", "internal_error",
    "Internal error. Read the server logs for more details. (rivetkit.internal_error)" },
  { "user-400-metadata", 400, "text/plain;charset=UTF-8", NULL,
    "action-http-user-error-metadata.json", BODY_TEXT, RK_ERROR_REMOTE, "user", "custom_code",
    "custom failure (user.custom_code)" },
  { "actor-not-found-400", 400, "text/plain;charset=UTF-8", NULL,
    "gateway-unknown-actor-health.json", BODY_TEXT, RK_ERROR_REMOTE, "actor", "not_found",
    "Actor not found: 0000000000000000" },
  { "zod-400", 400, "application/json", NULL, "manager-put-actors-missing-fields.json",
    BODY_TEXT, RK_ERROR_HTTP, NULL, NULL,
    "The server rejected the request (HTTP 400): runner_name_selector: Invalid input: "
    "expected string, received undefined; crash_policy: Invalid input" },
  { "zod-400-message-not-json", 400, "application/json",
    "{\"success\":false,\"error\":{\"name\":\"ZodError\",\"message\":\"name is required\"}}",
    NULL, BODY_TEXT, RK_ERROR_HTTP, NULL, NULL, "(HTTP 400): name is required" },
  { "error-string-400", 400, "application/json", NULL, "manager-get-actors-too-many-ids.json",
    BODY_TEXT, RK_ERROR_HTTP, NULL, NULL,
    "(HTTP 400): Too many actor IDs. Maximum is 32, got 33." },
  { "not-found-404", 404, "text/plain; charset=UTF-8", "Not Found (RivetKit)", NULL, BODY_TEXT,
    RK_ERROR_HTTP, NULL, NULL, "HTTP 404 Not Found: Not Found (RivetKit)" },
  { "unauthorized-401", 401, "text/plain; charset=UTF-8", "Unauthorized", NULL, BODY_TEXT,
    RK_ERROR_UNAUTHORIZED, NULL, NULL, "HTTP 401 Unauthorized: Unauthorized" },
  { "unauthorized-401-rivetkit", 401, "application/json",
    "{\"group\":\"inspector\",\"code\":\"unauthorized\",\"message\":\"Inspector request requires "
    "a valid bearer token\",\"metadata\":null}", NULL, BODY_TEXT, RK_ERROR_UNAUTHORIZED,
    "inspector", "unauthorized", "requires a valid bearer token" },
  { "forbidden-403-empty", 403, NULL, NULL, NULL, BODY_TEXT, RK_ERROR_UNAUTHORIZED, NULL, NULL,
    "HTTP 403 Forbidden" },
  { "bad-gateway-502-html", 502, "text/html", NULL, NULL, BODY_LONG_HTML, RK_ERROR_HTTP, NULL,
    NULL, "HTTP 502 Bad Gateway: <!DOCTYPE html>" },
  { "invalid-utf8-500", 500, "text/plain", "broken: ", NULL, BODY_INVALID_UTF8, RK_ERROR_HTTP,
    NULL, NULL, "HTTP 500 Internal Server Error: broken: " },
  { "deep-nesting-500", 500, "application/json", NULL, NULL, BODY_DEEP, RK_ERROR_HTTP, NULL, NULL,
    "HTTP 500 Internal Server Error: [[[[" },
  { "json-array-500", 500, "application/json", "[\"rivetkit\",\"internal_error\"]", NULL,
    BODY_TEXT, RK_ERROR_HTTP, NULL, NULL, "HTTP 500 Internal Server Error: [\"rivetkit\"" },
  { "wrong-member-types-400", 400, "application/json",
    "{\"group\":1,\"code\":true,\"message\":[]}", NULL, BODY_TEXT, RK_ERROR_HTTP, NULL, NULL,
    "HTTP 400 Bad Request: {\"group\":1" },
  { "truncated-json-500", 500, "text/plain", "{\"group\":\"rivetkit\",\"code\":\"inter", NULL,
    BODY_TEXT, RK_ERROR_HTTP, NULL, NULL, "HTTP 500 Internal Server Error: {\"group\"" },
};

static void
test_error_shape (Fixture       *f,
                  gconstpointer  data)
{
  const ErrorCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  RkTestRoute *route;

  if (c->fixture != NULL)
    body = rk_test_fixture_bytes (c->fixture);
  else if (c->body != NULL || c->kind != BODY_TEXT)
    body = make_body (c->kind, c->body);

  route = rk_test_server_add_route (f->server, "POST", ACTION_PATH, c->status, c->content_type,
                                    NULL);
  if (body != NULL)
    rk_test_route_set_body_bytes (route, body);

  error = run (f, "action");
  g_assert_error (error, RK_ERROR, c->code);
  assert_message_contains (error, c->message_part);
  g_assert_cmpstr (rk_error_get_group (error), ==, c->group);
  g_assert_cmpstr (rk_error_get_code (error), ==, c->error_code);
  g_assert_cmpuint (rk_error_get_http_status (error), ==, c->status);
  /* Long bodies are shortened for the message, kept (in part) for details */
  g_assert_cmpuint (strlen (error->message), <, 400);
  if (body != NULL && g_bytes_get_size (body) > 0)
    {
      g_assert_nonnull (rk_error_get_raw_body (error));
      g_assert_true (g_utf8_validate (rk_error_get_raw_body (error), -1, NULL));
      g_assert_cmpuint (strlen (rk_error_get_raw_body (error)), <=, 4 * 1024 * 3);
    }

  if (g_str_equal (c->name, "internal-500-text-plain"))
    {
      JsonNode *metadata = rk_error_get_metadata (error);

      g_assert_nonnull (metadata);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (metadata));
      g_assert_cmpuint (json_object_get_size (json_node_get_object (metadata)), ==, 0);
    }
  else if (g_str_equal (c->name, "user-400-metadata"))
    {
      JsonNode *metadata = rk_error_get_metadata (error);
      JsonNode *big;

      g_assert_nonnull (metadata);
      big = json_object_get_member (json_node_get_object (metadata), "big");
      g_assert_cmpint (rk_compat_get_kind (big), ==, RK_VALUE_KIND_BIGINT);
      g_assert_cmpstr (rk_compat_get_bigint (big), ==, "2");
    }
}

/* Malformed success replies, per call */

typedef struct
{
  const char *name;
  const char *call;
  const char *body;
  BodyKind    kind;
  int         code;
  const char *message_part;
} ReplyCase;

static const ReplyCase reply_cases[] = {
  { "list-actors/empty", "list-actors", "", BODY_TEXT, RK_ERROR_INVALID_REPLY,
    "The server sent an empty reply for the “counter” actors" },
  { "list-actors/truncated-json", "list-actors", "{\"actors\":[{\"actor_id\":\"a1\"", BODY_TEXT,
    RK_ERROR_INVALID_REPLY, "not valid JSON" },
  { "list-actors/not-an-object", "list-actors", "[1,2,3]", BODY_TEXT, RK_ERROR_INVALID_REPLY,
    "is not a JSON object" },
  { "list-actors/trailing-garbage", "list-actors", "{\"actors\":[]} ]", BODY_TEXT,
    RK_ERROR_INVALID_REPLY, "not valid JSON" },
  { "list-actors/actors-not-an-array", "list-actors", "{\"actors\":{\"a1\":{}}}", BODY_TEXT,
    RK_ERROR_INVALID_REPLY, "lacks “actors”" },
  { "list-actors/actor-id-a-number", "list-actors",
    "{\"actors\":[{\"actor_id\":7,\"name\":\"counter\"}]}", BODY_TEXT, RK_ERROR_INVALID_REPLY,
    "lacks the string “actor_id”" },
  { "list-actors/actor-not-an-object", "list-actors", "{\"actors\":[\"a1\"]}", BODY_TEXT,
    RK_ERROR_INVALID_REPLY, "is not a JSON object" },
  { "list-actors/deep-arrays", "list-actors", "{\"actors\":", BODY_DEEP, RK_ERROR_INVALID_REPLY,
    "nesting deeper than 256 levels" },
  { "list-actors/deep-objects", "list-actors", NULL, BODY_DEEP_OBJECTS, RK_ERROR_INVALID_REPLY,
    "nesting deeper than 256 levels" },
  { "list-actors/invalid-utf8", "list-actors", "{\"actors\":[],\"x\":\"", BODY_INVALID_UTF8,
    RK_ERROR_INVALID_REPLY, "not valid JSON" },
  { "list-actor-types/names-not-an-object", "list-actor-types", "{\"names\":[\"counter\"]}",
    BODY_TEXT, RK_ERROR_INVALID_REPLY, "lacks “names”" },
  { "get-actor/null", "get-actor", "null", BODY_TEXT, RK_ERROR_INVALID_REPLY,
    "lacks “actors”" },
  { "get-actors-by-ids/string", "get-actors-by-ids", "\"a1\"", BODY_TEXT, RK_ERROR_INVALID_REPLY,
    "lacks “actors”" },
  { "probe/not-an-object", "probe", "\"rivetkit\"", BODY_TEXT, RK_ERROR_INVALID_REPLY,
    "is not a JSON object" },
  { "probe/no-runtime", "probe", "{\"version\":\"2.2.1\",\"actorNames\":{}}", BODY_TEXT,
    RK_ERROR_INVALID_REPLY, "has no “runtime”" },
  { "probe/html", "probe", "<!doctype html><title>My blog</title>", BODY_TEXT,
    RK_ERROR_INVALID_REPLY, "does not look like a RivetKit server" },
  { "probe/deep", "probe", NULL, BODY_DEEP, RK_ERROR_INVALID_REPLY,
    "does not look like a RivetKit server" },
  { "create-actor/no-actor", "create-actor", "{\"created\":true}", BODY_TEXT,
    RK_ERROR_INVALID_REPLY, "lacks “actor”" },
  { "get-or-create-actor/actor-an-array", "get-or-create-actor", "{\"actor\":[],\"created\":true}",
    BODY_TEXT, RK_ERROR_INVALID_REPLY, "not a JSON object" },
  { "action/empty", "action", "", BODY_TEXT, RK_ERROR_INVALID_REPLY,
    "The action's reply is empty" },
  { "action/truncated-json", "action", "{\"output\":[1,2", BODY_TEXT, RK_ERROR_INVALID_REPLY,
    "The action's reply cannot be read" },
  { "action/not-an-object", "action", "42", BODY_TEXT, RK_ERROR_INVALID_REPLY,
    "is not a JSON object" },
  { "action/unknown-dollar-tag", "action", "{\"output\":[\"$Date\",\"2026-01-01\"]}", BODY_TEXT,
    RK_ERROR_PROTOCOL, "$Date" },
  { "action/deep", "action", "{\"output\":", BODY_DEEP, RK_ERROR_PROTOCOL,
    "nesting deeper than 256 levels" },
  { "queue-send/empty", "queue-send", "", BODY_TEXT, RK_ERROR_INVALID_REPLY,
    "The queue's reply is empty" },
  { "get-inspector-token/not-base64", "get-inspector-token", "{\"value\":\"!!!\"}", BODY_TEXT,
    RK_ERROR_INVALID_REPLY, "not valid base64" },
  { "get-inspector-token/not-text", "get-inspector-token", "{\"value\":\"//79\"}", BODY_TEXT,
    RK_ERROR_INVALID_REPLY, "not valid base64 text" },
  { "get-inspector-token/a-number", "get-inspector-token", "{\"value\":5}", BODY_TEXT,
    RK_ERROR_INVALID_REPLY, "“value”" },
};

static void
test_reply (Fixture       *f,
            gconstpointer  data)
{
  const ReplyCase *c = data;
  const RkTestCall *call = rk_test_call_lookup (c->call);
  g_autoptr(GBytes) body = make_body (c->kind, c->body);
  g_autoptr(GError) error = NULL;
  RkTestRoute *route;

  route = rk_test_server_add_route (f->server, call->method, call->path, 200, "application/json",
                                    NULL);
  rk_test_route_set_body_bytes (route, body);

  error = run (f, c->call);
  g_assert_error (error, RK_ERROR, c->code);
  assert_message_contains (error, c->message_part);
  g_assert_cmpuint (strlen (error->message), <, 400);
}

/* Member types that vary between servers are read leniently */

static void
test_timestamps (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) actors = NULL;
  RkActor *actor;

  rk_test_server_add_route (f->server, "GET", "/actors", 200, "application/json",
                            "{\"actors\":[{\"actor_id\":\"a1\",\"name\":\"counter\","
                            "\"create_ts\":\"1795485021072\",\"start_ts\":1795485021077.0,"
                            "\"connectable_ts\":null,\"sleep_ts\":1.5,\"destroy_ts\":\"soon\","
                            "\"key\":42}]}");

  rk_client_list_actors_async (f->client, "counter", NULL, rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  actors = rk_client_list_actors_finish (f->client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (actors->len, ==, 1);

  actor = g_ptr_array_index (actors, 0);
  g_assert_cmpint (rk_actor_get_create_ts (actor), ==, 1795485021072);
  g_assert_cmpint (rk_actor_get_start_ts (actor), ==, 1795485021077);
  g_assert_cmpint (rk_actor_get_connectable_ts (actor), ==, 0);
  g_assert_cmpint (rk_actor_get_sleep_ts (actor), ==, 0);
  g_assert_cmpint (rk_actor_get_destroy_ts (actor), ==, 0);
  g_assert_null (rk_actor_get_serialized_key (actor));
  g_assert_cmpint (rk_actor_get_status (actor), ==, RK_ACTOR_STATUS_PENDING);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/rk/faults/http/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("refused", test_refused);
  ADD ("slow-reply", test_slow_reply);
  ADD ("mid-body-close/get", test_mid_body_close_get);
  ADD ("mid-body-close/post", test_mid_body_close_post);
  ADD ("drop/retried-once", test_drop_retried_once);
  ADD ("drop/keep-alive", test_drop_keep_alive);
  ADD ("drop/twice", test_drop_twice);
  ADD ("drop/post-not-retried", test_drop_post);
  ADD ("huge-raw-body", test_huge_raw_body);
  ADD ("lenient-timestamps", test_timestamps);

  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/rk/faults/http/error/", error_cases[i].name, NULL);

      g_test_add (path, Fixture, &error_cases[i], fixture_setup, test_error_shape,
                  fixture_teardown);
    }

  for (guint i = 0; i < G_N_ELEMENTS (reply_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/rk/faults/http/reply/", reply_cases[i].name, NULL);

      g_test_add (path, Fixture, &reply_cases[i], fixture_setup, test_reply, fixture_teardown);
    }

#undef ADD

  return g_test_run ();
}
