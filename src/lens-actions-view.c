/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-actions-view.c: call an actor's actions from typed forms; results, errors, history
 *
 * Action names come from the inspector; arguments from a LensArgsEditor.
 * A call goes statelessly over HTTP, or through one of the connections the
 * user opened on the Connections page. Every call is kept in a per-actor
 * history (for this session) and can be shown again or re-run.
 */

#define G_LOG_DOMAIN "lens-actions-view"

#include "config.h"

#include <glib/gi18n.h>

#include "rk-actor.h"
#include "rk-client.h"
#include "rk-compat.h"
#include "rk-connection.h"
#include "rk-inspector.h"

#include "lens-actions-view.h"
#include "lens-args-editor.h"
#include "lens-call-record.h"
#include "lens-call-result.h"
#include "lens-snippet.h"
#include "lens-util.h"

struct _LensActionsView
{
  GtkWidget parent_instance;

  /* Owned references */
  RkClient *client;
  RkActor *actor;
  RkInspector *inspector;
  GListModel *connections;
  GSignalGroup *inspector_signals;
  GSignalGroup *connections_signals;
  GtkStringList *rpcs;
  GtkSingleSelection *selection;
  GtkStringList *via_model;
  GHashTable *histories;
  GHashTable *saved_args;
  GCancellable *cancellable;

  /* Template widgets */
  GtkStack *stack;
  GtkListView *action_list;
  GtkLabel *action_title;
  GtkDropDown *via_dropdown;
  LensArgsEditor *args_editor;
  LensCallResult *call_result;
  GtkListBox *history_list;

  /* State */
  char *action;
  guint next_serial;
};

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_ACTOR,
  PROP_INSPECTOR,
  PROP_CONNECTIONS,
  PROP_ACTION,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (LensActionsView, lens_actions_view, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static GListStore *
get_history (LensActionsView *self)
{
  GListStore *store;

  if (self->actor == NULL)
    return NULL;

  store = g_hash_table_lookup (self->histories, rk_actor_get_id (self->actor));
  if (store == NULL)
    {
      store = g_list_store_new (LENS_TYPE_CALL_RECORD);
      g_hash_table_insert (self->histories, g_strdup (rk_actor_get_id (self->actor)), store);
    }

  return store;
}

/* Saved forms are per actor type and action: switching between two
 * counters keeps the arguments typed for "increment". */
static char *
saved_args_key (LensActionsView *self,
                const char      *action)
{
  return g_strdup_printf ("%s/%s", self->actor ? rk_actor_get_name (self->actor) : "", action);
}

static void
save_args (LensActionsView *self)
{
  g_autoptr(JsonNode) args = NULL;

  if (self->action == NULL || !(args = lens_args_editor_dup_args (self->args_editor, NULL)))
    return;

  g_hash_table_insert (self->saved_args, saved_args_key (self, self->action),
                       g_steal_pointer (&args));
}

static void
update_page (LensActionsView *self)
{
  const char *page;

  if (self->inspector == NULL)
    page = "asleep";
  else if (!rk_inspector_get_loaded (self->inspector))
    page = "loading";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->rpcs)) == 0)
    page = "empty";
  else
    page = "actions";

  gtk_stack_set_visible_child_name (self->stack, page);
}

static void
update_rpcs (LensActionsView *self)
{
  const char * const *rpcs = self->inspector ? rk_inspector_get_rpcs (self->inspector) : NULL;
  g_autofree char *previous = g_strdup (self->action);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rpcs));
  gboolean same = rpcs != NULL && g_strv_length ((char **)rpcs) == n;

  for (guint i = 0; same && i < n; i++)
    same = g_str_equal (rpcs[i], gtk_string_list_get_string (self->rpcs, i));

  if (!same)
    {
      gtk_string_list_splice (self->rpcs, 0, n, rpcs);
      if (previous != NULL)
        lens_actions_view_set_action (self, previous);
    }

  update_page (self);
}

