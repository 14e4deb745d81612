/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-real-server.c: starts and stops real RivetKit servers for integration tests
 *
 * The servers are installed outside the source tree by build-aux/install-test-servers.
 * Each RkRealServer runs one Node process on a free loopback port, with its log, its
 * storage and its HOME in a temporary directory. With rivetkit 2.3 that Node process
 * spawns the Rust Rivet Engine, which outlives it by design and is stopped by PID.
 * Every PID is also listed in $G_TEST_BUILDDIR/rk-real-server.pids so that the test
 * command can kill what a crashed test left behind.
 *
 * All waiting iterates the thread-default main context: no sleeps.
 */

#define G_LOG_DOMAIN "rk-real-server"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "rk-real-server.h"

#define READY_TIMEOUT_MS     90000
#define REQUEST_TIMEOUT_MS   5000
#define POLL_INTERVAL_MS     100
#define PID_POLL_MS          50
#define TERM_GRACE_MS        5000
#define SECOND_TERM_GRACE_MS 3000
#define KILL_GRACE_MS        5000
#define LOG_TAIL_LINES       30
#define PORT_ATTEMPTS        100
#define PORT_RANGE_FIRST     20000
#define PORT_RANGE_LAST      32000
#define FIXTURE_STORAGE_PREFIX "rivetkit-test-suite-"
#define INSTALL_HINT "run build-aux/install-test-servers"

struct _RkRealServer
{
  /* Owned references */
  GSubprocess  *node;
  SoupSession  *session;
  GMainContext *context;
  gboolean     *node_exited;    /* g_rc_box, shared with the wait callback */

  /* State */
  RkRealServerKind kind;
  char    *install_dir;         /* the test-servers cache */
  char    *package_name;        /* "rivetkit-2.2" or "rivetkit-2.3" */
  char    *package_dir;         /* install_dir/package_name */
  char    *node_path;
  char    *tmp_dir;
  char    *log_path;
  char    *storage_dir;
  char    *home_dir;
  char    *endpoint;
  char    *version;
  char    *fixture_storage;     /* /tmp/rivetkit-test-suite-… of the fixture server */
  gint64   launch_ms;           /* wall clock when node was last spawned */
  GPid     node_pid;
  GPid     engine_pid;
  guint16  port;
  guint    running : 1;
};

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

/* Main-context helpers */

static gboolean
set_flag_cb (gpointer user_data)
{
  gboolean *flag = user_data;

  *flag = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates @context until *@done is set or @timeout_ms have passed. */
static gboolean
iterate_until (GMainContext   *context,
               const gboolean *done,
               guint           timeout_ms)
{
  gboolean timed_out = FALSE;
  GSource *source;

  if (*done)
    return TRUE;

  source = g_timeout_source_new (timeout_ms);
  g_source_set_callback (source, set_flag_cb, &timed_out, NULL);
  g_source_attach (source, context);

  while (!*done && !timed_out)
    g_main_context_iteration (context, TRUE);

  g_source_destroy (source);
  g_source_unref (source);

  return *done;
}

static void
node_wait_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *exited = user_data;

  /* Errors only come from a cancellable, and none is used: the process is gone. */
  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *exited = TRUE;
  g_rc_box_release (exited);
}

/* Process helpers */

static gboolean
pid_alive (GPid pid)
{
  g_autofree char *stat_path = NULL;
  g_autofree char *stat = NULL;
  const char *paren;

  if (pid <= 0)
    return FALSE;

  if (kill (pid, 0) != 0 && errno == ESRCH)
    return FALSE;

  /* An orphan that nobody reaps stays a zombie: it is gone all the same. */
  stat_path = g_strdup_printf ("/proc/%d/stat", (int)pid);
  if (!g_file_get_contents (stat_path, &stat, NULL, NULL))
    return FALSE;
  paren = strrchr (stat, ')');
  if (paren != NULL && paren[1] == ' ' && (paren[2] == 'Z' || paren[2] == 'X'))
    return FALSE;

  return TRUE;
}

/* TRUE if @pid still runs the rivet-engine binary (and not a reused PID). */
static gboolean
pid_is_engine (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/cmdline", (int)pid);
  g_autofree char *cmdline = NULL;
  g_autofree char *base = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &cmdline, &len, NULL) || len == 0)
    return FALSE;

  /* argv[0] is the first NUL-terminated string; g_file_get_contents adds a NUL. */
  base = g_path_get_basename (cmdline);
  return g_str_equal (base, "rivet-engine");
}

