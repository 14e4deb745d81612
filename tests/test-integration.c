/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-integration.c: the protocol library against a real RivetKit server
 * (2.2.x or 2.3.x, chosen by RK_TEST_SERVER), started by the harness */

#include "config.h"

#include "rk-actor-type.h"
#include "rk-actor.h"
#include "rk-client.h"
#include "rk-compat.h"
#include "rk-connection.h"
#include "rk-enums.h"
#include "rk-error.h"
#include "rk-inspector.h"
#include "rk-key.h"
#include "rk-real-server.h"
#include "rk-server-info.h"
#include "rk-test-util.h"
#include "rk-transition.h"

static RkRealServer *server;
static RkClient *client;

static gboolean
is_engine (void)
{
  return rk_real_server_get_kind (server) == RK_REAL_SERVER_2_3;
}

static RkActor *
get_or_create (const char          *name,
               const char * const  *key,
               gboolean            *created)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  RkActor *actor;

  rk_client_get_or_create_actor_async (client, name, key, NULL, NULL,
                                       rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  actor = rk_client_get_or_create_actor_finish (client, result, created, &error);
  g_assert_no_error (error);
  g_assert_nonnull (actor);
  return actor;
}

static RkActor *
fresh_actor (const char *name)
{
  g_autofree char *key = rk_test_unique_key (name);
  const char *parts[] = { key, NULL };

  return get_or_create (name, parts, NULL);
}

static JsonNode *
call_action (const char  *actor_id,
             const char  *action,
             const char  *args_json,
             JsonNode    *params,
             GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) args = args_json ? rk_test_json (args_json) : NULL;
  g_autoptr(JsonNode) compat_args = args ? rk_compat_from_plain (args) : NULL;

  rk_client_action_async (client, actor_id, action, compat_args, params, NULL,
                          rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  return rk_client_action_finish (client, result, error);
}

static JsonNode *
call_over (RkConnection  *connection,
           const char    *action,
           const char    *args_json,
           GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) args = args_json ? rk_test_json (args_json) : NULL;
  g_autoptr(JsonNode) compat_args = args ? rk_compat_from_plain (args) : NULL;

  rk_connection_action_async (connection, action, compat_args, NULL,
                              rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  return rk_connection_action_finish (connection, result, error);
}

static void
assert_json (JsonNode   *node,
             const char *expected_json)
{
  g_autoptr(JsonNode) expected = rk_test_json (expected_json);
  g_autoptr(JsonNode) compat = rk_compat_from_plain (expected);

  if (!rk_compat_equal (node, compat))
    {
      g_autofree char *got = rk_compat_to_string (node, FALSE);
      g_error ("expected %s, got %s", expected_json, got);
    }
}

/* Discovery */

