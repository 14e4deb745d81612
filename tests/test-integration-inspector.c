/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-integration-inspector.c: the protocol library against a real RivetKit server
 * (2.2.x or 2.3.x, chosen by RK_TEST_SERVER): the actor inspector */

#define G_LOG_DOMAIN "test-integration"

#include "config.h"

#include <string.h>

#include "rk-actor.h"
#include "rk-client.h"
#include "rk-compat.h"
#include "rk-connection.h"
#include "rk-error.h"
#include "rk-inspector.h"
#include "rk-integration-common.h"
#include "rk-test-util.h"

static RkClient *client;

/* Inspector */

static JsonNode *
inspector_call_finish (RkInspector   *inspector,
                       GAsyncResult **slot)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  JsonNode *reply;

  rk_test_wait_result (slot);
  result = g_steal_pointer (slot);
  reply = rk_inspector_request_finish (inspector, result, &error);
  g_assert_no_error (error);
  return reply;
}

static gint64
state_count (RkInspector *inspector)
{
  JsonNode *state = rk_inspector_get_state (inspector);
  JsonNode *count;

  if (state == NULL || !JSON_NODE_HOLDS_OBJECT (state))
    return -1;
  count = json_object_get_member (json_node_get_object (state), "count");
  return count ? json_node_get_int (count) : -1;
}

/* The pushed connections, 0 before the first push. */
static guint
n_connections (RkInspector *inspector)
{
  JsonNode *connections = rk_inspector_get_connections (inspector);

  return connections != NULL ? json_array_get_length (json_node_get_array (connections)) : 0;
}

static void
test_inspector_live (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("counter");
  g_autoptr(RkInspector) inspector = rk_inspector_new (client, rk_actor_get_id (actor));
  g_autoptr(RkConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) out = NULL;
  g_autoptr(JsonNode) patched = rk_it_compat_json ("{\"count\":100}");
  g_autoptr(JsonNode) typed = rk_compat_parse (
    "{\"count\":101,\"big\":[\"$BigInt\",\"12345678901234567890\"],"
    "\"bytes\":[\"$Uint8Array\",\"AQID\"]}", -1, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) reply = NULL;

  rk_inspector_start (inspector);
  rk_test_wait_for (rk_inspector_get_loaded (inspector));
  g_test_message ("inspector transport reason: %s", rk_inspector_get_transport_reason (inspector));
  g_assert_cmpint (rk_inspector_get_transport (inspector), ==, RK_INSPECTOR_TRANSPORT_PUSH);
  g_assert_cmpuint (rk_inspector_get_protocol_version (inspector), ==, rk_it_is_engine () ? 5 : 4);
  g_assert_true (rk_inspector_get_is_state_enabled (inspector));
  g_assert_true (g_strv_contains (rk_inspector_get_rpcs (inspector), "increment"));
  g_assert_cmpint (state_count (inspector), ==, 0);

  /* Pushed state. */
  out = rk_it_call_action (rk_actor_get_id (actor), "increment", "[41]", NULL, &error);
  g_assert_no_error (error);
  rk_test_wait_for (state_count (inspector) == 41);

  /* Patch over the socket, in CBOR: plain values, then a BigInt and bytes
   * that keep their types (PATCH over HTTP would flatten them). */
  g_assert_null (rk_inspector_describe_patch_loss (inspector, patched));
  rk_inspector_patch_state_async (inspector, patched, NULL, rk_test_store_result_cb, &result);
  reply = inspector_call_finish (inspector, &result);
  rk_test_wait_for (state_count (inspector) == 100);

  g_assert_null (rk_inspector_describe_patch_loss (inspector, typed));
  rk_inspector_patch_state_async (inspector, typed, NULL, rk_test_store_result_cb, &result);
  g_clear_pointer (&reply, json_node_unref);
  reply = inspector_call_finish (inspector, &result);
  rk_test_wait_for (state_count (inspector) == 101);
  {
    JsonObject *state = json_node_get_object (rk_inspector_get_state (inspector));
    g_autoptr(GBytes) bytes = rk_compat_dup_bytes (json_object_get_member (state, "bytes"));

    g_assert_cmpstr (rk_compat_get_bigint (json_object_get_member (state, "big")), ==,
                     "12345678901234567890");
    g_assert_nonnull (bytes);
    g_assert_cmpuint (g_bytes_get_size (bytes), ==, 3);
    g_assert_cmpint (rk_compat_get_kind (json_object_get_member (state, "bytes")), ==,
                     RK_VALUE_KIND_UINT8ARRAY);
  }

  /* Pushed connections. */
  connection = rk_client_connect (client, rk_actor_get_id (actor), NULL);
  rk_connection_open (connection);
  rk_test_wait_for (n_connections (inspector) >= 1);
  rk_connection_close (connection);
  rk_inspector_stop (inspector);
  g_assert_cmpint (rk_inspector_get_transport (inspector), ==, RK_INSPECTOR_TRANSPORT_NONE);
}

