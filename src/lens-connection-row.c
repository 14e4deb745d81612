/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-connection-row.c: one connection opened by Actor Lens, with its status timeline
 *
 * The row keeps a line for every RkTransition (time, from → to, reason,
 * close code) and raises a toast when the connection drops, comes back or
 * gives up.
 */

#define G_LOG_DOMAIN "lens-connection-row"

#include "config.h"

#include <glib/gi18n.h>

#include "rk-compat.h"
#include "rk-transition.h"

#include "lens-connection-row.h"
#include "lens-util.h"

struct _LensConnectionRow
{
  AdwExpanderRow parent_instance;

  /* Owned references */
  RkConnection *connection;

  /* Template widgets */
  GtkImage *status_icon;
  GtkLabel *status_label;

  /* State */
  RkConnectionStatus last_status;
  guint number;
  guint closing : 1;
};

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_NUMBER,
  N_PROPS
};

enum {
  REMOVE,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (LensConnectionRow, lens_connection_row, ADW_TYPE_EXPANDER_ROW)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *
status_in_words (RkConnectionStatus status)
{
  switch (status)
    {
    case RK_CONNECTION_STATUS_IDLE:
      return C_("connection status", "Idle");
    case RK_CONNECTION_STATUS_CONNECTING:
      return C_("connection status", "Connecting");
    case RK_CONNECTION_STATUS_CONNECTED:
      return C_("connection status", "Connected");
    case RK_CONNECTION_STATUS_RECONNECTING:
      return C_("connection status", "Reconnecting");
    case RK_CONNECTION_STATUS_DISCONNECTED:
      return C_("connection status", "Closed");
    case RK_CONNECTION_STATUS_FAILED:
    default:
      return C_("connection status", "Failed");
    }
}

static void
add_transition_row (LensConnectionRow *self,
                    RkTransition      *transition)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *clock = lens_format_clock (rk_transition_get_time (transition));
  g_autofree char *title = NULL;
  g_autoptr(GString) details = g_string_new (rk_transition_get_reason (transition));

  /* Translators: a connection status change: time, old status → new status */
  title = g_strdup_printf (_("%s   %s → %s"), clock,
                           status_in_words (rk_transition_get_from (transition)),
                           status_in_words (rk_transition_get_to (transition)));

  if (rk_transition_get_close_code (transition) != 0)
    g_string_append_printf (details, "%s%s %u", details->len ? " · " : "", _("close code"),
                            rk_transition_get_close_code (transition));
  if (rk_transition_get_error_code (transition) != NULL)
    g_string_append_printf (details, "%s%s.%s", details->len ? " · " : "",
                            rk_transition_get_error_group (transition),
                            rk_transition_get_error_code (transition));
  if (rk_transition_get_attempt (transition) > 0)
    g_string_append_printf (details, "%s%s %u", details->len ? " · " : "", _("attempt"),
                            rk_transition_get_attempt (transition));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), details->str);
  gtk_widget_add_css_class (row, "transition-row");
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self), row);
}

static void
transitions_changed_cb (LensConnectionRow *self,
                        guint              position,
                        guint              removed,
                        guint              added,
                        GListModel        *transitions)
{
  /* The timeline only grows; rows are appended as transitions arrive. */
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(RkTransition) transition = g_list_model_get_item (transitions, i);
      add_transition_row (self, transition);
    }
}

/* A close the actor sent comes with a close frame, hence a close code;
 * rk_connection_close () on our side has none. */
static gboolean
closed_by_peer (LensConnectionRow *self)
{
  GListModel *transitions = rk_connection_get_transitions (self->connection);
  guint n = g_list_model_get_n_items (transitions);
  g_autoptr(RkTransition) last = n ? g_list_model_get_item (transitions, n - 1) : NULL;

  return last != NULL && rk_transition_get_close_code (last) != 0;
}

