/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-args-editor.c: an action's arguments as typed rows or as a raw JSON array
 *
 * Switching between the form and the JSON array converts what is there;
 * a switch that would lose input (an invalid row, or text that is not an
 * array) is refused with the reason, and the input stays as it was.
 */

#define G_LOG_DOMAIN "lens-args-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "rk-compat.h"
#include "rk-error.h"

#include "lens-arg-row.h"
#include "lens-args-editor.h"
#include "lens-util.h"

struct _LensArgsEditor
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkStack *stack;
  GtkListBox *rows;
  GtkSourceView *raw_view;
  GtkLabel *error_label;

  /* State */
  char *mode;
  guint switching : 1;
  guint valid : 1;
};

enum {
  PROP_0,
  PROP_MODE,
  PROP_VALID,
  PROP_N_ARGS,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (LensArgsEditor, lens_args_editor, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static void row_move_cb   (LensArgsEditor *self,
                           int             delta,
                           LensArgRow     *row);
static void row_remove_cb (LensArgsEditor *self,
                           LensArgRow     *row);

static void
show_error (LensArgsEditor *self,
            const char     *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static char *
dup_raw_text (LensArgsEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->raw_view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static JsonNode *
dup_form_args (LensArgsEditor  *self,
               GError         **error)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_init_array (json_node_alloc (), array);
  guint i = 0;

  json_array_unref (array);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->rows));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      g_autoptr(GError) local_error = NULL;
      JsonNode *value;

      if (!LENS_IS_ARG_ROW (child))
        continue;

      i++;
      if (!(value = lens_arg_row_dup_value (LENS_ARG_ROW (child), &local_error)))
        {
          /* Translators: %u numbers arguments from 1; then why it is invalid */
          g_set_error (error, RK_ERROR, RK_ERROR_INVALID_ARGUMENT, _("Argument %u: %s"),
                       i, local_error->message);
          json_node_unref (node);
          return NULL;
        }
      json_array_add_element (array, value);
    }

  return node;
}

static JsonNode *
dup_raw_args (LensArgsEditor  *self,
              GError         **error)
{
  g_autofree char *text = dup_raw_text (self);
  g_autoptr(JsonNode) node = NULL;

  g_strstrip (text);
  if (text[0] == '\0')
    return json_node_init_array (json_node_alloc (), json_array_new ());

  if (!(node = rk_compat_parse (text, -1, error)))
    return NULL;

  if (rk_compat_get_kind (node) != RK_VALUE_KIND_ARRAY)
    {
      g_set_error_literal (error, RK_ERROR, RK_ERROR_INVALID_ARGUMENT,
                           _("The arguments must be a JSON array, e.g. [1, \"two\"]"));
      return NULL;
    }

  return g_steal_pointer (&node);
}

static void
renumber (LensArgsEditor *self)
{
  guint i = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->rows));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (LENS_IS_ARG_ROW (child))
      lens_arg_row_set_index (LENS_ARG_ROW (child), i++);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ARGS]);
}

static void
revalidate (LensArgsEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) args = lens_args_editor_dup_args (self, &error);
  gboolean valid = args != NULL;

  /* Form rows show their own errors; the raw text shows it here. */
  if (g_strcmp0 (self->mode, "json") == 0)
    show_error (self, error ? error->message : NULL);
  else
    show_error (self, NULL);

  if (self->valid != valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }
}

static LensArgRow *
append_row (LensArgsEditor *self,
            JsonNode       *value)
{
  LensArgRow *row = LENS_ARG_ROW (lens_arg_row_new ());

  if (value != NULL)
    lens_arg_row_set_value (row, value);

  g_signal_connect_object (row, "move", G_CALLBACK (row_move_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "remove", G_CALLBACK (row_remove_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "notify::valid", G_CALLBACK (revalidate), self,
                           G_CONNECT_SWAPPED);
  gtk_list_box_append (self->rows, GTK_WIDGET (row));
  renumber (self);

  return row;
}

static void
clear_rows (LensArgsEditor *self)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->rows));

  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      if (LENS_IS_ARG_ROW (child))
        gtk_list_box_remove (self->rows, child);
      child = next;
    }
}

