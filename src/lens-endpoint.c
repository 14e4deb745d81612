/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-endpoint.c: one RivetKit server as the app sees it: client, reachability, server info
 *
 * Probes `/metadata` now and then so the header shows, live, whether the
 * server answers and what it is. Probing never wakes an actor.
 */

#define G_LOG_DOMAIN "lens-endpoint"

#include "config.h"

#include <glib/gi18n.h>

#include "rk-util-private.h"

#include "lens-endpoint.h"

#define MIN_UNREACHABLE_RETRY 2
#define MAX_UNREACHABLE_RETRY 30

struct _LensEndpoint
{
  GObject parent_instance;

  /* Owned references */
  RkClient *client;
  RkServerInfo *server_info;
  GCancellable *cancellable;

  /* State */
  char *title;
  char *error_message;
  LensEndpointStatus status;
  guint interval;
  guint retry;
  guint timeout_id;
  guint probing : 1;
};

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_STATUS,
  PROP_SERVER_INFO,
  PROP_ERROR_MESSAGE,
  PROP_TITLE,
  PROP_SERVER_LABEL,
  PROP_INTERVAL,
  N_PROPS
};

G_DEFINE_ENUM_TYPE (LensEndpointStatus, lens_endpoint_status,
  G_DEFINE_ENUM_VALUE (LENS_ENDPOINT_STATUS_PROBING, "probing"),
  G_DEFINE_ENUM_VALUE (LENS_ENDPOINT_STATUS_CONNECTED, "connected"),
  G_DEFINE_ENUM_VALUE (LENS_ENDPOINT_STATUS_UNREACHABLE, "unreachable"))

G_DEFINE_FINAL_TYPE (LensEndpoint, lens_endpoint, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void probe (LensEndpoint *self);

static char *
make_title (RkClient *client)
{
  g_autoptr(GUri) uri = g_uri_parse (rk_client_get_configured_endpoint (client),
                                     G_URI_FLAGS_NONE, NULL);
  const char *ns = rk_client_get_namespace (client);
  g_autofree char *host = NULL;

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    host = g_strdup (rk_client_get_configured_endpoint (client));
  else if (g_uri_get_port (uri) > 0)
    host = g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
  else
    host = g_strdup (g_uri_get_host (uri));

  if (g_strcmp0 (ns, RK_DEFAULT_NAMESPACE) != 0)
    return g_strdup_printf ("%s · %s", host, ns);

  return g_steal_pointer (&host);
}

static void
set_status (LensEndpoint       *self,
            LensEndpointStatus  status,
            const char         *error_message)
{
  g_object_freeze_notify (G_OBJECT (self));

  if (rk_set_str (&self->error_message, error_message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);

  if (self->status != status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_LABEL]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
probe_timeout_cb (gpointer user_data)
{
  LensEndpoint *self = user_data;

  self->timeout_id = 0;
  probe (self);

  return G_SOURCE_REMOVE;
}

static void
schedule (LensEndpoint *self)
{
  guint delay;

  g_clear_handle_id (&self->timeout_id, g_source_remove);

  if (self->status == LENS_ENDPOINT_STATUS_UNREACHABLE)
    {
      /* Back off while the server is down, but not so far that a
       * restarted dev server goes unnoticed for long. */
      self->retry = CLAMP (self->retry * 2, MIN_UNREACHABLE_RETRY, MAX_UNREACHABLE_RETRY);
      delay = MIN (self->retry, MAX (self->interval, MIN_UNREACHABLE_RETRY));
    }
  else
    {
      self->retry = 0;
      /* The server info changes rarely: probe less often than the list refreshes. */
      delay = MAX (self->interval * 2, 5);
    }

  self->timeout_id = g_timeout_add_seconds (delay, probe_timeout_cb, self);
}

static void
probe_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  RkClient *client = (RkClient *)object;
  LensEndpoint *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(RkServerInfo) info = NULL;

  /* On cancellation @user_data may be gone: dispose cancels. */
  if (!(info = rk_client_probe_finish (client, result, &error)) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = LENS_ENDPOINT (user_data);

  if (info == NULL)
    {
      g_debug ("probe failed: %s", error->message);
      self->probing = FALSE;
      set_status (self, LENS_ENDPOINT_STATUS_UNREACHABLE, error->message);
      schedule (self);
      return;
    }

  self->probing = FALSE;

  g_object_freeze_notify (G_OBJECT (self));
  if (g_set_object (&self->server_info, info))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_INFO]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_LABEL]);
    }
  set_status (self, LENS_ENDPOINT_STATUS_CONNECTED, NULL);
  g_object_thaw_notify (G_OBJECT (self));

  schedule (self);
}

static void
probe (LensEndpoint *self)
{
  if (self->probing)
    return;

  self->probing = TRUE;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  rk_client_probe_async (self->client, self->cancellable, probe_cb, self);
}

static void
lens_endpoint_constructed (GObject *object)
{
  LensEndpoint *self = (LensEndpoint *)object;

  G_OBJECT_CLASS (lens_endpoint_parent_class)->constructed (object);

  g_assert (RK_IS_CLIENT (self->client));

  self->title = make_title (self->client);
  probe (self);
}

