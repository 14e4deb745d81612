/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-real-server.c: the real-server harness starts, serves, restarts and stops
 *
 * Runs against the server named by RK_TEST_SERVER (2.2, 2.3 or fixtures).
 */

#define G_LOG_DOMAIN "test-real-server"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "rk-real-server.h"

#define REQUEST_TIMEOUT_MS 30000

typedef struct
{
  GBytes   *body;
  GError   *error;
  gboolean  done;
} Request;

static gboolean
set_flag_cb (gpointer user_data)
{
  gboolean *flag = user_data;

  *flag = TRUE;
  return G_SOURCE_REMOVE;
}

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

/* Sends one request (async, iterating the default main context) and returns the
 * reply body parsed as a JSON object, asserting the status. */
static JsonNode *
http_json (SoupSession *session,
           const char  *method,
           const char  *endpoint,
           const char  *path,
           const char  *json_body,
           guint        expected_status)
{
  g_autofree char *uri = g_strconcat (endpoint, path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new (method, uri);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) error = NULL;
  Request request = { 0 };
  gboolean timed_out = FALSE;
  guint timeout_id;
  JsonNode *root;

  g_assert_nonnull (message);
  if (json_body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (json_body, strlen (json_body));

      soup_message_set_request_body_from_bytes (message, "application/json", bytes);
      soup_message_headers_append (soup_message_get_request_headers (message),
                                   "x-rivet-encoding", "json");
    }

  timeout_id = g_timeout_add (REQUEST_TIMEOUT_MS, set_flag_cb, &timed_out);
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL,
                                    request_cb, &request);
  while (!request.done && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout_id);
  g_assert_false (timed_out);

  g_assert_no_error (request.error);
  if (soup_message_get_status (message) != expected_status)
    g_test_message ("%s %s → %u: %.*s", method, path, soup_message_get_status (message),
                    (int)g_bytes_get_size (request.body),
                    (const char *)g_bytes_get_data (request.body, NULL));
  g_assert_cmpuint (soup_message_get_status (message), ==, expected_status);

  json_parser_load_from_data (parser, g_bytes_get_data (request.body, NULL),
                              g_bytes_get_size (request.body), &error);
  g_bytes_unref (request.body);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));

  return json_node_ref (root);
}

/* json-glib 1.6 has no json_object_get_object_member_with_default (). */
static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static char *
resolve_actor (SoupSession *session,
               const char  *endpoint,
               const char  *name,
               const char  *key)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *text = NULL;
  JsonObject *actor;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "key");
  json_builder_add_string_value (builder, key);
  json_builder_set_member_name (builder, "runner_name_selector");
  json_builder_add_string_value (builder, "default");
  json_builder_set_member_name (builder, "crash_policy");
  json_builder_add_string_value (builder, "sleep");
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  text = json_to_string (body, FALSE);

  reply = http_json (session, "PUT", endpoint, "/actors?namespace=default", text,
                     SOUP_STATUS_OK);
  actor = object_member (json_node_get_object (reply), "actor");
  g_assert_nonnull (actor);

  return g_strdup (json_object_get_string_member_with_default (actor, "actor_id", NULL));
}

