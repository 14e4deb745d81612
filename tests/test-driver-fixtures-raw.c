/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-driver-fixtures-raw.c: raw HTTP and raw WebSocket handlers, against
 * RivetKit 2.2.1's own driver-test fixture server (`serve-test-suite`, 119
 * fixture actor types), expecting what the official client's driver tests
 * expect there */

#define G_LOG_DOMAIN "test-driver-fixtures"

#include "config.h"

#include <string.h>

#include "rk-actor.h"
#include "rk-client.h"
#include "rk-integration-common.h"
#include "rk-test-util.h"

static RkClient *client;

/* Helpers */

static SoupMessageHeaders *
request_headers (const char *first_name,
                 ...)
{
  SoupMessageHeaders *headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  const char *name = first_name;
  va_list args;

  va_start (args, first_name);
  while (name != NULL)
    {
      const char *value = va_arg (args, const char *);

      if (g_ascii_strcasecmp (name, "Content-Type") == 0)
        soup_message_headers_set_content_type (headers, value, NULL);
      else
        soup_message_headers_append (headers, name, value);
      name = va_arg (args, const char *);
    }
  va_end (args);
  return headers;
}


/* Waits for the next text frame whose "type" is @type, from @from on. */
static JsonNode *
raw_wait_type (RkItRawSocket *raw,
               guint         *from,
               const char    *type)
{
  for (;;)
    {
      rk_test_wait_for (raw->frames->len > *from || raw->closed);
      if (raw->frames->len <= *from)
        g_error ("the raw socket closed while waiting for “%s”", type);

      {
        g_autoptr(JsonNode) frame = rk_it_raw_frame_json (raw, (*from)++);
        JsonNode *member = JSON_NODE_HOLDS_OBJECT (frame)
                             ? json_object_get_member (json_node_get_object (frame), "type")
                             : NULL;

        if (member != NULL && g_strcmp0 (json_node_get_string (member), type) == 0)
          return g_steal_pointer (&frame);
      }
    }
}


/* Raw HTTP (rawHttpActor, rawHttpHonoActor, rawHttpRequestPropertiesActor…) */

static void
test_raw_http_get_and_state (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("rawHttpActor");
  const char *id = rk_actor_get_id (actor);
  g_autoptr(RkRawResponse) hello = NULL;
  g_autoptr(RkRawResponse) slash = NULL;
  g_autoptr(RkRawResponse) state = NULL;
  g_autoptr(RkRawResponse) missing = NULL;
  g_autoptr(JsonNode) hello_body = NULL;
  g_autoptr(JsonNode) slash_body = NULL;
  g_autoptr(JsonNode) state_body = NULL;
  g_autofree char *missing_text = NULL;

  /* With and without a leading slash. */
  hello = rk_it_raw_request (id, "GET", "api/hello", NULL, NULL, NULL);
  g_assert_cmpuint (rk_raw_response_get_status (hello), ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (rk_raw_response_get_headers (hello),
                                                          NULL), ==, "application/json");
  hello_body = rk_it_response_json (hello);
  rk_it_assert_plain (hello_body, "{\"message\":\"Hello from actor!\"}");
  slash = rk_it_raw_request (id, "GET", "/api/hello", NULL, NULL, NULL);
  slash_body = rk_it_response_json (slash);
  rk_it_assert_plain (slash_body, "{\"message\":\"Hello from actor!\"}");

  state = rk_it_raw_request (id, "GET", "api/state", NULL, NULL, NULL);
  state_body = rk_it_response_json (state);
  rk_it_assert_plain (state_body, "{\"requestCount\":3}");

  missing = rk_it_raw_request (id, "GET", "api/nonexistent", NULL, NULL, NULL);
  g_assert_cmpuint (rk_raw_response_get_status (missing), ==, 404);
  missing_text = rk_it_response_text (missing);
  g_assert_cmpstr (missing_text, ==, "Not Found");
}

