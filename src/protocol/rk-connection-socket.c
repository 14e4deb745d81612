/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-connection-socket.c: RkConnection's WebSocket: handshake, frames,
 * reconnection with backoff, and the liveness check for zombie sockets */

#define G_LOG_DOMAIN "rk-connection"

#include "config.h"

#include <string.h>

#include "rk-actor.h"
#include "rk-client-private.h"
#include "rk-compat.h"
#include "rk-connection-private.h"
#include "rk-error.h"
#include "rk-json-private.h"
#include "rk-transition.h"
#include "rk-util-private.h"

#define MAX_INCOMING_PAYLOAD (64 * 1024 * 1024)
#define KEEPALIVE_SECONDS 30
#define INIT_TIMEOUT_SECONDS 15

/* Reconnection */

static gboolean
retry_cb (gpointer user_data)
{
  RkConnection *self = user_data;

  self->retry_source = 0;
  self->next_attempt_time = 0;
  _rk_connection_start_handshake (self);

  return G_SOURCE_REMOVE;
}

static guint
backoff_delay (RkConnection *self)
{
  guint64 delay = self->backoff_initial_ms;

  for (guint i = 1; i < self->attempt && delay < self->backoff_max_ms; i++)
    delay *= 2;
  delay = MIN (delay, self->backoff_max_ms);

  /* Jitter in [50%, 100%] so a restarted server is not hit by every
   * client at the same instant. */
  return (guint)(delay / 2 + g_random_int_range (0, (gint32)(delay / 2) + 1));
}

static void
schedule_retry (RkConnection *self,
                const char   *reason,
                const GError *error)
{
  guint delay;

  self->attempt++;
  _rk_connection_notify (self, "attempt");
  delay = backoff_delay (self);
  self->next_attempt_time = g_get_monotonic_time () + (gint64)delay * 1000;
  _rk_connection_set_status (self, RK_CONNECTION_STATUS_RECONNECTING, reason, error);

  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->retry_source = g_timeout_add (delay, retry_cb, self);
}

/* Errors that a new attempt cannot fix: the actor refused us or is gone. */
static gboolean
is_rejection (const GError *error,
              gboolean      during_setup)
{
  const char *group = rk_error_get_group (error);

  if (error->domain == RK_ERROR && error->code == RK_ERROR_UNAUTHORIZED)
    return TRUE;

  if (group == NULL)
    return FALSE;

  if (g_str_equal (group, "user") || g_str_equal (group, "auth") ||
      g_str_equal (group, "params") || g_str_equal (group, "encoding") ||
      g_str_equal (group, "inspector"))
    return TRUE;

  if (rk_error_matches (error, "actor", "not_found") ||
      rk_error_matches (error, "actor", "destroyed"))
    return TRUE;

  /* Before Init, a `group.code` close is the actor's answer to this very
   * connection: onBeforeConnect or createConnState threw (2.2 says
   * rivetkit.internal_error for a plain Error, or the error's own group,
   * such as connection.custom_error). The official client gives up too.
   * Gateway-level closes (guard.*, core.*) and a stopping actor are
   * transient: the engine or the actor is still coming up. */
  if (during_setup)
    return !g_str_equal (group, "guard") && !g_str_equal (group, "core") &&
           !rk_error_matches (error, "actor", "stopping");

  return FALSE;
}

/**
 * _rk_connection_lost:
 * @self: a #RkConnection
 * @reason: what happened, in words
 * @error: (nullable): the error behind it
 *
 * The socket is gone (or useless): fail what was sent, keep what is
 * queued, and retry unless the actor refused us.
 */
