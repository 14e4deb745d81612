/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-call-result.c: the outcome of one action call: value tree, raw JSON or error
 *
 * Errors are shown with everything RivetKit sends: group, code, message,
 * metadata and the HTTP status or close code, instead of a bare timeout.
 */

#define G_LOG_DOMAIN "lens-call-result"

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "rk-compat.h"
#include "rk-error.h"

#include "lens-call-result.h"
#include "lens-json-tree.h"
#include "lens-util.h"

typedef enum
{
  ERROR_MESSAGE,
  ERROR_GROUP,
  ERROR_CODE,
  ERROR_STATUS,
  ERROR_CLOSE_CODE,
  ERROR_RAY_ID,
  ERROR_METADATA,
  ERROR_HINT,
  N_ERROR_ROWS
} ErrorRow;

struct _LensCallResult
{
  GtkWidget parent_instance;

  /* Owned references */
  LensCallRecord *record;
  GSignalGroup *record_signals;

  /* Template widgets */
  GtkImage *icon;
  GtkLabel *title;
  GtkLabel *summary;
  GtkWidget *switcher;
  GtkWidget *copy_button;
  GtkStack *stack;
  GtkSpinner *spinner;
  LensJsonTree *tree;
  GtkSourceView *raw_view;
  AdwPreferencesGroup *error_group;

  /* State */
  GtkWidget *error_rows[N_ERROR_ROWS];
  GtkLabel *error_values[N_ERROR_ROWS];
};

