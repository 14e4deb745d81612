/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-driver-fixtures-conn.c: connection params and state, and rejected
 * connections, against RivetKit 2.2.1's own driver-test fixture server
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
#include "rk-integration-common.h"
#include "rk-test-util.h"
#include "rk-transition.h"

static RkClient *client;

/* Helpers */

static gboolean
array_has_string (JsonNode   *node,
                  const char *value)
{
  JsonArray *array;

  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (element) &&
          json_node_get_value_type (element) == G_TYPE_STRING &&
          g_strcmp0 (json_node_get_string (element), value) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Connection params (counterWithParams) */

static void
test_conn_params_initializers (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("counterWithParams");
  const char *id = rk_actor_get_id (actor);
  g_autoptr(RkConnection) conn1 = rk_it_open_connection (id, "{\"name\":\"user1\"}");
  g_autoptr(RkConnection) conn2 = rk_it_open_connection (id, "{\"name\":\"user2\"}");
  g_autoptr(JsonNode) initializers = NULL;
  g_autoptr(JsonNode) count = NULL;
  RkItEventLog log;

  initializers = rk_it_call_over_ok (conn1, "getInitializers", "[]");
  g_assert_true (array_has_string (initializers, "user1"));
  g_assert_true (array_has_string (initializers, "user2"));

  /* The broadcast carries the caller's connection state. */
  rk_it_event_log_init (&log);
  rk_it_event_log_watch (&log, conn1);
  rk_connection_subscribe (conn1, "newCount");
  count = rk_it_call_over_ok (conn2, "increment", "[3]");
  rk_it_assert_json (count, "3");
  rk_test_wait_for (rk_it_event_log_find (&log, "newCount") != NULL);
  rk_it_assert_json (rk_it_event_log_find (&log, "newCount"), "[{\"count\":3,\"by\":\"user2\"}]");
  rk_it_event_log_clear (&log);
}

static void
test_conn_params_http (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("counterWithParams");
  const char *id = rk_actor_get_id (actor);
  g_autoptr(JsonNode) count = NULL;
  g_autoptr(JsonNode) initializers = NULL;

  /* Each HTTP action is a temporary connection: onConnect runs for it. */
  count = rk_it_call_ok (id, "increment", "[2]", "{\"name\":\"http-user\"}");
  rk_it_assert_json (count, "2");
  initializers = rk_it_call_ok (id, "getInitializers", "[]", "{\"name\":\"second\"}");
  rk_it_assert_json (initializers, "[\"http-user\",\"second\"]");
}

static void
test_conn_params_missing (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("counterWithParams");
  g_autoptr(RkConnection) connection = rk_it_connect_to (rk_actor_get_id (actor), NULL);
  g_autoptr(RkTransition) last = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) output = NULL;

  /* createConnState reads `params.name` and throws on undefined params:
   * a masked internal error, at setup, which no retry can fix. */
  rk_connection_open (connection);
  rk_test_wait_for (rk_connection_get_status (connection) == RK_CONNECTION_STATUS_FAILED);
  rk_it_log_transitions (connection);
  last = rk_it_last_transition (connection);
  g_assert_cmpstr (rk_transition_get_error_group (last), ==, "rivetkit");
  g_assert_cmpstr (rk_transition_get_error_code (last), ==, "internal_error");
  g_assert_cmpuint (rk_transition_get_close_code (last), ==, 1011);

  output = rk_it_call_action (rk_actor_get_id (actor), "getInitializers", "[]", NULL, &error);
  g_assert_null (output);
  g_assert_true (rk_error_matches (error, "rivetkit", "internal_error"));
  g_assert_cmpuint (rk_error_get_http_status (error), ==, 500);
}

/* Connection state (connStateActor) */

