/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-driver-fixtures-actions.c: action errors, large payloads, queues and the
 * inspector, against RivetKit 2.2.1's own driver-test fixture server
 * (`serve-test-suite`, 119 fixture actor types), expecting what the official
 * client's driver tests expect there */

#define G_LOG_DOMAIN "test-driver-fixtures"

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

/* Error handling (errorHandlingActor, customTimeoutActor) */

static void
test_errors_simple_user_error (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("errorHandlingActor");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) output = NULL;
  g_autoptr(JsonNode) success = NULL;

  output = rk_it_call_action (rk_actor_get_id (actor), "throwSimpleError", "[]", NULL, &error);
  g_assert_null (output);
  g_assert_error (error, RK_ERROR, RK_ERROR_REMOTE);
  g_assert_cmpstr (rk_error_get_group (error), ==, "user");
  g_assert_cmpstr (rk_error_get_code (error), ==, "user_error");
  g_assert_null (rk_error_get_metadata (error));
  g_assert_cmpuint (rk_error_get_http_status (error), ==, 400);
  g_assert_nonnull (strstr (error->message, "Simple error message"));

  /* The actor keeps working after an error. */
  success = rk_it_call_ok (rk_actor_get_id (actor), "successfulAction", "[]", NULL);
  rk_it_assert_json (success, "\"success\"");
}

static void
test_errors_detailed_user_error (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("errorHandlingActor");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) output = NULL;
  JsonNode *metadata;

  output = rk_it_call_action (rk_actor_get_id (actor), "throwDetailedError", "[]", NULL, &error);
  g_assert_null (output);
  g_assert_cmpstr (rk_error_get_group (error), ==, "user");
  g_assert_cmpstr (rk_error_get_code (error), ==, "detailed_error");
  g_assert_nonnull (strstr (error->message, "Detailed error message"));
  metadata = rk_error_get_metadata (error);
  g_assert_nonnull (metadata);
  g_assert_cmpstr (rk_it_member_string (metadata, "reason"), ==, "test");
  g_assert_cmpint (rk_it_member_int (metadata, "timestamp"), >, 0);
}

static void
test_errors_internal_error (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("errorHandlingActor");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) output = NULL;

  /* Masked: the official test expects exactly this description. */
  output = rk_it_call_action (rk_actor_get_id (actor), "throwInternalError", "[]", NULL, &error);
  g_assert_null (output);
  g_test_message ("internal error: %s", error->message);
  g_assert_cmpstr (rk_error_get_code (error), ==, "internal_error");
  g_assert_cmpstr (rk_error_get_group (error), ==, "rivetkit");
  g_assert_cmpuint (rk_error_get_http_status (error), ==, 500);
  g_assert_nonnull (strstr (error->message,
                            "Internal error. Read the server logs for more details."));
  g_assert_null (strstr (error->message, "This is an internal error"));
}

static void
test_errors_over_connection (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("errorHandlingActor");
  g_autoptr(RkConnection) connection = rk_it_open_connection (rk_actor_get_id (actor), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) output = NULL;
  g_autoptr(JsonNode) logged = NULL;
  g_autoptr(JsonNode) success = NULL;
  JsonNode *metadata;

  output = rk_it_call_over (connection, "throwDetailedError", "[]", &error);
  g_assert_null (output);
  g_assert_true (rk_error_matches (error, "user", "detailed_error"));
  metadata = rk_error_get_metadata (error);
  g_assert_nonnull (metadata);
  g_assert_cmpstr (rk_it_member_string (metadata, "reason"), ==, "test");
  g_clear_error (&error);

  output = rk_it_call_over (connection, "throwInternalError", "[]", &error);
  g_assert_null (output);
  g_assert_true (rk_error_matches (error, "rivetkit", "internal_error"));
  g_clear_error (&error);

  output = rk_it_call_over (connection, "noSuchAction", "[]", &error);
  g_assert_null (output);
  g_assert_true (rk_error_matches (error, "action", "not_found"));
  g_clear_error (&error);

  /* Action errors leave the socket open; state carries on. */
  logged = rk_it_call_over_ok (connection, "logError", "[\"first\"]");
  rk_it_assert_json (logged, "[\"first\"]");
  success = rk_it_call_over_ok (connection, "successfulAction", "[]");
  rk_it_assert_json (success, "\"success\"");
  g_assert_cmpint (rk_connection_get_status (connection), ==, RK_CONNECTION_STATUS_CONNECTED);
  g_assert_false (rk_it_saw_status (connection, RK_CONNECTION_STATUS_RECONNECTING));
}

