/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-client-gateway.c: stateless actions, queue sends and raw handlers of RkClient */

#define G_LOG_DOMAIN "rk-client"

#include "config.h"

#include <string.h>

#include "rk-client-private.h"
#include "rk-compat.h"
#include "rk-error.h"
#include "rk-json-private.h"

#define RAW_WEBSOCKET_MAX_PAYLOAD (64 * 1024 * 1024)

static char *
escape_segment (const char *segment)
{
  return g_uri_escape_string (segment, NULL, FALSE);
}

static JsonNode *
wrap_member (const char *member,
             JsonNode   *value)
{
  JsonObject *object = json_object_new ();
  JsonNode *root = json_node_new (JSON_NODE_OBJECT);

  json_object_set_member (object, member, json_node_copy (value));
  json_node_take_object (root, object);

  return root;
}

static void
action_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  RkClient *self = (RkClient *)object;
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) reply = NULL;
  JsonNode *output;
  gsize len = 0;
  const char *data;

  if (!(body = _rk_client_send_finish (self, result, NULL, NULL, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data = g_bytes_get_data (body, &len);
  if (data == NULL || len == 0)
    {
      g_task_return_new_error (task, RK_ERROR, RK_ERROR_INVALID_REPLY,
                               "The action's reply is empty");
      return;
    }

  if (!(reply = rk_compat_parse (data, len, &error)))
    {
      g_prefix_error (&error, "The action's reply cannot be read: ");
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!JSON_NODE_HOLDS_OBJECT (reply))
    {
      g_task_return_new_error (task, RK_ERROR, RK_ERROR_INVALID_REPLY,
                               "The action's reply is not a JSON object");
      return;
    }

  /* 2.2 omits `output` for undefined; 2.3 sends ["$Undefined",0]. */
  output = json_object_get_member (json_node_get_object (reply), "output");
  if (output == NULL)
    g_task_return_pointer (task, rk_compat_new_undefined (), (GDestroyNotify)json_node_unref);
  else
    g_task_return_pointer (task, json_node_copy (output), (GDestroyNotify)json_node_unref);
}

/**
 * rk_client_action_async:
 * @self: a #RkClient
 * @actor_id: the actor
 * @action: the action name
 * @args: (nullable): a JSON array of arguments in JSON-compat form
 * @conn_params: (nullable): connection params (plain JSON)
 * @cancellable: (nullable): a #GCancellable
 * @callback: callback
 * @user_data: data for @callback
 *
 * Calls an action statelessly over HTTP (`POST /gateway/{id}/action/{name}`,
 * JSON encoding). Each call opens a temporary connection on the actor, so
 * `onBeforeConnect` sees @conn_params.
 */
void
rk_client_action_async (RkClient            *self,
                        const char          *actor_id,
                        const char          *action,
                        JsonNode            *args,
                        JsonNode            *conn_params,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) empty = NULL;
  g_autoptr(JsonNode) body = NULL;
  GTask *task;
  RkRequest *request;

  g_return_if_fail (RK_IS_CLIENT (self));
  g_return_if_fail (actor_id != NULL);
  g_return_if_fail (action != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rk_client_action_async);

  if (args == NULL)
    args = empty = json_node_init_array (json_node_alloc (), json_array_new ());

  if (!JSON_NODE_HOLDS_ARRAY (args))
    {
      g_task_return_new_error (task, RK_ERROR, RK_ERROR_INVALID_ARGUMENT,
                               "Action arguments must be a JSON array");
      g_object_unref (task);
      return;
    }

  escaped = escape_segment (action);
  path = g_strconcat ("/action/", escaped, NULL);
  body = wrap_member ("args", args);

  request = _rk_client_gateway_request (self, "POST", actor_id, path);
  _rk_request_set_header (request, "x-rivet-encoding", "json");
  _rk_request_set_conn_params (request, conn_params);
  _rk_request_set_json_body (request, rk_compat_to_string (body, FALSE));
  _rk_request_set_what (request, "the action");
  _rk_client_send_async (self, request, cancellable, action_cb, task);
}

/**
 * rk_client_action_finish:
 * @self: a #RkClient
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the action's output in JSON-compat form
 *   (`undefined` when it returned nothing), or %NULL with a %RK_ERROR
 */
JsonNode *
rk_client_action_finish (RkClient      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (RK_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
queue_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  RkClient *self = (RkClient *)object;
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) reply = NULL;
  gsize len = 0;
  const char *data;

  if (!(body = _rk_client_send_finish (self, result, NULL, NULL, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data = g_bytes_get_data (body, &len);
  if (data == NULL || len == 0 || !(reply = rk_compat_parse (data, len, &error)))
    {
      if (error == NULL)
        g_set_error_literal (&error, RK_ERROR, RK_ERROR_INVALID_REPLY,
                             "The queue's reply is empty");
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&reply), (GDestroyNotify)json_node_unref);
}

/**
 * rk_client_queue_send_async:
 * @self: a #RkClient
 * @actor_id: the actor
 * @queue: the queue name
 * @body: (nullable): the message body in JSON-compat form
 * @wait: whether to wait for the actor to complete the message
 * @timeout_ms: with @wait, how long the server waits (0 for its default)
 * @cancellable: (nullable): a #GCancellable
 * @callback: callback
 * @user_data: data for @callback
 *
 * Sends a message to an actor queue (`POST /gateway/{id}/queue/{name}`).
 * The reply is `{"status":"completed"|"timedOut", "response"?}`.
 */
void
rk_client_queue_send_async (RkClient            *self,
                            const char          *actor_id,
                            const char          *queue,
                            JsonNode            *body,
                            gboolean             wait,
                            guint                timeout_ms,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  GTask *task;
  RkRequest *request;

  g_return_if_fail (RK_IS_CLIENT (self));
  g_return_if_fail (actor_id != NULL);
  g_return_if_fail (queue != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "body");
  if (body != NULL)
    json_builder_add_value (builder, json_node_copy (body));
  else
    json_builder_add_null_value (builder);
  if (wait)
    {
      json_builder_set_member_name (builder, "wait");
      json_builder_add_boolean_value (builder, TRUE);
      if (timeout_ms > 0)
        {
          json_builder_set_member_name (builder, "timeout");
          json_builder_add_int_value (builder, timeout_ms);
        }
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rk_client_queue_send_async);

  escaped = escape_segment (queue);
  path = g_strconcat ("/queue/", escaped, NULL);
  request = _rk_client_gateway_request (self, "POST", actor_id, path);
  _rk_request_set_header (request, "x-rivet-encoding", "json");
  _rk_request_set_json_body (request, rk_compat_to_string (root, FALSE));
  _rk_request_set_what (request, "the queue message");
  _rk_client_send_async (self, request, cancellable, queue_cb, task);
}

/**
 * rk_client_queue_send_finish:
 * @self: a #RkClient
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the reply object in JSON-compat form
 */
JsonNode *
rk_client_queue_send_finish (RkClient      *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (RK_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Raw handlers */

static void
raw_request_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  RkClient *self = (RkClient *)object;
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(SoupMessage) message = NULL;
  gint64 elapsed = 0;

  if (!(body = _rk_client_send_finish (self, result, &message, &elapsed, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task,
                         rk_raw_response_new (soup_message_get_status (message),
                                              soup_message_get_reason_phrase (message),
                                              soup_message_get_response_headers (message),
                                              body, elapsed),
                         (GDestroyNotify)rk_raw_response_unref);
}

static gboolean
valid_method (const char *method)
{
  if (method == NULL || method[0] == '\0')
    return FALSE;

  for (const char *p = method; *p; p++)
    if (!g_ascii_isalpha (*p) && *p != '-' && *p != '_')
      return FALSE;

  return TRUE;
}

/* The user's path goes after `/request`: keep its query and any escapes
 * they typed, but escape what would break the URL. */
static char *
escape_user_path (const char *path)
{
  const char *start = path ? path : "";

  while (*start == '/')
    start++;

  return g_uri_escape_string (start, G_URI_RESERVED_CHARS_ALLOWED_IN_PATH "?&=%", FALSE);
}

/**
 * rk_client_raw_request_async:
 * @self: a #RkClient
 * @actor_id: the actor
 * @method: any HTTP method
 * @path: (nullable): the path the actor's `onRequest` sees, with its query
 * @headers: (nullable): extra request headers
 * @body: (nullable): the request body
 * @conn_params: (nullable): connection params (plain JSON)
 * @cancellable: (nullable): a #GCancellable
 * @callback: callback
 * @user_data: data for @callback
 *
 * Sends a request to the actor's `onRequest` handler. Whatever it
 * answers, status included, comes back as a #RkRawResponse; only
 * transport failures are errors.
 */
void
rk_client_raw_request_async (RkClient            *self,
                             const char          *actor_id,
                             const char          *method,
                             const char          *path,
                             SoupMessageHeaders  *headers,
                             GBytes              *body,
                             JsonNode            *conn_params,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *actor_path = NULL;
  g_autofree char *upper = NULL;
  GTask *task;
  RkRequest *request;

  g_return_if_fail (RK_IS_CLIENT (self));
  g_return_if_fail (actor_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rk_client_raw_request_async);

  if (!valid_method (method))
    {
      g_task_return_new_error (task, RK_ERROR, RK_ERROR_INVALID_ARGUMENT,
                               "“%s” is not a valid HTTP method", method ? method : "");
      g_object_unref (task);
      return;
    }

  upper = g_ascii_strup (method, -1);
  escaped = escape_user_path (path);
  actor_path = g_strconcat ("/request/", escaped, NULL);

  request = _rk_client_gateway_request (self, upper, actor_id, actor_path);
  _rk_request_set_raw (request, TRUE);
  _rk_request_set_conn_params (request, conn_params);

  if (headers != NULL)
    {
      SoupMessageHeadersIter iter;
      const char *name;
      const char *value;

      soup_message_headers_iter_init (&iter, headers);
      while (soup_message_headers_iter_next (&iter, &name, &value))
        if (g_ascii_strcasecmp (name, "Content-Type") != 0)
          _rk_request_set_header (request, name, value);
    }

  if (body != NULL && g_bytes_get_size (body) > 0)
    {
      const char *content_type = headers ? soup_message_headers_get_content_type (headers, NULL)
                                         : NULL;
      _rk_request_set_body (request, content_type ? content_type : "application/octet-stream",
                            body);
    }

  _rk_client_send_async (self, request, cancellable, raw_request_cb, task);
}

/**
 * rk_client_raw_request_finish:
 * @self: a #RkClient
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the response, or %NULL on a transport failure
 */
RkRawResponse *
rk_client_raw_request_finish (RkClient      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (RK_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
raw_websocket_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SoupSession *session = (SoupSession *)object;
  g_autoptr(GTask) task = user_data;
  RkClient *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *connection;

  if (!(connection = soup_session_websocket_connect_finish (session, result, &error)))
    {
      g_task_return_error (task, _rk_client_transport_error (self, g_steal_pointer (&error)));
      return;
    }

  /* libsoup's 128 KiB default closes the socket on bigger frames (1009). */
  soup_websocket_connection_set_max_incoming_payload_size (connection, RAW_WEBSOCKET_MAX_PAYLOAD);
  g_task_return_pointer (task, connection, g_object_unref);
}

/**
 * rk_client_raw_websocket_async:
 * @self: a #RkClient
 * @actor_id: the actor
 * @path: (nullable): the path the actor's `onWebSocket` sees, with its query
 * @protocols: (nullable) (array zero-terminated=1): extra subprotocols to offer
 * @conn_params: (nullable): connection params (plain JSON)
 * @cancellable: (nullable): a #GCancellable
 * @callback: callback
 * @user_data: data for @callback
 *
 * Opens a WebSocket to the actor's `onWebSocket` handler. `rivet` is
 * always offered first: the 2.3 gateway selects it whatever is offered.
 */
void
rk_client_raw_websocket_async (RkClient            *self,
                               const char          *actor_id,
                               const char          *path,
                               const char * const  *protocols,
                               JsonNode            *conn_params,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *actor_path = NULL;
  g_autofree char *url = NULL;
  g_autofree char *log_url = NULL;
  g_autofree char *params = NULL;
  g_autoptr(GPtrArray) offered = g_ptr_array_new ();
  g_autoptr(SoupMessage) message = NULL;
  GTask *task;

  g_return_if_fail (RK_IS_CLIENT (self));
  g_return_if_fail (actor_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rk_client_raw_websocket_async);

  escaped = escape_user_path (path);
  actor_path = g_strconcat ("/websocket/", escaped, NULL);
  url = _rk_client_gateway_url (self, actor_id, actor_path, FALSE);
  log_url = _rk_client_gateway_url (self, actor_id, actor_path, TRUE);

  if (!(message = soup_message_new ("GET", url)))
    {
      g_task_return_new_error (task, RK_ERROR, RK_ERROR_INVALID_ARGUMENT,
                               "Cannot open a WebSocket at %s", log_url);
      g_object_unref (task);
      return;
    }

  g_ptr_array_add (offered, (char *)"rivet");
  for (guint i = 0; protocols != NULL && protocols[i] != NULL; i++)
    if (!g_str_equal (protocols[i], "rivet"))
      g_ptr_array_add (offered, (char *)protocols[i]);
  if ((params = _rk_client_encode_conn_params (conn_params)))
    g_ptr_array_add (offered, params);
  g_ptr_array_add (offered, NULL);

  g_debug ("raw WebSocket to %s", log_url);
  _rk_client_count_request (self);
  soup_session_websocket_connect_async (_rk_client_get_session (self), message, NULL,
                                        (char **)offered->pdata, G_PRIORITY_DEFAULT,
                                        cancellable, raw_websocket_cb, task);
}

/**
 * rk_client_raw_websocket_finish:
 * @self: a #RkClient
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the open WebSocket, or %NULL
 */
SoupWebsocketConnection *
rk_client_raw_websocket_finish (RkClient      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (RK_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
