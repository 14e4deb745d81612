/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-connections-view.c: connections opened by Actor Lens and those the actor reports
 *
 * The actor's own list arrives whole on each change ("connections-updated");
 * comparing it with the previous one by ID gives the join and leave log
 * that the web inspector lacks.
 */

#define G_LOG_DOMAIN "lens-connections-view"

#include "config.h"

#include <glib/gi18n.h>

#include "rk-actor.h"
#include "rk-client.h"
#include "rk-compat.h"
#include "rk-connection.h"
#include "rk-inspector.h"

#include "lens-connection-row.h"
#include "lens-connections-view.h"
#include "lens-util.h"

#define MAX_LOG_ROWS 200
#define DESCRIBE_CHARS 80

struct _LensConnectionsView
{
  GtkWidget parent_instance;

  /* Owned references */
  RkClient *client;
  RkActor *actor;
  RkInspector *inspector;
  GListModel *connections;
  GSignalGroup *inspector_signals;
  GHashTable *seen;

  /* Template widgets */
  AdwEntryRow *params_row;
  GtkLabel *params_error;
  GtkListBox *own_list;
  GtkStack *actor_stack;
  GtkListBox *actor_list;
  GtkListBox *log_list;

  /* State */
  guint n_log_rows;
  guint n_actor_connections;
  guint have_snapshot : 1;
};

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_ACTOR,
  PROP_INSPECTOR,
  PROP_CONNECTIONS,
  PROP_N_ACTOR_CONNECTIONS,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (LensConnectionsView, lens_connections_view, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

/* Reading the inspector's connection records (2.2 nests most fields in
 * `details`; be lenient about where they are). */

static JsonNode *
conn_member (JsonObject *object,
             const char *name)
{
  JsonNode *details = json_object_get_member (object, "details");

  if (json_object_has_member (object, name))
    return json_object_get_member (object, name);
  if (details != NULL && JSON_NODE_HOLDS_OBJECT (details))
    return json_object_get_member (json_node_get_object (details), name);
  return NULL;
}

static const char *
conn_string (JsonObject *object,
             const char *name)
{
  JsonNode *node = conn_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static char *
describe_connection (JsonObject *object)
{
  g_autoptr(GString) out = g_string_new (NULL);
  JsonNode *params = conn_member (object, "params");
  JsonNode *subscriptions = conn_member (object, "subscriptions");
  const char *type = conn_string (object, "type");

  if (type != NULL)
    g_string_append (out, type);

  if (params != NULL && !JSON_NODE_HOLDS_NULL (params))
    {
      g_autofree char *text = rk_compat_describe (params, DESCRIBE_CHARS);
      g_string_append_printf (out, "%s%s %s", out->len ? " · " : "", _("params"), text);
    }

  if (subscriptions != NULL)
    {
      guint n = JSON_NODE_HOLDS_ARRAY (subscriptions)
                ? json_array_get_length (json_node_get_array (subscriptions))
                : (guint)json_node_get_int (subscriptions);
      g_string_append_printf (out, "%s", out->len ? " · " : "");
      g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%u subscription",
                                                "%u subscriptions", n), n);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
is_own (LensConnectionsView *self,
        const char          *id)
{
  guint n = self->connections ? g_list_model_get_n_items (self->connections) : 0;

  for (guint i = 0; id != NULL && i < n; i++)
    {
      g_autoptr(RkConnection) connection = g_list_model_get_item (self->connections, i);

      if (g_strcmp0 (rk_connection_get_connection_id (connection), id) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
add_log_row (LensConnectionsView *self,
             gboolean             joined,
             const char          *id,
             const char          *details)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (joined ? "list-add-symbolic"
                                                         : "list-remove-symbolic");
  g_autofree char *clock = lens_format_clock (g_get_real_time ());
  g_autofree char *title = NULL;
  GtkWidget *last;

  /* Translators: a log line: time, then a connection ID */
  title = g_strdup_printf (joined ? _("%s   joined: %s") : _("%s   left: %s"), clock, id);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), details ? details : "");
  gtk_widget_add_css_class (icon, joined ? "success" : "dim-label");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_list_box_prepend (self->log_list, row);

  if (++self->n_log_rows > MAX_LOG_ROWS &&
      (last = gtk_widget_get_last_child (GTK_WIDGET (self->log_list))) != NULL)
    {
      gtk_list_box_remove (self->log_list, last);
      self->n_log_rows--;
    }
}

static void
clear_list (GtkListBox *list)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (list, 0)))
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

