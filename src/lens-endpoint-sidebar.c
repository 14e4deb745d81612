/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-endpoint-sidebar.c: the actor types of one endpoint and their instances
 *
 * A GtkTreeListModel of LensTypeNode → RkActor. Every type is listed once
 * to show its counts; after that only expanded types refresh at the
 * interval, and collapsed ones less often. Listing uses the manager API
 * only, so the sidebar never wakes an actor.
 */

#define G_LOG_DOMAIN "lens-endpoint-sidebar"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rk-actor-type.h"
#include "rk-key.h"
#include "rk-util-private.h"

#include "lens-endpoint-sidebar-private.h"
#include "lens-endpoint-sidebar.h"
#include "lens-sidebar-row.h"
#include "lens-type-node.h"
#include "lens-util.h"

/* Collapsed types refresh every this many ticks, for their counts. */
#define COLLAPSED_EVERY 6


enum {
  PROP_0,
  PROP_ENDPOINT,
  PROP_SELECTED_ACTOR,
  PROP_SORT_MODE,
  PROP_REFRESH_INTERVAL,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (LensEndpointSidebar, lens_endpoint_sidebar, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

RkClient *
_lens_endpoint_sidebar_get_client (LensEndpointSidebar *self)
{
  return self->endpoint ? lens_endpoint_get_client (self->endpoint) : NULL;
}

LensTypeNode *
_lens_endpoint_sidebar_find_node (LensEndpointSidebar *self,
           const char          *name,
           guint               *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->types));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LensTypeNode) node = g_list_model_get_item (G_LIST_MODEL (self->types), i);

      if (g_strcmp0 (lens_type_node_get_name (node), name) == 0)
        {
          if (position != NULL)
            *position = i;
          return node;
        }
    }

  return NULL;
}

/* Filtering and sorting */

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  LensEndpointSidebar *self = user_data;
  RkActor *actor = item;
  g_autofree char *display = NULL;
  g_autofree char *folded = NULL;

  if (self->filter_text == NULL || self->filter_text[0] == '\0')
    return TRUE;

  if (g_str_has_prefix (rk_actor_get_id (actor), self->filter_text))
    return TRUE;

  if (rk_actor_get_key (actor) == NULL)
    return FALSE;

  display = rk_key_to_display (rk_actor_get_key (actor));
  folded = g_utf8_casefold (display, -1);

  return strstr (folded, self->filter_text) != NULL;
}

static int
status_rank (RkActor *actor)
{
  switch (rk_actor_get_status (actor))
    {
    case RK_ACTOR_STATUS_AWAKE:
      return 0;
    case RK_ACTOR_STATUS_PENDING:
      return 1;
    case RK_ACTOR_STATUS_SLEEPING:
      return 2;
    case RK_ACTOR_STATUS_DESTROYED:
    default:
      return 3;
    }
}

static int
compare_ts (gint64 a,
            gint64 b)
{
  return a < b ? -1 : a > b ? 1 : 0;
}

static int
sort_func (gconstpointer a,
           gconstpointer b,
           gpointer      user_data)
{
  LensEndpointSidebar *self = user_data;
  RkActor *actor_a = (RkActor *)a;
  RkActor *actor_b = (RkActor *)b;
  gint64 ts_a = rk_actor_get_create_ts (actor_a);
  gint64 ts_b = rk_actor_get_create_ts (actor_b);
  int result = 0;

  if (g_strcmp0 (self->sort_mode, "oldest") == 0)
    result = compare_ts (ts_a, ts_b);
  else if (g_strcmp0 (self->sort_mode, "key") == 0)
    result = g_strcmp0 (rk_actor_get_serialized_key (actor_a),
                        rk_actor_get_serialized_key (actor_b));
  else if (g_strcmp0 (self->sort_mode, "status") == 0)
    result = status_rank (actor_a) - status_rank (actor_b);

  if (result == 0)
    result = compare_ts (ts_b, ts_a);
  if (result == 0)
    result = g_strcmp0 (rk_actor_get_id (actor_a), rk_actor_get_id (actor_b));

  return result;
}

