/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-test-server.c: a scripted local RivetKit impostor for fault-injection tests:
 * HTTP routes with delays and faults, recorded requests, WebSocket scripts */

#include "config.h"

#include <string.h>

#include "rk-error.h"
#include "rk-test-server.h"
#include "rk-test-util.h"

typedef enum
{
  STEP_SEND,
  STEP_INIT,
  STEP_EXPECT,
  STEP_REPLY,
  STEP_REPLY_ERROR,
  STEP_ECHO,
  STEP_DELAY,
  STEP_CLOSE,
  STEP_DROP,
} StepKind;

typedef struct
{
  StepKind  kind;
  GBytes   *data;
  gboolean  binary;
  char     *text;
  char     *group;
  char     *code;
  char     *message;
  guint     number;
} Step;

struct _RkTestWsScript
{
  gatomicrefcount ref_count;
  GPtrArray *steps;
};

struct _RkTestRoute
{
  char *method;
  char *path;
  char *query;
  char *content_type;
  GBytes *body;
  GPtrArray *headers;
  RkTestHandler handler;
  gpointer handler_data;
  RkTestWsScript *script;
  RkTestFault fault;
  guint status;
  guint delay_ms;
  guint times;
  guint hits;
};

/* A paused message: answered after a delay, dropped, truncated or never. */
typedef struct
{
  RkTestServer *server;
  SoupServerMessage *message;
  RkTestRoute *route;
  guint source;
  gulong finished_handler;
  gulong disconnected_handler;
} Parked;

typedef struct
{
  RkTestServer *server;
  SoupWebsocketConnection *connection;
  GSocket *socket;
  RkTestWsScript *script;
  guint index;
  guint step;
  guint timer;
  gulong message_handler;
  gulong closed_handler;
  guint waiting : 1;
  guint echo : 1;
  guint open : 1;
} Peer;

struct _RkTestServer
{
  GObject parent_instance;

  /* Owned references */
  SoupServer *soup;
  GPtrArray *routes;
  GPtrArray *requests;
  GPtrArray *peers;
  GPtrArray *frames;
  GPtrArray *parked;

  /* State */
  char *url;
  guint port;
  guint running : 1;
};

G_DEFINE_FINAL_TYPE (RkTestServer, rk_test_server, G_TYPE_OBJECT)

static const char *ws_protocols[] = { "rivet", NULL };

/* Helpers */

GBytes *
rk_test_hex_to_bytes (const char *hex)
{
  GByteArray *bytes = g_byte_array_new ();
  int high = -1;

  for (const char *p = hex; *p; p++)
    {
      int digit = g_ascii_xdigit_value (*p);

      if (digit < 0)
        {
          g_assert (g_ascii_isspace (*p));
          continue;
        }

      if (high < 0)
        high = digit;
      else
        {
          guint8 byte = (guint8)(high << 4 | digit);

          g_byte_array_append (bytes, &byte, 1);
          high = -1;
        }
    }

  g_assert_cmpint (high, ==, -1);
  return g_byte_array_free_to_bytes (bytes);
}

/* Drops the caller's reference to @object and fails unless it is then
 * finalized (once the main context has run what was pending). */
void
rk_test_assert_finalized (gpointer object)
{
  gpointer weak = object;

  g_assert_true (G_IS_OBJECT (object));
  g_object_add_weak_pointer (object, &weak);
  g_object_unref (object);
  rk_test_wait_for_ms (weak == NULL, 5000);
}

/* Fails if @secret appears in @error's message or in the reply body it kept
 * (no error: nothing to check). */
void
rk_test_assert_no_secret (const GError *error,
                          const char   *secret)
{
  const char *body;

  if (error == NULL)
    return;

  if (strstr (error->message, secret) != NULL)
    g_error ("the secret leaked into an error message: %s", error->message);

  body = rk_error_get_raw_body (error);
  if (body != NULL && strstr (body, secret) != NULL)
    g_error ("the secret leaked into an error's raw body: %s", body);
}

static void
step_free (Step *step)
{
  g_clear_pointer (&step->data, g_bytes_unref);
  g_free (step->text);
  g_free (step->group);
  g_free (step->code);
  g_free (step->message);
  g_free (step);
}

static void
route_free (RkTestRoute *route)
{
  g_free (route->method);
  g_free (route->path);
  g_free (route->query);
  g_free (route->content_type);
  g_clear_pointer (&route->body, g_bytes_unref);
  g_ptr_array_unref (route->headers);
  g_clear_pointer (&route->script, rk_test_ws_script_unref);
  g_free (route);
}

