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
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "rk-real-server-private.h"

#define LOG_TAIL_LINES         30
#define PORT_ATTEMPTS          100
#define PORT_RANGE_FIRST       20000
#define PORT_RANGE_LAST        32000
#define FIXTURE_STORAGE_PREFIX "rivetkit-test-suite-"

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

const char *
_rk_real_server_kind_to_string (RkRealServerKind kind)
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

  if (!(root = _rk_real_server_load_json_file (rivetkit_json, error)))
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

/* Fixture server: its storage directory */

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

/* Lifecycle */

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
      ok = _rk_real_server_spawn_node (self, error)
           && _rk_real_server_wait_fixture_endpoint (self, deadline, error);
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
      if (!_rk_real_server_spawn_node (self, error))
        return FALSE;
    }

  if (!_rk_real_server_wait_ready (self, deadline, error))
    return FALSE;

  /* For 2.3, _rk_real_server_wait_ready () has read the engine PID. */
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
      _rk_real_server_stop_processes (self, NULL);
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

  ok = _rk_real_server_stop_processes (self, error);
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

  if (!_rk_real_server_stop_processes (self, error) || !launch (self, error))
    {
      append_log_tail (self, error);
      _rk_real_server_stop_processes (self, NULL);
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

  if (!_rk_real_server_stop_processes (self, &error))
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
