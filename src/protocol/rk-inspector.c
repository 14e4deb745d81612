/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-inspector.c: one actor's inspector: live state, connections and queue,
 * pushed over the inspector WebSocket (BARE) or polled over HTTP */

#define G_LOG_DOMAIN "rk-inspector"

#include "config.h"

#include <string.h>

#include "rk-cbor.h"
#include "rk-client-private.h"
#include "rk-compat.h"
#include "rk-enums.h"
#include "rk-error.h"
#include "rk-inspector-protocol.h"
#include "rk-inspector-private.h"
#include "rk-json-private.h"
#include "rk-util-private.h"

#define DEFAULT_POLL_SECONDS 2
#define RECONNECT_INITIAL_MS 500

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_ACTOR_ID,
  PROP_TRANSPORT,
  PROP_TRANSPORT_REASON,
  PROP_PROTOCOL_VERSION,
  PROP_STATE,
  PROP_IS_STATE_ENABLED,
  PROP_CONNECTIONS,
  PROP_RPCS,
  PROP_QUEUE_SIZE,
  PROP_IS_DATABASE_ENABLED,
  PROP_IS_WORKFLOW_ENABLED,
  PROP_LOADED,
  N_PROPS
};

enum {
  STATE_UPDATED,
  CONNECTIONS_UPDATED,
  QUEUE_UPDATED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (RkInspector, rk_inspector, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];


static void
rk_inspector_dispose (GObject *object)
{
  RkInspector *self = (RkInspector *)object;

  rk_inspector_stop (self);
  /* Frames given without a socket (benchmarks) */
  _rk_inspector_drop_frames (self);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (rk_inspector_parent_class)->dispose (object);
}

static void
rk_inspector_finalize (GObject *object)
{
  RkInspector *self = (RkInspector *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->state, json_node_unref);
  g_clear_pointer (&self->connections, json_node_unref);
  g_clear_pointer (&self->actor_id, g_free);
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->transport_reason, g_free);
  g_clear_pointer (&self->rpcs, g_strfreev);

  G_OBJECT_CLASS (rk_inspector_parent_class)->finalize (object);
}