static void
test_errors_action_timeout (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("customTimeoutActor");
  g_autoptr(RkActor) handler = rk_it_fresh_actor ("errorHandlingActor");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) slow = NULL;
  g_autoptr(JsonNode) quick = NULL;
  g_autoptr(JsonNode) delayed = NULL;

  /* actionTimeout 200 ms, the action takes 300 ms. */
  slow = rk_it_call_action (rk_actor_get_id (actor), "slowAction", "[]", NULL, &error);
  g_assert_null (slow);
  g_assert_nonnull (error);
  g_test_message ("timeout error: %s.%s %s (HTTP %u)", rk_error_get_group (error),
                  rk_error_get_code (error), error->message, rk_error_get_http_status (error));
  g_assert_true (rk_error_matches (error, "action", "timed_out"));
  g_assert_nonnull (strstr (error->message, "timed out"));

  quick = rk_it_call_ok (rk_actor_get_id (actor), "quickAction", "[]", NULL);
  rk_it_assert_json (quick, "\"Quick action completed\"");
  delayed = rk_it_call_ok (rk_actor_get_id (handler), "delayedAction", "[50]", NULL);
  rk_it_assert_json (delayed, "\"Completed after 50ms\"");
}

/* Large payloads (largePayloadActor, largePayloadConnActor): 64 KiB in,
 * 1 MiB out */

static char *
large_items_args (guint n)
{
  GString *text = g_string_new ("[{\"items\":[");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "%s\"Item %u with some additional text to increase size\"",
                            i ? "," : "", i);
  g_string_append (text, "]}]");
  return g_string_free (text, FALSE);
}

static void
assert_large_request (JsonNode *result,
                      guint     n)
{
  g_autofree char *last = g_strdup_printf ("Item %u with some additional text to increase size",
                                           n - 1);

  g_assert_cmpint (rk_it_member_int (result, "itemCount"), ==, n);
  g_assert_cmpstr (rk_it_member_string (result, "firstItem"), ==,
                   "Item 0 with some additional text to increase size");
  g_assert_cmpstr (rk_it_member_string (result, "lastItem"), ==, last);
}

static void
assert_large_response (JsonNode *result,
                       guint     n)
{
  JsonArray *items = json_object_get_array_member (rk_it_object_of (result), "items");
  g_autofree char *last = g_strdup_printf ("Item %u with some additional text to increase size",
                                           n - 1);

  g_assert_cmpuint (json_array_get_length (items), ==, n);
  g_assert_cmpstr (json_array_get_string_element (items, n - 1), ==, last);
}

static void
test_large_payload_http (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("largePayloadActor");
  const char *id = rk_actor_get_id (actor);
  g_autofree char *small = large_items_args (800);
  g_autofree char *big = large_items_args (1500);
  g_autoptr(JsonNode) accepted = NULL;
  g_autoptr(JsonNode) rejected = NULL;
  g_autoptr(JsonNode) response = NULL;
  g_autoptr(JsonNode) too_big = NULL;
  g_autoptr(GError) error = NULL;

  accepted = rk_it_call_ok (id, "processLargeRequest", small, NULL);
  assert_large_request (accepted, 800);

  rejected = rk_it_call_action (id, "processLargeRequest", big, NULL, &error);
  g_assert_null (rejected);
  g_test_message ("large request: %s", error->message);
  g_assert_true (rk_error_matches (error, "message", "incoming_too_long"));
  g_clear_error (&error);

  response = rk_it_call_ok (id, "getLargeResponse", "[800]", NULL);
  assert_large_response (response, 800);

  too_big = rk_it_call_action (id, "getLargeResponse", "[20000]", NULL, &error);
  g_assert_null (too_big);
  g_test_message ("large response: %s", error->message);
  g_assert_true (rk_error_matches (error, "message", "outgoing_too_long"));
}

