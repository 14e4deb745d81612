/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-connection.c: a stateful RivetKit connection to one actor: handshake,
 * status machine with recorded transitions, reconnection, events */

#define G_LOG_DOMAIN "rk-connection"

#include "config.h"

#include <string.h>

#include "rk-actor.h"
#include "rk-client-private.h"
#include "rk-compat.h"
#include "rk-connection-private.h"
#include "rk-enums.h"
#include "rk-error.h"
#include "rk-json-private.h"
#include "rk-transition.h"
#include "rk-util-private.h"

#define MAX_TRANSITIONS 10000

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_ACTOR_ID,
  PROP_STATUS,
  PROP_STATUS_REASON,
  PROP_CONNECTION_ID,
  PROP_TRANSITIONS,
  PROP_QUEUED_COUNT,
  PROP_ATTEMPT,
  N_PROPS
};

enum {
  EVENT,
  ERROR,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (RkConnection, rk_connection, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ::event marshallers (VOID:STRING,BOXED). Without them GLib marshals through libffi,
 * which costs a fifth of what a whole event costs on the receive path. */

typedef void (*EventFunc) (gpointer    instance,
                           const char *name,
                           gpointer    args,
                           gpointer    user_data);

static void
marshal_event (GClosure     *closure,
               GValue       *return_value,
               guint         n_param_values,
               const GValue *param_values,
               gpointer      invocation_hint,
               gpointer      marshal_data)
{
  GCClosure *cc = (GCClosure *)closure;
  gpointer instance;
  gpointer data;
  EventFunc callback;

  g_return_if_fail (n_param_values == 3);

  instance = g_value_peek_pointer (param_values + 0);
  data = closure->data;
  if (G_CCLOSURE_SWAP_DATA (closure))
    {
      data = instance;
      instance = closure->data;
    }

  callback = (EventFunc)(marshal_data ? marshal_data : cc->callback);
  callback (instance, g_value_get_string (param_values + 1),
            g_value_get_boxed (param_values + 2), data);
}

/* For a single handler, called straight from g_signal_emit (): no GValue at all */
static void
marshal_eventv (GClosure *closure,
                GValue   *return_value,
                gpointer  instance,
                va_list   args,
                gpointer  marshal_data,
                int       n_params,
                GType    *param_types)
{
  GCClosure *cc = (GCClosure *)closure;
  gpointer data = closure->data;
  EventFunc callback;
  const char *name;
  JsonNode *node;
  char *name_copy = NULL;
  JsonNode *node_copy = NULL;
  va_list copy;

  G_VA_COPY (copy, args);
  name = va_arg (copy, const char *);
  node = va_arg (copy, JsonNode *);
  va_end (copy);

  /* Both are static-scope for emissions from here; copy as GLib would otherwise */
  if ((param_types[0] & G_SIGNAL_TYPE_STATIC_SCOPE) == 0)
    name = name_copy = g_strdup (name);
  if ((param_types[1] & G_SIGNAL_TYPE_STATIC_SCOPE) == 0 && node != NULL)
    node = node_copy = g_boxed_copy (JSON_TYPE_NODE, node);

  if (G_CCLOSURE_SWAP_DATA (closure))
    {
      data = instance;
      instance = closure->data;
    }

  callback = (EventFunc)(marshal_data ? marshal_data : cc->callback);
  callback (instance, name, node, data);

  g_free (name_copy);
  if (node_copy != NULL)
    g_boxed_free (JSON_TYPE_NODE, node_copy);
}

void
_rk_connection_drop_socket (RkConnection *self)
{
  g_clear_handle_id (&self->init_timeout_source, g_source_remove);

  if (self->socket == NULL)
    return;

  g_clear_signal_handler (&self->message_handler, self->socket);
  g_clear_signal_handler (&self->closed_handler, self->socket);
  g_clear_signal_handler (&self->socket_error_handler, self->socket);
  g_clear_error (&self->socket_error);

  if (soup_websocket_connection_get_state (self->socket) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (self->socket, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);

  g_clear_object (&self->socket);
}

static void
rk_connection_dispose (GObject *object)
{
  RkConnection *self = (RkConnection *)object;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (self->handshake_cancellable);
  g_cancellable_cancel (self->liveness_cancellable);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_clear_handle_id (&self->liveness_source, g_source_remove);
  _rk_connection_drop_socket (self);

  error = g_error_new_literal (RK_ERROR, RK_ERROR_CLOSED, "The connection was disposed");
  _rk_connection_fail_in_flight (self, error);
  _rk_connection_fail_queued (self, error);

  g_clear_object (&self->client);

  G_OBJECT_CLASS (rk_connection_parent_class)->dispose (object);
}

static void
rk_connection_finalize (GObject *object)
{
  RkConnection *self = (RkConnection *)object;

  g_clear_object (&self->handshake_cancellable);
  g_clear_object (&self->liveness_cancellable);
  g_clear_object (&self->transitions);
  g_clear_pointer (&self->conn_params, json_node_unref);
  g_clear_pointer (&self->subscriptions, g_hash_table_unref);
  g_clear_pointer (&self->in_flight, g_hash_table_unref);
  g_clear_pointer (&self->actor_id, g_free);
  g_clear_pointer (&self->connection_id, g_free);
  g_clear_pointer (&self->status_reason, g_free);
  g_clear_pointer (&self->subscription_list, g_strfreev);
  g_clear_error (&self->socket_error);

  G_OBJECT_CLASS (rk_connection_parent_class)->finalize (object);
}

static void
rk_connection_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RkConnection *self = RK_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_ACTOR_ID:
      g_value_set_string (value, self->actor_id);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_STATUS_REASON:
      g_value_set_string (value, self->status_reason);
      break;

    case PROP_CONNECTION_ID:
      g_value_set_string (value, self->connection_id);
      break;

    case PROP_TRANSITIONS:
      g_value_set_object (value, self->transitions);
      break;

    case PROP_QUEUED_COUNT:
      g_value_set_uint (value, self->queued.length);
      break;

    case PROP_ATTEMPT:
      g_value_set_uint (value, self->attempt);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rk_connection_class_init (RkConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rk_connection_dispose;
  object_class->finalize = rk_connection_finalize;
  object_class->get_property = rk_connection_get_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, RK_TYPE_CLIENT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTOR_ID] =
    g_param_spec_string ("actor-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, RK_TYPE_CONNECTION_STATUS, RK_CONNECTION_STATUS_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS_REASON] =
    g_param_spec_string ("status-reason", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECTION_ID] =
    g_param_spec_string ("connection-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRANSITIONS] =
    g_param_spec_object ("transitions", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUEUED_COUNT] =
    g_param_spec_uint ("queued-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ATTEMPT] =
    g_param_spec_uint ("attempt", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RkConnection::event:
   * @self: the connection
   * @name: the event name
   * @args: (transfer none): the event arguments, a JSON-compat array
   *
   * An event arrived: a broadcast the connection subscribed to, or one
   * the actor sent to this connection alone (`conn.send`).
   */
  signals[EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, marshal_event, G_TYPE_NONE, 2,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  JSON_TYPE_NODE | G_SIGNAL_TYPE_STATIC_SCOPE);
  g_signal_set_va_marshaller (signals[EVENT], G_TYPE_FROM_CLASS (klass), marshal_eventv);

  /**
   * RkConnection::error:
   * @self: the connection
   * @error: what went wrong
   *
   * A connection-level error that did not close the connection: a refused
   * subscription, an unreadable frame, a reply nobody waited for.
   */
  signals[ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
rk_connection_init (RkConnection *self)
{
  self->transitions = g_list_store_new (RK_TYPE_TRANSITION);
  self->subscriptions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->in_flight = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->handshake_cancellable = g_cancellable_new ();
  self->liveness_cancellable = g_cancellable_new ();
  g_queue_init (&self->queued);
  self->action_timeout_ms = 30000;
  self->max_queued = 100;
  self->backoff_initial_ms = 250;
  self->backoff_max_ms = 30000;
  self->liveness_interval_s = 15;
}

/**
 * rk_connection_new:
 * @client: the endpoint
 * @actor_id: the actor
 * @conn_params: (nullable): connection params (plain JSON)
 *
 * Returns: (transfer full): an idle connection; call rk_connection_open ()
 */
RkConnection *
rk_connection_new (RkClient   *client,
                   const char *actor_id,
                   JsonNode   *conn_params)
{
  RkConnection *self;

  g_return_val_if_fail (RK_IS_CLIENT (client), NULL);
  g_return_val_if_fail (actor_id != NULL, NULL);

  self = g_object_new (RK_TYPE_CONNECTION, NULL);
  self->client = g_object_ref (client);
  self->actor_id = g_strdup (actor_id);
  if (conn_params != NULL && !JSON_NODE_HOLDS_NULL (conn_params))
    self->conn_params = json_node_copy (conn_params);

  return self;
}

RkClient *
rk_connection_get_client (RkConnection *self)
{
  g_return_val_if_fail (RK_IS_CONNECTION (self), NULL);
  return self->client;
}

const char *
rk_connection_get_actor_id (RkConnection *self)
{
  g_return_val_if_fail (RK_IS_CONNECTION (self), NULL);
  return self->actor_id;
}

/**
 * rk_connection_get_conn_params:
 * @self: a #RkConnection
 *
 * Returns: (transfer none) (nullable): the connection params
 */
JsonNode *
rk_connection_get_conn_params (RkConnection *self)
{
  g_return_val_if_fail (RK_IS_CONNECTION (self), NULL);
  return self->conn_params;
}

RkConnectionStatus
rk_connection_get_status (RkConnection *self)
{
  g_return_val_if_fail (RK_IS_CONNECTION (self), RK_CONNECTION_STATUS_IDLE);
  return self->status;
}

/**
 * rk_connection_get_status_reason:
 * @self: a #RkConnection
 *
 * Returns: (nullable): why the connection is in its status, in words
 */
const char *
rk_connection_get_status_reason (RkConnection *self)
{
  g_return_val_if_fail (RK_IS_CONNECTION (self), NULL);
  return self->status_reason;
}

/**
 * rk_connection_get_connection_id:
 * @self: a #RkConnection
 *
 * Returns: (nullable): the id the actor gave this connection in `Init`;
 *   a new one after every reconnection
 */
const char *
rk_connection_get_connection_id (RkConnection *self)
{
  g_return_val_if_fail (RK_IS_CONNECTION (self), NULL);
  return self->connection_id;
}

/**
 * rk_connection_get_transitions:
 * @self: a #RkConnection
 *
 * Every status change so far (the newest 10,000), oldest first.
 *
 * Returns: (transfer none): a #GListModel of #RkTransition
 */
GListModel *
rk_connection_get_transitions (RkConnection *self)
{
  g_return_val_if_fail (RK_IS_CONNECTION (self), NULL);
  return G_LIST_MODEL (self->transitions);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  return g_strcmp0 (*(const char **)a, *(const char **)b);
}

/**
 * rk_connection_get_subscriptions:
 * @self: a #RkConnection
 *
 * Returns: (transfer none) (array zero-terminated=1): the subscribed event names, sorted
 */
const char * const *
rk_connection_get_subscriptions (RkConnection *self)
{
  g_return_val_if_fail (RK_IS_CONNECTION (self), NULL);

  if (self->subscription_list == NULL)
    {
      guint len = 0;
      const char **keys = (const char **)g_hash_table_get_keys_as_array (self->subscriptions, &len);

      g_qsort_with_data (keys, len, sizeof (char *), compare_strings, NULL);
      self->subscription_list = g_strdupv ((char **)keys);
      g_free (keys);
    }

  return (const char * const *)self->subscription_list;
}

guint
rk_connection_get_queued_count (RkConnection *self)
{
  g_return_val_if_fail (RK_IS_CONNECTION (self), 0);
  return self->queued.length;
}

guint
rk_connection_get_attempt (RkConnection *self)
{
  g_return_val_if_fail (RK_IS_CONNECTION (self), 0);
  return self->attempt;
}

/**
 * rk_connection_get_next_attempt_time:
 * @self: a #RkConnection
 *
 * Returns: monotonic time of the next reconnection attempt, or 0
 */
gint64
rk_connection_get_next_attempt_time (RkConnection *self)
{
  g_return_val_if_fail (RK_IS_CONNECTION (self), 0);
  return self->next_attempt_time;
}

/**
 * rk_connection_set_action_timeout:
 * @self: a #RkConnection
 * @timeout_ms: how long an action may wait for delivery and reply
 */
void
rk_connection_set_action_timeout (RkConnection *self,
                                  guint         timeout_ms)
{
  g_return_if_fail (RK_IS_CONNECTION (self));
  g_return_if_fail (timeout_ms > 0);

  self->action_timeout_ms = timeout_ms;
}

/**
 * rk_connection_set_max_queued:
 * @self: a #RkConnection
 * @max_queued: how many actions may wait for a connection
 */
void
rk_connection_set_max_queued (RkConnection *self,
                              guint         max_queued)
{
  g_return_if_fail (RK_IS_CONNECTION (self));
  self->max_queued = max_queued;
}

/**
 * rk_connection_set_backoff:
 * @self: a #RkConnection
 * @initial_ms: the first reconnection delay
 * @max_ms: the cap of the exponential backoff
 */
void
rk_connection_set_backoff (RkConnection *self,
                           guint         initial_ms,
                           guint         max_ms)
{
  g_return_if_fail (RK_IS_CONNECTION (self));
  g_return_if_fail (initial_ms > 0 && max_ms >= initial_ms);

  self->backoff_initial_ms = initial_ms;
  self->backoff_max_ms = max_ms;
}

/**
 * rk_connection_set_liveness_interval:
 * @self: a #RkConnection
 * @seconds: how often to check, while connected and idle, that the actor
 *   still runs; 0 turns the check off
 *
 * RivetKit leaves the socket of an actor that went to sleep or was
 * destroyed open and silent. The check reads the actor record (which does
 * not wake it) and reconnects when the actor stopped.
 */
void
rk_connection_set_liveness_interval (RkConnection *self,
                                     guint         seconds)
{
  g_return_if_fail (RK_IS_CONNECTION (self));
  self->liveness_interval_s = seconds;
}

/* Status */

void
_rk_connection_set_status (RkConnection       *self,
                           RkConnectionStatus  status,
                           const char         *reason,
                           const GError       *error)
{
  g_autoptr(RkTransition) transition = NULL;
  RkConnectionStatus from = self->status;

  if (from == status && g_strcmp0 (reason, self->status_reason) == 0)
    return;

  g_debug ("%s: %s → %s (%s)", self->actor_id, rk_connection_status_to_string (from),
           rk_connection_status_to_string (status), reason ? reason : "");

  transition = rk_transition_new (from, status, reason, error, self->attempt);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->transitions)) >= MAX_TRANSITIONS)
    g_list_store_remove (self->transitions, 0);
  g_list_store_append (self->transitions, transition);

  self->status = status;
  g_object_freeze_notify (G_OBJECT (self));
  if (from != status)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
  if (rk_set_str (&self->status_reason, reason))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_REASON]);
  g_object_thaw_notify (G_OBJECT (self));
}

void
_rk_connection_emit_event (RkConnection *self,
                           const char   *name,
                           JsonNode     *args)
{
  g_signal_emit (self, signals[EVENT], 0, name, args);
}

void
_rk_connection_notify (RkConnection *self,
                       const char   *property)
{
  g_object_notify (G_OBJECT (self), property);
}

void
_rk_connection_emit_error (RkConnection *self,
                           const GError *error)
{
  g_debug ("%s: %s", self->actor_id, error->message);
  g_signal_emit (self, signals[ERROR], 0, error);
}

/**
 * rk_connection_open:
 * @self: a #RkConnection
 *
 * Connects, or connects again after a close or a failure. Status goes
 * `connecting` → `connected` once the actor sends `Init`.
 */
void
rk_connection_open (RkConnection *self)
{
  g_return_if_fail (RK_IS_CONNECTION (self));

  if (self->status == RK_CONNECTION_STATUS_CONNECTING ||
      self->status == RK_CONNECTION_STATUS_CONNECTED)
    return;

  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->next_attempt_time = 0;
  g_cancellable_cancel (self->handshake_cancellable);
  g_clear_object (&self->handshake_cancellable);
  self->handshake_cancellable = g_cancellable_new ();

  /* Not waiting for the backoff: a change of status like any other */
  if (self->status == RK_CONNECTION_STATUS_RECONNECTING)
    _rk_connection_set_status (self, RK_CONNECTION_STATUS_CONNECTING, "opening the WebSocket",
                               NULL);
  _rk_connection_start_handshake (self);
}

/**
 * rk_connection_reconnect:
 * @self: a #RkConnection
 *
 * Drops the socket and connects again now, without waiting for a backoff.
 */
void
rk_connection_reconnect (RkConnection *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (RK_IS_CONNECTION (self));

  if (self->socket != NULL)
    {
      self->closing_by_us = TRUE;
      error = g_error_new_literal (RK_ERROR, RK_ERROR_CLOSED, "Reconnecting on request");
      _rk_connection_fail_in_flight (self, error);
      _rk_connection_drop_socket (self);
    }

  g_clear_handle_id (&self->liveness_source, g_source_remove);
  _rk_connection_set_status (self, RK_CONNECTION_STATUS_RECONNECTING, "reconnecting on request", NULL);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->next_attempt_time = 0;
  g_cancellable_cancel (self->handshake_cancellable);
  g_clear_object (&self->handshake_cancellable);
  self->handshake_cancellable = g_cancellable_new ();
  _rk_connection_start_handshake (self);
}

/**
 * rk_connection_close:
 * @self: a #RkConnection
 *
 * Closes the connection for good (until rk_connection_open ()). Queued
 * and unanswered actions fail with %RK_ERROR_CLOSED.
 */
void
rk_connection_close (RkConnection *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (RK_IS_CONNECTION (self));

  if (self->status == RK_CONNECTION_STATUS_IDLE ||
      self->status == RK_CONNECTION_STATUS_DISCONNECTED)
    return;

  self->closing_by_us = TRUE;
  g_cancellable_cancel (self->handshake_cancellable);
  g_cancellable_cancel (self->liveness_cancellable);
  g_clear_object (&self->liveness_cancellable);
  self->liveness_cancellable = g_cancellable_new ();
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_clear_handle_id (&self->liveness_source, g_source_remove);
  self->next_attempt_time = 0;
  _rk_connection_drop_socket (self);
  self->initialised = FALSE;

  error = g_error_new_literal (RK_ERROR, RK_ERROR_CLOSED, "The connection was closed");
  _rk_connection_fail_in_flight (self, error);
  _rk_connection_fail_queued (self, error);
  _rk_connection_set_status (self, RK_CONNECTION_STATUS_DISCONNECTED, "closed by you", NULL);
}

/* Subscriptions */

static void
send_subscription (RkConnection *self,
                   const char   *event_name,
                   gboolean      subscribe)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) val = NULL;

  if (self->status != RK_CONNECTION_STATUS_CONNECTED)
    return;

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "eventName");
  json_builder_add_string_value (builder, event_name);
  json_builder_set_member_name (builder, "subscribe");
  json_builder_add_boolean_value (builder, subscribe);
  json_builder_end_object (builder);
  val = json_builder_get_root (builder);

