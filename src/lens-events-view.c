/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-events-view.c: the events an actor broadcasts, received over the app's connections
 *
 * RivetKit sends a broadcast only to connections subscribed to its name, and
 * event names cannot be discovered: the user names them here, and every
 * connection of the page subscribes. Events of all the connections go to one
 * RkEventLog (a virtualised, capped GListModel) shown in a GtkColumnView.
 *
 * Built for thousands of events a second. The log is flushed once per frame, from a
 * tick callback in the update phase, and following scrolls to the newest row in the
 * same phase, so the list is laid out once per frame; the tick callback runs only
 * while events come (the log's own timer, raised to a few frames, starts it again).
 * GTK 4.8 list views make new row widgets for every row that scrolls in, so the cells
 * are plain GtkInscriptions set from C (no GtkBuilder template per cell), and the
 * status line is redrawn at most STATUS_INTERVAL_MS apart.
 */

#define G_LOG_DOMAIN "lens-events-view"

#include "config.h"

#include <glib/gi18n.h>

#include "rk-actor.h"
#include "rk-client.h"
#include "rk-connection.h"
#include "rk-event.h"

#include "lens-events-view-private.h"
#include "lens-json-tree.h"
#include "lens-util.h"

/* The log's own flush timer while frames flush it: only fires when frames stop */
#define FALLBACK_FLUSH_MS 50
#define STATUS_INTERVAL_MS 250

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_ACTOR,
  PROP_CONNECTIONS,
  PROP_FOLLOW,
  PROP_PAUSED,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (LensEventsView, lens_events_view, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

/* Connections and subscriptions */

static char *
connection_label (LensEventsView *self,
                  RkConnection   *connection)
{
  /* Translators: %u numbers the connections from 1 */
  return g_strdup_printf (_("Connection %u"),
                          lens_connection_number (self->connections, connection));
}

static void
sync_connections (LensEventsView *self)
{
  guint n = self->connections ? g_list_model_get_n_items (self->connections) : 0;
  g_autoptr(GPtrArray) now = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (now, g_list_model_get_item (self->connections, i));

  /* Detach what left the page; attach and subscribe what came. */
  for (guint i = self->attached->len; i > 0; i--)
    {
      RkConnection *connection = g_ptr_array_index (self->attached, i - 1);

      if (!g_ptr_array_find (now, connection, NULL))
        {
          rk_event_log_detach (self->log, connection);
          g_ptr_array_remove_index (self->attached, i - 1);
        }
    }

  for (guint i = 0; i < now->len; i++)
    {
      RkConnection *connection = g_ptr_array_index (now, i);
      g_autofree char *label = connection_label (self, connection);

      if (!g_ptr_array_find (self->attached, connection, NULL))
        g_ptr_array_add (self->attached, g_object_ref (connection));

      rk_event_log_attach (self->log, connection, label);
      for (guint j = 0; j < self->subscriptions->len; j++)
        if (!rk_connection_is_subscribed (connection, g_ptr_array_index (self->subscriptions, j)))
          rk_connection_subscribe (connection, g_ptr_array_index (self->subscriptions, j));
    }
}

void
_lens_events_view_update_page (LensEventsView *self)
{
  guint n_connections = self->connections ? g_list_model_get_n_items (self->connections) : 0;
  const char *description;

  if (rk_event_log_get_n_events (self->log) > 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "log");
      return;
    }

  if (n_connections == 0)
    description = _("Events arrive over a connection. Open one here, or with parameters on the "
                    "Connections page.");
  else if (self->subscriptions->len == 0)
    description = _("RivetKit sends a broadcast only to connections subscribed to its name. "
                    "Type the name of an event above to subscribe.");
  else
    description = _("Subscribed. Events will show here as the actor broadcasts them.");

  adw_status_page_set_description (self->empty_page, description);
  gtk_widget_set_visible (self->open_button, n_connections == 0 && self->actor != NULL);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

static void
rebuild_chips (LensEventsView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->chips))))
    gtk_box_remove (self->chips, child);

  for (guint i = 0; i < self->subscriptions->len; i++)
    {
      const char *name = g_ptr_array_index (self->subscriptions, i);
      GtkWidget *chip = gtk_button_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
      g_autofree char *tooltip = NULL;

      gtk_box_append (GTK_BOX (box), gtk_label_new (name));
      gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("window-close-symbolic"));
      gtk_button_set_child (GTK_BUTTON (chip), box);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (chip), "event-log.unsubscribe");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (chip), "s", name);
      gtk_widget_set_valign (chip, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (chip, "event-chip");
      /* Translators: %s is an event name */
      tooltip = g_strdup_printf (_("Unsubscribe from “%s”"), name);
      gtk_widget_set_tooltip_text (chip, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (chip),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                      -1);
      gtk_box_append (self->chips, chip);
    }
}

