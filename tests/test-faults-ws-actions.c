/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-faults-ws-actions.c: actions, frames and events over a misbehaving
 * RkConnection socket: re-queued, failed, timed out, cancelled; garbage
 * frames reported while the socket stays up */

#include "config.h"

#include <string.h>

#include "rk-compat.h"
#include "rk-error.h"
#include "rk-test-connection.h"
#include "rk-test-util.h"

typedef RkTestConnFixture Fixture;

/* Actions across failures */

static void
test_stopping_requeued (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(RkTestWsScript) stopping = rk_test_ws_script_new ();
  g_autoptr(RkTestWsScript) good = rk_test_echo_script ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) output = NULL;

  rk_test_ws_script_send_init (stopping);
  rk_test_ws_script_reply_error (stopping, "actor", "stopping", "Actor stopping");
  rk_test_conn_add_script (f, stopping, 1);
  rk_test_conn_add_script (f, good, 0);

  rk_test_conn_new (f, NULL);
  rk_connection_open (f->connection);
  rk_test_conn_wait_status (f, RK_CONNECTION_STATUS_CONNECTED);

  rk_test_conn_start_action (f, "increment", &result);
  output = rk_test_conn_finish_action (f, &result, &error);
  g_assert_no_error (error);
  /* Not lost, not failed: it ran on the second socket */
  g_assert_cmpint (rk_test_echo_connection (output), ==, 1);
  g_assert_cmpuint (rk_test_server_count_frames (f->server, 0, "\"increment\""), ==, 1);
  g_assert_cmpuint (rk_test_server_count_frames (f->server, 1, "\"increment\""), ==, 1);
  g_assert_cmpuint (f->errors->len, ==, 0);
  g_assert_cmpuint (rk_test_conn_count_transitions (f, RK_CONNECTION_STATUS_RECONNECTING), ==, 1);
}

static void
test_in_flight_closed (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(RkTestWsScript) script = rk_test_ws_script_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  rk_test_ws_script_send_init (script);
  rk_test_ws_script_expect (script, "ActionRequest");
  rk_test_ws_script_drop (script);
  rk_test_conn_add_script (f, script, 0);

  rk_test_conn_new (f, NULL);
  rk_connection_open (f->connection);
  rk_test_conn_wait_status (f, RK_CONNECTION_STATUS_CONNECTED);

  rk_test_conn_start_action (f, "increment", &result);
  g_assert_null (rk_test_conn_finish_action (f, &result, &error));
  g_assert_error (error, RK_ERROR, RK_ERROR_CLOSED);
  g_assert_nonnull (strstr (error->message, "may or may not have run"));
  g_assert_cmpint (rk_connection_get_status (f->connection), ==,
                   RK_CONNECTION_STATUS_RECONNECTING);
  /* Sent once: an action that may have run is never sent again */
  rk_test_run_for (100);
  g_assert_cmpuint (rk_test_server_count_frames (f->server, RK_TEST_ANY_CONNECTION,
                                                 "\"increment\""), ==, 1);
}

static void
test_queued_delivered (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(RkTestWsScript) script = rk_test_echo_script ();
  GAsyncResult *results[3] = { NULL, };
  const char *names[] = { "first", "second", "third" };
  guint frames_before;

  rk_test_conn_add_script (f, script, 0);
  rk_test_conn_new (f, NULL);
  rk_connection_open (f->connection);
  rk_test_conn_wait_status (f, RK_CONNECTION_STATUS_CONNECTED);

  rk_test_server_stop (f->server);
  rk_test_conn_wait_status (f, RK_CONNECTION_STATUS_RECONNECTING);
  for (guint i = 0; i < 3; i++)
    rk_test_conn_start_action (f, names[i], &results[i]);
  g_assert_cmpuint (rk_connection_get_queued_count (f->connection), ==, 3);
  frames_before = rk_test_server_get_n_frames (f->server);

  rk_test_server_restart (f->server);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) output = rk_test_conn_finish_action (f, &results[i], &error);

      g_assert_no_error (error);
      g_assert_cmpint (rk_test_echo_connection (output), ==, 1);
      g_clear_object (&results[i]);
    }

  /* In the order they were called */
  g_assert_cmpuint (rk_test_server_get_n_frames (f->server), ==, frames_before + 3);
  for (guint i = 0; i < 3; i++)
    g_assert_nonnull (strstr (rk_test_server_get_frame (f->server, frames_before + i)->text,
                              names[i]));
  g_assert_cmpuint (rk_connection_get_queued_count (f->connection), ==, 0);
}

