/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-overview-page.c: an actor's identity, lifecycle and live counters */

#define G_LOG_DOMAIN "lens-overview-page"

#include "config.h"

#include <glib/gi18n.h>

#include "rk-actor.h"
#include "rk-inspector.h"
#include "rk-key.h"
#include "rk-server-info.h"

#include "lens-endpoint.h"
#include "lens-metrics-group.h"
#include "lens-overview-page.h"
#include "lens-util.h"

typedef enum
{
  ROW_ID,
  ROW_TYPE,
  ROW_KEY,
  ROW_NAMESPACE,
  ROW_DATACENTER,
  ROW_CRASH_POLICY,
  ROW_CREATED,
  ROW_STARTED,
  ROW_CONNECTABLE,
  ROW_SLEEPING,
  ROW_DESTROYED,
  ROW_INSPECTOR,
  ROW_CONNECTIONS,
  ROW_OWN_CONNECTIONS,
  ROW_QUEUE,
  ROW_FEATURES,
  N_ROWS
} Row;

struct _LensOverviewPage
{
  GtkWidget parent_instance;

  /* Owned references */
  LensEndpoint *endpoint;
  RkActor *actor;
  RkInspector *inspector;
  GListModel *connections;
  GSignalGroup *endpoint_signals;
  GSignalGroup *actor_signals;
  GSignalGroup *inspector_signals;
  GSignalGroup *connections_signals;

  /* Template widgets */
  GtkImage *status_icon;
  GtkLabel *status_title;
  GtkLabel *status_subtitle;
  GtkButton *wake_button;
  AdwPreferencesGroup *identity_group;
  AdwPreferencesGroup *lifecycle_group;
  AdwPreferencesGroup *live_group;
  AdwPreferencesGroup *danger_group;

  /* State */
  GtkLabel *values[N_ROWS];
};

enum {
  PROP_0,
  PROP_ENDPOINT,
  PROP_ACTOR,
  PROP_INSPECTOR,
  PROP_CONNECTIONS,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (LensOverviewPage, lens_overview_page, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static void
add_row (LensOverviewPage    *self,
         AdwPreferencesGroup *group,
         Row                  row,
         const char          *title)
{
  GtkWidget *action_row = adw_action_row_new ();
  GtkWidget *value = gtk_label_new (NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (action_row), title);
  gtk_label_set_selectable (GTK_LABEL (value), TRUE);
  gtk_label_set_wrap (GTK_LABEL (value), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (value), 1);
  gtk_label_set_justify (GTK_LABEL (value), GTK_JUSTIFY_RIGHT);
  gtk_widget_set_hexpand (value, TRUE);
  gtk_widget_add_css_class (value, "dim-label");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (value),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, action_row, NULL,
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (action_row), value);
  adw_preferences_group_add (group, action_row);

  self->values[row] = GTK_LABEL (value);
}

static void
set_value (LensOverviewPage *self,
           Row               row,
           const char       *text)
{
  gtk_label_set_text (self->values[row], text && text[0] ? text : "—");
}

static void
set_time (LensOverviewPage *self,
          Row               row,
          gint64            unix_ms)
{
  g_autofree char *absolute = lens_format_timestamp (unix_ms);
  g_autofree char *relative = lens_format_relative (unix_ms);
  g_autofree char *text = NULL;

  if (unix_ms > 0)
    text = g_strdup_printf ("%s (%s)", absolute, relative);
  set_value (self, row, text);
}

static void
update_status (LensOverviewPage *self)
{
  const char *icon = "weather-clear-night-symbolic";
  const char *title = "";
  const char *subtitle = "";
  gboolean can_wake = FALSE;

  if (self->actor != NULL)
    {
      switch (rk_actor_get_status (self->actor))
        {
        case RK_ACTOR_STATUS_AWAKE:
          icon = "media-record-symbolic";
          title = _("Awake");
          subtitle = self->inspector ? _("Inspecting it live keeps it awake.")
                                     : _("Running and connectable.");
          break;

        case RK_ACTOR_STATUS_SLEEPING:
          title = _("Asleep");
          subtitle = _("Actor Lens leaves it asleep. Waking it starts the actor so its state, "
                       "actions and connections can be inspected.");
          can_wake = self->inspector == NULL;
          break;

        case RK_ACTOR_STATUS_PENDING:
          icon = "emblem-synchronizing-symbolic";
          title = _("Not Started");
          subtitle = _("The actor exists but is not running.");
          can_wake = self->inspector == NULL;
          break;

        case RK_ACTOR_STATUS_DESTROYED:
          icon = "user-trash-symbolic";
          title = _("Destroyed");
          subtitle = _("The server keeps its record; its state is gone.");
          break;

        default:
          break;
        }
    }

  gtk_image_set_from_icon_name (self->status_icon, icon);
  if (self->actor != NULL && rk_actor_get_status (self->actor) == RK_ACTOR_STATUS_AWAKE)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), "success");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "success");
  gtk_label_set_text (self->status_title, title);
  gtk_label_set_text (self->status_subtitle, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->wake_button), can_wake);
}

