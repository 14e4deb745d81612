/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-faults-ws.c: RkConnection's lifecycle over a misbehaving WebSocket:
 * rejections, silence, drops, reconnect storms, disposal at every stage */

#include "config.h"

#include <string.h>

#include "rk-compat.h"
#include "rk-error.h"
#include "rk-test-connection.h"
#include "rk-test-util.h"

typedef RkTestConnFixture Fixture;

#define SECRET "s3cr3t-T0ken"

/* Rejections */

typedef struct
{
  const char         *name;
  gushort             code;
  const char         *reason;
  gboolean            after_init;
  RkConnectionStatus  status;
  const char         *group;
  const char         *error_code;
} CloseCase;

static const CloseCase close_cases[] = {
  { "user-unauthorized", 1011, "user.unauthorized", FALSE,
    RK_CONNECTION_STATUS_FAILED, "user", "unauthorized" },
  { "actor-not-found-ray-id", 1011, "actor.not_found#ray-7f3a", FALSE,
    RK_CONNECTION_STATUS_FAILED, "actor", "not_found" },
  { "inspector-unauthorized-1008", 1008, "inspector.unauthorized", FALSE,
    RK_CONNECTION_STATUS_FAILED, "inspector", "unauthorized" },
  { "internal-error-at-setup", 1011, "rivetkit.internal_error", FALSE,
    RK_CONNECTION_STATUS_FAILED, "rivetkit", "internal_error" },
  { "internal-error-after-init", 1011, "rivetkit.internal_error", TRUE,
    RK_CONNECTION_STATUS_RECONNECTING, "rivetkit", "internal_error" },
  { "actor-destroyed-after-init", 1011, "actor.destroyed", TRUE,
    RK_CONNECTION_STATUS_FAILED, "actor", "destroyed" },
  { "guard-at-setup", 1011, "guard.service_unavailable", FALSE,
    RK_CONNECTION_STATUS_RECONNECTING, "guard", "service_unavailable" },
  { "going-away-1001", 1001, "", TRUE,
    RK_CONNECTION_STATUS_RECONNECTING, NULL, NULL },
  { "normal-1000-without-reason", 1000, "", TRUE,
    RK_CONNECTION_STATUS_RECONNECTING, NULL, NULL },
};

static void
test_close (Fixture       *f,
            gconstpointer  data)
{
  const CloseCase *c = data;
  g_autoptr(RkTestWsScript) script = rk_test_ws_script_new ();
  g_autoptr(RkTestWsScript) silent = rk_test_ws_script_new ();
  g_autoptr(RkTransition) last = NULL;
  g_autoptr(GAsyncResult) queued = NULL;
  g_autoptr(GError) error = NULL;

  if (c->after_init)
    rk_test_ws_script_send_init (script);
  rk_test_ws_script_close (script, c->code, c->reason);
  rk_test_conn_add_script (f, script, 1);
  rk_test_conn_add_script (f, silent, 0);

  rk_test_conn_new (f, NULL);
  rk_connection_open (f->connection);
  rk_test_conn_wait_status (f, c->status);

  last = rk_test_conn_last_transition (f);
  g_assert_cmpint (rk_transition_get_to (last), ==, c->status);
  g_assert_cmpuint (rk_transition_get_close_code (last), ==, c->code);
  g_assert_cmpstr (rk_transition_get_error_group (last), ==, c->group);
  g_assert_cmpstr (rk_transition_get_error_code (last), ==, c->error_code);
  g_assert_nonnull (rk_transition_get_reason (last));
  g_assert_null (strchr (rk_transition_get_reason (last), '#'));

  if (c->status == RK_CONNECTION_STATUS_FAILED)
    {
      g_assert_cmpuint (rk_transition_get_attempt (last), ==, 0);
      rk_test_conn_assert_no_reconnect (f, 1);

      /* A failed connection refuses actions at once */
      rk_test_conn_start_action (f, "increment", &queued);
      g_assert_null (rk_test_conn_finish_action (f, &queued, &error));
      g_assert_error (error, RK_ERROR, RK_ERROR_CLOSED);
      g_assert_nonnull (strstr (error->message, "failed"));
    }
  else
    {
      g_assert_cmpuint (rk_transition_get_attempt (last), ==, 1);
      rk_test_wait_for (rk_test_server_count (f->server, "GET", RK_TEST_CONNECT_PATH) >= 2);
    }
}