/* Frames: flushing and following */

static void
scroll_to_end (LensEventsView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->log));
  GtkAdjustment *adjustment;

  if (n == 0)
    return;

  /* The list positions the row as it lays out, in this frame: no upper to wait for */
  if (self->list_view != NULL)
    {
      gtk_widget_activate_action (self->list_view, "list.scroll-to-item", "u", n - 1);
      return;
    }

  adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
}

/* In the update phase of each frame while events come: publishes them, then follows, so
 * that the list is laid out once, in this frame. */
static gboolean
frame_tick_cb (GtkWidget     *widget,
               GdkFrameClock *frame_clock,
               gpointer       user_data)
{
  LensEventsView *self = LENS_EVENTS_VIEW (widget);
  gboolean busy = FALSE;

  if (!rk_event_log_get_paused (self->log) && rk_event_log_get_n_unflushed (self->log) > 0)
    {
      rk_event_log_flush (self->log);
      busy = TRUE;
    }

  if (self->follow_pending)
    {
      self->follow_pending = FALSE;
      scroll_to_end (self);
      busy = TRUE;
    }

  if (busy)
    return G_SOURCE_CONTINUE;

  /* Quiet: the log's timer flushes the next event, which ticks again */
  self->tick_id = 0;
  return G_SOURCE_REMOVE;
}

static void
start_ticking (LensEventsView *self)
{
  if (self->tick_id == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), frame_tick_cb, NULL, NULL);
}

static void
stop_ticking (LensEventsView *self)
{
  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
}

static void
log_items_changed_cb (LensEventsView *self,
                      guint           position,
                      guint           removed,
                      guint           added)
{
  if (added > 0)
    {
      self->follow_pending = self->follow;
      start_ticking (self);
    }
  if (added > 0 || removed > 0)
    _lens_events_view_update_page (self);
}

/* Status */

static void
update_status (LensEventsView *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = rk_event_log_get_n_events (self->log);
  guint visible = rk_event_log_get_n_visible (self->log);
  guint pending = rk_event_log_get_pending (self->log);

  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u event", "%u events", n), n);
  if (visible != n)
    /* Translators: how many events the filter lets through */
    g_string_append_printf (text, _(" · %u shown"), visible);
  /* Translators: events per second */
  g_string_append_printf (text, _(" · %.1f/s"), rk_event_log_get_rate (self->log));
  if (rk_event_log_get_paused (self->log))
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, " · paused, %u new",
                                               " · paused, %u new", pending), pending);

  gtk_label_set_text (self->status_label, text->str);
  self->status_time = g_get_monotonic_time ();
}

static gboolean
status_cb (gpointer user_data)
{
  LensEventsView *self = user_data;

  self->status_id = 0;
  update_status (self);

  return G_SOURCE_REMOVE;
}

/* The counts change with every flush: the label follows at most STATUS_INTERVAL_MS apart,
 * at once after a quiet spell. */
static void
queue_status (LensEventsView *self)
{
  gint64 since_ms = (g_get_monotonic_time () - self->status_time) / 1000;

  if (self->status_id != 0)
    return;

  if (since_ms >= STATUS_INTERVAL_MS)
    update_status (self);
  else
    self->status_id = g_timeout_add (STATUS_INTERVAL_MS - since_ms, status_cb, self);
}

