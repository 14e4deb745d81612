/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-actor.c: one actor instance as the manager API lists it */

#define G_LOG_DOMAIN "rk-actor"

#include "config.h"

#include "rk-actor.h"
#include "rk-error.h"
#include "rk-json-private.h"
#include "rk-key.h"
#include "rk-util-private.h"

struct _RkActor
{
  GObject parent_instance;

  /* State */
  char *id;
  char *name;
  char **key;
  char *serialized_key;
  char *namespace_id;
  char *datacenter;
  char *crash_policy;
  gint64 create_ts;
  gint64 start_ts;
  gint64 connectable_ts;
  gint64 sleep_ts;
  gint64 destroy_ts;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_KEY,
  PROP_SERIALIZED_KEY,
  PROP_CREATE_TS,
  PROP_START_TS,
  PROP_CONNECTABLE_TS,
  PROP_SLEEP_TS,
  PROP_DESTROY_TS,
  PROP_STATUS,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (RkActor, rk_actor, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
rk_actor_finalize (GObject *object)
{
  RkActor *self = (RkActor *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->key, g_strfreev);
  g_clear_pointer (&self->serialized_key, g_free);
  g_clear_pointer (&self->namespace_id, g_free);
  g_clear_pointer (&self->datacenter, g_free);
  g_clear_pointer (&self->crash_policy, g_free);

  G_OBJECT_CLASS (rk_actor_parent_class)->finalize (object);
}

static void
rk_actor_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  RkActor *self = RK_ACTOR (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_KEY:
      g_value_set_boxed (value, self->key);
      break;

    case PROP_SERIALIZED_KEY:
      g_value_set_string (value, self->serialized_key);
      break;

    case PROP_CREATE_TS:
      g_value_set_int64 (value, self->create_ts);
      break;

    case PROP_START_TS:
      g_value_set_int64 (value, self->start_ts);
      break;

    case PROP_CONNECTABLE_TS:
      g_value_set_int64 (value, self->connectable_ts);
      break;

    case PROP_SLEEP_TS:
      g_value_set_int64 (value, self->sleep_ts);
      break;

    case PROP_DESTROY_TS:
      g_value_set_int64 (value, self->destroy_ts);
      break;

    case PROP_STATUS:
      g_value_set_int (value, rk_actor_get_status (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
ts_pspec (const char *name)
{
  return g_param_spec_int64 (name, NULL, NULL, 0, G_MAXINT64, 0,
                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
}

static void
rk_actor_class_init (RkActorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rk_actor_finalize;
  object_class->get_property = rk_actor_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_KEY] =
    g_param_spec_boxed ("key", NULL, NULL, G_TYPE_STRV, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERIALIZED_KEY] =
    g_param_spec_string ("serialized-key", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREATE_TS] = ts_pspec ("create-ts");
  properties[PROP_START_TS] = ts_pspec ("start-ts");
  properties[PROP_CONNECTABLE_TS] = ts_pspec ("connectable-ts");
  properties[PROP_SLEEP_TS] = ts_pspec ("sleep-ts");
  properties[PROP_DESTROY_TS] = ts_pspec ("destroy-ts");
  properties[PROP_STATUS] =
    g_param_spec_int ("status", NULL, NULL,
                      RK_ACTOR_STATUS_PENDING, RK_ACTOR_STATUS_DESTROYED, RK_ACTOR_STATUS_PENDING,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rk_actor_init (RkActor *self)
{
}

/**
 * rk_actor_new_from_json:
 * @node: an actor object of the manager API
 * @error: return location for a #GError
 *
 * Accepts both 2.2 and 2.3 records: the key may be null (2.3, actors
 * created without a key), timestamps may be floats, extra fields are
 * ignored.
 *
 * Returns: (transfer full): a new #RkActor, or %NULL with @error set
 */
RkActor *
rk_actor_new_from_json (JsonNode  *node,
                        GError   **error)
{
  g_autoptr(RkActor) self = NULL;
  JsonObject *object;
  const char *id;
  const char *name;
  const char *key;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, RK_ERROR, RK_ERROR_INVALID_REPLY,
                           "An actor record from the server is not a JSON object");
      return NULL;
    }

  object = json_node_get_object (node);
  if (!_rk_json_require_string (object, "actor_id", "an actor", &id, error) ||
      !_rk_json_require_string (object, "name", "an actor", &name, error))
    return NULL;

  self = g_object_new (RK_TYPE_ACTOR, NULL);
  self->id = g_strdup (id);
  self->name = g_strdup (name);

  if ((key = _rk_json_get_string (object, "key")))
    {
      self->serialized_key = g_strdup (key);
      self->key = rk_key_parse (key);
    }

  self->namespace_id = g_strdup (_rk_json_get_string (object, "namespace_id"));
  self->datacenter = g_strdup (_rk_json_get_string (object, "datacenter"));
  self->crash_policy = g_strdup (_rk_json_get_string (object, "crash_policy"));
  _rk_json_get_int (object, "create_ts", &self->create_ts);
  _rk_json_get_int (object, "start_ts", &self->start_ts);
  _rk_json_get_int (object, "connectable_ts", &self->connectable_ts);
  _rk_json_get_int (object, "sleep_ts", &self->sleep_ts);
  _rk_json_get_int (object, "destroy_ts", &self->destroy_ts);

  return g_steal_pointer (&self);
}

const char *
rk_actor_get_id (RkActor *self)
{
  g_return_val_if_fail (RK_IS_ACTOR (self), NULL);
  return self->id;
}

const char *
rk_actor_get_name (RkActor *self)
{
  g_return_val_if_fail (RK_IS_ACTOR (self), NULL);
  return self->name;
}

/**
 * rk_actor_get_key:
 * @self: a #RkActor
 *
 * Returns: (nullable) (transfer none): the key parts; %NULL when the actor has no key
 */
const char * const *
rk_actor_get_key (RkActor *self)
{
  g_return_val_if_fail (RK_IS_ACTOR (self), NULL);
  return (const char * const *)self->key;
}

/**
 * rk_actor_get_serialized_key:
 * @self: a #RkActor
 *
 * Returns: (nullable): the key as the wire serialises it (`a/b`, `/` for the empty key)
 */
const char *
rk_actor_get_serialized_key (RkActor *self)
{
  g_return_val_if_fail (RK_IS_ACTOR (self), NULL);
  return self->serialized_key;
}

const char *
rk_actor_get_namespace_id (RkActor *self)
{
  g_return_val_if_fail (RK_IS_ACTOR (self), NULL);
  return self->namespace_id;
}

const char *
rk_actor_get_datacenter (RkActor *self)
{
  g_return_val_if_fail (RK_IS_ACTOR (self), NULL);
  return self->datacenter;
}

const char *
rk_actor_get_crash_policy (RkActor *self)
{
  g_return_val_if_fail (RK_IS_ACTOR (self), NULL);
  return self->crash_policy;
}

gint64
rk_actor_get_create_ts (RkActor *self)
{
  g_return_val_if_fail (RK_IS_ACTOR (self), 0);
  return self->create_ts;
}

gint64
rk_actor_get_start_ts (RkActor *self)
{
  g_return_val_if_fail (RK_IS_ACTOR (self), 0);
  return self->start_ts;
}

gint64
rk_actor_get_connectable_ts (RkActor *self)
{
  g_return_val_if_fail (RK_IS_ACTOR (self), 0);
  return self->connectable_ts;
}

gint64
rk_actor_get_sleep_ts (RkActor *self)
{
  g_return_val_if_fail (RK_IS_ACTOR (self), 0);
  return self->sleep_ts;
}

gint64
rk_actor_get_destroy_ts (RkActor *self)
{
  g_return_val_if_fail (RK_IS_ACTOR (self), 0);
  return self->destroy_ts;
}

/**
 * rk_actor_get_status:
 * @self: a #RkActor
 *
 * Derived from the timestamps: destroyed when `destroy_ts` is set, awake
 * while `connectable_ts` is set, sleeping with `sleep_ts`, else pending.
 */
RkActorStatus
rk_actor_get_status (RkActor *self)
{
  g_return_val_if_fail (RK_IS_ACTOR (self), RK_ACTOR_STATUS_PENDING);

  if (self->destroy_ts != 0)
    return RK_ACTOR_STATUS_DESTROYED;
  if (self->connectable_ts != 0)
    return RK_ACTOR_STATUS_AWAKE;
  if (self->sleep_ts != 0)
    return RK_ACTOR_STATUS_SLEEPING;
  return RK_ACTOR_STATUS_PENDING;
}

const char *
rk_actor_status_to_string (RkActorStatus status)
{
  switch (status)
    {
    case RK_ACTOR_STATUS_AWAKE:
      return "awake";
    case RK_ACTOR_STATUS_SLEEPING:
      return "sleeping";
    case RK_ACTOR_STATUS_DESTROYED:
      return "destroyed";
    case RK_ACTOR_STATUS_PENDING:
    default:
      return "pending";
    }
}

static gboolean
set_ts (RkActor *self,
        gint64  *field,
        gint64   value,
        int      prop)
{
  if (*field == value)
    return FALSE;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  return TRUE;
}

/**
 * rk_actor_update_from:
 * @self: a #RkActor
 * @newer: a fresher record of the same actor
 *
 * Copies the changing fields of @newer into @self and notifies each
 * property that changed, so list rows update in place.
 *
 * Returns: %TRUE if anything changed
 */
gboolean
rk_actor_update_from (RkActor *self,
                      RkActor *newer)
{
  RkActorStatus old_status;
  gboolean changed = FALSE;

  g_return_val_if_fail (RK_IS_ACTOR (self), FALSE);
  g_return_val_if_fail (RK_IS_ACTOR (newer), FALSE);
  g_return_val_if_fail (g_strcmp0 (self->id, newer->id) == 0, FALSE);

  old_status = rk_actor_get_status (self);
  g_object_freeze_notify (G_OBJECT (self));
  changed |= set_ts (self, &self->create_ts, newer->create_ts, PROP_CREATE_TS);
  changed |= set_ts (self, &self->start_ts, newer->start_ts, PROP_START_TS);
  changed |= set_ts (self, &self->connectable_ts, newer->connectable_ts, PROP_CONNECTABLE_TS);
  changed |= set_ts (self, &self->sleep_ts, newer->sleep_ts, PROP_SLEEP_TS);
  changed |= set_ts (self, &self->destroy_ts, newer->destroy_ts, PROP_DESTROY_TS);
  if (old_status != rk_actor_get_status (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
  g_object_thaw_notify (G_OBJECT (self));

  return changed;
}