static void
test_upgrade_refused (Fixture       *f,
                      gconstpointer  data)
{
  gboolean with_params = GPOINTER_TO_INT (data);
  g_autoptr(JsonNode) params = rk_test_json ("{\"token\":\"wrong\"}");
  g_autoptr(RkTransition) last = NULL;

  /* 2.2 answers invalid params with a plain 500 before the upgrade */
  rk_test_server_add_route (f->server, "GET", RK_TEST_CONNECT_PATH, 500, NULL, NULL);

  rk_test_conn_new (f, with_params ? params : NULL);
  rk_connection_open (f->connection);

  if (with_params)
    {
      rk_test_conn_wait_status (f, RK_CONNECTION_STATUS_FAILED);
      g_assert_nonnull (strstr (rk_connection_get_status_reason (f->connection),
                                "refused the connection params"));
      rk_test_conn_assert_no_reconnect (f, 1);
    }
  else
    {
      /* Without params, a 500 is the server's trouble: try again */
      rk_test_conn_wait_status (f, RK_CONNECTION_STATUS_RECONNECTING);
      rk_test_wait_for (rk_test_server_count (f->server, "GET", RK_TEST_CONNECT_PATH) >= 3);
      g_assert_cmpuint (f->max_attempt, >=, 2);
    }

  last = rk_test_conn_last_transition (f);
  g_assert_nonnull (strstr (rk_transition_get_reason (last), "500"));
}

static void
test_no_init (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(RkTestWsScript) silent = rk_test_ws_script_new ();
  g_autoptr(RkTestWsScript) good = rk_test_echo_script ();
  g_autoptr(RkTransition) first_loss = NULL;
  GListModel *transitions;
  gint64 opened;

  rk_test_conn_add_script (f, silent, 1);
  rk_test_conn_add_script (f, good, 0);
  rk_client_set_timeout (f->client, 1);

  rk_test_conn_new (f, NULL);
  opened = g_get_monotonic_time ();
  rk_connection_open (f->connection);
  rk_test_conn_wait_status (f, RK_CONNECTION_STATUS_RECONNECTING);
  g_assert_cmpint (g_get_monotonic_time () - opened, >=, 900 * 1000);

  transitions = rk_connection_get_transitions (f->connection);
  first_loss = g_list_model_get_item (transitions, 1);
  g_assert_cmpint (rk_transition_get_to (first_loss), ==, RK_CONNECTION_STATUS_RECONNECTING);
  g_assert_nonnull (strstr (rk_transition_get_reason (first_loss), "sent no Init within 1 s"));

  rk_test_conn_wait_status (f, RK_CONNECTION_STATUS_CONNECTED);
  g_assert_cmpstr (rk_connection_get_connection_id (f->connection), ==, "conn-1");
  g_assert_cmpuint (f->connection->init_timeout_source, ==, 0);
}

/* Losing the server */

