/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-test-calls.c: every asynchronous HTTP call of RkClient and RkInspector
 * as a table, for tests that must try each one */

#include "config.h"

#include "rk-actor.h"
#include "rk-raw-response.h"
#include "rk-server-info.h"
#include "rk-test-calls.h"
#include "rk-test-util.h"

#define GATEWAY "/gateway/" RK_TEST_ACTOR_ID
#define INSPECTOR GATEWAY "/inspector/"

const RkTestCall rk_test_calls[] = {
  { RK_TEST_CALL_PROBE, "probe", "GET", "/metadata", FALSE },
  { RK_TEST_CALL_LIST_ACTOR_TYPES, "list-actor-types", "GET", "/actors/names", FALSE },
  { RK_TEST_CALL_LIST_ACTORS, "list-actors", "GET", "/actors", FALSE },
  { RK_TEST_CALL_GET_ACTOR, "get-actor", "GET", "/actors", FALSE },
  { RK_TEST_CALL_GET_ACTORS_BY_IDS, "get-actors-by-ids", "GET", "/actors", FALSE },
  { RK_TEST_CALL_GET_OR_CREATE_ACTOR, "get-or-create-actor", "PUT", "/actors", FALSE },
  { RK_TEST_CALL_CREATE_ACTOR, "create-actor", "POST", "/actors", FALSE },
  { RK_TEST_CALL_DESTROY_ACTOR, "destroy-actor", "DELETE", "/actors/" RK_TEST_ACTOR_ID, FALSE },
  { RK_TEST_CALL_WAKE_ACTOR, "wake-actor", "GET", GATEWAY "*/health", FALSE },
  { RK_TEST_CALL_GET_INSPECTOR_TOKEN, "get-inspector-token", "GET",
    "/actors/" RK_TEST_ACTOR_ID "/kv/keys/*", FALSE },
  { RK_TEST_CALL_ACTION, "action", "POST", GATEWAY "*/action/increment", FALSE },
  { RK_TEST_CALL_QUEUE_SEND, "queue-send", "POST", GATEWAY "*/queue/jobs", FALSE },
  { RK_TEST_CALL_RAW_REQUEST, "raw-request", "GET", GATEWAY "*/request/hello", FALSE },
  { RK_TEST_CALL_RAW_WEBSOCKET, "raw-websocket", "GET", GATEWAY "*/websocket/chat", FALSE },
  { RK_TEST_CALL_INSPECTOR_REQUEST, "inspector-request", "GET", INSPECTOR "state", TRUE },
  { RK_TEST_CALL_INSPECTOR_SUMMARY, "inspector-summary", "GET", INSPECTOR "summary", TRUE },
  { RK_TEST_CALL_INSPECTOR_METRICS, "inspector-metrics", "GET", INSPECTOR "metrics", TRUE },
  { RK_TEST_CALL_INSPECTOR_QUEUE, "inspector-queue", "GET", INSPECTOR "queue", TRUE },
  { RK_TEST_CALL_INSPECTOR_DATABASE_SCHEMA, "inspector-database-schema", "GET",
    INSPECTOR "database/schema", TRUE },
  { RK_TEST_CALL_INSPECTOR_DATABASE_ROWS, "inspector-database-rows", "GET",
    INSPECTOR "database/rows", TRUE },
  { RK_TEST_CALL_INSPECTOR_EXECUTE_SQL, "inspector-execute-sql", "POST",
    INSPECTOR "database/execute", TRUE },
  { RK_TEST_CALL_INSPECTOR_WORKFLOW_HISTORY, "inspector-workflow-history", "GET",
    INSPECTOR "workflow-history", TRUE },
  { RK_TEST_CALL_INSPECTOR_PATCH_STATE, "inspector-patch-state", "PATCH", INSPECTOR "state", TRUE },
  { RK_TEST_CALL_INSPECTOR_ACTION, "inspector-action", "POST", INSPECTOR "action/increment", TRUE },
};

const guint rk_test_n_calls = G_N_ELEMENTS (rk_test_calls);

const RkTestCall *
rk_test_call_lookup (const char *name)
{
  for (guint i = 0; i < rk_test_n_calls; i++)
    if (g_str_equal (rk_test_calls[i].name, name))
      return &rk_test_calls[i];

  g_error ("no test call named %s", name);
  return NULL;
}

