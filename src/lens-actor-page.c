/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-actor-page.c: one actor: overview, state, actions, connections, events
 *
 * The page owns what is live for the actor shown: its RkInspector and the
 * connections the user opened. Changing the actor, or closing the page,
 * cancels requests, stops the inspector and closes the connections.
 *
 * The inspector only starts for an awake actor (or after the user wakes
 * it): looking at a sleeping actor does not wake it.
 */

#define G_LOG_DOMAIN "lens-actor-page"

#include "config.h"

#include <glib/gi18n.h>

#include "rk-connection.h"
#include "rk-key.h"

#include "lens-actions-view.h"
#include "lens-actor-page.h"
#include "lens-connections-view.h"
#include "lens-events-view.h"
#include "lens-overview-page.h"
#include "lens-queue-view.h"
#include "lens-raw-view.h"
#include "lens-state-view.h"
#include "lens-util.h"

struct _LensActorPage
{
  GtkWidget parent_instance;

  /* Owned references */
  LensEndpoint *endpoint;
  RkActor *actor;
  GSignalGroup *actor_signals;
  RkInspector *inspector;
  GListStore *connections;
  GCancellable *cancellable;
  GSettings *settings;

  /* Template widgets */
  AdwViewStack *view_stack;

  /* State */
  guint woken : 1;
};

enum {
  PROP_0,
  PROP_ENDPOINT,
  PROP_CLIENT,
  PROP_ACTOR,
  PROP_INSPECTOR,
  PROP_CONNECTIONS,
  PROP_VIEW_STACK,
  PROP_TITLE,
  PROP_SUBTITLE,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (LensActorPage, lens_actor_page, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static RkClient *
get_client (LensActorPage *self)
{
  return self->endpoint ? lens_endpoint_get_client (self->endpoint) : NULL;
}

static char *
dup_title (LensActorPage *self)
{
  if (self->actor == NULL)
    return NULL;
  if (rk_actor_get_key (self->actor) == NULL)
    return lens_short_id (rk_actor_get_id (self->actor));
  return rk_key_to_display (rk_actor_get_key (self->actor));
}

static char *
dup_subtitle (LensActorPage *self)
{
  if (self->actor == NULL)
    return NULL;
  return g_strdup (rk_actor_get_name (self->actor));
}

static void
update_inspector (LensActorPage *self)
{
  RkClient *client = get_client (self);
  gboolean want = FALSE;

  if (self->actor != NULL && client != NULL)
    {
      switch (rk_actor_get_status (self->actor))
        {
        case RK_ACTOR_STATUS_AWAKE:
          want = TRUE;
          break;

        case RK_ACTOR_STATUS_SLEEPING:
        case RK_ACTOR_STATUS_PENDING:
          want = self->woken;
          break;

        case RK_ACTOR_STATUS_DESTROYED:
        default:
          want = FALSE;
          break;
        }
    }

  if (want && self->inspector != NULL &&
      g_strcmp0 (rk_inspector_get_actor_id (self->inspector), rk_actor_get_id (self->actor)) == 0)
    return;

  if (self->inspector != NULL)
    {
      rk_inspector_stop (self->inspector);
      g_clear_object (&self->inspector);
    }

  if (want)
    {
      self->inspector = rk_inspector_new (client, rk_actor_get_id (self->actor));
      rk_inspector_start (self->inspector);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INSPECTOR]);
}

static void
close_connections (LensActorPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->connections));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RkConnection) connection = g_list_model_get_item (G_LIST_MODEL (self->connections),
                                                                  i);
      rk_connection_close (connection);
    }
  g_list_store_remove_all (self->connections);
}

static void
actor_status_cb (LensActorPage *self,
                 GParamSpec    *pspec,
                 RkActor       *actor)
{
  /* Asleep again after a wake: wait for the next explicit wake. */
  if (rk_actor_get_status (actor) == RK_ACTOR_STATUS_AWAKE)
    self->woken = FALSE;
  update_inspector (self);
}

/* Re-reads the actor's record so the page and the sidebar show what
 * just happened; the directory never wakes it. */
