/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-test-server.c: a scripted local RivetKit impostor for fault-injection tests:
 * HTTP routes with delays and faults, recorded requests, WebSocket scripts */

#include "config.h"

#include <string.h>

#include "rk-error.h"
#include "rk-test-server-private.h"
#include "rk-test-util.h"

/* A paused message: answered after a delay, dropped, truncated or never. */
typedef struct
{
  RkTestServer *server;
  SoupServerMessage *message;
  RkTestRoute *route;
  guint source;
  gulong finished_handler;
  gulong disconnected_handler;
} Parked;

G_DEFINE_FINAL_TYPE (RkTestServer, rk_test_server, G_TYPE_OBJECT)

static const char *ws_protocols[] = { "rivet", NULL };

/* Helpers */

GBytes *
rk_test_hex_to_bytes (const char *hex)
{
  GByteArray *bytes = g_byte_array_new ();
  int high = -1;

  for (const char *p = hex; *p; p++)
    {
      int digit = g_ascii_xdigit_value (*p);

      if (digit < 0)
        {
          g_assert (g_ascii_isspace (*p));
          continue;
        }

      if (high < 0)
        high = digit;
      else
        {
          guint8 byte = (guint8)(high << 4 | digit);

          g_byte_array_append (bytes, &byte, 1);
          high = -1;
        }
    }

  g_assert_cmpint (high, ==, -1);
  return g_byte_array_free_to_bytes (bytes);
}

/* Drops the caller's reference to @object and fails unless it is then
 * finalized (once the main context has run what was pending). */
void
rk_test_assert_finalized (gpointer object)
{
  gpointer weak = object;

  g_assert_true (G_IS_OBJECT (object));
  g_object_add_weak_pointer (object, &weak);
  g_object_unref (object);
  rk_test_wait_for_ms (weak == NULL, 5000);
}

/* Fails if @secret appears in @error's message or in the reply body it kept
 * (no error: nothing to check). */
void
rk_test_assert_no_secret (const GError *error,
                          const char   *secret)
{
  const char *body;

  if (error == NULL)
    return;

  if (strstr (error->message, secret) != NULL)
    g_error ("the secret leaked into an error message: %s", error->message);

  body = rk_error_get_raw_body (error);
  if (body != NULL && strstr (body, secret) != NULL)
    g_error ("the secret leaked into an error's raw body: %s", body);
}

static void
route_free (RkTestRoute *route)
{
  g_free (route->method);
  g_free (route->path);
  g_free (route->query);
  g_free (route->content_type);
  g_clear_pointer (&route->body, g_bytes_unref);
  g_ptr_array_unref (route->headers);
  g_clear_pointer (&route->script, rk_test_ws_script_unref);
  g_free (route);
}

static void
request_free (RkTestRequest *request)
{
  g_free (request->method);
  g_free (request->path);
  g_free (request->query);
  g_clear_pointer (&request->headers, soup_message_headers_unref);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request);
}
/* Parked messages */

static void
parked_free (Parked *parked)
{
  g_clear_handle_id (&parked->source, g_source_remove);
  g_clear_signal_handler (&parked->finished_handler, parked->message);
  g_clear_signal_handler (&parked->disconnected_handler, parked->message);
  g_clear_object (&parked->message);
  g_free (parked);
}

static void
parked_gone_cb (SoupServerMessage *message,
                Parked            *parked)
{
  /* The client went away or libsoup finished with it: nothing to unpause. */
  g_ptr_array_remove (parked->server->parked, parked);
}

static void
write_truncated (GIOStream   *stream,
                 RkTestRoute *route)
{
  g_autofree char *head = NULL;
  const char *data = NULL;
  gsize len = 0;
  GOutputStream *out = g_io_stream_get_output_stream (stream);

  if (route->body != NULL)
    data = g_bytes_get_data (route->body, &len);

  head = g_strdup_printf ("HTTP/1.1 %u OK\r\nContent-Type: %s\r\nContent-Length: %" G_GSIZE_FORMAT
                          "\r\n\r\n",
                          route->status, route->content_type ? route->content_type : "text/plain",
                          len);
  /* A few hundred bytes on loopback: these writes do not block. */
  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);
  if (len > 1)
    g_output_stream_write_all (out, data, len / 2, NULL, NULL, NULL);
  g_output_stream_flush (out, NULL, NULL);
}

