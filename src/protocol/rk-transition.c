/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-transition.c: one recorded change of a connection's status */

#define G_LOG_DOMAIN "rk-connection"

#include "config.h"

#include "rk-enums.h"
#include "rk-error.h"
#include "rk-transition.h"

struct _RkTransition
{
  GObject parent_instance;

  /* State */
  char *reason;
  char *error_group;
  char *error_code;
  gint64 time;
  RkConnectionStatus from;
  RkConnectionStatus to;
  guint close_code;
  guint attempt;
};

enum {
  PROP_0,
  PROP_TIME,
  PROP_FROM,
  PROP_TO,
  PROP_REASON,
  PROP_CLOSE_CODE,
  PROP_ERROR_GROUP,
  PROP_ERROR_CODE,
  PROP_ATTEMPT,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (RkTransition, rk_transition, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
rk_transition_finalize (GObject *object)
{
  RkTransition *self = (RkTransition *)object;

  g_clear_pointer (&self->reason, g_free);
  g_clear_pointer (&self->error_group, g_free);
  g_clear_pointer (&self->error_code, g_free);

  G_OBJECT_CLASS (rk_transition_parent_class)->finalize (object);
}

static void
rk_transition_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RkTransition *self = RK_TRANSITION (object);

  switch (prop_id)
    {
    case PROP_TIME:
      g_value_set_int64 (value, self->time);
      break;

    case PROP_FROM:
      g_value_set_enum (value, self->from);
      break;

    case PROP_TO:
      g_value_set_enum (value, self->to);
      break;

    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;

    case PROP_CLOSE_CODE:
      g_value_set_uint (value, self->close_code);
      break;

    case PROP_ERROR_GROUP:
      g_value_set_string (value, self->error_group);
      break;

    case PROP_ERROR_CODE:
      g_value_set_string (value, self->error_code);
      break;

    case PROP_ATTEMPT:
      g_value_set_uint (value, self->attempt);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rk_transition_class_init (RkTransitionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rk_transition_finalize;
  object_class->get_property = rk_transition_get_property;

  properties[PROP_TIME] =
    g_param_spec_int64 ("time", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FROM] =
    g_param_spec_enum ("from", NULL, NULL, RK_TYPE_CONNECTION_STATUS, RK_CONNECTION_STATUS_IDLE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TO] =
    g_param_spec_enum ("to", NULL, NULL, RK_TYPE_CONNECTION_STATUS, RK_CONNECTION_STATUS_IDLE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_REASON] =
    g_param_spec_string ("reason", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLOSE_CODE] =
    g_param_spec_uint ("close-code", NULL, NULL, 0, G_MAXUINT16, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR_GROUP] =
    g_param_spec_string ("error-group", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR_CODE] =
    g_param_spec_string ("error-code", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ATTEMPT] =
    g_param_spec_uint ("attempt", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rk_transition_init (RkTransition *self)
{
}

/**
 * rk_transition_new:
 * @from: the status before
 * @to: the status after
 * @reason: (nullable): why, in words
 * @error: (nullable): the error behind it, for its close code and group/code
 * @attempt: the reconnection attempt (0 for the first connection)
 *
 * Returns: (transfer full): a transition stamped with the wall-clock time
 */
RkTransition *
rk_transition_new (RkConnectionStatus  from,
                   RkConnectionStatus  to,
                   const char         *reason,
                   const GError       *error,
                   guint               attempt)
{
  RkTransition *self = g_object_new (RK_TYPE_TRANSITION, NULL);

  self->time = g_get_real_time ();
  self->from = from;
  self->to = to;
  self->reason = g_strdup (reason);
  self->attempt = attempt;

  if (error != NULL)
    {
      self->close_code = rk_error_get_close_code (error);
      self->error_group = g_strdup (rk_error_get_group (error));
      self->error_code = g_strdup (rk_error_get_code (error));
    }

  return self;
}

/**
 * rk_transition_get_time:
 * @self: a #RkTransition
 *
 * Returns: wall-clock time in microseconds since the epoch
 */
gint64
rk_transition_get_time (RkTransition *self)
{
  g_return_val_if_fail (RK_IS_TRANSITION (self), 0);
  return self->time;
}

RkConnectionStatus
rk_transition_get_from (RkTransition *self)
{
  g_return_val_if_fail (RK_IS_TRANSITION (self), RK_CONNECTION_STATUS_IDLE);
  return self->from;
}

RkConnectionStatus
rk_transition_get_to (RkTransition *self)
{
  g_return_val_if_fail (RK_IS_TRANSITION (self), RK_CONNECTION_STATUS_IDLE);
  return self->to;
}

const char *
rk_transition_get_reason (RkTransition *self)
{
  g_return_val_if_fail (RK_IS_TRANSITION (self), NULL);
  return self->reason;
}

guint
rk_transition_get_close_code (RkTransition *self)
{
  g_return_val_if_fail (RK_IS_TRANSITION (self), 0);
  return self->close_code;
}

const char *
rk_transition_get_error_group (RkTransition *self)
{
  g_return_val_if_fail (RK_IS_TRANSITION (self), NULL);
  return self->error_group;
}

const char *
rk_transition_get_error_code (RkTransition *self)
{
  g_return_val_if_fail (RK_IS_TRANSITION (self), NULL);
  return self->error_code;
}

guint
rk_transition_get_attempt (RkTransition *self)
{
  g_return_val_if_fail (RK_IS_TRANSITION (self), 0);
  return self->attempt;
}

/**
 * rk_connection_status_to_string:
 * @status: a status
 *
 * Returns: an untranslated identifier ("connected", …) for logs and tests
 */
const char *
rk_connection_status_to_string (RkConnectionStatus status)
{
  switch (status)
    {
    case RK_CONNECTION_STATUS_IDLE:
      return "idle";
    case RK_CONNECTION_STATUS_CONNECTING:
      return "connecting";
    case RK_CONNECTION_STATUS_CONNECTED:
      return "connected";
    case RK_CONNECTION_STATUS_RECONNECTING:
      return "reconnecting";
    case RK_CONNECTION_STATUS_DISCONNECTED:
      return "disconnected";
    case RK_CONNECTION_STATUS_FAILED:
      return "failed";
    default:
      return "unknown";
    }
}