static gboolean
wait_pid_gone (GMainContext *context,
               GPid          pid,
               guint         timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)timeout_ms * 1000;
  gboolean never = FALSE;

  while (pid_alive (pid))
    {
      if (g_get_monotonic_time () >= deadline)
        return FALSE;
      iterate_until (context, &never, PID_POLL_MS);
    }

  return TRUE;
}

static void
child_setup_cb (gpointer user_data)
{
  pid_t parent = GPOINTER_TO_INT (user_data);

  /* Node must not outlive a crashed test. (The 2.3 engine can: see the PID file.) */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (getppid () != parent)
    _exit (1);
}

/* The PID file: one PID per line, updated under an exclusive lock because several
 * test programs may run at once. */

static char *
pids_file_path (void)
{
  return g_build_filename (g_test_get_dir (G_TEST_BUILT), "rk-real-server.pids", NULL);
}

static void
pids_file_update (GPid     pid,
                  gboolean add)
{
  g_autofree char *path = pids_file_path ();
  g_autoptr(GString) old = g_string_new (NULL);
  g_autoptr(GString) new = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  g_autofree char *pid_str = g_strdup_printf ("%d", (int)pid);
  char buf[4096];
  ssize_t n;
  int fd;

  if (pid <= 0)
    return;

  fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      g_debug ("Cannot open %s: %s", path, g_strerror (errno));
      return;
    }
  if (flock (fd, LOCK_EX) != 0)
    {
      g_debug ("Cannot lock %s: %s", path, g_strerror (errno));
      close (fd);
      return;
    }

  while ((n = read (fd, buf, sizeof buf)) > 0)
    g_string_append_len (old, buf, n);

  lines = g_strsplit (old->str, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (lines[i][0] == '\0' || g_str_equal (lines[i], pid_str))
        continue;
      g_string_append_printf (new, "%s\n", lines[i]);
    }
  if (add)
    g_string_append_printf (new, "%s\n", pid_str);

  if (ftruncate (fd, 0) != 0 || lseek (fd, 0, SEEK_SET) != 0
      || write (fd, new->str, new->len) != (ssize_t)new->len)
    g_debug ("Cannot rewrite %s: %s", path, g_strerror (errno));

  close (fd);
}

/* File helpers */

static void
remove_tree (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;

  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      if (g_rmdir (path) != 0)
        g_debug ("Cannot remove %s: %s", path, g_strerror (errno));
    }
  else if (g_unlink (path) != 0)
    {
      g_debug ("Cannot remove %s: %s", path, g_strerror (errno));
    }
}

static char *
log_tail (const char *log_path)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_lines;
  guint first;

  if (log_path == NULL || !g_file_get_contents (log_path, &contents, NULL, NULL))
    return g_strdup ("(no server log)");

  lines = g_strsplit (g_strchomp (contents), "\n", -1);
  n_lines = g_strv_length (lines);
  first = n_lines > LOG_TAIL_LINES ? n_lines - LOG_TAIL_LINES : 0;

  return g_strjoinv ("\n", lines + first);
}

/* Appends the end of the server log to @error's message. */
static void
append_log_tail (RkRealServer  *self,
                 GError       **error)
{
  g_autofree char *tail = NULL;
  char *message;

  if (error == NULL || *error == NULL)
    return;

  tail = log_tail (self->log_path);
  message = g_strdup_printf ("%s\n--- last %d lines of the server log ---\n%s\n---",
                             (*error)->message, LOG_TAIL_LINES, tail);
  g_free ((*error)->message);
  (*error)->message = message;
}

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

static JsonNode *
load_json_file (const char  *path,
                GError     **error)
{
  g_autofree char *contents = NULL;
  gsize len;

  if (!g_file_get_contents (path, &contents, &len, error))
    return NULL;

  return parse_json (contents, len, path, error);
}

/* SHA-256 of package.json followed by package-lock.json, as the install script's
 * `cat package.json package-lock.json | sha256sum`. */
static char *
package_stamp (const char  *dir,
               GError     **error)
{
  static const char * const files[] = { "package.json", "package-lock.json" };
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i], NULL);
      g_autofree char *contents = NULL;
      gsize len;

      if (!g_file_get_contents (path, &contents, &len, error))
        return NULL;
      g_checksum_update (checksum, (const guchar *)contents, len);
    }

  return g_strdup (g_checksum_get_string (checksum));
}

