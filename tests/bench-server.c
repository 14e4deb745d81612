/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-server.c: keeps one real RivetKit server running for build-aux/bench (a tool, not a test)
 *
 *   bench-server 2.2|2.3
 *
 * Starts the server with the integration harness, prints "endpoint URL", "version V" and
 * "node-pid P" (and "engine-pid P" on 2.3) on stdout, then runs until stdin reaches end of
 * file or SIGTERM/SIGINT arrives, and stops the server. Needs G_TEST_SRCDIR (the tests
 * directory) like the integration tests.
 */

#define G_LOG_DOMAIN "bench-server"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <glib-unix.h>
#include <gio/gunixinputstream.h>

#include "rk-real-server.h"

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
stdin_cb (gint         fd,
          GIOCondition condition,
          gpointer     user_data)
{
  char buffer[256];
  gssize n = read (fd, buffer, sizeof buffer);

  if (n <= 0)
    {
      g_main_loop_quit (user_data);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RkRealServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  RkRealServerKind kind = RK_REAL_SERVER_2_2;

  /* The harness finds tests/server/registry.mjs with g_test_build_filename ():
   * G_TEST_SRCDIR must name the tests directory. */
  g_test_init (&argc, &argv, NULL);
  g_log_set_debug_enabled (FALSE);

  if (argc > 1 && g_str_equal (argv[1], "2.3"))
    kind = RK_REAL_SERVER_2_3;
  else if (argc > 1 && !g_str_equal (argv[1], "2.2"))
    {
      g_printerr ("usage: bench-server 2.2|2.3\n");
      return 2;
    }

  /* The harness lists its PIDs in $G_TEST_BUILDDIR/rk-real-server.pids */
  if (g_getenv ("G_TEST_BUILDDIR") == NULL)
    g_setenv ("G_TEST_BUILDDIR", g_get_tmp_dir (), TRUE);

  server = rk_real_server_new (kind);
  if (!rk_real_server_start (server, &error))
    {
      g_printerr ("bench-server: %s\n", error->message);
      return 1;
    }

  printf ("endpoint %s\nversion %s\nnode-pid %d\n", rk_real_server_get_endpoint (server),
          rk_real_server_get_version (server), (int)rk_real_server_get_node_pid (server));
  if (rk_real_server_get_engine_pid (server) > 0)
    printf ("engine-pid %d\n", (int)rk_real_server_get_engine_pid (server));
  printf ("ready\n");
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_fd_add (0, G_IO_IN | G_IO_HUP | G_IO_ERR, stdin_cb, loop);
  g_main_loop_run (loop);

  if (!rk_real_server_stop (server, &error))
    {
      g_printerr ("bench-server: %s\n", error->message);
      return 1;
    }
  return 0;
}