static gint64
call_action (SoupSession *session,
             const char  *endpoint,
             const char  *actor_id,
             const char  *action,
             const char  *args_json)
{
  g_autofree char *escaped = g_uri_escape_string (actor_id, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/gateway/%s/action/%s", escaped, action);
  g_autofree char *body = g_strdup_printf ("{\"args\":%s}", args_json);
  g_autoptr(JsonNode) reply = NULL;
  JsonNode *output;

  reply = http_json (session, "POST", endpoint, path, body, SOUP_STATUS_OK);
  output = json_object_get_member (json_node_get_object (reply), "output");
  g_assert_nonnull (output);
  g_assert_true (JSON_NODE_HOLDS_VALUE (output));

  return json_node_get_int (output);
}

static gboolean
pid_gone (GPid pid)
{
  g_autofree char *stat_path = g_strdup_printf ("/proc/%d/stat", (int)pid);
  g_autofree char *stat = NULL;
  const char *paren;

  if (kill (pid, 0) != 0 && errno == ESRCH)
    return TRUE;
  /* The orphaned engine may linger as a zombie where PID 1 does not reap. */
  if (!g_file_get_contents (stat_path, &stat, NULL, NULL))
    return TRUE;
  paren = strrchr (stat, ')');
  return paren != NULL && paren[1] == ' ' && paren[2] == 'Z';
}

static gboolean
pids_file_lists (GPid pid)
{
  g_autofree char *path = g_build_filename (g_test_get_dir (G_TEST_BUILT),
                                            "rk-real-server.pids", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *pid_str = g_strdup_printf ("%d", (int)pid);

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return FALSE;
  lines = g_strsplit (contents, "\n", -1);

  return g_strv_contains ((const char * const *)lines, pid_str);
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
}

static void
test_lifecycle (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RkRealServer) server = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(JsonNode) metadata = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *key = NULL;
  g_autofree char *actor_id = NULL;
  g_autofree char *log_dir = NULL;
  const char *runtime;
  RkRealServerKind kind;
  GPid node_pid;
  GPid engine_pid;
  gint64 start;

  soup_session_set_proxy_resolver (session, NULL);

  server = rk_real_server_new_from_env (&error);
  g_assert_no_error (error);
  kind = rk_real_server_get_kind (server);

  start = g_get_monotonic_time ();
  rk_real_server_start (server, &error);
  g_assert_no_error (error);
  g_test_message ("%s server %s started in %.2f s at %s",
                  kind == RK_REAL_SERVER_FIXTURES ? "fixtures" : "registry",
                  rk_real_server_get_version (server), seconds_since (start),
                  rk_real_server_get_endpoint (server));

  endpoint = g_strdup (rk_real_server_get_endpoint (server));
  g_assert_true (g_str_has_prefix (endpoint, "http://127.0.0.1:"));
  g_assert_cmpstr (rk_real_server_get_version (server), ==,
                   kind == RK_REAL_SERVER_2_3 ? "2.3.19" : "2.2.1");
  g_assert_cmpint (rk_real_server_get_node_pid (server), >, 0);
  g_assert_true (pids_file_lists (rk_real_server_get_node_pid (server)));
  if (kind == RK_REAL_SERVER_2_3)
    {
      g_assert_cmpint (rk_real_server_get_engine_pid (server), >, 0);
      g_assert_true (pids_file_lists (rk_real_server_get_engine_pid (server)));
    }
  else
    {
      g_assert_cmpint (rk_real_server_get_engine_pid (server), ==, 0);
    }

  metadata = http_json (session, "GET", endpoint, "/metadata", NULL, SOUP_STATUS_OK);
  runtime = json_object_get_string_member_with_default (json_node_get_object (metadata),
                                                        "runtime", NULL);
  g_assert_cmpstr (runtime, ==, kind == RK_REAL_SERVER_2_3 ? "engine" : "rivetkit");

  key = g_strdup_printf ("test-real-server-%d-%" G_GINT64_FORMAT, (int)getpid (),
                         g_get_real_time ());
  actor_id = resolve_actor (session, endpoint, "counter", key);
  g_assert_nonnull (actor_id);
  g_assert_cmpint (call_action (session, endpoint, actor_id, "increment", "[5]"), ==, 5);
  g_assert_cmpint (call_action (session, endpoint, actor_id, "increment", "[2]"), ==, 7);

  if (kind == RK_REAL_SERVER_FIXTURES)
    {
      g_assert_false (rk_real_server_restart (server, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
      g_clear_error (&error);
    }
  else
    {
      g_autofree char *same_id = NULL;
      GPid old_node_pid = rk_real_server_get_node_pid (server);
      GPid old_engine_pid = rk_real_server_get_engine_pid (server);

      start = g_get_monotonic_time ();
      rk_real_server_restart (server, &error);
      g_assert_no_error (error);
      g_test_message ("restarted in %.2f s", seconds_since (start));

      g_assert_cmpstr (rk_real_server_get_endpoint (server), ==, endpoint);
      g_assert_cmpint (rk_real_server_get_node_pid (server), !=, old_node_pid);
      g_assert_true (pid_gone (old_node_pid));
      g_assert_false (pids_file_lists (old_node_pid));
      if (kind == RK_REAL_SERVER_2_3)
        {
          g_assert_cmpint (rk_real_server_get_engine_pid (server), !=, old_engine_pid);
          g_assert_true (pid_gone (old_engine_pid));
          g_assert_false (pids_file_lists (old_engine_pid));
        }

      /* The same key resolves to the same actor, whose state survived. */
      same_id = resolve_actor (session, endpoint, "counter", key);
      g_assert_cmpstr (same_id, ==, actor_id);
      g_assert_cmpint (call_action (session, endpoint, actor_id, "getCount", "[]"), ==, 7);
    }

  node_pid = rk_real_server_get_node_pid (server);
  engine_pid = rk_real_server_get_engine_pid (server);
  log_dir = g_path_get_dirname (rk_real_server_get_log_path (server));
  g_assert_true (g_file_test (log_dir, G_FILE_TEST_IS_DIR));

  start = g_get_monotonic_time ();
  rk_real_server_stop (server, &error);
  g_assert_no_error (error);
  g_test_message ("stopped in %.2f s", seconds_since (start));

  g_assert_null (rk_real_server_get_endpoint (server));
  g_assert_cmpint (rk_real_server_get_node_pid (server), ==, 0);
  g_assert_cmpint (rk_real_server_get_engine_pid (server), ==, 0);
  g_assert_true (pid_gone (node_pid));
  g_assert_false (pids_file_lists (node_pid));
  if (engine_pid > 0)
    {
      g_assert_true (pid_gone (engine_pid));
      g_assert_false (pids_file_lists (engine_pid));
    }
  g_assert_false (g_file_test (log_dir, G_FILE_TEST_EXISTS));
}

static void
test_env_kind (void)
{
  static const struct
  {
    const char       *value;
    RkRealServerKind  kind;
    gboolean          valid;
  } cases[] = {
    { NULL, RK_REAL_SERVER_2_2, TRUE },
    { "", RK_REAL_SERVER_2_2, TRUE },
    { "2.2", RK_REAL_SERVER_2_2, TRUE },
    { "2.3", RK_REAL_SERVER_2_3, TRUE },
    { "fixtures", RK_REAL_SERVER_FIXTURES, TRUE },
    { "2.4", RK_REAL_SERVER_2_2, FALSE },
    { "2.2 ", RK_REAL_SERVER_2_2, FALSE },
  };
  g_autofree char *saved = g_strdup (g_getenv ("RK_TEST_SERVER"));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RkRealServer) server = NULL;

      if (cases[i].value != NULL)
        g_setenv ("RK_TEST_SERVER", cases[i].value, TRUE);
      else
        g_unsetenv ("RK_TEST_SERVER");

      server = rk_real_server_new_from_env (&error);
      if (cases[i].valid)
        {
          g_assert_no_error (error);
          g_assert_nonnull (server);
          g_assert_cmpint (rk_real_server_get_kind (server), ==, cases[i].kind);
          g_assert_null (rk_real_server_get_endpoint (server));
        }
      else
        {
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
          g_assert_null (server);
        }
    }

  if (saved != NULL)
    g_setenv ("RK_TEST_SERVER", saved, TRUE);
  else
    g_unsetenv ("RK_TEST_SERVER");
}

static void
test_not_installed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RkRealServer) server = NULL;
  g_autofree char *saved = g_strdup (g_getenv ("ACTOR_LENS_TEST_SERVERS"));
  g_autofree char *empty = g_dir_make_tmp ("test-real-server-XXXXXX", &error);

  g_assert_no_error (error);
  g_setenv ("ACTOR_LENS_TEST_SERVERS", empty, TRUE);

  server = rk_real_server_new (RK_REAL_SERVER_2_2);
  g_assert_false (rk_real_server_start (server, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "build-aux/install-test-servers"));
  g_assert_null (rk_real_server_get_endpoint (server));
  g_assert_cmpint (rk_real_server_get_node_pid (server), ==, 0);

  if (saved != NULL)
    g_setenv ("ACTOR_LENS_TEST_SERVERS", saved, TRUE);
  else
    g_unsetenv ("ACTOR_LENS_TEST_SERVERS");
  g_rmdir (empty);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rk/real-server/env-kind", test_env_kind);
  g_test_add_func ("/rk/real-server/not-installed", test_not_installed);
  g_test_add_func ("/rk/real-server/lifecycle", test_lifecycle);

  return g_test_run ();
}