void
_rk_connection_lost (RkConnection *self,
                     const char   *reason,
                     const GError *error)
{
  g_autoptr(GError) in_flight_error = NULL;
  gboolean during_setup = !self->initialised;

  _rk_connection_drop_socket (self);
  g_clear_handle_id (&self->liveness_source, g_source_remove);
  self->initialised = FALSE;

  in_flight_error = g_error_new (RK_ERROR, RK_ERROR_CLOSED,
                                 "The connection was lost before the actor answered; "
                                 "the action may or may not have run (%s)", reason);
  _rk_connection_fail_in_flight (self, in_flight_error);

  if (error != NULL && is_rejection (error, during_setup))
    {
      _rk_connection_fail_queued (self, error);
      _rk_connection_set_status (self, RK_CONNECTION_STATUS_FAILED, reason, error);
      return;
    }

  schedule_retry (self, reason, error);
}

/* Liveness */

static void
liveness_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(RkConnection) self = user_data;
  g_autoptr(GPtrArray) actors = NULL;
  g_autoptr(GError) error = NULL;
  RkActor *actor;

  actors = rk_client_get_actors_by_ids_finish (RK_CLIENT (object), result, &error);
  if (actors == NULL || self->status != RK_CONNECTION_STATUS_CONNECTED)
    return;

  actor = actors->len > 0 ? g_ptr_array_index (actors, 0) : NULL;
  if (actor == NULL || rk_actor_get_status (actor) != RK_ACTOR_STATUS_AWAKE)
    {
      g_autoptr(GError) stopped = NULL;

      stopped = g_error_new_literal (RK_ERROR, RK_ERROR_CLOSED,
                                     "The actor stopped while the socket stayed open");
      _rk_connection_lost (self,
                           actor == NULL ? "the actor no longer exists"
                                         : "the actor went to sleep; the socket was left open",
                           stopped);
    }
}

static gboolean
liveness_tick_cb (gpointer user_data)
{
  RkConnection *self = user_data;
  const char *ids[] = { self->actor_id, NULL };

  /* Only idle sockets need it: an action would see `actor.stopping`. */
  if (self->status == RK_CONNECTION_STATUS_CONNECTED && g_hash_table_size (self->in_flight) == 0)
    rk_client_get_actors_by_ids_async (self->client, ids, self->liveness_cancellable,
                                       liveness_cb, g_object_ref (self));

  return G_SOURCE_CONTINUE;
}

/* Frames */

static void
handle_init (RkConnection *self,
             JsonObject   *val)
{
  const char *connection_id = _rk_json_get_string (val, "connectionId");
  GHashTableIter iter;
  const char *name;

  g_clear_handle_id (&self->init_timeout_source, g_source_remove);
  self->initialised = TRUE;

  if (rk_set_str (&self->connection_id, connection_id))
    _rk_connection_notify (self, "connection-id");

  /* Subscriptions belong to the socket: restore every one. */
  g_hash_table_iter_init (&iter, self->subscriptions);
  while (g_hash_table_iter_next (&iter, (gpointer *)&name, NULL))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
      g_autoptr(JsonNode) sub = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "eventName");
      json_builder_add_string_value (builder, name);
      json_builder_set_member_name (builder, "subscribe");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_end_object (builder);
      sub = json_builder_get_root (builder);
      _rk_connection_send_frame (self, "SubscriptionRequest", sub);
    }

  self->attempt = 0;
  _rk_connection_notify (self, "attempt");
  _rk_connection_set_status (self, RK_CONNECTION_STATUS_CONNECTED, "connected", NULL);

  if (self->liveness_interval_s > 0)
    {
      g_clear_handle_id (&self->liveness_source, g_source_remove);
      self->liveness_source = g_timeout_add_seconds (self->liveness_interval_s,
                                                     liveness_tick_cb, self);
    }

  _rk_connection_flush_queue (self);
}

/* Emits ::event with @args as an array: a lone value is wrapped, a missing one is [] */
static void
emit_event (RkConnection *self,
            const char   *name,
            JsonNode     *args)
{
  g_autoptr(JsonNode) wrapped = NULL;

  if (args == NULL || !JSON_NODE_HOLDS_ARRAY (args))
    {
      wrapped = json_node_init_array (json_node_alloc (), json_array_new ());
      if (args != NULL)
        json_array_add_element (json_node_get_array (wrapped), json_node_copy (args));
      args = wrapped;
    }

  _rk_connection_emit_event (self, name, args);
}