static void
rk_inspector_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  RkInspector *self = RK_INSPECTOR (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_ACTOR_ID:
      g_value_set_string (value, self->actor_id);
      break;

    case PROP_TRANSPORT:
      g_value_set_enum (value, self->transport);
      break;

    case PROP_TRANSPORT_REASON:
      g_value_set_string (value, self->transport_reason);
      break;

    case PROP_PROTOCOL_VERSION:
      g_value_set_uint (value, self->protocol_version);
      break;

    case PROP_STATE:
      g_value_set_boxed (value, self->state);
      break;

    case PROP_IS_STATE_ENABLED:
      g_value_set_boolean (value, self->is_state_enabled);
      break;

    case PROP_CONNECTIONS:
      g_value_set_boxed (value, self->connections);
      break;

    case PROP_RPCS:
      g_value_set_boxed (value, self->rpcs);
      break;

    case PROP_QUEUE_SIZE:
      g_value_set_uint64 (value, self->queue_size);
      break;

    case PROP_IS_DATABASE_ENABLED:
      g_value_set_boolean (value, self->is_database_enabled);
      break;

    case PROP_IS_WORKFLOW_ENABLED:
      g_value_set_boolean (value, self->is_workflow_enabled);
      break;

    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rk_inspector_class_init (RkInspectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = rk_inspector_dispose;
  object_class->finalize = rk_inspector_finalize;
  object_class->get_property = rk_inspector_get_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, RK_TYPE_CLIENT, ro);
  properties[PROP_ACTOR_ID] =
    g_param_spec_string ("actor-id", NULL, NULL, NULL, ro);
  properties[PROP_TRANSPORT] =
    g_param_spec_enum ("transport", NULL, NULL, RK_TYPE_INSPECTOR_TRANSPORT,
                       RK_INSPECTOR_TRANSPORT_NONE, ro);
  properties[PROP_TRANSPORT_REASON] =
    g_param_spec_string ("transport-reason", NULL, NULL, NULL, ro);
  properties[PROP_PROTOCOL_VERSION] =
    g_param_spec_uint ("protocol-version", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_STATE] =
    g_param_spec_boxed ("state", NULL, NULL, JSON_TYPE_NODE, ro);
  properties[PROP_IS_STATE_ENABLED] =
    g_param_spec_boolean ("is-state-enabled", NULL, NULL, FALSE, ro);
  properties[PROP_CONNECTIONS] =
    g_param_spec_boxed ("connections", NULL, NULL, JSON_TYPE_NODE, ro);
  properties[PROP_RPCS] =
    g_param_spec_boxed ("rpcs", NULL, NULL, G_TYPE_STRV, ro);
  properties[PROP_QUEUE_SIZE] =
    g_param_spec_uint64 ("queue-size", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_IS_DATABASE_ENABLED] =
    g_param_spec_boolean ("is-database-enabled", NULL, NULL, FALSE, ro);
  properties[PROP_IS_WORKFLOW_ENABLED] =
    g_param_spec_boolean ("is-workflow-enabled", NULL, NULL, FALSE, ro);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RkInspector::state-updated:
   * @self: the inspector
   * @state: (nullable): the new state in JSON-compat form
   */
  signals[STATE_UPDATED] =
    g_signal_new ("state-updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, JSON_TYPE_NODE | G_SIGNAL_TYPE_STATIC_SCOPE);
  /**
   * RkInspector::connections-updated:
   * @self: the inspector
   * @connections: the actor's connections, a JSON array
   */
  signals[CONNECTIONS_UPDATED] =
    g_signal_new ("connections-updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, JSON_TYPE_NODE | G_SIGNAL_TYPE_STATIC_SCOPE);
  /**
   * RkInspector::queue-updated:
   * @self: the inspector
   * @size: the number of queued messages
   */
  signals[QUEUE_UPDATED] =
    g_signal_new ("queue-updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT64);
}

static void
rk_inspector_init (RkInspector *self)
{
  self->poll_interval = DEFAULT_POLL_SECONDS;
  self->push_enabled = TRUE;
  self->retry_ms = RECONNECT_INITIAL_MS;
}

/**
 * rk_inspector_new:
 * @client: the endpoint
 * @actor_id: the actor
 *
 * Returns: (transfer full): a stopped inspector; rk_inspector_start () makes it live
 */
RkInspector *
rk_inspector_new (RkClient   *client,
                  const char *actor_id)
{
  RkInspector *self;

  g_return_val_if_fail (RK_IS_CLIENT (client), NULL);
  g_return_val_if_fail (actor_id != NULL, NULL);

  self = g_object_new (RK_TYPE_INSPECTOR, NULL);
  self->client = g_object_ref (client);
  self->actor_id = g_strdup (actor_id);

  return self;
}

RkClient *
rk_inspector_get_client (RkInspector *self)
{
  g_return_val_if_fail (RK_IS_INSPECTOR (self), NULL);
  return self->client;
}

const char *
rk_inspector_get_actor_id (RkInspector *self)
{
  g_return_val_if_fail (RK_IS_INSPECTOR (self), NULL);
  return self->actor_id;
}

RkInspectorTransport
rk_inspector_get_transport (RkInspector *self)
{
  g_return_val_if_fail (RK_IS_INSPECTOR (self), RK_INSPECTOR_TRANSPORT_NONE);
  return self->transport;
}

/**
 * rk_inspector_get_transport_reason:
 * @self: a #RkInspector
 *
 * Returns: (nullable): why the inspector polls, or the last failure
 */
const char *
rk_inspector_get_transport_reason (RkInspector *self)
{
  g_return_val_if_fail (RK_IS_INSPECTOR (self), NULL);
  return self->transport_reason;
}

guint
rk_inspector_get_protocol_version (RkInspector *self)
{
  g_return_val_if_fail (RK_IS_INSPECTOR (self), 0);
  return self->protocol_version;
}

/**
 * rk_inspector_get_state:
 * @self: a #RkInspector
 *
 * Returns: (transfer none) (nullable): the actor state in JSON-compat form
 */
JsonNode *
rk_inspector_get_state (RkInspector *self)
{
  g_return_val_if_fail (RK_IS_INSPECTOR (self), NULL);
  return self->state;
}

gboolean
rk_inspector_get_is_state_enabled (RkInspector *self)
{
  g_return_val_if_fail (RK_IS_INSPECTOR (self), FALSE);
  return self->is_state_enabled;
}

/**
 * rk_inspector_get_connections:
 * @self: a #RkInspector
 *
 * Returns: (transfer none) (nullable): a JSON array of `{id, type, params,
 *   stateEnabled, state, subscriptions, isHibernatable}` objects
 */
JsonNode *
rk_inspector_get_connections (RkInspector *self)
{
  g_return_val_if_fail (RK_IS_INSPECTOR (self), NULL);
  return self->connections;
}

/**
 * rk_inspector_get_rpcs:
 * @self: a #RkInspector
 *
 * Returns: (transfer none) (nullable) (array zero-terminated=1): the action names
 */
const char * const *
rk_inspector_get_rpcs (RkInspector *self)
{
  g_return_val_if_fail (RK_IS_INSPECTOR (self), NULL);
  return (const char * const *)self->rpcs;
}

guint64
rk_inspector_get_queue_size (RkInspector *self)
{
  g_return_val_if_fail (RK_IS_INSPECTOR (self), 0);
  return self->queue_size;
}

gboolean
rk_inspector_get_is_database_enabled (RkInspector *self)
{
  g_return_val_if_fail (RK_IS_INSPECTOR (self), FALSE);
  return self->is_database_enabled;
}

gboolean
rk_inspector_get_is_workflow_enabled (RkInspector *self)
{
  g_return_val_if_fail (RK_IS_INSPECTOR (self), FALSE);
  return self->is_workflow_enabled;
}

/**
 * rk_inspector_get_loaded:
 * @self: a #RkInspector
 *
 * Returns: whether a first snapshot arrived (over either transport)
 */
gboolean
rk_inspector_get_loaded (RkInspector *self)
{
  g_return_val_if_fail (RK_IS_INSPECTOR (self), FALSE);
  return self->loaded;
}

/**
 * rk_inspector_set_poll_interval:
 * @self: a #RkInspector
 * @seconds: how often to poll the summary when the WebSocket is unavailable
 */
void
rk_inspector_set_poll_interval (RkInspector *self,
                                guint        seconds)
{
  g_return_if_fail (RK_IS_INSPECTOR (self));
  g_return_if_fail (seconds > 0);

  self->poll_interval = seconds;
}

/**
 * rk_inspector_set_push_enabled:
 * @self: a #RkInspector
 * @enabled: whether to use the inspector WebSocket (on by default)
 *
 * With push off, the inspector polls `/inspector/summary`.
 */
void
rk_inspector_set_push_enabled (RkInspector *self,
                               gboolean     enabled)
{
  g_return_if_fail (RK_IS_INSPECTOR (self));
  self->push_enabled = !!enabled;
}

/* Model updates */

void
_rk_inspector_set_transport (RkInspector          *self,
               RkInspectorTransport  transport,
               const char           *reason)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->transport != transport)
    {
      self->transport = transport;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRANSPORT]);
    }
  if (rk_set_str (&self->transport_reason, reason))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRANSPORT_REASON]);
  g_object_thaw_notify (G_OBJECT (self));
}