static void
test_probe (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RkServerInfo) info = NULL;
  RkActorType *counter;

  rk_client_probe_async (client, NULL, rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  info = rk_client_probe_finish (client, result, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (rk_server_info_get_version (info), ==, rk_real_server_get_version (server));
  g_assert_cmpint (rk_server_info_get_flavour (info), ==,
                   is_engine () ? RK_SERVER_FLAVOUR_ENGINE : RK_SERVER_FLAVOUR_RIVETKIT);
  g_assert_true (rk_client_get_server_info (client) == info);

  counter = rk_server_info_find_actor_type (info, "counter");
  g_assert_nonnull (counter);
  g_assert_nonnull (rk_server_info_find_actor_type (info, "chatRoom"));
  g_assert_nonnull (rk_server_info_find_actor_type (info, "storm"));

  /* Display metadata: 2.2 has it in /metadata, 2.3 in /actors/names. */
  g_assert_cmpstr (rk_actor_type_get_display_name (counter), ==, "Counter");
  g_assert_cmpstr (rk_actor_type_get_icon (counter), ==, "calculator");
}

static void
test_unreachable (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RkClient) dead = NULL;
  g_autoptr(RkServerInfo) info = NULL;

  /* Port 1 on loopback: nothing listens there. */
  dead = rk_client_new ("http://127.0.0.1:1", NULL, NULL, &error);
  g_assert_no_error (error);
  rk_client_probe_async (dead, NULL, rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  info = rk_client_probe_finish (dead, result, &error);
  g_assert_null (info);
  g_assert_error (error, RK_ERROR, RK_ERROR_UNREACHABLE);
  g_assert_nonnull (strstr (error->message, "Is the RivetKit server running?"));
}

/* Directory */

static void
test_directory (void)
{
  g_autofree char *key = rk_test_unique_key ("dir");
  const char *parts[] = { key, "second", NULL };
  g_autoptr(RkActor) first = NULL;
  g_autoptr(RkActor) again = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RkActor) found = NULL;
  g_autoptr(GPtrArray) by_id = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  const char *ids[2] = { NULL, NULL };
  gboolean created = FALSE;
  gboolean in_list = FALSE;

  first = get_or_create ("counter", parts, &created);
  g_assert_true (created);
  g_assert_cmpstr (rk_actor_get_name (first), ==, "counter");
  g_assert_cmpstrv (rk_actor_get_key (first), parts);
  g_assert_cmpint (rk_actor_get_create_ts (first), >, 0);

  again = get_or_create ("counter", parts, &created);
  g_assert_false (created);
  g_assert_cmpstr (rk_actor_get_id (again), ==, rk_actor_get_id (first));

  rk_client_get_actor_async (client, "counter", parts, NULL, rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  found = rk_client_get_actor_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpstr (rk_actor_get_id (found), ==, rk_actor_get_id (first));
  g_clear_object (&result);

  ids[0] = rk_actor_get_id (first);
  rk_client_get_actors_by_ids_async (client, ids, NULL, rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  by_id = rk_client_get_actors_by_ids_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (by_id->len, ==, 1);
  g_clear_object (&result);

  rk_client_list_actors_async (client, "counter", NULL, rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  listed = rk_client_list_actors_finish (client, result, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < listed->len; i++)
    in_list |= g_str_equal (rk_actor_get_id (g_ptr_array_index (listed, i)),
                            rk_actor_get_id (first));
  g_assert_true (in_list);
}

static void
test_missing_key (void)
{
  g_autofree char *key = rk_test_unique_key ("missing");
  const char *parts[] = { key, NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RkActor) found = NULL;

  rk_client_get_actor_async (client, "counter", parts, NULL, rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  found = rk_client_get_actor_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_null (found);
}

static void
test_escaped_key (void)
{
  g_autofree char *unique = rk_test_unique_key ("esc");
  const char *parts[] = { unique, "a/b", "c\\d", "", "\\0", NULL };
  g_autoptr(RkActor) actor = NULL;
  g_autoptr(RkActor) found = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  actor = get_or_create ("counter", parts, NULL);
  g_assert_cmpstrv (rk_actor_get_key (actor), parts);

  rk_client_get_actor_async (client, "counter", parts, NULL, rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  found = rk_client_get_actor_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpstr (rk_actor_get_id (found), ==, rk_actor_get_id (actor));
}

static void
test_create_duplicate (void)
{
  g_autofree char *key = rk_test_unique_key ("dup");
  const char *parts[] = { key, NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RkActor) actor = NULL;
  g_autoptr(JsonNode) input = rk_compat_from_plain (rk_test_json ("{\"hello\":\"world\"}"));
  RkActor *duplicate;

  rk_client_create_actor_async (client, "counter", parts, input, NULL,
                                rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  actor = rk_client_create_actor_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (actor);
  g_clear_object (&result);

  rk_client_create_actor_async (client, "counter", parts, NULL, NULL,
                                rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  duplicate = rk_client_create_actor_finish (client, result, &error);
  g_assert_null (duplicate);
  g_assert_error (error, RK_ERROR, RK_ERROR_REMOTE);
  g_assert_true (rk_error_matches (error, "actor", "duplicate_key"));
}

static void
test_destroy (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("counter");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  rk_client_destroy_actor_async (client, rk_actor_get_id (actor), NULL,
                                 rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  ok = rk_client_destroy_actor_finish (client, result, &error);

  if (is_engine ())
    {
      g_autoptr(GPtrArray) found = NULL;
      const char *ids[] = { rk_actor_get_id (actor), NULL };

      g_assert_no_error (error);
      g_assert_true (ok);
      g_clear_object (&result);

      /* Destroyed actors keep their record, with destroy_ts, on 2.3. */
      rk_client_get_actors_by_ids_async (client, ids, NULL, rk_test_store_result_cb, &result);
      rk_test_wait_result (&result);
      found = rk_client_get_actors_by_ids_finish (client, result, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < found->len; i++)
        g_assert_cmpint (rk_actor_get_status (g_ptr_array_index (found, i)), ==,
                         RK_ACTOR_STATUS_DESTROYED);
    }
  else
    {
      g_assert_false (ok);
      g_assert_error (error, RK_ERROR, RK_ERROR_NOT_SUPPORTED);
    }
}

/* Stateless actions */

static void
test_action (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("counter");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;

  first = call_action (rk_actor_get_id (actor), "increment", "[5]", NULL, &error);
  g_assert_no_error (error);
  assert_json (first, "5");

  second = call_action (rk_actor_get_id (actor), "increment", "[2]", NULL, &error);
  g_assert_no_error (error);
  assert_json (second, "7");
}

static void
test_action_conn_params (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("chatRoom");
  g_autoptr(JsonNode) params = rk_test_json ("{\"username\":\"alice\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) who = NULL;
  g_autoptr(JsonNode) expected = rk_compat_from_plain (params);
  JsonObject *object;

  who = call_action (rk_actor_get_id (actor), "whoami", "[]", params, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (who));
  object = json_node_get_object (who);
  g_assert_true (rk_compat_equal (json_object_get_member (object, "params"), expected));
}

static void
test_action_errors (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("thrower");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) output = NULL;
  JsonNode *metadata;

  output = call_action (rk_actor_get_id (actor), "userErrorMeta", "[]", NULL, &error);
  g_assert_null (output);
  g_assert_error (error, RK_ERROR, RK_ERROR_REMOTE);
  g_assert_cmpstr (rk_error_get_group (error), ==, "user");
  g_assert_cmpstr (rk_error_get_code (error), ==, "custom_code");
  g_assert_nonnull (strstr (error->message, "custom failure"));
  /* Measured: 2.2 answers a UserError with 400, 2.3.19 with 500. */
  g_assert_cmpuint (rk_error_get_http_status (error), ==, is_engine () ? 500 : 400);
  metadata = rk_error_get_metadata (error);
  g_assert_nonnull (metadata);
  assert_json (metadata, "{\"a\":1,\"nested\":{\"list\":[1,\"two\"]}}");
  g_clear_error (&error);

  output = call_action (rk_actor_get_id (actor), "boom", "[]", NULL, &error);
  g_assert_null (output);
  g_assert_true (rk_error_matches (error, "rivetkit", "internal_error"));
  g_assert_cmpuint (rk_error_get_http_status (error), ==, 500);
  g_clear_error (&error);

  output = call_action (rk_actor_get_id (actor), "doesNotExist", "[]", NULL, &error);
  g_assert_null (output);
  g_assert_true (rk_error_matches (error, "action", "not_found"));
  g_clear_error (&error);

  /* The unknown actor: 400 on 2.2, 404 on 2.3, same group and code. */
  output = call_action ("0000000000000000", "increment", "[]", NULL, &error);
  g_assert_null (output);
  g_assert_nonnull (error);
  g_assert_true (error->domain == RK_ERROR);
}

static void
test_action_special_values (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("thrower");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) output = NULL;
  g_autoptr(GBytes) bytes = NULL;
  JsonObject *object;

  output = call_action (rk_actor_get_id (actor), "specials", "[]", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (output));
  object = json_node_get_object (output);

  g_assert_cmpint (rk_compat_get_kind (json_object_get_member (object, "big")), ==,
                   RK_VALUE_KIND_BIGINT);
  g_assert_cmpstr (rk_compat_get_bigint (json_object_get_member (object, "big")), ==,
                   "12345678901234567890");
  g_assert_cmpint (rk_compat_get_kind (json_object_get_member (object, "bytes")), ==,
                   RK_VALUE_KIND_UINT8ARRAY);
  bytes = rk_compat_dup_bytes (json_object_get_member (object, "bytes"));
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "\1\2\3", 3);
  g_assert_cmpint (rk_compat_get_kind (json_object_get_member (object, "ab")), ==,
                   RK_VALUE_KIND_ARRAYBUFFER);

  /* A user array that looks like a tag comes back as that array. */
  {
    g_autoptr(JsonNode) first = rk_compat_dup_element (json_object_get_member (object, "dollar"), 0);
    g_assert_cmpstr (json_node_get_string (first), ==, "$foo");
  }

  /* Round trip: BigInt and bytes sent as arguments come back intact. */
  {
    g_autoptr(JsonNode) args = json_node_init_array (json_node_alloc (), json_array_new ());
    g_autoptr(JsonNode) echoed = NULL;
    g_autoptr(GAsyncResult) result = NULL;

    json_array_add_element (json_node_get_array (args), rk_compat_new_bigint ("98765432109876543210"));
    json_array_add_element (json_node_get_array (args), json_node_copy (json_object_get_member (object, "dollar")));
    rk_client_action_async (client, rk_actor_get_id (actor), "echo", args, NULL, NULL,
                            rk_test_store_result_cb, &result);
    rk_test_wait_result (&result);
    echoed = rk_client_action_finish (client, result, &error);
    g_assert_no_error (error);
    g_assert_true (rk_compat_equal (echoed, args));
  }
}

/* Stateful connections */

typedef struct
{
  GPtrArray *names;
  GPtrArray *args;
} EventLog;

static void
event_cb (RkConnection *connection,
          const char   *name,
          JsonNode     *args,
          EventLog     *log)
{
  g_ptr_array_add (log->names, g_strdup (name));
  g_ptr_array_add (log->args, json_node_copy (args));
}

static void
event_log_init (EventLog *log)
{
  log->names = g_ptr_array_new_with_free_func (g_free);
  log->args = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);
}

static void
event_log_clear (EventLog *log)
{
  g_clear_pointer (&log->names, g_ptr_array_unref);
  g_clear_pointer (&log->args, g_ptr_array_unref);
}

static gboolean
log_has (EventLog   *log,
         const char *name)
{
  for (guint i = 0; i < log->names->len; i++)
    if (g_str_equal (g_ptr_array_index (log->names, i), name))
      return TRUE;
  return FALSE;
}

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
  g_autoptr(RkActor) actor = fresh_actor ("chatRoom");
  g_autoptr(JsonNode) params = rk_test_json ("{\"username\":\"alice\"}");
  g_autoptr(RkConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) sent = NULL;
  g_autoptr(JsonNode) who = NULL;
  g_autoptr(JsonNode) direct = NULL;
  EventLog log;
  const RkConnectionStatus expected[] = {
    RK_CONNECTION_STATUS_CONNECTING, RK_CONNECTION_STATUS_CONNECTED,
  };

  event_log_init (&log);
  connection = rk_client_connect (client, rk_actor_get_id (actor), params);
  g_signal_connect (connection, "event", G_CALLBACK (event_cb), &log);
  g_assert_cmpint (rk_connection_get_status (connection), ==, RK_CONNECTION_STATUS_IDLE);

  rk_connection_subscribe (connection, "messageReceived");
  rk_connection_open (connection);
  rk_test_wait_for (rk_connection_get_status (connection) == RK_CONNECTION_STATUS_CONNECTED);
  assert_transitions (connection, expected, G_N_ELEMENTS (expected));
  g_assert_nonnull (rk_connection_get_connection_id (connection));

  who = call_over (connection, "whoami", "[]", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_node_get_string (json_object_get_member (json_node_get_object (who), "connId")),
                   ==, rk_connection_get_connection_id (connection));

  sent = call_over (connection, "sendMessage", "[\"hello\"]", &error);
  g_assert_no_error (error);
  rk_test_wait_for (log_has (&log, "messageReceived"));
  assert_json (g_ptr_array_index (log.args, 0), "[{\"username\":\"alice\",\"text\":\"hello\"}]");

  /* conn.send reaches this connection without a subscription. */
  direct = call_over (connection, "sendToMe", "[\"private\", 1, 2]", &error);
  g_assert_no_error (error);
  rk_test_wait_for (log_has (&log, "private"));

  /* Unsubscribed broadcasts stop. */
  rk_connection_unsubscribe (connection, "messageReceived");
  g_clear_pointer (&sent, json_node_unref);
  sent = call_over (connection, "sendMessage", "[\"again\"]", &error);
  g_assert_no_error (error);
  {
    guint count = 0;
    for (guint i = 0; i < log.names->len; i++)
      count += g_str_equal (g_ptr_array_index (log.names, i), "messageReceived");
    g_assert_cmpuint (count, ==, 1);
  }

  rk_connection_close (connection);
  g_assert_cmpint (rk_connection_get_status (connection), ==, RK_CONNECTION_STATUS_DISCONNECTED);
  event_log_clear (&log);
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
  g_autoptr(RkActor) actor = fresh_actor ("thrower");
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
  g_autoptr(RkActor) actor = fresh_actor ("thrower");
  g_autoptr(RkConnection) connection = rk_client_connect (client, rk_actor_get_id (actor), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) output = NULL;
  g_autoptr(JsonNode) after = NULL;

  rk_connection_open (connection);
  output = call_over (connection, "userErrorMeta", "[]", &error);
  g_assert_null (output);
  g_assert_cmpstr (rk_error_get_group (error), ==, "user");
  g_assert_cmpstr (rk_error_get_code (error), ==, "custom_code");
  g_assert_nonnull (rk_error_get_metadata (error));
  g_clear_error (&error);

  /* An action error leaves the socket open. */
  after = call_over (connection, "echo", "[1]", &error);
  g_assert_no_error (error);
  g_assert_cmpint (rk_connection_get_status (connection), ==, RK_CONNECTION_STATUS_CONNECTED);
}

static void
test_connection_rejected (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("guarded");
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
  pong = call_over (good, "ping", "[]", &error);
  g_assert_no_error (error);
  assert_json (pong, "\"pong\"");
}

static void
test_connection_kicked (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("chatRoom");
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
  g_autoptr(RkActor) actor = fresh_actor ("counter");
  g_autoptr(RkConnection) connection = rk_client_connect (client, rk_actor_get_id (actor), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  gboolean saw_reconnecting = FALSE;
  GListModel *transitions;
  EventLog log;

  event_log_init (&log);
  g_signal_connect (connection, "event", G_CALLBACK (event_cb), &log);
  rk_connection_set_backoff (connection, 100, 2000);
  rk_connection_subscribe (connection, "newCount");
  rk_connection_open (connection);
  before = call_over (connection, "increment", "[3]", &error);
  g_assert_no_error (error);
  rk_test_wait_for (log.names->len == 1);

  g_assert_true (rk_real_server_restart (server, &error));
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
  after = call_over (connection, "increment", "[1]", &error);
  g_assert_no_error (error);
  assert_json (after, "4");
  rk_test_wait_for (log.names->len == 2);
  event_log_clear (&log);
}

static void
test_connection_zombie (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("lifecycle");
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

  slept = call_over (connection, "doSleep", "[]", &error);
  g_assert_no_error (error);

  rk_test_wait_for_ms (g_list_model_get_n_items (transitions) > before + 1 &&
                       rk_connection_get_status (connection) == RK_CONNECTION_STATUS_CONNECTED,
                       60000);

  /* And the new socket works: the actor woke up for it. */
  pong = call_over (connection, "ping", "[]", &error);
  g_assert_no_error (error);
  assert_json (pong, "\"pong\"");
}

/* Raw handlers */

static void
test_raw_request (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("raw");
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autoptr(GBytes) body = g_bytes_new_static ("payload", 7);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RkRawResponse) response = NULL;
  g_autoptr(JsonNode) reply = NULL;
  JsonObject *object;

  soup_message_headers_append (headers, "x-custom", "hello");
  soup_message_headers_set_content_type (headers, "text/plain", NULL);
  rk_client_raw_request_async (client, rk_actor_get_id (actor), "post", "/foo/bar?x=1",
                               headers, body, NULL, NULL, rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  response = rk_client_raw_request_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rk_raw_response_get_status (response), ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (rk_raw_response_get_headers (response),
                                                 "x-from-actor"), ==, "raw");

  reply = json_from_string (g_bytes_get_data (rk_raw_response_get_body (response), NULL), &error);
  g_assert_no_error (error);
  object = json_node_get_object (reply);
  g_assert_cmpstr (json_object_get_string_member (object, "method"), ==, "POST");
  g_assert_cmpstr (json_object_get_string_member (object, "path"), ==, "/foo/bar");
  g_assert_cmpstr (json_object_get_string_member (object, "search"), ==, "?x=1");
  g_assert_cmpstr (json_object_get_string_member (object, "body"), ==, "payload");
}

static void
raw_message_cb (SoupWebsocketConnection *socket,
                int                      type,
                GBytes                  *message,
                GPtrArray               *frames)
{
  g_ptr_array_add (frames, g_strndup (g_bytes_get_data (message, NULL), g_bytes_get_size (message)));
}

static void
test_raw_websocket (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("raw");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupWebsocketConnection) socket = NULL;
  g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func (g_free);

  rk_client_raw_websocket_async (client, rk_actor_get_id (actor), "/chat?room=1", NULL, NULL,
                                 NULL, rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  socket = rk_client_raw_websocket_finish (client, result, &error);
  g_assert_no_error (error);
  g_signal_connect (socket, "message", G_CALLBACK (raw_message_cb), frames);

  rk_test_wait_for (frames->len >= 1);
  g_assert_cmpstr (g_ptr_array_index (frames, 0), ==, "{\"hello\":true}");
  soup_websocket_connection_send_text (socket, "hi");
  rk_test_wait_for (frames->len >= 2);
  g_assert_cmpstr (g_ptr_array_index (frames, 1), ==, "echo:hi");
  soup_websocket_connection_close (socket, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
}

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

static void
test_inspector_live (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("counter");
  g_autoptr(RkInspector) inspector = rk_inspector_new (client, rk_actor_get_id (actor));
  g_autoptr(RkConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) out = NULL;
  g_autoptr(JsonNode) patched = rk_compat_from_plain (rk_test_json ("{\"count\":100}"));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) reply = NULL;

  rk_inspector_start (inspector);
  rk_test_wait_for (rk_inspector_get_loaded (inspector));
  g_test_message ("inspector transport reason: %s", rk_inspector_get_transport_reason (inspector));
  g_assert_cmpint (rk_inspector_get_transport (inspector), ==, RK_INSPECTOR_TRANSPORT_PUSH);
  g_assert_cmpuint (rk_inspector_get_protocol_version (inspector), ==, is_engine () ? 5 : 4);
  g_assert_true (rk_inspector_get_is_state_enabled (inspector));
  g_assert_true (g_strv_contains (rk_inspector_get_rpcs (inspector), "increment"));
  g_assert_cmpint (state_count (inspector), ==, 0);

  /* Pushed state. */
  out = call_action (rk_actor_get_id (actor), "increment", "[41]", NULL, &error);
  g_assert_no_error (error);
  rk_test_wait_for (state_count (inspector) == 41);

  /* Patch over HTTP, seen over the socket. */
  rk_inspector_patch_state_async (inspector, patched, NULL, rk_test_store_result_cb, &result);
  reply = inspector_call_finish (inspector, &result);
  rk_test_wait_for (state_count (inspector) == 100);

  /* Pushed connections. */
  connection = rk_client_connect (client, rk_actor_get_id (actor), NULL);
  rk_connection_open (connection);
  rk_test_wait_for (rk_inspector_get_connections (inspector) != NULL &&
                    json_array_get_length (json_node_get_array (rk_inspector_get_connections (inspector))) >= 1);
  rk_connection_close (connection);
  rk_inspector_stop (inspector);
  g_assert_cmpint (rk_inspector_get_transport (inspector), ==, RK_INSPECTOR_TRANSPORT_NONE);
}

static void
test_inspector_poll (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("counter");
  g_autoptr(RkInspector) inspector = rk_inspector_new (client, rk_actor_get_id (actor));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) out = NULL;

  /* Without the socket, the summary is polled. */
  rk_inspector_set_push_enabled (inspector, FALSE);
  rk_inspector_set_poll_interval (inspector, 1);
  rk_inspector_start (inspector);
  rk_test_wait_for (rk_inspector_get_loaded (inspector));
  g_assert_cmpint (rk_inspector_get_transport (inspector), ==, RK_INSPECTOR_TRANSPORT_POLL);
  g_assert_true (g_strv_contains (rk_inspector_get_rpcs (inspector), "getCount"));

  out = call_action (rk_actor_get_id (actor), "increment", "[9]", NULL, &error);
  g_assert_no_error (error);
  rk_test_wait_for (state_count (inspector) == 9);
}

static void
test_inspector_http (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("counter");
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
  assert_json (json_object_get_member (json_node_get_object (action), "output"), "2");

  rk_inspector_get_metrics_async (inspector, NULL, rk_test_store_result_cb, &metrics_result);
  rk_test_wait_for (metrics_result != NULL);
  metrics = rk_inspector_request_finish (inspector, metrics_result, &error);
  if (is_engine ())
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
  g_autoptr(RkActor) actor = fresh_actor ("jobs");
  g_autoptr(RkInspector) inspector = rk_inspector_new (client, rk_actor_get_id (actor));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) sent = NULL;
  g_autoptr(JsonNode) body = rk_compat_from_plain (rk_test_json ("{\"job\":1}"));
  g_autoptr(JsonNode) queue = NULL;

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
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (json_node_get_object (queue),
                                                                        "messages")), ==, 1);
}