static void
update_actor (LensOverviewPage *self)
{
  const char * const *key = self->actor ? rk_actor_get_key (self->actor) : NULL;
  g_autofree char *key_text = NULL;

  if (self->actor == NULL)
    return;

  if (key != NULL)
    {
      g_autofree char *display = rk_key_to_display (key);

      if (g_strcmp0 (display, rk_actor_get_serialized_key (self->actor)) == 0)
        key_text = g_steal_pointer (&display);
      else
        /* Translators: the key as shown, then as the wire serialises it */
        key_text = g_strdup_printf (_("%s  (serialized: %s)"), display,
                                    rk_actor_get_serialized_key (self->actor));
    }

  set_value (self, ROW_ID, rk_actor_get_id (self->actor));
  set_value (self, ROW_TYPE, rk_actor_get_name (self->actor));
  set_value (self, ROW_KEY, key ? key_text : _("none"));
  set_value (self, ROW_NAMESPACE, rk_actor_get_namespace_id (self->actor));
  set_value (self, ROW_DATACENTER, rk_actor_get_datacenter (self->actor));
  set_value (self, ROW_CRASH_POLICY, rk_actor_get_crash_policy (self->actor));
  set_time (self, ROW_CREATED, rk_actor_get_create_ts (self->actor));
  set_time (self, ROW_STARTED, rk_actor_get_start_ts (self->actor));
  set_time (self, ROW_CONNECTABLE, rk_actor_get_connectable_ts (self->actor));
  set_time (self, ROW_SLEEPING, rk_actor_get_sleep_ts (self->actor));
  set_time (self, ROW_DESTROYED, rk_actor_get_destroy_ts (self->actor));
  update_status (self);
}