static void
test_drop_and_return (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(RkTestWsScript) script = rk_test_echo_script ();
  const RkConnectionStatus expected[] = {
    RK_CONNECTION_STATUS_CONNECTING,
    RK_CONNECTION_STATUS_CONNECTED,
    RK_CONNECTION_STATUS_RECONNECTING,
  };
  GListModel *transitions;
  gint64 previous = 0;
  guint n;

  rk_test_conn_add_script (f, script, 0);
  rk_test_conn_new (f, NULL);
  rk_connection_open (f->connection);
  rk_test_conn_wait_status (f, RK_CONNECTION_STATUS_CONNECTED);
  g_assert_cmpstr (rk_connection_get_connection_id (f->connection), ==, "conn-0");

  rk_test_server_stop (f->server);
  rk_test_conn_wait_status (f, RK_CONNECTION_STATUS_RECONNECTING);
  g_assert_nonnull (strstr (rk_connection_get_status_reason (f->connection),
                            "went away without closing the WebSocket"));
  /* While the server is away, attempts fail and are counted */
  rk_test_wait_for (f->max_attempt >= 3);
  g_assert_cmpint (rk_connection_get_next_attempt_time (f->connection), >, 0);

  rk_test_server_restart (f->server);
  rk_test_conn_wait_status (f, RK_CONNECTION_STATUS_CONNECTED);
  g_assert_cmpstr (rk_connection_get_connection_id (f->connection), ==, "conn-1");
  g_assert_cmpuint (rk_connection_get_attempt (f->connection), ==, 0);
  g_assert_cmpint (rk_connection_get_next_attempt_time (f->connection), ==, 0);
  g_assert_cmpuint (f->connection->retry_source, ==, 0);

  transitions = rk_connection_get_transitions (f->connection);
  n = g_list_model_get_n_items (transitions);
  g_assert_cmpuint (n, >=, 4);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RkTransition) t = g_list_model_get_item (transitions, i);

      if (i < G_N_ELEMENTS (expected))
        g_assert_cmpint (rk_transition_get_to (t), ==, expected[i]);
      g_assert_cmpint (rk_transition_get_time (t), >=, previous);
      previous = rk_transition_get_time (t);
      g_assert_nonnull (rk_transition_get_reason (t));
      g_assert_cmpstr (rk_transition_get_reason (t), !=, "");
      if (i > 0)
        {
          g_autoptr(RkTransition) before = g_list_model_get_item (transitions, i - 1);
          g_assert_cmpint (rk_transition_get_from (t), ==, rk_transition_get_to (before));
        }
      if (rk_transition_get_to (t) == RK_CONNECTION_STATUS_RECONNECTING)
        g_assert_cmpuint (rk_transition_get_attempt (t), >=, 1);
    }

  {
    g_autoptr(RkTransition) last = rk_test_conn_last_transition (f);
    g_assert_cmpint (rk_transition_get_to (last), ==, RK_CONNECTION_STATUS_CONNECTED);
  }
}

static void
status_notify_cb (RkConnection *connection,
                  GParamSpec   *pspec,
                  GArray       *seen)
{
  RkConnectionStatus status = rk_connection_get_status (connection);

  g_array_append_val (seen, status);
}

static void
test_open_while_reconnecting (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (RkConnectionStatus));
  g_autoptr(RkTransition) last = NULL;
  GListModel *transitions;
  gboolean found = FALSE;

  rk_test_server_stop (f->server);
  rk_test_conn_new (f, NULL);
  rk_connection_set_backoff (f->connection, 5000, 5000);
  rk_connection_open (f->connection);
  rk_test_conn_wait_status (f, RK_CONNECTION_STATUS_RECONNECTING);

  /* The user does not wait for the backoff: every change of status is
   * notified and recorded */
  g_signal_connect (f->connection, "notify::status", G_CALLBACK (status_notify_cb), seen);
  rk_connection_open (f->connection);
  rk_test_conn_wait_status (f, RK_CONNECTION_STATUS_RECONNECTING);

  g_assert_cmpuint (seen->len, ==, 2);
  g_assert_cmpint (g_array_index (seen, RkConnectionStatus, 0), ==,
                   RK_CONNECTION_STATUS_CONNECTING);
  g_assert_cmpint (g_array_index (seen, RkConnectionStatus, 1), ==,
                   RK_CONNECTION_STATUS_RECONNECTING);

  transitions = rk_connection_get_transitions (f->connection);
  for (guint i = 0; i < g_list_model_get_n_items (transitions); i++)
    {
      g_autoptr(RkTransition) t = g_list_model_get_item (transitions, i);

      g_assert_cmpint (rk_transition_get_from (t), !=, rk_transition_get_to (t));
      found |= rk_transition_get_from (t) == RK_CONNECTION_STATUS_RECONNECTING &&
               rk_transition_get_to (t) == RK_CONNECTION_STATUS_CONNECTING;
    }
  g_assert_true (found);
  g_signal_handlers_disconnect_by_func (f->connection, status_notify_cb, seen);
}