static void
test_raw_http_echo (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("rawHttpActor");
  const char *id = rk_actor_get_id (actor);
  g_autoptr(SoupMessageHeaders) json_headers = request_headers ("Content-Type",
                                                                "application/json", NULL);
  g_autoptr(SoupMessageHeaders) binary_headers = request_headers ("Content-Type",
                                                                  "application/octet-stream",
                                                                  NULL);
  g_autoptr(RkRawResponse) echo = NULL;
  g_autoptr(RkRawResponse) binary = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) echo_body = NULL;
  static const guint8 data[] = { 1, 2, 3, 4, 5 };

  echo = rk_it_raw_request (id, "POST", "api/echo", json_headers,
                            "{\"test\":\"data\",\"number\":123}", NULL);
  g_assert_cmpuint (rk_raw_response_get_status (echo), ==, 200);
  echo_body = rk_it_response_json (echo);
  rk_it_assert_plain (echo_body, "{\"test\":\"data\",\"number\":123}");
  /* The actor answers with the request's headers. */
  g_assert_cmpstr (soup_message_headers_get_content_type (rk_raw_response_get_headers (echo),
                                                          NULL), ==, "application/json");

  payload = g_bytes_new_static (data, sizeof data);
  rk_client_raw_request_async (client, id, "POST", "api/echo", binary_headers, payload, NULL,
                               NULL, rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  binary = rk_client_raw_request_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rk_raw_response_get_status (binary), ==, 200);
  bytes = g_bytes_ref (rk_raw_response_get_body (binary));
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), data, sizeof data);
}

static void
test_raw_http_headers_and_methods (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("rawHttpActor");
  const char *id = rk_actor_get_id (actor);
  g_autoptr(SoupMessageHeaders) custom = request_headers ("X-Custom-Header", "test-value",
                                                          "X-Another-Header", "another-value",
                                                          NULL);
  g_autoptr(RkRawResponse) headers = NULL;
  g_autoptr(JsonNode) seen = NULL;
  static const char * const others[] = { "GET", "PUT", "DELETE", "PATCH" };

  headers = rk_it_raw_request (id, "GET", "api/headers", custom, NULL, NULL);
  seen = rk_it_response_json (headers);
  g_assert_cmpstr (rk_it_member_string (seen, "x-custom-header"), ==, "test-value");
  g_assert_cmpstr (rk_it_member_string (seen, "x-another-header"), ==, "another-value");

  /* Only POST is echoed; the rest fall through to 404. */
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"method\":\"%s\"}", others[i]);
      gboolean has_body = g_str_equal (others[i], "PUT") || g_str_equal (others[i], "PATCH");
      g_autoptr(RkRawResponse) response = rk_it_raw_request (id, others[i], "api/echo", NULL,
                                                             has_body ? body : NULL, NULL);

      g_assert_cmpuint (rk_raw_response_get_status (response), ==, 404);
    }
}

static void
test_raw_http_handler_errors (void)
{
  g_autoptr(RkActor) none = rk_it_fresh_actor ("rawHttpNoHandlerActor");
  g_autoptr(RkActor) empty = rk_it_fresh_actor ("rawHttpVoidReturnActor");
  g_autoptr(RkRawResponse) not_defined = NULL;
  g_autoptr(RkRawResponse) void_return = NULL;
  g_autoptr(JsonNode) not_defined_body = NULL;
  g_autoptr(JsonNode) void_body = NULL;

  /* The handler's failures are responses, not transport errors. */
  not_defined = rk_it_raw_request (rk_actor_get_id (none), "GET", "api/anything", NULL, NULL, NULL);
  g_assert_cmpuint (rk_raw_response_get_status (not_defined), ==, 404);
  not_defined_body = rk_it_response_json (not_defined);
  g_assert_cmpstr (rk_it_member_string (not_defined_body, "group"), ==, "handler");
  g_assert_cmpstr (rk_it_member_string (not_defined_body, "code"), ==, "request_not_defined");

  void_return = rk_it_raw_request (rk_actor_get_id (empty), "GET", "api/anything", NULL, NULL,
                                   NULL);
  g_assert_cmpuint (rk_raw_response_get_status (void_return), ==, 500);
  void_body = rk_it_response_json (void_return);
  g_assert_cmpstr (rk_it_member_string (void_body, "group"), ==, "handler");
  g_assert_cmpstr (rk_it_member_string (void_body, "code"), ==, "invalid_request_handler_response");
  g_assert_nonnull (strstr (rk_it_member_string (void_body, "message"),
                            "onRequest handler must return a Response"));
}