static void
test_conn_state_defaults (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("connStateActor");
  g_autoptr(RkConnection) connection = rk_it_open_connection (rk_actor_get_id (actor), NULL);
  g_autoptr(JsonNode) state = rk_it_call_over_ok (connection, "getConnectionState", "[]");

  g_assert_cmpstr (rk_it_member_string (state, "id"), ==,
                   rk_connection_get_connection_id (connection));
  g_assert_cmpstr (rk_it_member_string (state, "username"), ==, "anonymous");
  g_assert_cmpstr (rk_it_member_string (state, "role"), ==, "user");
  g_assert_cmpint (rk_it_member_int (state, "counter"), ==, 0);
  g_assert_cmpint (rk_it_member_int (state, "createdAt"), >, 0);
  g_assert_false (json_object_get_boolean_member (rk_it_object_of (state), "noCount"));
}

static void
test_conn_state_params (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("connStateActor");
  g_autoptr(RkConnection) connection = NULL;
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(JsonNode) updated = NULL;
  g_autoptr(JsonNode) again = NULL;

  connection = rk_it_open_connection (rk_actor_get_id (actor),
                                      "{\"username\":\"testuser\",\"role\":\"admin\"}");
  state = rk_it_call_over_ok (connection, "getConnectionState", "[]");
  g_assert_cmpstr (rk_it_member_string (state, "username"), ==, "testuser");
  g_assert_cmpstr (rk_it_member_string (state, "role"), ==, "admin");

  updated = rk_it_call_over_ok (connection, "updateConnection",
                                "[{\"username\":\"newname\",\"role\":\"moderator\"}]");
  g_assert_cmpstr (rk_it_member_string (updated, "username"), ==, "newname");
  g_assert_cmpstr (rk_it_member_string (updated, "role"), ==, "moderator");
  again = rk_it_call_over_ok (connection, "getConnectionState", "[]");
  g_assert_cmpstr (rk_it_member_string (again, "username"), ==, "newname");
  g_assert_cmpstr (rk_it_member_string (again, "role"), ==, "moderator");
}

static void
test_conn_state_per_connection (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("connStateActor");
  const char *id = rk_actor_get_id (actor);
  g_autoptr(RkConnection) conn1 = rk_it_open_connection (id, "{\"username\":\"user1\"}");
  g_autoptr(RkConnection) conn2 = rk_it_open_connection (id, "{\"username\":\"user2\"}");
  g_autoptr(JsonNode) out1 = NULL;
  g_autoptr(JsonNode) out2 = NULL;
  g_autoptr(JsonNode) state1 = NULL;
  g_autoptr(JsonNode) state2 = NULL;
  g_autoptr(JsonNode) all = NULL;
  g_autoptr(JsonNode) ids = NULL;
  JsonArray *all_array;

  /* incrementConnCounter returns nothing: `undefined`. */
  out1 = rk_it_call_over_ok (conn1, "incrementConnCounter", "[5]");
  g_assert_cmpint (rk_compat_get_kind (out1), ==, RK_VALUE_KIND_UNDEFINED);
  out2 = rk_it_call_over_ok (conn2, "incrementConnCounter", "[10]");
  state1 = rk_it_call_over_ok (conn1, "getConnectionState", "[]");
  state2 = rk_it_call_over_ok (conn2, "getConnectionState", "[]");
  g_assert_cmpint (rk_it_member_int (state1, "counter"), ==, 5);
  g_assert_cmpint (rk_it_member_int (state2, "counter"), ==, 10);
  g_assert_cmpstr (rk_it_member_string (state1, "username"), ==, "user1");
  g_assert_cmpstr (rk_it_member_string (state2, "username"), ==, "user2");
  g_assert_cmpstr (rk_it_member_string (state1, "id"), !=, rk_it_member_string (state2, "id"));

  ids = rk_it_call_over_ok (conn1, "getConnectionIds", "[]");
  g_assert_true (array_has_string (ids, rk_connection_get_connection_id (conn1)));
  g_assert_true (array_has_string (ids, rk_connection_get_connection_id (conn2)));

  all = rk_it_call_over_ok (conn1, "getAllConnectionStates", "[]");
  g_assert_true (JSON_NODE_HOLDS_ARRAY (all));
  all_array = json_node_get_array (all);
  g_assert_cmpuint (json_array_get_length (all_array), >=, 2);
}

