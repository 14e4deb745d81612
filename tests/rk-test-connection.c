/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-test-connection.c: a fixture for RkConnection tests against RkTestServer:
 * the connection's signals recorded, actions and transitions at hand */

#include "config.h"

#include "rk-compat.h"
#include "rk-test-connection.h"
#include "rk-test-util.h"

void
rk_test_conn_setup (RkTestConnFixture *f,
                    gconstpointer      data)
{
  g_autoptr(GError) error = NULL;

  f->server = rk_test_server_new ();
  f->client = rk_client_new (rk_test_server_get_url (f->server), NULL, NULL, &error);
  g_assert_no_error (error);
  f->events = g_ptr_array_new_with_free_func (g_free);
  f->errors = g_ptr_array_new_with_free_func ((GDestroyNotify)g_error_free);
}

/* Closes the connection and checks that everything is finalized, and that
 * no signal came after a test declared the connection disposed. */
void
rk_test_conn_teardown (RkTestConnFixture *f,
                       gconstpointer      data)
{
  if (f->connection != NULL)
    {
      rk_connection_close (f->connection);
      rk_test_assert_finalized (g_steal_pointer (&f->connection));
    }
  g_assert_cmpuint (f->late_signals, ==, 0);
  rk_test_assert_finalized (g_steal_pointer (&f->client));
  rk_test_assert_finalized (g_steal_pointer (&f->server));
  g_ptr_array_unref (f->events);
  g_ptr_array_unref (f->errors);
}

static void
event_cb (RkConnection      *connection,
          const char        *name,
          JsonNode          *args,
          RkTestConnFixture *f)
{
  g_autofree char *text = rk_compat_to_string (args, FALSE);

  f->late_signals += f->disposed;
  g_ptr_array_add (f->events, g_strdup_printf ("%s %s", name, text));
}

static void
error_cb (RkConnection      *connection,
          const GError      *error,
          RkTestConnFixture *f)
{
  f->late_signals += f->disposed;
  g_ptr_array_add (f->errors, g_error_copy (error));
}

static void
notify_cb (RkConnection      *connection,
           GParamSpec        *pspec,
           RkTestConnFixture *f)
{
  f->late_signals += f->disposed;
  f->max_attempt = MAX (f->max_attempt, rk_connection_get_attempt (connection));
}

/* A connection to RK_TEST_ACTOR_ID with a short backoff (10 to 100 ms),
 * its events and errors recorded in @f */
RkConnection *
rk_test_conn_new (RkTestConnFixture *f,
                  JsonNode          *params)
{
  f->connection = rk_client_connect (f->client, RK_TEST_ACTOR_ID, params);
  rk_connection_set_backoff (f->connection, 10, 100);
  g_signal_connect (f->connection, "event", G_CALLBACK (event_cb), f);
  g_signal_connect (f->connection, "error", G_CALLBACK (error_cb), f);
  g_signal_connect (f->connection, "notify", G_CALLBACK (notify_cb), f);

  return f->connection;
}

void
rk_test_conn_wait_status (RkTestConnFixture  *f,
                          RkConnectionStatus  status)
{
  rk_test_wait_for_ms (rk_connection_get_status (f->connection) == status, 10000);
}

/* Plays @script on the next @times sockets (0: all) */
RkTestRoute *
rk_test_conn_add_script (RkTestConnFixture *f,
                         RkTestWsScript    *script,
                         guint              times)
{
  RkTestRoute *route = rk_test_server_add_websocket (f->server, RK_TEST_CONNECT_PATH, script);

  rk_test_route_set_times (route, times);
  return route;
}

/* A socket that says Init, then answers every action with its name and args */
RkTestWsScript *
rk_test_echo_script (void)
{
  RkTestWsScript *script = rk_test_ws_script_new ();

  rk_test_ws_script_send_init (script);
  rk_test_ws_script_echo (script);
  return script;
}

void
rk_test_conn_start_action (RkTestConnFixture  *f,
                           const char         *name,
                           GAsyncResult      **slot)
{
  rk_connection_action_async (f->connection, name, NULL, NULL, rk_test_store_result_cb, slot);
}

JsonNode *
rk_test_conn_finish_action (RkTestConnFixture  *f,
                            GAsyncResult      **slot,
                            GError            **error)
{
  rk_test_wait_result (slot);
  return rk_connection_action_finish (f->connection, *slot, error);
}

/* The socket an echoed action ran on, or -1 */
gint64
rk_test_echo_connection (JsonNode *output)
{
  g_autoptr(JsonNode) plain = rk_compat_to_plain (output, NULL);
  JsonObject *object;

  if (plain == NULL || !JSON_NODE_HOLDS_OBJECT (plain))
    return -1;
  object = json_node_get_object (plain);
  return json_object_get_int_member_with_default (object, "connection", -1);
}

/* Returns: (transfer full): the newest transition */
RkTransition *
rk_test_conn_last_transition (RkTestConnFixture *f)
{
  GListModel *transitions = rk_connection_get_transitions (f->connection);
  guint n = g_list_model_get_n_items (transitions);

  g_assert_cmpuint (n, >, 0);
  return g_list_model_get_item (transitions, n - 1);
}

guint
rk_test_conn_count_transitions (RkTestConnFixture  *f,
                                RkConnectionStatus  status)
{
  GListModel *transitions = rk_connection_get_transitions (f->connection);
  guint count = 0;

  for (guint i = 0; i < g_list_model_get_n_items (transitions); i++)
    {
      g_autoptr(RkTransition) t = g_list_model_get_item (transitions, i);

      count += rk_transition_get_to (t) == status;
    }

  return count;
}

/* Waits long enough for several retries at the fixture's backoff, then
 * checks that the server saw only @sockets handshakes and no retry waits */
void
rk_test_conn_assert_no_reconnect (RkTestConnFixture *f,
                                  guint              sockets)
{
  rk_test_run_for (300);
  g_assert_cmpuint (rk_test_server_count (f->server, "GET", RK_TEST_CONNECT_PATH), ==, sockets);
  g_assert_cmpuint (f->connection->retry_source, ==, 0);
}