enum {
  PROP_0,
  PROP_RECORD,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (LensCallResult, lens_call_result, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static void
add_error_row (LensCallResult *self,
               ErrorRow        row,
               const char     *title)
{
  GtkWidget *action_row = adw_action_row_new ();
  GtkWidget *value = gtk_label_new (NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (action_row), title);
  gtk_label_set_selectable (GTK_LABEL (value), TRUE);
  gtk_label_set_wrap (GTK_LABEL (value), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (value), 1);
  gtk_label_set_justify (GTK_LABEL (value), row == ERROR_METADATA ? GTK_JUSTIFY_LEFT
                                                                  : GTK_JUSTIFY_RIGHT);
  gtk_widget_set_hexpand (value, TRUE);
  gtk_widget_set_margin_top (value, 6);
  gtk_widget_set_margin_bottom (value, 6);
  if (row == ERROR_METADATA || row == ERROR_GROUP || row == ERROR_CODE)
    gtk_widget_add_css_class (value, "monospace");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (value),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, action_row, NULL,
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (action_row), value);
  adw_preferences_group_add (self->error_group, action_row);

  self->error_rows[row] = action_row;
  self->error_values[row] = GTK_LABEL (value);
}

static void
set_error_value (LensCallResult *self,
                 ErrorRow        row,
                 const char     *text)
{
  gtk_label_set_text (self->error_values[row], text ? text : "");
  gtk_widget_set_visible (self->error_rows[row], text != NULL && text[0] != '\0');
}

static void
show_error (LensCallResult *self,
            const GError   *error)
{
  g_autofree char *status = NULL;
  g_autofree char *close_code = NULL;
  g_autofree char *metadata = NULL;
  const char *hint = NULL;
  JsonNode *metadata_node = rk_error_get_metadata (error);

  if (rk_error_get_http_status (error) != 0)
    status = g_strdup_printf ("%u", rk_error_get_http_status (error));
  if (rk_error_get_close_code (error) != 0)
    close_code = g_strdup_printf ("%u", rk_error_get_close_code (error));
  if (metadata_node != NULL)
    metadata = rk_compat_to_string (metadata_node, TRUE);

  if (g_strcmp0 (rk_error_get_code (error), "internal_error") == 0)
    hint = _("The action threw an error that is not a UserError. RivetKit hides its message "
             "from clients: look for it in the server log.");
  else if (g_error_matches (error, RK_ERROR, RK_ERROR_TIMEOUT))
    hint = _("No answer came in time. The action may still be running on the actor.");
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    hint = _("The call was cancelled when its page was closed.");

  set_error_value (self, ERROR_MESSAGE, error->message);
  set_error_value (self, ERROR_GROUP, rk_error_get_group (error));
  set_error_value (self, ERROR_CODE, rk_error_get_code (error));
  set_error_value (self, ERROR_STATUS, status);
  set_error_value (self, ERROR_CLOSE_CODE, close_code);
  set_error_value (self, ERROR_RAY_ID, rk_error_get_ray_id (error));
  set_error_value (self, ERROR_METADATA, metadata);
  set_error_value (self, ERROR_HINT, hint);
}

static void
update (LensCallResult *self)
{
  LensCallRecord *record = self->record;
  g_autofree char *summary = NULL;
  const GError *error;

  gtk_widget_remove_css_class (GTK_WIDGET (self->icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->icon), "error");

  if (record == NULL)
    {
      gtk_image_set_from_icon_name (self->icon, "system-run-symbolic");
      gtk_label_set_text (self->title, _("Result"));
      gtk_label_set_text (self->summary, "");
      gtk_stack_set_visible_child_name (self->stack, "none");
      gtk_spinner_set_spinning (self->spinner, FALSE);
      gtk_widget_set_visible (self->switcher, FALSE);
      gtk_widget_set_visible (self->copy_button, FALSE);
      return;
    }

  summary = lens_call_record_dup_summary (record);
  gtk_label_set_text (self->summary, summary);
  gtk_spinner_set_spinning (self->spinner, lens_call_record_get_pending (record));
  error = lens_call_record_get_error (record);

  if (lens_call_record_get_pending (record))
    {
      gtk_image_set_from_icon_name (self->icon, "content-loading-symbolic");
      gtk_label_set_text (self->title, _("Calling"));
      gtk_stack_set_visible_child_name (self->stack, "pending");
      gtk_widget_set_visible (self->switcher, FALSE);
      gtk_widget_set_visible (self->copy_button, FALSE);
    }
  else if (error != NULL)
    {
      gtk_image_set_from_icon_name (self->icon, "dialog-error-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->icon), "error");
      gtk_label_set_text (self->title, _("Error"));
      show_error (self, error);
      gtk_stack_set_visible_child_name (self->stack, "error");
      gtk_widget_set_visible (self->switcher, FALSE);
      gtk_widget_set_visible (self->copy_button, TRUE);
    }
  else
    {
      JsonNode *output = lens_call_record_get_output (record);
      g_autofree char *text = output ? rk_compat_to_string (output, TRUE) : g_strdup ("");
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->raw_view));

      gtk_image_set_from_icon_name (self->icon, "emblem-ok-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->icon), "success");
      gtk_label_set_text (self->title, _("Result"));
      lens_json_tree_set_value (self->tree, output);
      gtk_text_buffer_set_text (buffer, text, -1);
      gtk_stack_set_visible_child_name (self->stack, "value");
      gtk_widget_set_visible (self->switcher, TRUE);
      gtk_widget_set_visible (self->copy_button, TRUE);
    }
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LensCallResult *self = LENS_CALL_RESULT (widget);
  const GError *error;
  g_autofree char *text = NULL;

  if (self->record == NULL || lens_call_record_get_pending (self->record))
    return;

  if ((error = lens_call_record_get_error (self->record)))
    text = g_strdup (error->message);
  else if (lens_call_record_get_output (self->record) != NULL)
    text = rk_compat_to_string (lens_call_record_get_output (self->record), TRUE);
  else
    return;

  lens_widget_copy (widget, text, NULL);
}

static void
lens_call_result_dispose (GObject *object)
{
  LensCallResult *self = (LensCallResult *)object;

  if (self->record_signals != NULL)
    g_signal_group_set_target (self->record_signals, NULL);
  g_clear_object (&self->record_signals);
  g_clear_object (&self->record);

  gtk_widget_dispose_template (GTK_WIDGET (self), LENS_TYPE_CALL_RESULT);

  lens_widget_unparent_children (GTK_WIDGET (self));

  G_OBJECT_CLASS (lens_call_result_parent_class)->dispose (object);
}

static void
lens_call_result_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  LensCallResult *self = LENS_CALL_RESULT (object);

