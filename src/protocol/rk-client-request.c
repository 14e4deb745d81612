/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-client-request.c: RkClient's URLs and HTTP request engine: one session,
 * keep-alive, a retry for idempotent requests, errors in words */

#define G_LOG_DOMAIN "rk-client"

#include "config.h"

#include <string.h>

#include "rk-client-private.h"
#include "rk-compat.h"
#include "rk-error-private.h"
#include "rk-json-private.h"
#include "rk-server-info.h"

struct _RkRequest
{
  char *method;
  char *url;
  char *log_url;
  char *what;
  GPtrArray *headers;
  char *content_type;
  GBytes *body;
  SoupMessage *message;
  gint64 started_us;
  guint attempt;
  guint raw : 1;
  guint keep_alive : 1;
  guint idempotent : 1;
};

/* URLs */

static void
append_query (GString    *url,
              gboolean   *first,
              const char *name,
              const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

  g_string_append_c (url, *first ? '?' : '&');
  g_string_append (url, name);
  g_string_append_c (url, '=');
  g_string_append (url, escaped);
  *first = FALSE;
}

/* @path is already escaped; the NULL-terminated varargs are name/value
 * pairs (values escaped here; NULL values skipped). `namespace` always
 * goes last: 2.3 requires it on every call, 2.2 ignores it. */
static char *
manager_url_va (RkClient   *self,
                const char *path,
                va_list     args)
{
  GString *url = g_string_new (self->endpoint);
  gboolean first = TRUE;
  const char *name;

  g_string_append (url, path);

  while ((name = va_arg (args, const char *)))
    {
      const char *value = va_arg (args, const char *);

      if (value != NULL)
        append_query (url, &first, name, value);
    }

  append_query (url, &first, "namespace", self->namespace_);

  return g_string_free (url, FALSE);
}

/* @actor_path starts with '/' and is already escaped. The token rides in
 * the path (`@token`) as the official client sends it; logs get `@***`. */
char *
_rk_client_gateway_url (RkClient   *self,
                        const char *actor_id,
                        const char *actor_path,
                        gboolean    redact)
{
  g_autofree char *escaped_id = g_uri_escape_string (actor_id, NULL, FALSE);
  GString *url = g_string_new (self->endpoint);

  g_string_append (url, "/gateway/");
  g_string_append (url, escaped_id);

  if (self->token != NULL)
    {
      if (redact)
        g_string_append (url, "@***");
      else
        {
          g_autofree char *escaped_token = g_uri_escape_string (self->token, NULL, FALSE);

          g_string_append_c (url, '@');
          g_string_append (url, escaped_token);
        }
    }

  g_string_append (url, actor_path);

  return g_string_free (url, FALSE);
}

/* Requests */

RkRequest *
_rk_request_new (const char *method,
                 char       *url,
                 char       *log_url)
{
  RkRequest *request = g_new0 (RkRequest, 1);

  request->method = g_strdup (method);
  request->url = url;
  request->log_url = log_url ? log_url : g_strdup (url);
  request->headers = g_ptr_array_new_with_free_func (g_free);
  request->keep_alive = TRUE;

  return request;
}

void
_rk_request_free (RkRequest *request)
{
  g_free (request->method);
  g_free (request->url);
  g_free (request->log_url);
  g_free (request->what);
  g_free (request->content_type);
  g_ptr_array_unref (request->headers);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_clear_object (&request->message);
  g_free (request);
}

void
_rk_request_set_header (RkRequest  *request,
                        const char *name,
                        const char *value)
{
  g_ptr_array_add (request->headers, g_strdup (name));
  g_ptr_array_add (request->headers, g_strdup (value));
}

void
_rk_request_set_body (RkRequest  *request,
                      const char *content_type,
                      GBytes     *body)
{
  g_free (request->content_type);
  request->content_type = g_strdup (content_type);
  g_clear_pointer (&request->body, g_bytes_unref);
  request->body = body ? g_bytes_ref (body) : NULL;
}

void
_rk_request_set_json_body (RkRequest *request,
                           char      *json_text)
{
  g_autoptr(GBytes) body = g_bytes_new_take (json_text, strlen (json_text));

  _rk_request_set_body (request, "application/json", body);
}

