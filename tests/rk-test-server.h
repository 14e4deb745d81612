/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-test-server.h: a scripted local RivetKit impostor for fault-injection tests:
 * HTTP routes with delays and faults, recorded requests, WebSocket scripts */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

#define RK_TYPE_TEST_SERVER (rk_test_server_get_type ())

G_DECLARE_FINAL_TYPE (RkTestServer, rk_test_server, RK, TEST_SERVER, GObject)

typedef struct _RkTestRoute    RkTestRoute;
typedef struct _RkTestWsScript RkTestWsScript;

/**
 * RkTestFault:
 * @RK_TEST_FAULT_NONE: answer normally
 * @RK_TEST_FAULT_DROP: close the TCP connection without answering
 * @RK_TEST_FAULT_TRUNCATE: send the headers (announcing the whole body) and
 *   the first half of the body, then close the TCP connection
 * @RK_TEST_FAULT_HANG: never answer (until the client gives up or the
 *   server stops)
 */
typedef enum
{
  RK_TEST_FAULT_NONE,
  RK_TEST_FAULT_DROP,
  RK_TEST_FAULT_TRUNCATE,
  RK_TEST_FAULT_HANG,
} RkTestFault;

/* One request as the server saw it. The path is decoded. */
typedef struct
{
  guint               index;
  gint64              time;
  char               *method;
  char               *path;
  char               *query;
  SoupMessageHeaders *headers;
  GBytes             *body;
  gboolean            websocket;
} RkTestRequest;

/* One WebSocket frame a client sent; @text is @data with a NUL added. */
typedef struct
{
  guint     connection;
  gint64    time;
  gboolean  binary;
  GBytes   *data;
  char     *text;
} RkTestFrame;

/* Answers a request itself: set a status (and maybe pause) before returning. */
typedef void (*RkTestHandler) (RkTestServer        *server,
                               SoupServerMessage   *message,
                               const RkTestRequest *request,
                               gpointer             user_data);

RkTestServer        *rk_test_server_new                 (void);
const char          *rk_test_server_get_url             (RkTestServer    *self);
guint                rk_test_server_get_port            (RkTestServer    *self);
void                 rk_test_server_stop                (RkTestServer    *self);
void                 rk_test_server_restart             (RkTestServer    *self);
gboolean             rk_test_server_is_running          (RkTestServer    *self);

RkTestRoute         *rk_test_server_add_route           (RkTestServer    *self,
                                                         const char      *method,
                                                         const char      *path,
                                                         guint            status,
                                                         const char      *content_type,
                                                         const char      *body);
RkTestRoute         *rk_test_server_add_fixture_route   (RkTestServer    *self,
                                                         const char      *method,
                                                         const char      *path,
                                                         guint            status,
                                                         const char      *content_type,
                                                         const char      *fixture);
RkTestRoute         *rk_test_server_add_handler         (RkTestServer    *self,
                                                         const char      *method,
                                                         const char      *path,
                                                         RkTestHandler    handler,
                                                         gpointer         user_data);
RkTestRoute         *rk_test_server_add_websocket       (RkTestServer    *self,
                                                         const char      *path,
                                                         RkTestWsScript  *script);
void                 rk_test_route_set_body_bytes       (RkTestRoute     *route,
                                                         GBytes          *body);
void                 rk_test_route_add_header           (RkTestRoute     *route,
                                                         const char      *name,
                                                         const char      *value);
void                 rk_test_route_set_query            (RkTestRoute     *route,
                                                         const char      *pattern);
void                 rk_test_route_set_delay            (RkTestRoute     *route,
                                                         guint            delay_ms);
void                 rk_test_route_set_fault            (RkTestRoute     *route,
                                                         RkTestFault      fault);
void                 rk_test_route_set_times            (RkTestRoute     *route,
                                                         guint            times);
guint                rk_test_route_get_hits             (RkTestRoute     *route);

void                 rk_test_server_respond             (SoupServerMessage *message,
                                                         guint            status,
                                                         const char      *content_type,
                                                         const char      *body);

guint                rk_test_server_get_n_requests      (RkTestServer    *self);
const RkTestRequest *rk_test_server_get_request         (RkTestServer    *self,
                                                         guint            index);
guint                rk_test_server_count               (RkTestServer    *self,
                                                         const char      *method,
                                                         const char      *path);
const RkTestRequest *rk_test_server_find                (RkTestServer    *self,
                                                         const char      *method,
                                                         const char      *path,
                                                         guint            nth);

RkTestWsScript      *rk_test_ws_script_new              (void);
RkTestWsScript      *rk_test_ws_script_ref              (RkTestWsScript  *script);
void                 rk_test_ws_script_unref            (RkTestWsScript  *script);
void                 rk_test_ws_script_send             (RkTestWsScript  *script,
                                                         const char      *text);
void                 rk_test_ws_script_send_bytes       (RkTestWsScript  *script,
                                                         GBytes          *data);
void                 rk_test_ws_script_send_hex         (RkTestWsScript  *script,
                                                         const char      *hex);
void                 rk_test_ws_script_send_raw_text    (RkTestWsScript  *script,
                                                         const char      *text);
void                 rk_test_ws_script_send_init        (RkTestWsScript  *script);
void                 rk_test_ws_script_expect           (RkTestWsScript  *script,
                                                         const char      *substring);
void                 rk_test_ws_script_reply            (RkTestWsScript  *script,
                                                         const char      *output_json);
void                 rk_test_ws_script_reply_error      (RkTestWsScript  *script,
                                                         const char      *group,
                                                         const char      *code,
                                                         const char      *message);
void                 rk_test_ws_script_echo             (RkTestWsScript  *script);
void                 rk_test_ws_script_delay            (RkTestWsScript  *script,
                                                         guint            delay_ms);
void                 rk_test_ws_script_close            (RkTestWsScript  *script,
                                                         gushort          code,
                                                         const char      *reason);
void                 rk_test_ws_script_drop             (RkTestWsScript  *script);

guint                rk_test_server_get_n_websockets    (RkTestServer    *self);
guint                rk_test_server_get_n_open_websockets (RkTestServer  *self);
guint                rk_test_server_get_n_frames        (RkTestServer    *self);
const RkTestFrame   *rk_test_server_get_frame           (RkTestServer    *self,
                                                         guint            index);
guint                rk_test_server_count_frames        (RkTestServer    *self,
                                                         guint            connection,
                                                         const char      *substring);
void                 rk_test_server_ws_send             (RkTestServer    *self,
                                                         guint            connection,
                                                         const char      *text);
void                 rk_test_server_ws_send_bytes       (RkTestServer    *self,
                                                         guint            connection,
                                                         GBytes          *data);
void                 rk_test_server_ws_close            (RkTestServer    *self,
                                                         guint            connection,
                                                         gushort          code,
                                                         const char      *reason);
void                 rk_test_server_ws_drop             (RkTestServer    *self,
                                                         guint            connection);

GBytes              *rk_test_hex_to_bytes               (const char      *hex);
void                 rk_test_assert_finalized           (gpointer         object);
void                 rk_test_assert_no_secret           (const GError    *error,
                                                         const char      *secret);

#define RK_TEST_ANY_CONNECTION G_MAXUINT

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RkTestWsScript, rk_test_ws_script_unref)

G_END_DECLS