static void
request_free (RkTestRequest *request)
{
  g_free (request->method);
  g_free (request->path);
  g_free (request->query);
  g_clear_pointer (&request->headers, soup_message_headers_unref);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request);
}

static void
frame_free (RkTestFrame *frame)
{
  g_clear_pointer (&frame->data, g_bytes_unref);
  g_free (frame->text);
  g_free (frame);
}

/* Parked messages */

static void
parked_free (Parked *parked)
{
  g_clear_handle_id (&parked->source, g_source_remove);
  g_clear_signal_handler (&parked->finished_handler, parked->message);
  g_clear_signal_handler (&parked->disconnected_handler, parked->message);
  g_clear_object (&parked->message);
  g_free (parked);
}

static void
parked_gone_cb (SoupServerMessage *message,
                Parked            *parked)
{
  /* The client went away or libsoup finished with it: nothing to unpause. */
  g_ptr_array_remove (parked->server->parked, parked);
}

static void
write_truncated (GIOStream   *stream,
                 RkTestRoute *route)
{
  g_autofree char *head = NULL;
  const char *data = NULL;
  gsize len = 0;
  GOutputStream *out = g_io_stream_get_output_stream (stream);

  if (route->body != NULL)
    data = g_bytes_get_data (route->body, &len);

  head = g_strdup_printf ("HTTP/1.1 %u OK\r\nContent-Type: %s\r\nContent-Length: %" G_GSIZE_FORMAT
                          "\r\n\r\n",
                          route->status, route->content_type ? route->content_type : "text/plain",
                          len);
  /* A few hundred bytes on loopback: these writes do not block. */
  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);
  if (len > 1)
    g_output_stream_write_all (out, data, len / 2, NULL, NULL, NULL);
  g_output_stream_flush (out, NULL, NULL);
}

static gboolean
parked_timeout_cb (gpointer user_data)
{
  Parked *parked = user_data;
  RkTestServer *self = parked->server;
  g_autoptr(SoupServerMessage) message = g_object_ref (parked->message);
  RkTestRoute *route = parked->route;

  parked->source = 0;
  g_ptr_array_remove (self->parked, parked);

  if (route == NULL || route->fault == RK_TEST_FAULT_NONE)
    soup_server_message_unpause (message);
  else
    {
      g_autoptr(GIOStream) stream = soup_server_message_steal_connection (message);

      if (stream != NULL)
        {
          if (route->fault == RK_TEST_FAULT_TRUNCATE)
            write_truncated (stream, route);
          g_io_stream_close (stream, NULL, NULL);
        }
    }

  return G_SOURCE_REMOVE;
}

/* Pauses @message; unless @forever, acts after @delay_ms (0: from an idle). */
static void
park (RkTestServer      *self,
      SoupServerMessage *message,
      RkTestRoute       *route,
      guint              delay_ms,
      gboolean           forever)
{
  Parked *parked = g_new0 (Parked, 1);

  parked->server = self;
  parked->message = g_object_ref (message);
  parked->route = route;
  parked->finished_handler = g_signal_connect (message, "finished",
                                               G_CALLBACK (parked_gone_cb), parked);
  parked->disconnected_handler = g_signal_connect (message, "disconnected",
                                                   G_CALLBACK (parked_gone_cb), parked);
  if (!forever)
    parked->source = g_timeout_add (delay_ms, parked_timeout_cb, parked);
  g_ptr_array_add (self->parked, parked);

  soup_server_message_pause (message);
}

/* WebSocket scripts */

RkTestWsScript *
rk_test_ws_script_new (void)
{
  RkTestWsScript *script = g_new0 (RkTestWsScript, 1);

  g_atomic_ref_count_init (&script->ref_count);
  script->steps = g_ptr_array_new_with_free_func ((GDestroyNotify)step_free);

  return script;
}

RkTestWsScript *
rk_test_ws_script_ref (RkTestWsScript *script)
{
  g_atomic_ref_count_inc (&script->ref_count);
  return script;
}

void
rk_test_ws_script_unref (RkTestWsScript *script)
{
  if (g_atomic_ref_count_dec (&script->ref_count))
    {
      g_ptr_array_unref (script->steps);
      g_free (script);
    }
}

static Step *
add_step (RkTestWsScript *script,
          StepKind        kind)
{
  Step *step = g_new0 (Step, 1);

  step->kind = kind;
  g_ptr_array_add (script->steps, step);

  return step;
}

void
rk_test_ws_script_send (RkTestWsScript *script,
                        const char     *text)
{
  add_step (script, STEP_SEND)->text = g_strdup (text);
}