/* Whether the client closed its end: readable, yet a peek reads nothing */
static gboolean
peer_has_left (GSocket *socket)
{
  char byte;
  GInputVector vector = { &byte, 1 };
  int flags = G_SOCKET_MSG_PEEK;

  if (socket == NULL || (g_socket_condition_check (socket, G_IO_IN | G_IO_HUP) == 0))
    return FALSE;

  return g_socket_receive_message (socket, NULL, &vector, 1, NULL, NULL, &flags, NULL,
                                   NULL) <= 0;
}

static gboolean
parked_timeout_cb (gpointer user_data)
{
  Parked *parked = user_data;
  RkTestServer *self = parked->server;
  g_autoptr(SoupServerMessage) message = g_object_ref (parked->message);
  RkTestRoute *route = parked->route;

  parked->source = 0;

  /* An upgrade whose client already left: completing it would make libsoup
   * warn about the missing peer. It stays parked until the server stops. */
  if (route == NULL && peer_has_left (g_object_get_data (G_OBJECT (message), "rk-test-socket")))
    return G_SOURCE_REMOVE;

  g_ptr_array_remove (self->parked, parked);

  if (route == NULL || route->fault == RK_TEST_FAULT_NONE)
    soup_server_message_unpause (message);
  else
    {
      g_autoptr(GIOStream) stream = soup_server_message_steal_connection (message);

      if (stream != NULL)
        {
          if (route->fault == RK_TEST_FAULT_TRUNCATE)
            write_truncated (stream, route);
          g_io_stream_close (stream, NULL, NULL);
        }
    }

  return G_SOURCE_REMOVE;
}

/* Pauses @message; unless @forever, acts after @delay_ms (0: from an idle). */
static void
park (RkTestServer      *self,
      SoupServerMessage *message,
      RkTestRoute       *route,
      guint              delay_ms,
      gboolean           forever)
{
  Parked *parked = g_new0 (Parked, 1);

  parked->server = self;
  parked->message = g_object_ref (message);
  parked->route = route;
  parked->finished_handler = g_signal_connect (message, "finished",
                                               G_CALLBACK (parked_gone_cb), parked);
  parked->disconnected_handler = g_signal_connect (message, "disconnected",
                                                   G_CALLBACK (parked_gone_cb), parked);
  if (!forever)
    parked->source = g_timeout_add (delay_ms, parked_timeout_cb, parked);
  g_ptr_array_add (self->parked, parked);

  soup_server_message_pause (message);
}

/* HTTP */

static gboolean
is_upgrade (SoupServerMessage *message)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);

  return soup_message_headers_header_contains (headers, "Upgrade", "websocket");
}

static RkTestRoute *
find_route (RkTestServer *self,
            const char   *method,
            const char   *path,
            const char   *query,
            gboolean      upgrade)
{
  for (guint i = 0; i < self->routes->len; i++)
    {
      RkTestRoute *route = g_ptr_array_index (self->routes, i);

      if (route->times > 0 && route->hits >= route->times)
        continue;
      if (route->script != NULL && !upgrade)
        continue;
      if (route->method != NULL && g_ascii_strcasecmp (route->method, method) != 0)
        continue;
      if (!g_pattern_match_simple (route->path, path))
        continue;
      if (route->query != NULL && !g_pattern_match_simple (route->query, query ? query : ""))
        continue;

      return route;
    }

  return NULL;
}

static RkTestRequest *
record_request (RkTestServer      *self,
                SoupServerMessage *message,
                gboolean           upgrade)
{
  RkTestRequest *request = g_new0 (RkTestRequest, 1);
  GUri *uri = soup_server_message_get_uri (message);
  SoupMessageBody *body = soup_server_message_get_request_body (message);

  request->index = self->requests->len;
  request->time = g_get_monotonic_time ();
  request->method = g_strdup (soup_server_message_get_method (message));
  request->path = g_strdup (g_uri_get_path (uri));
  request->query = g_strdup (g_uri_get_query (uri));
  request->headers = soup_message_headers_ref (soup_server_message_get_request_headers (message));
  request->body = body ? soup_message_body_flatten (body) : g_bytes_new (NULL, 0);
  request->websocket = upgrade;
  g_ptr_array_add (self->requests, request);

  return request;
}