static void
fill_rows (LensArgsEditor *self,
           JsonNode       *args)
{
  guint n = rk_compat_get_length (args);

  clear_rows (self);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonNode) element = rk_compat_dup_element (args, i);
      append_row (self, element);
    }
  renumber (self);
}

static void
set_raw (LensArgsEditor *self,
         JsonNode       *args)
{
  g_autofree char *text = rk_compat_to_string (args, TRUE);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->raw_view)), text, -1);
}

static void
row_move_cb (LensArgsEditor *self,
             int             delta,
             LensArgRow     *row)
{
  int index = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row));
  int target = index + delta;
  GtkWidget *focus;

  if (target < 0 || gtk_list_box_get_row_at_index (self->rows, target) == NULL)
    return;

  g_object_ref (row);
  focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (row)));
  gtk_list_box_remove (self->rows, GTK_WIDGET (row));
  gtk_list_box_insert (self->rows, GTK_WIDGET (row), target);
  g_object_unref (row);
  if (focus != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (row));
  renumber (self);
}

static void
row_remove_cb (LensArgsEditor *self,
               LensArgRow     *row)
{
  gtk_list_box_remove (self->rows, GTK_WIDGET (row));
  renumber (self);
  revalidate (self);
}

static void
lens_args_editor_mode_changed_cb (LensArgsEditor *self)
{
  const char *mode = gtk_stack_get_visible_child_name (self->stack);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) args = NULL;

  if (self->switching || g_strcmp0 (mode, self->mode) == 0)
    return;

  /* Convert what is there; refuse (and go back) rather than lose it. */
  if (g_strcmp0 (mode, "json") == 0)
    args = dup_form_args (self, &error);
  else
    args = dup_raw_args (self, &error);

  if (args == NULL)
    {
      self->switching = TRUE;
      gtk_stack_set_visible_child_name (self->stack, self->mode);
      self->switching = FALSE;
      show_error (self, error->message);
      return;
    }

  if (g_strcmp0 (mode, "json") == 0)
    set_raw (self, args);
  else
    fill_rows (self, args);

  g_free (self->mode);
  self->mode = g_strdup (mode);
  revalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  lens_args_editor_add_arg (LENS_ARGS_EDITOR (widget));
}

static void
lens_args_editor_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LENS_TYPE_ARGS_EDITOR);
  lens_widget_unparent_children (GTK_WIDGET (object));

  G_OBJECT_CLASS (lens_args_editor_parent_class)->dispose (object);
}

static void
lens_args_editor_finalize (GObject *object)
{
  LensArgsEditor *self = (LensArgsEditor *)object;

  g_clear_pointer (&self->mode, g_free);

  G_OBJECT_CLASS (lens_args_editor_parent_class)->finalize (object);
}