static void
handle_event (RkConnection *self,
              JsonObject   *val)
{
  const char *name = _rk_json_get_string (val, "name");

  if (name == NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (RK_ERROR, RK_ERROR_PROTOCOL,
                                                     "The actor sent an event without a name");
      _rk_connection_emit_error (self, error);
      return;
    }

  emit_event (self, name, json_object_get_member (val, "args"));
}

/*
 * The fast path for events, the bulk of the traffic. RivetKit writes an event as
 *
 *   2.2: {"body":{"tag":"Event","val":{"name":"NAME","args":ARGS}}}
 *   2.3: {"body":{"tag":"Event","val":{"args":ARGS,"name":"NAME"}}}   (keys sorted)
 *
 * When a frame is exactly one of these, with a NAME free of escapes and control
 * characters and ARGS one array or object, only ARGS goes through rk_compat_parse (): the
 * envelope's three JSON objects cost more to build and free than a typical event's
 * arguments. If ARGS parse, the frame can only mean what the full parse would make of it.
 * Any other frame, or ARGS that do not parse, take the full path, which reports errors as
 * before.
 */

#define EVENT_PREFIX "{\"body\":{\"tag\":\"Event\",\"val\":{"
#define EVENT_NAME_FIRST "\"name\":\""       /* 2.2: …{"name":"NAME","args":ARGS}}} */
#define EVENT_ARGS_AFTER_NAME "\",\"args\":"
#define EVENT_ARGS_FIRST "\"args\":"          /* 2.3: …{"args":ARGS,"name":"NAME"}}} */
#define EVENT_NAME_AFTER_ARGS ",\"name\":"
#define EVENT_NAME_MAX 256

static gboolean
has_text_at (const char *start,
             const char *end,
             const char *text)
{
  gsize len = strlen (text);

  return (gsize)(end - start) >= len && memcmp (start, text, len) == 0;
}

static gboolean
is_plain_name (const char *name,
               gsize       len)
{
  if (len >= EVENT_NAME_MAX)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    if ((guchar)name[i] < 0x20 || name[i] == '\\')
      return FALSE;

  return g_utf8_validate_len (name, len, NULL);
}

static gboolean
is_json_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Whether ARGS, from @start to @end, is one array or object and nothing else but
 * whitespace around it, nesting at most @max_depth levels. Strings are skipped whole,
 * escapes included; the brackets are only counted, the parser judges the rest. The check
 * matters: json-glib reads "7[]" as 7, and "[1][2]" as [1], where the whole frame would be
 * invalid. And the full parse meets ARGS a few levels down (root, body, val): ARGS nesting
 * anywhere near RK_COMPAT_MAX_DEPTH take the full path, so the limit stays where it was.
 */
static gboolean
is_one_container (const char *start,
                  const char *end,
                  guint       max_depth)
{
  const char *p = start;
  guint depth = 0;

  while (p < end && is_json_space (*p))
    p++;
  if (p == end || (*p != '[' && *p != '{'))
    return FALSE;

  for (; p < end; p++)
    {
      if (*p == '"')
        {
          for (p++; p < end && *p != '"'; p++)
            if (*p == '\\' && ++p == end)
              return FALSE;
          if (p == end)
            return FALSE;
        }
      else if (*p == '[' || *p == '{')
        {
          if (++depth > max_depth)
            return FALSE;
        }
      else if ((*p == ']' || *p == '}') && --depth == 0)
        break;
    }

  if (p == end)
    return FALSE;

  for (p++; p < end; p++)
    if (!is_json_space (*p))
      return FALSE;

  return TRUE;
}