static void
test_disconnected_by_actor (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(RkTestWsScript) script = rk_test_ws_script_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  rk_test_ws_script_send_init (script);
  rk_test_ws_script_expect (script, "ActionRequest");
  rk_test_ws_script_close (script, 1000, "kicked by test");
  rk_test_conn_add_script (f, script, 0);

  rk_test_conn_new (f, NULL);
  rk_connection_open (f->connection);
  rk_test_conn_wait_status (f, RK_CONNECTION_STATUS_CONNECTED);
  rk_test_conn_start_action (f, "kick", &result);

  rk_test_conn_wait_status (f, RK_CONNECTION_STATUS_DISCONNECTED);
  g_assert_nonnull (strstr (rk_connection_get_status_reason (f->connection), "kicked by test"));
  g_assert_null (rk_test_conn_finish_action (f, &result, &error));
  g_assert_error (error, RK_ERROR, RK_ERROR_CLOSED);
  g_assert_nonnull (strstr (error->message, "kicked by test"));
  rk_test_conn_assert_no_reconnect (f, 1);
}

/* Reconnect storm */

static void
test_reconnect_storm (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(RkTestWsScript) drop = rk_test_ws_script_new ();
  g_autoptr(RkTestWsScript) good = rk_test_echo_script ();
  g_autoptr(GArray) gaps = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 early = 0;
  gint64 late = 0;
  guint n;

  rk_test_ws_script_drop (drop);
  rk_test_conn_add_script (f, drop, 50);
  rk_test_conn_add_script (f, good, 0);

  rk_test_conn_new (f, NULL);
  rk_connection_set_backoff (f->connection, 4, 64);
  rk_connection_open (f->connection);
  rk_test_wait_for_ms (rk_connection_get_status (f->connection) == RK_CONNECTION_STATUS_CONNECTED,
                       20000);

  /* Every failure counted; the counter resets once connected */
  g_assert_cmpuint (f->max_attempt, ==, 50);
  g_assert_cmpuint (rk_connection_get_attempt (f->connection), ==, 0);
  g_assert_cmpuint (rk_test_server_get_n_websockets (f->server), ==, 51);
  g_assert_cmpuint (f->connection->retry_source, ==, 0);
  g_assert_cmpint (rk_connection_get_next_attempt_time (f->connection), ==, 0);

  /* The gaps between handshakes follow the backoff: growing, then capped
   * (jitter keeps each in [delay/2, delay]) */
  n = rk_test_server_count (f->server, "GET", RK_TEST_CONNECT_PATH);
  g_assert_cmpuint (n, ==, 51);
  for (guint i = 1; i < n; i++)
    {
      gint64 gap = rk_test_server_find (f->server, "GET", RK_TEST_CONNECT_PATH, i)->time -
                   rk_test_server_find (f->server, "GET", RK_TEST_CONNECT_PATH, i - 1)->time;

      g_array_append_val (gaps, gap);
      /* Uncapped, the 9th delay alone would pass a second */
      g_assert_cmpint (gap, <, G_USEC_PER_SEC);
    }
  for (guint i = 0; i < 3; i++)
    early += g_array_index (gaps, gint64, i);
  for (guint i = 30; i < 50; i++)
    late += g_array_index (gaps, gint64, i);
  g_assert_cmpint (early / 3, <, late / 20);
  g_assert_cmpint (late / 20, >=, 32 * 1000);
  g_assert_cmpint (late / 20, <=, 200 * 1000);

  rk_connection_close (f->connection);
  rk_test_conn_assert_no_reconnect (f, 51);
}

/* Disposal and closing */

