/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-integration-common.c: what the integration tests (test-integration-*.c) and
 * the fixture-server tests (test-driver-fixtures-*.c) share: one real server and
 * one client per executable, and helpers that assert as they go */

#define G_LOG_DOMAIN "rk-integration-common"

#include "config.h"

#include <string.h>

#include "rk-compat.h"
#include "rk-error.h"
#include "rk-integration-common.h"
#include "rk-test-util.h"

static RkRealServer *server;
static RkClient *client;

/* The server and the client */

static void
create_client (void)
{
  g_autoptr(GError) error = NULL;

  client = rk_client_new (rk_real_server_get_endpoint (server), NULL, NULL, &error);
  g_assert_no_error (error);
}

/* g_test_init (), then starts the server RK_TEST_SERVER names (2.2 by default).
 * Returns the client for it (transfer none). */
RkClient *
rk_it_init_from_env (int    *argc,
                     char ***argv)
{
  g_autoptr(GError) error = NULL;

  g_test_init (argc, argv, NULL);
  if (!(server = rk_real_server_new_from_env (&error)) || !rk_real_server_start (server, &error))
    g_error ("Cannot start the RivetKit test server: %s", error->message);
  create_client ();
  return client;
}

/* g_test_init (), then starts RivetKit's own driver-test fixture server.
 * Returns the client for it (transfer none). */
RkClient *
rk_it_init_fixtures (int    *argc,
                     char ***argv)
{
  g_autoptr(GError) error = NULL;

  g_test_init (argc, argv, NULL);
  /* Always the fixture server, whatever RK_TEST_SERVER says. */
  server = rk_real_server_new (RK_REAL_SERVER_FIXTURES);
  if (!rk_real_server_start (server, &error))
    g_error ("Cannot start RivetKit's fixture server: %s", error->message);
  create_client ();
  /* Like the official client's driver tests (disableMetadataLookup). */
  rk_client_set_follow_client_endpoint (client, FALSE);
  return client;
}

/* g_test_run (), then stops the server. */
int
rk_it_run (void)
{
  g_autoptr(GError) error = NULL;
  int ret = g_test_run ();

  g_clear_object (&client);
  if (!rk_real_server_stop (server, &error))
    g_warning ("Stopping the test server: %s", error->message);
  g_clear_pointer (&server, rk_real_server_free);
  return ret;
}

RkRealServer *
rk_it_server (void)
{
  return server;
}

/* TRUE for rivetkit 2.3, where the Rivet Engine serves the API. */
gboolean
rk_it_is_engine (void)
{
  return rk_real_server_get_kind (server) == RK_REAL_SERVER_2_3;
}

/* Helpers: directory */

RkActor *
rk_it_get_or_create (const char          *name,
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

RkActor *
rk_it_fresh_actor (const char *name)
{
  g_autofree char *key = rk_test_unique_key (name);
  const char *parts[] = { key, NULL };

  return rk_it_get_or_create (name, parts, NULL);
}

GPtrArray *
rk_it_actors_by_id (const char *actor_id)
{
  const char *ids[] = { actor_id, NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *found;

  rk_client_get_actors_by_ids_async (client, ids, NULL, rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  found = rk_client_get_actors_by_ids_finish (client, result, &error);

  /* 2.2 answers the look-up itself with actor.stopping while the actor
   * goes to sleep: report that as "no record right now". */
  if (rk_error_matches (error, "actor", "stopping"))
    return NULL;
  g_assert_no_error (error);
  return found;
}

/* -1 while the look-up is refused, -2 when the actor has no record. */
int
rk_it_actor_status (const char *actor_id)
{
  g_autoptr(GPtrArray) found = rk_it_actors_by_id (actor_id);

  if (found == NULL)
    return -1;
  if (found->len == 0)
    return -2;
  g_assert_cmpuint (found->len, ==, 1);
  return rk_actor_get_status (g_ptr_array_index (found, 0));
}

/* Polls the record (reading it never wakes the actor) until @expected. */
void
rk_it_wait_for_status (const char *actor_id,
                       int         expected)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)RK_TEST_TIMEOUT_MS * 1000;
  int status;

  while ((status = rk_it_actor_status (actor_id)) != expected)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("actor %s: status %d, expected %d", actor_id, status, expected);
      rk_test_run_for (50);
    }
}

/* Helpers: actions and values */

JsonNode *
rk_it_call_action (const char  *actor_id,
                   const char  *action,
                   const char  *args_json,
                   const char  *params_json,
                   GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) args = args_json ? rk_test_json (args_json) : NULL;
  g_autoptr(JsonNode) compat_args = args ? rk_compat_from_plain (args) : NULL;
  g_autoptr(JsonNode) params = params_json ? rk_test_json (params_json) : NULL;

  rk_client_action_async (client, actor_id, action, compat_args, params, NULL,
                          rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  return rk_client_action_finish (client, result, error);
}