static void
test_conn_state_direct_message (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("connStateActor");
  const char *id = rk_actor_get_id (actor);
  g_autoptr(RkConnection) conn1 = rk_it_open_connection (id, NULL);
  g_autoptr(RkConnection) conn2 = rk_it_open_connection (id, NULL);
  g_autoptr(JsonNode) sent = NULL;
  g_autoptr(JsonNode) missing = NULL;
  g_autofree char *args = NULL;
  g_autofree char *expected = NULL;
  RkItEventLog log;

  rk_it_event_log_init (&log);
  rk_it_event_log_watch (&log, conn2);

  /* conn.send reaches conn2 without a subscription. */
  args = g_strdup_printf ("[\"%s\",\"Hello from conn1\"]",
                          rk_connection_get_connection_id (conn2));
  sent = rk_it_call_over_ok (conn1, "sendToConnection", args);
  rk_it_assert_json (sent, "true");
  rk_test_wait_for (rk_it_event_log_find (&log, "directMessage") != NULL);
  expected = g_strdup_printf ("[{\"from\":\"%s\",\"message\":\"Hello from conn1\"}]",
                              rk_connection_get_connection_id (conn1));
  rk_it_assert_json (rk_it_event_log_find (&log, "directMessage"), expected);

  missing = rk_it_call_over_ok (conn1, "sendToConnection", "[\"no-such-conn\",\"x\"]");
  rk_it_assert_json (missing, "false");
  rk_it_event_log_clear (&log);
}

static void
test_conn_state_disconnect_tracking (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("connStateActor");
  const char *id = rk_actor_get_id (actor);
  g_autoptr(RkConnection) observer = rk_it_open_connection (id, "{\"noCount\":true}");
  g_autoptr(RkConnection) connection = NULL;
  g_autoptr(JsonNode) ids = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *conn_id = NULL;
  RkItEventLog log;

  rk_it_event_log_init (&log);
  rk_it_event_log_watch (&log, observer);
  rk_connection_subscribe (observer, "userConnected");
  rk_connection_subscribe (observer, "userDisconnected");
  before = rk_it_call_over_ok (observer, "getDisconnectionCount", "[]");
  rk_it_assert_json (before, "0");

  connection = rk_it_open_connection (id, NULL);
  conn_id = g_strdup (rk_connection_get_connection_id (connection));
  rk_test_wait_for (rk_it_event_log_find (&log, "userConnected") != NULL);
  expected = g_strdup_printf ("[{\"id\":\"%s\",\"username\":\"anonymous\",\"role\":\"user\"}]",
                              conn_id);
  rk_it_assert_json (rk_it_event_log_find (&log, "userConnected"), expected);
  ids = rk_it_call_over_ok (observer, "getConnectionIds", "[]");
  g_free (expected);
  expected = g_strdup_printf ("[\"%s\"]", conn_id);
  rk_it_assert_json (ids, expected);

  /* Our close reaches onDisconnect. */
  rk_connection_close (connection);
  g_assert_cmpint (rk_connection_get_status (connection), ==, RK_CONNECTION_STATUS_DISCONNECTED);
  rk_test_wait_for (rk_it_event_log_find (&log, "userDisconnected") != NULL);
  g_free (expected);
  expected = g_strdup_printf ("[{\"id\":\"%s\"}]", conn_id);
  rk_it_assert_json (rk_it_event_log_find (&log, "userDisconnected"), expected);
  after = rk_it_call_over_ok (observer, "getDisconnectionCount", "[]");
  rk_it_assert_json (after, "1");
  rk_it_event_log_clear (&log);
}

