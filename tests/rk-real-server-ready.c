/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-real-server-ready.c: waiting until a started RivetKit server serves, and
 * finding the endpoint the fixture server picked
 *
 * All waiting iterates the server's main context: no sleeps.
 */

#define G_LOG_DOMAIN "rk-real-server"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "rk-real-server-private.h"

#define REQUEST_TIMEOUT_MS 5000
#define POLL_INTERVAL_MS   100

typedef enum
{
  PROBE_READY,
  PROBE_NOT_YET,
  PROBE_FATAL,
} ProbeResult;

typedef struct
{
  GBytes   *body;
  GError   *error;
  gboolean  done;
} Request;

/* JSON */

static JsonNode *
parse_json (const char  *data,
            gssize       len,
            const char  *what,
            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, data, len, error))
    {
      g_prefix_error (error, "Cannot parse %s: ", what);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s is not a JSON object", what);
      return NULL;
    }

  return json_node_ref (root);
}

JsonNode *
_rk_real_server_load_json_file (const char  *path,
                                GError     **error)
{
  g_autofree char *contents = NULL;
  gsize len;

  if (!g_file_get_contents (path, &contents, &len, error))
    return NULL;

  return parse_json (contents, len, path, error);
}

/* HTTP */

static void
request_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Request *request = user_data;

  request->body = soup_session_send_and_read_finish (SOUP_SESSION (object), result,
                                                     &request->error);
  request->done = TRUE;
}

static GBytes *
http_get (RkRealServer  *self,
          const char    *path,
          guint         *status,
          GError       **error)
{
  g_autofree char *uri = g_strconcat (self->endpoint, path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("GET", uri);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Request request = { 0 };

  if (message == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "Invalid URI %s", uri);
      return NULL;
    }

  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT,
                                    cancellable, request_cb, &request);
  if (!_rk_real_server_iterate_until (self->context, &request.done, REQUEST_TIMEOUT_MS))
    {
      /* The callback still runs (with CANCELLED) and writes into @request. */
      g_cancellable_cancel (cancellable);
      while (!request.done)
        g_main_context_iteration (self->context, TRUE);
      g_clear_pointer (&request.body, g_bytes_unref);
      g_clear_error (&request.error);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   "GET %s: no answer within %d ms", uri, REQUEST_TIMEOUT_MS);
      return NULL;
    }

  if (request.error != NULL)
    {
      g_propagate_prefixed_error (error, request.error, "GET %s: ", uri);
      return NULL;
    }

  *status = soup_message_get_status (message);
  return request.body;
}

/* json-glib 1.6 has no json_object_get_object_member_with_default (). */
static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* Readiness */

/* GET @path during readiness polling: the reply as a JSON object if it is one and
 * the status is 200, else %NULL with *@problem saying why. */
static JsonNode *
probe_get_json (RkRealServer  *self,
                const char    *path,
                char         **problem)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) body = NULL;
  JsonNode *root;
  guint status = 0;

  g_clear_pointer (problem, g_free);

  if (!(body = http_get (self, path, &status, &local_error)))
    {
      *problem = g_strdup (local_error->message);
      return NULL;
    }
  if (status != SOUP_STATUS_OK)
    {
      *problem = g_strdup_printf ("GET %s answered %u", path, status);
      return NULL;
    }
  if (!(root = parse_json (g_bytes_get_data (body, NULL), g_bytes_get_size (body), path,
                           &local_error)))
    {
      *problem = g_strdup (local_error->message);
      return NULL;
    }

  return root;
}

/* TRUE if GET @path answers an object whose member @object_name is an object with
 * a member @name. */
static gboolean
probe_has_member (RkRealServer  *self,
                  const char    *path,
                  const char    *object_name,
                  const char    *name,
                  char         **problem)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  if (!(root = probe_get_json (self, path, problem)))
    return FALSE;

  object = object_member (json_node_get_object (root), object_name);
  if (object == NULL || !json_object_has_member (object, name))
    {
      *problem = g_strdup_printf ("GET %s does not list “%s” yet", path, name);
      return FALSE;
    }

  return TRUE;
}

/* 2.3: the engine keeps actor names in its database, so after a restart
 * /actors/names answers before our Node process has connected. Wait for the
 * engine's runtime.json to name a live engine, for RivetKit's runner config, and
 * for an envoy created by this launch. (Actors created too early were seen to
 * stall for minutes.) */
static gboolean
probe_envoy (RkRealServer  *self,
             char         **problem)
{
  g_autoptr(JsonNode) root = NULL;
  JsonNode *envoys;
  GPid engine_pid;

  if ((engine_pid = _rk_real_server_read_engine_pid (self)) <= 0)
    {
      g_free (*problem);
      *problem = g_strdup ("runtime.json does not name a running engine yet");
      return FALSE;
    }
  /* List it at once, so that it is known even if this test crashes while waiting. */
  if (engine_pid != self->engine_pid)
    {
      _rk_real_server_pids_file_update (self->engine_pid, FALSE);
      self->engine_pid = engine_pid;
      _rk_real_server_pids_file_update (self->engine_pid, TRUE);
    }

  if (!probe_has_member (self, "/runner-configs?namespace=default", "runner_configs",
                         "default", problem))
    return FALSE;

  if (!(root = probe_get_json (self, "/envoys?namespace=default", problem)))
    return FALSE;

  envoys = json_object_get_member (json_node_get_object (root), "envoys");
  if (envoys != NULL && JSON_NODE_HOLDS_ARRAY (envoys))
    {
      JsonArray *array = json_node_get_array (envoys);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);
          JsonObject *envoy;
          JsonNode *stop_ts;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          envoy = json_node_get_object (node);
          stop_ts = json_object_get_member (envoy, "stop_ts");
          /* Same host, same clock: the slack is only for rounding. */
          if (json_object_get_int_member_with_default (envoy, "create_ts", 0)
                >= self->launch_ms - 1000
              && (stop_ts == NULL || JSON_NODE_HOLDS_NULL (stop_ts)))
            return TRUE;
        }
    }

  *problem = g_strdup ("no envoy of this Node process is registered with the engine yet");
  return FALSE;
}