void
rk_test_ws_script_send_bytes (RkTestWsScript *script,
                              GBytes         *data)
{
  Step *step = add_step (script, STEP_SEND);

  step->data = g_bytes_ref (data);
  step->binary = TRUE;
}

void
rk_test_ws_script_send_hex (RkTestWsScript *script,
                            const char     *hex)
{
  g_autoptr(GBytes) data = rk_test_hex_to_bytes (hex);

  rk_test_ws_script_send_bytes (script, data);
}

/* A JSON `Init` whose connectionId is `conn-<socket index>`. */
void
rk_test_ws_script_send_init (RkTestWsScript *script)
{
  add_step (script, STEP_INIT);
}

/* Waits for a frame containing @substring (any frame if %NULL). */
void
rk_test_ws_script_expect (RkTestWsScript *script,
                          const char     *substring)
{
  add_step (script, STEP_EXPECT)->text = g_strdup (substring);
}

/* Waits for the next ActionRequest and answers it with @output_json. */
void
rk_test_ws_script_reply (RkTestWsScript *script,
                         const char     *output_json)
{
  add_step (script, STEP_REPLY)->text = g_strdup (output_json);
}

/* Waits for the next ActionRequest and answers it with an `Error` naming its id. */
void
rk_test_ws_script_reply_error (RkTestWsScript *script,
                               const char     *group,
                               const char     *code,
                               const char     *message)
{
  Step *step = add_step (script, STEP_REPLY_ERROR);

  step->group = g_strdup (group);
  step->code = g_strdup (code);
  step->message = g_strdup (message);
}

/* From here on, answers every ActionRequest with {name, args, connection}. */
void
rk_test_ws_script_echo (RkTestWsScript *script)
{
  add_step (script, STEP_ECHO);
}

void
rk_test_ws_script_delay (RkTestWsScript *script,
                         guint           delay_ms)
{
  add_step (script, STEP_DELAY)->number = delay_ms;
}

void
rk_test_ws_script_close (RkTestWsScript *script,
                         gushort         code,
                         const char     *reason)
{
  Step *step = add_step (script, STEP_CLOSE);

  step->number = code;
  step->text = g_strdup (reason);
}

/* Closes the TCP connection without a close frame. */
void
rk_test_ws_script_drop (RkTestWsScript *script)
{
  add_step (script, STEP_DROP);
}

/* Peers */

static void
peer_drop (Peer *peer)
{
  if (peer->socket != NULL)
    g_socket_shutdown (peer->socket, TRUE, TRUE, NULL);
}

static void
peer_free (Peer *peer)
{
  g_clear_handle_id (&peer->timer, g_source_remove);
  if (peer->connection != NULL)
    {
      g_clear_signal_handler (&peer->message_handler, peer->connection);
      g_clear_signal_handler (&peer->closed_handler, peer->connection);
    }
  if (peer->open)
    peer_drop (peer);
  g_clear_object (&peer->connection);
  g_clear_object (&peer->socket);
  g_clear_pointer (&peer->script, rk_test_ws_script_unref);
  g_free (peer);
}

static void
peer_send_json (Peer     *peer,
                JsonNode *root)
{
  g_autofree char *text = json_to_string (root, FALSE);

  if (peer->open)
    soup_websocket_connection_send_text (peer->connection, text);
}

static JsonNode *
frame_body (const char *tag,
            JsonObject *val)
{
  JsonObject *outer = json_object_new ();
  JsonObject *body = json_object_new ();
  JsonNode *root;

  json_object_set_string_member (body, "tag", tag);
  json_object_set_object_member (body, "val", val);
  json_object_set_object_member (outer, "body", body);
  root = json_node_init_object (json_node_alloc (), outer);
  json_object_unref (outer);

  return root;
}

static void
peer_send_init (Peer *peer)
{
  JsonObject *val = json_object_new ();
  g_autofree char *connection_id = g_strdup_printf ("conn-%u", peer->index);
  g_autoptr(JsonNode) root = NULL;

  json_object_set_string_member (val, "actorId", "actor");
  json_object_set_string_member (val, "connectionId", connection_id);
  root = frame_body ("Init", val);
  peer_send_json (peer, root);
}

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* Returns the val of an ActionRequest frame, or NULL. */
static JsonObject *
parse_action_request (const char  *text,
                      JsonNode   **out_root)
{
  JsonNode *root = json_from_string (text, NULL);
  JsonObject *body;
  JsonObject *val;

  *out_root = root;
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  body = get_object (json_node_get_object (root), "body");
  if (body == NULL ||
      g_strcmp0 (json_object_get_string_member_with_default (body, "tag", NULL),
                 "ActionRequest") != 0)
    return NULL;

  val = get_object (body, "val");
  if (val == NULL || !json_object_has_member (val, "id"))
    return NULL;

  return val;
}