static void
test_large_payload_connection (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("largePayloadConnActor");
  g_autoptr(RkConnection) connection = rk_it_open_connection (rk_actor_get_id (actor), NULL);
  g_autofree char *small = large_items_args (800);
  g_autofree char *big = large_items_args (1500);
  g_autoptr(JsonNode) accepted = NULL;
  g_autoptr(JsonNode) size = NULL;
  g_autoptr(JsonNode) rejected = NULL;
  g_autoptr(JsonNode) response = NULL;
  g_autoptr(JsonNode) too_big = NULL;
  g_autoptr(GError) error = NULL;

  accepted = rk_it_call_over_ok (connection, "processLargeRequest", small);
  assert_large_request (accepted, 800);
  size = rk_it_call_over_ok (connection, "getLastRequestSize", "[]");
  rk_it_assert_json (size, "800");

  /* ~150 KiB: above libsoup's 128 KiB default, which the library raises. */
  response = rk_it_call_over_ok (connection, "getLargeResponse", "[2500]");
  assert_large_response (response, 2500);

  /* Measured: more than 64 KiB in closes the socket with 1011
   * "message.incoming_too_long" (no Error frame); the action fails as lost
   * and the connection comes back. */
  rejected = rk_it_call_over (connection, "processLargeRequest", big, &error);
  g_assert_null (rejected);
  g_test_message ("large request over the socket: %s", error->message);
  g_assert_error (error, RK_ERROR, RK_ERROR_CLOSED);
  g_assert_nonnull (strstr (error->message, "message.incoming_too_long"));
  g_clear_error (&error);
  rk_test_wait_for (rk_connection_get_status (connection) == RK_CONNECTION_STATUS_CONNECTED);
  rk_it_log_transitions (connection);
  g_assert_true (rk_it_saw_status (connection, RK_CONNECTION_STATUS_RECONNECTING));

  /* More than 1 MiB out is an action error; the socket stays. */
  too_big = rk_it_call_over (connection, "getLargeResponse", "[20000]", &error);
  g_assert_null (too_big);
  g_assert_true (rk_error_matches (error, "message", "outgoing_too_long"));
  g_clear_pointer (&size, json_node_unref);
  size = rk_it_call_over_ok (connection, "getLastRequestSize", "[]");
  /* Connection state belongs to the socket: the new one starts at 0. */
  rk_it_assert_json (size, "0");
}

/* Queue (queueActor, queueLimitedActor) */

static JsonNode *
queue_send (const char  *actor_id,
            const char  *queue,
            const char  *body_json,
            gboolean     wait,
            guint        timeout_ms,
            GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) plain = rk_test_json (body_json);
  g_autoptr(JsonNode) body = rk_compat_from_plain (plain);

  rk_client_queue_send_async (client, actor_id, queue, body, wait, timeout_ms, NULL,
                              rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  return rk_client_queue_send_finish (client, result, error);
}

static JsonNode *
queue_send_ok (const char *actor_id,
               const char *queue,
               const char *body_json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *reply = queue_send (actor_id, queue, body_json, FALSE, 0, &error);

  g_assert_no_error (error);
  return reply;
}

static void
test_queue_send_receive (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("queueActor");
  const char *id = rk_actor_get_id (actor);
  g_autoptr(JsonNode) sent = NULL;
  g_autoptr(JsonNode) received = NULL;
  g_autoptr(JsonNode) a = NULL;
  g_autoptr(JsonNode) b = NULL;
  g_autoptr(JsonNode) c = NULL;
  g_autoptr(JsonNode) batch = NULL;
  g_autoptr(JsonNode) empty = NULL;
  g_autoptr(JsonNode) undeclared = NULL;

  sent = queue_send_ok (id, "greeting", "{\"hello\":\"world\"}");
  rk_it_assert_json (sent, "{\"status\":\"completed\"}");
  received = rk_it_call_ok (id, "receiveOne", "[\"greeting\"]", NULL);
  rk_it_assert_json (received, "{\"name\":\"greeting\",\"body\":{\"hello\":\"world\"}}");

  a = queue_send_ok (id, "a", "1");
  b = queue_send_ok (id, "b", "2");
  c = queue_send_ok (id, "c", "3");
  batch = rk_it_call_ok (id, "receiveMany", "[[\"a\",\"b\"],{\"count\":2}]", NULL);
  rk_it_assert_json (batch, "[{\"name\":\"a\",\"body\":1},{\"name\":\"b\",\"body\":2}]");
  empty = rk_it_call_ok (id, "tryReceiveMany", "[{\"names\":[\"missing\"],\"count\":1}]", NULL);
  rk_it_assert_json (empty, "[]");

  /* An undeclared queue name is dropped but still "completed". */
  undeclared = queue_send_ok (id, "noSuchQueue", "{\"x\":1}");
  rk_it_assert_json (undeclared, "{\"status\":\"completed\"}");
}