JsonNode *
rk_it_call_ok (const char *actor_id,
               const char *action,
               const char *args_json,
               const char *params_json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *output = rk_it_call_action (actor_id, action, args_json, params_json, &error);

  g_assert_no_error (error);
  g_assert_nonnull (output);
  return output;
}

JsonNode *
rk_it_call_over (RkConnection  *connection,
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

JsonNode *
rk_it_call_over_ok (RkConnection *connection,
                    const char   *action,
                    const char   *args_json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *output = rk_it_call_over (connection, action, args_json, &error);

  g_assert_no_error (error);
  g_assert_nonnull (output);
  return output;
}

/* The canonical JSON-compat form of @plain_json. */
JsonNode *
rk_it_compat_json (const char *plain_json)
{
  g_autoptr(JsonNode) plain = rk_test_json (plain_json);

  return rk_compat_from_plain (plain);
}

void
rk_it_assert_json (JsonNode   *node,
                   const char *expected_json)
{
  g_autoptr(JsonNode) expected = rk_test_json (expected_json);
  g_autoptr(JsonNode) compat = rk_compat_from_plain (expected);

  g_assert_nonnull (node);
  if (!rk_compat_equal (node, compat))
    {
      g_autofree char *got = rk_compat_to_string (node, FALSE);
      g_error ("expected %s, got %s", expected_json, got);
    }
}

JsonObject *
rk_it_object_of (JsonNode *node)
{
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

const char *
rk_it_member_string (JsonNode   *node,
                     const char *member)
{
  JsonNode *value = json_object_get_member (rk_it_object_of (node), member);

  g_assert_nonnull (value);
  g_assert_true (JSON_NODE_HOLDS_VALUE (value));
  return json_node_get_string (value);
}

gint64
rk_it_member_int (JsonNode   *node,
                  const char *member)
{
  JsonNode *value = json_object_get_member (rk_it_object_of (node), member);

  g_assert_nonnull (value);
  g_assert_cmpint (json_node_get_value_type (value), ==, G_TYPE_INT64);
  return json_node_get_int (value);
}

/* Helpers: connections */

static void
event_cb (RkConnection *connection,
          const char   *name,
          JsonNode     *args,
          RkItEventLog *log)
{
  g_ptr_array_add (log->names, g_strdup (name));
  g_ptr_array_add (log->args, json_node_copy (args));
}

static void
error_cb (RkConnection *connection,
          const GError *error,
          RkItEventLog *log)
{
  g_ptr_array_add (log->errors, g_error_copy (error));
}

void
rk_it_event_log_init (RkItEventLog *log)
{
  log->names = g_ptr_array_new_with_free_func (g_free);
  log->args = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);
  log->errors = g_ptr_array_new_with_free_func ((GDestroyNotify)g_error_free);
}

void
rk_it_event_log_clear (RkItEventLog *log)
{
  g_clear_pointer (&log->names, g_ptr_array_unref);
  g_clear_pointer (&log->args, g_ptr_array_unref);
  g_clear_pointer (&log->errors, g_ptr_array_unref);
}

void
rk_it_event_log_watch (RkItEventLog *log,
                       RkConnection *connection)
{
  g_signal_connect (connection, "event", G_CALLBACK (event_cb), log);
  g_signal_connect (connection, "error", G_CALLBACK (error_cb), log);
}

/* The arguments of the first event called @name, or NULL. */
JsonNode *
rk_it_event_log_find (RkItEventLog *log,
                      const char   *name)
{
  for (guint i = 0; i < log->names->len; i++)
    if (g_str_equal (g_ptr_array_index (log->names, i), name))
      return g_ptr_array_index (log->args, i);
  return NULL;
}

RkConnection *
rk_it_connect_to (const char *actor_id,
                  const char *params_json)
{
  g_autoptr(JsonNode) params = params_json ? rk_test_json (params_json) : NULL;
  RkConnection *connection = rk_client_connect (client, actor_id, params);

  rk_connection_set_backoff (connection, 100, 1000);
  return connection;
}

RkConnection *
rk_it_open_connection (const char *actor_id,
                       const char *params_json)
{
  RkConnection *connection = rk_it_connect_to (actor_id, params_json);

  rk_connection_open (connection);
  rk_test_wait_for (rk_connection_get_status (connection) == RK_CONNECTION_STATUS_CONNECTED);
  g_assert_nonnull (rk_connection_get_connection_id (connection));
  return connection;
}

RkTransition *
rk_it_last_transition (RkConnection *connection)
{
  GListModel *transitions = rk_connection_get_transitions (connection);
  guint n = g_list_model_get_n_items (transitions);

  g_assert_cmpuint (n, >, 0);
  return g_list_model_get_item (transitions, n - 1);
}

gboolean
rk_it_saw_status (RkConnection       *connection,
                  RkConnectionStatus  status)
{
  GListModel *transitions = rk_connection_get_transitions (connection);

  for (guint i = 0; i < g_list_model_get_n_items (transitions); i++)
    {
      g_autoptr(RkTransition) t = g_list_model_get_item (transitions, i);

      if (rk_transition_get_to (t) == status)
        return TRUE;
    }
  return FALSE;
}

void
rk_it_log_transitions (RkConnection *connection)
{
  GListModel *transitions = rk_connection_get_transitions (connection);

  for (guint i = 0; i < g_list_model_get_n_items (transitions); i++)
    {
      g_autoptr(RkTransition) t = g_list_model_get_item (transitions, i);

      g_test_message ("transition %u: %s -> %s (%s) error %s.%s close %u", i,
                      rk_connection_status_to_string (rk_transition_get_from (t)),
                      rk_connection_status_to_string (rk_transition_get_to (t)),
                      rk_transition_get_reason (t), rk_transition_get_error_group (t),
                      rk_transition_get_error_code (t), rk_transition_get_close_code (t));
    }
}

/* Helpers: raw handlers */

RkRawResponse *
rk_it_raw_request (const char         *actor_id,
                   const char         *method,
                   const char         *path,
                   SoupMessageHeaders *headers,
                   const char         *body,
                   const char         *params_json)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = body ? g_bytes_new (body, strlen (body)) : NULL;
  g_autoptr(JsonNode) params = params_json ? rk_test_json (params_json) : NULL;
  RkRawResponse *response;

  rk_client_raw_request_async (client, actor_id, method, path, headers, bytes, params, NULL,
                               rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  response = rk_client_raw_request_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (response);
  return response;
}

char *
rk_it_response_text (RkRawResponse *response)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (rk_raw_response_get_body (response), &len);

  return g_strndup (data ? data : "", len);
}