static void
peer_reply (Peer       *peer,
            JsonObject *request,
            JsonNode   *output)
{
  JsonObject *val = json_object_new ();
  g_autoptr(JsonNode) root = NULL;

  json_object_set_member (val, "id", json_node_copy (json_object_get_member (request, "id")));
  json_object_set_member (val, "output", output);
  root = frame_body ("ActionResponse", val);
  peer_send_json (peer, root);
}

static void
peer_echo (Peer       *peer,
           JsonObject *request)
{
  JsonObject *output = json_object_new ();
  JsonNode *args = json_object_get_member (request, "args");

  json_object_set_string_member (output, "name",
                                 json_object_get_string_member_with_default (request, "name",
                                                                             ""));
  json_object_set_member (output, "args",
                          args ? json_node_copy (args) : json_node_new (JSON_NODE_NULL));
  json_object_set_int_member (output, "connection", peer->index);
  peer_reply (peer, request, json_node_init_object (json_node_alloc (), output));
  json_object_unref (output);
}

static void
peer_reply_error (Peer       *peer,
                  JsonObject *request,
                  Step       *step)
{
  JsonObject *val = json_object_new ();
  g_autoptr(JsonNode) root = NULL;

  json_object_set_string_member (val, "group", step->group);
  json_object_set_string_member (val, "code", step->code);
  json_object_set_string_member (val, "message", step->message ? step->message : "");
  json_object_set_member (val, "actionId",
                          json_node_copy (json_object_get_member (request, "id")));
  root = frame_body ("Error", val);
  peer_send_json (peer, root);
}

static void peer_run (Peer *peer);

static gboolean
peer_delay_cb (gpointer user_data)
{
  Peer *peer = user_data;

  peer->timer = 0;
  peer_run (peer);

  return G_SOURCE_REMOVE;
}

static void
peer_run (Peer *peer)
{
  while (peer->open && peer->step < peer->script->steps->len)
    {
      Step *step = g_ptr_array_index (peer->script->steps, peer->step);

      switch (step->kind)
        {
        case STEP_SEND:
          peer->step++;
          if (step->binary)
            soup_websocket_connection_send_message (peer->connection,
                                                    SOUP_WEBSOCKET_DATA_BINARY, step->data);
          else
            soup_websocket_connection_send_text (peer->connection, step->text);
          break;

        case STEP_INIT:
          peer->step++;
          peer_send_init (peer);
          break;

        case STEP_ECHO:
          peer->step++;
          peer->echo = TRUE;
          break;

        case STEP_EXPECT:
        case STEP_REPLY:
        case STEP_REPLY_ERROR:
          peer->waiting = TRUE;
          return;

        case STEP_DELAY:
          peer->step++;
          peer->timer = g_timeout_add (step->number, peer_delay_cb, peer);
          return;

        case STEP_CLOSE:
          peer->step++;
          soup_websocket_connection_close (peer->connection, step->number, step->text);
          return;

        case STEP_DROP:
          peer->step++;
          peer_drop (peer);
          return;

        default:
          g_assert_not_reached ();
        }
    }
}

static void
peer_message_cb (SoupWebsocketConnection *connection,
                 int                      type,
                 GBytes                  *message,
                 Peer                    *peer)
{
  RkTestServer *self = peer->server;
  RkTestFrame *frame = g_new0 (RkTestFrame, 1);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *request = NULL;
  gsize len = 0;
  const char *data = g_bytes_get_data (message, &len);

  frame->connection = peer->index;
  frame->time = g_get_monotonic_time ();
  frame->binary = type == SOUP_WEBSOCKET_DATA_BINARY;
  frame->data = g_bytes_ref (message);
  frame->text = g_strndup (data ? data : "", len);
  g_ptr_array_add (self->frames, frame);

  if (!frame->binary)
    request = parse_action_request (frame->text, &root);

  if (peer->waiting)
    {
      Step *step = g_ptr_array_index (peer->script->steps, peer->step);
      gboolean done = FALSE;

      if (step->kind == STEP_EXPECT)
        done = step->text == NULL || strstr (frame->text, step->text) != NULL;
      else if (step->kind == STEP_REPLY && request != NULL)
        {
          JsonNode *output = json_from_string (step->text, NULL);

          g_assert_nonnull (output);
          peer_reply (peer, request, output);
          done = TRUE;
        }
      else if (step->kind == STEP_REPLY_ERROR && request != NULL)
        {
          peer_reply_error (peer, request, step);
          done = TRUE;
        }

      if (done)
        {
          peer->waiting = FALSE;
          peer->step++;
          peer_run (peer);
          return;
        }
    }

  if (peer->echo && request != NULL)
    peer_echo (peer, request);
}

