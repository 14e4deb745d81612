/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-integration-connections.c: the protocol library against a real RivetKit server
 * (2.2.x or 2.3.x, chosen by RK_TEST_SERVER): stateful connections */

#define G_LOG_DOMAIN "test-integration"

#include "config.h"

#include <string.h>

#include "rk-actor.h"
#include "rk-client.h"
#include "rk-compat.h"
#include "rk-connection.h"
#include "rk-error.h"
#include "rk-integration-common.h"
#include "rk-real-server.h"
#include "rk-test-util.h"
#include "rk-transition.h"

static RkClient *client;

/* Stateful connections */

static void
assert_transitions (RkConnection              *connection,
                    const RkConnectionStatus  *expected,
                    guint                      n_expected)
{
  GListModel *transitions = rk_connection_get_transitions (connection);

  g_assert_cmpuint (g_list_model_get_n_items (transitions), >=, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      g_autoptr(RkTransition) t = g_list_model_get_item (transitions, i);
      g_assert_cmpstr (rk_connection_status_to_string (rk_transition_get_to (t)), ==,
                       rk_connection_status_to_string (expected[i]));
      g_assert_cmpint (rk_transition_get_time (t), >, 0);
    }
}

static void
test_connection_events (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("chatRoom");
  g_autoptr(JsonNode) params = rk_test_json ("{\"username\":\"alice\"}");
  g_autoptr(RkConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) sent = NULL;
  g_autoptr(JsonNode) who = NULL;
  g_autoptr(JsonNode) direct = NULL;
  RkItEventLog log;
  const RkConnectionStatus expected[] = {
    RK_CONNECTION_STATUS_CONNECTING, RK_CONNECTION_STATUS_CONNECTED,
  };

  rk_it_event_log_init (&log);
  connection = rk_client_connect (client, rk_actor_get_id (actor), params);
  rk_it_event_log_watch (&log, connection);
  g_assert_cmpint (rk_connection_get_status (connection), ==, RK_CONNECTION_STATUS_IDLE);

  rk_connection_subscribe (connection, "messageReceived");
  rk_connection_open (connection);
  rk_test_wait_for (rk_connection_get_status (connection) == RK_CONNECTION_STATUS_CONNECTED);
  assert_transitions (connection, expected, G_N_ELEMENTS (expected));
  g_assert_nonnull (rk_connection_get_connection_id (connection));

  who = rk_it_call_over (connection, "whoami", "[]", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_node_get_string (json_object_get_member (json_node_get_object (who),
                                                                 "connId")), ==,
                   rk_connection_get_connection_id (connection));

  sent = rk_it_call_over (connection, "sendMessage", "[\"hello\"]", &error);
  g_assert_no_error (error);
  rk_test_wait_for (rk_it_event_log_find (&log, "messageReceived") != NULL);
  rk_it_assert_json (g_ptr_array_index (log.args, 0),
                     "[{\"username\":\"alice\",\"text\":\"hello\"}]");

  /* conn.send reaches this connection without a subscription. */
  direct = rk_it_call_over (connection, "sendToMe", "[\"private\", 1, 2]", &error);
  g_assert_no_error (error);
  rk_test_wait_for (rk_it_event_log_find (&log, "private") != NULL);

  /* Unsubscribed broadcasts stop. */
  rk_connection_unsubscribe (connection, "messageReceived");
  g_clear_pointer (&sent, json_node_unref);
  sent = rk_it_call_over (connection, "sendMessage", "[\"again\"]", &error);
  g_assert_no_error (error);
  {
    guint count = 0;
    for (guint i = 0; i < log.names->len; i++)
      count += g_str_equal (g_ptr_array_index (log.names, i), "messageReceived");
    g_assert_cmpuint (count, ==, 1);
  }

  rk_connection_close (connection);
  g_assert_cmpint (rk_connection_get_status (connection), ==, RK_CONNECTION_STATUS_DISCONNECTED);
  rk_it_event_log_clear (&log);
}

static void
on_concurrent_done (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GPtrArray *outputs = user_data;
  g_autoptr(GError) error = NULL;
  JsonNode *output = rk_connection_action_finish (RK_CONNECTION (object), result, &error);

  g_assert_no_error (error);
  g_ptr_array_add (outputs, output);
}