/* One readiness check: /metadata answers 200 with the expected runtime, and
 * /actors/names lists `counter` (and for 2.3, our envoy is connected). */
static ProbeResult
probe_ready (RkRealServer  *self,
             char         **problem,
             GError       **error)
{
  g_autoptr(JsonNode) root = NULL;
  const char *expected_runtime;
  const char *runtime;

  if (!(root = probe_get_json (self, "/metadata", problem)))
    return PROBE_NOT_YET;

  /* Anything else on our port is not our server: fail now rather than in 90 s. */
  expected_runtime = self->kind == RK_REAL_SERVER_2_3 ? "engine" : "rivetkit";
  runtime = json_object_get_string_member_with_default (json_node_get_object (root),
                                                        "runtime", "");
  if (!g_str_equal (runtime, expected_runtime))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "%s/metadata reports runtime “%s”, expected “%s”: "
                   "another server is using the port", self->endpoint, runtime,
                   expected_runtime);
      return PROBE_FATAL;
    }

  if (!probe_has_member (self, "/actors/names?namespace=default", "names", "counter",
                         problem))
    return PROBE_NOT_YET;

  if (self->kind == RK_REAL_SERVER_2_3 && !probe_envoy (self, problem))
    return PROBE_NOT_YET;

  return PROBE_READY;
}

static char *
describe_node_exit (RkRealServer *self)
{
  if (g_subprocess_get_if_exited (self->node))
    return g_strdup_printf ("exited with status %d", g_subprocess_get_exit_status (self->node));
  if (g_subprocess_get_if_signaled (self->node))
    return g_strdup_printf ("was killed by signal %d", g_subprocess_get_term_sig (self->node));
  return g_strdup ("exited");
}

gboolean
_rk_real_server_wait_ready (RkRealServer  *self,
                            gint64         deadline,
                            GError       **error)
{
  g_autofree char *problem = NULL;

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;

      if (*self->node_exited)
        {
          g_autofree char *how = describe_node_exit (self);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "The RivetKit %s server %s before it was ready",
                       _rk_real_server_kind_to_string (self->kind), how);
          return FALSE;
        }

      switch (probe_ready (self, &problem, &local_error))
        {
        case PROBE_READY:
          return TRUE;
        case PROBE_FATAL:
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        case PROBE_NOT_YET:
        default:
          break;
        }

      if (g_get_monotonic_time () >= deadline)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                       "The RivetKit %s server at %s was not ready after %d s: %s",
                       _rk_real_server_kind_to_string (self->kind), self->endpoint,
                       READY_TIMEOUT_MS / 1000, problem ? problem : "no answer");
          return FALSE;
        }

      _rk_real_server_iterate_until (self->context, self->node_exited, POLL_INTERVAL_MS);
    }
}

/* Fixture server: its endpoint */

/* The fixture server prints {"endpoint":…,"namespace":…,"runnerName":…} on stdout
 * once it listens: find that line in the log. */
static char *
find_fixture_endpoint (RkRealServer *self)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (self->log_path, &contents, NULL, NULL))
    return NULL;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonNode) root = NULL;
      const char *endpoint;

      if (lines[i][0] != '{')
        continue;
      if (!(root = parse_json (lines[i], -1, "fixture server line", NULL)))
        continue;
      endpoint = json_object_get_string_member_with_default (json_node_get_object (root),
                                                             "endpoint", NULL);
      if (endpoint != NULL)
        return g_strdup (endpoint);
    }

  return NULL;
}

gboolean
_rk_real_server_wait_fixture_endpoint (RkRealServer  *self,
                                       gint64         deadline,
                                       GError       **error)
{
  g_autofree char *endpoint = NULL;
  g_autoptr(GUri) uri = NULL;
  int port;

  while (!(endpoint = find_fixture_endpoint (self)))
    {
      if (*self->node_exited)
        {
          g_autofree char *how = describe_node_exit (self);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "The RivetKit fixture server %s before printing its endpoint", how);
          return FALSE;
        }
      if (g_get_monotonic_time () >= deadline)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                       "The RivetKit fixture server printed no endpoint within %d s",
                       READY_TIMEOUT_MS / 1000);
          return FALSE;
        }
      _rk_real_server_iterate_until (self->context, self->node_exited, POLL_INTERVAL_MS);
    }

  uri = g_uri_parse (endpoint, G_URI_FLAGS_NONE, NULL);
  port = uri != NULL ? g_uri_get_port (uri) : -1;
  if (uri == NULL || g_strcmp0 (g_uri_get_scheme (uri), "http") != 0
      || g_strcmp0 (g_uri_get_host (uri), "127.0.0.1") != 0 || port <= 0 || port > 65535)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "The RivetKit fixture server printed an unexpected endpoint “%s”", endpoint);
      return FALSE;
    }

  self->port = port;
  g_free (self->endpoint);
  self->endpoint = g_strdup_printf ("http://127.0.0.1:%d", port);

  return TRUE;
}