/* Installation */

static const char *
kind_to_string (RkRealServerKind kind)
{
  switch (kind)
    {
    case RK_REAL_SERVER_2_2:
      return "2.2";
    case RK_REAL_SERVER_2_3:
      return "2.3";
    case RK_REAL_SERVER_FIXTURES:
      return "fixtures";
    default:
      g_assert_not_reached ();
    }
}

static char *
default_install_dir (void)
{
  const char *env = g_getenv ("ACTOR_LENS_TEST_SERVERS");

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);

  return g_build_filename (g_get_user_cache_dir (), "actor-lens", "test-servers", NULL);
}

/* Checks that the install script ran, for the current lockfiles, and reads the
 * installed rivetkit version. */
static gboolean
resolve_install (RkRealServer  *self,
                 GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *rivetkit_json = NULL;
  g_autofree char *src_dir = NULL;
  g_autofree char *want = NULL;
  g_autofree char *stamp_path = NULL;
  g_autofree char *have = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *version;

  g_free (self->install_dir);
  self->install_dir = default_install_dir ();
  g_free (self->package_dir);
  self->package_dir = g_build_filename (self->install_dir, self->package_name, NULL);
  g_free (self->node_path);
  self->node_path = g_build_filename (self->install_dir, "node", NULL);

  if (!g_file_test (self->node_path, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "No Node >= 22 at %s: the RivetKit test servers are not installed; %s",
                   self->node_path, INSTALL_HINT);
      return FALSE;
    }

  rivetkit_json = g_build_filename (self->package_dir, "node_modules", "rivetkit",
                                    "package.json", NULL);
  if (!g_file_test (rivetkit_json, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "rivetkit is not installed in %s; %s", self->package_dir, INSTALL_HINT);
      return FALSE;
    }

  src_dir = g_test_build_filename (G_TEST_DIST, "server", self->package_name, NULL);
  if (!(want = package_stamp (src_dir, &local_error)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "Cannot read the pinned packages in %s (is G_TEST_SRCDIR the tests "
                   "directory?): %s", src_dir, local_error->message);
      return FALSE;
    }
  stamp_path = g_build_filename (self->package_dir, ".stamp", NULL);
  if (g_file_get_contents (stamp_path, &have, NULL, NULL))
    g_strstrip (have);
  if (have == NULL || !g_str_equal (have, want))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "The test server in %s is out of date with %s; %s",
                   self->package_dir, src_dir, INSTALL_HINT);
      return FALSE;
    }

  if (!(root = load_json_file (rivetkit_json, error)))
    return FALSE;
  version = json_object_get_string_member_with_default (json_node_get_object (root),
                                                        "version", NULL);
  if (version == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s has no version", rivetkit_json);
      return FALSE;
    }
  g_free (self->version);
  self->version = g_strdup (version);

  return TRUE;
}

/* Copies tests/server/registry.mjs next to node_modules so that `import "rivetkit"`
 * resolves. Atomic, as several test programs may do this at once. */
static gboolean
install_registry (RkRealServer  *self,
                  GError       **error)
{
  g_autofree char *src = g_test_build_filename (G_TEST_DIST, "server", "registry.mjs", NULL);
  g_autofree char *dst = g_build_filename (self->package_dir, "registry.mjs", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *current = NULL;
  gsize len;
  gsize current_len;

  if (!g_file_get_contents (src, &contents, &len, error))
    {
      g_prefix_error (error, "Cannot read the test registry: ");
      return FALSE;
    }
  if (g_file_get_contents (dst, &current, &current_len, NULL)
      && current_len == len && memcmp (current, contents, len) == 0)
    return TRUE;

  if (!g_file_set_contents (dst, contents, len, error))
    {
      g_prefix_error (error, "Cannot install the test registry: ");
      return FALSE;
    }

  return TRUE;
}

/* Ports */

static gboolean
port_is_free (guint16 port)
{
  g_autoptr(GSocket) sock = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;

  sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                       G_SOCKET_PROTOCOL_TCP, NULL);
  if (sock == NULL)
    return FALSE;

  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, port);

  return g_socket_bind (sock, address, FALSE, NULL);
}