static void
test_queue_full (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(RkTestWsScript) script = rk_test_echo_script ();
  GAsyncResult *results[3] = { NULL, };
  g_autoptr(GError) error = NULL;

  rk_test_conn_add_script (f, script, 0);
  rk_test_server_stop (f->server);
  rk_test_conn_new (f, NULL);
  rk_connection_set_max_queued (f->connection, 2);
  rk_connection_open (f->connection);
  rk_test_conn_wait_status (f, RK_CONNECTION_STATUS_RECONNECTING);

  for (guint i = 0; i < 3; i++)
    rk_test_conn_start_action (f, "increment", &results[i]);

  /* The third is refused at once; the first two wait */
  g_assert_null (rk_test_conn_finish_action (f, &results[2], &error));
  g_assert_error (error, RK_ERROR, RK_ERROR_QUEUE_FULL);
  g_assert_nonnull (strstr (error->message, "2 actions are already waiting"));
  g_assert_null (results[0]);
  g_assert_cmpuint (rk_connection_get_queued_count (f->connection), ==, 2);

  rk_test_server_restart (f->server);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(JsonNode) output = rk_test_conn_finish_action (f, &results[i], &local_error);

      g_assert_no_error (local_error);
    }
  for (guint i = 0; i < 3; i++)
    g_clear_object (&results[i]);
}

static void
test_undeliverable (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  rk_test_server_stop (f->server);
  rk_test_conn_new (f, NULL);
  rk_connection_set_action_timeout (f->connection, 300);
  rk_connection_open (f->connection);
  rk_test_conn_wait_status (f, RK_CONNECTION_STATUS_RECONNECTING);

  rk_test_conn_start_action (f, "increment", &result);
  g_assert_null (rk_test_conn_finish_action (f, &result, &error));
  g_assert_error (error, RK_ERROR, RK_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "“increment” could not be delivered within 300 ms"));
  g_assert_nonnull (strstr (error->message, "reconnecting"));
  g_assert_nonnull (strstr (error->message, "connection refused"));
  g_assert_cmpuint (rk_connection_get_queued_count (f->connection), ==, 0);
}

static void
test_reply_too_late (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(RkTestWsScript) script = rk_test_ws_script_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  rk_test_ws_script_send_init (script);
  rk_test_ws_script_expect (script, "ActionRequest");
  rk_test_ws_script_delay (script, 500);
  rk_test_ws_script_send (script, "{\"body\":{\"tag\":\"ActionResponse\","
                                  "\"val\":{\"id\":[\"$BigInt\",\"0\"],\"output\":1}}}");
  rk_test_conn_add_script (f, script, 0);

  rk_test_conn_new (f, NULL);
  rk_connection_set_action_timeout (f->connection, 200);
  rk_connection_open (f->connection);
  rk_test_conn_wait_status (f, RK_CONNECTION_STATUS_CONNECTED);

  rk_test_conn_start_action (f, "slow", &result);
  g_assert_null (rk_test_conn_finish_action (f, &result, &error));
  g_assert_error (error, RK_ERROR, RK_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "The actor did not answer “slow” within 200 ms"));

  /* The late reply is reported, not matched to anything */
  rk_test_wait_for (f->errors->len == 1);
  g_assert_error ((GError *)g_ptr_array_index (f->errors, 0), RK_ERROR, RK_ERROR_PROTOCOL);
  g_assert_cmpint (rk_connection_get_status (f->connection), ==, RK_CONNECTION_STATUS_CONNECTED);
}