static void
test_queue_wait (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("queueActor");
  const char *id = rk_actor_get_id (actor);
  g_autoptr(GAsyncResult) receive_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) completed = NULL;
  g_autoptr(JsonNode) received = NULL;
  g_autoptr(JsonNode) timed_out = NULL;
  g_autoptr(JsonNode) args = rk_test_json ("[\"tasks\"]");

  /* The actor waits for "tasks" and completes it; our send waits too. */
  rk_client_action_async (client, id, "receiveAndComplete", args, NULL, NULL,
                          rk_test_store_result_cb, &receive_result);
  completed = queue_send (id, "tasks", "{\"value\":123}", TRUE, 5000, &error);
  g_assert_no_error (error);
  rk_it_assert_json (completed,
                     "{\"status\":\"completed\",\"response\":{\"echo\":{\"value\":123}}}");
  rk_test_wait_result (&receive_result);
  received = rk_client_action_finish (client, receive_result, &error);
  g_assert_no_error (error);
  rk_it_assert_json (received, "{\"name\":\"tasks\",\"body\":{\"value\":123}}");

  /* Nobody completes "timeout". */
  timed_out = queue_send (id, "timeout", "{\"value\":456}", TRUE, 50, &error);
  g_assert_no_error (error);
  rk_it_assert_json (timed_out, "{\"status\":\"timedOut\"}");
}

static void
test_queue_limits (void)
{
  g_autoptr(RkActor) full = rk_it_fresh_actor ("queueLimitedActor");
  g_autoptr(RkActor) sized = rk_it_fresh_actor ("queueLimitedActor");
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(JsonNode) large = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *long_string = NULL;

  first = queue_send_ok (rk_actor_get_id (full), "message", "1");
  second = queue_send (rk_actor_get_id (full), "message", "2", FALSE, 0, &error);
  g_assert_null (second);
  g_assert_error (error, RK_ERROR, RK_ERROR_REMOTE);
  g_assert_true (rk_error_matches (error, "queue", "full"));
  g_assert_cmpuint (rk_error_get_http_status (error), ==, 400);
  g_assert_nonnull (strstr (error->message, "Queue is full. Limit is"));
  rk_it_assert_json (rk_error_get_metadata (error), "{\"limit\":1}");
  g_clear_error (&error);

  /* maxQueueMessageSize 64: checked after the size limit, so a fresh actor. */
  long_string = g_strdup_printf ("\"%0200d\"", 0);
  large = queue_send (rk_actor_get_id (sized), "oversize", long_string, FALSE, 0, &error);
  g_assert_null (large);
  g_test_message ("oversize: %s", error->message);
  g_assert_true (rk_error_matches (error, "queue", "message_too_large"));
}