/* Connection params travel as raw JSON text in `x-rivet-conn-params`. */
void
_rk_request_set_conn_params (RkRequest *request,
                             JsonNode  *conn_params)
{
  g_autofree char *text = NULL;

  if (conn_params == NULL || JSON_NODE_HOLDS_NULL (conn_params))
    return;

  text = _rk_json_to_string (conn_params);
  _rk_request_set_header (request, "x-rivet-conn-params", text);
}

void
_rk_request_set_raw (RkRequest *request,
                     gboolean   raw)
{
  request->raw = !!raw;
}

/* Marks a request safe to send twice (get-or-create), like a GET. */
void
_rk_request_set_idempotent (RkRequest *request,
                            gboolean   idempotent)
{
  request->idempotent = !!idempotent;
}

void
_rk_request_set_what (RkRequest  *request,
                      const char *what)
{
  g_free (request->what);
  request->what = g_strdup (what);
}

RkRequest *
_rk_client_manager_request (RkClient   *self,
                            const char *method,
                            const char *path,
                            ...)
{
  va_list args;
  char *url;
  RkRequest *request;

  va_start (args, path);
  url = manager_url_va (self, path, args);
  va_end (args);

  request = _rk_request_new (method, url, NULL);
  if (self->token != NULL)
    {
      g_autofree char *bearer = g_strdup_printf ("Bearer %s", self->token);
      _rk_request_set_header (request, "Authorization", bearer);
    }

  return request;
}

RkRequest *
_rk_client_gateway_request (RkClient   *self,
                            const char *method,
                            const char *actor_id,
                            const char *actor_path)
{
  RkRequest *request;

  request = _rk_request_new (method,
                             _rk_client_gateway_url (self, actor_id, actor_path, FALSE),
                             _rk_client_gateway_url (self, actor_id, actor_path, TRUE));
  if (self->token != NULL)
    _rk_request_set_header (request, "x-rivet-token", self->token);

  return request;
}

static SoupMessage *
build_message (RkRequest  *request,
               GError    **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  SoupMessage *message;
  SoupMessageHeaders *headers;

  uri = g_uri_parse (request->url, SOUP_HTTP_URI_FLAGS, &local_error);
  if (uri == NULL)
    {
      g_set_error (error, RK_ERROR, RK_ERROR_INVALID_ARGUMENT,
                   "Cannot build a request for %s: %s", request->log_url, local_error->message);
      return NULL;
    }

  message = soup_message_new_from_uri (request->method, uri);
  headers = soup_message_get_request_headers (message);
  for (guint i = 0; i + 1 < request->headers->len; i += 2)
    soup_message_headers_append (headers,
                                 g_ptr_array_index (request->headers, i),
                                 g_ptr_array_index (request->headers, i + 1));

  if (!request->keep_alive)
    soup_message_headers_replace (headers, "Connection", "close");

  if (request->body != NULL)
    soup_message_set_request_body_from_bytes (message, request->content_type, request->body);

  return message;
}

static gboolean
is_idempotent (RkRequest *request)
{
  return request->idempotent ||
         g_str_equal (request->method, "GET") || g_str_equal (request->method, "HEAD");
}

static gboolean
is_connection_reset (GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) ||
         g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_PARSING);
}

/**
 * _rk_client_transport_error:
 * @self: a #RkClient
 * @error: (transfer full): a GIO, resolver, TLS or libsoup error
 *
 * Puts a transport failure into words a developer can act on.
 *
 * Returns: (transfer full): an %RK_ERROR error
 */
