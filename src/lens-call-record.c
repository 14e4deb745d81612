/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-call-record.c: one action call: what was sent, how, and what came back */

#define G_LOG_DOMAIN "lens-call-record"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rk-compat.h"
#include "rk-error.h"

#include "lens-call-record.h"
#include "lens-util.h"

#define ARGS_PREVIEW_CHARS 60

struct _LensCallRecord
{
  GObject parent_instance;

  /* Owned references */
  JsonNode *args;
  JsonNode *output;
  GError *error;

  /* State */
  char *action;
  char *via;
  guint serial;
  gint64 started;
  gint64 started_monotonic;
  gint64 latency;
  guint pending : 1;
};

enum {
  PROP_0,
  PROP_PENDING,
  PROP_TITLE,
  PROP_SUMMARY,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (LensCallRecord, lens_call_record, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
lens_call_record_finalize (GObject *object)
{
  LensCallRecord *self = (LensCallRecord *)object;

  g_clear_pointer (&self->args, json_node_unref);
  g_clear_pointer (&self->output, json_node_unref);
  g_clear_error (&self->error);
  g_clear_pointer (&self->action, g_free);
  g_clear_pointer (&self->via, g_free);

  G_OBJECT_CLASS (lens_call_record_parent_class)->finalize (object);
}

static void
lens_call_record_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  LensCallRecord *self = LENS_CALL_RECORD (object);

  switch (prop_id)
    {
    case PROP_PENDING:
      g_value_set_boolean (value, self->pending);
      break;

    case PROP_TITLE:
      g_value_take_string (value, lens_call_record_dup_title (self));
      break;

    case PROP_SUMMARY:
      g_value_take_string (value, lens_call_record_dup_summary (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lens_call_record_class_init (LensCallRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = lens_call_record_finalize;
  object_class->get_property = lens_call_record_get_property;

  properties[PROP_PENDING] = g_param_spec_boolean ("pending", NULL, NULL, TRUE, ro);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, ro);
  properties[PROP_SUMMARY] = g_param_spec_string ("summary", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lens_call_record_init (LensCallRecord *self)
{
  self->pending = TRUE;
}

/**
 * lens_call_record_new:
 * @serial: a number unique among the calls of the session
 * @action: the action name
 * @args: the arguments, a JSON-compat array
 * @via: how the call is made, in words
 *
 * Starts the clock.
 *
 * Returns: (transfer full): a pending record
 */
LensCallRecord *
lens_call_record_new (guint       serial,
                      const char *action,
                      JsonNode   *args,
                      const char *via)
{
  LensCallRecord *self;

  g_return_val_if_fail (action != NULL, NULL);
  g_return_val_if_fail (args != NULL, NULL);

  self = g_object_new (LENS_TYPE_CALL_RECORD, NULL);
  self->serial = serial;
  self->action = g_strdup (action);
  self->args = json_node_ref (args);
  self->via = g_strdup (via);
  self->started = g_get_real_time ();
  self->started_monotonic = g_get_monotonic_time ();

  return self;
}

guint
lens_call_record_get_serial (LensCallRecord *self)
{
  g_return_val_if_fail (LENS_IS_CALL_RECORD (self), 0);
  return self->serial;
}

const char *
lens_call_record_get_action (LensCallRecord *self)
{
  g_return_val_if_fail (LENS_IS_CALL_RECORD (self), NULL);
  return self->action;
}

/**
 * lens_call_record_get_args:
 * @self: a #LensCallRecord
 *
 * Returns: (transfer none): the arguments sent
 */
JsonNode *
lens_call_record_get_args (LensCallRecord *self)
{
  g_return_val_if_fail (LENS_IS_CALL_RECORD (self), NULL);
  return self->args;
}

const char *
lens_call_record_get_via (LensCallRecord *self)
{
  g_return_val_if_fail (LENS_IS_CALL_RECORD (self), NULL);
  return self->via;
}

/**
 * lens_call_record_get_started:
 * @self: a #LensCallRecord
 *
 * Returns: when the call was made, in microseconds since the epoch
 */
gint64
lens_call_record_get_started (LensCallRecord *self)
{
  g_return_val_if_fail (LENS_IS_CALL_RECORD (self), 0);
  return self->started;
}

/**
 * lens_call_record_get_latency:
 * @self: a #LensCallRecord
 *
 * Returns: how long the answer took, in microseconds; 0 while pending
 */
gint64
lens_call_record_get_latency (LensCallRecord *self)
{
  g_return_val_if_fail (LENS_IS_CALL_RECORD (self), 0);
  return self->latency;
}

gboolean
lens_call_record_get_pending (LensCallRecord *self)
{
  g_return_val_if_fail (LENS_IS_CALL_RECORD (self), FALSE);
  return self->pending;
}

/**
 * lens_call_record_get_output:
 * @self: a #LensCallRecord
 *
 * Returns: (transfer none) (nullable): what the action returned
 */
JsonNode *
lens_call_record_get_output (LensCallRecord *self)
{
  g_return_val_if_fail (LENS_IS_CALL_RECORD (self), NULL);
  return self->output;
}

/**
 * lens_call_record_get_error:
 * @self: a #LensCallRecord
 *
 * Returns: (transfer none) (nullable): why the call failed
 */
const GError *
lens_call_record_get_error (LensCallRecord *self)
{
  g_return_val_if_fail (LENS_IS_CALL_RECORD (self), NULL);
  return self->error;
}

/**
 * lens_call_record_dup_title:
 * @self: a #LensCallRecord
 *
 * Returns: (transfer full): the call as code, e.g. `increment(5)`
 */
char *
lens_call_record_dup_title (LensCallRecord *self)
{
  g_autofree char *args = NULL;

  g_return_val_if_fail (LENS_IS_CALL_RECORD (self), NULL);

  args = rk_compat_describe (self->args, ARGS_PREVIEW_CHARS);
  /* The preview of the array is "[…]": show it as a call. */
  if (g_str_has_prefix (args, "[") && g_str_has_suffix (args, "]"))
    {
      args[strlen (args) - 1] = '\0';
      return g_strdup_printf ("%s(%s)", self->action, args + 1);
    }

  return g_strdup_printf ("%s(…)", self->action);
}

/**
 * lens_call_record_dup_summary:
 * @self: a #LensCallRecord
 *
 * Returns: (transfer full): when, how, how long and how it ended, in words
 */
char *
lens_call_record_dup_summary (LensCallRecord *self)
{
  g_autofree char *clock = NULL;
  g_autofree char *latency = NULL;
  g_autofree char *outcome = NULL;

  g_return_val_if_fail (LENS_IS_CALL_RECORD (self), NULL);

  clock = lens_format_clock (self->started);

  if (self->pending)
    /* Translators: time, then how the call is made */
    return g_strdup_printf (_("%s · %s · waiting…"), clock, self->via);

  latency = lens_format_latency (self->latency);
  if (self->error != NULL)
    {
      const char *group = rk_error_get_group (self->error);
      const char *code = rk_error_get_code (self->error);

      if (group != NULL && code != NULL)
        outcome = g_strdup_printf ("%s.%s", group, code);
      else
        outcome = g_strdup (self->error->message);
    }
  else
    outcome = rk_compat_describe (self->output, ARGS_PREVIEW_CHARS);

  /* Translators: time, how the call was made, latency, result or error */
  return g_strdup_printf (_("%s · %s · %s · %s"), clock, self->via, latency, outcome);
}

/**
 * lens_call_record_finish:
 * @self: a #LensCallRecord
 * @output: (nullable): what the action returned
 * @error: (nullable): why it failed
 *
 * Stops the clock and keeps the outcome.
 */
void
lens_call_record_finish (LensCallRecord *self,
                         JsonNode       *output,
                         const GError   *error)
{
  g_return_if_fail (LENS_IS_CALL_RECORD (self));
  g_return_if_fail (self->pending);

  self->latency = g_get_monotonic_time () - self->started_monotonic;
  self->output = output ? json_node_ref (output) : NULL;
  self->error = error ? g_error_copy (error) : NULL;
  self->pending = FALSE;

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
  g_object_thaw_notify (G_OBJECT (self));
}
