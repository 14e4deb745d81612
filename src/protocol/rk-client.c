/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-client.c: one RivetKit endpoint: configuration, the HTTP request engine, discovery */

#define G_LOG_DOMAIN "rk-client"

#include "config.h"

#include <string.h>

#include "rk-actor-type.h"
#include "rk-client-private.h"
#include "rk-compat.h"
#include "rk-connection.h"
#include "rk-error-private.h"
#include "rk-json-private.h"
#include "rk-server-info.h"
#include "rk-util-private.h"

#define DEFAULT_TIMEOUT_SECONDS 30

enum {
  PROP_0,
  PROP_ENDPOINT,
  PROP_CONFIGURED_ENDPOINT,
  PROP_NAMESPACE,
  PROP_FOLLOW_CLIENT_ENDPOINT,
  PROP_TIMEOUT,
  PROP_SERVER_INFO,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (RkClient, rk_client, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
rk_client_dispose (GObject *object)
{
  RkClient *self = (RkClient *)object;

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->server_info);

  G_OBJECT_CLASS (rk_client_parent_class)->dispose (object);
}

static void
rk_client_finalize (GObject *object)
{
  RkClient *self = (RkClient *)object;

  g_clear_pointer (&self->configured_endpoint, g_free);
  g_clear_pointer (&self->endpoint, g_free);
  g_clear_pointer (&self->namespace_, g_free);
  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_clear_pointer (&self->token, g_free);

  G_OBJECT_CLASS (rk_client_parent_class)->finalize (object);
}

static void
rk_client_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  RkClient *self = RK_CLIENT (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      g_value_set_string (value, self->endpoint);
      break;

    case PROP_CONFIGURED_ENDPOINT:
      g_value_set_string (value, self->configured_endpoint);
      break;

    case PROP_NAMESPACE:
      g_value_set_string (value, self->namespace_);
      break;

    case PROP_FOLLOW_CLIENT_ENDPOINT:
      g_value_set_boolean (value, self->follow_client_endpoint);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;

    case PROP_SERVER_INFO:
      g_value_set_object (value, self->server_info);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rk_client_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  RkClient *self = RK_CLIENT (object);

  switch (prop_id)
    {
    case PROP_FOLLOW_CLIENT_ENDPOINT:
      rk_client_set_follow_client_endpoint (self, g_value_get_boolean (value));
      break;

    case PROP_TIMEOUT:
      rk_client_set_timeout (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rk_client_class_init (RkClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rk_client_dispose;
  object_class->finalize = rk_client_finalize;
  object_class->get_property = rk_client_get_property;
  object_class->set_property = rk_client_set_property;

  /**
   * RkClient:endpoint:
   *
   * The base URL every request goes to: the configured one, or the
   * `clientEndpoint` the server advertised when following it.
   */
  properties[PROP_ENDPOINT] =
    g_param_spec_string ("endpoint", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONFIGURED_ENDPOINT] =
    g_param_spec_string ("configured-endpoint", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAMESPACE] =
    g_param_spec_string ("namespace", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLLOW_CLIENT_ENDPOINT] =
    g_param_spec_boolean ("follow-client-endpoint", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 1, 3600, DEFAULT_TIMEOUT_SECONDS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVER_INFO] =
    g_param_spec_object ("server-info", NULL, NULL, RK_TYPE_SERVER_INFO,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rk_client_init (RkClient *self)
{
  self->follow_client_endpoint = TRUE;
  self->timeout = DEFAULT_TIMEOUT_SECONDS;
  /* Views stream and poll side by side: libsoup's default of 2 per host
   * would queue them behind each other. One session keeps keep-alive. */
  self->session = g_object_new (SOUP_TYPE_SESSION,
                                "max-conns", 64,
                                "max-conns-per-host", 32,
                                "timeout", DEFAULT_TIMEOUT_SECONDS,
                                "idle-timeout", 60,
                                "user-agent", "actor-lens/" PACKAGE_VERSION " ",
                                NULL);
}

static char *
strip_trailing_slashes (const char *text)
{
  char *copy = g_strdup (text);
  gsize len = strlen (copy);

  while (len > 0 && copy[len - 1] == '/')
    copy[--len] = '\0';

  return copy;
}

/* The token in the user info of an endpoint that does not parse as a URL. */
static char *
guess_token (const char *text)
{
  const char *start = strstr (text, "://");
  const char *end;
  const char *at = NULL;
  const char *colon;

  start = start ? start + 3 : text;
  end = start + strcspn (start, "/?#");
  for (const char *p = start; p < end; p++)
    if (*p == '@')
      at = p;

  if (at == NULL || !(colon = memchr (start, ':', at - start)) || colon + 1 >= at)
    return NULL;

  return g_strndup (colon + 1, at - colon - 1);
}

/* Parses an endpoint the way the official client does: http(s) only, no
 * query or fragment, `namespace:token@` user info. */
static gboolean
parse_endpoint (const char  *text,
                char       **out_base,
                char       **out_namespace,
                char       **out_token,
                GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GUri) clean = NULL;
  g_autofree char *clean_text = NULL;
  const char *scheme;

  uri = g_uri_parse (text, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED_PATH, &local_error);
  if (uri == NULL)
    {
      g_autofree char *token = guess_token (text);
      GError *invalid = g_error_new (RK_ERROR, RK_ERROR_INVALID_ARGUMENT,
                                     "“%s” is not a valid endpoint URL: %s",
                                     text, local_error->message);

      /* The URL may carry `namespace:token@`: keep the token off the screen */
      _rk_error_redact (invalid, token);
      g_propagate_error (error, invalid);
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    {
      g_set_error (error, RK_ERROR, RK_ERROR_INVALID_ARGUMENT,
                   "The endpoint must be an http:// or https:// URL, not “%s://”", scheme);
      return FALSE;
    }

  if (g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    {
      g_set_error_literal (error, RK_ERROR, RK_ERROR_INVALID_ARGUMENT,
                           "The endpoint URL has no host");
      return FALSE;
    }

  if (g_uri_get_query (uri) != NULL)
    {
      g_set_error_literal (error, RK_ERROR, RK_ERROR_INVALID_ARGUMENT,
                           "The endpoint URL cannot contain a query string");
      return FALSE;
    }

  if (g_uri_get_fragment (uri) != NULL)
    {
      g_set_error_literal (error, RK_ERROR, RK_ERROR_INVALID_ARGUMENT,
                           "The endpoint URL cannot contain a fragment");
      return FALSE;
    }

  *out_namespace = g_strdup (g_uri_get_user (uri));
  *out_token = g_strdup (g_uri_get_password (uri));
  if (*out_namespace != NULL && (*out_namespace)[0] == '\0')
    g_clear_pointer (out_namespace, g_free);
  if (*out_token != NULL && (*out_token)[0] == '\0')
    g_clear_pointer (out_token, g_free);

  if (*out_token != NULL && *out_namespace == NULL)
    {
      g_clear_pointer (out_token, g_free);
      g_set_error_literal (error, RK_ERROR, RK_ERROR_INVALID_ARGUMENT,
                           "The endpoint URL has a token but no namespace: "
                           "use https://namespace:token@host");
      return FALSE;
    }

  clean = g_uri_build (G_URI_FLAGS_ENCODED_PATH, g_uri_get_scheme (uri), NULL,
                       g_uri_get_host (uri), g_uri_get_port (uri), g_uri_get_path (uri),
                       NULL, NULL);
  clean_text = g_uri_to_string (clean);
  *out_base = strip_trailing_slashes (clean_text);

  return TRUE;
}

/**
 * rk_client_new:
 * @endpoint: (nullable): base URL; %NULL for `http://localhost:6420`.
 *   May carry `namespace:token@` user info, as the official client allows.
 * @namespace_: (nullable): namespace; %NULL for the URL's or `default`
 * @token: (nullable): token; %NULL for the URL's or none
 * @error: return location for a #GError
 *
 * Returns: (transfer full): a new #RkClient, or %NULL if @endpoint is not
 *   usable (%RK_ERROR_INVALID_ARGUMENT)
 */
RkClient *
rk_client_new (const char  *endpoint,
               const char  *namespace_,
               const char  *token,
               GError     **error)
{
  g_autoptr(RkClient) self = NULL;
  g_autofree char *base = NULL;
  g_autofree char *url_namespace = NULL;
  g_autofree char *url_token = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (endpoint == NULL || endpoint[0] == '\0')
    endpoint = RK_DEFAULT_ENDPOINT;
  if (namespace_ != NULL && namespace_[0] == '\0')
    namespace_ = NULL;
  if (token != NULL && token[0] == '\0')
    token = NULL;

  if (!parse_endpoint (endpoint, &base, &url_namespace, &url_token, error))
    return NULL;

  if (url_namespace != NULL && namespace_ != NULL && g_strcmp0 (url_namespace, namespace_) != 0)
    {
      g_set_error_literal (error, RK_ERROR, RK_ERROR_INVALID_ARGUMENT,
                           "The namespace is given both in the endpoint URL and separately");
      return NULL;
    }

  if (url_token != NULL && token != NULL && g_strcmp0 (url_token, token) != 0)
    {
      g_set_error_literal (error, RK_ERROR, RK_ERROR_INVALID_ARGUMENT,
                           "The token is given both in the endpoint URL and separately");
      return NULL;
    }

  self = g_object_new (RK_TYPE_CLIENT, NULL);
  self->configured_endpoint = g_strdup (base);
  self->endpoint = g_steal_pointer (&base);
  self->namespace_ = g_strdup (namespace_ ? namespace_
                                          : url_namespace ? url_namespace : RK_DEFAULT_NAMESPACE);
  self->token = g_strdup (token ? token : url_token);

  g_debug ("client for %s (namespace %s, %s)", self->endpoint, self->namespace_,
           self->token ? "with a token" : "no token");

  return g_steal_pointer (&self);
}

/**
 * rk_client_new_from_environment:
 * @error: return location for a #GError
 *
 * Reads `RIVET_ENDPOINT`, `RIVET_NAMESPACE` and `RIVET_TOKEN` as the
 * official client does, defaulting to `http://localhost:6420`.
 *
 * Returns: (transfer full): a new #RkClient, or %NULL
 */
RkClient *
rk_client_new_from_environment (GError **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return rk_client_new (g_getenv ("RIVET_ENDPOINT"),
                        g_getenv ("RIVET_NAMESPACE"),
                        g_getenv ("RIVET_TOKEN"),
                        error);
}

const char *
rk_client_get_endpoint (RkClient *self)
{
  g_return_val_if_fail (RK_IS_CLIENT (self), NULL);
  return self->endpoint;
}

const char *
rk_client_get_configured_endpoint (RkClient *self)
{
  g_return_val_if_fail (RK_IS_CLIENT (self), NULL);
  return self->configured_endpoint;
}

const char *
rk_client_get_namespace (RkClient *self)
{
  g_return_val_if_fail (RK_IS_CLIENT (self), NULL);
  return self->namespace_;
}

gboolean
rk_client_has_token (RkClient *self)
{
  g_return_val_if_fail (RK_IS_CLIENT (self), FALSE);
  return self->token != NULL;
}

/**
 * rk_client_get_token:
 * @self: a #RkClient
 *
 * For the keyring and for copying a call as a command; never log it.
 *
 * Returns: (nullable): the token
 */
const char *
rk_client_get_token (RkClient *self)
{
  g_return_val_if_fail (RK_IS_CLIENT (self), NULL);
  return self->token;
}

gboolean
rk_client_get_follow_client_endpoint (RkClient *self)
{
  g_return_val_if_fail (RK_IS_CLIENT (self), FALSE);
  return self->follow_client_endpoint;
}

/**
 * rk_client_set_follow_client_endpoint:
 * @self: a #RkClient
 * @follow: whether to switch to the `clientEndpoint` that `/metadata` advertises
 *
 * On by default, as in the official client. Turn it off for servers that
 * advertise an endpoint they do not listen on (RivetKit's test fixture
 * server points at 6420 whatever its port).
 */
void
rk_client_set_follow_client_endpoint (RkClient *self,
                                      gboolean  follow)
{
  g_return_if_fail (RK_IS_CLIENT (self));

  follow = !!follow;
  if (self->follow_client_endpoint == follow)
    return;

  self->follow_client_endpoint = follow;
  if (!follow && rk_set_str (&self->endpoint, self->configured_endpoint))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENDPOINT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOW_CLIENT_ENDPOINT]);
}

guint
rk_client_get_timeout (RkClient *self)
{
  g_return_val_if_fail (RK_IS_CLIENT (self), 0);
  return self->timeout;
}

/**
 * rk_client_set_timeout:
 * @self: a #RkClient
 * @seconds: how long an HTTP request may stay silent
 */
void
rk_client_set_timeout (RkClient *self,
                       guint     seconds)
{
  g_return_if_fail (RK_IS_CLIENT (self));
  g_return_if_fail (seconds > 0);

  if (self->timeout == seconds)
    return;

  self->timeout = seconds;
  g_object_set (self->session, "timeout", seconds, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

/**
 * rk_client_get_server_info:
 * @self: a #RkClient
 *
 * Returns: (transfer none) (nullable): what the last probe learnt
 */
RkServerInfo *
rk_client_get_server_info (RkClient *self)
{
  g_return_val_if_fail (RK_IS_CLIENT (self), NULL);
  return self->server_info;
}

/**
 * rk_client_get_request_count:
 * @self: a #RkClient
 *
 * Returns: the HTTP requests and WebSocket handshakes sent so far
 */
guint64
rk_client_get_request_count (RkClient *self)
{
  g_return_val_if_fail (RK_IS_CLIENT (self), 0);
  return self->request_count;
}

void
_rk_client_count_request (RkClient *self)
{
  self->request_count++;
}

SoupSession *
_rk_client_get_session (RkClient *self)
{
  return self->session;
}

/* Discovery */

typedef struct
{
  RkServerInfo *info;
  guint tried_fallback : 1;
} ProbeData;

static void
probe_data_free (ProbeData *data)
{
  g_clear_object (&data->info);
  g_free (data);
}

static void
probe_finish_with_types (GTask     *task,
                         GPtrArray *types)
{
  RkClient *self = g_task_get_source_object (task);
  ProbeData *data = g_task_get_task_data (task);

  if (types != NULL)
    _rk_server_info_set_actor_types (data->info, types);

  if (g_set_object (&self->server_info, data->info))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_INFO]);

  g_task_return_pointer (task, g_object_ref (data->info), g_object_unref);
}

static void
probe_types_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  RkClient *self = (RkClient *)object;
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) types = NULL;

  if (!(types = rk_client_list_actor_types_finish (self, result, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  probe_finish_with_types (task, types);
}

static void probe_metadata_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data);

static void
probe_send_metadata (GTask      *task,
                     const char *path)
{
  RkClient *self = g_task_get_source_object (task);
  RkRequest *request;

  request = _rk_client_manager_request (self, "GET", path, NULL);
  _rk_request_set_what (request, "the server metadata");
  _rk_client_send_async (self, request, g_task_get_cancellable (task), probe_metadata_cb, task);
}

static void
probe_metadata_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  RkClient *self = (RkClient *)object;
  g_autoptr(GTask) task = user_data;
  ProbeData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  const char *client_endpoint;

  if (!(node = _rk_client_send_json_finish (self, result, &error)))
    {
      /* Some deployments mount RivetKit under /api/rivet, as the web
       * inspector knows. */
      if (!data->tried_fallback && rk_error_get_http_status (error) == 404)
        {
          data->tried_fallback = TRUE;
          probe_send_metadata (g_steal_pointer (&task), "/api/rivet/metadata");
          return;
        }

      if (error->domain == RK_ERROR && error->code == RK_ERROR_INVALID_REPLY)
        g_prefix_error (&error, "%s does not look like a RivetKit server: ", self->endpoint);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!(data->info = rk_server_info_new_from_metadata (node, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (data->tried_fallback)
    {
      g_autofree char *mounted = g_strconcat (self->endpoint, "/api/rivet", NULL);

      if (rk_set_str (&self->endpoint, mounted))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENDPOINT]);
    }

  client_endpoint = rk_server_info_get_client_endpoint (data->info);
  if (self->follow_client_endpoint && client_endpoint != NULL && client_endpoint[0] != '\0')
    {
      g_autofree char *base = NULL;
      g_autofree char *ns = NULL;
      g_autofree char *token = NULL;
      g_autoptr(GError) parse_error = NULL;

      if (parse_endpoint (client_endpoint, &base, &ns, &token, &parse_error))
        {
          if (rk_set_str (&self->endpoint, base))
            {
              g_debug ("following the advertised client endpoint %s", base);
              g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENDPOINT]);
            }
        }
      else
        g_debug ("ignoring an unusable clientEndpoint: %s", parse_error->message);

      if (rk_server_info_get_client_namespace (data->info) != NULL &&
          g_str_equal (self->namespace_, RK_DEFAULT_NAMESPACE) &&
          rk_set_str (&self->namespace_, rk_server_info_get_client_namespace (data->info)))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAMESPACE]);

      if (rk_server_info_get_client_token (data->info) != NULL && self->token == NULL)
        self->token = g_strdup (rk_server_info_get_client_token (data->info));
    }

  /* The engine's /metadata has no actor names: those come from /actors/names. */
  if (g_list_model_get_n_items (rk_server_info_get_actor_types (data->info)) == 0)
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      rk_client_list_actor_types_async (self, cancellable, probe_types_cb,
                                        g_steal_pointer (&task));
      return;
    }