static GListModel *
create_child_model_cb (gpointer item,
                       gpointer user_data)
{
  LensEndpointSidebar *self = user_data;
  GtkFilterListModel *filtered;
  RkClient *client;

  if (!LENS_IS_TYPE_NODE (item))
    return NULL;

  /* Expanding a type that was never listed lists it now. */
  if (!lens_type_node_get_loaded (item) && (client = _lens_endpoint_sidebar_get_client (self)))
    lens_type_node_refresh (item);

  filtered = gtk_filter_list_model_new (g_object_ref (lens_type_node_get_instances (item)),
                                        g_object_ref (GTK_FILTER (self->filter)));

  return G_LIST_MODEL (gtk_sort_list_model_new (G_LIST_MODEL (filtered),
                                                g_object_ref (GTK_SORTER (self->sorter))));
}

/* Refreshing */

gboolean
_lens_endpoint_sidebar_is_expanded (LensEndpointSidebar *self,
             guint                position)
{
  g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_child_row (self->tree, position);

  return row != NULL && gtk_tree_list_row_get_expanded (row);
}

static void
refresh_nodes (LensEndpointSidebar *self,
               gboolean             all)
{
  RkClient *client = _lens_endpoint_sidebar_get_client (self);
  guint n;

  if (client == NULL || lens_endpoint_get_status (self->endpoint) != LENS_ENDPOINT_STATUS_CONNECTED)
    return;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->types));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LensTypeNode) node = g_list_model_get_item (G_LIST_MODEL (self->types), i);

      if (all || _lens_endpoint_sidebar_is_expanded (self, i) || !lens_type_node_get_loaded (node))
        lens_type_node_refresh (node);
    }
}

static gboolean
refresh_timeout_cb (gpointer user_data)
{
  LensEndpointSidebar *self = user_data;

  self->ticks++;
  refresh_nodes (self, self->ticks % COLLAPSED_EVERY == 0);

  return G_SOURCE_CONTINUE;
}

static void
restart_timer (LensEndpointSidebar *self)
{
  g_clear_handle_id (&self->refresh_id, g_source_remove);

  if (self->endpoint != NULL)
    self->refresh_id = g_timeout_add_seconds (self->refresh_interval, refresh_timeout_cb, self);
}

/* Following the endpoint */

static void
node_loading_cb (LensEndpointSidebar *self,
                 GParamSpec          *pspec,
                 LensTypeNode        *node)
{
  /* A refresh ended: the actor waited for may be listed now. */
  if (!lens_type_node_get_loading (node))
    _lens_endpoint_sidebar_try_reveal (self);
}

static void
merge_types (LensEndpointSidebar *self)
{
  RkServerInfo *info = lens_endpoint_get_server_info (self->endpoint);
  GListModel *fresh;
  RkClient *client = _lens_endpoint_sidebar_get_client (self);
  guint n_fresh;
  guint n;

  if (info == NULL)
    return;

  fresh = rk_server_info_get_actor_types (info);
  n_fresh = g_list_model_get_n_items (fresh);

  /* Drop the types the registry lost. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->types));
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(LensTypeNode) node = g_list_model_get_item (G_LIST_MODEL (self->types), i - 1);

      if (rk_server_info_find_actor_type (info, lens_type_node_get_name (node)) == NULL)
        g_list_store_remove (self->types, i - 1);
    }

  /* Keep the server's order; update what exists, insert what is new. */
  for (guint i = 0; i < n_fresh; i++)
    {
      g_autoptr(RkActorType) type = g_list_model_get_item (fresh, i);
      guint position = 0;
      const char *name = rk_actor_type_get_name (type);
      LensTypeNode *node = _lens_endpoint_sidebar_find_node (self, name, &position);

      if (node != NULL)
        lens_type_node_set_actor_type (node, type);
      else
        {
          g_autoptr(LensTypeNode) created = lens_type_node_new (client, type);
          guint n_now = g_list_model_get_n_items (G_LIST_MODEL (self->types));

          g_signal_connect_object (created, "notify::loading", G_CALLBACK (node_loading_cb), self,
                                   G_CONNECT_SWAPPED);
          g_list_store_insert (self->types, MIN (i, n_now), created);
          lens_type_node_refresh (created);
        }
    }

  _lens_endpoint_sidebar_try_reveal (self);
}