/* What the frame worker found when it compared a state with the one before */
typedef struct
{
  JsonNode *compared_with;
  gboolean equal;
} StateCheck;

static void
set_state (RkInspector      *self,
           JsonNode         *state,
           const StateCheck *check)
{
  if (self->state != NULL && state != NULL)
    {
      /* The answer holds only if it was about the state held now */
      gboolean equal = (check != NULL && check->compared_with == self->state)
                       ? check->equal
                       : rk_compat_equal (self->state, state);

      if (equal)
        return;
    }

  g_clear_pointer (&self->state, json_node_unref);
  self->state = state ? json_node_ref (state) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  g_signal_emit (self, signals[STATE_UPDATED], 0, self->state);
}

static void
set_connections (RkInspector *self,
                 JsonNode    *connections)
{
  if (connections == NULL || !JSON_NODE_HOLDS_ARRAY (connections))
    return;

  if (self->connections != NULL && rk_compat_equal (self->connections, connections))
    return;

  g_clear_pointer (&self->connections, json_node_unref);
  self->connections = json_node_ref (connections);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTIONS]);
  g_signal_emit (self, signals[CONNECTIONS_UPDATED], 0, self->connections);
}

static void
set_queue_size (RkInspector *self,
                guint64      size)
{
  if (self->queue_size == size && self->loaded)
    return;

  self->queue_size = size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUE_SIZE]);
  g_signal_emit (self, signals[QUEUE_UPDATED], 0, size);
}