static void
test_conn_state_disconnect_self (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("connStateActor");
  g_autoptr(RkConnection) connection = rk_it_open_connection (rk_actor_get_id (actor), NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) args = rk_test_json ("[\"bye from the actor\"]");
  g_autoptr(RkTransition) last = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) output = NULL;

  rk_connection_action_async (connection, "disconnectSelf", args, NULL,
                              rk_test_store_result_cb, &result);
  rk_test_wait_for (rk_connection_get_status (connection) == RK_CONNECTION_STATUS_DISCONNECTED);
  rk_test_wait_for (result != NULL);
  rk_it_log_transitions (connection);
  g_assert_nonnull (strstr (rk_connection_get_status_reason (connection), "bye from the actor"));
  last = rk_it_last_transition (connection);
  g_assert_cmpuint (rk_transition_get_close_code (last), ==, 1000);

  /* Whether the reply beat the close is up to the server; either is fine. */
  output = rk_connection_action_finish (connection, result, &error);
  if (output == NULL)
    g_assert_error (error, RK_ERROR, RK_ERROR_CLOSED);
  else
    rk_it_assert_json (output, "true");

  /* It stays down: the actor meant it. */
  g_assert_false (rk_it_saw_status (connection, RK_CONNECTION_STATUS_RECONNECTING));
}

/* Connection rejection */

static void
test_reject_on_before_connect (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("rejectConnectionActor");
  const char *id = rk_actor_get_id (actor);
  g_autoptr(RkConnection) rejected = rk_it_connect_to (id, "{\"reject\":true}");
  g_autoptr(RkConnection) accepted = NULL;
  g_autoptr(RkTransition) last = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) output = NULL;
  g_autoptr(JsonNode) pong = NULL;
  g_autoptr(JsonNode) http_pong = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  /* An action queued before the rejection fails with the rejection. */
  rk_connection_open (rejected);
  rk_connection_action_async (rejected, "ping", NULL, NULL, rk_test_store_result_cb, &result);
  rk_test_wait_for (rk_connection_get_status (rejected) == RK_CONNECTION_STATUS_FAILED);
  rk_it_log_transitions (rejected);
  last = rk_it_last_transition (rejected);
  g_assert_cmpstr (rk_transition_get_error_group (last), ==, "user");
  g_assert_cmpstr (rk_transition_get_error_code (last), ==, "rejected");
  g_assert_cmpuint (rk_transition_get_close_code (last), ==, 1011);
  g_assert_false (rk_it_saw_status (rejected, RK_CONNECTION_STATUS_RECONNECTING));
  rk_test_wait_result (&result);
  output = rk_connection_action_finish (rejected, result, &error);
  g_assert_null (output);
  g_assert_true (rk_error_matches (error, "user", "rejected"));
  g_clear_error (&error);

  /* Over HTTP the UserError keeps its status and message. */
  g_clear_pointer (&output, json_node_unref);
  output = rk_it_call_action (id, "ping", "[]", "{\"reject\":true}", &error);
  g_assert_null (output);
  g_assert_error (error, RK_ERROR, RK_ERROR_REMOTE);
  g_assert_true (rk_error_matches (error, "user", "rejected"));
  g_assert_cmpuint (rk_error_get_http_status (error), ==, 400);
  g_assert_nonnull (strstr (error->message, "Rejected connection"));

  accepted = rk_it_open_connection (id, "{\"reject\":false}");
  pong = rk_it_call_over_ok (accepted, "ping", "[]");
  rk_it_assert_json (pong, "\"pong\"");
  http_pong = rk_it_call_ok (id, "ping", "[]", NULL);
  rk_it_assert_json (http_pong, "\"pong\"");
}