/* A random port below the kernel's ephemeral range, so that no outgoing connection
 * takes it between this check and the server's bind. The 2.3 engine also listens
 * on P+1 (api-peer) and P+10 (metrics). */
static gboolean
pick_port (RkRealServer  *self,
           GError       **error)
{
  for (guint attempt = 0; attempt < PORT_ATTEMPTS; attempt++)
    {
      guint16 port = (guint16)g_random_int_range (PORT_RANGE_FIRST, PORT_RANGE_LAST);

      if (!port_is_free (port))
        continue;
      if (self->kind == RK_REAL_SERVER_2_3
          && (!port_is_free (port + 1) || !port_is_free (port + 10)))
        continue;

      self->port = port;
      return TRUE;
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE,
               "No free loopback port found in %d attempts", PORT_ATTEMPTS);
  return FALSE;
}

/* Engine (2.3) */

/* The engine PID from runtime.json, if that process still runs rivet-engine. */
static GPid
read_engine_pid (RkRealServer *self)
{
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) root = NULL;
  gint64 pid;

  path = g_build_filename (self->storage_dir, ".rivetkit", "var", "engine", "runtime.json",
                           NULL);
  if (!(root = load_json_file (path, NULL)))
    return 0;

  pid = json_object_get_int_member_with_default (json_node_get_object (root), "pid", 0);
  if (pid <= 0 || pid > G_MAXINT || !pid_is_engine ((GPid)pid))
    return 0;

  return (GPid)pid;
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
  if (!iterate_until (self->context, &request.done, REQUEST_TIMEOUT_MS))
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

  if ((engine_pid = read_engine_pid (self)) <= 0)
    {
      g_free (*problem);
      *problem = g_strdup ("runtime.json does not name a running engine yet");
      return FALSE;
    }
  /* List it at once, so that it is known even if this test crashes while waiting. */
  if (engine_pid != self->engine_pid)
    {
      pids_file_update (self->engine_pid, FALSE);
      self->engine_pid = engine_pid;
      pids_file_update (self->engine_pid, TRUE);
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

static gboolean
wait_ready (RkRealServer  *self,
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
                       kind_to_string (self->kind), how);
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
                       kind_to_string (self->kind), self->endpoint,
                       READY_TIMEOUT_MS / 1000, problem ? problem : "no answer");
          return FALSE;
        }

      iterate_until (self->context, self->node_exited, POLL_INTERVAL_MS);
    }
}

/* Fixture server: its endpoint and its storage directory */

static GHashTable *
list_fixture_storage (void)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GDir) dir = g_dir_open ("/tmp", 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_prefix (name, FIXTURE_STORAGE_PREFIX))
        g_hash_table_add (set, g_strdup (name));
    }

  return set;
}

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

static gboolean
wait_fixture_endpoint (RkRealServer  *self,
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
      iterate_until (self->context, self->node_exited, POLL_INTERVAL_MS);
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

static gboolean
stop_engine (RkRealServer  *self,
             GError       **error)
{
  GPid pid = self->engine_pid;

  if (pid <= 0)
    return TRUE;

  /* Only signal the PID while it still runs the engine binary. */
  if (pid_alive (pid) && pid_is_engine (pid))
    {
      kill (pid, SIGTERM);
      if (!wait_pid_gone (self->context, pid, TERM_GRACE_MS))
        {
          kill (pid, SIGTERM);
          if (!wait_pid_gone (self->context, pid, SECOND_TERM_GRACE_MS))
            {
              kill (pid, SIGKILL);
              if (!wait_pid_gone (self->context, pid, KILL_GRACE_MS))
                {
                  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                               "The Rivet Engine (PID %d) did not exit after SIGKILL",
                               (int)pid);
                  return FALSE;
                }
            }
        }
    }

  pids_file_update (pid, FALSE);
  self->engine_pid = 0;

  return TRUE;
}

/* Node */