/**
 * rk_test_server_respond:
 * @message: the message
 * @status: HTTP status
 * @content_type: (nullable): the Content-Type
 * @body: (nullable): the body text
 *
 * For handlers: answers @message at once.
 */
void
rk_test_server_respond (SoupServerMessage *message,
                        guint              status,
                        const char        *content_type,
                        const char        *body)
{
  soup_server_message_set_status (message, status, NULL);
  if (body != NULL)
    soup_server_message_set_response (message, content_type ? content_type : "text/plain",
                                      SOUP_MEMORY_COPY, body, strlen (body));
}

static void
server_cb (SoupServer        *soup,
           SoupServerMessage *message,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  RkTestServer *self = user_data;
  gboolean upgrade = is_upgrade (message);
  GUri *uri = soup_server_message_get_uri (message);
  RkTestRequest *request;
  RkTestRoute *route;
  SoupMessageHeaders *headers;

  request = record_request (self, message, upgrade);
  route = find_route (self, request->method, request->path, g_uri_get_query (uri), upgrade);

  if (route == NULL)
    {
      rk_test_server_respond (message, 404, "text/plain; charset=UTF-8", "Not Found (RivetKit)");
      return;
    }

  route->hits++;

  if (route->script != NULL)
    {
      /* Leave the status unset: libsoup then completes the upgrade. */
      g_object_set_data (G_OBJECT (message), "rk-test-route", route);
      g_object_set_data_full (G_OBJECT (message), "rk-test-socket",
                              g_object_ref (soup_server_message_get_socket (message)),
                              g_object_unref);
      if (route->fault == RK_TEST_FAULT_HANG)
        park (self, message, NULL, 0, TRUE);
      else if (route->delay_ms > 0)
        park (self, message, NULL, route->delay_ms, FALSE);
      return;
    }

  if (route->handler != NULL)
    {
      route->handler (self, message, request, route->handler_data);
      return;
    }

  /* A status must be set before pausing, or libsoup takes the request for
   * a failed WebSocket handshake. */
  soup_server_message_set_status (message, route->status, NULL);
  headers = soup_server_message_get_response_headers (message);
  for (guint i = 0; i + 1 < route->headers->len; i += 2)
    soup_message_headers_append (headers, g_ptr_array_index (route->headers, i),
                                 g_ptr_array_index (route->headers, i + 1));

  switch (route->fault)
    {
    case RK_TEST_FAULT_HANG:
      park (self, message, route, 0, TRUE);
      return;

    case RK_TEST_FAULT_DROP:
    case RK_TEST_FAULT_TRUNCATE:
      park (self, message, route, route->delay_ms, FALSE);
      return;

    case RK_TEST_FAULT_NONE:
    default:
      break;
    }

  if (route->content_type != NULL)
    soup_message_headers_set_content_type (headers, route->content_type, NULL);
  if (route->body != NULL && g_bytes_get_size (route->body) > 0)
    soup_message_body_append_bytes (soup_server_message_get_response_body (message),
                                    route->body);

  if (route->delay_ms > 0)
    park (self, message, route, route->delay_ms, FALSE);
}

/* The server */

static void
rk_test_server_dispose (GObject *object)
{
  RkTestServer *self = (RkTestServer *)object;

  if (self->soup != NULL)
    {
      soup_server_disconnect (self->soup);
      soup_server_remove_handler (self->soup, "/");
    }
  g_clear_pointer (&self->parked, g_ptr_array_unref);
  g_clear_pointer (&self->peers, g_ptr_array_unref);
  g_clear_object (&self->soup);

  G_OBJECT_CLASS (rk_test_server_parent_class)->dispose (object);
}

static void
rk_test_server_finalize (GObject *object)
{
  RkTestServer *self = (RkTestServer *)object;

  g_clear_pointer (&self->routes, g_ptr_array_unref);
  g_clear_pointer (&self->requests, g_ptr_array_unref);
  g_clear_pointer (&self->frames, g_ptr_array_unref);
  g_clear_pointer (&self->url, g_free);

  G_OBJECT_CLASS (rk_test_server_parent_class)->finalize (object);
}