static void
test_inspector_database (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("notes");
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

  added = call_action (rk_actor_get_id (actor), "add", "[\"first note\"]", NULL, &error);
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

/* Lifecycle */

static RkActorStatus
fetch_status (const char *actor_id)
{
  const char *ids[] = { actor_id, NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;

  rk_client_get_actors_by_ids_async (client, ids, NULL, rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  found = rk_client_get_actors_by_ids_finish (client, result, &error);

  /* 2.2 answers the look-up itself with actor.stopping while the actor
   * goes to sleep. */
  if (rk_error_matches (error, "actor", "stopping"))
    return RK_ACTOR_STATUS_PENDING;

  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  return rk_actor_get_status (g_ptr_array_index (found, 0));
}

static void
test_wake (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("lifecycle");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) slept = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  gint64 deadline = g_get_monotonic_time () + RK_TEST_TIMEOUT_MS * 1000;

  slept = call_action (rk_actor_get_id (actor), "doSleep", "[]", NULL, &error);
  g_assert_no_error (error);

  /* The record shows it asleep, and reading the record does not wake it. */
  while (fetch_status (rk_actor_get_id (actor)) != RK_ACTOR_STATUS_SLEEPING)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      rk_test_run_for (100);
    }

  rk_client_wake_actor_async (client, rk_actor_get_id (actor), NULL, rk_test_store_result_cb,
                              &result);
  rk_test_wait_result (&result);
  g_assert_true (rk_client_wake_actor_finish (client, result, &error));
  g_assert_no_error (error);

  while (fetch_status (rk_actor_get_id (actor)) != RK_ACTOR_STATUS_AWAKE)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      rk_test_run_for (100);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  if (!(server = rk_real_server_new_from_env (&error)) || !rk_real_server_start (server, &error))
    g_error ("Cannot start the RivetKit test server: %s", error->message);

  client = rk_client_new (rk_real_server_get_endpoint (server), NULL, NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/rk/integration/probe", test_probe);
  g_test_add_func ("/rk/integration/unreachable", test_unreachable);
  g_test_add_func ("/rk/integration/directory", test_directory);
  g_test_add_func ("/rk/integration/missing-key", test_missing_key);
  g_test_add_func ("/rk/integration/escaped-key", test_escaped_key);
  g_test_add_func ("/rk/integration/create-duplicate", test_create_duplicate);
  g_test_add_func ("/rk/integration/destroy", test_destroy);
  g_test_add_func ("/rk/integration/action", test_action);
  g_test_add_func ("/rk/integration/action-conn-params", test_action_conn_params);
  g_test_add_func ("/rk/integration/action-errors", test_action_errors);
  g_test_add_func ("/rk/integration/action-special-values", test_action_special_values);
  g_test_add_func ("/rk/integration/connection-events", test_connection_events);
  g_test_add_func ("/rk/integration/connection-concurrent-actions",
                   test_connection_concurrent_actions);
  g_test_add_func ("/rk/integration/connection-action-error", test_connection_action_error);
  g_test_add_func ("/rk/integration/connection-rejected", test_connection_rejected);
  g_test_add_func ("/rk/integration/connection-kicked", test_connection_kicked);
  g_test_add_func ("/rk/integration/connection-zombie", test_connection_zombie);
  g_test_add_func ("/rk/integration/raw-request", test_raw_request);
  g_test_add_func ("/rk/integration/raw-websocket", test_raw_websocket);
  g_test_add_func ("/rk/integration/inspector-live", test_inspector_live);
  g_test_add_func ("/rk/integration/inspector-poll", test_inspector_poll);
  g_test_add_func ("/rk/integration/inspector-http", test_inspector_http);
  g_test_add_func ("/rk/integration/inspector-queue", test_inspector_queue);
  g_test_add_func ("/rk/integration/inspector-database", test_inspector_database);
  g_test_add_func ("/rk/integration/wake", test_wake);
  /* Last: it restarts the server. */
  g_test_add_func ("/rk/integration/connection-restart", test_connection_restart);

  ret = g_test_run ();

  g_clear_object (&client);
  if (!rk_real_server_stop (server, &error))
    g_warning ("Stopping the test server: %s", error->message);
  rk_real_server_free (server);

  return ret;
}