static void
test_cancel_action (Fixture       *f,
                    gconstpointer  data)
{
  const char *when = data;
  g_autoptr(RkTestWsScript) script = rk_test_ws_script_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) output = NULL;

  rk_test_ws_script_send_init (script);
  if (g_str_equal (when, "in-flight"))
    rk_test_ws_script_expect (script, "\"cancelled\"");
  rk_test_ws_script_echo (script);
  rk_test_conn_add_script (f, script, 0);
  rk_test_conn_new (f, NULL);

  if (g_str_equal (when, "queued"))
    {
      rk_test_server_stop (f->server);
      rk_connection_open (f->connection);
      rk_test_conn_wait_status (f, RK_CONNECTION_STATUS_RECONNECTING);
    }
  else
    {
      rk_connection_open (f->connection);
      rk_test_conn_wait_status (f, RK_CONNECTION_STATUS_CONNECTED);
    }

  if (g_str_equal (when, "before-start"))
    g_cancellable_cancel (cancellable);
  rk_connection_action_async (f->connection, "cancelled", NULL, cancellable,
                              rk_test_store_result_cb, &result);
  if (g_str_equal (when, "in-flight"))
    rk_test_wait_for (rk_test_server_count_frames (f->server, 0, "\"cancelled\"") == 1);
  g_cancellable_cancel (cancellable);

  g_assert_null (rk_test_conn_finish_action (f, &result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (rk_connection_get_queued_count (f->connection), ==, 0);
  g_assert_cmpuint (g_hash_table_size (f->connection->in_flight), ==, 0);
  g_clear_error (&error);

  /* The connection carries on; only an action already sent reached the actor */
  rk_test_server_restart (f->server);
  rk_test_conn_wait_status (f, RK_CONNECTION_STATUS_CONNECTED);
  rk_test_conn_start_action (f, "after", &after);
  output = rk_test_conn_finish_action (f, &after, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rk_test_server_count_frames (f->server, RK_TEST_ANY_CONNECTION,
                                                 "\"cancelled\""), ==,
                    g_str_equal (when, "in-flight") ? 1 : 0);
}

/* Frames the library cannot use: reported, and the socket stays up */

typedef struct
{
  const char *name;
  const char *text;
  const char *hex;
  int         code;
  const char *message_part;
} FrameCase;

#define FRAME(tag, val) "{\"body\":{\"tag\":\"" tag "\",\"val\":" val "}}"

static const FrameCase frame_cases[] = {
  { "not-json", "{\"body\":{\"tag\":", NULL, RK_ERROR_INVALID_REPLY, "Unreadable message" },
  { "empty", "", NULL, RK_ERROR_INVALID_REPLY, "Unreadable message" },
  { "json-array", "[1,2,3]", NULL, RK_ERROR_PROTOCOL, "no body tag or value" },
  { "no-body", "{\"tag\":\"Init\"}", NULL, RK_ERROR_PROTOCOL, "no body tag or value" },
  { "body-a-string", "{\"body\":\"Init\"}", NULL, RK_ERROR_PROTOCOL, "no body tag or value" },
  { "tag-a-number", "{\"body\":{\"tag\":3,\"val\":{}}}", NULL, RK_ERROR_PROTOCOL,
    "no body tag or value" },
  { "no-val", "{\"body\":{\"tag\":\"Event\"}}", NULL, RK_ERROR_PROTOCOL, "no body tag or value" },
  { "val-an-array", FRAME ("Event", "[1]"), NULL, RK_ERROR_PROTOCOL, "no body tag or value" },
  { "unknown-tag", FRAME ("Hello", "{}"), NULL, RK_ERROR_PROTOCOL, "unknown type “Hello”" },
  { "event-without-name", FRAME ("Event", "{\"args\":[1]}"), NULL, RK_ERROR_PROTOCOL,
    "event without a name" },
  { "event-unknown-dollar-tag", FRAME ("Event", "{\"name\":\"x\",\"args\":[[\"$Date\",\"x\"]]}"),
    NULL, RK_ERROR_PROTOCOL, "$Date" },
  { "response-unknown-id", FRAME ("ActionResponse", "{\"id\":[\"$BigInt\",\"999\"],\"output\":1}"),
    NULL, RK_ERROR_PROTOCOL, "nobody is waiting" },
  { "response-id-garbage", FRAME ("ActionResponse", "{\"id\":\"zero\",\"output\":1}"), NULL,
    RK_ERROR_PROTOCOL, "nobody is waiting" },
  { "response-id-huge", FRAME ("ActionResponse",
                               "{\"id\":[\"$BigInt\",\"99999999999999999999999\"],\"output\":1}"),
    NULL, RK_ERROR_PROTOCOL, "nobody is waiting" },
  { "response-without-id", FRAME ("ActionResponse", "{\"output\":1}"), NULL, RK_ERROR_PROTOCOL,
    "nobody is waiting" },
  { "error-without-group", FRAME ("Error", "{\"message\":\"?\",\"actionId\":null}"), NULL,
    RK_ERROR_PROTOCOL, "without group and code" },
  { "error-connection-level", FRAME ("Error", "{\"group\":\"auth\",\"code\":\"forbidden\","
                                              "\"message\":\"Not allowed\",\"actionId\":null}"),
    NULL, RK_ERROR_REMOTE, "Not allowed (auth.forbidden)" },
  { "error-unknown-action", FRAME ("Error", "{\"group\":\"user\",\"code\":\"x\","
                                            "\"message\":\"late\",\"actionId\":[\"$BigInt\","
                                            "\"42\"]}"),
    NULL, RK_ERROR_REMOTE, "late (user.x)" },
  { "binary-garbage", NULL, "00 ff 13 37", RK_ERROR_INVALID_REPLY, "Unreadable message" },
  { "binary-bare-init", NULL, "0300 00 0161 0162", RK_ERROR_INVALID_REPLY, "Unreadable message" },
};

static void
test_bad_frame (Fixture       *f,
                gconstpointer  data)
{
  const FrameCase *c = data;
  g_autoptr(RkTestWsScript) script = rk_test_ws_script_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) output = NULL;
  GError *reported;

  rk_test_ws_script_send_init (script);
  if (c->hex != NULL)
    rk_test_ws_script_send_hex (script, c->hex);
  else
    rk_test_ws_script_send (script, c->text);
  rk_test_ws_script_echo (script);
  rk_test_conn_add_script (f, script, 0);

  rk_test_conn_new (f, NULL);
  rk_connection_open (f->connection);
  rk_test_wait_for (f->errors->len == 1);

  reported = g_ptr_array_index (f->errors, 0);
  g_assert_error (reported, RK_ERROR, c->code);
  if (strstr (reported->message, c->message_part) == NULL)
    g_error ("“%s” not in “%s”", c->message_part, reported->message);

  /* Still the same socket, still working */
  g_assert_cmpint (rk_connection_get_status (f->connection), ==, RK_CONNECTION_STATUS_CONNECTED);
  rk_test_conn_start_action (f, "increment", &result);
  output = rk_test_conn_finish_action (f, &result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rk_test_echo_connection (output), ==, 0);
  g_assert_cmpuint (rk_test_server_get_n_websockets (f->server), ==, 1);
  g_assert_cmpuint (f->errors->len, ==, 1);
}