static void
update_page (LensEndpointSidebar *self)
{
  LensEndpointStatus status;
  const char *page;

  if (self->endpoint == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "loading");
      return;
    }

  status = lens_endpoint_get_status (self->endpoint);
  if (status == LENS_ENDPOINT_STATUS_UNREACHABLE)
    {
      adw_status_page_set_description (self->unreachable_page,
                                       lens_endpoint_get_error_message (self->endpoint));
      page = "unreachable";
    }
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->types)) > 0)
    page = "list";
  else if (status == LENS_ENDPOINT_STATUS_CONNECTED)
    page = "empty";
  else
    page = "loading";

  gtk_stack_set_visible_child_name (self->stack, page);
}

static void
endpoint_status_cb (LensEndpointSidebar *self,
                    GParamSpec          *pspec,
                    LensEndpoint        *endpoint)
{
  /* Back from unreachable: bring everything up to date at once. */
  if (lens_endpoint_get_status (endpoint) == LENS_ENDPOINT_STATUS_CONNECTED)
    refresh_nodes (self, TRUE);
  update_page (self);
}

static void
endpoint_server_info_cb (LensEndpointSidebar *self,
                         GParamSpec          *pspec,
                         LensEndpoint        *endpoint)
{
  merge_types (self);
  update_page (self);
}

/* Template callbacks */

static void
lens_endpoint_sidebar_filter_changed_cb (LensEndpointSidebar *self,
                                         GtkSearchEntry      *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *folded = g_utf8_casefold (text, -1);
  guint n;

  if (!rk_set_str (&self->filter_text, folded))
    return;

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);

  /* Filtering shows matches in every type. */
  if (folded[0] == '\0')
    return;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->types));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_child_row (self->tree, i);

      if (row != NULL)
        gtk_tree_list_row_set_expanded (row, TRUE);
    }
}

static void
lens_endpoint_sidebar_filter_activate_cb (LensEndpointSidebar *self,
                                          GtkSearchEntry      *entry)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->tree));

  /* Enter opens the first match. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->tree), i);
      g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);

      if (RK_IS_ACTOR (item))
        {
          gtk_single_selection_set_selected (self->selection, i);
          gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
          return;
        }
    }
}

static void
lens_endpoint_sidebar_filter_stop_cb (LensEndpointSidebar *self,
                                      GtkSearchEntry      *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
lens_endpoint_sidebar_activate_cb (LensEndpointSidebar *self,
                                   guint                position,
                                   GtkListView         *list_view)
{
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->tree), position);

  if (row != NULL && gtk_tree_list_row_is_expandable (row))
    gtk_tree_list_row_set_expanded (row, !gtk_tree_list_row_get_expanded (row));
}

static void
selection_changed_cb (LensEndpointSidebar *self,
                      GParamSpec          *pspec,
                      GtkSingleSelection  *selection)
{
  GtkTreeListRow *row = gtk_single_selection_get_selected_item (selection);
  g_autoptr(GObject) item = row ? gtk_tree_list_row_get_item (row) : NULL;

  /* A type row, or nothing (filtered away), keeps the open actor. */
  if (RK_IS_ACTOR (item))
    _lens_endpoint_sidebar_set_selected_actor (self, RK_ACTOR (item));
}

void
_lens_endpoint_sidebar_set_selected_actor (LensEndpointSidebar *self,
                                           RkActor             *actor)
{
  if (g_set_object (&self->selected_actor, actor))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ACTOR]);
}

/* Actions */

static void
create_actor_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  lens_endpoint_sidebar_create_actor (LENS_ENDPOINT_SIDEBAR (widget));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  lens_endpoint_sidebar_refresh (LENS_ENDPOINT_SIDEBAR (widget));
}

/* GObject */