static void
test_queue_access_control (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("accessControlActor");
  g_autoptr(RkActor) no_queues = rk_it_fresh_actor ("accessControlNoQueuesActor");
  const char *id = rk_actor_get_id (actor);
  g_autoptr(JsonNode) allowed = NULL;
  g_autoptr(JsonNode) blocked = NULL;
  g_autoptr(JsonNode) missing = NULL;
  g_autoptr(JsonNode) missing_wait = NULL;
  g_autoptr(JsonNode) received = NULL;
  g_autoptr(JsonNode) rest = NULL;
  g_autoptr(JsonNode) ignored = NULL;
  g_autoptr(JsonNode) nothing = NULL;
  g_autoptr(JsonNode) conn_id = NULL;
  g_autoptr(GError) error = NULL;

  allowed = queue_send_ok (id, "allowedQueue", "{\"value\":\"one\"}");
  rk_it_assert_json (allowed, "{\"status\":\"completed\"}");

  /* canPublish ran with a (temporary) connection. */
  conn_id = rk_it_call_ok (id, "allowedGetLastCanPublishConnId", "[]", NULL);
  g_assert_cmpuint (strlen (json_node_get_string (conn_id)), >, 0);

  /* canPublish refuses: 403 auth.forbidden. */
  blocked = queue_send (id, "blockedQueue", "{\"value\":\"two\"}", FALSE, 0, &error);
  g_assert_null (blocked);
  g_assert_error (error, RK_ERROR, RK_ERROR_REMOTE);
  g_assert_true (rk_error_matches (error, "auth", "forbidden"));
  g_assert_cmpuint (rk_error_get_http_status (error), ==, 403);
  g_clear_error (&error);

  /* Undeclared queues are ignored, waiting or not. */
  missing = queue_send_ok (id, "missingQueue", "{\"value\":\"three\"}");
  rk_it_assert_json (missing, "{\"status\":\"completed\"}");
  missing_wait = queue_send (id, "missingQueue", "{\"value\":\"four\"}", TRUE, 50, &error);
  g_assert_no_error (error);
  rk_it_assert_json (missing_wait, "{\"status\":\"completed\"}");

  received = rk_it_call_ok (id, "allowedReceiveQueue", "[]", NULL);
  rk_it_assert_json (received, "{\"value\":\"one\"}");
  rest = rk_it_call_ok (id, "allowedReceiveAnyQueue", "[]", NULL);
  rk_it_assert_json (rest, "null");

  ignored = queue_send_ok (rk_actor_get_id (no_queues), "anyQueue", "{\"value\":\"x\"}");
  rk_it_assert_json (ignored, "{\"status\":\"completed\"}");
  nothing = rk_it_call_ok (rk_actor_get_id (no_queues), "readAnyQueue", "[]", NULL);
  rk_it_assert_json (nothing, "null");
}

static void
test_queue_inspector (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("queueActor");
  const char *id = rk_actor_get_id (actor);
  g_autoptr(RkInspector) inspector = rk_inspector_new (client, id);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) one = NULL;
  g_autoptr(JsonNode) two = NULL;
  g_autoptr(JsonNode) queue = NULL;
  g_autoptr(JsonNode) received = NULL;
  g_autofree char *queue_text = NULL;
  JsonArray *messages;

  rk_inspector_start (inspector);
  rk_test_wait_for (rk_inspector_get_loaded (inspector));
  g_test_message ("inspector transport: %s", rk_inspector_get_transport_reason (inspector));
  g_assert_cmpint (rk_inspector_get_transport (inspector), ==, RK_INSPECTOR_TRANSPORT_PUSH);
  g_assert_cmpuint (rk_inspector_get_queue_size (inspector), ==, 0);
  g_assert_true (g_strv_contains (rk_inspector_get_rpcs (inspector), "receiveOne"));

  one = queue_send_ok (id, "greeting", "{\"hello\":\"one\"}");
  two = queue_send_ok (id, "self", "{\"value\":2}");
  rk_test_wait_for (rk_inspector_get_queue_size (inspector) == 2);

  rk_inspector_get_queue_async (inspector, 10, NULL, rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  queue = rk_inspector_request_finish (inspector, result, &error);
  g_assert_no_error (error);
  queue_text = rk_compat_to_string (queue, FALSE);
  g_test_message ("inspector queue: %s", queue_text);
  g_assert_cmpint (rk_it_member_int (queue, "size"), ==, 2);
  g_assert_cmpint (rk_it_member_int (queue, "maxSize"), >, 0);
  g_assert_false (json_object_get_boolean_member (rk_it_object_of (queue), "truncated"));
  messages = json_object_get_array_member (rk_it_object_of (queue), "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 2);
  g_assert_cmpstr (rk_it_member_string (json_array_get_element (messages, 0), "name"), ==,
                   "greeting");
  g_assert_cmpstr (rk_it_member_string (json_array_get_element (messages, 1), "name"), ==,
                   "self");

  /* Consuming one is pushed too. */
  received = rk_it_call_ok (id, "receiveOne", "[\"greeting\"]", NULL);
  rk_it_assert_json (received, "{\"name\":\"greeting\",\"body\":{\"hello\":\"one\"}}");
  rk_test_wait_for (rk_inspector_get_queue_size (inspector) == 1);
  rk_inspector_stop (inspector);
}

/* Inspector on fixture actors */

static void
test_inspector_counter (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("counter");
  g_autoptr(RkInspector) inspector = rk_inspector_new (client, rk_actor_get_id (actor));
  g_autoptr(JsonNode) count = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) summary = NULL;
  const char * const *rpcs;

  count = rk_it_call_ok (rk_actor_get_id (actor), "increment", "[7]", NULL);
  rk_inspector_get_summary_async (inspector, NULL, rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  summary = rk_inspector_request_finish (inspector, result, &error);
  g_assert_no_error (error);
  rk_it_assert_json (json_object_get_member (rk_it_object_of (summary), "state"), "{\"count\":7}");
  g_assert_true (json_object_get_boolean_member (rk_it_object_of (summary), "isStateEnabled"));
  g_assert_false (json_object_get_boolean_member (rk_it_object_of (summary), "isWorkflowEnabled"));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (rk_it_object_of (summary),
                                                               "workflowHistory")));

  rk_inspector_start (inspector);
  rk_test_wait_for (rk_inspector_get_loaded (inspector));
  rpcs = rk_inspector_get_rpcs (inspector);
  g_assert_true (g_strv_contains (rpcs, "increment"));
  g_assert_true (g_strv_contains (rpcs, "getCount"));
  g_assert_true (g_strv_contains (rpcs, "setCount"));
  g_assert_false (rk_inspector_get_is_workflow_enabled (inspector));
  rk_inspector_stop (inspector);
}