static void
update_via (LensActionsView *self)
{
  guint selected = gtk_drop_down_get_selected (self->via_dropdown);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->via_model));
  guint n_connections = self->connections ? g_list_model_get_n_items (self->connections) : 0;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (labels, g_strdup (_("Stateless (HTTP)")));
  for (guint i = 0; i < n_connections; i++)
    {
      g_autoptr(RkConnection) connection = g_list_model_get_item (self->connections, i);
      g_autofree char *id = lens_short_id (rk_connection_get_connection_id (connection));

      /* Translators: %u numbers the connections from 1; %s is a short ID */
      g_ptr_array_add (labels, g_strdup_printf (_("Connection %u %s"),
                                                 lens_connection_number (self->connections,
                                                                         connection),
                                                 id));
    }
  g_ptr_array_add (labels, NULL);

  gtk_string_list_splice (self->via_model, 0, n, (const char * const *)labels->pdata);
  gtk_drop_down_set_selected (self->via_dropdown, selected <= n_connections ? selected : 0);
}

static RkConnection *
get_via_connection (LensActionsView *self)
{
  guint selected = gtk_drop_down_get_selected (self->via_dropdown);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || self->connections == NULL ||
      selected > g_list_model_get_n_items (self->connections))
    return NULL;

  return g_list_model_get_item (self->connections, selected - 1);
}

static void
selection_changed_cb (LensActionsView *self)
{
  GtkStringObject *item = gtk_single_selection_get_selected_item (self->selection);
  const char *action = item ? gtk_string_object_get_string (item) : NULL;
  g_autofree char *key = NULL;

  if (g_strcmp0 (action, self->action) == 0)
    return;

  save_args (self);
  g_free (self->action);
  self->action = g_strdup (action);

  gtk_label_set_text (self->action_title, action ? action : "");
  if (action != NULL)
    {
      key = saved_args_key (self, action);
      lens_args_editor_set_args (self->args_editor, g_hash_table_lookup (self->saved_args, key));
    }
  lens_call_result_set_record (self->call_result, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "actions.invoke", action != NULL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTION]);
}

/* History rows */

static void
update_history_subtitle (AdwActionRow   *row,
                         GParamSpec     *pspec,
                         LensCallRecord *record)
{
  g_autofree char *summary = lens_call_record_dup_summary (record);

  adw_action_row_set_subtitle (row, summary);
}

static void
update_history_icon (GtkImage       *icon,
                     GParamSpec     *pspec,
                     LensCallRecord *record)
{
  gtk_widget_remove_css_class (GTK_WIDGET (icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (icon), "error");

  if (lens_call_record_get_pending (record))
    gtk_image_set_from_icon_name (icon, "content-loading-symbolic");
  else if (lens_call_record_get_error (record) != NULL)
    {
      gtk_image_set_from_icon_name (icon, "dialog-error-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (icon), "error");
    }
  else
    {
      gtk_image_set_from_icon_name (icon, "emblem-ok-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (icon), "success");
    }
}

static GtkWidget *
create_history_row (gpointer item,
                    gpointer user_data)
{
  LensCallRecord *record = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *rerun = gtk_button_new_from_icon_name ("view-refresh-symbolic");
  g_autofree char *title = lens_call_record_dup_title (record);
  GVariant *target = g_variant_new_uint32 (lens_call_record_get_serial (record));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  gtk_widget_add_css_class (row, "history-row");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  gtk_widget_set_valign (rerun, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (rerun, "flat");
  gtk_widget_set_tooltip_text (rerun, _("Run Again"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (rerun),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Run this call again"),
                                  -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (rerun), "actions.rerun");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (rerun), target);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), rerun);

  /* Activating the row shows that call's result again. */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "actions.show-call");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row), target);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  g_signal_connect_object (record, "notify::pending", G_CALLBACK (update_history_subtitle), row,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (record, "notify::pending", G_CALLBACK (update_history_icon), icon,
                           G_CONNECT_SWAPPED);
  update_history_subtitle (ADW_ACTION_ROW (row), NULL, record);
  update_history_icon (GTK_IMAGE (icon), NULL, record);

  return row;
}

static LensCallRecord *
find_record (LensActionsView *self,
             guint            serial)
{
  GListStore *history = get_history (self);
  guint n = history ? g_list_model_get_n_items (G_LIST_MODEL (history)) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LensCallRecord) record = g_list_model_get_item (G_LIST_MODEL (history), i);

      if (lens_call_record_get_serial (record) == serial)
        return record;
    }

  return NULL;
}