JsonNode *
rk_it_response_json (RkRawResponse *response)
{
  g_autofree char *text = rk_it_response_text (response);
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  if (node == NULL)
    g_error ("status %u, body is not JSON (%s): %s", rk_raw_response_get_status (response),
             error ? error->message : "empty", text);
  return node;
}

void
rk_it_assert_plain (JsonNode   *node,
                    const char *expected_json)
{
  g_autoptr(JsonNode) expected = rk_test_json (expected_json);

  if (!json_node_equal (node, expected))
    {
      g_autofree char *got = json_to_string (node, FALSE);
      g_error ("expected %s, got %s", expected_json, got);
    }
}

static void
raw_message_cb (SoupWebsocketConnection *socket,
                int                      type,
                GBytes                  *message,
                RkItRawSocket           *raw)
{
  g_ptr_array_add (raw->frames, g_bytes_ref (message));
  g_ptr_array_add (raw->types, GINT_TO_POINTER (type));
}

static void
raw_closed_cb (SoupWebsocketConnection *socket,
               RkItRawSocket           *raw)
{
  raw->closed = TRUE;
}

RkItRawSocket *
rk_it_raw_socket_open (const char *actor_id,
                       const char *path,
                       const char *params_json)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) params = params_json ? rk_test_json (params_json) : NULL;
  RkItRawSocket *raw = g_new0 (RkItRawSocket, 1);

  raw->frames = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  raw->types = g_ptr_array_new ();
  rk_client_raw_websocket_async (client, actor_id, path, NULL, params, NULL,
                                 rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  raw->socket = rk_client_raw_websocket_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (raw->socket);
  g_signal_connect (raw->socket, "message", G_CALLBACK (raw_message_cb), raw);
  g_signal_connect (raw->socket, "closed", G_CALLBACK (raw_closed_cb), raw);
  return raw;
}

void
rk_it_raw_socket_free (RkItRawSocket *raw)
{
  if (raw->socket != NULL)
    {
      g_signal_handlers_disconnect_by_data (raw->socket, raw);
      if (soup_websocket_connection_get_state (raw->socket) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (raw->socket, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_object_unref (raw->socket);
    }
  g_ptr_array_unref (raw->frames);
  g_ptr_array_unref (raw->types);
  g_free (raw);
}

char *
rk_it_raw_frame_text (RkItRawSocket *raw,
                      guint          index)
{
  gsize len = 0;
  const char *data;

  g_assert_cmpuint (index, <, raw->frames->len);
  data = g_bytes_get_data (g_ptr_array_index (raw->frames, index), &len);
  return g_strndup (data ? data : "", len);
}

JsonNode *
rk_it_raw_frame_json (RkItRawSocket *raw,
                      guint          index)
{
  g_autofree char *text = rk_it_raw_frame_text (raw, index);

  return rk_test_json (text);
}