static gboolean
handle_event_fast (RkConnection *self,
                   const char   *data,
                   gsize         len)
{
  const char *end = data + len;
  const char *p;
  const char *name;
  const char *name_end;
  const char *args;
  const char *args_end;
  char name_buffer[EVENT_NAME_MAX];
  g_autoptr(JsonNode) args_node = NULL;

  if (!has_text_at (data, end, EVENT_PREFIX))
    return FALSE;

  p = data + strlen (EVENT_PREFIX);
  if (has_text_at (p, end, EVENT_NAME_FIRST))
    {
      name = p + strlen (EVENT_NAME_FIRST);
      if (!(name_end = memchr (name, '"', end - name)) ||
          !has_text_at (name_end, end, EVENT_ARGS_AFTER_NAME))
        return FALSE;
      args = name_end + strlen (EVENT_ARGS_AFTER_NAME);
      args_end = end - strlen ("}}}");
      if (args_end < args || !has_text_at (args_end, end, "}}}"))
        return FALSE;
    }
  else if (has_text_at (p, end, EVENT_ARGS_FIRST))
    {
      const char *quote;

      args = p + strlen (EVENT_ARGS_FIRST);
      name_end = end - strlen ("\"}}}");
      if (name_end < args || !has_text_at (name_end, end, "\"}}}"))
        return FALSE;
      /* NAME holds no quote: the one before it is its opening quote */
      for (quote = name_end - 1; quote >= args && *quote != '"'; quote--)
        ;
      if (quote < args || (gsize)(quote - args) < strlen (EVENT_NAME_AFTER_ARGS))
        return FALSE;
      name = quote + 1;
      args_end = quote - strlen (EVENT_NAME_AFTER_ARGS);
      if (!has_text_at (args_end, end, EVENT_NAME_AFTER_ARGS))
        return FALSE;
    }
  else
    return FALSE;

  if (!is_plain_name (name, name_end - name) ||
      !is_one_container (args, args_end, RK_COMPAT_MAX_DEPTH / 2) ||
      !(args_node = rk_compat_parse (args, args_end - args, NULL)))
    return FALSE;

  memcpy (name_buffer, name, name_end - name);
  name_buffer[name_end - name] = '\0';
  emit_event (self, name_buffer, args_node);

  return TRUE;
}

static void
handle_frame (RkConnection *self,
              const char   *data,
              gsize         len)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *body;
  JsonObject *val;
  const char *tag;

  if (handle_event_fast (self, data, len))
    return;

  if (!(root = rk_compat_parse (data, len, &error)))
    {
      g_prefix_error (&error, "Unreadable message from the actor: ");
      _rk_connection_emit_error (self, error);
      return;
    }

  body = JSON_NODE_HOLDS_OBJECT (root) ? _rk_json_get_object (json_node_get_object (root), "body")
                                       : NULL;
  tag = _rk_json_get_string (body, "tag");
  val = _rk_json_get_object (body, "val");

  if (tag == NULL || val == NULL)
    {
      error = g_error_new_literal (RK_ERROR, RK_ERROR_PROTOCOL,
                                   "A message from the actor has no body tag or value");
      _rk_connection_emit_error (self, error);
      return;
    }

  if (g_str_equal (tag, "Init"))
    handle_init (self, val);
  else if (g_str_equal (tag, "ActionResponse"))
    _rk_connection_handle_response (self, val);
  else if (g_str_equal (tag, "Event"))
    handle_event (self, val);
  else if (g_str_equal (tag, "Error"))
    {
      /* A stopping actor leaves the socket open: only a new one wakes it. */
      if (_rk_connection_handle_error (self, val))
        {
          g_autoptr(GError) stopping = rk_error_new_from_object (val, 0);

          _rk_connection_lost (self, "the actor is stopping (sleep or destroy)", stopping);
        }
    }
  else
    {
      error = g_error_new (RK_ERROR, RK_ERROR_PROTOCOL,
                           "The actor sent a message of unknown type “%s”", tag);
      _rk_connection_emit_error (self, error);
    }
}

static void
message_cb (RkConnection            *self,
            int                      type,
            GBytes                  *message,
            SoupWebsocketConnection *socket)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (message, &len);

  /* JSON may arrive in text or binary frames. */
  handle_frame (self, data ? data : "", len);
}