GError *
_rk_client_transport_error (RkClient *self,
                            GError   *error)
{
  g_autoptr(GError) owned = error;
  g_autoptr(GUri) uri = g_uri_parse (self->endpoint, G_URI_FLAGS_NONE, NULL);
  g_autofree char *where = NULL;
  int port;

  if (g_error_matches (owned, G_IO_ERROR, G_IO_ERROR_CANCELLED) || owned->domain == RK_ERROR)
    return g_steal_pointer (&owned);

  port = uri ? g_uri_get_port (uri) : -1;
  if (uri != NULL && port > 0)
    where = g_strdup_printf ("%s:%d", g_uri_get_host (uri), port);
  else
    where = g_strdup (uri ? g_uri_get_host (uri) : self->endpoint);

  if (g_error_matches (owned, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return g_error_new (RK_ERROR, RK_ERROR_UNREACHABLE,
                        "Nothing is listening at %s (connection refused). "
                        "Is the RivetKit server running?", where);

  if (owned->domain == G_RESOLVER_ERROR)
    return g_error_new (RK_ERROR, RK_ERROR_UNREACHABLE,
                        "The host of %s could not be found: %s", where, owned->message);

  if (g_error_matches (owned, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (RK_ERROR, RK_ERROR_TIMEOUT,
                        "The server at %s did not answer within %u s",
                        where, self->timeout);

  if (owned->domain == G_TLS_ERROR)
    return g_error_new (RK_ERROR, RK_ERROR_UNREACHABLE,
                        "A secure connection to %s failed: %s", where, owned->message);

  if (is_connection_reset (owned))
    return g_error_new (RK_ERROR, RK_ERROR_CLOSED,
                        "The server at %s closed the connection before answering (%s)",
                        where, owned->message);

  if (g_error_matches (owned, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
      g_error_matches (owned, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE))
    return g_error_new (RK_ERROR, RK_ERROR_UNREACHABLE,
                        "%s cannot be reached: %s", where, owned->message);

  return g_error_new (RK_ERROR, RK_ERROR_UNREACHABLE,
                      "The request to %s failed: %s", where, owned->message);
}

/**
 * _rk_client_redact_error:
 * @self: a #RkClient
 * @error: (nullable): an error about one of @self's requests
 *
 * Masks the client's token, as it is and as it appears in a URL, in an
 * error built from what a server said.
 */
void
_rk_client_redact_error (RkClient *self,
                         GError   *error)
{
  g_autofree char *escaped = NULL;

  if (error == NULL || self->token == NULL)
    return;

  escaped = g_uri_escape_string (self->token, NULL, FALSE);
  _rk_error_redact (error, self->token);
  _rk_error_redact (error, escaped);
}

/**
 * _rk_client_redact:
 * @self: a #RkClient
 * @text: (nullable): what a server said
 *
 * Returns: (transfer full) (nullable): @text with the client's token masked
 */
char *
_rk_client_redact (RkClient   *self,
                   const char *text)
{
  g_autofree char *escaped = NULL;
  GString *out;

  if (text == NULL || self->token == NULL)
    return g_strdup (text);

  escaped = g_uri_escape_string (self->token, NULL, FALSE);
  out = g_string_new (text);
  g_string_replace (out, self->token, "***", 0);
  g_string_replace (out, escaped, "***", 0);

  return g_string_free (out, FALSE);
}

/* The client's token, and whatever credentials the request carries besides
 * (an inspector token as a Bearer). */
static void
redact_request_secrets (RkClient  *self,
                        RkRequest *request,
                        GError    *error)
{
  _rk_client_redact_error (self, error);

  for (guint i = 0; i + 1 < request->headers->len; i += 2)
    {
      const char *name = g_ptr_array_index (request->headers, i);
      const char *value = g_ptr_array_index (request->headers, i + 1);

      if (g_ascii_strcasecmp (name, "Authorization") == 0 && g_str_has_prefix (value, "Bearer "))
        _rk_error_redact (error, value + strlen ("Bearer "));
    }
}

static void send_attempt (GTask *task);

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  SoupSession *session = (SoupSession *)object;
  g_autoptr(GTask) task = user_data;
  RkClient *self = g_task_get_source_object (task);
  RkRequest *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  guint status;

  g_assert (SOUP_IS_SESSION (session));

  body = soup_session_send_and_read_finish (session, result, &error);

  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      /* A reused keep-alive connection can be dropped under us (seen on
       * 2.3); a GET is safe to send once more. */
      if (is_idempotent (request) && request->attempt == 0 && is_connection_reset (error))
        {
          g_debug ("%s %s: %s; retrying once", request->method, request->log_url, error->message);
          request->attempt++;
          send_attempt (g_steal_pointer (&task));
          return;
        }

      g_debug ("%s %s failed: %s", request->method, request->log_url, error->message);
      error = _rk_client_transport_error (self, g_steal_pointer (&error));
      redact_request_secrets (self, request, error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  status = soup_message_get_status (request->message);
  g_debug ("%s %s → %u (%" G_GSIZE_FORMAT " bytes, %.1f ms)",
           request->method, request->log_url, status, g_bytes_get_size (body),
           (g_get_monotonic_time () - request->started_us) / 1000.0);

  if (!request->raw && (status < 200 || status > 299))
    {
      error = rk_error_new_from_reply (status, soup_message_get_reason_phrase (request->message),
                                       body);

      /* Measured on 2.3.19: now and then the engine reads a request body
       * short ("Failed to parse the request body as JSON: EOF …"). It did
       * not act on it, so a request that is safe to repeat goes again. */
      if (is_idempotent (request) && request->attempt == 0 &&
          rk_error_matches (error, "api", "bad_request") && strstr (error->message, "EOF"))
        {
          g_debug ("%s %s: body read short by the server; retrying once",
                   request->method, request->log_url);
          request->attempt++;
          send_attempt (g_steal_pointer (&task));
          return;
        }

      redact_request_secrets (self, request, error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&body), (GDestroyNotify)g_bytes_unref);
}

static void
send_attempt (GTask *task)
{
  RkClient *self = g_task_get_source_object (task);
  RkRequest *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  g_clear_object (&request->message);
  if (!(request->message = build_message (request, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  request->started_us = g_get_monotonic_time ();
  _rk_client_count_request (self);
  soup_session_send_and_read_async (self->session,
                                    request->message,
                                    G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task),
                                    send_cb,
                                    task);
}

/**
 * _rk_client_send_async:
 * @self: a #RkClient
 * @request: (transfer full): the request
 *
 * Sends @request on the client's session. Non-2xx replies fail with an
 * error parsed from the body, unless the request is raw.
 */
void
_rk_client_send_async (RkClient            *self,
                       RkRequest           *request,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (RK_IS_CLIENT (self));
  g_return_if_fail (request != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _rk_client_send_async);
  g_task_set_task_data (task, request, (GDestroyNotify)_rk_request_free);

  /* Measured on 2.3.19: a request on a reused keep-alive connection to the
   * engine sometimes gets no answer at all (3 of 4 test runs stalled a
   * request for 30 s; 0 of 5 with fresh connections). Loopback connects
   * cost far less than the engine's ~100 ms per call. */
  if (self->server_info != NULL &&
      rk_server_info_get_flavour (self->server_info) == RK_SERVER_FLAVOUR_ENGINE)
    request->keep_alive = FALSE;

  send_attempt (task);
}

GBytes *
_rk_client_send_finish (RkClient      *self,
                        GAsyncResult  *result,
                        SoupMessage  **out_message,
                        gint64        *out_elapsed_us,
                        GError       **error)
{
  RkRequest *request;

  g_return_val_if_fail (RK_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  request = g_task_get_task_data (G_TASK (result));
  if (out_message != NULL)
    *out_message = request->message ? g_object_ref (request->message) : NULL;
  if (out_elapsed_us != NULL)
    *out_elapsed_us = g_get_monotonic_time () - request->started_us;

  return g_task_propagate_pointer (G_TASK (result), error);
}

JsonNode *
_rk_client_send_json_finish (RkClient      *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_autoptr(GBytes) body = NULL;
  RkRequest *request;

  if (!(body = _rk_client_send_finish (self, result, NULL, NULL, error)))
    return NULL;

  request = g_task_get_task_data (G_TASK (result));
  return _rk_json_parse_bytes (body, request->what ? request->what : request->log_url, error);
}

/* Connection params go into a WebSocket subprotocol, so every byte outside
 * [A-Za-z0-9-_.~] is percent-encoded, as encodeURIComponent does and more. */
char *
_rk_client_encode_conn_params (JsonNode *conn_params)
{
  g_autofree char *text = NULL;
  GString *out;

  if (conn_params == NULL || JSON_NODE_HOLDS_NULL (conn_params))
    return NULL;

  text = _rk_json_to_string (conn_params);
  out = g_string_new ("rivet_conn_params.");
  for (const guchar *p = (const guchar *)text; *p; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '-' || *p == '_' || *p == '.' || *p == '~')
        g_string_append_c (out, *p);
      else
        g_string_append_printf (out, "%%%02X", *p);
    }

  return g_string_free (out, FALSE);
}

