/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-inspector-push.c: RkInspector's transports: the inspector WebSocket
 * (BARE, pushed updates) and, when it is unavailable, polling the summary */

#define G_LOG_DOMAIN "rk-inspector"

#include "config.h"

#include "rk-client-private.h"
#include "rk-error-private.h"
#include "rk-inspector-private.h"
#include "rk-inspector-protocol.h"

#define MAX_INCOMING_PAYLOAD (64 * 1024 * 1024)
#define PUSH_RETRY_SECONDS 30
#define RECONNECT_MAX_MS 30000

void
_rk_inspector_drop_socket (RkInspector *self)
{
  if (self->socket == NULL)
    return;

  g_clear_signal_handler (&self->message_handler, self->socket);
  g_clear_signal_handler (&self->closed_handler, self->socket);
  if (soup_websocket_connection_get_state (self->socket) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (self->socket, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&self->socket);
}

static void
message_cb (RkInspector             *self,
            int                      type,
            GBytes                  *bytes,
            SoupWebsocketConnection *socket)
{
  g_autoptr(RkInspectorMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  if (!(message = rk_inspector_message_decode (data, len, &error)))
    {
      /* One bad frame is not worth losing the live view for. */
      g_debug ("%s: unreadable inspector frame: %s", self->actor_id, error->message);
      return;
    }

  _rk_inspector_apply_message (self, message);
}

static gboolean
retry_push_cb (gpointer user_data)
{
  RkInspector *self = user_data;

  self->retry_source = 0;
  _rk_inspector_connect_push (self);

  return G_SOURCE_REMOVE;
}

static void
closed_cb (RkInspector             *self,
           SoupWebsocketConnection *socket)
{
  g_autoptr(GError) error = NULL;
  gboolean was_live = self->transport == RK_INSPECTOR_TRANSPORT_PUSH;

  error = rk_error_new_from_close (soup_websocket_connection_get_close_code (socket),
                                   soup_websocket_connection_get_close_data (socket));
  /* The reason may quote the subprotocols, inspector token included */
  _rk_client_redact_error (self->client, error);
  _rk_error_redact (error, self->token);
  _rk_inspector_drop_socket (self);

  if (!was_live)
    {
      /* Refused at setup (old server, no token…): poll instead. */
      _rk_inspector_start_polling (self, error->message);
      return;
    }

  /* Lost while live (server restart): keep the last snapshot, poll until
   * the socket is back. */
  _rk_inspector_start_polling (self, error->message);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->retry_source = g_timeout_add (self->retry_ms, retry_push_cb, self);
  self->retry_ms = MIN (self->retry_ms * 2, RECONNECT_MAX_MS);
}

static void
push_connected_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(RkInspector) self = user_data;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *socket;

  socket = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !self->started)
    {
      g_clear_object (&socket);
      return;
    }

  if (socket == NULL)
    {
      g_autoptr(GError) described = _rk_client_transport_error (self->client,
                                                                 g_steal_pointer (&error));
      _rk_inspector_start_polling (self, described->message);
      g_clear_handle_id (&self->retry_source, g_source_remove);
      self->retry_source = g_timeout_add_seconds (PUSH_RETRY_SECONDS, retry_push_cb, self);
      return;
    }

  self->socket = socket;
  soup_websocket_connection_set_max_incoming_payload_size (socket, MAX_INCOMING_PAYLOAD);
  self->message_handler = g_signal_connect_object (socket, "message", G_CALLBACK (message_cb),
                                                   self, G_CONNECT_SWAPPED);
  self->closed_handler = g_signal_connect_object (socket, "closed", G_CALLBACK (closed_cb),
                                                  self, G_CONNECT_SWAPPED);
}

static void
connect_push_with_token (RkInspector *self)
{
  g_autofree char *url = NULL;
  g_autofree char *log_url = NULL;
  g_autofree char *token_protocol = NULL;
  g_autoptr(SoupMessage) message = NULL;
  const char *protocols[4];

  url = _rk_client_gateway_url (self->client, self->actor_id, "/inspector/connect", FALSE);
  log_url = _rk_client_gateway_url (self->client, self->actor_id, "/inspector/connect", TRUE);
  token_protocol = g_strconcat ("rivet_inspector_token.", self->token, NULL);

  protocols[0] = "rivet";
  protocols[1] = "rivet_encoding.bare";
  protocols[2] = token_protocol;
  protocols[3] = NULL;

  if (!(message = soup_message_new ("GET", url)))
    {
      _rk_inspector_start_polling (self, "cannot build the inspector URL");
      return;
    }

  g_debug ("inspector WebSocket to %s", log_url);
  _rk_client_count_request (self->client);
  soup_session_websocket_connect_async (_rk_client_get_session (self->client), message, NULL,
                                        (char **)protocols, G_PRIORITY_DEFAULT, self->cancellable,
                                        push_connected_cb, g_object_ref (self));
}

static void
token_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(RkInspector) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!_rk_inspector_fetch_token_finish (self, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->started)
        _rk_inspector_start_polling (self, error->message);
      return;
    }

  if (!self->started)
    return;

  if (self->push_enabled)
    connect_push_with_token (self);
  else
    _rk_inspector_start_polling (self, "live updates are turned off");
}

void
_rk_inspector_connect_push (RkInspector *self)
{
  _rk_inspector_fetch_token_async (self, self->cancellable, token_cb, g_object_ref (self));
}

static void
poll_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(RkInspector) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) summary = NULL;

  self->poll_in_flight = FALSE;
  summary = rk_inspector_request_finish (self, result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !self->started)
    return;

  if (summary == NULL)
    {
      _rk_inspector_set_transport (self, self->transport, error->message);
      return;
    }

  _rk_inspector_apply_summary (self, summary);
}

static gboolean
poll_tick_cb (gpointer user_data)
{
  RkInspector *self = user_data;

  if (self->transport != RK_INSPECTOR_TRANSPORT_POLL)
    {
      self->poll_source = 0;
      return G_SOURCE_REMOVE;
    }

  if (!self->poll_in_flight)
    {
      self->poll_in_flight = TRUE;
      rk_inspector_get_summary_async (self, self->cancellable, poll_cb, g_object_ref (self));
    }

  return G_SOURCE_CONTINUE;
}

void
_rk_inspector_start_polling (RkInspector *self,
                             const char  *reason)
{
  g_debug ("%s: polling the inspector summary (%s)", self->actor_id, reason);
  _rk_inspector_set_transport (self, RK_INSPECTOR_TRANSPORT_POLL, reason);

  if (self->poll_source == 0)
    {
      self->poll_source = g_timeout_add_seconds (self->poll_interval, poll_tick_cb, self);
      poll_tick_cb (self);
    }
}