static void
lens_endpoint_dispose (GObject *object)
{
  LensEndpoint *self = (LensEndpoint *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_object (&self->server_info);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (lens_endpoint_parent_class)->dispose (object);
}

static void
lens_endpoint_finalize (GObject *object)
{
  LensEndpoint *self = (LensEndpoint *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->error_message, g_free);

  G_OBJECT_CLASS (lens_endpoint_parent_class)->finalize (object);
}

static void
lens_endpoint_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LensEndpoint *self = LENS_ENDPOINT (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_SERVER_INFO:
      g_value_set_object (value, self->server_info);
      break;

    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_SERVER_LABEL:
      g_value_take_string (value, lens_endpoint_dup_server_label (self));
      break;

    case PROP_INTERVAL:
      g_value_set_uint (value, self->interval);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lens_endpoint_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  LensEndpoint *self = LENS_ENDPOINT (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    case PROP_INTERVAL:
      lens_endpoint_set_interval (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lens_endpoint_class_init (LensEndpointClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = lens_endpoint_constructed;
  object_class->dispose = lens_endpoint_dispose;
  object_class->finalize = lens_endpoint_finalize;
  object_class->get_property = lens_endpoint_get_property;
  object_class->set_property = lens_endpoint_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, RK_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, LENS_TYPE_ENDPOINT_STATUS,
                       LENS_ENDPOINT_STATUS_PROBING, ro);
  properties[PROP_SERVER_INFO] =
    g_param_spec_object ("server-info", NULL, NULL, RK_TYPE_SERVER_INFO, ro);
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL, ro);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, ro);
  properties[PROP_SERVER_LABEL] =
    g_param_spec_string ("server-label", NULL, NULL, NULL, ro);
  properties[PROP_INTERVAL] =
    g_param_spec_uint ("interval", NULL, NULL, 1, 300, 5,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lens_endpoint_init (LensEndpoint *self)
{
  self->cancellable = g_cancellable_new ();
  self->interval = 5;
}

/**
 * lens_endpoint_new:
 * @client: the client for the server
 *
 * Starts probing the server at once.
 *
 * Returns: (transfer full): a new #LensEndpoint
 */
LensEndpoint *
lens_endpoint_new (RkClient *client)
{
  g_return_val_if_fail (RK_IS_CLIENT (client), NULL);

  return g_object_new (LENS_TYPE_ENDPOINT, "client", client, NULL);
}

RkClient *
lens_endpoint_get_client (LensEndpoint *self)
{
  g_return_val_if_fail (LENS_IS_ENDPOINT (self), NULL);
  return self->client;
}

LensEndpointStatus
lens_endpoint_get_status (LensEndpoint *self)
{
  g_return_val_if_fail (LENS_IS_ENDPOINT (self), LENS_ENDPOINT_STATUS_PROBING);
  return self->status;
}

/**
 * lens_endpoint_get_server_info:
 * @self: a #LensEndpoint
 *
 * Returns: (transfer none) (nullable): what the last successful probe learnt
 */
RkServerInfo *
lens_endpoint_get_server_info (LensEndpoint *self)
{
  g_return_val_if_fail (LENS_IS_ENDPOINT (self), NULL);
  return self->server_info;
}

/**
 * lens_endpoint_get_error_message:
 * @self: a #LensEndpoint
 *
 * Returns: (nullable): why the last probe failed, written for humans
 */
const char *
lens_endpoint_get_error_message (LensEndpoint *self)
{
  g_return_val_if_fail (LENS_IS_ENDPOINT (self), NULL);
  return self->error_message;
}

/**
 * lens_endpoint_get_title:
 * @self: a #LensEndpoint
 *
 * Returns: host and port (and the namespace unless it is the default)
 */
const char *
lens_endpoint_get_title (LensEndpoint *self)
{
  g_return_val_if_fail (LENS_IS_ENDPOINT (self), NULL);
  return self->title;
}

/**
 * lens_endpoint_dup_server_label:
 * @self: a #LensEndpoint
 *
 * Returns: (transfer full): the status in words with the server's flavour
 *   and version, e.g. "RivetKit 2.2.1"
 */
char *
lens_endpoint_dup_server_label (LensEndpoint *self)
{
  g_return_val_if_fail (LENS_IS_ENDPOINT (self), NULL);

  switch (self->status)
    {
    case LENS_ENDPOINT_STATUS_CONNECTED:
      if (self->server_info != NULL)
        /* Translators: server flavour and version, e.g. "RivetKit 2.2.1" */
        return g_strdup_printf (_("%s %s"),
                                rk_server_info_get_flavour_label (self->server_info),
                                rk_server_info_get_version (self->server_info));
      return g_strdup (_("Connected"));

    case LENS_ENDPOINT_STATUS_UNREACHABLE:
      return g_strdup (_("Unreachable"));

    case LENS_ENDPOINT_STATUS_PROBING:
    default:
      return g_strdup (_("Connecting…"));
    }
}

guint
lens_endpoint_get_interval (LensEndpoint *self)
{
  g_return_val_if_fail (LENS_IS_ENDPOINT (self), 0);
  return self->interval;
}

/**
 * lens_endpoint_set_interval:
 * @self: a #LensEndpoint
 * @seconds: the refresh interval of the window, in seconds
 */
void
lens_endpoint_set_interval (LensEndpoint *self,
                            guint         seconds)
{
  g_return_if_fail (LENS_IS_ENDPOINT (self));
  g_return_if_fail (seconds > 0);

  if (self->interval == seconds)
    return;

  self->interval = seconds;
  if (!self->probing)
    schedule (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL]);
}

/**
 * lens_endpoint_refresh:
 * @self: a #LensEndpoint
 *
 * Probes the server now.
 */
void
lens_endpoint_refresh (LensEndpoint *self)
{
  g_return_if_fail (LENS_IS_ENDPOINT (self));

  self->retry = 0;
  probe (self);
}