static void
test_raw_http_hono (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("rawHttpHonoActor");
  const char *id = rk_actor_get_id (actor);
  g_autoptr(SoupMessageHeaders) json = request_headers ("Content-Type", "application/json",
                                                        NULL);
  static const struct
  {
    const char *method;
    const char *path;
    const char *body;
    guint status;
    const char *expected;
  } cases[] = {
    { "GET", "/", NULL, 200, "{\"message\":\"Welcome to Hono actor!\"}" },
    { "GET", "/users", NULL, 200, "[{\"id\":1,\"name\":\"Alice\"},{\"id\":2,\"name\":\"Bob\"}]" },
    { "GET", "users/1", NULL, 200, "{\"id\":1,\"name\":\"Alice\"}" },
    { "POST", "/users", "{\"name\":\"Charlie\"}", 201, "{\"id\":3,\"name\":\"Charlie\"}" },
    { "PUT", "/users/1", "{\"name\":\"Alice Updated\"}", 200,
      "{\"id\":1,\"name\":\"Alice Updated\"}" },
    { "DELETE", "/users/2", NULL, 200, "{\"message\":\"User 2 deleted\"}" },
    { "GET", "/api/unknown", NULL, 404, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RkRawResponse) response = rk_it_raw_request (id, cases[i].method, cases[i].path,
                                                             cases[i].body ? json : NULL,
                                                             cases[i].body, NULL);
      g_autoptr(JsonNode) body = NULL;

      g_test_message ("%s %s", cases[i].method, cases[i].path);
      g_assert_cmpuint (rk_raw_response_get_status (response), ==, cases[i].status);
      if (cases[i].expected == NULL)
        continue;
      body = rk_it_response_json (response);
      rk_it_assert_plain (body, cases[i].expected);
    }
}

static void
test_raw_http_request_properties (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("rawHttpRequestPropertiesActor");
  const char *id = rk_actor_get_id (actor);
  g_autoptr(SoupMessageHeaders) headers = request_headers ("Content-Type", "application/json",
                                                           "X-Custom-Header", "custom-value",
                                                           "Authorization", "Bearer test-token",
                                                           "Cookie", "session=abc123; user=test",
                                                           NULL);
  g_autoptr(RkRawResponse) post = NULL;
  g_autoptr(RkRawResponse) get = NULL;
  g_autoptr(RkRawResponse) encoded = NULL;
  g_autoptr(RkRawResponse) head = NULL;
  g_autoptr(RkRawResponse) options = NULL;
  g_autoptr(JsonNode) post_body = NULL;
  g_autoptr(JsonNode) get_body = NULL;
  g_autoptr(JsonNode) encoded_body = NULL;
  JsonNode *seen_headers;
  JsonNode *params;

  post = rk_it_raw_request (id, "POST", "test/path?foo=bar&baz=qux", headers, "{\"test\":\"data\"}",
                            NULL);
  g_assert_cmpuint (rk_raw_response_get_status (post), ==, 200);
  post_body = rk_it_response_json (post);
  g_assert_nonnull (strstr (rk_it_member_string (post_body, "url"), "/test/path?foo=bar&baz=qux"));
  g_assert_cmpstr (rk_it_member_string (post_body, "pathname"), ==, "/test/path");
  g_assert_cmpstr (rk_it_member_string (post_body, "search"), ==, "?foo=bar&baz=qux");
  g_assert_cmpstr (rk_it_member_string (post_body, "method"), ==, "POST");
  rk_it_assert_plain (json_object_get_member (rk_it_object_of (post_body), "searchParams"),
                      "{\"foo\":\"bar\",\"baz\":\"qux\"}");
  rk_it_assert_plain (json_object_get_member (rk_it_object_of (post_body), "body"),
                      "{\"test\":\"data\"}");
  seen_headers = json_object_get_member (rk_it_object_of (post_body), "headers");
  g_assert_cmpstr (rk_it_member_string (seen_headers, "content-type"), ==, "application/json");
  g_assert_cmpstr (rk_it_member_string (seen_headers, "x-custom-header"), ==, "custom-value");
  g_assert_cmpstr (rk_it_member_string (seen_headers, "authorization"), ==, "Bearer test-token");
  g_assert_cmpstr (rk_it_member_string (seen_headers, "cookie"), ==, "session=abc123; user=test");

  get = rk_it_raw_request (id, "GET", "", NULL, NULL, NULL);
  get_body = rk_it_response_json (get);
  g_assert_cmpstr (rk_it_member_string (get_body, "pathname"), ==, "/");
  g_assert_cmpstr (rk_it_member_string (get_body, "method"), ==, "GET");
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (rk_it_object_of (get_body),
                                                               "body")));

  /* Escapes the caller typed reach the actor as they were. */
  encoded = rk_it_raw_request (id, "GET",
                               "test/encoded?special=%20%21%40%23%24%25%5E%26&unicode=%E2%9C%93"
                               "&email=test%40example.com", NULL, NULL, NULL);
  encoded_body = rk_it_response_json (encoded);
  params = json_object_get_member (rk_it_object_of (encoded_body), "searchParams");
  g_assert_cmpstr (rk_it_member_string (params, "special"), ==, " !@#$%^&");
  g_assert_cmpstr (rk_it_member_string (params, "unicode"), ==, "✓");
  g_assert_cmpstr (rk_it_member_string (params, "email"), ==, "test@example.com");

  head = rk_it_raw_request (id, "HEAD", "test/head", NULL, NULL, NULL);
  g_assert_cmpuint (rk_raw_response_get_status (head), ==, 200);
  g_assert_cmpuint (g_bytes_get_size (rk_raw_response_get_body (head)), ==, 0);
  options = rk_it_raw_request (id, "OPTIONS", "test/options", NULL, NULL, NULL);
  g_test_message ("OPTIONS: %u", rk_raw_response_get_status (options));
  g_assert_cmpuint (rk_raw_response_get_status (options), ==, 204);
  g_assert_cmpuint (g_bytes_get_size (rk_raw_response_get_body (options)), ==, 0);
}