static void
dispose_now (Fixture *f)
{
  g_object_run_dispose (G_OBJECT (f->connection));
  f->disposed = TRUE;
}

static void
test_dispose_while_connecting (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(RkTestWsScript) script = rk_test_echo_script ();
  RkTestRoute *route = rk_test_conn_add_script (f, script, 0);

  rk_test_route_set_delay (route, 300);
  rk_test_conn_new (f, NULL);
  rk_connection_open (f->connection);
  rk_test_wait_for (rk_test_route_get_hits (route) == 1);
  g_assert_cmpint (rk_connection_get_status (f->connection), ==, RK_CONNECTION_STATUS_CONNECTING);

  f->disposed = TRUE;
  rk_test_assert_finalized (g_steal_pointer (&f->connection));

  /* The held-back upgrade completes into nothing */
  rk_test_run_for (500);
  g_assert_cmpuint (rk_test_server_get_n_websockets (f->server), <=, 1);
  g_assert_cmpuint (rk_test_server_get_n_open_websockets (f->server), ==, 0);
  g_assert_cmpuint (rk_test_server_count (f->server, "GET", RK_TEST_CONNECT_PATH), ==, 1);
}

static void
test_dispose_while_reconnecting (Fixture       *f,
                                 gconstpointer  data)
{
  rk_test_server_stop (f->server);
  rk_test_conn_new (f, NULL);
  rk_connection_open (f->connection);
  rk_test_wait_for (f->max_attempt >= 2);
  g_assert_cmpuint (f->connection->retry_source, !=, 0);

  f->disposed = TRUE;
  rk_test_assert_finalized (g_steal_pointer (&f->connection));

  /* No timer survives: the server, back, sees nobody */
  rk_test_server_restart (f->server);
  rk_test_run_for (300);
  g_assert_cmpuint (rk_test_server_get_n_requests (f->server), ==, 0);
}

static void
test_dispose_with_queued_actions (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GError) error = NULL;

  rk_test_server_stop (f->server);
  rk_test_conn_new (f, NULL);
  rk_connection_open (f->connection);
  rk_test_conn_wait_status (f, RK_CONNECTION_STATUS_RECONNECTING);
  rk_test_conn_start_action (f, "a", &first);
  rk_test_conn_start_action (f, "b", &second);

  /* The actions' tasks hold the connection: an owner disposes it */
  dispose_now (f);
  g_assert_null (rk_test_conn_finish_action (f, &first, &error));
  g_assert_error (error, RK_ERROR, RK_ERROR_CLOSED);
  g_assert_nonnull (strstr (error->message, "disposed"));
  g_clear_error (&error);
  g_assert_null (rk_test_conn_finish_action (f, &second, &error));
  g_assert_error (error, RK_ERROR, RK_ERROR_CLOSED);
  g_clear_object (&first);
  g_clear_object (&second);

  rk_test_server_restart (f->server);
  rk_test_run_for (300);
  g_assert_cmpuint (rk_test_server_get_n_requests (f->server), ==, 0);
  rk_test_assert_finalized (g_steal_pointer (&f->connection));
}

static void
test_unref_with_queued_actions (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GObject *source;
  gpointer weak;

  rk_test_server_stop (f->server);
  rk_test_conn_new (f, NULL);
  rk_connection_set_action_timeout (f->connection, 300);
  rk_connection_open (f->connection);
  rk_test_conn_wait_status (f, RK_CONNECTION_STATUS_RECONNECTING);
  rk_connection_action_async (f->connection, "a", NULL, NULL, rk_test_store_result_cb, &result);

  /* Dropping the last reference of our own: the pending action keeps the
   * connection alive until it times out, then everything goes */
  weak = f->connection;
  g_object_add_weak_pointer (weak, &weak);
  g_clear_object (&f->connection);
  rk_test_wait_result (&result);
  source = g_async_result_get_source_object (result);
  g_assert_null (rk_connection_action_finish (RK_CONNECTION (source), result, &error));
  g_assert_error (error, RK_ERROR, RK_ERROR_TIMEOUT);
  g_clear_object (&source);
  g_clear_object (&result);
  rk_test_wait_for (weak == NULL);

  rk_test_server_restart (f->server);
  rk_test_run_for (300);
  g_assert_cmpuint (rk_test_server_get_n_requests (f->server), ==, 0);
}