static void
test_deep_frame (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(RkTestWsScript) script = rk_test_ws_script_new ();
  GString *deep = g_string_new ("{\"body\":{\"tag\":\"Event\",\"val\":{\"name\":\"x\",\"args\":");
  g_autofree char *text = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, ']');
  g_string_append (deep, "}}}");
  text = g_string_free (deep, FALSE);

  rk_test_ws_script_send_init (script);
  rk_test_ws_script_send (script, text);
  rk_test_conn_add_script (f, script, 0);

  rk_test_conn_new (f, NULL);
  rk_connection_open (f->connection);
  rk_test_wait_for (f->errors->len == 1);
  g_assert_nonnull (strstr (((GError *)g_ptr_array_index (f->errors, 0))->message,
                            "nesting deeper than"));
  g_assert_cmpint (rk_connection_get_status (f->connection), ==, RK_CONNECTION_STATUS_CONNECTED);
  g_assert_cmpuint (f->events->len, ==, 0);
}

static void
test_invalid_utf8_text (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(RkTestWsScript) bad = rk_test_ws_script_new ();
  g_autoptr(RkTestWsScript) good = rk_test_echo_script ();

  /* libsoup enforces UTF-8 in text frames by closing with 1007: the
   * connection comes back on a new socket */
  rk_test_ws_script_send_init (bad);
  rk_test_ws_script_send_raw_text (bad, FRAME ("Event",
                                               "{\"name\":\"x\",\"args\":[\"\xff\xfe\"]}"));
  rk_test_conn_add_script (f, bad, 1);
  rk_test_conn_add_script (f, good, 0);

  rk_test_conn_new (f, NULL);
  rk_connection_open (f->connection);
  rk_test_wait_for (rk_test_server_get_n_websockets (f->server) == 2);
  rk_test_conn_wait_status (f, RK_CONNECTION_STATUS_CONNECTED);
  g_assert_cmpstr (rk_connection_get_connection_id (f->connection), ==, "conn-1");
  g_assert_cmpuint (rk_test_conn_count_transitions (f, RK_CONNECTION_STATUS_RECONNECTING), ==, 1);
  g_assert_cmpuint (f->events->len, ==, 0);
}

