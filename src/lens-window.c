/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-window.c: the main window: sidebar, actor page, header bars, toasts
 *
 * Only the shell: the window hands its LensEndpoint to the sidebar and the
 * actor page (bound in the .ui) and turns win.* actions into calls on them.
 */

#define G_LOG_DOMAIN "lens-window"

#include "config.h"

#include <glib/gi18n.h>

#include "lens-actor-page.h"
#include "lens-connect-window.h"
#include "lens-endpoint-pill.h"
#include "lens-endpoint-sidebar.h"
#include "lens-window.h"

struct _LensWindow
{
  AdwApplicationWindow parent_instance;

  /* Owned references */
  LensEndpoint *endpoint;
  GSettings *settings;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  AdwLeaflet *leaflet;
  GtkWidget *sidebar_box;
  LensEndpointSidebar *sidebar;
  GtkStack *content_stack;
  LensActorPage *actor_page;
  AdwViewSwitcherTitle *switcher_title;
  GtkWidget *switcher_bar;

  /* State */
  LensEndpointStatus last_status;
};

enum {
  PROP_0,
  PROP_ENDPOINT,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (LensWindow, lens_window, ADW_TYPE_APPLICATION_WINDOW)

static GParamSpec *properties[N_PROPS];

static void
toast (LensWindow *self,
       const char *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

static void
endpoint_status_cb (LensWindow   *self,
                    GParamSpec   *pspec,
                    LensEndpoint *endpoint)
{
  LensEndpointStatus status = lens_endpoint_get_status (endpoint);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  RkClient *client = lens_endpoint_get_client (endpoint);

  if (status == LENS_ENDPOINT_STATUS_CONNECTED)
    {
      if (LENS_IS_APPLICATION (app))
        lens_application_remember_endpoint (LENS_APPLICATION (app),
                                            rk_client_get_configured_endpoint (client),
                                            rk_client_get_namespace (client));
      if (self->last_status == LENS_ENDPOINT_STATUS_UNREACHABLE)
        toast (self, _("The server is reachable again"));
    }
  else if (status == LENS_ENDPOINT_STATUS_UNREACHABLE &&
           self->last_status == LENS_ENDPOINT_STATUS_CONNECTED)
    toast (self, _("The server stopped answering"));

  self->last_status = status;
}

static void
lens_window_selected_actor_cb (LensWindow          *self,
                               GParamSpec          *pspec,
                               LensEndpointSidebar *sidebar)
{
  RkActor *actor = lens_endpoint_sidebar_get_selected_actor (sidebar);

  gtk_stack_set_visible_child_name (self->content_stack, actor ? "actor" : "empty");
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, actor != NULL);
  gtk_widget_set_visible (self->switcher_bar, actor != NULL);

  if (actor != NULL && adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
lens_window_folded_cb (LensWindow *self)
{
  /* Folding shows the sidebar until something is chosen. */
  if (adw_leaflet_get_folded (self->leaflet) &&
      lens_endpoint_sidebar_get_selected_actor (self->sidebar) == NULL)
    adw_leaflet_set_visible_child (self->leaflet, self->sidebar_box);
}

/* Actions */

static void
connected_cb (LensWindow *self,
              RkClient   *client)
{
  g_autoptr(LensEndpoint) endpoint = lens_endpoint_new (client);

  lens_window_set_endpoint (self, endpoint);
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LensWindow *self = LENS_WINDOW (widget);
  GtkWidget *dialog = lens_connect_window_new (GTK_WINDOW (self));

  if (self->endpoint != NULL)
    lens_connect_window_set_client (LENS_CONNECT_WINDOW (dialog),
                                    lens_endpoint_get_client (self->endpoint));
  g_signal_connect_object (dialog, "connected", G_CALLBACK (connected_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LensWindow *self = LENS_WINDOW (widget);

  if (self->endpoint != NULL)
    lens_endpoint_refresh (self->endpoint);
  lens_endpoint_sidebar_refresh (self->sidebar);
  lens_actor_page_refresh (self->actor_page);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LensWindow *self = LENS_WINDOW (widget);

  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->sidebar_box);
  lens_endpoint_sidebar_focus_filter (self->sidebar);
}

static void
create_actor_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  lens_endpoint_sidebar_create_actor (LENS_WINDOW (widget)->sidebar);
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LensWindow *self = LENS_WINDOW (widget);

  if (lens_endpoint_sidebar_get_selected_actor (self->sidebar) == NULL)
    return;

  lens_actor_page_show_page (self->actor_page, g_variant_get_string (parameter, NULL));
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
go_back_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LensWindow *self = LENS_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* GObject */

static void
lens_window_dispose (GObject *object)
{
  LensWindow *self = (LensWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), LENS_TYPE_WINDOW);

  g_clear_object (&self->endpoint);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (lens_window_parent_class)->dispose (object);
}

static void
lens_window_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  LensWindow *self = LENS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      g_value_set_object (value, self->endpoint);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lens_window_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  LensWindow *self = LENS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      lens_window_set_endpoint (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lens_window_class_init (LensWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lens_window_dispose;
  object_class->get_property = lens_window_get_property;
  object_class->set_property = lens_window_set_property;

  properties[PROP_ENDPOINT] =
    g_param_spec_object ("endpoint", NULL, NULL, LENS_TYPE_ENDPOINT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/actorlens/ActorLens/lens-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LensWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LensWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, LensWindow, sidebar_box);
  gtk_widget_class_bind_template_child (widget_class, LensWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, LensWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, LensWindow, actor_page);
  gtk_widget_class_bind_template_child (widget_class, LensWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, LensWindow, switcher_bar);
  gtk_widget_class_bind_template_callback (widget_class, lens_window_selected_actor_cb);
  gtk_widget_class_bind_template_callback (widget_class, lens_window_folded_cb);

  gtk_widget_class_install_action (widget_class, "win.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.create-actor", NULL, create_actor_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.go-back", NULL, go_back_action);

  g_type_ensure (LENS_TYPE_ACTOR_PAGE);
  g_type_ensure (LENS_TYPE_ENDPOINT_PILL);
  g_type_ensure (LENS_TYPE_ENDPOINT_SIDEBAR);
}

static void
lens_window_init (LensWindow *self)
{
  g_autoptr(GSimpleActionGroup) settings_actions = g_simple_action_group_new ();
  g_autoptr(GAction) show_ids = NULL;
  g_autoptr(GAction) wake = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  self->settings = g_settings_new (SCHEMA_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized",
                   G_SETTINGS_BIND_DEFAULT);

  show_ids = g_settings_create_action (self->settings, "show-actor-ids");
  wake = g_settings_create_action (self->settings, "wake-on-select");
  g_action_map_add_action (G_ACTION_MAP (settings_actions), show_ids);
  g_action_map_add_action (G_ACTION_MAP (settings_actions), wake);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "settings",
                                  G_ACTION_GROUP (settings_actions));

  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, FALSE);
  gtk_widget_set_visible (self->switcher_bar, FALSE);
}

/**
 * lens_window_new:
 * @application: the application
 * @endpoint: the server to show
 *
 * Returns: (transfer none): a new window
 */
LensWindow *
lens_window_new (LensApplication *application,
                 LensEndpoint    *endpoint)
{
  g_return_val_if_fail (LENS_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (LENS_IS_ENDPOINT (endpoint), NULL);

  return g_object_new (LENS_TYPE_WINDOW,
                       "application", application,
                       "endpoint", endpoint,
                       NULL);
}

/**
 * lens_window_get_endpoint:
 * @self: a #LensWindow
 *
 * Returns: (transfer none) (nullable): the server shown
 */
LensEndpoint *
lens_window_get_endpoint (LensWindow *self)
{
  g_return_val_if_fail (LENS_IS_WINDOW (self), NULL);
  return self->endpoint;
}

/**
 * lens_window_set_endpoint:
 * @self: a #LensWindow
 * @endpoint: (nullable): the server to show
 */
void
lens_window_set_endpoint (LensWindow   *self,
                          LensEndpoint *endpoint)
{
  g_return_if_fail (LENS_IS_WINDOW (self));
  g_return_if_fail (endpoint == NULL || LENS_IS_ENDPOINT (endpoint));

  if (self->endpoint == endpoint)
    return;

  if (self->endpoint != NULL)
    {
      g_settings_unbind (self->endpoint, "interval");
      g_signal_handlers_disconnect_by_func (self->endpoint, endpoint_status_cb, self);
    }

  g_set_object (&self->endpoint, endpoint);

  self->last_status = LENS_ENDPOINT_STATUS_PROBING;
  if (endpoint != NULL)
    {
      g_settings_bind (self->settings, "refresh-interval", endpoint, "interval",
                       G_SETTINGS_BIND_GET);
      g_signal_connect_object (endpoint, "notify::status", G_CALLBACK (endpoint_status_cb), self,
                               G_CONNECT_SWAPPED);
      endpoint_status_cb (self, NULL, endpoint);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENDPOINT]);
}

/**
 * lens_window_reveal_actor:
 * @self: a #LensWindow
 * @type_name: the actor type
 * @key: the key parts
 *
 * Opens the actor once the server has listed it.
 */
void
lens_window_reveal_actor (LensWindow         *self,
                          const char         *type_name,
                          const char * const *key)
{
  g_return_if_fail (LENS_IS_WINDOW (self));
  g_return_if_fail (type_name != NULL);
  g_return_if_fail (key != NULL);

  lens_endpoint_sidebar_reveal (self->sidebar, type_name, key);
}