static void
peer_closed_cb (SoupWebsocketConnection *connection,
                Peer                    *peer)
{
  peer->open = FALSE;
  g_clear_handle_id (&peer->timer, g_source_remove);
}

static void
websocket_cb (SoupServer              *soup,
              SoupServerMessage       *message,
              const char              *path,
              SoupWebsocketConnection *connection,
              gpointer                 user_data)
{
  RkTestServer *self = user_data;
  RkTestRoute *route = g_object_get_data (G_OBJECT (message), "rk-test-route");
  GSocket *socket = g_object_get_data (G_OBJECT (message), "rk-test-socket");
  Peer *peer;

  g_assert_nonnull (route);

  peer = g_new0 (Peer, 1);
  peer->server = self;
  peer->connection = g_object_ref (connection);
  peer->socket = socket ? g_object_ref (socket) : NULL;
  peer->script = rk_test_ws_script_ref (route->script);
  peer->index = self->peers->len;
  peer->open = TRUE;
  g_ptr_array_add (self->peers, peer);

  soup_websocket_connection_set_max_incoming_payload_size (connection, 128 * 1024 * 1024);
  peer->message_handler = g_signal_connect (connection, "message",
                                            G_CALLBACK (peer_message_cb), peer);
  peer->closed_handler = g_signal_connect (connection, "closed",
                                           G_CALLBACK (peer_closed_cb), peer);
  peer_run (peer);
}

/* HTTP */

static gboolean
is_upgrade (SoupServerMessage *message)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);

  return soup_message_headers_header_contains (headers, "Upgrade", "websocket");
}

static RkTestRoute *
find_route (RkTestServer *self,
            const char   *method,
            const char   *path,
            const char   *query,
            gboolean      upgrade)
{
  for (guint i = 0; i < self->routes->len; i++)
    {
      RkTestRoute *route = g_ptr_array_index (self->routes, i);

      if (route->times > 0 && route->hits >= route->times)
        continue;
      if (route->script != NULL && !upgrade)
        continue;
      if (route->method != NULL && g_ascii_strcasecmp (route->method, method) != 0)
        continue;
      if (!g_pattern_match_simple (route->path, path))
        continue;
      if (route->query != NULL && !g_pattern_match_simple (route->query, query ? query : ""))
        continue;

      return route;
    }

  return NULL;
}

static RkTestRequest *
record_request (RkTestServer      *self,
                SoupServerMessage *message,
                gboolean           upgrade)
{
  RkTestRequest *request = g_new0 (RkTestRequest, 1);
  GUri *uri = soup_server_message_get_uri (message);
  SoupMessageBody *body = soup_server_message_get_request_body (message);

  request->index = self->requests->len;
  request->time = g_get_monotonic_time ();
  request->method = g_strdup (soup_server_message_get_method (message));
  request->path = g_strdup (g_uri_get_path (uri));
  request->query = g_strdup (g_uri_get_query (uri));
  request->headers = soup_message_headers_ref (soup_server_message_get_request_headers (message));
  request->body = body ? soup_message_body_flatten (body) : g_bytes_new (NULL, 0);
  request->websocket = upgrade;
  g_ptr_array_add (self->requests, request);

  return request;
}

/**
 * rk_test_server_respond:
 * @message: the message
 * @status: HTTP status
 * @content_type: (nullable): the Content-Type
 * @body: (nullable): the body text
 *
 * For handlers: answers @message at once.
 */
void
rk_test_server_respond (SoupServerMessage *message,
                        guint              status,
                        const char        *content_type,
                        const char        *body)
{
  soup_server_message_set_status (message, status, NULL);
  if (body != NULL)
    soup_server_message_set_response (message, content_type ? content_type : "text/plain",
                                      SOUP_MEMORY_COPY, body, strlen (body));
}