/* Invoking */

static void
client_action_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(LensCallRecord) record = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) output = rk_client_action_finish (RK_CLIENT (object), result, &error);

  lens_call_record_finish (record, output, error);
}

static void
connection_action_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(LensCallRecord) record = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) output = rk_connection_action_finish (RK_CONNECTION (object), result,
                                                            &error);

  lens_call_record_finish (record, output, error);
}

static void
invoke (LensActionsView *self,
        const char      *action,
        JsonNode        *args)
{
  g_autoptr(RkConnection) connection = get_via_connection (self);
  g_autoptr(LensCallRecord) record = NULL;
  g_autofree char *via = NULL;

  if (self->client == NULL || self->actor == NULL)
    return;

  if (connection != NULL)
    {
      g_autofree char *id = lens_short_id (rk_connection_get_connection_id (connection));
      /* Translators: how a call was made; %s is a short connection ID */
      via = g_strdup_printf (_("connection %s"), id);
    }
  else
    via = g_strdup (_("HTTP"));

  record = lens_call_record_new (++self->next_serial, action, args, via);
  g_list_store_insert (get_history (self), 0, record);
  lens_call_result_set_record (self->call_result, record);

  if (connection != NULL)
    rk_connection_action_async (connection, action, args, self->cancellable,
                                connection_action_cb, g_object_ref (record));
  else
    rk_client_action_async (self->client, rk_actor_get_id (self->actor), action, args, NULL,
                            self->cancellable, client_action_cb, g_object_ref (record));
}

static void
invoke_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  lens_actions_view_invoke (LENS_ACTIONS_VIEW (widget));
}

static void
rerun_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  LensActionsView *self = LENS_ACTIONS_VIEW (widget);
  LensCallRecord *record = find_record (self, g_variant_get_uint32 (parameter));
  g_autofree char *action = NULL;
  g_autoptr(JsonNode) args = NULL;

  if (record == NULL)
    return;

  /* Load the call into the form too, so it can be tweaked next. */
  action = g_strdup (lens_call_record_get_action (record));
  args = json_node_ref (lens_call_record_get_args (record));
  lens_actions_view_set_action (self, action);
  lens_args_editor_set_args (self->args_editor, args);
  invoke (self, action, args);
}

static void
show_call_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LensActionsView *self = LENS_ACTIONS_VIEW (widget);
  LensCallRecord *record = find_record (self, g_variant_get_uint32 (parameter));

  if (record != NULL)
    lens_call_result_set_record (self->call_result, record);
}

static void
clear_history_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  GListStore *history = get_history (LENS_ACTIONS_VIEW (widget));

  if (history != NULL)
    g_list_store_remove_all (history);
}

static void
copy_snippet (LensActionsView *self,
              gboolean         curl)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) args = NULL;
  g_autoptr(RkConnection) connection = get_via_connection (self);
  JsonNode *params = connection ? rk_connection_get_conn_params (connection) : NULL;
  g_autofree char *text = NULL;

  if (self->client == NULL || self->actor == NULL || self->action == NULL)
    return;

  if (!(args = lens_args_editor_dup_args (self->args_editor, &error)))
    {
      lens_widget_toast (GTK_WIDGET (self), error->message);
      return;
    }

  if (curl)
    text = lens_snippet_curl (rk_client_get_endpoint (self->client),
                              rk_client_has_token (self->client),
                              rk_actor_get_id (self->actor), self->action, args, params);
  else
    text = lens_snippet_typescript (rk_client_get_endpoint (self->client),
                                    rk_client_get_namespace (self->client),
                                    rk_client_has_token (self->client),
                                    rk_actor_get_name (self->actor),
                                    rk_actor_get_key (self->actor),
                                    rk_actor_get_id (self->actor),
                                    self->action, args, params);

  lens_widget_copy (GTK_WIDGET (self), text,
                    curl ? _("Copied as a curl command") : _("Copied as TypeScript"));
}

static void
copy_curl_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  copy_snippet (LENS_ACTIONS_VIEW (widget), TRUE);
}

static void
copy_typescript_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  copy_snippet (LENS_ACTIONS_VIEW (widget), FALSE);
}

/* GObject */