static void
test_connection_concurrent_actions (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("thrower");
  g_autoptr(RkConnection) connection = rk_client_connect (client, rk_actor_get_id (actor), NULL);
  g_autoptr(GPtrArray) outputs = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);

  /* Queued before the socket opens: sent after Init, matched by id. */
  rk_connection_open (connection);
  for (int i = 0; i < 10; i++)
    {
      g_autofree char *text = g_strdup_printf ("[%d]", i);
      g_autoptr(JsonNode) args = rk_test_json (text);
      rk_connection_action_async (connection, "echo", args, NULL, on_concurrent_done, outputs);
    }
  rk_test_wait_for (outputs->len == 10);

  /* Each reply matched its own request (2.3 may answer out of order). */
  {
    guint seen = 0;

    for (guint i = 0; i < outputs->len; i++)
      {
        g_autoptr(JsonNode) first = rk_compat_dup_element (g_ptr_array_index (outputs, i), 0);
        gint64 value = json_node_get_int (first);

        g_assert_cmpint (value, >=, 0);
        g_assert_cmpint (value, <, 10);
        g_assert_false (seen & (1u << value));
        seen |= 1u << value;
      }
    g_assert_cmpuint (seen, ==, 0x3ff);
  }
}

static void
test_connection_action_error (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("thrower");
  g_autoptr(RkConnection) connection = rk_client_connect (client, rk_actor_get_id (actor), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) output = NULL;
  g_autoptr(JsonNode) after = NULL;

  rk_connection_open (connection);
  output = rk_it_call_over (connection, "userErrorMeta", "[]", &error);
  g_assert_null (output);
  g_assert_cmpstr (rk_error_get_group (error), ==, "user");
  g_assert_cmpstr (rk_error_get_code (error), ==, "custom_code");
  g_assert_nonnull (rk_error_get_metadata (error));
  g_clear_error (&error);

  /* An action error leaves the socket open. */
  after = rk_it_call_over (connection, "echo", "[1]", &error);
  g_assert_no_error (error);
  g_assert_cmpint (rk_connection_get_status (connection), ==, RK_CONNECTION_STATUS_CONNECTED);
}

