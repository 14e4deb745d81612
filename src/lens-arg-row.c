/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-arg-row.c: one action argument: a type and a validated value */

#define G_LOG_DOMAIN "lens-arg-row"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "rk-compat.h"
#include "rk-error.h"

#include "lens-arg-row.h"
#include "lens-util.h"

/* Integers beyond this lose precision as JavaScript numbers. */
#define MAX_SAFE_INTEGER 9007199254740991.0

struct _LensArgRow
{
  GtkListBoxRow parent_instance;

  /* Template widgets */
  GtkLabel *index_label;
  GtkDropDown *kind_dropdown;
  GtkStack *editor_stack;
  GtkEntry *entry;
  GtkSwitch *boolean_switch;

  /* State */
  guint valid : 1;
};

enum {
  PROP_0,
  PROP_KIND,
  PROP_TEXT,
  PROP_VALID,
  N_PROPS
};

enum {
  MOVE,
  REMOVE,
  N_SIGNALS
};

G_DEFINE_ENUM_TYPE (LensArgKind, lens_arg_kind,
  G_DEFINE_ENUM_VALUE (LENS_ARG_KIND_STRING, "string"),
  G_DEFINE_ENUM_VALUE (LENS_ARG_KIND_NUMBER, "number"),
  G_DEFINE_ENUM_VALUE (LENS_ARG_KIND_BIGINT, "bigint"),
  G_DEFINE_ENUM_VALUE (LENS_ARG_KIND_BOOLEAN, "boolean"),
  G_DEFINE_ENUM_VALUE (LENS_ARG_KIND_NULL, "null"),
  G_DEFINE_ENUM_VALUE (LENS_ARG_KIND_JSON, "json"))

G_DEFINE_FINAL_TYPE (LensArgRow, lens_arg_row, GTK_TYPE_LIST_BOX_ROW)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static JsonNode *
parse_number (const char  *text,
              GError     **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  JsonNode *node;
  char *end = NULL;
  double value;

  value = g_ascii_strtod (stripped, &end);
  if (stripped[0] == '\0' || end == NULL || *end != '\0' || !isfinite (value))
    {
      g_set_error (error, RK_ERROR, RK_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a number"), stripped);
      return NULL;
    }

  node = json_node_new (JSON_NODE_VALUE);
  if (value == floor (value) && fabs (value) <= MAX_SAFE_INTEGER)
    json_node_set_int (node, (gint64)value);
  else
    json_node_set_double (node, value);

  return node;
}

static void
validate (LensArgRow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = lens_arg_row_dup_value (self, &error);
  gboolean valid = value != NULL;

  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->entry), error ? error->message : NULL);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->entry),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               valid ? GTK_ACCESSIBLE_INVALID_FALSE : GTK_ACCESSIBLE_INVALID_TRUE,
                               -1);

  if (self->valid != valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }
}

static void
update_editor (LensArgRow *self)
{
  const char *placeholder = NULL;
  const char *page = "entry";

  switch (lens_arg_row_get_kind (self))
    {
    case LENS_ARG_KIND_STRING:
      placeholder = _("Text");
      break;

    case LENS_ARG_KIND_NUMBER:
      placeholder = _("A number, e.g. 42 or 3.14");
      break;

    case LENS_ARG_KIND_BIGINT:
      placeholder = _("An integer of any size");
      break;

    case LENS_ARG_KIND_BOOLEAN:
      page = "boolean";
      break;

    case LENS_ARG_KIND_NULL:
      page = "null";
      break;

    case LENS_ARG_KIND_JSON:
    default:
      placeholder = _("JSON, e.g. {\"a\": 1} or [1, 2]");
      break;
    }

  gtk_entry_set_placeholder_text (self->entry, placeholder);
  gtk_stack_set_visible_child_name (self->editor_stack, page);
  if (lens_arg_row_get_kind (self) == LENS_ARG_KIND_JSON ||
      lens_arg_row_get_kind (self) == LENS_ARG_KIND_NUMBER ||
      lens_arg_row_get_kind (self) == LENS_ARG_KIND_BIGINT)
    gtk_widget_add_css_class (GTK_WIDGET (self->entry), "monospace");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "monospace");
}