static void
test_inspector_poll (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("counter");
  g_autoptr(RkInspector) inspector = rk_inspector_new (client, rk_actor_get_id (actor));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) out = NULL;

  g_autoptr(JsonNode) plain = rk_it_compat_json ("{\"count\":12}");
  g_autoptr(JsonNode) typed = rk_compat_parse (
    "{\"count\":12,\"nested\":{\"big\":[\"$BigInt\",\"12345678901234567890\"]}}", -1, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *loss = NULL;
  JsonNode *big;

  /* Without the socket, the summary is polled. */
  rk_inspector_set_push_enabled (inspector, FALSE);
  rk_inspector_set_poll_interval (inspector, 1);
  rk_inspector_start (inspector);
  rk_test_wait_for (rk_inspector_get_loaded (inspector));
  g_assert_cmpint (rk_inspector_get_transport (inspector), ==, RK_INSPECTOR_TRANSPORT_POLL);
  g_assert_true (g_strv_contains (rk_inspector_get_rpcs (inspector), "getCount"));

  out = rk_it_call_action (rk_actor_get_id (actor), "increment", "[9]", NULL, &error);
  g_assert_no_error (error);
  rk_test_wait_for (state_count (inspector) == 9);

  /* Without the socket, a patch is plain JSON over HTTP: typed values are
   * named before they are flattened. */
  g_assert_null (rk_inspector_describe_patch_loss (inspector, plain));
  loss = rk_inspector_describe_patch_loss (inspector, typed);
  g_assert_nonnull (loss);
  g_assert_nonnull (strstr (loss, "$.nested.big"));
  rk_inspector_patch_state_async (inspector, typed, NULL, rk_test_store_result_cb, &result);
  reply = inspector_call_finish (inspector, &result);
  rk_test_wait_for (state_count (inspector) == 12);
  big = json_object_get_member (json_object_get_object_member (
    json_node_get_object (rk_inspector_get_state (inspector)), "nested"), "big");
  g_assert_cmpint (rk_compat_get_kind (big), !=, RK_VALUE_KIND_BIGINT);
}

static void
test_inspector_http (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("counter");
  g_autoptr(RkInspector) inspector = rk_inspector_new (client, rk_actor_get_id (actor));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) summary = NULL;
  g_autoptr(JsonNode) action = NULL;
  g_autoptr(JsonNode) args = rk_test_json ("[2]");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) metrics = NULL;
  g_autoptr(GAsyncResult) metrics_result = NULL;

  rk_inspector_get_summary_async (inspector, NULL, rk_test_store_result_cb, &result);
  summary = inspector_call_finish (inspector, &result);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (summary));
  g_assert_true (json_object_has_member (json_node_get_object (summary), "rpcs"));

  rk_inspector_action_async (inspector, "increment", args, NULL, rk_test_store_result_cb, &result);
  action = inspector_call_finish (inspector, &result);
  rk_it_assert_json (json_object_get_member (json_node_get_object (action), "output"), "2");

  rk_inspector_get_metrics_async (inspector, NULL, rk_test_store_result_cb, &metrics_result);
  rk_test_wait_for (metrics_result != NULL);
  metrics = rk_inspector_request_finish (inspector, metrics_result, &error);
  if (rk_it_is_engine ())
    g_assert_error (error, RK_ERROR, RK_ERROR_NOT_SUPPORTED);
  else
    {
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (metrics));
    }
}