static void
test_close_fails_pending (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(RkTestWsScript) script = rk_test_ws_script_new ();
  g_autoptr(GAsyncResult) in_flight = NULL;
  g_autoptr(GAsyncResult) queued = NULL;
  g_autoptr(GError) error = NULL;

  rk_test_ws_script_send_init (script);
  rk_test_conn_add_script (f, script, 0);
  rk_test_conn_new (f, NULL);
  rk_connection_open (f->connection);
  rk_test_conn_wait_status (f, RK_CONNECTION_STATUS_CONNECTED);

  rk_test_conn_start_action (f, "sent", &in_flight);
  rk_test_wait_for (rk_test_server_count_frames (f->server, 0, "\"sent\"") == 1);

  rk_test_server_stop (f->server);
  rk_test_conn_wait_status (f, RK_CONNECTION_STATUS_RECONNECTING);
  g_assert_null (rk_test_conn_finish_action (f, &in_flight, &error));
  g_assert_error (error, RK_ERROR, RK_ERROR_CLOSED);
  g_clear_error (&error);

  rk_test_conn_start_action (f, "waiting", &queued);
  g_assert_cmpuint (rk_connection_get_queued_count (f->connection), ==, 1);
  rk_connection_close (f->connection);
  g_assert_cmpint (rk_connection_get_status (f->connection), ==,
                   RK_CONNECTION_STATUS_DISCONNECTED);
  g_assert_cmpstr (rk_connection_get_status_reason (f->connection), ==, "closed by you");
  g_assert_null (rk_test_conn_finish_action (f, &queued, &error));
  g_assert_error (error, RK_ERROR, RK_ERROR_CLOSED);
  g_assert_cmpstr (error->message, ==, "The connection was closed");
  g_assert_cmpuint (rk_connection_get_queued_count (f->connection), ==, 0);
  g_assert_cmpuint (f->connection->retry_source, ==, 0);

  rk_test_server_restart (f->server);
  rk_test_conn_assert_no_reconnect (f, 1);
}

static void
test_close_in_flight (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(RkTestWsScript) script = rk_test_ws_script_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  rk_test_ws_script_send_init (script);
  rk_test_conn_add_script (f, script, 0);
  rk_test_conn_new (f, NULL);
  rk_connection_open (f->connection);
  rk_test_conn_wait_status (f, RK_CONNECTION_STATUS_CONNECTED);

  rk_test_conn_start_action (f, "sent", &result);
  rk_connection_close (f->connection);
  g_assert_null (rk_test_conn_finish_action (f, &result, &error));
  g_assert_error (error, RK_ERROR, RK_ERROR_CLOSED);
  g_assert_cmpstr (error->message, ==, "The connection was closed");
  rk_test_wait_for (rk_test_server_get_n_open_websockets (f->server) == 0);
  rk_test_conn_assert_no_reconnect (f, 1);
}

/* Tokens over the WebSocket */