static void
connections_updated (LensConnectionsView *self,
                     JsonNode            *connections)
{
  g_autoptr(GHashTable) now = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer id;
  gpointer details;
  guint n = 0;

  clear_list (self->actor_list);

  if (connections != NULL && JSON_NODE_HOLDS_ARRAY (connections))
    n = json_array_get_length (json_node_get_array (connections));

  for (guint i = 0; i < n; i++)
    {
      JsonNode *item = json_array_get_element (json_node_get_array (connections), i);
      JsonObject *object;
      const char *conn_id;
      g_autofree char *description = NULL;
      g_autofree char *tooltip = NULL;
      GtkWidget *row;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        continue;

      object = json_node_get_object (item);
      conn_id = conn_string (object, "id");
      description = describe_connection (object);
      tooltip = rk_compat_to_string (item, TRUE);

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), conn_id ? conn_id : "?");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), description);
      gtk_widget_set_tooltip_text (row, tooltip);
      if (is_own (self, conn_id))
        {
          GtkWidget *own = gtk_label_new (_("Actor Lens"));

          gtk_widget_add_css_class (own, "status-pill");
          gtk_widget_add_css_class (own, "caption-heading");
          gtk_widget_set_valign (own, GTK_ALIGN_CENTER);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), own);
        }
      gtk_list_box_append (self->actor_list, row);

      if (conn_id != NULL)
        g_hash_table_insert (now, g_strdup (conn_id), g_steal_pointer (&description));
    }

  /* The first snapshot is the starting point, not a wave of joins. */
  if (self->have_snapshot)
    {
      g_hash_table_iter_init (&iter, now);
      while (g_hash_table_iter_next (&iter, &id, &details))
        if (!g_hash_table_contains (self->seen, id))
          add_log_row (self, TRUE, id, details);

      g_hash_table_iter_init (&iter, self->seen);
      while (g_hash_table_iter_next (&iter, &id, &details))
        if (!g_hash_table_contains (now, id))
          add_log_row (self, FALSE, id, details);
    }

  g_clear_pointer (&self->seen, g_hash_table_unref);
  self->seen = g_steal_pointer (&now);
  self->have_snapshot = TRUE;

  if (self->n_actor_connections != n)
    {
      self->n_actor_connections = n;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ACTOR_CONNECTIONS]);
    }
}

static void
connections_updated_cb (LensConnectionsView *self,
                        JsonNode            *connections,
                        RkInspector         *inspector)
{
  connections_updated (self, connections);
}

/* Our own connections */

static void
row_remove_cb (LensConnectionsView *self,
               LensConnectionRow   *row)
{
  RkConnection *connection = lens_connection_row_get_connection (row);
  guint position;

  if (G_IS_LIST_STORE (self->connections) &&
      g_list_store_find (G_LIST_STORE (self->connections), connection, &position))
    g_list_store_remove (G_LIST_STORE (self->connections), position);
}

static GtkWidget *
create_connection_row (gpointer item,
                       gpointer user_data)
{
  LensConnectionsView *self = user_data;
  GtkWidget *row;

  row = lens_connection_row_new (RK_CONNECTION (item),
                                 lens_connection_number (self->connections, item));
  g_signal_connect_object (row, "remove", G_CALLBACK (row_remove_cb), self, G_CONNECT_SWAPPED);

  return row;
}

static void
lens_connections_view_params_changed_cb (LensConnectionsView *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->params_error), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->params_row), "error");
}

static void
open_from_entry (LensConnectionsView *self)
{
  g_autoptr(GError) error = NULL;

  if (!lens_connections_view_open (self, gtk_editable_get_text (GTK_EDITABLE (self->params_row)),
                                   &error))
    {
      gtk_label_set_text (self->params_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->params_error), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->params_row), "error");
    }
}

static void
lens_connections_view_params_activated_cb (LensConnectionsView *self)
{
  open_from_entry (self);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  open_from_entry (LENS_CONNECTIONS_VIEW (widget));
}

/* GObject */

static void
reset (LensConnectionsView *self)
{
  clear_list (self->log_list);
  self->n_log_rows = 0;
  self->have_snapshot = FALSE;
  g_hash_table_remove_all (self->seen);
  connections_updated (self, self->inspector ? rk_inspector_get_connections (self->inspector)
                                             : NULL);
  gtk_stack_set_visible_child_name (self->actor_stack, self->inspector ? "list" : "asleep");
}

static void
lens_connections_view_dispose (GObject *object)
{
  LensConnectionsView *self = (LensConnectionsView *)object;

  if (self->inspector_signals != NULL)
    g_signal_group_set_target (self->inspector_signals, NULL);
  if (self->own_list != NULL)
    gtk_list_box_bind_model (self->own_list, NULL, NULL, NULL, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), LENS_TYPE_CONNECTIONS_VIEW);

  lens_widget_unparent_children (GTK_WIDGET (self));

  g_clear_object (&self->inspector_signals);
  g_clear_object (&self->client);
  g_clear_object (&self->actor);
  g_clear_object (&self->inspector);
  g_clear_object (&self->connections);
  g_clear_pointer (&self->seen, g_hash_table_unref);

  G_OBJECT_CLASS (lens_connections_view_parent_class)->dispose (object);
}