static gboolean
spawn_node (RkRealServer  *self,
            GError       **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_auto(GStrv) env = NULL;
  g_autofree char *script = NULL;
  g_autofree char *port_str = NULL;
  g_autofree char *config_dir = g_build_filename (self->home_dir, ".config", NULL);
  g_autofree char *cache_dir = g_build_filename (self->home_dir, ".cache", NULL);
  g_autofree char *data_dir = g_build_filename (self->home_dir, ".local", "share", NULL);
  const char *identifier;
  /* Anything that could point the server elsewhere or change its mode. */
  static const char * const unset[] = {
    "NODE_OPTIONS", "NODE_PATH", "NODE_ENV", "RIVET_ENDPOINT", "RIVET_ENGINE",
    "RIVET_TOKEN", "RIVET_NAMESPACE", "RIVET_RUNNER", "RIVET_RUNNER_VERSION",
    "RIVET_RUN_ENGINE", "RIVET_RUN_ENGINE_VERSION", "RIVET_PUBLIC_ENDPOINT",
    "RIVET_PUBLIC_TOKEN", "RIVET_INSPECTOR_TOKEN", "RIVET_INSPECTOR_DISABLE",
    "RIVET_POOL", "RIVET_PORT", "RIVET_ENVOY_VERSION", "RIVET_TOTAL_SLOTS",
    "RIVET_ENGINE_BINARY_PATH", "RIVETKIT_RUNTIME", "RIVETKIT_RUNTIME_MODE",
  };
  int fd;

  if (self->kind == RK_REAL_SERVER_FIXTURES)
    {
      g_autofree char *mod = g_build_filename (self->package_dir, "node_modules", "rivetkit",
                                               "dist", "tsup", "serve-test-suite", "mod.js",
                                               NULL);
      char *real = realpath (mod, NULL);

      /* Through a symlinked path the module loads and does nothing. */
      if (real == NULL)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       "Cannot find the RivetKit fixture server %s: %s; %s", mod,
                       g_strerror (saved_errno), INSTALL_HINT);
          return FALSE;
        }
      script = g_strdup (real);
      free (real);
    }
  else
    {
      script = g_build_filename (self->package_dir, "registry.mjs", NULL);
    }

  fd = open (self->log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot open %s: %s", self->log_path, g_strerror (saved_errno));
      return FALSE;
    }

  /* stdin is /dev/null; stderr goes with stdout into the log. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_take_stdout_fd (launcher, fd);
  g_subprocess_launcher_set_cwd (launcher, self->package_dir);
  g_subprocess_launcher_set_child_setup (launcher, child_setup_cb,
                                         GINT_TO_POINTER (getpid ()), NULL);

  env = g_get_environ ();
  for (guint i = 0; i < G_N_ELEMENTS (unset); i++)
    env = g_environ_unsetenv (env, unset[i]);
  g_subprocess_launcher_set_environ (launcher, env);

  port_str = g_strdup_printf ("%u", self->port);
  g_subprocess_launcher_setenv (launcher, "HOME", self->home_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", cache_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "RIVETKIT_STORAGE_PATH", self->storage_dir, TRUE);
  if (self->kind != RK_REAL_SERVER_FIXTURES)
    {
      g_subprocess_launcher_setenv (launcher, "RK_TEST_PORT", port_str, TRUE);
      g_subprocess_launcher_setenv (launcher, "RIVET_RUN_ENGINE_PORT", port_str, TRUE);
    }
  /* Loopback only, nothing else spawned, no telemetry. 2.2.1's JavaScript has no
   * telemetry (no PostHog/Sentry/telemetry in its dist); the 2.3 engine reports to
   * PostHog unless told not to. DO_NOT_TRACK is the generic opt-out. */
  g_subprocess_launcher_setenv (launcher, "RIVET_RUN_ENGINE_HOST", "127.0.0.1", TRUE);
  g_subprocess_launcher_setenv (launcher, "RIVET_RUN_SERVICES", "0", TRUE);
  g_subprocess_launcher_setenv (launcher, "RIVET__TELEMETRY__ENABLED", "false", TRUE);
  g_subprocess_launcher_setenv (launcher, "DO_NOT_TRACK", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "NO_COLOR", "1", TRUE);

  self->launch_ms = g_get_real_time () / 1000;
  if (!(self->node = g_subprocess_launcher_spawn (launcher, error, self->node_path, script,
                                                  NULL)))
    {
      g_prefix_error (error, "Cannot start %s: ", self->node_path);
      return FALSE;
    }

  identifier = g_subprocess_get_identifier (self->node);
  self->node_pid = identifier != NULL ? (GPid)g_ascii_strtoll (identifier, NULL, 10) : 0;
  pids_file_update (self->node_pid, TRUE);

  g_clear_pointer (&self->node_exited, g_rc_box_release);
  self->node_exited = g_rc_box_new0 (gboolean);
  g_subprocess_wait_async (self->node, NULL, node_wait_cb, g_rc_box_acquire (self->node_exited));

  return TRUE;
}