static void
set_flags (RkInspector *self,
           gboolean     state_enabled,
           gboolean     database_enabled,
           gboolean     workflow_enabled)
{
  if (self->is_state_enabled != !!state_enabled)
    {
      self->is_state_enabled = !!state_enabled;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_STATE_ENABLED]);
    }
  if (self->is_database_enabled != !!database_enabled)
    {
      self->is_database_enabled = !!database_enabled;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_DATABASE_ENABLED]);
    }
  if (self->is_workflow_enabled != !!workflow_enabled)
    {
      self->is_workflow_enabled = !!workflow_enabled;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_WORKFLOW_ENABLED]);
    }
}

static void
set_rpcs (RkInspector *self,
          char       **rpcs)
{
  if (rpcs == NULL || (self->rpcs != NULL && g_strv_equal ((const char * const *)self->rpcs,
                                                           (const char * const *)rpcs)))
    return;

  g_strfreev (self->rpcs);
  self->rpcs = g_strdupv (rpcs);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RPCS]);
}

static void
set_loaded (RkInspector *self)
{
  if (self->loaded)
    return;

  self->loaded = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

/* Push */

gboolean
_rk_inspector_message_has_state (RkInspectorMessage *message)
{
  return message->kind == RK_INSPECTOR_MESSAGE_INIT ||
         message->kind == RK_INSPECTOR_MESSAGE_STATE_UPDATED ||
         message->kind == RK_INSPECTOR_MESSAGE_STATE_RESPONSE;
}

static void
apply_message (RkInspector        *self,
               RkInspectorMessage *message,
               const StateCheck   *check)
{
  g_object_freeze_notify (G_OBJECT (self));

  switch (message->kind)
    {
    case RK_INSPECTOR_MESSAGE_INIT:
      if (self->protocol_version != message->version)
        {
          self->protocol_version = message->version;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROTOCOL_VERSION]);
        }
      set_flags (self, message->is_state_enabled, message->is_database_enabled,
                 message->is_workflow_enabled);
      set_state (self, message->state, check);
      set_connections (self, message->connections);
      set_rpcs (self, message->rpcs);
      set_queue_size (self, message->queue_size);
      set_loaded (self);
      self->retry_ms = RECONNECT_INITIAL_MS;
      _rk_inspector_set_transport (self, RK_INSPECTOR_TRANSPORT_PUSH, NULL);
      break;

    case RK_INSPECTOR_MESSAGE_STATE_UPDATED:
    case RK_INSPECTOR_MESSAGE_STATE_RESPONSE:
      set_state (self, message->state, check);
      break;

    case RK_INSPECTOR_MESSAGE_CONNECTIONS_UPDATED:
    case RK_INSPECTOR_MESSAGE_CONNECTIONS_RESPONSE:
      set_connections (self, message->connections);
      break;

    case RK_INSPECTOR_MESSAGE_QUEUE_UPDATED:
      set_queue_size (self, message->queue_size);
      break;

    case RK_INSPECTOR_MESSAGE_RPCS_LIST_RESPONSE:
      set_rpcs (self, message->rpcs);
      break;

    case RK_INSPECTOR_MESSAGE_ERROR:
      g_debug ("%s: inspector error: %s", self->actor_id, message->error_message);
      break;

    case RK_INSPECTOR_MESSAGE_ACTION_RESPONSE:
    case RK_INSPECTOR_MESSAGE_WORKFLOW_HISTORY_UPDATED:
    case RK_INSPECTOR_MESSAGE_SCHEDULES_UPDATED:
    case RK_INSPECTOR_MESSAGE_TRACE_QUERY_RESPONSE:
    case RK_INSPECTOR_MESSAGE_QUEUE_RESPONSE:
    case RK_INSPECTOR_MESSAGE_WORKFLOW_HISTORY_RESPONSE:
    case RK_INSPECTOR_MESSAGE_WORKFLOW_REPLAY_RESPONSE:
    case RK_INSPECTOR_MESSAGE_SCHEDULES_RESPONSE:
    case RK_INSPECTOR_MESSAGE_SCHEDULE_HISTORY_RESPONSE:
    case RK_INSPECTOR_MESSAGE_SCHEDULE_DELETE_RESPONSE:
    case RK_INSPECTOR_MESSAGE_DATABASE_SCHEMA_RESPONSE:
    case RK_INSPECTOR_MESSAGE_DATABASE_TABLE_ROWS_RESPONSE:
    default:
      break;
    }

  g_object_thaw_notify (G_OBJECT (self));
}