  probe_finish_with_types (task, NULL);
}

/**
 * rk_client_probe_async:
 * @self: a #RkClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the probe completes
 * @user_data: data for @callback
 *
 * Asks the server what it is (`GET /metadata`): runtime, version,
 * flavour and actor types with their display metadata. Follows the
 * advertised `clientEndpoint` unless that is turned off.
 */
void
rk_client_probe_async (RkClient            *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RK_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rk_client_probe_async);
  g_task_set_task_data (task, g_new0 (ProbeData, 1), (GDestroyNotify)probe_data_free);

  /* Probing again starts from what the user configured. */
  if (rk_set_str (&self->endpoint, self->configured_endpoint))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENDPOINT]);

  probe_send_metadata (g_steal_pointer (&task), "/metadata");
}

/**
 * rk_client_probe_finish:
 * @self: a #RkClient
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the server info, or %NULL
 */
RkServerInfo *
rk_client_probe_finish (RkClient      *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (RK_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * rk_client_connect:
 * @self: a #RkClient
 * @actor_id: the actor to connect to
 * @conn_params: (nullable): connection params (plain JSON)
 *
 * Creates a stateful connection; call rk_connection_open () to start it.
 *
 * Returns: (transfer full): a new #RkConnection
 */
RkConnection *
rk_client_connect (RkClient   *self,
                   const char *actor_id,
                   JsonNode   *conn_params)
{
  g_return_val_if_fail (RK_IS_CLIENT (self), NULL);
  g_return_val_if_fail (actor_id != NULL, NULL);

  return rk_connection_new (self, actor_id, conn_params);
}