static void
lens_arg_row_kind_changed_cb (LensArgRow *self)
{
  update_editor (self);
  validate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

static void
lens_arg_row_changed_cb (LensArgRow *self)
{
  validate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

static void
lens_arg_row_entry_activate_cb (LensArgRow *self)
{
  /* Enter in an argument invokes, as in a form. */
  gtk_widget_activate_action (GTK_WIDGET (self), "actions.invoke", NULL);
}

static void
move_up_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  g_signal_emit (widget, signals[MOVE], 0, -1);
}

static void
move_down_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  g_signal_emit (widget, signals[MOVE], 0, 1);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_signal_emit (widget, signals[REMOVE], 0);
}

static void
lens_arg_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LENS_TYPE_ARG_ROW);

  G_OBJECT_CLASS (lens_arg_row_parent_class)->dispose (object);
}

static void
lens_arg_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  LensArgRow *self = LENS_ARG_ROW (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, lens_arg_row_get_kind (self));
      break;

    case PROP_TEXT:
      g_value_set_string (value, lens_arg_row_get_text (self));
      break;

    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lens_arg_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  LensArgRow *self = LENS_ARG_ROW (object);

  switch (prop_id)
    {
    case PROP_KIND:
      lens_arg_row_set_kind (self, g_value_get_enum (value));
      break;

    case PROP_TEXT:
      lens_arg_row_set_text (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lens_arg_row_class_init (LensArgRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lens_arg_row_dispose;
  object_class->get_property = lens_arg_row_get_property;
  object_class->set_property = lens_arg_row_set_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, LENS_TYPE_ARG_KIND, LENS_ARG_KIND_STRING,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LensArgRow::move:
   * @self: the row
   * @delta: -1 to move up, 1 to move down
   */
  signals[MOVE] =
    g_signal_new ("move", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  /**
   * LensArgRow::remove:
   * @self: the row
   */
  signals[REMOVE] =
    g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/actorlens/ActorLens/lens-arg-row.ui");
  gtk_widget_class_bind_template_child (widget_class, LensArgRow, index_label);
  gtk_widget_class_bind_template_child (widget_class, LensArgRow, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LensArgRow, editor_stack);
  gtk_widget_class_bind_template_child (widget_class, LensArgRow, entry);
  gtk_widget_class_bind_template_child (widget_class, LensArgRow, boolean_switch);
  gtk_widget_class_bind_template_callback (widget_class, lens_arg_row_kind_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, lens_arg_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, lens_arg_row_entry_activate_cb);

  gtk_widget_class_install_action (widget_class, "arg.move-up", NULL, move_up_action);
  gtk_widget_class_install_action (widget_class, "arg.move-down", NULL, move_down_action);
  gtk_widget_class_install_action (widget_class, "arg.remove", NULL, remove_action);
}

static void
lens_arg_row_init (LensArgRow *self)
{
  self->valid = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));
  lens_drop_down_name_button (self->kind_dropdown);

  update_editor (self);
  lens_arg_row_set_index (self, 0);
}

GtkWidget *
lens_arg_row_new (void)
{
  return g_object_new (LENS_TYPE_ARG_ROW, NULL);
}

LensArgKind
lens_arg_row_get_kind (LensArgRow *self)
{
  g_return_val_if_fail (LENS_IS_ARG_ROW (self), LENS_ARG_KIND_STRING);
  return gtk_drop_down_get_selected (self->kind_dropdown);
}

void
lens_arg_row_set_kind (LensArgRow  *self,
                       LensArgKind  kind)
{
  g_return_if_fail (LENS_IS_ARG_ROW (self));
  g_return_if_fail (kind <= LENS_ARG_KIND_JSON);

  gtk_drop_down_set_selected (self->kind_dropdown, kind);
}

/**
 * lens_arg_row_get_text:
 * @self: a #LensArgRow
 *
 * Returns: the text typed (for booleans, "true" or "false")
 */
const char *
lens_arg_row_get_text (LensArgRow *self)
{
  g_return_val_if_fail (LENS_IS_ARG_ROW (self), NULL);

  if (lens_arg_row_get_kind (self) == LENS_ARG_KIND_BOOLEAN)
    return gtk_switch_get_active (self->boolean_switch) ? "true" : "false";

  return gtk_editable_get_text (GTK_EDITABLE (self->entry));
}

/**
 * lens_arg_row_set_text:
 * @self: a #LensArgRow
 * @text: (nullable): the text of the value
 */
void
lens_arg_row_set_text (LensArgRow *self,
                       const char *text)
{
  g_return_if_fail (LENS_IS_ARG_ROW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->entry), text ? text : "");
  gtk_switch_set_active (self->boolean_switch, g_strcmp0 (text, "true") == 0);
}