static void
log_paused_cb (LensEventsView *self)
{
  g_clear_handle_id (&self->status_id, g_source_remove);
  update_status (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

static void
selection_changed_cb (LensEventsView *self)
{
  RkEvent *event = gtk_single_selection_get_selected_item (self->selection);
  g_autofree char *clock = NULL;
  g_autofree char *title = NULL;

  if (event == NULL)
    {
      gtk_label_set_text (self->detail_label, _("Select an event to see its arguments"));
      lens_json_tree_set_value (self->detail_tree, NULL);
      return;
    }

  clock = lens_format_clock (rk_event_get_time (event));
  /* Translators: event name, time, connection */
  title = g_strdup_printf (_("%s · %s · %s"), rk_event_get_name (event), clock,
                           rk_event_get_connection (event));
  gtk_label_set_text (self->detail_label, title);
  lens_json_tree_set_value (self->detail_tree, rk_event_get_args (event));
}

/* GObject */

static void
remember_subscriptions (LensEventsView *self)
{
  GPtrArray *names;

  if (self->actor == NULL)
    return;

  names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < self->subscriptions->len; i++)
    g_ptr_array_add (names, g_strdup (g_ptr_array_index (self->subscriptions, i)));
  g_hash_table_insert (self->remembered, g_strdup (rk_actor_get_name (self->actor)), names);
}

static void
set_actor (LensEventsView *self,
           RkActor        *actor)
{
  GPtrArray *names;

  if (self->actor == actor)
    return;

  /* Event names are per actor type: remember them for the next actor. */
  remember_subscriptions (self);
  g_set_object (&self->actor, actor);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  rk_event_log_clear (self->log);
  g_ptr_array_set_size (self->subscriptions, 0);
  if (actor != NULL &&
      (names = g_hash_table_lookup (self->remembered, rk_actor_get_name (actor))))
    for (guint i = 0; i < names->len; i++)
      g_ptr_array_add (self->subscriptions, g_strdup (g_ptr_array_index (names, i)));

  rebuild_chips (self);
  sync_connections (self);
  _lens_events_view_update_page (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTOR]);
}

static void
lens_events_view_dispose (GObject *object)
{
  LensEventsView *self = (LensEventsView *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->status_id, g_source_remove);
  stop_ticking (self);
  if (self->connections_signals != NULL)
    g_signal_group_set_target (self->connections_signals, NULL);
  if (self->log != NULL)
    for (guint i = 0; i < self->attached->len; i++)
      rk_event_log_detach (self->log, g_ptr_array_index (self->attached, i));

  gtk_widget_dispose_template (GTK_WIDGET (self), LENS_TYPE_EVENTS_VIEW);
  lens_widget_unparent_children (GTK_WIDGET (self));

  g_clear_object (&self->connections_signals);
  g_clear_object (&self->selection);
  g_clear_object (&self->log);
  g_clear_object (&self->client);
  g_clear_object (&self->actor);
  g_clear_object (&self->connections);
  g_clear_pointer (&self->attached, g_ptr_array_unref);
  g_clear_pointer (&self->subscriptions, g_ptr_array_unref);
  g_clear_pointer (&self->remembered, g_hash_table_unref);

  G_OBJECT_CLASS (lens_events_view_parent_class)->dispose (object);
}

static void
lens_events_view_finalize (GObject *object)
{
  LensEventsView *self = (LensEventsView *)object;

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (lens_events_view_parent_class)->finalize (object);
}