/* Raw WebSocket (rawWebSocketActor, rawWebSocketBinaryActor) */

static void
test_raw_ws_welcome_echo (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("rawWebSocketActor");
  g_autoptr(RkItRawSocket) raw = rk_it_raw_socket_open (rk_actor_get_id (actor), NULL, NULL);
  g_autoptr(JsonNode) welcome = NULL;
  g_autoptr(JsonNode) pong = NULL;
  g_autofree char *echo = NULL;
  guint next = 0;

  welcome = raw_wait_type (raw, &next, "welcome");
  rk_it_assert_plain (welcome, "{\"type\":\"welcome\",\"connectionCount\":1}");
  g_assert_cmpint (GPOINTER_TO_INT (g_ptr_array_index (raw->types, 0)), ==,
                   SOUP_WEBSOCKET_DATA_TEXT);

  soup_websocket_connection_send_text (raw->socket, "{\"test\":\"data\",\"n\":7}");
  rk_test_wait_for (raw->frames->len > next);
  echo = rk_it_raw_frame_text (raw, next++);
  g_assert_cmpstr (echo, ==, "{\"test\":\"data\",\"n\":7}");

  soup_websocket_connection_send_text (raw->socket, "{\"type\":\"ping\"}");
  pong = raw_wait_type (raw, &next, "pong");
  g_assert_cmpint (rk_it_member_int (pong, "timestamp"), >, 0);
}

static gint64
raw_ws_connection_count (const char *actor_id)
{
  g_autoptr(JsonNode) stats = rk_it_call_ok (actor_id, "getStats", "[]", NULL);

  return rk_it_member_int (stats, "connectionCount");
}

