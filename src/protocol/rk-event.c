/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-event.c: one event an actor sent, as a row of the event log
 *
 * An RkEvent keeps the compact JSON text of its arguments and parses it
 * only when asked: RkEventLog creates events for the rows a view shows,
 * and most rows only ever need the preview.
 */

#define G_LOG_DOMAIN "rk-event"

#include "config.h"

#include <string.h>

#include "rk-compat.h"
#include "rk-event.h"

/* The longest preview, in characters, and the share of one argument in it */
#define PREVIEW_MAX_CHARS 200
#define PREVIEW_ARG_MAX_CHARS 80
/* Beyond this, a preview is cut from the stored text instead of parsing it: a row
 * must bind in well under a frame whatever the payload. */
#define PREVIEW_PARSE_MAX_BYTES (64 * 1024)

struct _RkEvent
{
  GObject parent_instance;

  /* State */
  gint64 time;
  char *connection;
  char *name;
  char *text;
  gsize text_len;
  JsonNode *args;
  char *preview;
  guint args_parsed : 1;
};

enum {
  PROP_0,
  PROP_TIME,
  PROP_CONNECTION,
  PROP_NAME,
  PROP_ARGS,
  PROP_PREVIEW,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (RkEvent, rk_event, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
rk_event_finalize (GObject *object)
{
  RkEvent *self = (RkEvent *)object;

  g_clear_pointer (&self->connection, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->args, json_node_unref);
  g_clear_pointer (&self->preview, g_free);

  G_OBJECT_CLASS (rk_event_parent_class)->finalize (object);
}

static void
rk_event_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  RkEvent *self = RK_EVENT (object);

  switch (prop_id)
    {
    case PROP_TIME:
      g_value_set_int64 (value, self->time);
      break;

    case PROP_CONNECTION:
      g_value_set_string (value, self->connection);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_ARGS:
      g_value_set_boxed (value, rk_event_get_args (self));
      break;

    case PROP_PREVIEW:
      g_value_set_string (value, rk_event_get_preview (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rk_event_class_init (RkEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rk_event_finalize;
  object_class->get_property = rk_event_get_property;

  properties[PROP_TIME] =
    g_param_spec_int64 ("time", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECTION] =
    g_param_spec_string ("connection", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ARGS] =
    g_param_spec_boxed ("args", NULL, NULL, JSON_TYPE_NODE,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PREVIEW] =
    g_param_spec_string ("preview", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rk_event_init (RkEvent *self)
{
}

/**
 * rk_event_new:
 * @time_us: when the event arrived, in microseconds since the Unix epoch (UTC)
 * @connection: (nullable): a label for the connection that received it
 * @name: the event name
 * @args_json: the arguments as JSON-compat text (see rk-compat.h), usually an array
 * @length: length of @args_json in bytes, or -1 if it is nul-terminated
 *
 * The text is kept as it is and parsed on the first rk_event_get_args ().
 *
 * Returns: (transfer full): a new #RkEvent
 */
RkEvent *
rk_event_new (gint64      time_us,
              const char *connection,
              const char *name,
              const char *args_json,
              gssize      length)
{
  RkEvent *self;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (args_json != NULL || length == 0, NULL);

  if (args_json == NULL)
    args_json = "";
  if (length < 0)
    length = strlen (args_json);

  self = g_object_new (RK_TYPE_EVENT, NULL);
  self->time = time_us;
  self->connection = g_strdup (connection);
  self->name = g_strdup (name);
  /* Not g_strndup (): the text may hold a NUL, and text_len must stay true */
  self->text = g_malloc (length + 1);
  memcpy (self->text, args_json, length);
  self->text[length] = '\0';
  self->text_len = length;

  return self;
}

/**
 * rk_event_get_time:
 * @self: a #RkEvent
 *
 * Returns: when the event arrived, in microseconds since the Unix epoch (UTC)
 */
gint64
rk_event_get_time (RkEvent *self)
{
  g_return_val_if_fail (RK_IS_EVENT (self), 0);
  return self->time;
}

/**
 * rk_event_get_connection:
 * @self: a #RkEvent
 *
 * Returns: (nullable): the label of the connection that received the event
 */
const char *
rk_event_get_connection (RkEvent *self)
{
  g_return_val_if_fail (RK_IS_EVENT (self), NULL);
  return self->connection;
}

/**
 * rk_event_get_name:
 * @self: a #RkEvent
 *
 * Returns: the event name
 */
const char *
rk_event_get_name (RkEvent *self)
{
  g_return_val_if_fail (RK_IS_EVENT (self), NULL);
  return self->name;
}

/**
 * rk_event_get_args:
 * @self: a #RkEvent
 *
 * Parses the arguments on first use (rk_compat_parse ()) and keeps the result.
 *
 * Returns: (transfer none) (nullable): the arguments in canonical JSON-compat form,
 *   usually an array; %NULL if the stored text is not valid JSON-compat
 */
JsonNode *
rk_event_get_args (RkEvent *self)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (RK_IS_EVENT (self), NULL);

  if (!self->args_parsed)
    {
      self->args_parsed = TRUE;
      self->args = rk_compat_parse (self->text, self->text_len, &error);
      if (self->args == NULL)
        g_debug ("Arguments of event “%s” are unreadable: %s", self->name, error->message);
    }

  return self->args;
}

/* Cuts @text to @max_chars characters, ending it with “…” when cut. */
static void
append_cut (GString    *out,
            const char *text,
            gsize       max_chars)
{
  glong n_chars = g_utf8_strlen (text, -1);

  if ((gsize)n_chars <= max_chars)
    {
      g_string_append (out, text);
      return;
    }

  g_string_append_len (out, text, g_utf8_offset_to_pointer (text, max_chars - 1) - text);
  g_string_append (out, "…");
}

static char *
make_preview (RkEvent *self)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *valid = NULL;
  g_autofree char *joined = NULL;
  JsonNode *args;

  if (self->text_len > PREVIEW_PARSE_MAX_BYTES && !self->args_parsed)
    {
      /* 1 KiB holds more than PREVIEW_MAX_CHARS characters: always cut, with "…" */
      valid = g_utf8_make_valid (self->text, 1024);
      append_cut (out, valid, PREVIEW_MAX_CHARS);
      return g_string_free (g_steal_pointer (&out), FALSE);
    }

  args = rk_event_get_args (self);
  if (args == NULL)
    {
      valid = g_utf8_make_valid (self->text, self->text_len);
      append_cut (out, valid, PREVIEW_MAX_CHARS);
      return g_string_free (g_steal_pointer (&out), FALSE);
    }

  if (!JSON_NODE_HOLDS_ARRAY (args))
    return rk_compat_describe (args, PREVIEW_MAX_CHARS);

  /* The arguments as a call shows them: `1, "text", {2 keys}` */
  for (guint i = 0; i < json_array_get_length (json_node_get_array (args)); i++)
    {
      g_autofree char *arg = NULL;

      arg = rk_compat_describe (json_array_get_element (json_node_get_array (args), i),
                                PREVIEW_ARG_MAX_CHARS);
      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, arg);
      if (out->len > PREVIEW_MAX_CHARS * 4)
        break;
    }

  joined = g_string_free (g_steal_pointer (&out), FALSE);
  out = g_string_new (NULL);
  append_cut (out, joined, PREVIEW_MAX_CHARS);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * rk_event_get_preview:
 * @self: a #RkEvent
 *
 * A one-line summary of the arguments for a table cell, made with
 * rk_compat_describe (): the elements of an argument array are joined
 * with “, ”. At most 200 characters.
 *
 * Returns: (transfer none): the preview
 */
const char *
rk_event_get_preview (RkEvent *self)
{
  g_return_val_if_fail (RK_IS_EVENT (self), NULL);

  if (self->preview == NULL)
    self->preview = make_preview (self);

  return self->preview;
}

/**
 * rk_event_dup_json_text:
 * @self: a #RkEvent
 *
 * Returns: (transfer full): the arguments as the compact JSON-compat text stored
 */
char *
rk_event_dup_json_text (RkEvent *self)
{
  g_return_val_if_fail (RK_IS_EVENT (self), NULL);
  return g_strdup (self->text);
}