static void
closed_cb (RkConnection            *self,
           SoupWebsocketConnection *socket)
{
  gushort code = soup_websocket_connection_get_close_code (socket);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;

  if (self->closing_by_us)
    return;

  /* libsoup closed it itself (a frame too big, invalid UTF-8…): no close
   * code came from the server, the reason is libsoup's */
  if (code == 0 && self->socket_error != NULL &&
      self->socket_error->domain == SOUP_WEBSOCKET_ERROR)
    code = self->socket_error->code;

  /* A close reason may quote the request, token included */
  data = _rk_client_redact (self->client, soup_websocket_connection_get_close_data (socket));
  error = rk_error_new_from_close (code, data);

  /* `conn.disconnect (reason)` closes with 1000 and the reason: the actor
   * meant it, so do not come back uninvited. */
  if (code == SOUP_WEBSOCKET_CLOSE_NORMAL && data != NULL && data[0] != '\0' &&
      rk_error_get_group (error) == NULL && self->initialised)
    {
      g_autoptr(GError) closed = NULL;

      reason = g_strdup_printf ("disconnected by the actor: %s", data);
      _rk_connection_drop_socket (self);
      g_clear_handle_id (&self->liveness_source, g_source_remove);
      self->initialised = FALSE;
      closed = g_error_new (RK_ERROR, RK_ERROR_CLOSED,
                            "The actor closed the connection (%s)", data);
      _rk_connection_fail_in_flight (self, closed);
      _rk_connection_fail_queued (self, closed);
      _rk_connection_set_status (self, RK_CONNECTION_STATUS_DISCONNECTED, reason, error);
      return;
    }

  if (code == SOUP_WEBSOCKET_CLOSE_TOO_BIG)
    reason = g_strdup ("a message was larger than the 64 MiB limit");
  else if (self->socket_error != NULL)
    reason = g_strdup (self->socket_error->message);
  else
    reason = g_strdup (error->message);

  _rk_connection_lost (self, reason, error);
}

/* Init answers the handshake: it may take as long as an HTTP reply, up to 15 s. */
static guint
init_timeout_seconds (RkConnection *self)
{
  return MIN (rk_client_get_timeout (self->client), INIT_TIMEOUT_SECONDS);
}

/* Comes just before libsoup closes the socket on a protocol violation */
static void
socket_error_cb (RkConnection            *self,
                 const GError            *error,
                 SoupWebsocketConnection *socket)
{
  g_debug ("%s: WebSocket error: %s", self->actor_id, error->message);
  g_clear_error (&self->socket_error);
  self->socket_error = g_error_copy (error);
}

static gboolean
init_timeout_cb (gpointer user_data)
{
  RkConnection *self = user_data;
  g_autoptr(GError) error = NULL;

  self->init_timeout_source = 0;
  error = g_error_new (RK_ERROR, RK_ERROR_TIMEOUT,
                       "The actor accepted the WebSocket but sent no Init within %u s",
                       init_timeout_seconds (self));
  _rk_connection_lost (self, error->message, error);

  return G_SOURCE_REMOVE;
}

static GError *
handshake_error (RkConnection *self,
                 SoupMessage  *message,
                 GError       *error)
{
  guint status = soup_message_get_status (message);

  /* Bad params or encoding fail the upgrade itself with an HTTP error. */
  if (error->domain == SOUP_WEBSOCKET_ERROR && status >= 400)
    {
      GError *reply = rk_error_new_from_reply (status, soup_message_get_reason_phrase (message),
                                               NULL);

      g_error_free (error);
      /* 2.2 answers 500 with no body to invalid params: a retry won't help */
      if (status == 500 && self->conn_params != NULL)
        g_prefix_error (&reply, "The actor refused the connection params: ");
      return reply;
    }

  return _rk_client_transport_error (self->client, error);
}

typedef struct
{
  GWeakRef self;
  SoupMessage *message;
} Handshake;

static void
handshake_free (Handshake *handshake)
{
  g_weak_ref_clear (&handshake->self);
  g_clear_object (&handshake->message);
  g_free (handshake);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Handshake, handshake_free)