static void
set_actor (LensActionsView *self,
           RkActor         *actor)
{
  if (self->actor == actor)
    return;

  save_args (self);
  g_set_object (&self->actor, actor);

  /* Calls under way belong to the previous actor: cancel them. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  gtk_list_box_bind_model (self->history_list, G_LIST_MODEL (get_history (self)),
                           create_history_row, self, NULL);
  lens_call_result_set_record (self->call_result, NULL);
  g_clear_pointer (&self->action, g_free);
  selection_changed_cb (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTOR]);
}

static void
lens_actions_view_dispose (GObject *object)
{
  LensActionsView *self = (LensActionsView *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->inspector_signals != NULL)
    g_signal_group_set_target (self->inspector_signals, NULL);
  if (self->connections_signals != NULL)
    g_signal_group_set_target (self->connections_signals, NULL);
  if (self->history_list != NULL)
    gtk_list_box_bind_model (self->history_list, NULL, NULL, NULL, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), LENS_TYPE_ACTIONS_VIEW);

  lens_widget_unparent_children (GTK_WIDGET (self));

  g_clear_object (&self->inspector_signals);
  g_clear_object (&self->connections_signals);
  g_clear_object (&self->client);
  g_clear_object (&self->actor);
  g_clear_object (&self->inspector);
  g_clear_object (&self->connections);
  g_clear_object (&self->selection);
  g_clear_object (&self->rpcs);
  g_clear_object (&self->via_model);
  g_clear_pointer (&self->histories, g_hash_table_unref);
  g_clear_pointer (&self->saved_args, g_hash_table_unref);

  G_OBJECT_CLASS (lens_actions_view_parent_class)->dispose (object);
}

static void
lens_actions_view_finalize (GObject *object)
{
  LensActionsView *self = (LensActionsView *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->action, g_free);

  G_OBJECT_CLASS (lens_actions_view_parent_class)->finalize (object);
}

static void
lens_actions_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  LensActionsView *self = LENS_ACTIONS_VIEW (object);

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

    case PROP_ACTION:
      g_value_set_string (value, self->action);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lens_actions_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  LensActionsView *self = LENS_ACTIONS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      if (g_set_object (&self->client, g_value_get_object (value)))
        g_object_notify_by_pspec (object, pspec);
      break;

    case PROP_ACTOR:
      set_actor (self, g_value_get_object (value));
      break;

    case PROP_INSPECTOR:
      if (g_set_object (&self->inspector, g_value_get_object (value)))
        {
          g_signal_group_set_target (self->inspector_signals, self->inspector);
          update_rpcs (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_CONNECTIONS:
      if (g_set_object (&self->connections, g_value_get_object (value)))
        {
          g_signal_group_set_target (self->connections_signals, self->connections);
          update_via (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_ACTION:
      lens_actions_view_set_action (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lens_actions_view_class_init (LensActionsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = lens_actions_view_dispose;
  object_class->finalize = lens_actions_view_finalize;
  object_class->get_property = lens_actions_view_get_property;
  object_class->set_property = lens_actions_view_set_property;

  properties[PROP_CLIENT] = g_param_spec_object ("client", NULL, NULL, RK_TYPE_CLIENT, rw);
  properties[PROP_ACTOR] = g_param_spec_object ("actor", NULL, NULL, RK_TYPE_ACTOR, rw);
  properties[PROP_INSPECTOR] =
    g_param_spec_object ("inspector", NULL, NULL, RK_TYPE_INSPECTOR, rw);
  properties[PROP_CONNECTIONS] =
    g_param_spec_object ("connections", NULL, NULL, G_TYPE_LIST_MODEL, rw);
  properties[PROP_ACTION] = g_param_spec_string ("action", NULL, NULL, NULL, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/actorlens/ActorLens/lens-actions-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LensActionsView, stack);
  gtk_widget_class_bind_template_child (widget_class, LensActionsView, action_list);
  gtk_widget_class_bind_template_child (widget_class, LensActionsView, action_title);
  gtk_widget_class_bind_template_child (widget_class, LensActionsView, via_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LensActionsView, args_editor);
  gtk_widget_class_bind_template_child (widget_class, LensActionsView, call_result);
  gtk_widget_class_bind_template_child (widget_class, LensActionsView, history_list);

  gtk_widget_class_install_action (widget_class, "actions.invoke", NULL, invoke_action);
  gtk_widget_class_install_action (widget_class, "actions.rerun", "u", rerun_action);
  gtk_widget_class_install_action (widget_class, "actions.show-call", "u", show_call_action);
  gtk_widget_class_install_action (widget_class, "actions.clear-history", NULL,
                                   clear_history_action);
  gtk_widget_class_install_action (widget_class, "actions.copy-curl", NULL, copy_curl_action);
  gtk_widget_class_install_action (widget_class, "actions.copy-typescript", NULL,
                                   copy_typescript_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "actions.invoke", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "actions.invoke", NULL);

  g_type_ensure (LENS_TYPE_ARGS_EDITOR);
  g_type_ensure (LENS_TYPE_CALL_RESULT);
}

static void
lens_actions_view_init (LensActionsView *self)
{
  self->cancellable = g_cancellable_new ();
  self->histories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->saved_args = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify)json_node_unref);

  gtk_widget_init_template (GTK_WIDGET (self));
  lens_drop_down_name_button (self->via_dropdown);

  self->rpcs = gtk_string_list_new (NULL);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->rpcs)));
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_list_view_set_model (self->action_list, GTK_SELECTION_MODEL (self->selection));

  self->via_model = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->via_dropdown, G_LIST_MODEL (self->via_model));

  self->inspector_signals = g_signal_group_new (RK_TYPE_INSPECTOR);
  g_signal_group_connect_swapped (self->inspector_signals, "notify::rpcs",
                                  G_CALLBACK (update_rpcs), self);
  g_signal_group_connect_swapped (self->inspector_signals, "notify::loaded",
                                  G_CALLBACK (update_page), self);
  self->connections_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_swapped (self->connections_signals, "items-changed",
                                  G_CALLBACK (update_via), self);

  update_via (self);
  update_page (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "actions.invoke", FALSE);
}

GtkWidget *
lens_actions_view_new (void)
{
  return g_object_new (LENS_TYPE_ACTIONS_VIEW, NULL);
}

/**
 * lens_actions_view_get_action:
 * @self: a #LensActionsView
 *
 * Returns: (nullable): the selected action
 */
const char *
lens_actions_view_get_action (LensActionsView *self)
{
  g_return_val_if_fail (LENS_IS_ACTIONS_VIEW (self), NULL);
  return self->action;
}

/**
 * lens_actions_view_set_action:
 * @self: a #LensActionsView
 * @action: an action the actor has
 */
void
lens_actions_view_set_action (LensActionsView *self,
                              const char      *action)
{
  guint n;

  g_return_if_fail (LENS_IS_ACTIONS_VIEW (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->rpcs));
  for (guint i = 0; action != NULL && i < n; i++)
    if (g_str_equal (gtk_string_list_get_string (self->rpcs, i), action))
      {
        gtk_single_selection_set_selected (self->selection, i);
        return;
      }
}

/**
 * lens_actions_view_get_args_editor:
 * @self: a #LensActionsView
 *
 * Returns: (transfer none): the arguments editor
 */
LensArgsEditor *
lens_actions_view_get_args_editor (LensActionsView *self)
{
  g_return_val_if_fail (LENS_IS_ACTIONS_VIEW (self), NULL);
  return self->args_editor;
}

/**
 * lens_actions_view_get_history:
 * @self: a #LensActionsView
 *
 * Returns: (transfer none) (nullable): the #LensCallRecord of the actor shown, newest first
 */
GListModel *
lens_actions_view_get_history (LensActionsView *self)
{
  g_return_val_if_fail (LENS_IS_ACTIONS_VIEW (self), NULL);
  return G_LIST_MODEL (get_history (self));
}

/**
 * lens_actions_view_invoke:
 * @self: a #LensActionsView
 *
 * Calls the selected action with the arguments entered.
 */
void
lens_actions_view_invoke (LensActionsView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) args = NULL;

  g_return_if_fail (LENS_IS_ACTIONS_VIEW (self));

  if (self->action == NULL)
    return;

  if (!(args = lens_args_editor_dup_args (self->args_editor, &error)))
    {
      lens_widget_toast (GTK_WIDGET (self), error->message);
      return;
    }

  invoke (self, self->action, args);
}