static void
server_cb (SoupServer        *soup,
           SoupServerMessage *message,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  RkTestServer *self = user_data;
  gboolean upgrade = is_upgrade (message);
  GUri *uri = soup_server_message_get_uri (message);
  RkTestRequest *request;
  RkTestRoute *route;
  SoupMessageHeaders *headers;

  request = record_request (self, message, upgrade);
  route = find_route (self, request->method, request->path, g_uri_get_query (uri), upgrade);

  if (route == NULL)
    {
      rk_test_server_respond (message, 404, "text/plain; charset=UTF-8", "Not Found (RivetKit)");
      return;
    }

  route->hits++;

  if (route->script != NULL)
    {
      /* Leave the status unset: libsoup then completes the upgrade. */
      g_object_set_data (G_OBJECT (message), "rk-test-route", route);
      g_object_set_data_full (G_OBJECT (message), "rk-test-socket",
                              g_object_ref (soup_server_message_get_socket (message)),
                              g_object_unref);
      if (route->fault == RK_TEST_FAULT_HANG)
        park (self, message, NULL, 0, TRUE);
      else if (route->delay_ms > 0)
        park (self, message, NULL, route->delay_ms, FALSE);
      return;
    }

  if (route->handler != NULL)
    {
      route->handler (self, message, request, route->handler_data);
      return;
    }

  /* A status must be set before pausing, or libsoup takes the request for
   * a failed WebSocket handshake. */
  soup_server_message_set_status (message, route->status, NULL);
  headers = soup_server_message_get_response_headers (message);
  for (guint i = 0; i + 1 < route->headers->len; i += 2)
    soup_message_headers_append (headers, g_ptr_array_index (route->headers, i),
                                 g_ptr_array_index (route->headers, i + 1));

  switch (route->fault)
    {
    case RK_TEST_FAULT_HANG:
      park (self, message, route, 0, TRUE);
      return;

    case RK_TEST_FAULT_DROP:
    case RK_TEST_FAULT_TRUNCATE:
      park (self, message, route, route->delay_ms, FALSE);
      return;

    case RK_TEST_FAULT_NONE:
    default:
      break;
    }

  if (route->content_type != NULL)
    soup_message_headers_set_content_type (headers, route->content_type, NULL);
  if (route->body != NULL && g_bytes_get_size (route->body) > 0)
    soup_message_body_append_bytes (soup_server_message_get_response_body (message),
                                    route->body);

  if (route->delay_ms > 0)
    park (self, message, route, route->delay_ms, FALSE);
}

/* The server */

static void
rk_test_server_dispose (GObject *object)
{
  RkTestServer *self = (RkTestServer *)object;

  if (self->soup != NULL)
    {
      soup_server_disconnect (self->soup);
      soup_server_remove_handler (self->soup, "/");
    }
  g_clear_pointer (&self->parked, g_ptr_array_unref);
  g_clear_pointer (&self->peers, g_ptr_array_unref);
  g_clear_object (&self->soup);

  G_OBJECT_CLASS (rk_test_server_parent_class)->dispose (object);
}

static void
rk_test_server_finalize (GObject *object)
{
  RkTestServer *self = (RkTestServer *)object;

  g_clear_pointer (&self->routes, g_ptr_array_unref);
  g_clear_pointer (&self->requests, g_ptr_array_unref);
  g_clear_pointer (&self->frames, g_ptr_array_unref);
  g_clear_pointer (&self->url, g_free);

  G_OBJECT_CLASS (rk_test_server_parent_class)->finalize (object);
}

static void
rk_test_server_class_init (RkTestServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rk_test_server_dispose;
  object_class->finalize = rk_test_server_finalize;
}

static void
rk_test_server_init (RkTestServer *self)
{
  self->routes = g_ptr_array_new_with_free_func ((GDestroyNotify)route_free);
  self->requests = g_ptr_array_new_with_free_func ((GDestroyNotify)request_free);
  self->peers = g_ptr_array_new_with_free_func ((GDestroyNotify)peer_free);
  self->frames = g_ptr_array_new_with_free_func ((GDestroyNotify)frame_free);
  self->parked = g_ptr_array_new_with_free_func ((GDestroyNotify)parked_free);
}

static void
listen_on (RkTestServer *self,
           guint         port)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  soup_server_listen_local (self->soup, port, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (self->soup);
  g_assert_nonnull (uris);
  self->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
  self->running = TRUE;
}

/**
 * rk_test_server_new:
 *
 * Returns: (transfer full): a server listening on 127.0.0.1 on a free port;
 *   unknown routes answer 404 `Not Found (RivetKit)`, as RivetKit does
 */
RkTestServer *
rk_test_server_new (void)
{
  RkTestServer *self = g_object_new (RK_TYPE_TEST_SERVER, NULL);

  self->soup = soup_server_new ("server-header", "rk-test-server", NULL);
  soup_server_add_handler (self->soup, "/", server_cb, self, NULL);
  soup_server_add_websocket_handler (self->soup, "/", NULL, (char **)ws_protocols,
                                     websocket_cb, self, NULL);
  listen_on (self, 0);
  self->url = g_strdup_printf ("http://127.0.0.1:%u", self->port);

  return self;
}