static void
test_inspector_queue (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("jobs");
  g_autoptr(RkInspector) inspector = rk_inspector_new (client, rk_actor_get_id (actor));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) sent = NULL;
  g_autoptr(JsonNode) body = rk_it_compat_json ("{\"job\":1}");
  g_autoptr(JsonNode) queue = NULL;
  JsonArray *messages;

  rk_inspector_start (inspector);
  rk_test_wait_for (rk_inspector_get_loaded (inspector));
  g_assert_cmpuint (rk_inspector_get_queue_size (inspector), ==, 0);

  rk_client_queue_send_async (client, rk_actor_get_id (actor), "jobs", body, FALSE, 0, NULL,
                              rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  sent = rk_client_queue_send_finish (client, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  rk_test_wait_for (rk_inspector_get_queue_size (inspector) == 1);

  rk_inspector_get_queue_async (inspector, 10, NULL, rk_test_store_result_cb, &result);
  queue = inspector_call_finish (inspector, &result);
  messages = json_object_get_array_member (json_node_get_object (queue), "messages");
  g_assert_cmpint (json_array_get_length (messages), ==, 1);
}

static void
test_inspector_database (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("notes");
  g_autoptr(RkInspector) inspector = rk_inspector_new (client, rk_actor_get_id (actor));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) added = NULL;
  g_autoptr(JsonNode) schema = NULL;
  g_autoptr(JsonNode) rows = NULL;
  g_autoptr(JsonNode) executed = NULL;
  g_autoptr(JsonNode) sql_args = rk_test_json ("[1]");
  g_autofree char *schema_text = NULL;
  g_autofree char *rows_text = NULL;
  g_autofree char *executed_text = NULL;

  added = rk_it_call_action (rk_actor_get_id (actor), "add", "[\"first note\"]", NULL, &error);
  g_assert_no_error (error);

  rk_inspector_get_database_schema_async (inspector, NULL, rk_test_store_result_cb, &result);
  schema = inspector_call_finish (inspector, &result);
  schema_text = rk_compat_to_string (schema, FALSE);
  g_assert_nonnull (strstr (schema_text, "\"notes\""));
  g_assert_null (strstr (schema_text, "_rivet_"));

  rk_inspector_get_database_rows_async (inspector, "notes", 10, 0, NULL,
                                        rk_test_store_result_cb, &result);
  rows = inspector_call_finish (inspector, &result);
  rows_text = rk_compat_to_string (rows, FALSE);
  g_assert_nonnull (strstr (rows_text, "first note"));

  rk_inspector_execute_sql_async (inspector, "SELECT body FROM notes WHERE id = ?", sql_args,
                                  NULL, rk_test_store_result_cb, &result);
  executed = inspector_call_finish (inspector, &result);
  executed_text = rk_compat_to_string (executed, FALSE);
  g_assert_nonnull (strstr (executed_text, "first note"));
}

int
main (int   argc,
      char *argv[])
{
  client = rk_it_init_from_env (&argc, &argv);

  g_test_add_func ("/rk/integration/inspector-live", test_inspector_live);
  g_test_add_func ("/rk/integration/inspector-poll", test_inspector_poll);
  g_test_add_func ("/rk/integration/inspector-http", test_inspector_http);
  g_test_add_func ("/rk/integration/inspector-queue", test_inspector_queue);
  g_test_add_func ("/rk/integration/inspector-database", test_inspector_database);

  return rk_it_run ();
}