static gboolean
stop_node (RkRealServer  *self,
           GError       **error)
{
  if (self->node == NULL)
    return TRUE;

  /* 2.2: our registry exits 1.5 s after SIGTERM (once state is flushed); 2.3 drains
   * its actors first (0.1–2.5 s seen); the fixture server exits once its HTTP server
   * has closed. */
  if (!*self->node_exited)
    {
      g_subprocess_send_signal (self->node, SIGTERM);
      iterate_until (self->context, self->node_exited, TERM_GRACE_MS);
    }
  if (!*self->node_exited)
    {
      g_debug ("Node (PID %d) still runs after SIGTERM, sending another", (int)self->node_pid);
      g_subprocess_send_signal (self->node, SIGTERM);
      iterate_until (self->context, self->node_exited, SECOND_TERM_GRACE_MS);
    }
  if (!*self->node_exited)
    {
      g_debug ("Node (PID %d) still runs, killing it", (int)self->node_pid);
      g_subprocess_force_exit (self->node);
      iterate_until (self->context, self->node_exited, KILL_GRACE_MS);
    }
  if (!*self->node_exited)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "Node (PID %d) did not exit after SIGKILL", (int)self->node_pid);
      return FALSE;
    }

  pids_file_update (self->node_pid, FALSE);
  self->node_pid = 0;
  g_clear_object (&self->node);

  return TRUE;
}

/* Stops node, then (2.3) the engine it left behind. */
static gboolean
stop_processes (RkRealServer  *self,
                GError       **error)
{
  g_autoptr(GError) node_error = NULL;
  g_autoptr(GError) engine_error = NULL;

  self->running = FALSE;

  stop_node (self, &node_error);

  /* The engine may have been spawned even if start failed before its PID was read. */
  if (self->kind == RK_REAL_SERVER_2_3 && self->engine_pid <= 0 && self->storage_dir != NULL)
    {
      self->engine_pid = read_engine_pid (self);
      pids_file_update (self->engine_pid, TRUE);
    }
  stop_engine (self, &engine_error);

  if (node_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&node_error));
      return FALSE;
    }
  if (engine_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&engine_error));
      return FALSE;
    }

  return TRUE;
}

static void
remove_files (RkRealServer *self)
{
  if (self->tmp_dir != NULL)
    remove_tree (self->tmp_dir);
  if (self->fixture_storage != NULL)
    remove_tree (self->fixture_storage);

  g_clear_pointer (&self->tmp_dir, g_free);
  g_clear_pointer (&self->log_path, g_free);
  g_clear_pointer (&self->storage_dir, g_free);
  g_clear_pointer (&self->home_dir, g_free);
  g_clear_pointer (&self->fixture_storage, g_free);
}

/* Starts node on self->port (0 for the fixture server) and waits until it serves. */
static gboolean
launch (RkRealServer  *self,
        GError       **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)READY_TIMEOUT_MS * 1000;

  if (self->kind == RK_REAL_SERVER_FIXTURES)
    {
      g_autoptr(GHashTable) before = NULL;
      g_autoptr(GHashTable) after = NULL;
      g_autofree char *lock_path = g_build_filename (self->install_dir, ".fixtures.lock", NULL);
      GHashTableIter iter;
      gpointer name;
      gboolean ok;
      guint n_new = 0;
      int lock_fd;

      /* It keeps its data in /tmp/rivetkit-test-suite-<uuid>, created before it
       * listens. Serialise starts so that the new directory is ours to delete. */
      lock_fd = open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
      if (lock_fd >= 0 && flock (lock_fd, LOCK_EX) != 0)
        {
          close (lock_fd);
          lock_fd = -1;
        }

      before = list_fixture_storage ();
      ok = spawn_node (self, error) && wait_fixture_endpoint (self, deadline, error);
      if (ok && lock_fd >= 0)
        {
          after = list_fixture_storage ();
          g_hash_table_iter_init (&iter, after);
          while (g_hash_table_iter_next (&iter, &name, NULL))
            {
              if (g_hash_table_contains (before, name))
                continue;
              n_new++;
              g_free (self->fixture_storage);
              self->fixture_storage = g_build_filename ("/tmp", name, NULL);
            }
          if (n_new != 1)
            g_clear_pointer (&self->fixture_storage, g_free);
        }
      if (lock_fd >= 0)
        close (lock_fd);
      if (!ok)
        return FALSE;
    }
  else
    {
      g_free (self->endpoint);
      self->endpoint = g_strdup_printf ("http://127.0.0.1:%u", self->port);
      if (!spawn_node (self, error))
        return FALSE;
    }

  if (!wait_ready (self, deadline, error))
    return FALSE;

  /* For 2.3, wait_ready () has read the engine PID. */
  g_assert (self->kind != RK_REAL_SERVER_2_3 || self->engine_pid > 0);

  self->running = TRUE;
  return TRUE;
}