static void
rk_test_server_class_init (RkTestServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rk_test_server_dispose;
  object_class->finalize = rk_test_server_finalize;
}

static void
rk_test_server_init (RkTestServer *self)
{
  self->routes = g_ptr_array_new_with_free_func ((GDestroyNotify)route_free);
  self->requests = g_ptr_array_new_with_free_func ((GDestroyNotify)request_free);
  self->peers = g_ptr_array_new_with_free_func ((GDestroyNotify)_rk_test_peer_free);
  self->frames = g_ptr_array_new_with_free_func ((GDestroyNotify)_rk_test_frame_free);
  self->parked = g_ptr_array_new_with_free_func ((GDestroyNotify)parked_free);
}

static void
listen_on (RkTestServer *self,
           guint         port)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  soup_server_listen_local (self->soup, port, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (self->soup);
  g_assert_nonnull (uris);
  self->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
  self->running = TRUE;
}

/**
 * rk_test_server_new:
 *
 * Returns: (transfer full): a server listening on 127.0.0.1 on a free port;
 *   unknown routes answer 404 `Not Found (RivetKit)`, as RivetKit does
 */
RkTestServer *
rk_test_server_new (void)
{
  RkTestServer *self = g_object_new (RK_TYPE_TEST_SERVER, NULL);

  self->soup = soup_server_new ("server-header", "rk-test-server", NULL);
  soup_server_add_handler (self->soup, "/", server_cb, self, NULL);
  soup_server_add_websocket_handler (self->soup, "/", NULL, (char **)ws_protocols,
                                     _rk_test_server_websocket_cb, self, NULL);
  listen_on (self, 0);
  self->url = g_strdup_printf ("http://127.0.0.1:%u", self->port);

  return self;
}

const char *
rk_test_server_get_url (RkTestServer *self)
{
  return self->url;
}

guint
rk_test_server_get_port (RkTestServer *self)
{
  return self->port;
}

gboolean
rk_test_server_is_running (RkTestServer *self)
{
  return self->running;
}

/**
 * rk_test_server_stop:
 * @self: a #RkTestServer
 *
 * The server vanishes: the listener closes, every HTTP connection and
 * every WebSocket is dropped without a word. Routes and records stay.
 */
void
rk_test_server_stop (RkTestServer *self)
{
  if (!self->running)
    return;

  self->running = FALSE;
  soup_server_disconnect (self->soup);
  for (guint i = 0; i < self->peers->len; i++)
    {
      RkTestPeer *peer = g_ptr_array_index (self->peers, i);

      if (peer->open)
        _rk_test_peer_drop (peer);
    }
}

/* Listens again on the same port. */
void
rk_test_server_restart (RkTestServer *self)
{
  if (self->running)
    return;

  listen_on (self, self->port);
}

/* Routes */

static RkTestRoute *
add_route (RkTestServer *self,
           const char   *method,
           const char   *path)
{
  RkTestRoute *route = g_new0 (RkTestRoute, 1);

  route->method = g_strdup (method);
  route->path = g_strdup (path);
  route->headers = g_ptr_array_new_with_free_func (g_free);
  route->status = 200;
  g_ptr_array_add (self->routes, route);

  return route;
}

/**
 * rk_test_server_add_route:
 * @self: a #RkTestServer
 * @method: (nullable): the method, %NULL for any
 * @path: a glob over the decoded path (`*` crosses `/`)
 * @status: the status to answer
 * @content_type: (nullable): the Content-Type
 * @body: (nullable): the body
 *
 * Routes match in the order they were added; a route used up
 * (rk_test_route_set_times ()) lets the next one match.
 *
 * Returns: (transfer none): the route, to refine
 */
RkTestRoute *
rk_test_server_add_route (RkTestServer *self,
                          const char   *method,
                          const char   *path,
                          guint         status,
                          const char   *content_type,
                          const char   *body)
{
  RkTestRoute *route = add_route (self, method, path);

  route->status = status;
  route->content_type = g_strdup (content_type);
  if (body != NULL)
    route->body = g_bytes_new (body, strlen (body));

  return route;
}