static void
test_raw_ws_stats (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("rawWebSocketActor");
  const char *id = rk_actor_get_id (actor);
  g_autoptr(RkItRawSocket) ws1 = rk_it_raw_socket_open (id, NULL, NULL);
  g_autoptr(RkItRawSocket) ws2 = NULL;
  g_autoptr(JsonNode) welcome1 = NULL;
  g_autoptr(JsonNode) welcome2 = NULL;
  g_autoptr(JsonNode) pong = NULL;
  g_autoptr(JsonNode) stats = NULL;
  g_autoptr(JsonNode) action_stats = NULL;
  guint next1 = 0;
  guint next2 = 0;

  welcome1 = raw_wait_type (ws1, &next1, "welcome");
  g_assert_cmpint (rk_it_member_int (welcome1, "connectionCount"), ==, 1);
  ws2 = rk_it_raw_socket_open (id, NULL, NULL);
  welcome2 = raw_wait_type (ws2, &next2, "welcome");
  g_assert_cmpint (rk_it_member_int (welcome2, "connectionCount"), ==, 2);

  soup_websocket_connection_send_text (ws1->socket, "{\"data\":\"test1\"}");
  soup_websocket_connection_send_text (ws1->socket, "{\"data\":\"test3\"}");
  soup_websocket_connection_send_text (ws2->socket, "{\"type\":\"ping\"}");
  pong = raw_wait_type (ws2, &next2, "pong");
  soup_websocket_connection_send_text (ws1->socket, "{\"type\":\"getStats\"}");
  stats = raw_wait_type (ws1, &next1, "stats");
  rk_it_assert_plain (stats, "{\"type\":\"stats\",\"connectionCount\":2,\"messageCount\":4}");

  /* The same numbers through an action. */
  action_stats = rk_it_call_ok (id, "getStats", "[]", NULL);
  rk_it_assert_json (action_stats, "{\"connectionCount\":2,\"messageCount\":4}");

  /* Closing reaches the actor's close listener. */
  soup_websocket_connection_close (ws1->socket, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  rk_test_wait_for (ws1->closed);
  rk_test_wait_for (raw_ws_connection_count (id) == 1);
  soup_websocket_connection_close (ws2->socket, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  rk_test_wait_for (ws2->closed);
  rk_test_wait_for (raw_ws_connection_count (id) == 0);
}

static void
test_raw_ws_binary (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("rawWebSocketBinaryActor");
  g_autoptr(RkItRawSocket) raw = rk_it_raw_socket_open (rk_actor_get_id (actor), NULL, NULL);
  static const guint8 small[] = { 1, 2, 3, 4, 5 };
  static const guint8 reversed[] = { 5, 4, 3, 2, 1 };
  guint8 large[1024];
  GBytes *reply;
  const guint8 *data;
  gsize len = 0;

  soup_websocket_connection_send_binary (raw->socket, small, sizeof small);
  rk_test_wait_for (raw->frames->len >= 1);
  reply = g_ptr_array_index (raw->frames, 0);
  g_assert_cmpint (GPOINTER_TO_INT (g_ptr_array_index (raw->types, 0)), ==,
                   SOUP_WEBSOCKET_DATA_BINARY);
  g_assert_cmpmem (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply),
                   reversed, sizeof reversed);

  for (guint i = 0; i < sizeof large; i++)
    large[i] = i % 256;
  soup_websocket_connection_send_binary (raw->socket, large, sizeof large);
  rk_test_wait_for (raw->frames->len >= 2);
  data = g_bytes_get_data (g_ptr_array_index (raw->frames, 1), &len);
  g_assert_cmpuint (len, ==, sizeof large);
  for (guint i = 0; i < sizeof large; i++)
    g_assert_cmpuint (data[i], ==, large[sizeof large - 1 - i]);

  /* Text is not echoed by this actor. */
  g_assert_cmpuint (raw->frames->len, ==, 2);
}

static void
test_raw_ws_paths_and_query (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("rawWebSocketActor");
  const char *id = rk_actor_get_id (actor);
  static const struct
  {
    const char *path;
    const char *pathname;
    const char *search;
  } cases[] = {
    { "custom/path", "/websocket/custom/path", "" },
    { "api/v1/stream?token=abc123&user=test", "/websocket/api/v1/stream",
      "?token=abc123&user=test" },
    { "?token=secret&session=123", "/websocket/", "?token=secret&session=123" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RkItRawSocket) raw = rk_it_raw_socket_open (id, cases[i].path, NULL);
      g_autoptr(JsonNode) welcome = NULL;
      g_autoptr(JsonNode) info = NULL;
      guint next = 0;

      welcome = raw_wait_type (raw, &next, "welcome");
      soup_websocket_connection_send_text (raw->socket, "{\"type\":\"getRequestInfo\"}");
      info = raw_wait_type (raw, &next, "requestInfo");
      g_test_message ("%s -> url %s", cases[i].path, rk_it_member_string (info, "url"));

      /* Measured: `ctx.request` is the gateway request, not stripped of
       * `/gateway/{id}/websocket` (unlike onRequest's). */
      g_assert_true (g_str_has_suffix (rk_it_member_string (info, "pathname"), cases[i].pathname));
      g_assert_nonnull (strstr (rk_it_member_string (info, "pathname"), id));
      g_assert_cmpstr (rk_it_member_string (info, "search"), ==, cases[i].search);
      if (cases[i].search[0] != '\0')
        g_assert_nonnull (strstr (rk_it_member_string (info, "url"), cases[i].search));
    }
}

int
main (int   argc,
      char *argv[])
{
  client = rk_it_init_fixtures (&argc, &argv);

  g_test_add_func ("/rk/driver-fixtures/raw-http/get-and-state", test_raw_http_get_and_state);
  g_test_add_func ("/rk/driver-fixtures/raw-http/echo", test_raw_http_echo);
  g_test_add_func ("/rk/driver-fixtures/raw-http/headers-and-methods",
                   test_raw_http_headers_and_methods);
  g_test_add_func ("/rk/driver-fixtures/raw-http/handler-errors", test_raw_http_handler_errors);
  g_test_add_func ("/rk/driver-fixtures/raw-http/hono", test_raw_http_hono);
  g_test_add_func ("/rk/driver-fixtures/raw-http/request-properties",
                   test_raw_http_request_properties);

  g_test_add_func ("/rk/driver-fixtures/raw-websocket/welcome-echo", test_raw_ws_welcome_echo);
  g_test_add_func ("/rk/driver-fixtures/raw-websocket/stats", test_raw_ws_stats);
  g_test_add_func ("/rk/driver-fixtures/raw-websocket/binary", test_raw_ws_binary);
  g_test_add_func ("/rk/driver-fixtures/raw-websocket/paths-and-query",
                   test_raw_ws_paths_and_query);

  return rk_it_run ();
}