static void
refetch_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  LensActorPage *self;

  if (!(found = rk_client_get_actors_by_ids_finish (RK_CLIENT (object), result, &error)) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = LENS_ACTOR_PAGE (user_data);
  if (found == NULL)
    {
      g_debug ("refetching the actor failed: %s", error->message);
      return;
    }

  for (guint i = 0; i < found->len && self->actor != NULL; i++)
    {
      RkActor *fresh = g_ptr_array_index (found, i);

      if (g_strcmp0 (rk_actor_get_id (fresh), rk_actor_get_id (self->actor)) == 0)
        rk_actor_update_from (self->actor, fresh);
    }
}

static void
refetch (LensActorPage *self)
{
  const char *ids[2] = { NULL, NULL };

  if (self->actor == NULL || get_client (self) == NULL)
    return;

  ids[0] = rk_actor_get_id (self->actor);
  rk_client_get_actors_by_ids_async (get_client (self), ids, self->cancellable, refetch_cb, self);
}

/* Actions */

static void
wake_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  LensActorPage *self;

  if (!rk_client_wake_actor_finish (RK_CLIENT (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = LENS_ACTOR_PAGE (user_data);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "actor.wake", TRUE);

  if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Can’t wake the actor: %s"), error->message);
      lens_widget_toast (GTK_WIDGET (self), message);
      return;
    }

  self->woken = TRUE;
  update_inspector (self);
  refetch (self);
}

static void
wake_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LensActorPage *self = LENS_ACTOR_PAGE (widget);

  if (self->actor == NULL || get_client (self) == NULL)
    return;

  gtk_widget_action_set_enabled (widget, "actor.wake", FALSE);
  rk_client_wake_actor_async (get_client (self), rk_actor_get_id (self->actor),
                              self->cancellable, wake_cb, self);
}

static void
destroy_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  LensActorPage *self;

  if (!rk_client_destroy_actor_finish (RK_CLIENT (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = LENS_ACTOR_PAGE (user_data);
  if (error != NULL)
    message = g_strdup_printf (_("Can’t destroy the actor: %s"), error->message);
  else
    message = g_strdup (_("Actor destroyed"));
  lens_widget_toast (GTK_WIDGET (self), message);

  close_connections (self);
  refetch (self);
}

static void
destroy_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     LensActorPage    *self)
{
  if (g_strcmp0 (response, "destroy") != 0 || self->actor == NULL || get_client (self) == NULL)
    return;

  rk_client_destroy_actor_async (get_client (self), rk_actor_get_id (self->actor),
                                 self->cancellable, destroy_cb, self);
}

static void
destroy_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LensActorPage *self = LENS_ACTOR_PAGE (widget);
  g_autofree char *what = NULL;
  g_autofree char *heading = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (self->actor == NULL)
    return;

  what = lens_describe_actor (rk_actor_get_name (self->actor), rk_actor_get_key (self->actor));
  /* Translators: %s is an actor, "type/key" */
  heading = g_strdup_printf (_("Destroy “%s”?"), what);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   _("Its state is deleted and its connections are closed. "
                                     "This cannot be undone."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "destroy", _("_Destroy"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "destroy",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (destroy_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
copy_id_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LensActorPage *self = LENS_ACTOR_PAGE (widget);

  if (self->actor != NULL)
    lens_widget_copy (widget, rk_actor_get_id (self->actor), _("Actor ID copied"));
}

static void
update_actions (LensActorPage *self)
{
  RkServerInfo *info = self->endpoint ? lens_endpoint_get_server_info (self->endpoint) : NULL;
  gboolean has_actor = self->actor != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "actor.wake", has_actor);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "actor.copy-id", has_actor);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "actor.destroy",
                                 has_actor && info != NULL &&
                                 rk_server_info_supports_destroy (info));
}

/* GObject */

static void
lens_actor_page_dispose (GObject *object)
{
  LensActorPage *self = (LensActorPage *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->connections != NULL)
    close_connections (self);
  if (self->inspector != NULL)
    rk_inspector_stop (self->inspector);
  if (self->actor_signals != NULL)
    g_signal_group_set_target (self->actor_signals, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), LENS_TYPE_ACTOR_PAGE);

  lens_widget_unparent_children (GTK_WIDGET (self));

  g_clear_object (&self->actor_signals);
  g_clear_object (&self->inspector);
  g_clear_object (&self->actor);
  g_clear_object (&self->endpoint);
  g_clear_object (&self->connections);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (lens_actor_page_parent_class)->dispose (object);
}