/* Events and subscriptions */

static void
test_events (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(RkTestWsScript) script = rk_test_ws_script_new ();

  rk_test_ws_script_send_init (script);
  rk_test_ws_script_send (script, FRAME ("Event", "{\"name\":\"private\",\"args\":[1,\"a\"]}"));
  rk_test_ws_script_expect (script, "SubscriptionRequest");
  rk_test_ws_script_send (script, FRAME ("Event", "{\"name\":\"news\",\"args\":5}"));
  rk_test_ws_script_send (script, FRAME ("Event", "{\"name\":\"empty\"}"));
  rk_test_conn_add_script (f, script, 0);

  rk_test_conn_new (f, NULL);
  rk_connection_open (f->connection);

  /* Sent to this connection alone: no subscription needed */
  rk_test_wait_for (f->events->len == 1);
  g_assert_cmpstr (g_ptr_array_index (f->events, 0), ==, "private [1,\"a\"]");

  rk_connection_subscribe (f->connection, "news");
  rk_test_wait_for (f->events->len == 3);
  /* Arguments always arrive as an array */
  g_assert_cmpstr (g_ptr_array_index (f->events, 1), ==, "news [5]");
  g_assert_cmpstr (g_ptr_array_index (f->events, 2), ==, "empty []");

  rk_connection_unsubscribe (f->connection, "news");
  rk_test_wait_for (rk_test_server_count_frames (f->server, 0, "\"subscribe\":false") == 1);
  g_assert_cmpuint (rk_test_server_count_frames (f->server, 0, "\"subscribe\":true"), ==, 1);
  g_assert_cmpuint (f->errors->len, ==, 0);
}

static void
test_subscriptions_resent (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(RkTestWsScript) script = rk_test_echo_script ();

  rk_test_conn_add_script (f, script, 0);
  rk_test_conn_new (f, NULL);
  rk_connection_subscribe (f->connection, "alpha");
  rk_connection_subscribe (f->connection, "beta");
  rk_connection_subscribe (f->connection, "beta");
  rk_connection_open (f->connection);

  for (guint socket = 0; socket < 3; socket++)
    {
      rk_test_wait_for (rk_test_server_get_n_websockets (f->server) == socket + 1);
      rk_test_conn_wait_status (f, RK_CONNECTION_STATUS_CONNECTED);
      rk_test_wait_for (rk_test_server_count_frames (f->server, socket, "SubscriptionRequest")
                        == (socket < 2 ? 2 : 1));

      g_assert_cmpuint (rk_test_server_count_frames (f->server, socket, "\"alpha\""), ==, 1);
      g_assert_cmpuint (rk_test_server_count_frames (f->server, socket, "\"beta\""), ==,
                        socket < 2 ? 1 : 0);

      if (socket == 1)
        rk_connection_unsubscribe (f->connection, "beta");
      if (socket < 2)
        {
          rk_test_server_ws_drop (f->server, socket);
          rk_test_conn_wait_status (f, RK_CONNECTION_STATUS_RECONNECTING);
        }
    }

  g_assert_cmpstrv (rk_connection_get_subscriptions (f->connection),
                    ((const char *[]) { "alpha", NULL }));
}

