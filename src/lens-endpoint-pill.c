/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-endpoint-pill.c: the server status in the header bar, with details in a popover */

#define G_LOG_DOMAIN "lens-endpoint-pill"

#include "config.h"

#include <glib/gi18n.h>

#include "rk-server-info.h"

#include "lens-endpoint-pill.h"
#include "lens-util.h"

struct _LensEndpointPill
{
  GtkWidget parent_instance;

  /* Owned references */
  LensEndpoint *endpoint;
  GSignalGroup *endpoint_signals;

  /* Template widgets */
  GtkMenuButton *button;
  GtkImage *status_icon;
  GtkLabel *title_label;
  GtkLabel *subtitle_label;
  GtkPopover *popover;
  GtkGrid *details;
  GtkLabel *error_label;
};

enum {
  PROP_0,
  PROP_ENDPOINT,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (LensEndpointPill, lens_endpoint_pill, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static void
add_detail (LensEndpointPill *self,
            int               row,
            const char       *name,
            const char       *value)
{
  GtkWidget *name_label = gtk_label_new (name);
  GtkWidget *value_label = gtk_label_new (value ? value : "—");

  gtk_label_set_xalign (GTK_LABEL (name_label), 1);
  gtk_widget_add_css_class (name_label, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (value_label), 0);
  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (value_label), 32);
  gtk_grid_attach (self->details, name_label, 0, row, 1, 1);
  gtk_grid_attach (self->details, value_label, 1, row, 1, 1);
}

static void
update_details (LensEndpointPill *self)
{
  GtkWidget *child;
  RkClient *client;
  RkServerInfo *info;
  g_autofree char *requests = NULL;
  g_autofree char *server = NULL;
  const char *error_message;
  int row = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->details))))
    gtk_grid_remove (self->details, child);

  if (self->endpoint == NULL)
    return;

  client = lens_endpoint_get_client (self->endpoint);
  info = lens_endpoint_get_server_info (self->endpoint);
  server = lens_endpoint_dup_server_label (self->endpoint);

  add_detail (self, row++, _("Endpoint"), rk_client_get_endpoint (client));
  if (g_strcmp0 (rk_client_get_endpoint (client), rk_client_get_configured_endpoint (client)))
    add_detail (self, row++, _("Configured"), rk_client_get_configured_endpoint (client));
  add_detail (self, row++, _("Namespace"), rk_client_get_namespace (client));
  add_detail (self, row++, _("Token"),
              rk_client_has_token (client) ? _("Set") : C_("token", "None"));
  add_detail (self, row++, _("Status"), server);
  if (info != NULL)
    {
      add_detail (self, row++, _("Runtime"), rk_server_info_get_runtime (info));
      add_detail (self, row++, _("Runner"), rk_server_info_get_runner_kind (info));
    }

  requests = g_strdup_printf ("%" G_GUINT64_FORMAT, rk_client_get_request_count (client));
  add_detail (self, row++, _("Requests Sent"), requests);

  error_message = lens_endpoint_get_error_message (self->endpoint);
  gtk_label_set_text (self->error_label, error_message ? error_message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error_message != NULL);
}