const char *
rk_test_server_get_url (RkTestServer *self)
{
  return self->url;
}

guint
rk_test_server_get_port (RkTestServer *self)
{
  return self->port;
}

gboolean
rk_test_server_is_running (RkTestServer *self)
{
  return self->running;
}

/**
 * rk_test_server_stop:
 * @self: a #RkTestServer
 *
 * The server vanishes: the listener closes, every HTTP connection and
 * every WebSocket is dropped without a word. Routes and records stay.
 */
void
rk_test_server_stop (RkTestServer *self)
{
  if (!self->running)
    return;

  self->running = FALSE;
  soup_server_disconnect (self->soup);
  for (guint i = 0; i < self->peers->len; i++)
    {
      Peer *peer = g_ptr_array_index (self->peers, i);

      if (peer->open)
        peer_drop (peer);
    }
}

/* Listens again on the same port. */
void
rk_test_server_restart (RkTestServer *self)
{
  if (self->running)
    return;

  listen_on (self, self->port);
}

/* Routes */

static RkTestRoute *
add_route (RkTestServer *self,
           const char   *method,
           const char   *path)
{
  RkTestRoute *route = g_new0 (RkTestRoute, 1);

  route->method = g_strdup (method);
  route->path = g_strdup (path);
  route->headers = g_ptr_array_new_with_free_func (g_free);
  route->status = 200;
  g_ptr_array_add (self->routes, route);

  return route;
}

/**
 * rk_test_server_add_route:
 * @self: a #RkTestServer
 * @method: (nullable): the method, %NULL for any
 * @path: a glob over the decoded path (`*` crosses `/`)
 * @status: the status to answer
 * @content_type: (nullable): the Content-Type
 * @body: (nullable): the body
 *
 * Routes match in the order they were added; a route used up
 * (rk_test_route_set_times ()) lets the next one match.
 *
 * Returns: (transfer none): the route, to refine
 */
RkTestRoute *
rk_test_server_add_route (RkTestServer *self,
                          const char   *method,
                          const char   *path,
                          guint         status,
                          const char   *content_type,
                          const char   *body)
{
  RkTestRoute *route = add_route (self, method, path);

  route->status = status;
  route->content_type = g_strdup (content_type);
  if (body != NULL)
    route->body = g_bytes_new (body, strlen (body));

  return route;
}

RkTestRoute *
rk_test_server_add_fixture_route (RkTestServer *self,
                                  const char   *method,
                                  const char   *path,
                                  guint         status,
                                  const char   *content_type,
                                  const char   *fixture)
{
  RkTestRoute *route = rk_test_server_add_route (self, method, path, status, content_type, NULL);

  route->body = rk_test_fixture_bytes (fixture);
  return route;
}

RkTestRoute *
rk_test_server_add_handler (RkTestServer  *self,
                            const char    *method,
                            const char    *path,
                            RkTestHandler  handler,
                            gpointer       user_data)
{
  RkTestRoute *route = add_route (self, method, path);

  route->handler = handler;
  route->handler_data = user_data;
  return route;
}

/**
 * rk_test_server_add_websocket:
 * @self: a #RkTestServer
 * @path: a glob over the decoded path
 * @script: what to play on each socket accepted by this route
 *
 * Only upgrade requests match. A delay holds the `101` back; the HANG
 * fault never sends it. An HTTP route added for the same path answers
 * first (an upgrade refused with an HTTP error).
 *
 * Returns: (transfer none): the route
 */
RkTestRoute *
rk_test_server_add_websocket (RkTestServer   *self,
                              const char     *path,
                              RkTestWsScript *script)
{
  RkTestRoute *route = add_route (self, "GET", path);

  route->script = rk_test_ws_script_ref (script);
  return route;
}

void
rk_test_route_set_body_bytes (RkTestRoute *route,
                              GBytes      *body)
{
  g_clear_pointer (&route->body, g_bytes_unref);
  route->body = g_bytes_ref (body);
}

void
rk_test_route_add_header (RkTestRoute *route,
                          const char  *name,
                          const char  *value)
{
  g_ptr_array_add (route->headers, g_strdup (name));
  g_ptr_array_add (route->headers, g_strdup (value));
}

/* A glob the raw query must match ("" when there is none). */
void
rk_test_route_set_query (RkTestRoute *route,
                         const char  *pattern)
{
  g_free (route->query);
  route->query = g_strdup (pattern);
}