void
_rk_inspector_apply_message (RkInspector        *self,
                             RkInspectorMessage *message)
{
  apply_message (self, message, NULL);
}

/* A message from the frame worker: with @compared, it compared the message's
 * state with @compared_with and found them @equal or not */
void
_rk_inspector_apply_decoded (RkInspector        *self,
                             RkInspectorMessage *message,
                             gboolean            compared,
                             JsonNode           *compared_with,
                             gboolean            equal)
{
  StateCheck check = { compared_with, equal };

  apply_message (self, message, compared ? &check : NULL);
}

/* Polling */

static JsonNode *
member_as_compat (JsonObject *object,
                  const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node ? rk_compat_from_plain (node) : NULL;
}

void
_rk_inspector_apply_summary (RkInspector *self,
               JsonNode    *summary)
{
  JsonObject *object;
  JsonArray *rpcs;
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(JsonNode) connections = NULL;
  gint64 queue_size = 0;

  if (!JSON_NODE_HOLDS_OBJECT (summary))
    return;

  object = json_node_get_object (summary);
  g_object_freeze_notify (G_OBJECT (self));

  set_flags (self,
             _rk_json_get_bool (object, "isStateEnabled", FALSE),
             _rk_json_get_bool (object, "isDatabaseEnabled", FALSE),
             _rk_json_get_bool (object, "isWorkflowEnabled", FALSE));

  /* The inspector HTTP API speaks plain JSON. */
  state = member_as_compat (object, "state");
  set_state (self, state, NULL);
  connections = member_as_compat (object, "connections");
  set_connections (self, connections);

  if ((rpcs = _rk_json_get_array (object, "rpcs")))
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) names = NULL;

      for (guint i = 0; i < json_array_get_length (rpcs); i++)
        {
          JsonNode *name = json_array_get_element (rpcs, i);

          if (JSON_NODE_HOLDS_VALUE (name) && json_node_get_value_type (name) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (name));
        }
      names = g_strv_builder_end (builder);
      set_rpcs (self, names);
    }

  if (_rk_json_get_int (object, "queueSize", &queue_size) && queue_size >= 0)
    set_queue_size (self, (guint64)queue_size);

  set_loaded (self);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * rk_inspector_start:
 * @self: a #RkInspector
 *
 * Goes live: reads the inspector token, opens the inspector WebSocket and
 * follows its pushes; falls back to polling the summary when the socket
 * is refused or lost. Every inspector request wakes the actor.
 */
void
rk_inspector_start (RkInspector *self)
{
  g_return_if_fail (RK_IS_INSPECTOR (self));

  if (self->started)
    return;

  self->started = TRUE;
  self->cancellable = g_cancellable_new ();

  if (self->push_enabled)
    _rk_inspector_connect_push (self);
  else
    _rk_inspector_start_polling (self, "live updates are turned off");
}

/**
 * rk_inspector_stop:
 * @self: a #RkInspector
 *
 * Closes the WebSocket, stops polling and cancels every request.
 */
void
rk_inspector_stop (RkInspector *self)
{
  g_return_if_fail (RK_IS_INSPECTOR (self));

  if (!self->started)
    return;

  self->started = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->poll_source, g_source_remove);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->poll_in_flight = FALSE;
  _rk_inspector_drop_socket (self);
  _rk_inspector_set_transport (self, RK_INSPECTOR_TRANSPORT_NONE, NULL);
}
