/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-real-server-private.h: the RkRealServer struct and the functions shared by
 * rk-real-server.c (public API, lifecycle), rk-real-server-process.c (spawning,
 * PID file, stopping) and rk-real-server-ready.c (readiness polling) */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "rk-real-server.h"

G_BEGIN_DECLS

#define READY_TIMEOUT_MS 90000
#define INSTALL_HINT     "run build-aux/install-test-servers"

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

/* rk-real-server.c */
const char *_rk_real_server_kind_to_string        (RkRealServerKind   kind);

/* rk-real-server-process.c */
gboolean    _rk_real_server_iterate_until         (GMainContext      *context,
                                                   const gboolean    *done,
                                                   guint              timeout_ms);
void        _rk_real_server_pids_file_update      (GPid               pid,
                                                   gboolean           add);
GPid        _rk_real_server_read_engine_pid       (RkRealServer      *self);
gboolean    _rk_real_server_spawn_node            (RkRealServer      *self,
                                                   GError           **error);
gboolean    _rk_real_server_stop_processes        (RkRealServer      *self,
                                                   GError           **error);

/* rk-real-server-ready.c */
JsonNode   *_rk_real_server_load_json_file        (const char        *path,
                                                   GError           **error);
gboolean    _rk_real_server_wait_ready            (RkRealServer      *self,
                                                   gint64             deadline,
                                                   GError           **error);
gboolean    _rk_real_server_wait_fixture_endpoint (RkRealServer      *self,
                                                   gint64             deadline,
                                                   GError           **error);

G_END_DECLS
