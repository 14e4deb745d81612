/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-real-server-process.c: spawning and stopping the Node process (and, with
 * rivetkit 2.3, the Rivet Engine it leaves behind), and the PID file
 *
 * Every PID is listed in $G_TEST_BUILDDIR/rk-real-server.pids so that the test
 * command can kill what a crashed test left behind.
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
#include <sys/types.h>
#include <unistd.h>

#include <json-glib/json-glib.h>

#include "rk-real-server-private.h"

#define PID_POLL_MS          50
#define TERM_GRACE_MS        5000
#define SECOND_TERM_GRACE_MS 3000
#define KILL_GRACE_MS        5000

/* Main-context helpers */

static gboolean
set_flag_cb (gpointer user_data)
{
  gboolean *flag = user_data;

  *flag = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates @context until *@done is set or @timeout_ms have passed. */
gboolean
_rk_real_server_iterate_until (GMainContext   *context,
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
      _rk_real_server_iterate_until (context, &never, PID_POLL_MS);
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

void
_rk_real_server_pids_file_update (GPid     pid,
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

/* Engine (2.3) */

/* The engine PID from runtime.json, if that process still runs rivet-engine. */
GPid
_rk_real_server_read_engine_pid (RkRealServer *self)
{
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) root = NULL;
  gint64 pid;

  path = g_build_filename (self->storage_dir, ".rivetkit", "var", "engine", "runtime.json",
                           NULL);
  if (!(root = _rk_real_server_load_json_file (path, NULL)))
    return 0;

  pid = json_object_get_int_member_with_default (json_node_get_object (root), "pid", 0);
  if (pid <= 0 || pid > G_MAXINT || !pid_is_engine ((GPid)pid))
    return 0;

  return (GPid)pid;
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

  _rk_real_server_pids_file_update (pid, FALSE);
  self->engine_pid = 0;

  return TRUE;
}

/* Node */

gboolean
_rk_real_server_spawn_node (RkRealServer  *self,
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
  _rk_real_server_pids_file_update (self->node_pid, TRUE);

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
      _rk_real_server_iterate_until (self->context, self->node_exited, TERM_GRACE_MS);
    }
  if (!*self->node_exited)
    {
      g_debug ("Node (PID %d) still runs after SIGTERM, sending another", (int)self->node_pid);
      g_subprocess_send_signal (self->node, SIGTERM);
      _rk_real_server_iterate_until (self->context, self->node_exited, SECOND_TERM_GRACE_MS);
    }
  if (!*self->node_exited)
    {
      g_debug ("Node (PID %d) still runs, killing it", (int)self->node_pid);
      g_subprocess_force_exit (self->node);
      _rk_real_server_iterate_until (self->context, self->node_exited, KILL_GRACE_MS);
    }
  if (!*self->node_exited)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "Node (PID %d) did not exit after SIGKILL", (int)self->node_pid);
      return FALSE;
    }

  _rk_real_server_pids_file_update (self->node_pid, FALSE);
  self->node_pid = 0;
  g_clear_object (&self->node);

  return TRUE;
}

/* Stops node, then (2.3) the engine it left behind. */
gboolean
_rk_real_server_stop_processes (RkRealServer  *self,
                                GError       **error)
{
  g_autoptr(GError) node_error = NULL;
  g_autoptr(GError) engine_error = NULL;

  self->running = FALSE;

  stop_node (self, &node_error);

  /* The engine may have been spawned even if start failed before its PID was read. */
  if (self->kind == RK_REAL_SERVER_2_3 && self->engine_pid <= 0 && self->storage_dir != NULL)
    {
      self->engine_pid = _rk_real_server_read_engine_pid (self);
      _rk_real_server_pids_file_update (self->engine_pid, TRUE);
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