static void
lens_actor_page_finalize (GObject *object)
{
  LensActorPage *self = (LensActorPage *)object;

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (lens_actor_page_parent_class)->finalize (object);
}

static void
lens_actor_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  LensActorPage *self = LENS_ACTOR_PAGE (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      g_value_set_object (value, self->endpoint);
      break;

    case PROP_CLIENT:
      g_value_set_object (value, get_client (self));
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

    case PROP_VIEW_STACK:
      g_value_set_object (value, self->view_stack);
      break;

    case PROP_TITLE:
      g_value_take_string (value, dup_title (self));
      break;

    case PROP_SUBTITLE:
      g_value_take_string (value, dup_subtitle (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lens_actor_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  LensActorPage *self = LENS_ACTOR_PAGE (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      lens_actor_page_set_endpoint (self, g_value_get_object (value));
      break;

    case PROP_ACTOR:
      lens_actor_page_set_actor (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lens_actor_page_class_init (LensActorPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = lens_actor_page_dispose;
  object_class->finalize = lens_actor_page_finalize;
  object_class->get_property = lens_actor_page_get_property;
  object_class->set_property = lens_actor_page_set_property;

  properties[PROP_ENDPOINT] =
    g_param_spec_object ("endpoint", NULL, NULL, LENS_TYPE_ENDPOINT, rw);
  properties[PROP_CLIENT] = g_param_spec_object ("client", NULL, NULL, RK_TYPE_CLIENT, ro);
  properties[PROP_ACTOR] = g_param_spec_object ("actor", NULL, NULL, RK_TYPE_ACTOR, rw);
  properties[PROP_INSPECTOR] =
    g_param_spec_object ("inspector", NULL, NULL, RK_TYPE_INSPECTOR, ro);
  properties[PROP_CONNECTIONS] =
    g_param_spec_object ("connections", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  properties[PROP_VIEW_STACK] =
    g_param_spec_object ("view-stack", NULL, NULL, ADW_TYPE_VIEW_STACK, ro);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, ro);
  properties[PROP_SUBTITLE] = g_param_spec_string ("subtitle", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/actorlens/ActorLens/lens-actor-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LensActorPage, view_stack);

  gtk_widget_class_install_action (widget_class, "actor.wake", NULL, wake_action);
  gtk_widget_class_install_action (widget_class, "actor.destroy", NULL, destroy_action);
  gtk_widget_class_install_action (widget_class, "actor.copy-id", NULL, copy_id_action);

  g_type_ensure (LENS_TYPE_ACTIONS_VIEW);
  g_type_ensure (LENS_TYPE_CONNECTIONS_VIEW);
  g_type_ensure (LENS_TYPE_EVENTS_VIEW);
  g_type_ensure (LENS_TYPE_OVERVIEW_PAGE);
  g_type_ensure (LENS_TYPE_QUEUE_VIEW);
  g_type_ensure (LENS_TYPE_RAW_VIEW);
  g_type_ensure (LENS_TYPE_STATE_VIEW);
}

static void
lens_actor_page_init (LensActorPage *self)
{
  self->cancellable = g_cancellable_new ();
  self->connections = g_list_store_new (RK_TYPE_CONNECTION);
  self->actor_signals = g_signal_group_new (RK_TYPE_ACTOR);
  g_signal_group_connect_object (self->actor_signals, "notify::status",
                                 G_CALLBACK (actor_status_cb), self, G_CONNECT_SWAPPED);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (SCHEMA_ID);
  update_actions (self);
}

GtkWidget *
lens_actor_page_new (void)
{
  return g_object_new (LENS_TYPE_ACTOR_PAGE, NULL);
}

/**
 * lens_actor_page_get_endpoint:
 * @self: a #LensActorPage
 *
 * Returns: (transfer none) (nullable): the server of the actor
 */
LensEndpoint *
lens_actor_page_get_endpoint (LensActorPage *self)
{
  g_return_val_if_fail (LENS_IS_ACTOR_PAGE (self), NULL);
  return self->endpoint;
}

/**
 * lens_actor_page_set_endpoint:
 * @self: a #LensActorPage
 * @endpoint: (nullable): the server
 */
void
lens_actor_page_set_endpoint (LensActorPage *self,
                              LensEndpoint  *endpoint)
{
  g_return_if_fail (LENS_IS_ACTOR_PAGE (self));
  g_return_if_fail (endpoint == NULL || LENS_IS_ENDPOINT (endpoint));

  if (self->endpoint != NULL)
    g_signal_handlers_disconnect_by_func (self->endpoint, update_actions, self);

  if (!g_set_object (&self->endpoint, endpoint))
    return;

  if (endpoint != NULL)
    g_signal_connect_object (endpoint, "notify::server-info", G_CALLBACK (update_actions), self,
                             G_CONNECT_SWAPPED);

  lens_actor_page_set_actor (self, NULL);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENDPOINT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

/**
 * lens_actor_page_get_actor:
 * @self: a #LensActorPage
 *
 * Returns: (transfer none) (nullable): the actor shown
 */
RkActor *
lens_actor_page_get_actor (LensActorPage *self)
{
  g_return_val_if_fail (LENS_IS_ACTOR_PAGE (self), NULL);
  return self->actor;
}

/**
 * lens_actor_page_set_actor:
 * @self: a #LensActorPage
 * @actor: (nullable): the actor to show
 *
 * Cancels everything under way for the previous actor and closes its
 * connections.
 */
void
lens_actor_page_set_actor (LensActorPage *self,
                           RkActor       *actor)
{
  g_return_if_fail (LENS_IS_ACTOR_PAGE (self));
  g_return_if_fail (actor == NULL || RK_IS_ACTOR (actor));

  if (!g_set_object (&self->actor, actor))
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  close_connections (self);
  self->woken = FALSE;

  g_signal_group_set_target (self->actor_signals, actor);

  /* With “wake on select”, a sleeping actor is woken to be inspected. */
  if (actor != NULL && rk_actor_get_status (actor) != RK_ACTOR_STATUS_AWAKE &&
      rk_actor_get_status (actor) != RK_ACTOR_STATUS_DESTROYED &&
      g_settings_get_boolean (self->settings, "wake-on-select"))
    wake_action (GTK_WIDGET (self), "actor.wake", NULL);

  update_inspector (self);
  update_actions (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTOR]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBTITLE]);
}

/**
 * lens_actor_page_get_inspector:
 * @self: a #LensActorPage
 *
 * Returns: (transfer none) (nullable): the live inspector, while the actor
 *   is awake
 */
RkInspector *
lens_actor_page_get_inspector (LensActorPage *self)
{
  g_return_val_if_fail (LENS_IS_ACTOR_PAGE (self), NULL);
  return self->inspector;
}

/**
 * lens_actor_page_get_connections:
 * @self: a #LensActorPage
 *
 * Returns: (transfer none): the #RkConnection the user opened to the actor
 */
GListModel *
lens_actor_page_get_connections (LensActorPage *self)
{
  g_return_val_if_fail (LENS_IS_ACTOR_PAGE (self), NULL);
  return G_LIST_MODEL (self->connections);
}

/**
 * lens_actor_page_get_view_stack:
 * @self: a #LensActorPage
 *
 * Returns: (transfer none): the stack of pages, for a view switcher
 */
AdwViewStack *
lens_actor_page_get_view_stack (LensActorPage *self)
{
  g_return_val_if_fail (LENS_IS_ACTOR_PAGE (self), NULL);
  return self->view_stack;
}

/**
 * lens_actor_page_show_page:
 * @self: a #LensActorPage
 * @name: "overview", "state", "actions", "connections", "events", "raw" or
 *   "queue"
 */
void
lens_actor_page_show_page (LensActorPage *self,
                           const char    *name)
{
  g_return_if_fail (LENS_IS_ACTOR_PAGE (self));
  g_return_if_fail (name != NULL);

  if (adw_view_stack_get_child_by_name (self->view_stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, name);
}

/**
 * lens_actor_page_refresh:
 * @self: a #LensActorPage
 *
 * Reads the actor's record again.
 */
void
lens_actor_page_refresh (LensActorPage *self)
{
  g_return_if_fail (LENS_IS_ACTOR_PAGE (self));

  refetch (self);
}