RkTestRoute *
rk_test_server_add_fixture_route (RkTestServer *self,
                                  const char   *method,
                                  const char   *path,
                                  guint         status,
                                  const char   *content_type,
                                  const char   *fixture)
{
  RkTestRoute *route = rk_test_server_add_route (self, method, path, status, content_type, NULL);

  route->body = rk_test_fixture_bytes (fixture);
  return route;
}

RkTestRoute *
rk_test_server_add_handler (RkTestServer  *self,
                            const char    *method,
                            const char    *path,
                            RkTestHandler  handler,
                            gpointer       user_data)
{
  RkTestRoute *route = add_route (self, method, path);

  route->handler = handler;
  route->handler_data = user_data;
  return route;
}

/**
 * rk_test_server_add_websocket:
 * @self: a #RkTestServer
 * @path: a glob over the decoded path
 * @script: what to play on each socket accepted by this route
 *
 * Only upgrade requests match. A delay holds the `101` back; the HANG
 * fault never sends it. An HTTP route added for the same path answers
 * first (an upgrade refused with an HTTP error).
 *
 * Returns: (transfer none): the route
 */
RkTestRoute *
rk_test_server_add_websocket (RkTestServer   *self,
                              const char     *path,
                              RkTestWsScript *script)
{
  RkTestRoute *route = add_route (self, "GET", path);

  route->script = rk_test_ws_script_ref (script);
  return route;
}

void
rk_test_route_set_body_bytes (RkTestRoute *route,
                              GBytes      *body)
{
  g_clear_pointer (&route->body, g_bytes_unref);
  route->body = g_bytes_ref (body);
}

void
rk_test_route_add_header (RkTestRoute *route,
                          const char  *name,
                          const char  *value)
{
  g_ptr_array_add (route->headers, g_strdup (name));
  g_ptr_array_add (route->headers, g_strdup (value));
}

/* A glob the raw query must match ("" when there is none). */
void
rk_test_route_set_query (RkTestRoute *route,
                         const char  *pattern)
{
  g_free (route->query);
  route->query = g_strdup (pattern);
}

void
rk_test_route_set_delay (RkTestRoute *route,
                         guint        delay_ms)
{
  route->delay_ms = delay_ms;
}

void
rk_test_route_set_fault (RkTestRoute *route,
                         RkTestFault  fault)
{
  route->fault = fault;
}

/* How many requests the route answers; 0 (the default) for all. */
void
rk_test_route_set_times (RkTestRoute *route,
                         guint        times)
{
  route->times = times;
}

guint
rk_test_route_get_hits (RkTestRoute *route)
{
  return route->hits;
}

/* Recorded requests */

guint
rk_test_server_get_n_requests (RkTestServer *self)
{
  return self->requests->len;
}

const RkTestRequest *
rk_test_server_get_request (RkTestServer *self,
                            guint         index)
{
  g_assert_cmpuint (index, <, self->requests->len);
  return g_ptr_array_index (self->requests, index);
}

static gboolean
request_matches (const RkTestRequest *request,
                 const char          *method,
                 const char          *path)
{
  return (method == NULL || g_ascii_strcasecmp (method, request->method) == 0) &&
         (path == NULL || g_pattern_match_simple (path, request->path));
}

/* Counts requests by method (%NULL: any) and path glob (%NULL: any). */
guint
rk_test_server_count (RkTestServer *self,
                      const char   *method,
                      const char   *path)
{
  guint count = 0;

  for (guint i = 0; i < self->requests->len; i++)
    if (request_matches (g_ptr_array_index (self->requests, i), method, path))
      count++;

  return count;
}

/* Returns: (nullable): the @nth (from 0) request that matches */
const RkTestRequest *
rk_test_server_find (RkTestServer *self,
                     const char   *method,
                     const char   *path,
                     guint         nth)
{
  for (guint i = 0; i < self->requests->len; i++)
    {
      RkTestRequest *request = g_ptr_array_index (self->requests, i);

      if (request_matches (request, method, path) && nth-- == 0)
        return request;
    }

  return NULL;
}