static void
update_live (LensOverviewPage *self)
{
  g_autofree char *transport = NULL;
  g_autofree char *connections = NULL;
  g_autofree char *own = NULL;
  g_autofree char *queue = NULL;
  g_autoptr(GString) features = g_string_new (NULL);
  guint n_own = self->connections ? g_list_model_get_n_items (self->connections) : 0;

  own = g_strdup_printf ("%u", n_own);
  set_value (self, ROW_OWN_CONNECTIONS, own);

  if (self->inspector == NULL)
    {
      set_value (self, ROW_INSPECTOR, _("Not inspecting: the actor is not awake"));
      set_value (self, ROW_CONNECTIONS, NULL);
      set_value (self, ROW_QUEUE, NULL);
      set_value (self, ROW_FEATURES, NULL);
      update_status (self);
      return;
    }

  switch (rk_inspector_get_transport (self->inspector))
    {
    case RK_INSPECTOR_TRANSPORT_PUSH:
      /* Translators: %u is the inspector protocol version */
      transport = g_strdup_printf (_("Live over WebSocket (inspector protocol v%u)"),
                                   rk_inspector_get_protocol_version (self->inspector));
      break;

    case RK_INSPECTOR_TRANSPORT_POLL:
      /* Translators: %s says why the WebSocket is not used */
      transport = g_strdup_printf (_("Polling over HTTP: %s"),
                                   rk_inspector_get_transport_reason (self->inspector));
      break;

    case RK_INSPECTOR_TRANSPORT_NONE:
    default:
      transport = g_strdup (_("Connecting…"));
      break;
    }
  set_value (self, ROW_INSPECTOR, transport);

  if (rk_inspector_get_connections (self->inspector) != NULL)
    {
      JsonNode *node = rk_inspector_get_connections (self->inspector);
      guint n = JSON_NODE_HOLDS_ARRAY (node) ? json_array_get_length (json_node_get_array (node))
                                             : 0;
      connections = g_strdup_printf ("%u", n);
    }
  set_value (self, ROW_CONNECTIONS, connections);

  if (rk_inspector_get_loaded (self->inspector))
    queue = g_strdup_printf ("%" G_GUINT64_FORMAT,
                             rk_inspector_get_queue_size (self->inspector));
  set_value (self, ROW_QUEUE, queue);

  if (rk_inspector_get_is_state_enabled (self->inspector))
    g_string_append (features, _("state"));
  if (rk_inspector_get_is_database_enabled (self->inspector))
    g_string_append_printf (features, "%s%s", features->len ? ", " : "", _("database"));
  if (rk_inspector_get_is_workflow_enabled (self->inspector))
    g_string_append_printf (features, "%s%s", features->len ? ", " : "", _("workflow"));
  set_value (self, ROW_FEATURES, features->str);

  update_status (self);
}

static void
update_danger (LensOverviewPage *self)
{
  RkServerInfo *info = self->endpoint ? lens_endpoint_get_server_info (self->endpoint) : NULL;

  /* RivetKit 2.2's local driver answers DELETE with 404: offer nothing. */
  gtk_widget_set_visible (GTK_WIDGET (self->danger_group),
                          info != NULL && rk_server_info_supports_destroy (info) &&
                          self->actor != NULL &&
                          rk_actor_get_status (self->actor) != RK_ACTOR_STATUS_DESTROYED);
}

static void
lens_overview_page_dispose (GObject *object)
{
  LensOverviewPage *self = (LensOverviewPage *)object;

  g_signal_group_set_target (self->endpoint_signals, NULL);
  g_signal_group_set_target (self->actor_signals, NULL);
  g_signal_group_set_target (self->inspector_signals, NULL);
  g_signal_group_set_target (self->connections_signals, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), LENS_TYPE_OVERVIEW_PAGE);

  lens_widget_unparent_children (GTK_WIDGET (self));

  g_clear_object (&self->endpoint_signals);
  g_clear_object (&self->actor_signals);
  g_clear_object (&self->inspector_signals);
  g_clear_object (&self->connections_signals);
  g_clear_object (&self->endpoint);
  g_clear_object (&self->actor);
  g_clear_object (&self->inspector);
  g_clear_object (&self->connections);

  G_OBJECT_CLASS (lens_overview_page_parent_class)->dispose (object);
}