static void
handshake_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SoupSession *session = (SoupSession *)object;
  g_autoptr(Handshake) handshake = user_data;
  g_autoptr(RkConnection) self = g_weak_ref_get (&handshake->self);
  SoupMessage *message = handshake->message;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *socket;

  socket = soup_session_websocket_connect_finish (session, result, &error);

  /* Closed or disposed meanwhile: drop whatever came back. */
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_object (&socket);
      return;
    }

  g_assert (RK_IS_CONNECTION (self));

  if (socket == NULL)
    {
      g_autoptr(GError) described = handshake_error (self, message, g_steal_pointer (&error));
      gboolean refused_params = soup_message_get_status (message) == 500 && self->conn_params;

      if (refused_params)
        {
          _rk_connection_fail_queued (self, described);
          _rk_connection_set_status (self, RK_CONNECTION_STATUS_FAILED, described->message, described);
          return;
        }

      _rk_connection_lost (self, described->message, described);
      return;
    }

  self->socket = socket;
  soup_websocket_connection_set_max_incoming_payload_size (socket, MAX_INCOMING_PAYLOAD);
  soup_websocket_connection_set_keepalive_interval (socket, KEEPALIVE_SECONDS);
  self->message_handler = g_signal_connect_object (socket, "message", G_CALLBACK (message_cb),
                                                   self, G_CONNECT_SWAPPED);
  self->closed_handler = g_signal_connect_object (socket, "closed", G_CALLBACK (closed_cb),
                                                  self, G_CONNECT_SWAPPED);
  self->socket_error_handler = g_signal_connect_object (socket, "error",
                                                        G_CALLBACK (socket_error_cb),
                                                        self, G_CONNECT_SWAPPED);
  self->init_timeout_source = g_timeout_add (init_timeout_seconds (self) * 1000,
                                             init_timeout_cb, self);
}

void
_rk_connection_start_handshake (RkConnection *self)
{
  g_autoptr(GPtrArray) protocols = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *url = NULL;
  g_autofree char *log_url = NULL;
  g_autofree char *params = NULL;
  Handshake *handshake;
  SoupMessage *message;

  _rk_connection_drop_socket (self);
  self->closing_by_us = FALSE;
  self->initialised = FALSE;

  if (self->status != RK_CONNECTION_STATUS_RECONNECTING)
    _rk_connection_set_status (self, RK_CONNECTION_STATUS_CONNECTING, "opening the WebSocket", NULL);

  url = _rk_client_gateway_url (self->client, self->actor_id, "/connect", FALSE);
  log_url = _rk_client_gateway_url (self->client, self->actor_id, "/connect", TRUE);
  g_debug ("connecting to %s (attempt %u)", log_url, self->attempt);

  /* `rivet` first: 2.2 selects the first offer, 2.3 always answers `rivet`. */
  g_ptr_array_add (protocols, g_strdup ("rivet"));
  g_ptr_array_add (protocols, g_strdup ("rivet_encoding.json"));
  if ((params = _rk_client_encode_conn_params (self->conn_params)))
    g_ptr_array_add (protocols, g_steal_pointer (&params));
  if (rk_client_has_token (self->client))
    g_ptr_array_add (protocols, g_strconcat ("rivet_token.", rk_client_get_token (self->client),
                                             NULL));
  g_ptr_array_add (protocols, NULL);

  message = soup_message_new ("GET", url);
  if (message == NULL)
    {
      g_autoptr(GError) error = g_error_new (RK_ERROR, RK_ERROR_INVALID_ARGUMENT,
                                             "Cannot open a WebSocket at %s", log_url);
      _rk_connection_set_status (self, RK_CONNECTION_STATUS_FAILED, error->message, error);
      return;
    }

  handshake = g_new0 (Handshake, 1);
  g_weak_ref_init (&handshake->self, self);
  handshake->message = message;
  _rk_client_count_request (self->client);
  soup_session_websocket_connect_async (_rk_client_get_session (self->client), message, NULL,
                                        (char **)protocols->pdata, G_PRIORITY_DEFAULT,
                                        self->handshake_cancellable, handshake_cb, handshake);
}