  _rk_connection_send_frame (self, "SubscriptionRequest", val);
}

/**
 * rk_connection_subscribe:
 * @self: a #RkConnection
 * @event_name: an event the actor broadcasts
 *
 * Broadcasts reach only subscribers. The subscription is sent now if
 * connected and again after every reconnection.
 */
void
rk_connection_subscribe (RkConnection *self,
                         const char   *event_name)
{
  g_return_if_fail (RK_IS_CONNECTION (self));
  g_return_if_fail (event_name != NULL && event_name[0] != '\0');

  if (!g_hash_table_add (self->subscriptions, g_strdup (event_name)))
    return;

  g_clear_pointer (&self->subscription_list, g_strfreev);
  send_subscription (self, event_name, TRUE);
}

void
rk_connection_unsubscribe (RkConnection *self,
                           const char   *event_name)
{
  g_return_if_fail (RK_IS_CONNECTION (self));
  g_return_if_fail (event_name != NULL);

  if (!g_hash_table_remove (self->subscriptions, event_name))
    return;

  g_clear_pointer (&self->subscription_list, g_strfreev);
  send_subscription (self, event_name, FALSE);
}

gboolean
rk_connection_is_subscribed (RkConnection *self,
                             const char   *event_name)
{
  g_return_val_if_fail (RK_IS_CONNECTION (self), FALSE);
  return g_hash_table_contains (self->subscriptions, event_name);
}

void
_rk_connection_send_frame (RkConnection *self,
                           const char   *tag,
                           JsonNode     *val)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  JsonObject *outer = json_object_new ();
  JsonObject *body = json_object_new ();

  g_assert (self->socket != NULL);

  json_object_set_string_member (body, "tag", tag);
  json_object_set_member (body, "val", json_node_copy (val));
  json_object_set_object_member (outer, "body", body);
  root = json_node_init_object (json_node_alloc (), outer);
  json_object_unref (outer);

  text = rk_compat_to_string (root, FALSE);
  soup_websocket_connection_send_text (self->socket, text);
}