static void
lens_overview_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  LensOverviewPage *self = LENS_OVERVIEW_PAGE (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      g_value_set_object (value, self->endpoint);
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

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lens_overview_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  LensOverviewPage *self = LENS_OVERVIEW_PAGE (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      if (g_set_object (&self->endpoint, g_value_get_object (value)))
        {
          g_signal_group_set_target (self->endpoint_signals, self->endpoint);
          update_danger (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_ACTOR:
      if (g_set_object (&self->actor, g_value_get_object (value)))
        {
          g_signal_group_set_target (self->actor_signals, self->actor);
          update_actor (self);
          update_danger (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_INSPECTOR:
      if (g_set_object (&self->inspector, g_value_get_object (value)))
        {
          g_signal_group_set_target (self->inspector_signals, self->inspector);
          update_live (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_CONNECTIONS:
      if (g_set_object (&self->connections, g_value_get_object (value)))
        {
          g_signal_group_set_target (self->connections_signals, self->connections);
          update_live (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lens_overview_page_class_init (LensOverviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = lens_overview_page_dispose;
  object_class->get_property = lens_overview_page_get_property;
  object_class->set_property = lens_overview_page_set_property;

  properties[PROP_ENDPOINT] =
    g_param_spec_object ("endpoint", NULL, NULL, LENS_TYPE_ENDPOINT, rw);
  properties[PROP_ACTOR] = g_param_spec_object ("actor", NULL, NULL, RK_TYPE_ACTOR, rw);
  properties[PROP_INSPECTOR] =
    g_param_spec_object ("inspector", NULL, NULL, RK_TYPE_INSPECTOR, rw);
  properties[PROP_CONNECTIONS] =
    g_param_spec_object ("connections", NULL, NULL, G_TYPE_LIST_MODEL, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LENS_TYPE_METRICS_GROUP);
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/actorlens/ActorLens/lens-overview-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LensOverviewPage, status_icon);
  gtk_widget_class_bind_template_child (widget_class, LensOverviewPage, status_title);
  gtk_widget_class_bind_template_child (widget_class, LensOverviewPage, status_subtitle);
  gtk_widget_class_bind_template_child (widget_class, LensOverviewPage, wake_button);
  gtk_widget_class_bind_template_child (widget_class, LensOverviewPage, identity_group);
  gtk_widget_class_bind_template_child (widget_class, LensOverviewPage, lifecycle_group);
  gtk_widget_class_bind_template_child (widget_class, LensOverviewPage, live_group);
  gtk_widget_class_bind_template_child (widget_class, LensOverviewPage, danger_group);
}

static void
lens_overview_page_init (LensOverviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  add_row (self, self->identity_group, ROW_ID, _("ID"));
  add_row (self, self->identity_group, ROW_TYPE, _("Type"));
  add_row (self, self->identity_group, ROW_KEY, _("Key"));
  add_row (self, self->identity_group, ROW_NAMESPACE, _("Namespace"));
  add_row (self, self->identity_group, ROW_DATACENTER, _("Datacenter"));
  add_row (self, self->identity_group, ROW_CRASH_POLICY, _("Crash Policy"));
  add_row (self, self->lifecycle_group, ROW_CREATED, _("Created"));
  add_row (self, self->lifecycle_group, ROW_STARTED, _("Started"));
  add_row (self, self->lifecycle_group, ROW_CONNECTABLE, _("Connectable Since"));
  add_row (self, self->lifecycle_group, ROW_SLEEPING, _("Asleep Since"));
  add_row (self, self->lifecycle_group, ROW_DESTROYED, _("Destroyed"));
  add_row (self, self->live_group, ROW_INSPECTOR, _("Inspector"));
  add_row (self, self->live_group, ROW_CONNECTIONS, _("Connections"));
  add_row (self, self->live_group, ROW_OWN_CONNECTIONS, _("Opened by Actor Lens"));
  add_row (self, self->live_group, ROW_QUEUE, _("Queued Messages"));
  add_row (self, self->live_group, ROW_FEATURES, _("Features"));

  self->endpoint_signals = g_signal_group_new (LENS_TYPE_ENDPOINT);
  g_signal_group_connect_swapped (self->endpoint_signals, "notify::server-info",
                                  G_CALLBACK (update_danger), self);
  self->actor_signals = g_signal_group_new (RK_TYPE_ACTOR);
  g_signal_group_connect_swapped (self->actor_signals, "notify", G_CALLBACK (update_actor), self);
  g_signal_group_connect_swapped (self->actor_signals, "notify::status",
                                  G_CALLBACK (update_danger), self);
  self->inspector_signals = g_signal_group_new (RK_TYPE_INSPECTOR);
  g_signal_group_connect_swapped (self->inspector_signals, "notify", G_CALLBACK (update_live),
                                  self);
  self->connections_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_swapped (self->connections_signals, "items-changed",
                                  G_CALLBACK (update_live), self);

  update_live (self);
  update_danger (self);
}

GtkWidget *
lens_overview_page_new (void)
{
  return g_object_new (LENS_TYPE_OVERVIEW_PAGE, NULL);
}
