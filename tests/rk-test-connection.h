/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-test-connection.h: a fixture for RkConnection tests against RkTestServer:
 * the connection's signals recorded, actions and transitions at hand */

#pragma once

#include "rk-client.h"
#include "rk-connection-private.h"
#include "rk-test-calls.h"
#include "rk-test-server.h"
#include "rk-transition.h"

G_BEGIN_DECLS

#define RK_TEST_CONNECT_PATH "/gateway/" RK_TEST_ACTOR_ID "/connect"

typedef struct
{
  RkTestServer *server;
  RkClient *client;
  RkConnection *connection;
  GPtrArray *events;
  GPtrArray *errors;
  guint max_attempt;
  gboolean disposed;
  guint late_signals;
} RkTestConnFixture;

void            rk_test_conn_setup                (RkTestConnFixture   *f,
                                                   gconstpointer        data);
void            rk_test_conn_teardown             (RkTestConnFixture   *f,
                                                   gconstpointer        data);
RkConnection   *rk_test_conn_new                  (RkTestConnFixture   *f,
                                                   JsonNode            *params);
void            rk_test_conn_wait_status          (RkTestConnFixture   *f,
                                                   RkConnectionStatus   status);
RkTestRoute    *rk_test_conn_add_script           (RkTestConnFixture   *f,
                                                   RkTestWsScript      *script,
                                                   guint                times);
void            rk_test_conn_start_action         (RkTestConnFixture   *f,
                                                   const char          *name,
                                                   GAsyncResult       **slot);
JsonNode       *rk_test_conn_finish_action        (RkTestConnFixture   *f,
                                                   GAsyncResult       **slot,
                                                   GError             **error);
RkTransition   *rk_test_conn_last_transition      (RkTestConnFixture   *f);
guint           rk_test_conn_count_transitions    (RkTestConnFixture   *f,
                                                   RkConnectionStatus   status);
void            rk_test_conn_assert_no_reconnect  (RkTestConnFixture   *f,
                                                   guint                sockets);

RkTestWsScript *rk_test_echo_script               (void);
gint64          rk_test_echo_connection           (JsonNode            *output);

G_END_DECLS