static void
update (LensEndpointPill *self)
{
  static const char * const classes[] = { "probing", "connected", "unreachable" };
  g_autofree char *label = NULL;
  g_autofree char *accessible = NULL;
  LensEndpointStatus status;

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self), classes[i]);

  if (self->endpoint == NULL)
    {
      gtk_label_set_text (self->title_label, "");
      gtk_label_set_text (self->subtitle_label, "");
      return;
    }

  status = lens_endpoint_get_status (self->endpoint);
  label = lens_endpoint_dup_server_label (self->endpoint);
  gtk_widget_add_css_class (GTK_WIDGET (self), classes[status]);
  gtk_label_set_text (self->title_label, lens_endpoint_get_title (self->endpoint));
  gtk_label_set_text (self->subtitle_label, label);

  /* Translators: read by screen readers: server address, then its status */
  accessible = g_strdup_printf (_("Server %s: %s"), lens_endpoint_get_title (self->endpoint),
                                label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  if (gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    update_details (self);
}

static void
lens_endpoint_pill_popover_show_cb (LensEndpointPill *self)
{
  update_details (self);
}

static void
lens_endpoint_pill_dispose (GObject *object)
{
  LensEndpointPill *self = (LensEndpointPill *)object;

  if (self->endpoint_signals != NULL)
    g_signal_group_set_target (self->endpoint_signals, NULL);
  g_clear_object (&self->endpoint_signals);
  g_clear_object (&self->endpoint);

  gtk_widget_dispose_template (GTK_WIDGET (self), LENS_TYPE_ENDPOINT_PILL);

  lens_widget_unparent_children (GTK_WIDGET (self));

  G_OBJECT_CLASS (lens_endpoint_pill_parent_class)->dispose (object);
}

static void
lens_endpoint_pill_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  LensEndpointPill *self = LENS_ENDPOINT_PILL (object);

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
lens_endpoint_pill_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  LensEndpointPill *self = LENS_ENDPOINT_PILL (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      lens_endpoint_pill_set_endpoint (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lens_endpoint_pill_class_init (LensEndpointPillClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lens_endpoint_pill_dispose;
  object_class->get_property = lens_endpoint_pill_get_property;
  object_class->set_property = lens_endpoint_pill_set_property;

  properties[PROP_ENDPOINT] =
    g_param_spec_object ("endpoint", NULL, NULL, LENS_TYPE_ENDPOINT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/actorlens/ActorLens/lens-endpoint-pill.ui");
  gtk_widget_class_bind_template_child (widget_class, LensEndpointPill, button);
  gtk_widget_class_bind_template_child (widget_class, LensEndpointPill, status_icon);
  gtk_widget_class_bind_template_child (widget_class, LensEndpointPill, title_label);
  gtk_widget_class_bind_template_child (widget_class, LensEndpointPill, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, LensEndpointPill, popover);
  gtk_widget_class_bind_template_child (widget_class, LensEndpointPill, details);
  gtk_widget_class_bind_template_child (widget_class, LensEndpointPill, error_label);
  gtk_widget_class_bind_template_callback (widget_class, lens_endpoint_pill_popover_show_cb);
  gtk_widget_class_set_css_name (widget_class, "endpointpill");
}

static void
lens_endpoint_pill_init (LensEndpointPill *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->endpoint_signals = g_signal_group_new (LENS_TYPE_ENDPOINT);
  g_signal_group_connect_swapped (self->endpoint_signals, "notify", G_CALLBACK (update), self);
}

GtkWidget *
lens_endpoint_pill_new (void)
{
  return g_object_new (LENS_TYPE_ENDPOINT_PILL, NULL);
}

/**
 * lens_endpoint_pill_get_endpoint:
 * @self: a #LensEndpointPill
 *
 * Returns: (transfer none) (nullable): the endpoint shown
 */
LensEndpoint *
lens_endpoint_pill_get_endpoint (LensEndpointPill *self)
{
  g_return_val_if_fail (LENS_IS_ENDPOINT_PILL (self), NULL);
  return self->endpoint;
}

/**
 * lens_endpoint_pill_set_endpoint:
 * @self: a #LensEndpointPill
 * @endpoint: (nullable): the endpoint to show
 */
void
lens_endpoint_pill_set_endpoint (LensEndpointPill *self,
                                 LensEndpoint     *endpoint)
{
  g_return_if_fail (LENS_IS_ENDPOINT_PILL (self));
  g_return_if_fail (endpoint == NULL || LENS_IS_ENDPOINT (endpoint));

  if (!g_set_object (&self->endpoint, endpoint))
    return;

  g_signal_group_set_target (self->endpoint_signals, endpoint);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENDPOINT]);
}
