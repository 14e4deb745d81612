/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-util.c: small helpers shared by the widgets of Actor Lens */

#define G_LOG_DOMAIN "lens-util"

#include "config.h"

#include <glib/gi18n.h>

#include "rk-key.h"

#include "lens-util.h"

/**
 * lens_format_timestamp:
 * @unix_ms: milliseconds since the epoch, as the manager API reports them
 *
 * Returns: (transfer full): the local date and time, or an em dash for 0
 */
char *
lens_format_timestamp (gint64 unix_ms)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (unix_ms <= 0)
    return g_strdup ("—");

  utc = g_date_time_new_from_unix_utc (unix_ms / 1000);
  if (utc == NULL)
    return g_strdup ("—");
  local = g_date_time_to_local (utc);

  /* Translators: a date and time; see the GDateTime format documentation */
  return g_date_time_format (local, _("%Y-%m-%d %H:%M:%S"));
}

/**
 * lens_format_relative:
 * @unix_ms: milliseconds since the epoch
 *
 * Returns: (transfer full): how long ago @unix_ms was, in words
 */
char *
lens_format_relative (gint64 unix_ms)
{
  gint64 seconds;

  if (unix_ms <= 0)
    return g_strdup ("—");

  seconds = (g_get_real_time () / 1000 - unix_ms) / 1000;
  if (seconds < 10)
    return g_strdup (_("just now"));
  if (seconds < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d second ago", "%d seconds ago",
                                         seconds), (int)seconds);
  if (seconds < 3600)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago",
                                         seconds / 60), (int)(seconds / 60));
  if (seconds < 86400)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago",
                                         seconds / 3600), (int)(seconds / 3600));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago",
                                       seconds / 86400), (int)(seconds / 86400));
}

/**
 * lens_format_latency:
 * @usec: a duration in microseconds
 *
 * Returns: (transfer full): the duration with a unit that suits it
 */
char *
lens_format_latency (gint64 usec)
{
  if (usec < 1000)
    /* Translators: a duration in microseconds */
    return g_strdup_printf (_("%d µs"), (int)usec);
  if (usec < 10 * G_USEC_PER_SEC)
    /* Translators: a duration in milliseconds */
    return g_strdup_printf (_("%.1f ms"), usec / 1000.0);
  /* Translators: a duration in seconds */
  return g_strdup_printf (_("%.2f s"), usec / (double)G_USEC_PER_SEC);
}

/**
 * lens_format_clock:
 * @unix_usec: microseconds since the epoch (g_get_real_time ())
 *
 * Returns: (transfer full): the local time of day with milliseconds
 */
char *
lens_format_clock (gint64 unix_usec)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *hms = NULL;

  if (utc == NULL)
    return g_strdup ("—");
  local = g_date_time_to_local (utc);
  hms = g_date_time_format (local, "%H:%M:%S");

  return g_strdup_printf ("%s.%03d", hms, (int)((unix_usec % G_USEC_PER_SEC) / 1000));
}

/**
 * lens_short_id:
 * @id: (nullable): an actor or connection ID
 *
 * Returns: (transfer full): the first eight characters, as the web
 *   inspector shows them
 */
char *
lens_short_id (const char *id)
{
  if (id == NULL)
    return g_strdup ("");
  if (g_utf8_strlen (id, -1) <= 8)
    return g_strdup (id);
  return g_utf8_substring (id, 0, 8);
}

/**
 * lens_describe_actor:
 * @name: the actor type
 * @key: (nullable): the key parts
 *
 * Returns: (transfer full): "type/key" for titles and messages
 */
char *
lens_describe_actor (const char         *name,
                     const char * const *key)
{
  g_autofree char *display = NULL;

  if (key == NULL)
    return g_strdup (name);

  display = rk_key_to_display (key);
  return g_strdup_printf ("%s/%s", name, display);
}

/* Actor types name their icon in metadata, in the web inspector's
 * (Font Awesome) vocabulary. */
static const struct {
  const char *metadata;
  const char *icon_name;
} icon_map[] = {
  { "calculator", "accessories-calculator-symbolic" },
  { "clock", "preferences-system-time-symbolic" },
  { "comment", "chat-message-new-symbolic" },
  { "comments", "chat-message-new-symbolic" },
  { "database", "drive-harddisk-symbolic" },
  { "envelope", "mail-unread-symbolic" },
  { "gear", "emblem-system-symbolic" },
  { "inbox", "mail-unread-symbolic" },
  { "list", "view-list-bullet-symbolic" },
  { "lock", "system-lock-screen-symbolic" },
  { "message", "chat-message-new-symbolic" },
  { "server", "network-server-symbolic" },
  { "user", "avatar-default-symbolic" },
  { "users", "system-users-symbolic" },
};

/**
 * lens_icon_for_actor_type:
 * @icon: (nullable): the icon an actor type's metadata names
 *
 * Returns: the name of a symbolic icon for it
 */
const char *
lens_icon_for_actor_type (const char *icon)
{
  if (icon != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (icon_map); i++)
        if (g_str_equal (icon, icon_map[i].metadata))
          return icon_map[i].icon_name;
    }

  return "lens-actor-symbolic";
}

/**
 * lens_widget_toast:
 * @widget: a widget inside a window with an #AdwToastOverlay
 * @title: the message
 *
 * Shows a transient message in the window of @widget.
 */