static void
lens_connections_view_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  LensConnectionsView *self = LENS_CONNECTIONS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_ACTOR:
      g_value_set_object (value, self->actor);
      break;

    case PROP_INSPECTOR:
      g_value_set_object (value, self->inspector);
      break;

    case PROP_CONNECTIONS:
      g_value_set_object (value, self->connections);
      break;

    case PROP_N_ACTOR_CONNECTIONS:
      g_value_set_uint (value, self->n_actor_connections);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lens_connections_view_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  LensConnectionsView *self = LENS_CONNECTIONS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      if (g_set_object (&self->client, g_value_get_object (value)))
        g_object_notify_by_pspec (object, pspec);
      break;

    case PROP_ACTOR:
      if (g_set_object (&self->actor, g_value_get_object (value)))
        {
          reset (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_INSPECTOR:
      if (g_set_object (&self->inspector, g_value_get_object (value)))
        {
          g_signal_group_set_target (self->inspector_signals, self->inspector);
          reset (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_CONNECTIONS:
      if (g_set_object (&self->connections, g_value_get_object (value)))
        {
          gtk_list_box_bind_model (self->own_list, self->connections,
                                   create_connection_row, self, NULL);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lens_connections_view_class_init (LensConnectionsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = lens_connections_view_dispose;
  object_class->get_property = lens_connections_view_get_property;
  object_class->set_property = lens_connections_view_set_property;

  properties[PROP_CLIENT] = g_param_spec_object ("client", NULL, NULL, RK_TYPE_CLIENT, rw);
  properties[PROP_ACTOR] = g_param_spec_object ("actor", NULL, NULL, RK_TYPE_ACTOR, rw);
  properties[PROP_INSPECTOR] =
    g_param_spec_object ("inspector", NULL, NULL, RK_TYPE_INSPECTOR, rw);
  properties[PROP_CONNECTIONS] =
    g_param_spec_object ("connections", NULL, NULL, G_TYPE_LIST_MODEL, rw);
  properties[PROP_N_ACTOR_CONNECTIONS] =
    g_param_spec_uint ("n-actor-connections", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/actorlens/ActorLens/lens-connections-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LensConnectionsView, params_row);
  gtk_widget_class_bind_template_child (widget_class, LensConnectionsView, params_error);
  gtk_widget_class_bind_template_child (widget_class, LensConnectionsView, own_list);
  gtk_widget_class_bind_template_child (widget_class, LensConnectionsView, actor_stack);
  gtk_widget_class_bind_template_child (widget_class, LensConnectionsView, actor_list);
  gtk_widget_class_bind_template_child (widget_class, LensConnectionsView, log_list);
  gtk_widget_class_bind_template_callback (widget_class, lens_connections_view_params_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, lens_connections_view_params_changed_cb);

  gtk_widget_class_install_action (widget_class, "connections.open", NULL, open_action);
}

static void
lens_connections_view_init (LensConnectionsView *self)
{
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->inspector_signals = g_signal_group_new (RK_TYPE_INSPECTOR);
  g_signal_group_connect_object (self->inspector_signals, "connections-updated",
                                 G_CALLBACK (connections_updated_cb), self, G_CONNECT_SWAPPED);
  reset (self);
}

GtkWidget *
lens_connections_view_new (void)
{
  return g_object_new (LENS_TYPE_CONNECTIONS_VIEW, NULL);
}

/**
 * lens_connections_view_open:
 * @self: a #LensConnectionsView
 * @params_json: (nullable): connection parameters as JSON text; empty for none
 * @error: return location for a #GError
 *
 * Opens a connection to the actor and adds it to the page's connections.
 *
 * Returns: %TRUE if the connection is opening
 */
gboolean
lens_connections_view_open (LensConnectionsView  *self,
                            const char           *params_json,
                            GError              **error)
{
  g_autoptr(JsonNode) params = NULL;
  g_autoptr(RkConnection) connection = NULL;
  g_autofree char *text = g_strstrip (g_strdup (params_json ? params_json : ""));

  g_return_val_if_fail (LENS_IS_CONNECTIONS_VIEW (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->client == NULL || self->actor == NULL || !G_IS_LIST_STORE (self->connections))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           _("No actor is open"));
      return FALSE;
    }

  if (text[0] != '\0' && !(params = rk_compat_parse_plain (text, -1, error)))
    return FALSE;

  connection = rk_client_connect (self->client, rk_actor_get_id (self->actor), params);
  g_list_store_append (G_LIST_STORE (self->connections), connection);
  rk_connection_open (connection);

  return TRUE;
}

guint
lens_connections_view_get_n_actor_connections (LensConnectionsView *self)
{
  g_return_val_if_fail (LENS_IS_CONNECTIONS_VIEW (self), 0);
  return self->n_actor_connections;
}