static void
toast_change (LensConnectionRow  *self,
              RkConnectionStatus  old_status,
              RkConnectionStatus  status)
{
  const char *reason = rk_connection_get_status_reason (self->connection);
  g_autofree char *message = NULL;

  if (old_status == RK_CONNECTION_STATUS_CONNECTED && status == RK_CONNECTION_STATUS_RECONNECTING)
    /* Translators: %u numbers the connections */
    message = g_strdup_printf (_("Connection %u dropped; reconnecting…"), self->number);
  else if (old_status == RK_CONNECTION_STATUS_RECONNECTING &&
           status == RK_CONNECTION_STATUS_CONNECTED)
    message = g_strdup_printf (_("Connection %u is back"), self->number);
  else if (status == RK_CONNECTION_STATUS_FAILED)
    /* Translators: %u numbers the connections; %s says why */
    message = g_strdup_printf (_("Connection %u failed: %s"), self->number,
                               reason ? reason : _("no reason given"));
  else if (status == RK_CONNECTION_STATUS_DISCONNECTED && !self->closing &&
           old_status == RK_CONNECTION_STATUS_CONNECTED && closed_by_peer (self))
    message = g_strdup_printf (_("The actor closed connection %u: %s"), self->number,
                               reason ? reason : _("no reason given"));

  if (message != NULL)
    lens_widget_toast (GTK_WIDGET (self), message);
}

static void
update (LensConnectionRow *self)
{
  RkConnectionStatus status = rk_connection_get_status (self->connection);
  const char *reason = rk_connection_get_status_reason (self->connection);
  const char *id = rk_connection_get_connection_id (self->connection);
  JsonNode *params = rk_connection_get_conn_params (self->connection);
  g_autofree char *title = NULL;
  g_autofree char *params_text = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *label = NULL;
  const char *icon = "network-idle-symbolic";
  const char *css = "dim-label";

  switch (status)
    {
    case RK_CONNECTION_STATUS_CONNECTED:
      icon = "network-transmit-receive-symbolic";
      css = "success";
      break;

    case RK_CONNECTION_STATUS_CONNECTING:
    case RK_CONNECTION_STATUS_RECONNECTING:
      icon = "network-wired-acquiring-symbolic";
      css = "warning";
      break;

    case RK_CONNECTION_STATUS_FAILED:
      icon = "network-error-symbolic";
      css = "error";
      break;

    case RK_CONNECTION_STATUS_IDLE:
    case RK_CONNECTION_STATUS_DISCONNECTED:
    default:
      break;
    }

  gtk_image_set_from_icon_name (self->status_icon, icon);
  gtk_widget_set_css_classes (GTK_WIDGET (self->status_icon), (const char *[]) { css, NULL });

  if (status == RK_CONNECTION_STATUS_RECONNECTING && rk_connection_get_attempt (self->connection))
    /* Translators: status, then the number of the attempt */
    label = g_strdup_printf (_("%s (attempt %u)"), status_in_words (status),
                             rk_connection_get_attempt (self->connection));
  else
    label = g_strdup (status_in_words (status));
  gtk_label_set_text (self->status_label, label);

  /* Translators: %u numbers the connections; %s is the connection ID */
  title = id ? g_strdup_printf (_("Connection %u · %s"), self->number, id)
             : g_strdup_printf (_("Connection %u"), self->number);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);

  if (params != NULL && !JSON_NODE_HOLDS_NULL (params))
    {
      g_autoptr(JsonNode) compat = rk_compat_from_plain (params);
      params_text = rk_compat_describe (compat, 80);
    }
  /* Translators: the connection parameters, then why the status is what it is */
  subtitle = g_strdup_printf (_("params %s%s%s"), params_text ? params_text : _("none"),
                              reason ? " · " : "", reason ? reason : "");
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), subtitle);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conn.close",
                                 status != RK_CONNECTION_STATUS_DISCONNECTED &&
                                 status != RK_CONNECTION_STATUS_FAILED);

  if (status != self->last_status)
    {
      toast_change (self, self->last_status, status);
      if (status == RK_CONNECTION_STATUS_CONNECTED || status == RK_CONNECTION_STATUS_CONNECTING)
        self->closing = FALSE;
      self->last_status = status;
    }
}