static void
test_connection_rejected (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("guarded");
  g_autoptr(RkConnection) bad = NULL;
  g_autoptr(RkConnection) good = NULL;
  g_autoptr(JsonNode) bad_params = rk_test_json ("{\"token\":\"wrong\"}");
  g_autoptr(JsonNode) good_params = rk_test_json ("{\"token\":\"secret\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) pong = NULL;
  g_autoptr(RkTransition) last = NULL;
  GListModel *transitions;

  bad = rk_client_connect (client, rk_actor_get_id (actor), bad_params);
  rk_connection_open (bad);
  rk_test_wait_for (rk_connection_get_status (bad) == RK_CONNECTION_STATUS_FAILED);
  transitions = rk_connection_get_transitions (bad);
  last = g_list_model_get_item (transitions, g_list_model_get_n_items (transitions) - 1);
  g_assert_cmpstr (rk_transition_get_error_group (last), ==, "user");
  g_assert_cmpstr (rk_transition_get_error_code (last), ==, "unauthorized");

  good = rk_client_connect (client, rk_actor_get_id (actor), good_params);
  rk_connection_open (good);
  pong = rk_it_call_over (good, "ping", "[]", &error);
  g_assert_no_error (error);
  rk_it_assert_json (pong, "\"pong\"");
}

static void
test_connection_kicked (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("chatRoom");
  g_autoptr(RkConnection) connection = rk_client_connect (client, rk_actor_get_id (actor), NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) args = rk_test_json ("[\"kicked by test\"]");

  rk_connection_open (connection);
  rk_test_wait_for (rk_connection_get_status (connection) == RK_CONNECTION_STATUS_CONNECTED);
  rk_connection_action_async (connection, "kick", args, NULL, rk_test_store_result_cb, &result);
  rk_test_wait_for (rk_connection_get_status (connection) == RK_CONNECTION_STATUS_DISCONNECTED);
  g_assert_nonnull (strstr (rk_connection_get_status_reason (connection), "kicked by test"));
  rk_test_wait_for (result != NULL);
}

static void
test_connection_restart (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("counter");
  g_autoptr(RkConnection) connection = rk_client_connect (client, rk_actor_get_id (actor), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  gboolean saw_reconnecting = FALSE;
  GListModel *transitions;
  RkItEventLog log;

  rk_it_event_log_init (&log);
  rk_it_event_log_watch (&log, connection);
  rk_connection_set_backoff (connection, 100, 2000);
  rk_connection_subscribe (connection, "newCount");
  rk_connection_open (connection);
  before = rk_it_call_over (connection, "increment", "[3]", &error);
  g_assert_no_error (error);
  rk_test_wait_for (log.names->len == 1);

  g_assert_true (rk_real_server_restart (rk_it_server (), &error));
  g_assert_no_error (error);

  rk_test_wait_for_ms (rk_connection_get_status (connection) == RK_CONNECTION_STATUS_CONNECTED &&
                       rk_connection_get_attempt (connection) == 0 &&
                       g_list_model_get_n_items (rk_connection_get_transitions (connection)) > 2,
                       90000);

  transitions = rk_connection_get_transitions (connection);
  for (guint i = 0; i < g_list_model_get_n_items (transitions); i++)
    {
      g_autoptr(RkTransition) t = g_list_model_get_item (transitions, i);
      saw_reconnecting |= rk_transition_get_to (t) == RK_CONNECTION_STATUS_RECONNECTING;
    }
  g_assert_true (saw_reconnecting);

  /* State survived and the subscription was restored. */
  after = rk_it_call_over (connection, "increment", "[1]", &error);
  g_assert_no_error (error);
  rk_it_assert_json (after, "4");
  rk_test_wait_for (log.names->len == 2);
  rk_it_event_log_clear (&log);
}

static void
test_connection_zombie (void)
{
  g_autoptr(RkActor) actor = rk_it_fresh_actor ("lifecycle");
  g_autoptr(RkConnection) connection = rk_client_connect (client, rk_actor_get_id (actor), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) slept = NULL;
  g_autoptr(JsonNode) pong = NULL;
  GListModel *transitions;
  guint before;

  /* The actor goes to sleep under an open socket: RivetKit leaves the
   * socket open and silent. The connection must notice and come back. */
  rk_connection_set_liveness_interval (connection, 1);
  rk_connection_set_backoff (connection, 100, 1000);
  rk_connection_open (connection);
  rk_test_wait_for (rk_connection_get_status (connection) == RK_CONNECTION_STATUS_CONNECTED);
  transitions = rk_connection_get_transitions (connection);
  before = g_list_model_get_n_items (transitions);

  slept = rk_it_call_over (connection, "doSleep", "[]", &error);
  g_assert_no_error (error);

  rk_test_wait_for_ms (g_list_model_get_n_items (transitions) > before + 1 &&
                       rk_connection_get_status (connection) == RK_CONNECTION_STATUS_CONNECTED,
                       60000);

  /* And the new socket works: the actor woke up for it. */
  pong = rk_it_call_over (connection, "ping", "[]", &error);
  g_assert_no_error (error);
  rk_it_assert_json (pong, "\"pong\"");
}

int
main (int   argc,
      char *argv[])
{
  client = rk_it_init_from_env (&argc, &argv);

  g_test_add_func ("/rk/integration/connection-events", test_connection_events);
  g_test_add_func ("/rk/integration/connection-concurrent-actions",
                   test_connection_concurrent_actions);
  g_test_add_func ("/rk/integration/connection-action-error", test_connection_action_error);
  g_test_add_func ("/rk/integration/connection-rejected", test_connection_rejected);
  g_test_add_func ("/rk/integration/connection-kicked", test_connection_kicked);
  g_test_add_func ("/rk/integration/connection-zombie", test_connection_zombie);
  /* Last: it restarts the server. */
  g_test_add_func ("/rk/integration/connection-restart", test_connection_restart);

  return rk_it_run ();
}