static void
test_reject_create_conn_state (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("connErrorSerializationActor");
  const char *id = rk_actor_get_id (actor);
  g_autoptr(RkConnection) failing = rk_it_connect_to (id, "{\"shouldThrow\":true}");
  g_autoptr(RkConnection) fine = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) output = NULL;
  g_autoptr(JsonNode) value = NULL;
  g_autoptr(RkTransition) last = NULL;

  fine = rk_it_open_connection (id, "{\"shouldThrow\":false}");
  value = rk_it_call_over_ok (fine, "getValue", "[]");
  rk_it_assert_json (value, "0");

  /* createConnState throws a public ActorError: the socket closes with
   * 1011 "connection.custom_error", and the official client's pending
   * action rejects with that group and code. */
  rk_connection_set_action_timeout (failing, 5000);
  rk_connection_open (failing);
  rk_connection_action_async (failing, "getValue", NULL, NULL, rk_test_store_result_cb, &result);
  rk_test_wait_for (rk_connection_get_status (failing) != RK_CONNECTION_STATUS_CONNECTING);
  rk_it_log_transitions (failing);
  last = rk_it_last_transition (failing);
  g_assert_cmpstr (rk_transition_get_error_group (last), ==, "connection");
  g_assert_cmpstr (rk_transition_get_error_code (last), ==, "custom_error");
  g_assert_cmpuint (rk_transition_get_close_code (last), ==, 1011);

  /* No retry can fix it: the connection gives up and fails the action. */
  g_assert_cmpint (rk_connection_get_status (failing), ==, RK_CONNECTION_STATUS_FAILED);
  rk_test_wait_result (&result);
  output = rk_connection_action_finish (failing, result, &error);
  g_assert_null (output);
  g_assert_cmpstr (rk_error_get_group (error), ==, "connection");
  g_assert_cmpstr (rk_error_get_code (error), ==, "custom_error");
}

static void
test_reject_access_control (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("accessControlActor");
  const char *id = rk_actor_get_id (actor);
  g_autoptr(RkRawResponse) allowed = NULL;
  g_autoptr(RkRawResponse) denied = NULL;
  g_autoptr(JsonNode) allowed_body = NULL;
  g_autoptr(JsonNode) denied_body = NULL;
  g_autoptr(JsonNode) action = NULL;
  g_autoptr(RkItRawSocket) welcome = NULL;
  g_autoptr(RkItRawSocket) refused = NULL;
  g_autoptr(JsonNode) first = NULL;

  /* Raw HTTP: onBeforeConnect's Forbidden comes back as the response. */
  allowed = rk_it_raw_request (id, "GET", "/status", NULL, NULL, "{\"allowRequest\":true}");
  g_assert_cmpuint (rk_raw_response_get_status (allowed), ==, 200);
  allowed_body = rk_it_response_json (allowed);
  rk_it_assert_plain (allowed_body, "{\"ok\":true}");
  denied = rk_it_raw_request (id, "GET", "/status", NULL, NULL, "{\"allowRequest\":false}");
  g_assert_cmpuint (rk_raw_response_get_status (denied), ==, 403);
  denied_body = rk_it_response_json (denied);
  g_assert_cmpstr (rk_it_member_string (denied_body, "group"), ==, "auth");
  g_assert_cmpstr (rk_it_member_string (denied_body, "code"), ==, "forbidden");

  /* Actions are not gated by anything but params. */
  action = rk_it_call_ok (id, "allowedAction", "[\"ok\"]", NULL);
  rk_it_assert_json (action, "\"allowed:ok\"");

  /* Raw WebSocket: 101, then a 1011 close (the official test expects 1011). */
  welcome = rk_it_raw_socket_open (id, NULL, "{\"allowWebSocket\":true}");
  rk_test_wait_for (welcome->frames->len >= 1);
  first = rk_it_raw_frame_json (welcome, 0);
  rk_it_assert_plain (first, "{\"type\":\"welcome\"}");
  refused = rk_it_raw_socket_open (id, NULL, "{\"allowWebSocket\":false}");
  rk_test_wait_for (refused->closed);
  g_test_message ("refused raw socket: close %u “%s”",
                  soup_websocket_connection_get_close_code (refused->socket),
                  soup_websocket_connection_get_close_data (refused->socket));
  g_assert_cmpuint (soup_websocket_connection_get_close_code (refused->socket), ==, 1011);
  g_assert_cmpstr (soup_websocket_connection_get_close_data (refused->socket), ==,
                   "auth.forbidden");
  g_assert_cmpuint (refused->frames->len, ==, 0);
}