static void
lens_endpoint_sidebar_dispose (GObject *object)
{
  LensEndpointSidebar *self = (LensEndpointSidebar *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->endpoint_signals != NULL)
    g_signal_group_set_target (self->endpoint_signals, NULL);
  g_clear_object (&self->endpoint_signals);
  g_clear_object (&self->endpoint);

  gtk_widget_dispose_template (GTK_WIDGET (self), LENS_TYPE_ENDPOINT_SIDEBAR);

  lens_widget_unparent_children (GTK_WIDGET (self));

  g_clear_object (&self->selection);
  g_clear_object (&self->tree);
  g_clear_object (&self->types);
  g_clear_object (&self->filter);
  g_clear_object (&self->sorter);
  g_clear_object (&self->selected_actor);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (lens_endpoint_sidebar_parent_class)->dispose (object);
}

static void
lens_endpoint_sidebar_finalize (GObject *object)
{
  LensEndpointSidebar *self = (LensEndpointSidebar *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->filter_text, g_free);
  g_clear_pointer (&self->sort_mode, g_free);
  _lens_endpoint_sidebar_clear_reveal (self);

  G_OBJECT_CLASS (lens_endpoint_sidebar_parent_class)->finalize (object);
}

static void
lens_endpoint_sidebar_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  LensEndpointSidebar *self = LENS_ENDPOINT_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      g_value_set_object (value, self->endpoint);
      break;

    case PROP_SELECTED_ACTOR:
      g_value_set_object (value, self->selected_actor);
      break;

    case PROP_SORT_MODE:
      g_value_set_string (value, self->sort_mode);
      break;

    case PROP_REFRESH_INTERVAL:
      g_value_set_uint (value, self->refresh_interval);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lens_endpoint_sidebar_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  LensEndpointSidebar *self = LENS_ENDPOINT_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      lens_endpoint_sidebar_set_endpoint (self, g_value_get_object (value));
      break;

    case PROP_SORT_MODE:
      if (rk_set_str (&self->sort_mode, g_value_get_string (value)))
        {
          gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_REFRESH_INTERVAL:
      if (self->refresh_interval != g_value_get_uint (value))
        {
          self->refresh_interval = g_value_get_uint (value);
          restart_timer (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lens_endpoint_sidebar_class_init (LensEndpointSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lens_endpoint_sidebar_dispose;
  object_class->finalize = lens_endpoint_sidebar_finalize;
  object_class->get_property = lens_endpoint_sidebar_get_property;
  object_class->set_property = lens_endpoint_sidebar_set_property;

  properties[PROP_ENDPOINT] =
    g_param_spec_object ("endpoint", NULL, NULL, LENS_TYPE_ENDPOINT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_ACTOR] =
    g_param_spec_object ("selected-actor", NULL, NULL, RK_TYPE_ACTOR,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SORT_MODE] =
    g_param_spec_string ("sort-mode", NULL, NULL, "newest",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REFRESH_INTERVAL] =
    g_param_spec_uint ("refresh-interval", NULL, NULL, 1, 300, 5,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/actorlens/ActorLens/lens-endpoint-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, LensEndpointSidebar, filter_entry);
  gtk_widget_class_bind_template_child (widget_class, LensEndpointSidebar, stack);
  gtk_widget_class_bind_template_child (widget_class, LensEndpointSidebar, list_view);
  gtk_widget_class_bind_template_child (widget_class, LensEndpointSidebar, unreachable_page);
  gtk_widget_class_bind_template_callback (widget_class, lens_endpoint_sidebar_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, lens_endpoint_sidebar_filter_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, lens_endpoint_sidebar_filter_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, lens_endpoint_sidebar_activate_cb);

  gtk_widget_class_install_property_action (widget_class, "sidebar.sort-mode", "sort-mode");
  gtk_widget_class_install_action (widget_class, "sidebar.create-actor", NULL,
                                   create_actor_action);
  gtk_widget_class_install_action (widget_class, "sidebar.refresh", NULL, refresh_action);

  g_type_ensure (LENS_TYPE_SIDEBAR_ROW);
}

static void
lens_endpoint_sidebar_init (LensEndpointSidebar *self)
{
  self->cancellable = g_cancellable_new ();
  self->sort_mode = g_strdup ("newest");
  self->refresh_interval = 5;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->types = g_list_store_new (LENS_TYPE_TYPE_NODE);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->sorter = gtk_custom_sorter_new (sort_func, self, NULL);
  self->tree = gtk_tree_list_model_new (g_object_ref (G_LIST_MODEL (self->types)),
                                        FALSE, FALSE, create_child_model_cb, self, NULL);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->tree)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  self->endpoint_signals = g_signal_group_new (LENS_TYPE_ENDPOINT);
  g_signal_group_connect_object (self->endpoint_signals, "notify::status",
                                 G_CALLBACK (endpoint_status_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->endpoint_signals, "notify::server-info",
                                 G_CALLBACK (endpoint_server_info_cb), self, G_CONNECT_SWAPPED);

  self->settings = g_settings_new (SCHEMA_ID);
  g_settings_bind (self->settings, "sort-mode", self, "sort-mode", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "refresh-interval", self, "refresh-interval",
                   G_SETTINGS_BIND_GET);

  update_page (self);
}

GtkWidget *
lens_endpoint_sidebar_new (void)
{
  return g_object_new (LENS_TYPE_ENDPOINT_SIDEBAR, NULL);
}

/**
 * lens_endpoint_sidebar_get_endpoint:
 * @self: a #LensEndpointSidebar
 *
 * Returns: (transfer none) (nullable): the endpoint listed
 */
LensEndpoint *
lens_endpoint_sidebar_get_endpoint (LensEndpointSidebar *self)
{
  g_return_val_if_fail (LENS_IS_ENDPOINT_SIDEBAR (self), NULL);
  return self->endpoint;
}

/**
 * lens_endpoint_sidebar_set_endpoint:
 * @self: a #LensEndpointSidebar
 * @endpoint: (nullable): the endpoint to list
 */
void
lens_endpoint_sidebar_set_endpoint (LensEndpointSidebar *self,
                                    LensEndpoint        *endpoint)
{
  g_return_if_fail (LENS_IS_ENDPOINT_SIDEBAR (self));
  g_return_if_fail (endpoint == NULL || LENS_IS_ENDPOINT (endpoint));

  if (!g_set_object (&self->endpoint, endpoint))
    return;

  /* A new endpoint starts from scratch: its types, its actors. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->reveal_looked_up = FALSE;
  self->reveal_refreshed = FALSE;
  g_list_store_remove_all (self->types);
  if (g_set_object (&self->selected_actor, NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ACTOR]);

  g_signal_group_set_target (self->endpoint_signals, endpoint);
  if (endpoint != NULL)
    merge_types (self);
  restart_timer (self);
  update_page (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENDPOINT]);
}

/**
 * lens_endpoint_sidebar_get_selected_actor:
 * @self: a #LensEndpointSidebar
 *
 * Returns: (transfer none) (nullable): the actor chosen last
 */
RkActor *
lens_endpoint_sidebar_get_selected_actor (LensEndpointSidebar *self)
{
  g_return_val_if_fail (LENS_IS_ENDPOINT_SIDEBAR (self), NULL);
  return self->selected_actor;
}

/**
 * lens_endpoint_sidebar_get_types:
 * @self: a #LensEndpointSidebar
 *
 * Returns: (transfer none): a #GListModel of #LensTypeNode
 */
GListModel *
lens_endpoint_sidebar_get_types (LensEndpointSidebar *self)
{
  g_return_val_if_fail (LENS_IS_ENDPOINT_SIDEBAR (self), NULL);
  return G_LIST_MODEL (self->types);
}

/**
 * lens_endpoint_sidebar_refresh:
 * @self: a #LensEndpointSidebar
 *
 * Lists every type again now.
 */
void
lens_endpoint_sidebar_refresh (LensEndpointSidebar *self)
{
  g_return_if_fail (LENS_IS_ENDPOINT_SIDEBAR (self));

  refresh_nodes (self, TRUE);
}

void
lens_endpoint_sidebar_focus_filter (LensEndpointSidebar *self)
{
  g_return_if_fail (LENS_IS_ENDPOINT_SIDEBAR (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->filter_entry));
}