/* Public API */

/**
 * rk_real_server_new:
 * @kind: which server to run
 *
 * Creates a server handle; nothing runs until rk_real_server_start ().
 *
 * Returns: (transfer full): a new #RkRealServer
 */
RkRealServer *
rk_real_server_new (RkRealServerKind kind)
{
  RkRealServer *self;

  g_return_val_if_fail (kind == RK_REAL_SERVER_2_2 || kind == RK_REAL_SERVER_2_3
                        || kind == RK_REAL_SERVER_FIXTURES, NULL);

  self = g_new0 (RkRealServer, 1);
  self->kind = kind;
  self->package_name = g_strdup (kind == RK_REAL_SERVER_2_3 ? "rivetkit-2.3" : "rivetkit-2.2");

  return self;
}

/**
 * rk_real_server_new_from_env:
 * @error: return location for a #GError
 *
 * Creates a server handle of the kind named by the environment variable
 * `RK_TEST_SERVER`: `2.2` (the default when unset or empty), `2.3` or `fixtures`.
 *
 * Returns: (transfer full) (nullable): a new #RkRealServer, or %NULL if the
 *   variable holds anything else
 */
RkRealServer *
rk_real_server_new_from_env (GError **error)
{
  const char *value = g_getenv ("RK_TEST_SERVER");

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (value == NULL || value[0] == '\0' || g_str_equal (value, "2.2"))
    return rk_real_server_new (RK_REAL_SERVER_2_2);
  if (g_str_equal (value, "2.3"))
    return rk_real_server_new (RK_REAL_SERVER_2_3);
  if (g_str_equal (value, "fixtures"))
    return rk_real_server_new (RK_REAL_SERVER_FIXTURES);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               "RK_TEST_SERVER is “%s”; expected “2.2”, “2.3” or “fixtures”", value);
  return NULL;
}

/**
 * rk_real_server_start:
 * @self: a #RkRealServer
 * @error: return location for a #GError
 *
 * Starts the server on a free loopback port, with fresh storage, and iterates the
 * thread-default main context until it serves `/metadata` and lists `counter` in
 * `/actors/names` (at most 90 s). Fails, never skips, when the servers are not
 * installed. On failure the message ends with the last lines of the server log.
 *
 * Returns: %TRUE once the server is ready
 */
gboolean
rk_real_server_start (RkRealServer  *self,
                      GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->running || self->node != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "The server is already running");
      return FALSE;
    }

  if (!resolve_install (self, error))
    return FALSE;
  if (self->kind != RK_REAL_SERVER_FIXTURES && !install_registry (self, error))
    return FALSE;

  if (self->tmp_dir == NULL)
    {
      if (!(self->tmp_dir = g_dir_make_tmp ("rk-real-server-XXXXXX", error)))
        return FALSE;
      self->log_path = g_build_filename (self->tmp_dir, "server.log", NULL);
      self->storage_dir = g_build_filename (self->tmp_dir, "storage", NULL);
      self->home_dir = g_build_filename (self->tmp_dir, "home", NULL);
      if (g_mkdir_with_parents (self->storage_dir, 0700) != 0
          || g_mkdir_with_parents (self->home_dir, 0700) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       "Cannot create directories in %s: %s", self->tmp_dir,
                       g_strerror (saved_errno));
          remove_files (self);
          return FALSE;
        }
    }

  if (self->context == NULL)
    self->context = g_main_context_ref_thread_default ();
  if (self->session == NULL)
    {
      self->session = soup_session_new ();
      /* Loopback only: never through a proxy from the environment. */
      soup_session_set_proxy_resolver (self->session, NULL);
    }

  self->port = 0;
  if (self->kind != RK_REAL_SERVER_FIXTURES && !pick_port (self, error))
    return FALSE;

  if (!launch (self, error))
    {
      append_log_tail (self, error);
      stop_processes (self, NULL);
      g_clear_pointer (&self->endpoint, g_free);
      remove_files (self);
      return FALSE;
    }

  return TRUE;
}