void
rk_test_route_set_delay (RkTestRoute *route,
                         guint        delay_ms)
{
  route->delay_ms = delay_ms;
}

void
rk_test_route_set_fault (RkTestRoute *route,
                         RkTestFault  fault)
{
  route->fault = fault;
}

/* How many requests the route answers; 0 (the default) for all. */
void
rk_test_route_set_times (RkTestRoute *route,
                         guint        times)
{
  route->times = times;
}

guint
rk_test_route_get_hits (RkTestRoute *route)
{
  return route->hits;
}

/* Recorded requests */

guint
rk_test_server_get_n_requests (RkTestServer *self)
{
  return self->requests->len;
}

const RkTestRequest *
rk_test_server_get_request (RkTestServer *self,
                            guint         index)
{
  g_assert_cmpuint (index, <, self->requests->len);
  return g_ptr_array_index (self->requests, index);
}

static gboolean
request_matches (const RkTestRequest *request,
                 const char          *method,
                 const char          *path)
{
  return (method == NULL || g_ascii_strcasecmp (method, request->method) == 0) &&
         (path == NULL || g_pattern_match_simple (path, request->path));
}

/* Counts requests by method (%NULL: any) and path glob (%NULL: any). */
guint
rk_test_server_count (RkTestServer *self,
                      const char   *method,
                      const char   *path)
{
  guint count = 0;

  for (guint i = 0; i < self->requests->len; i++)
    if (request_matches (g_ptr_array_index (self->requests, i), method, path))
      count++;

  return count;
}

/* Returns: (nullable): the @nth (from 0) request that matches */
const RkTestRequest *
rk_test_server_find (RkTestServer *self,
                     const char   *method,
                     const char   *path,
                     guint         nth)
{
  for (guint i = 0; i < self->requests->len; i++)
    {
      RkTestRequest *request = g_ptr_array_index (self->requests, i);

      if (request_matches (request, method, path) && nth-- == 0)
        return request;
    }

  return NULL;
}

/* WebSockets */

guint
rk_test_server_get_n_websockets (RkTestServer *self)
{
  return self->peers->len;
}

guint
rk_test_server_get_n_open_websockets (RkTestServer *self)
{
  guint count = 0;

  for (guint i = 0; i < self->peers->len; i++)
    count += ((Peer *)g_ptr_array_index (self->peers, i))->open;

  return count;
}

guint
rk_test_server_get_n_frames (RkTestServer *self)
{
  return self->frames->len;
}

const RkTestFrame *
rk_test_server_get_frame (RkTestServer *self,
                          guint         index)
{
  g_assert_cmpuint (index, <, self->frames->len);
  return g_ptr_array_index (self->frames, index);
}

/* Counts frames received on @connection (RK_TEST_ANY_CONNECTION: all)
 * that contain @substring (%NULL: any). */
guint
rk_test_server_count_frames (RkTestServer *self,
                             guint         connection,
                             const char   *substring)
{
  guint count = 0;

  for (guint i = 0; i < self->frames->len; i++)
    {
      RkTestFrame *frame = g_ptr_array_index (self->frames, i);

      if ((connection == RK_TEST_ANY_CONNECTION || frame->connection == connection) &&
          (substring == NULL || strstr (frame->text, substring) != NULL))
        count++;
    }

  return count;
}

static Peer *
get_peer (RkTestServer *self,
          guint         connection)
{
  g_assert_cmpuint (connection, <, self->peers->len);
  return g_ptr_array_index (self->peers, connection);
}

void
rk_test_server_ws_send (RkTestServer *self,
                        guint         connection,
                        const char   *text)
{
  Peer *peer = get_peer (self, connection);

  g_assert_true (peer->open);
  soup_websocket_connection_send_text (peer->connection, text);
}

void
rk_test_server_ws_send_bytes (RkTestServer *self,
                              guint         connection,
                              GBytes       *data)
{
  Peer *peer = get_peer (self, connection);

  g_assert_true (peer->open);
  soup_websocket_connection_send_message (peer->connection, SOUP_WEBSOCKET_DATA_BINARY, data);
}

void
rk_test_server_ws_close (RkTestServer *self,
                         guint         connection,
                         gushort       code,
                         const char   *reason)
{
  Peer *peer = get_peer (self, connection);

  g_assert_true (peer->open);
  soup_websocket_connection_close (peer->connection, code, reason);
}

/* Drops the socket's TCP connection without a close frame. */
void
rk_test_server_ws_drop (RkTestServer *self,
                        guint         connection)
{
  peer_drop (get_peer (self, connection));
}
