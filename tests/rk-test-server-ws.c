/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-test-server-ws.c: RkTestServer's WebSocket side: scripts played on
 * every accepted socket, received frames, pushing and dropping by hand */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "rk-test-server-private.h"

static void
step_free (RkTestStep *step)
{
  g_clear_pointer (&step->data, g_bytes_unref);
  g_free (step->text);
  g_free (step->group);
  g_free (step->code);
  g_free (step->message);
  g_free (step);
}

void
_rk_test_frame_free (RkTestFrame *frame)
{
  g_clear_pointer (&frame->data, g_bytes_unref);
  g_free (frame->text);
  g_free (frame);
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

static RkTestStep *
add_step (RkTestWsScript *script,
          RkTestStepKind        kind)
{
  RkTestStep *step = g_new0 (RkTestStep, 1);

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
  RkTestStep *step = add_step (script, STEP_SEND);

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

/* A text frame written straight to the socket, past libsoup's checks (which
 * refuse to send invalid UTF-8): for payloads under 64 KiB. */
void
rk_test_ws_script_send_raw_text (RkTestWsScript *script,
                                 const char     *text)
{
  gsize len = strlen (text);
  GByteArray *frame = g_byte_array_new ();
  guint8 head[4] = { 0x81, 0, 0, 0 };

  g_assert_cmpuint (len, <, 65536);
  if (len < 126)
    {
      head[1] = (guint8)len;
      g_byte_array_append (frame, head, 2);
    }
  else
    {
      head[1] = 126;
      head[2] = (guint8)(len >> 8);
      head[3] = (guint8)(len & 0xff);
      g_byte_array_append (frame, head, 4);
    }
  g_byte_array_append (frame, (const guint8 *)text, len);

  add_step (script, STEP_SEND_RAW)->data = g_byte_array_free_to_bytes (frame);
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
  RkTestStep *step = add_step (script, STEP_REPLY_ERROR);

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
  RkTestStep *step = add_step (script, STEP_CLOSE);

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

void
_rk_test_peer_drop (RkTestPeer *peer)
{
  if (peer->socket != NULL)
    g_socket_shutdown (peer->socket, TRUE, TRUE, NULL);
}

void
_rk_test_peer_free (RkTestPeer *peer)
{
  g_clear_handle_id (&peer->timer, g_source_remove);
  if (peer->connection != NULL)
    {
      g_clear_signal_handler (&peer->message_handler, peer->connection);
      g_clear_signal_handler (&peer->closed_handler, peer->connection);
    }
  if (peer->open)
    _rk_test_peer_drop (peer);
  g_clear_object (&peer->connection);
  g_clear_object (&peer->socket);
  g_clear_pointer (&peer->script, rk_test_ws_script_unref);
  g_free (peer);
}

static void
peer_send_json (RkTestPeer     *peer,
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
peer_send_init (RkTestPeer *peer)
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
peer_reply (RkTestPeer       *peer,
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
peer_echo (RkTestPeer       *peer,
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
peer_reply_error (RkTestPeer       *peer,
                  JsonObject *request,
                  RkTestStep       *step)
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

static void peer_run (RkTestPeer *peer);

static gboolean
peer_delay_cb (gpointer user_data)
{
  RkTestPeer *peer = user_data;

  peer->timer = 0;
  peer_run (peer);

  return G_SOURCE_REMOVE;
}

static void
peer_run (RkTestPeer *peer)
{
  while (peer->open && peer->step < peer->script->steps->len)
    {
      RkTestStep *step = g_ptr_array_index (peer->script->steps, peer->step);

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

        case STEP_SEND_RAW:
          {
            gsize len = 0;
            const char *data = g_bytes_get_data (step->data, &len);

            peer->step++;
            g_assert_nonnull (peer->socket);
            g_assert_cmpint (g_socket_send (peer->socket, data, len, NULL, NULL), ==, (gssize)len);
          }
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
          _rk_test_peer_drop (peer);
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
                 RkTestPeer                    *peer)
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
      RkTestStep *step = g_ptr_array_index (peer->script->steps, peer->step);
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
                RkTestPeer                    *peer)
{
  peer->open = FALSE;
  g_clear_handle_id (&peer->timer, g_source_remove);
}

void
_rk_test_server_websocket_cb (SoupServer              *soup,
              SoupServerMessage       *message,
              const char              *path,
              SoupWebsocketConnection *connection,
              gpointer                 user_data)
{
  RkTestServer *self = user_data;
  RkTestRoute *route = g_object_get_data (G_OBJECT (message), "rk-test-route");
  GSocket *socket = g_object_get_data (G_OBJECT (message), "rk-test-socket");
  RkTestPeer *peer;

  g_assert_nonnull (route);

  peer = g_new0 (RkTestPeer, 1);
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
    count += ((RkTestPeer *)g_ptr_array_index (self->peers, i))->open;

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

static RkTestPeer *
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
  RkTestPeer *peer = get_peer (self, connection);

  g_assert_true (peer->open);
  soup_websocket_connection_send_text (peer->connection, text);
}

void
rk_test_server_ws_send_bytes (RkTestServer *self,
                              guint         connection,
                              GBytes       *data)
{
  RkTestPeer *peer = get_peer (self, connection);

  g_assert_true (peer->open);
  soup_websocket_connection_send_message (peer->connection, SOUP_WEBSOCKET_DATA_BINARY, data);
}

void
rk_test_server_ws_close (RkTestServer *self,
                         guint         connection,
                         gushort       code,
                         const char   *reason)
{
  RkTestPeer *peer = get_peer (self, connection);

  g_assert_true (peer->open);
  soup_websocket_connection_close (peer->connection, code, reason);
}

/* Drops the socket's TCP connection without a close frame. */
void
rk_test_server_ws_drop (RkTestServer *self,
                        guint         connection)
{
  _rk_test_peer_drop (get_peer (self, connection));
}