static void
lens_events_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  LensEventsView *self = LENS_EVENTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_ACTOR:
      g_value_set_object (value, self->actor);
      break;

    case PROP_CONNECTIONS:
      g_value_set_object (value, self->connections);
      break;

    case PROP_FOLLOW:
      g_value_set_boolean (value, self->follow);
      break;

    case PROP_PAUSED:
      g_value_set_boolean (value, self->log && rk_event_log_get_paused (self->log));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lens_events_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  LensEventsView *self = LENS_EVENTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      if (g_set_object (&self->client, g_value_get_object (value)))
        g_object_notify_by_pspec (object, pspec);
      break;

    case PROP_ACTOR:
      set_actor (self, g_value_get_object (value));
      break;

    case PROP_CONNECTIONS:
      if (g_set_object (&self->connections, g_value_get_object (value)))
        {
          g_signal_group_set_target (self->connections_signals, self->connections);
          sync_connections (self);
          _lens_events_view_update_page (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_FOLLOW:
      if (self->follow != g_value_get_boolean (value))
        {
          self->follow = g_value_get_boolean (value);
          self->follow_pending = self->follow;
          if (self->follow)
            start_ticking (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_PAUSED:
      if (self->log != NULL)
        rk_event_log_set_paused (self->log, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lens_events_view_map (GtkWidget *widget)
{
  LensEventsView *self = LENS_EVENTS_VIEW (widget);

  GTK_WIDGET_CLASS (lens_events_view_parent_class)->map (widget);

  /* Frames flush the log now; its timer is the fallback */
  rk_event_log_set_flush_interval (self->log, FALLBACK_FLUSH_MS);
  if (self->follow_pending || rk_event_log_get_n_unflushed (self->log) > 0)
    start_ticking (self);
}

static void
lens_events_view_unmap (GtkWidget *widget)
{
  LensEventsView *self = LENS_EVENTS_VIEW (widget);

  stop_ticking (self);
  rk_event_log_set_flush_interval (self->log, self->hidden_flush_interval);

  GTK_WIDGET_CLASS (lens_events_view_parent_class)->unmap (widget);
}

static void
lens_events_view_class_init (LensEventsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = lens_events_view_dispose;
  object_class->finalize = lens_events_view_finalize;
  object_class->get_property = lens_events_view_get_property;
  object_class->set_property = lens_events_view_set_property;
  widget_class->map = lens_events_view_map;
  widget_class->unmap = lens_events_view_unmap;

  properties[PROP_CLIENT] = g_param_spec_object ("client", NULL, NULL, RK_TYPE_CLIENT, rw);
  properties[PROP_ACTOR] = g_param_spec_object ("actor", NULL, NULL, RK_TYPE_ACTOR, rw);
  properties[PROP_CONNECTIONS] =
    g_param_spec_object ("connections", NULL, NULL, G_TYPE_LIST_MODEL, rw);
  properties[PROP_FOLLOW] = g_param_spec_boolean ("follow", NULL, NULL, TRUE, rw);
  properties[PROP_PAUSED] = g_param_spec_boolean ("paused", NULL, NULL, FALSE, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/actorlens/ActorLens/lens-events-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LensEventsView, subscribe_entry);
  gtk_widget_class_bind_template_child (widget_class, LensEventsView, chips);
  gtk_widget_class_bind_template_child (widget_class, LensEventsView, filter_entry);
  gtk_widget_class_bind_template_child (widget_class, LensEventsView, stack);
  gtk_widget_class_bind_template_child (widget_class, LensEventsView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, LensEventsView, open_button);
  gtk_widget_class_bind_template_child (widget_class, LensEventsView, scroller);
  gtk_widget_class_bind_template_child (widget_class, LensEventsView, column_view);
  gtk_widget_class_bind_template_child (widget_class, LensEventsView, time_column);
  gtk_widget_class_bind_template_child (widget_class, LensEventsView, name_column);
  gtk_widget_class_bind_template_child (widget_class, LensEventsView, connection_column);
  gtk_widget_class_bind_template_child (widget_class, LensEventsView, payload_column);
  gtk_widget_class_bind_template_child (widget_class, LensEventsView, detail_label);
  gtk_widget_class_bind_template_child (widget_class, LensEventsView, detail_tree);
  gtk_widget_class_bind_template_child (widget_class, LensEventsView, status_label);

  _lens_events_view_class_add_actions (widget_class);
  gtk_widget_class_install_property_action (widget_class, "event-log.follow", "follow");
  gtk_widget_class_install_property_action (widget_class, "event-log.paused", "paused");

  g_type_ensure (LENS_TYPE_JSON_TREE);
  g_type_ensure (RK_TYPE_EVENT);
}

static void
lens_events_view_init (LensEventsView *self)
{
  self->follow = TRUE;
  self->cancellable = g_cancellable_new ();
  self->attached = g_ptr_array_new_with_free_func (g_object_unref);
  self->subscriptions = g_ptr_array_new_null_terminated (0, g_free, TRUE);
  self->remembered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify)g_ptr_array_unref);

  gtk_widget_init_template (GTK_WIDGET (self));

  _lens_events_view_set_cell_factory (self->time_column, CELL_TIME);
  _lens_events_view_set_cell_factory (self->name_column, CELL_NAME);
  _lens_events_view_set_cell_factory (self->connection_column, CELL_CONNECTION);
  _lens_events_view_set_cell_factory (self->payload_column, CELL_PAYLOAD);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      self->list_view = child;

  self->log = rk_event_log_new ();
  self->hidden_flush_interval = rk_event_log_get_flush_interval (self->log);
  g_signal_connect_object (self->log, "items-changed", G_CALLBACK (log_items_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->log, "notify", G_CALLBACK (queue_status), self,
                           G_CONNECT_SWAPPED);

  /* Pausing is the log's own state; the view's property mirrors it for the action. */
  g_signal_connect_object (self->log, "notify::paused", G_CALLBACK (log_paused_cb), self,
                           G_CONNECT_SWAPPED);

  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->log)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  self->connections_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_swapped (self->connections_signals, "items-changed",
                                  G_CALLBACK (sync_connections), self);
  g_signal_group_connect_swapped (self->connections_signals, "items-changed",
                                  G_CALLBACK (_lens_events_view_update_page), self);

  selection_changed_cb (self);
  update_status (self);
  _lens_events_view_update_page (self);
}

GtkWidget *
lens_events_view_new (void)
{
  return g_object_new (LENS_TYPE_EVENTS_VIEW, NULL);
}

/**
 * lens_events_view_get_log:
 * @self: a #LensEventsView
 *
 * Returns: (transfer none): the log shown
 */
RkEventLog *
lens_events_view_get_log (LensEventsView *self)
{
  g_return_val_if_fail (LENS_IS_EVENTS_VIEW (self), NULL);
  return self->log;
}

/**
 * lens_events_view_subscribe:
 * @self: a #LensEventsView
 * @name: an event name
 *
 * Subscribes every connection of the page, now and later, to @name.
 */
void
lens_events_view_subscribe (LensEventsView *self,
                            const char     *name)
{
  g_return_if_fail (LENS_IS_EVENTS_VIEW (self));
  g_return_if_fail (name != NULL && name[0] != '\0');

  for (guint i = 0; i < self->subscriptions->len; i++)
    if (g_str_equal (g_ptr_array_index (self->subscriptions, i), name))
      return;

  g_ptr_array_add (self->subscriptions, g_strdup (name));
  rebuild_chips (self);
  sync_connections (self);
  _lens_events_view_update_page (self);
}

/**
 * lens_events_view_unsubscribe:
 * @self: a #LensEventsView
 * @name: an event name
 */
void
lens_events_view_unsubscribe (LensEventsView *self,
                              const char     *name)
{
  g_autofree char *owned = NULL;

  g_return_if_fail (LENS_IS_EVENTS_VIEW (self));
  g_return_if_fail (name != NULL);

  owned = g_strdup (name);
  for (guint i = 0; i < self->subscriptions->len; i++)
    if (g_str_equal (g_ptr_array_index (self->subscriptions, i), owned))
      {
        g_ptr_array_remove_index (self->subscriptions, i);
        break;
      }

  for (guint i = 0; i < self->attached->len; i++)
    rk_connection_unsubscribe (g_ptr_array_index (self->attached, i), owned);

  rebuild_chips (self);
  _lens_events_view_update_page (self);
}

/**
 * lens_events_view_get_subscriptions:
 * @self: a #LensEventsView
 *
 * Returns: (transfer none): the event names subscribed to, %NULL-terminated
 */
const char * const *
lens_events_view_get_subscriptions (LensEventsView *self)
{
  g_return_val_if_fail (LENS_IS_EVENTS_VIEW (self), NULL);

  return (const char * const *)self->subscriptions->pdata;
}