void
rk_test_call_start (const RkTestCall    *call,
                    RkClient            *client,
                    RkInspector         *inspector,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  static const char *key[] = { "k", NULL };
  static const char *ids[] = { RK_TEST_ACTOR_ID, NULL };
  const char *id = RK_TEST_ACTOR_ID;

  g_assert (!call->inspector || RK_IS_INSPECTOR (inspector));

  switch (call->kind)
    {
    case RK_TEST_CALL_PROBE:
      rk_client_probe_async (client, cancellable, callback, user_data);
      break;
    case RK_TEST_CALL_LIST_ACTOR_TYPES:
      rk_client_list_actor_types_async (client, cancellable, callback, user_data);
      break;
    case RK_TEST_CALL_LIST_ACTORS:
      rk_client_list_actors_async (client, "counter", cancellable, callback, user_data);
      break;
    case RK_TEST_CALL_GET_ACTOR:
      rk_client_get_actor_async (client, "counter", key, cancellable, callback, user_data);
      break;
    case RK_TEST_CALL_GET_ACTORS_BY_IDS:
      rk_client_get_actors_by_ids_async (client, ids, cancellable, callback, user_data);
      break;
    case RK_TEST_CALL_GET_OR_CREATE_ACTOR:
      rk_client_get_or_create_actor_async (client, "counter", key, NULL, cancellable, callback,
                                           user_data);
      break;
    case RK_TEST_CALL_CREATE_ACTOR:
      rk_client_create_actor_async (client, "counter", key, NULL, cancellable, callback,
                                    user_data);
      break;
    case RK_TEST_CALL_DESTROY_ACTOR:
      rk_client_destroy_actor_async (client, id, cancellable, callback, user_data);
      break;
    case RK_TEST_CALL_WAKE_ACTOR:
      rk_client_wake_actor_async (client, id, cancellable, callback, user_data);
      break;
    case RK_TEST_CALL_GET_INSPECTOR_TOKEN:
      rk_client_get_inspector_token_async (client, id, cancellable, callback, user_data);
      break;
    case RK_TEST_CALL_ACTION:
      rk_client_action_async (client, id, "increment", NULL, NULL, cancellable, callback,
                              user_data);
      break;
    case RK_TEST_CALL_QUEUE_SEND:
      rk_client_queue_send_async (client, id, "jobs", NULL, TRUE, 0, cancellable, callback,
                                  user_data);
      break;
    case RK_TEST_CALL_RAW_REQUEST:
      rk_client_raw_request_async (client, id, "GET", "/hello", NULL, NULL, NULL, cancellable,
                                   callback, user_data);
      break;
    case RK_TEST_CALL_RAW_WEBSOCKET:
      rk_client_raw_websocket_async (client, id, "/chat", NULL, NULL, cancellable, callback,
                                     user_data);
      break;
    case RK_TEST_CALL_INSPECTOR_REQUEST:
      rk_inspector_request_async (inspector, "GET", "state", NULL, NULL, cancellable, callback,
                                  user_data);
      break;
    case RK_TEST_CALL_INSPECTOR_SUMMARY:
      rk_inspector_get_summary_async (inspector, cancellable, callback, user_data);
      break;
    case RK_TEST_CALL_INSPECTOR_METRICS:
      rk_inspector_get_metrics_async (inspector, cancellable, callback, user_data);
      break;
    case RK_TEST_CALL_INSPECTOR_QUEUE:
      rk_inspector_get_queue_async (inspector, 10, cancellable, callback, user_data);
      break;
    case RK_TEST_CALL_INSPECTOR_DATABASE_SCHEMA:
      rk_inspector_get_database_schema_async (inspector, cancellable, callback, user_data);
      break;
    case RK_TEST_CALL_INSPECTOR_DATABASE_ROWS:
      rk_inspector_get_database_rows_async (inspector, "notes", 10, 0, cancellable, callback,
                                            user_data);
      break;
    case RK_TEST_CALL_INSPECTOR_EXECUTE_SQL:
      rk_inspector_execute_sql_async (inspector, "SELECT 1", NULL, cancellable, callback,
                                      user_data);
      break;
    case RK_TEST_CALL_INSPECTOR_WORKFLOW_HISTORY:
      rk_inspector_get_workflow_history_async (inspector, cancellable, callback, user_data);
      break;
    case RK_TEST_CALL_INSPECTOR_PATCH_STATE:
      {
        g_autoptr(JsonNode) state = rk_test_json ("{\"count\":1}");

        rk_inspector_patch_state_async (inspector, state, cancellable, callback, user_data);
      }
      break;
    case RK_TEST_CALL_INSPECTOR_ACTION:
      rk_inspector_action_async (inspector, "increment", NULL, cancellable, callback,
                                 user_data);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Finishes @call and frees what it returned. Returns: whether it succeeded */
gboolean
rk_test_call_finish (const RkTestCall  *call,
                     GObject           *source,
                     GAsyncResult      *result,
                     GError           **error)
{
  RkClient *client = call->inspector ? NULL : RK_CLIENT (source);
  GError *local_error = NULL;
  gboolean ok;

  switch (call->kind)
    {
    case RK_TEST_CALL_PROBE:
      {
        g_autoptr(RkServerInfo) info = rk_client_probe_finish (client, result, &local_error);
        ok = info != NULL;
      }
      break;
    case RK_TEST_CALL_LIST_ACTOR_TYPES:
      {
        g_autoptr(GPtrArray) types = NULL;

        types = rk_client_list_actor_types_finish (client, result, &local_error);
        ok = types != NULL;
      }
      break;
    case RK_TEST_CALL_LIST_ACTORS:
      {
        g_autoptr(GPtrArray) actors = NULL;

        actors = rk_client_list_actors_finish (client, result, &local_error);
        ok = actors != NULL;
      }
      break;
    case RK_TEST_CALL_GET_ACTOR:
      {
        g_autoptr(RkActor) actor = rk_client_get_actor_finish (client, result, &local_error);

        /* NULL without an error is "no such actor": a success */
        ok = local_error == NULL;
      }
      break;
    case RK_TEST_CALL_GET_ACTORS_BY_IDS:
      {
        g_autoptr(GPtrArray) actors = NULL;

        actors = rk_client_get_actors_by_ids_finish (client, result, &local_error);
        ok = actors != NULL;
      }
      break;
    case RK_TEST_CALL_GET_OR_CREATE_ACTOR:
      {
        g_autoptr(RkActor) actor = NULL;

        actor = rk_client_get_or_create_actor_finish (client, result, NULL, &local_error);
        ok = actor != NULL;
      }
      break;
    case RK_TEST_CALL_CREATE_ACTOR:
      {
        g_autoptr(RkActor) actor = rk_client_create_actor_finish (client, result, &local_error);
        ok = actor != NULL;
      }
      break;
    case RK_TEST_CALL_DESTROY_ACTOR:
      ok = rk_client_destroy_actor_finish (client, result, &local_error);
      break;
    case RK_TEST_CALL_WAKE_ACTOR:
      ok = rk_client_wake_actor_finish (client, result, &local_error);
      break;
    case RK_TEST_CALL_GET_INSPECTOR_TOKEN:
      {
        g_autofree char *token = NULL;

        token = rk_client_get_inspector_token_finish (client, result, &local_error);
        ok = token != NULL;
      }
      break;
    case RK_TEST_CALL_ACTION:
      {
        g_autoptr(JsonNode) output = rk_client_action_finish (client, result, &local_error);
        ok = output != NULL;
      }
      break;
    case RK_TEST_CALL_QUEUE_SEND:
      {
        g_autoptr(JsonNode) reply = rk_client_queue_send_finish (client, result, &local_error);
        ok = reply != NULL;
      }
      break;
    case RK_TEST_CALL_RAW_REQUEST:
      {
        g_autoptr(RkRawResponse) response = NULL;

        response = rk_client_raw_request_finish (client, result, &local_error);
        ok = response != NULL;
      }
      break;
    case RK_TEST_CALL_RAW_WEBSOCKET:
      {
        g_autoptr(SoupWebsocketConnection) socket = NULL;

        socket = rk_client_raw_websocket_finish (client, result, &local_error);
        ok = socket != NULL;
      }
      break;
    case RK_TEST_CALL_INSPECTOR_REQUEST:
    case RK_TEST_CALL_INSPECTOR_SUMMARY:
    case RK_TEST_CALL_INSPECTOR_METRICS:
    case RK_TEST_CALL_INSPECTOR_QUEUE:
    case RK_TEST_CALL_INSPECTOR_DATABASE_SCHEMA:
    case RK_TEST_CALL_INSPECTOR_DATABASE_ROWS:
    case RK_TEST_CALL_INSPECTOR_EXECUTE_SQL:
    case RK_TEST_CALL_INSPECTOR_WORKFLOW_HISTORY:
    case RK_TEST_CALL_INSPECTOR_PATCH_STATE:
    case RK_TEST_CALL_INSPECTOR_ACTION:
      {
        g_autoptr(JsonNode) reply = NULL;

        reply = rk_inspector_request_finish (RK_INSPECTOR (source), result, &local_error);
        ok = reply != NULL;
      }
      break;
    default:
      g_assert_not_reached ();
    }

  g_assert_true (ok == (local_error == NULL));
  if (local_error != NULL)
    g_propagate_error (error, local_error);

  return ok;
}

/* Runs @call to completion. Returns: (transfer full) (nullable): its error */
GError *
rk_test_call_run (const RkTestCall *call,
                  RkClient         *client,
                  RkInspector      *inspector)
{
  g_autoptr(GAsyncResult) result = NULL;
  GError *error = NULL;
  GObject *source = call->inspector ? G_OBJECT (inspector) : G_OBJECT (client);

  rk_test_call_start (call, client, inspector, NULL, rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  rk_test_call_finish (call, source, result, &error);

  return error;
}