static void
reconnect_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LensConnectionRow *self = LENS_CONNECTION_ROW (widget);

  self->closing = FALSE;
  rk_connection_reconnect (self->connection);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  LensConnectionRow *self = LENS_CONNECTION_ROW (widget);

  self->closing = TRUE;
  rk_connection_close (self->connection);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LensConnectionRow *self = LENS_CONNECTION_ROW (widget);

  self->closing = TRUE;
  rk_connection_close (self->connection);
  g_signal_emit (self, signals[REMOVE], 0);
}

static void
lens_connection_row_constructed (GObject *object)
{
  LensConnectionRow *self = (LensConnectionRow *)object;
  GListModel *transitions;

  G_OBJECT_CLASS (lens_connection_row_parent_class)->constructed (object);

  g_assert (RK_IS_CONNECTION (self->connection));

  self->last_status = rk_connection_get_status (self->connection);
  transitions = rk_connection_get_transitions (self->connection);
  transitions_changed_cb (self, 0, 0, g_list_model_get_n_items (transitions), transitions);
  g_signal_connect_object (transitions, "items-changed", G_CALLBACK (transitions_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->connection, "notify", G_CALLBACK (update), self,
                           G_CONNECT_SWAPPED);
  update (self);
}

static void
lens_connection_row_dispose (GObject *object)
{
  LensConnectionRow *self = (LensConnectionRow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), LENS_TYPE_CONNECTION_ROW);
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (lens_connection_row_parent_class)->dispose (object);
}

static void
lens_connection_row_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  LensConnectionRow *self = LENS_CONNECTION_ROW (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;

    case PROP_NUMBER:
      g_value_set_uint (value, self->number);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lens_connection_row_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  LensConnectionRow *self = LENS_CONNECTION_ROW (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      self->connection = g_value_dup_object (value);
      break;

    case PROP_NUMBER:
      self->number = g_value_get_uint (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lens_connection_row_class_init (LensConnectionRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = lens_connection_row_constructed;
  object_class->dispose = lens_connection_row_dispose;
  object_class->get_property = lens_connection_row_get_property;
  object_class->set_property = lens_connection_row_set_property;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, RK_TYPE_CONNECTION, construct);
  properties[PROP_NUMBER] = g_param_spec_uint ("number", NULL, NULL, 0, G_MAXUINT, 0, construct);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LensConnectionRow::remove:
   * @self: the row
   *
   * The user closed the connection and wants it gone from the list.
   */
  signals[REMOVE] =
    g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/actorlens/ActorLens/lens-connection-row.ui");
  gtk_widget_class_bind_template_child (widget_class, LensConnectionRow, status_icon);
  gtk_widget_class_bind_template_child (widget_class, LensConnectionRow, status_label);

  gtk_widget_class_install_action (widget_class, "conn.reconnect", NULL, reconnect_action);
  gtk_widget_class_install_action (widget_class, "conn.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "conn.remove", NULL, remove_action);
}

static void
lens_connection_row_init (LensConnectionRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * lens_connection_row_new:
 * @connection: the connection
 * @number: its number in the list, from 1
 *
 * Returns: (transfer floating): a new row
 */
GtkWidget *
lens_connection_row_new (RkConnection *connection,
                         guint         number)
{
  g_return_val_if_fail (RK_IS_CONNECTION (connection), NULL);

  return g_object_new (LENS_TYPE_CONNECTION_ROW,
                       "connection", connection,
                       "number", number,
                       NULL);
}

/**
 * lens_connection_row_get_connection:
 * @self: a #LensConnectionRow
 *
 * Returns: (transfer none): the connection shown
 */
RkConnection *
lens_connection_row_get_connection (LensConnectionRow *self)
{
  g_return_val_if_fail (LENS_IS_CONNECTION_ROW (self), NULL);
  return self->connection;
}