static void
test_big_frame (Fixture       *f,
                gconstpointer  data)
{
  gsize size = GPOINTER_TO_SIZE (data);
  g_autoptr(RkTestWsScript) script = rk_test_ws_script_new ();
  g_autoptr(RkTestWsScript) good = rk_test_echo_script ();
  GString *frame = g_string_sized_new (size + 100);
  g_autofree char *text = NULL;

  g_string_append (frame, "{\"body\":{\"tag\":\"Event\",\"val\":{\"name\":\"big\",\"args\":[\"");
  for (gsize i = 0; i < size; i++)
    g_string_append_c (frame, 'a' + i % 26);
  g_string_append (frame, "\"]}}}");
  text = g_string_free (frame, FALSE);

  rk_test_ws_script_send_init (script);
  rk_test_ws_script_send (script, text);
  rk_test_conn_add_script (f, script, 1);
  rk_test_conn_add_script (f, good, 0);
  g_clear_pointer (&text, g_free);

  rk_test_conn_new (f, NULL);
  rk_connection_open (f->connection);

  if (size <= 64 * 1024 * 1024 - 100)
    {
      rk_test_wait_for (f->events->len == 1);
      g_assert_cmpuint (strlen (g_ptr_array_index (f->events, 0)), ==,
                        strlen ("big [\"\"]") + size);
      g_assert_cmpuint (rk_test_server_get_n_websockets (f->server), ==, 1);
    }
  else
    {
      g_autoptr(RkTransition) loss = NULL;
      GListModel *transitions;

      /* Over the limit: the socket closes with 1009 and comes back */
      rk_test_wait_for (rk_test_server_get_n_websockets (f->server) == 2);
      rk_test_conn_wait_status (f, RK_CONNECTION_STATUS_CONNECTED);
      transitions = rk_connection_get_transitions (f->connection);
      loss = g_list_model_get_item (transitions, 2);
      g_assert_cmpint (rk_transition_get_to (loss), ==, RK_CONNECTION_STATUS_RECONNECTING);
      g_assert_nonnull (strstr (rk_transition_get_reason (loss), "64 MiB"));
      g_assert_cmpuint (f->events->len, ==, 0);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, data, func) \
  g_test_add ("/rk/faults/ws/" path, Fixture, data, rk_test_conn_setup, func, \
              rk_test_conn_teardown)

  ADD ("action/stopping-requeued", NULL, test_stopping_requeued);
  ADD ("action/in-flight-closed", NULL, test_in_flight_closed);
  ADD ("action/queued-delivered", NULL, test_queued_delivered);
  ADD ("action/queue-full", NULL, test_queue_full);
  ADD ("action/undeliverable-timeout", NULL, test_undeliverable);
  ADD ("action/reply-too-late", NULL, test_reply_too_late);
  ADD ("action/cancel-before-start", "before-start", test_cancel_action);
  ADD ("action/cancel-queued", "queued", test_cancel_action);
  ADD ("action/cancel-in-flight", "in-flight", test_cancel_action);
  for (guint i = 0; i < G_N_ELEMENTS (frame_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/rk/faults/ws/frame/", frame_cases[i].name, NULL);

      g_test_add (path, Fixture, &frame_cases[i], rk_test_conn_setup, test_bad_frame,
                  rk_test_conn_teardown);
    }
  ADD ("frame/deep-nesting", NULL, test_deep_frame);
  ADD ("frame/invalid-utf8-text", NULL, test_invalid_utf8_text);
  ADD ("frame/10-mb", GSIZE_TO_POINTER (10 * 1024 * 1024), test_big_frame);
  ADD ("frame/over-64-mib", GSIZE_TO_POINTER (64 * 1024 * 1024 + 1), test_big_frame);
  ADD ("events", NULL, test_events);
  ADD ("subscriptions-resent", NULL, test_subscriptions_resent);

#undef ADD

  return g_test_run ();
}
