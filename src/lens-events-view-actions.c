/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-events-view-actions.c: the Events page's cells, template callbacks, actions
 * and their keyboard shortcuts */

#define G_LOG_DOMAIN "lens-events-view"

#include "config.h"

#include <glib/gi18n.h>

#include "rk-connection.h"
#include "rk-event.h"

#include "lens-events-view-private.h"
#include "lens-util.h"

/* Cells */

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  CellKind kind = GPOINTER_TO_UINT (user_data);
  GtkWidget *inscription = gtk_inscription_new (NULL);

  switch (kind)
    {
    case CELL_TIME:
      gtk_widget_add_css_class (inscription, "numeric");
      gtk_widget_add_css_class (inscription, "dim-label");
      break;

    case CELL_NAME:
      gtk_widget_add_css_class (inscription, "heading");
      break;

    case CELL_CONNECTION:
      gtk_widget_add_css_class (inscription, "dim-label");
      break;

    case CELL_PAYLOAD:
    default:
      gtk_widget_add_css_class (inscription, "monospace");
      break;
    }

  if (kind != CELL_TIME)
    gtk_inscription_set_text_overflow (GTK_INSCRIPTION (inscription),
                                       GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_list_item_set_child (list_item, inscription);
}

/* Sets the text straight from the event: no expression watches, and the preview is made
 * once per event (RkEvent keeps it). */
static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GtkInscription *inscription = GTK_INSCRIPTION (gtk_list_item_get_child (list_item));
  RkEvent *event = gtk_list_item_get_item (list_item);
  g_autofree char *clock = NULL;
  const char *text = NULL;

  if (event != NULL)
    switch ((CellKind)GPOINTER_TO_UINT (user_data))
      {
      case CELL_TIME:
        text = clock = lens_format_clock (rk_event_get_time (event));
        break;

      case CELL_NAME:
        text = rk_event_get_name (event);
        break;

      case CELL_CONNECTION:
        text = rk_event_get_connection (event);
        break;

      case CELL_PAYLOAD:
      default:
        text = rk_event_get_preview (event);
        break;
      }

  gtk_inscription_set_text (inscription, text);
}

/**
 * _lens_events_view_set_cell_factory:
 * @column: a column of the log
 * @kind: what its cells show
 */
void
_lens_events_view_set_cell_factory (GtkColumnViewColumn *column,
                                    CellKind             kind)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), GUINT_TO_POINTER (kind));
  g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), GUINT_TO_POINTER (kind));
  gtk_column_view_column_set_factory (column, factory);
}

/* Template callbacks and actions */

void
lens_events_view_subscribe_cb (LensEventsView *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (
                                                  GTK_EDITABLE (self->subscribe_entry))));

  if (name[0] == '\0')
    return;

  lens_events_view_subscribe (self, name);
  gtk_editable_set_text (GTK_EDITABLE (self->subscribe_entry), "");
}

void
lens_events_view_filter_changed_cb (LensEventsView *self)
{
  rk_event_log_set_filter_text (self->log,
                                gtk_editable_get_text (GTK_EDITABLE (self->filter_entry)));
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  rk_event_log_clear (LENS_EVENTS_VIEW (widget)->log);
  _lens_events_view_update_page (LENS_EVENTS_VIEW (widget));
}

static void
unsubscribe_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  lens_events_view_unsubscribe (LENS_EVENTS_VIEW (widget), g_variant_get_string (parameter, NULL));
}

static void
open_connection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  LensEventsView *self = LENS_EVENTS_VIEW (widget);
  g_autoptr(RkConnection) connection = NULL;

  if (self->client == NULL || self->actor == NULL || !G_IS_LIST_STORE (self->connections))
    return;

  connection = rk_client_connect (self->client, rk_actor_get_id (self->actor), NULL);
  g_list_store_append (G_LIST_STORE (self->connections), connection);
  rk_connection_open (connection);
}

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint64 n = 0;
  LensEventsView *self;

  if (!rk_event_log_export_jsonl_finish (RK_EVENT_LOG (object), result, &n, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = LENS_EVENTS_VIEW (user_data);
  if (error != NULL)
    message = g_strdup_printf (_("Can’t export the events: %s"), error->message);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %u event",
                                            "Exported %u events", (gulong)n), (guint)n);
  lens_widget_toast (GTK_WIDGET (self), message);
}

static void
replace_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  LensEventsView *self;

  if (!(stream = g_file_replace_finish (G_FILE (object), result, &error)) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = LENS_EVENTS_VIEW (user_data);
  if (stream == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Can’t export the events: %s"),
                                                  error->message);
      lens_widget_toast (GTK_WIDGET (self), message);
      return;
    }

  rk_event_log_export_jsonl_async (self->log, G_OUTPUT_STREAM (stream), TRUE, self->cancellable,
                                   export_cb, self);
}

static void
export_response_cb (LensEventsView       *self,
                    int                   response,
                    GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))))
    g_file_replace_async (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                          G_PRIORITY_DEFAULT, self->cancellable, replace_cb, self);

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_object_unref (chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LensEventsView *self = LENS_EVENTS_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  chooser = gtk_file_chooser_native_new (_("Export Events"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  name = g_strdup_printf ("%s-events.jsonl", self->actor ? rk_actor_get_name (self->actor)
                                                         : "actor");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/**
 * _lens_events_view_class_add_actions:
 * @widget_class: LensEventsView's class
 *
 * Installs the page's actions, their shortcuts and its template callbacks.
 */
void
_lens_events_view_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, lens_events_view_subscribe_cb);
  gtk_widget_class_bind_template_callback (widget_class, lens_events_view_filter_changed_cb);
  gtk_widget_class_install_action (widget_class, "event-log.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "event-log.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "event-log.unsubscribe", "s", unsubscribe_action);
  gtk_widget_class_install_action (widget_class, "event-log.open-connection", NULL,
                                   open_connection_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "event-log.paused", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "event-log.clear", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "event-log.export", NULL);
}
