/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-value-dialog.c: edit one JSON-compat value, validated as you type */

#define G_LOG_DOMAIN "lens-value-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "rk-compat.h"

#include "lens-util.h"
#include "lens-value-dialog.h"

struct _LensValueDialog
{
  AdwMessageDialog parent_instance;

  /* Template widgets */
  GtkSourceView *source_view;
  GtkLabel *error_label;
};

G_DEFINE_FINAL_TYPE (LensValueDialog, lens_value_dialog, ADW_TYPE_MESSAGE_DIALOG)

static char *
dup_text (LensValueDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
validate (LensValueDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = lens_value_dialog_dup_value (self, &error);

  gtk_label_set_text (self->error_label, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "save", value != NULL);
}

static void
lens_value_dialog_class_init (LensValueDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/actorlens/ActorLens/lens-value-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LensValueDialog, source_view);
  gtk_widget_class_bind_template_child (widget_class, LensValueDialog, error_label);

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
}

static void
lens_value_dialog_init (LensValueDialog *self)
{
  GtkTextBuffer *buffer;

  gtk_widget_init_template (GTK_WIDGET (self));

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view));
  lens_source_buffer_init (GTK_SOURCE_BUFFER (buffer));
  g_signal_connect_object (buffer, "changed", G_CALLBACK (validate), self, G_CONNECT_SWAPPED);
}

/**
 * lens_value_dialog_new:
 * @parent: (nullable): the window to be modal for
 * @path: the JSONPath of the value, for the heading
 * @value: (nullable): the value to start from
 *
 * Returns: (transfer none): a new dialog; "save" means the value is valid
 */
GtkWidget *
lens_value_dialog_new (GtkWindow  *parent,
                       const char *path,
                       JsonNode   *value)
{
  LensValueDialog *self;
  g_autofree char *heading = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  /* Translators: %s is a JSONPath such as $.messages[2] */
  heading = g_strdup_printf (_("Edit %s"), path);
  self = g_object_new (LENS_TYPE_VALUE_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "heading", heading,
                       "body", _("JSON, with BigInts written as [\"$BigInt\", \"123\"]. "
                                 "Saving checks first that nobody changed the value meanwhile."),
                       NULL);

  text = value ? rk_compat_to_string (value, TRUE) : g_strdup ("null");
  lens_value_dialog_set_text (self, text);

  return GTK_WIDGET (self);
}

/**
 * lens_value_dialog_dup_value:
 * @self: a #LensValueDialog
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the value typed, in JSON-compat form, or %NULL
 *   with @error set if it does not parse
 */
JsonNode *
lens_value_dialog_dup_value (LensValueDialog  *self,
                             GError          **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (LENS_IS_VALUE_DIALOG (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  text = dup_text (self);
  return rk_compat_parse (text, -1, error);
}

/**
 * lens_value_dialog_set_text:
 * @self: a #LensValueDialog
 * @text: JSON text
 */
void
lens_value_dialog_set_text (LensValueDialog *self,
                            const char      *text)
{
  g_return_if_fail (LENS_IS_VALUE_DIALOG (self));
  g_return_if_fail (text != NULL);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view)),
                            text, -1);
  validate (self);
}