  switch (prop_id)
    {
    case PROP_RECORD:
      g_value_set_object (value, self->record);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lens_call_result_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  LensCallResult *self = LENS_CALL_RESULT (object);

  switch (prop_id)
    {
    case PROP_RECORD:
      lens_call_result_set_record (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lens_call_result_class_init (LensCallResultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lens_call_result_dispose;
  object_class->get_property = lens_call_result_get_property;
  object_class->set_property = lens_call_result_set_property;

  properties[PROP_RECORD] =
    g_param_spec_object ("record", NULL, NULL, LENS_TYPE_CALL_RECORD,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/actorlens/ActorLens/lens-call-result.ui");
  gtk_widget_class_bind_template_child (widget_class, LensCallResult, icon);
  gtk_widget_class_bind_template_child (widget_class, LensCallResult, title);
  gtk_widget_class_bind_template_child (widget_class, LensCallResult, summary);
  gtk_widget_class_bind_template_child (widget_class, LensCallResult, switcher);
  gtk_widget_class_bind_template_child (widget_class, LensCallResult, copy_button);
  gtk_widget_class_bind_template_child (widget_class, LensCallResult, stack);
  gtk_widget_class_bind_template_child (widget_class, LensCallResult, spinner);
  gtk_widget_class_bind_template_child (widget_class, LensCallResult, tree);
  gtk_widget_class_bind_template_child (widget_class, LensCallResult, raw_view);
  gtk_widget_class_bind_template_child (widget_class, LensCallResult, error_group);

  gtk_widget_class_install_action (widget_class, "result.copy", NULL, copy_action);

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  g_type_ensure (LENS_TYPE_JSON_TREE);
}

static void
lens_call_result_init (LensCallResult *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  lens_source_buffer_init (GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (
                             GTK_TEXT_VIEW (self->raw_view))));

  add_error_row (self, ERROR_MESSAGE, _("Message"));
  add_error_row (self, ERROR_GROUP, _("Group"));
  add_error_row (self, ERROR_CODE, _("Code"));
  add_error_row (self, ERROR_STATUS, _("HTTP Status"));
  add_error_row (self, ERROR_CLOSE_CODE, _("Close Code"));
  add_error_row (self, ERROR_RAY_ID, _("Ray ID"));
  add_error_row (self, ERROR_METADATA, _("Metadata"));
  add_error_row (self, ERROR_HINT, _("Hint"));

  self->record_signals = g_signal_group_new (LENS_TYPE_CALL_RECORD);
  g_signal_group_connect_swapped (self->record_signals, "notify::pending", G_CALLBACK (update),
                                  self);
  update (self);
}

GtkWidget *
lens_call_result_new (void)
{
  return g_object_new (LENS_TYPE_CALL_RESULT, NULL);
}

/**
 * lens_call_result_get_record:
 * @self: a #LensCallResult
 *
 * Returns: (transfer none) (nullable): the call shown
 */
LensCallRecord *
lens_call_result_get_record (LensCallResult *self)
{
  g_return_val_if_fail (LENS_IS_CALL_RESULT (self), NULL);
  return self->record;
}

/**
 * lens_call_result_set_record:
 * @self: a #LensCallResult
 * @record: (nullable): the call to show; it may still be pending
 */
void
lens_call_result_set_record (LensCallResult *self,
                             LensCallRecord *record)
{
  g_return_if_fail (LENS_IS_CALL_RESULT (self));
  g_return_if_fail (record == NULL || LENS_IS_CALL_RECORD (record));

  if (!g_set_object (&self->record, record))
    return;

  g_signal_group_set_target (self->record_signals, record);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORD]);
}