static void
lens_args_editor_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  LensArgsEditor *self = LENS_ARGS_EDITOR (object);

  switch (prop_id)
    {
    case PROP_MODE:
      g_value_set_string (value, self->mode);
      break;

    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;

    case PROP_N_ARGS:
      g_value_set_uint (value, lens_args_editor_get_n_args (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lens_args_editor_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  LensArgsEditor *self = LENS_ARGS_EDITOR (object);

  switch (prop_id)
    {
    case PROP_MODE:
      lens_args_editor_set_mode (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lens_args_editor_class_init (LensArgsEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = lens_args_editor_dispose;
  object_class->finalize = lens_args_editor_finalize;
  object_class->get_property = lens_args_editor_get_property;
  object_class->set_property = lens_args_editor_set_property;

  properties[PROP_MODE] =
    g_param_spec_string ("mode", NULL, NULL, "form",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALID] = g_param_spec_boolean ("valid", NULL, NULL, TRUE, ro);
  properties[PROP_N_ARGS] = g_param_spec_uint ("n-args", NULL, NULL, 0, G_MAXUINT, 0, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/actorlens/ActorLens/lens-args-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, LensArgsEditor, stack);
  gtk_widget_class_bind_template_child (widget_class, LensArgsEditor, rows);
  gtk_widget_class_bind_template_child (widget_class, LensArgsEditor, raw_view);
  gtk_widget_class_bind_template_child (widget_class, LensArgsEditor, error_label);
  gtk_widget_class_bind_template_callback (widget_class, lens_args_editor_mode_changed_cb);

  gtk_widget_class_install_action (widget_class, "args.add", NULL, add_action);

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
}

static void
lens_args_editor_init (LensArgsEditor *self)
{
  GtkTextBuffer *buffer;

  self->mode = g_strdup ("form");
  self->valid = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->raw_view));
  lens_source_buffer_init (GTK_SOURCE_BUFFER (buffer));
  g_signal_connect_object (buffer, "changed", G_CALLBACK (revalidate), self, G_CONNECT_SWAPPED);
}

GtkWidget *
lens_args_editor_new (void)
{
  return g_object_new (LENS_TYPE_ARGS_EDITOR, NULL);
}

/**
 * lens_args_editor_dup_args:
 * @self: a #LensArgsEditor
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the arguments, a JSON-compat array, or %NULL
 *   with @error saying which one is wrong
 */
JsonNode *
lens_args_editor_dup_args (LensArgsEditor  *self,
                           GError         **error)
{
  g_return_val_if_fail (LENS_IS_ARGS_EDITOR (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_strcmp0 (self->mode, "json") == 0)
    return dup_raw_args (self, error);

  return dup_form_args (self, error);
}

/**
 * lens_args_editor_set_args:
 * @self: a #LensArgsEditor
 * @args: (nullable): a JSON-compat array; %NULL for none
 *
 * Shows @args in the current mode.
 */
void
lens_args_editor_set_args (LensArgsEditor *self,
                           JsonNode       *args)
{
  g_autoptr(JsonNode) empty = NULL;

  g_return_if_fail (LENS_IS_ARGS_EDITOR (self));

  if (args == NULL || rk_compat_get_kind (args) != RK_VALUE_KIND_ARRAY)
    args = empty = json_node_init_array (json_node_alloc (), json_array_new ());

  if (g_strcmp0 (self->mode, "json") == 0)
    set_raw (self, args);
  else
    fill_rows (self, args);

  revalidate (self);
}

/**
 * lens_args_editor_add_arg:
 * @self: a #LensArgsEditor
 *
 * Adds an empty string argument (in JSON mode, switches to the form first
 * if it can).
 */
void
lens_args_editor_add_arg (LensArgsEditor *self)
{
  LensArgRow *row;

  g_return_if_fail (LENS_IS_ARGS_EDITOR (self));

  if (g_strcmp0 (self->mode, "form") != 0 && !lens_args_editor_set_mode (self, "form"))
    return;

  row = append_row (self, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (row));
  revalidate (self);
}

guint
lens_args_editor_get_n_args (LensArgsEditor *self)
{
  guint n = 0;

  g_return_val_if_fail (LENS_IS_ARGS_EDITOR (self), 0);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->rows));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += LENS_IS_ARG_ROW (child);

  return n;
}

const char *
lens_args_editor_get_mode (LensArgsEditor *self)
{
  g_return_val_if_fail (LENS_IS_ARGS_EDITOR (self), NULL);
  return self->mode;
}

/**
 * lens_args_editor_set_mode:
 * @self: a #LensArgsEditor
 * @mode: "form" or "json"
 *
 * Returns: %TRUE if the editor is in @mode now; %FALSE if converting the
 *   input would lose it (the reason is shown)
 */
gboolean
lens_args_editor_set_mode (LensArgsEditor *self,
                           const char     *mode)
{
  g_return_val_if_fail (LENS_IS_ARGS_EDITOR (self), FALSE);
  g_return_val_if_fail (g_strcmp0 (mode, "form") == 0 || g_strcmp0 (mode, "json") == 0, FALSE);

  gtk_stack_set_visible_child_name (self->stack, mode);
  return g_strcmp0 (self->mode, mode) == 0;
}

gboolean
lens_args_editor_get_valid (LensArgsEditor *self)
{
  g_return_val_if_fail (LENS_IS_ARGS_EDITOR (self), FALSE);
  return self->valid;
}
