/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-test-calls.h: every asynchronous HTTP call of RkClient and RkInspector
 * as a table, for tests that must try each one */

#pragma once

#include "rk-client.h"
#include "rk-inspector.h"

G_BEGIN_DECLS

/* The actor every call addresses. */
#define RK_TEST_ACTOR_ID "a1"

typedef enum
{
  RK_TEST_CALL_PROBE,
  RK_TEST_CALL_LIST_ACTOR_TYPES,
  RK_TEST_CALL_LIST_ACTORS,
  RK_TEST_CALL_GET_ACTOR,
  RK_TEST_CALL_GET_ACTORS_BY_IDS,
  RK_TEST_CALL_GET_OR_CREATE_ACTOR,
  RK_TEST_CALL_CREATE_ACTOR,
  RK_TEST_CALL_DESTROY_ACTOR,
  RK_TEST_CALL_WAKE_ACTOR,
  RK_TEST_CALL_GET_INSPECTOR_TOKEN,
  RK_TEST_CALL_ACTION,
  RK_TEST_CALL_QUEUE_SEND,
  RK_TEST_CALL_RAW_REQUEST,
  RK_TEST_CALL_RAW_WEBSOCKET,
  RK_TEST_CALL_INSPECTOR_REQUEST,
  RK_TEST_CALL_INSPECTOR_SUMMARY,
  RK_TEST_CALL_INSPECTOR_METRICS,
  RK_TEST_CALL_INSPECTOR_QUEUE,
  RK_TEST_CALL_INSPECTOR_DATABASE_SCHEMA,
  RK_TEST_CALL_INSPECTOR_DATABASE_ROWS,
  RK_TEST_CALL_INSPECTOR_EXECUTE_SQL,
  RK_TEST_CALL_INSPECTOR_WORKFLOW_HISTORY,
  RK_TEST_CALL_INSPECTOR_PATCH_STATE,
  RK_TEST_CALL_INSPECTOR_ACTION,
} RkTestCallKind;

typedef struct
{
  RkTestCallKind  kind;
  const char     *name;
  const char     *method;
  const char     *path;
  gboolean        inspector;
} RkTestCall;

/* @method and @path (a glob) describe the request the call sends first
 * (for inspector calls: once the inspector token is known). */
extern const RkTestCall rk_test_calls[];
extern const guint      rk_test_n_calls;

const RkTestCall *rk_test_call_lookup (const char          *name);
void              rk_test_call_start  (const RkTestCall    *call,
                                       RkClient            *client,
                                       RkInspector         *inspector,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
gboolean          rk_test_call_finish (const RkTestCall    *call,
                                       GObject             *source,
                                       GAsyncResult        *result,
                                       GError             **error);
GError           *rk_test_call_run    (const RkTestCall    *call,
                                       RkClient            *client,
                                       RkInspector         *inspector);

G_END_DECLS