static void
test_inspector_workflow (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("workflowCounterActor");
  g_autoptr(RkInspector) inspector = rk_inspector_new (client, rk_actor_get_id (actor));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) history = NULL;
  g_autofree char *text = NULL;

  rk_inspector_start (inspector);
  rk_test_wait_for (rk_inspector_get_loaded (inspector));
  g_assert_true (rk_inspector_get_is_workflow_enabled (inspector));

  rk_inspector_get_workflow_history_async (inspector, NULL, rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  history = rk_inspector_request_finish (inspector, result, &error);
  g_assert_no_error (error);
  text = rk_compat_to_string (history, FALSE);
  g_test_message ("workflow history: %.300s", text);
  g_assert_nonnull (history);
  rk_inspector_stop (inspector);
}

int
main (int   argc,
      char *argv[])
{
  client = rk_it_init_fixtures (&argc, &argv);

  g_test_add_func ("/rk/driver-fixtures/errors/simple-user-error", test_errors_simple_user_error);
  g_test_add_func ("/rk/driver-fixtures/errors/detailed-user-error",
                   test_errors_detailed_user_error);
  g_test_add_func ("/rk/driver-fixtures/errors/internal-error", test_errors_internal_error);
  g_test_add_func ("/rk/driver-fixtures/errors/over-connection", test_errors_over_connection);
  g_test_add_func ("/rk/driver-fixtures/errors/action-timeout", test_errors_action_timeout);

  g_test_add_func ("/rk/driver-fixtures/large-payload/http", test_large_payload_http);
  g_test_add_func ("/rk/driver-fixtures/large-payload/connection",
                   test_large_payload_connection);

  g_test_add_func ("/rk/driver-fixtures/queue/send-receive", test_queue_send_receive);
  g_test_add_func ("/rk/driver-fixtures/queue/wait", test_queue_wait);
  g_test_add_func ("/rk/driver-fixtures/queue/limits", test_queue_limits);
  g_test_add_func ("/rk/driver-fixtures/queue/access-control", test_queue_access_control);
  g_test_add_func ("/rk/driver-fixtures/queue/inspector", test_queue_inspector);

  g_test_add_func ("/rk/driver-fixtures/inspector/counter", test_inspector_counter);
  g_test_add_func ("/rk/driver-fixtures/inspector/workflow", test_inspector_workflow);

  return rk_it_run ();
}
