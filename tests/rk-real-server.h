/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-real-server.h: starts and stops real RivetKit servers for integration tests */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * RkRealServerKind:
 * @RK_REAL_SERVER_2_2: rivetkit 2.2.x running `tests/server/registry.mjs`
 *   (file-system driver; Node serves the API)
 * @RK_REAL_SERVER_2_3: rivetkit 2.3.x running `tests/server/registry.mjs`
 *   (Node spawns the Rust Rivet Engine, which serves the API)
 * @RK_REAL_SERVER_FIXTURES: RivetKit 2.2.x's own driver-test fixture server
 *   (`serve-test-suite`, 119 fixture actors; cannot be restarted)
 */
typedef enum
{
  RK_REAL_SERVER_2_2,
  RK_REAL_SERVER_2_3,
  RK_REAL_SERVER_FIXTURES,
} RkRealServerKind;

typedef struct _RkRealServer RkRealServer;

RkRealServer     *rk_real_server_new_from_env   (GError          **error);
RkRealServer     *rk_real_server_new            (RkRealServerKind  kind);
gboolean          rk_real_server_start          (RkRealServer     *self,
                                                 GError          **error);
gboolean          rk_real_server_stop           (RkRealServer     *self,
                                                 GError          **error);
gboolean          rk_real_server_restart        (RkRealServer     *self,
                                                 GError          **error);
const char       *rk_real_server_get_endpoint   (RkRealServer     *self);
const char       *rk_real_server_get_version    (RkRealServer     *self);
RkRealServerKind  rk_real_server_get_kind       (RkRealServer     *self);
const char       *rk_real_server_get_log_path   (RkRealServer     *self);
GPid              rk_real_server_get_node_pid   (RkRealServer     *self);
GPid              rk_real_server_get_engine_pid (RkRealServer     *self);
void              rk_real_server_free           (RkRealServer     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RkRealServer, rk_real_server_free)

G_END_DECLS