static void
test_token (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(RkTestWsScript) script = rk_test_ws_script_new ();
  g_autoptr(GError) error = NULL;
  const char *path = "/gateway/" RK_TEST_ACTOR_ID "@" SECRET "/connect";
  const RkTestRequest *request;
  GListModel *transitions;

  g_clear_object (&f->client);
  f->client = rk_client_new (rk_test_server_get_url (f->server), NULL, SECRET, &error);
  g_assert_no_error (error);

  /* A server that quotes what it was sent in its close reasons */
  rk_test_ws_script_close (script, 1011, "bad protocol rivet_token." SECRET);
  rk_test_server_add_websocket (f->server, path, script);

  rk_test_conn_new (f, NULL);
  rk_connection_open (f->connection);
  rk_test_wait_for (rk_test_server_get_n_websockets (f->server) >= 2);

  request = rk_test_server_find (f->server, "GET", path, 0);
  g_assert_nonnull (request);
  g_assert_true (soup_message_headers_header_contains (request->headers,
                                                       "Sec-WebSocket-Protocol",
                                                       "rivet_token." SECRET));

  transitions = rk_connection_get_transitions (f->connection);
  for (guint i = 0; i < g_list_model_get_n_items (transitions); i++)
    {
      g_autoptr(RkTransition) t = g_list_model_get_item (transitions, i);

      g_assert_null (strstr (rk_transition_get_reason (t), SECRET));
    }
  g_assert_null (strstr (rk_connection_get_status_reason (f->connection), SECRET));
}

/* The actor went to sleep and left the socket open */

static void
test_liveness_zombie (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(RkTestWsScript) script = rk_test_ws_script_new ();
  RkTestRoute *route;

  rk_test_ws_script_send_init (script);
  rk_test_conn_add_script (f, script, 0);
  route = rk_test_server_add_route (f->server, "GET", "/actors", 200, "application/json",
                                    "{\"actors\":[{\"actor_id\":\"a1\",\"name\":\"counter\","
                                    "\"create_ts\":1,\"sleep_ts\":5,\"connectable_ts\":null}]}");
  rk_test_route_set_query (route, "actor_ids=a1*");

  rk_test_conn_new (f, NULL);
  rk_connection_set_liveness_interval (f->connection, 1);
  rk_connection_open (f->connection);
  rk_test_conn_wait_status (f, RK_CONNECTION_STATUS_CONNECTED);

  rk_test_wait_for (rk_test_conn_count_transitions (f, RK_CONNECTION_STATUS_RECONNECTING) == 1);
  {
    GListModel *transitions = rk_connection_get_transitions (f->connection);
    g_autoptr(RkTransition) loss = g_list_model_get_item (transitions, 2);

    g_assert_nonnull (strstr (rk_transition_get_reason (loss), "went to sleep"));
  }
  rk_test_wait_for (rk_test_server_get_n_websockets (f->server) == 2);
  rk_test_conn_wait_status (f, RK_CONNECTION_STATUS_CONNECTED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, data, func) \
  g_test_add ("/rk/faults/ws/" path, Fixture, data, rk_test_conn_setup, func, \
              rk_test_conn_teardown)

  for (guint i = 0; i < G_N_ELEMENTS (close_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/rk/faults/ws/close/", close_cases[i].name, NULL);

      g_test_add (path, Fixture, &close_cases[i], rk_test_conn_setup, test_close,
                  rk_test_conn_teardown);
    }
  ADD ("upgrade-500/with-params", GINT_TO_POINTER (TRUE), test_upgrade_refused);
  ADD ("upgrade-500/without-params", GINT_TO_POINTER (FALSE), test_upgrade_refused);
  ADD ("no-init-within-timeout", NULL, test_no_init);
  ADD ("drop-and-return", NULL, test_drop_and_return);
  ADD ("disconnected-by-actor", NULL, test_disconnected_by_actor);
  ADD ("open-while-reconnecting", NULL, test_open_while_reconnecting);
  ADD ("reconnect-storm", NULL, test_reconnect_storm);
  ADD ("dispose/while-connecting", NULL, test_dispose_while_connecting);
  ADD ("dispose/while-reconnecting", NULL, test_dispose_while_reconnecting);
  ADD ("dispose/with-queued-actions", NULL, test_dispose_with_queued_actions);
  ADD ("dispose/unref-with-queued-actions", NULL, test_unref_with_queued_actions);
  ADD ("close/fails-queued", NULL, test_close_fails_pending);
  ADD ("close/fails-in-flight", NULL, test_close_in_flight);
  ADD ("token", NULL, test_token);
  ADD ("liveness-zombie-socket", NULL, test_liveness_zombie);

#undef ADD

  return g_test_run ();
}