void
lens_widget_toast (GtkWidget  *widget,
                   const char *title)
{
  GtkWidget *overlay;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (title != NULL);

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL)
    {
      g_debug ("no toast overlay for “%s”", title);
      return;
    }

  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (title));
}

/**
 * lens_widget_copy:
 * @widget: the widget the copy comes from
 * @text: what to put on the clipboard
 * @toast: (nullable): a message to confirm it, or %NULL for “Copied”
 */
void
lens_widget_copy (GtkWidget  *widget,
                  const char *text,
                  const char *toast)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (text != NULL);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  lens_widget_toast (widget, toast ? toast : _("Copied to the clipboard"));
}

static void
update_scheme_cb (GtkSourceBuffer *buffer,
                  GParamSpec      *pspec,
                  AdwStyleManager *manager)
{
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  const char *id = adw_style_manager_get_dark (manager) ? "Adwaita-dark" : "Adwaita";

  gtk_source_buffer_set_style_scheme (buffer,
                                      gtk_source_style_scheme_manager_get_scheme (schemes, id));
}

/**
 * lens_source_buffer_init:
 * @buffer: a buffer that holds JSON
 *
 * Highlights @buffer as JSON with a style scheme that follows the
 * system's light or dark preference.
 */
void
lens_source_buffer_init (GtkSourceBuffer *buffer)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  AdwStyleManager *manager = adw_style_manager_get_default ();

  g_return_if_fail (GTK_SOURCE_IS_BUFFER (buffer));

  gtk_source_buffer_set_language (buffer,
                                  gtk_source_language_manager_get_language (languages, "json"));
  g_signal_connect_object (manager, "notify::dark", G_CALLBACK (update_scheme_cb), buffer,
                           G_CONNECT_SWAPPED);
  update_scheme_cb (buffer, NULL, manager);
}

/**
 * lens_json_deep_copy:
 * @node: a JSON node
 *
 * json_node_copy () shares the arrays and objects inside @node; this
 * copies them too, so the copy can be changed.
 *
 * Returns: (transfer full): an independent copy
 */
JsonNode *
lens_json_deep_copy (JsonNode *node)
{
  g_return_val_if_fail (node != NULL, NULL);

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        JsonObject *copy = json_object_new ();
        g_autoptr(GList) names = json_object_get_members (object);
        JsonNode *result;

        /* In order: the copy is shown and saved as the user saw it. */
        for (GList *l = names; l != NULL; l = l->next)
          json_object_set_member (copy, l->data,
                                  lens_json_deep_copy (json_object_get_member (object, l->data)));

        result = json_node_init_object (json_node_alloc (), copy);
        json_object_unref (copy);
        return result;
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);
        JsonArray *copy = json_array_sized_new (n);
        JsonNode *result;

        for (guint i = 0; i < n; i++)
          json_array_add_element (copy, lens_json_deep_copy (json_array_get_element (array, i)));

        result = json_node_init_array (json_node_alloc (), copy);
        json_array_unref (copy);
        return result;
      }

    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      return json_node_copy (node);
    }
}

/**
 * lens_widget_unparent_children:
 * @widget: a widget being disposed
 *
 * gtk_widget_dispose_template () unparents the template children bound to
 * fields; this unparents the others, for widgets with a layout manager.
 */
void
lens_widget_unparent_children (GtkWidget *widget)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  while ((child = gtk_widget_get_first_child (widget)))
    gtk_widget_unparent (child);
}

/**
 * lens_connection_number:
 * @connections: the page's list of its own connections
 * @connection: one of them
 *
 * Connections are numbered from 1 in the order they join @connections, and
 * keep their number when others are removed, so "Connection 2" means the same
 * connection on the Connections, Actions and Events pages.
 *
 * Returns: the number of @connection
 */
guint
lens_connection_number (GListModel *connections,
                        gpointer    connection)
{
  guint number;
  guint next;

  g_return_val_if_fail (G_IS_LIST_MODEL (connections), 0);
  g_return_val_if_fail (G_IS_OBJECT (connection), 0);

  number = GPOINTER_TO_UINT (g_object_get_data (connection, "lens-connection-number"));
  if (number != 0)
    return number;

  next = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (connections), "lens-connection-next"));
  number = next + 1;
  g_object_set_data (G_OBJECT (connections), "lens-connection-next", GUINT_TO_POINTER (number));
  g_object_set_data (connection, "lens-connection-number", GUINT_TO_POINTER (number));

  return number;
}

/**
 * lens_drop_down_name_button:
 * @drop_down: a drop-down with an accessible label
 *
 * GTK 4.8 leaves the toggle button inside a #GtkDropDown without a name in
 * the accessibility tree: it takes the drop-down's.
 */
void
lens_drop_down_name_button (GtkDropDown *drop_down)
{
  GtkWidget *button;

  g_return_if_fail (GTK_IS_DROP_DOWN (drop_down));

  button = gtk_widget_get_first_child (GTK_WIDGET (drop_down));
  if (GTK_IS_TOGGLE_BUTTON (button))
    gtk_accessible_update_relation (GTK_ACCESSIBLE (button),
                                    GTK_ACCESSIBLE_RELATION_LABELLED_BY, drop_down, NULL, -1);
}