gboolean
lens_arg_row_get_valid (LensArgRow *self)
{
  g_return_val_if_fail (LENS_IS_ARG_ROW (self), FALSE);
  return self->valid;
}

/**
 * lens_arg_row_set_index:
 * @self: a #LensArgRow
 * @index: the position of the argument, from 0
 */
void
lens_arg_row_set_index (LensArgRow *self,
                        guint       index)
{
  g_autofree char *number = NULL;
  g_autofree char *type_label = NULL;
  g_autofree char *value_label = NULL;

  g_return_if_fail (LENS_IS_ARG_ROW (self));

  number = g_strdup_printf ("%u", index + 1);
  gtk_label_set_text (self->index_label, number);

  /* Translators: accessible names; %u numbers the arguments from 1 */
  type_label = g_strdup_printf (_("Type of argument %u"), index + 1);
  value_label = g_strdup_printf (_("Value of argument %u"), index + 1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->kind_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, type_label,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, value_label,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->boolean_switch),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, value_label,
                                  -1);
}

/**
 * lens_arg_row_dup_value:
 * @self: a #LensArgRow
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the argument in JSON-compat form, or %NULL
 *   with @error set when the text does not fit the type
 */
JsonNode *
lens_arg_row_dup_value (LensArgRow  *self,
                        GError     **error)
{
  const char *text;
  JsonNode *node;

  g_return_val_if_fail (LENS_IS_ARG_ROW (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  text = gtk_editable_get_text (GTK_EDITABLE (self->entry));

  switch (lens_arg_row_get_kind (self))
    {
    case LENS_ARG_KIND_STRING:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (node, text);
      return node;

    case LENS_ARG_KIND_NUMBER:
      return parse_number (text, error);

    case LENS_ARG_KIND_BIGINT:
      {
        g_autofree char *stripped = g_strstrip (g_strdup (text));

        if (!(node = rk_compat_new_bigint (stripped)))
          g_set_error (error, RK_ERROR, RK_ERROR_INVALID_ARGUMENT,
                       _("“%s” is not an integer"), stripped);
        return node;
      }

    case LENS_ARG_KIND_BOOLEAN:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_boolean (node, gtk_switch_get_active (self->boolean_switch));
      return node;

    case LENS_ARG_KIND_NULL:
      return json_node_new (JSON_NODE_NULL);

    case LENS_ARG_KIND_JSON:
    default:
      return rk_compat_parse (text, -1, error);
    }
}

/**
 * lens_arg_row_set_value:
 * @self: a #LensArgRow
 * @value: an argument in JSON-compat form
 *
 * Shows @value with the type that fits it best.
 */
void
lens_arg_row_set_value (LensArgRow *self,
                        JsonNode   *value)
{
  g_autofree char *text = NULL;
  LensArgKind kind;

  g_return_if_fail (LENS_IS_ARG_ROW (self));

  switch (rk_compat_get_kind (value))
    {
    case RK_VALUE_KIND_STRING:
      kind = LENS_ARG_KIND_STRING;
      text = g_strdup (json_node_get_string (value));
      break;

    case RK_VALUE_KIND_INTEGER:
    case RK_VALUE_KIND_DOUBLE:
      kind = LENS_ARG_KIND_NUMBER;
      text = rk_compat_to_string (value, FALSE);
      break;

    case RK_VALUE_KIND_BIGINT:
      kind = LENS_ARG_KIND_BIGINT;
      text = g_strdup (rk_compat_get_bigint (value));
      break;

    case RK_VALUE_KIND_BOOLEAN:
      kind = LENS_ARG_KIND_BOOLEAN;
      text = g_strdup (json_node_get_boolean (value) ? "true" : "false");
      break;

    case RK_VALUE_KIND_NULL:
      kind = LENS_ARG_KIND_NULL;
      break;

    case RK_VALUE_KIND_UNDEFINED:
    case RK_VALUE_KIND_UINT8ARRAY:
    case RK_VALUE_KIND_ARRAYBUFFER:
    case RK_VALUE_KIND_SET:
    case RK_VALUE_KIND_ARRAY:
    case RK_VALUE_KIND_OBJECT:
    default:
      kind = LENS_ARG_KIND_JSON;
      if (value != NULL)
        text = rk_compat_to_string (value, FALSE);
      else
        {
          g_autoptr(JsonNode) undefined = rk_compat_new_undefined ();
          text = rk_compat_to_string (undefined, FALSE);
        }
      break;
    }

  lens_arg_row_set_kind (self, kind);
  lens_arg_row_set_text (self, text);
  validate (self);
}