static void
test_reject_subscription (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("accessControlActor");
  g_autoptr(RkConnection) connection = rk_it_open_connection (rk_actor_get_id (actor), NULL);
  g_autoptr(JsonNode) ready = NULL;
  g_autoptr(JsonNode) broadcast = NULL;
  g_autoptr(JsonNode) blocked = NULL;
  g_autoptr(JsonNode) after = NULL;
  const GError *error;
  RkItEventLog log;

  rk_it_event_log_init (&log);
  rk_it_event_log_watch (&log, connection);

  /* canSubscribe allows: the event arrives. */
  rk_connection_subscribe (connection, "allowedEvent");
  ready = rk_it_call_over_ok (connection, "allowedAction", "[\"subscribe-ready\"]");
  broadcast = rk_it_call_over_ok (connection, "allowedBroadcastAllowedEvent", "[\"hello\"]");
  rk_test_wait_for (rk_it_event_log_find (&log, "allowedEvent") != NULL);
  rk_it_assert_json (rk_it_event_log_find (&log, "allowedEvent"), "[{\"value\":\"hello\"}]");
  g_assert_cmpuint (log.errors->len, ==, 0);

  /* canSubscribe refuses: a connection-level auth.forbidden Error (no
   * action id); the socket stays up. */
  rk_connection_subscribe (connection, "blockedEvent");
  rk_test_wait_for (log.errors->len >= 1);
  error = g_ptr_array_index (log.errors, 0);
  g_assert_true (rk_error_matches (error, "auth", "forbidden"));
  blocked = rk_it_call_over_ok (connection, "allowedBroadcastBlockedEvent", "[\"secret\"]");
  after = rk_it_call_over_ok (connection, "allowedAction", "[\"after\"]");
  rk_it_assert_json (after, "\"allowed:after\"");
  g_assert_null (rk_it_event_log_find (&log, "blockedEvent"));
  g_assert_cmpint (rk_connection_get_status (connection), ==, RK_CONNECTION_STATUS_CONNECTED);
  rk_it_event_log_clear (&log);
}

int
main (int   argc,
      char *argv[])
{
  client = rk_it_init_fixtures (&argc, &argv);

  g_test_add_func ("/rk/driver-fixtures/conn-params/initializers", test_conn_params_initializers);
  g_test_add_func ("/rk/driver-fixtures/conn-params/http", test_conn_params_http);
  g_test_add_func ("/rk/driver-fixtures/conn-params/missing", test_conn_params_missing);

  g_test_add_func ("/rk/driver-fixtures/conn-state/defaults", test_conn_state_defaults);
  g_test_add_func ("/rk/driver-fixtures/conn-state/params", test_conn_state_params);
  g_test_add_func ("/rk/driver-fixtures/conn-state/per-connection",
                   test_conn_state_per_connection);
  g_test_add_func ("/rk/driver-fixtures/conn-state/direct-message",
                   test_conn_state_direct_message);
  g_test_add_func ("/rk/driver-fixtures/conn-state/disconnect-tracking",
                   test_conn_state_disconnect_tracking);
  g_test_add_func ("/rk/driver-fixtures/conn-state/disconnect-self",
                   test_conn_state_disconnect_self);

  g_test_add_func ("/rk/driver-fixtures/reject/on-before-connect", test_reject_on_before_connect);
  g_test_add_func ("/rk/driver-fixtures/reject/create-conn-state", test_reject_create_conn_state);
  g_test_add_func ("/rk/driver-fixtures/reject/access-control", test_reject_access_control);
  g_test_add_func ("/rk/driver-fixtures/reject/subscription", test_reject_subscription);

  return rk_it_run ();
}