/**
 * rk_real_server_stop:
 * @self: a #RkRealServer
 * @error: return location for a #GError
 *
 * Stops the server: SIGTERM, a second SIGTERM after 5 s, SIGKILL last; then the
 * 2.3 engine the same way. Deletes the log and the storage.
 *
 * Returns: %TRUE if every process is gone
 */
gboolean
rk_real_server_stop (RkRealServer  *self,
                     GError       **error)
{
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ok = stop_processes (self, error);
  if (ok)
    remove_files (self);
  else
    append_log_tail (self, error);
  g_clear_pointer (&self->endpoint, g_free);
  self->port = 0;

  return ok;
}

/**
 * rk_real_server_restart:
 * @self: a running #RkRealServer
 * @error: return location for a #GError
 *
 * Stops the server and starts it again on the same port with the same storage,
 * so actors and their state persist. Not supported by the fixture server.
 *
 * Returns: %TRUE once the server is ready again
 */
gboolean
rk_real_server_restart (RkRealServer  *self,
                        GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->kind == RK_REAL_SERVER_FIXTURES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "The RivetKit fixture server cannot be restarted: it picks a new port "
                   "and a new storage directory each time");
      return FALSE;
    }
  if (!self->running)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, "The server is not running");
      return FALSE;
    }

  if (!stop_processes (self, error) || !launch (self, error))
    {
      append_log_tail (self, error);
      stop_processes (self, NULL);
      return FALSE;
    }

  return TRUE;
}

/**
 * rk_real_server_get_endpoint:
 * @self: a #RkRealServer
 *
 * Returns: (nullable): the base URL, `http://127.0.0.1:PORT`, while the server runs
 */
const char *
rk_real_server_get_endpoint (RkRealServer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->endpoint;
}

/**
 * rk_real_server_get_version:
 * @self: a #RkRealServer
 *
 * Returns: (nullable): the installed rivetkit version (`2.2.1`, `2.3.19`), known
 *   once rk_real_server_start () has been called
 */
const char *
rk_real_server_get_version (RkRealServer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->version;
}

/**
 * rk_real_server_get_kind:
 * @self: a #RkRealServer
 *
 * Returns: the kind of server
 */
RkRealServerKind
rk_real_server_get_kind (RkRealServer *self)
{
  g_return_val_if_fail (self != NULL, RK_REAL_SERVER_2_2);

  return self->kind;
}

/**
 * rk_real_server_get_log_path:
 * @self: a #RkRealServer
 *
 * Returns: (nullable): the server's log file (stdout and stderr), until it is stopped
 */
const char *
rk_real_server_get_log_path (RkRealServer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->log_path;
}

/**
 * rk_real_server_get_node_pid:
 * @self: a #RkRealServer
 *
 * Returns: the PID of the Node process, or 0 when none runs
 */
GPid
rk_real_server_get_node_pid (RkRealServer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->node_pid;
}

/**
 * rk_real_server_get_engine_pid:
 * @self: a #RkRealServer
 *
 * Returns: the PID of the Rivet Engine (2.3 only), or 0
 */
GPid
rk_real_server_get_engine_pid (RkRealServer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->engine_pid;
}

/**
 * rk_real_server_free:
 * @self: (nullable): a #RkRealServer
 *
 * Stops the server if it still runs and deletes its files.
 */
void
rk_real_server_free (RkRealServer *self)
{
  g_autoptr(GError) error = NULL;

  if (self == NULL)
    return;

  if (!stop_processes (self, &error))
    g_printerr ("rk-real-server: %s\n", error->message);
  remove_files (self);

  g_clear_object (&self->session);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->node_exited, g_rc_box_release);
  g_free (self->install_dir);
  g_free (self->package_name);
  g_free (self->package_dir);
  g_free (self->node_path);
  g_free (self->endpoint);
  g_free (self->version);
  g_free (self);
}
