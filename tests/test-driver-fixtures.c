/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-driver-fixtures.c: the protocol library against RivetKit 2.2.1's own
 * driver-test fixture server (`serve-test-suite`, 119 fixture actor types),
 * expecting what the official client's driver tests expect there */

#include "config.h"

#include <string.h>

#include "rk-actor-type.h"
#include "rk-actor.h"
#include "rk-client.h"
#include "rk-compat.h"
#include "rk-connection.h"
#include "rk-error.h"
#include "rk-inspector.h"
#include "rk-real-server.h"
#include "rk-server-info.h"
#include "rk-test-util.h"
#include "rk-transition.h"

/* The fixture `sleep` actor's sleepTimeout (fixtures/driver-test-suite/sleep.ts). */
#define FIXTURE_SLEEP_TIMEOUT_MS 1000

static RkRealServer *server;
static RkClient *client;

/* Helpers: directory */

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

static GPtrArray *
actors_by_id (const char *actor_id)
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
static int
actor_status (const char *actor_id)
{
  g_autoptr(GPtrArray) found = actors_by_id (actor_id);

  if (found == NULL)
    return -1;
  if (found->len == 0)
    return -2;
  g_assert_cmpuint (found->len, ==, 1);
  return rk_actor_get_status (g_ptr_array_index (found, 0));
}

/* Polls the record (reading it never wakes the actor) until @expected. */
static void
wait_for_status (const char *actor_id,
                 int         expected)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)RK_TEST_TIMEOUT_MS * 1000;
  int status;

  while ((status = actor_status (actor_id)) != expected)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("actor %s: status %d, expected %d", actor_id, status, expected);
      rk_test_run_for (50);
    }
}

/* Helpers: actions and values */

static JsonNode *
call_action (const char  *actor_id,
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

static JsonNode *
call_ok (const char *actor_id,
         const char *action,
         const char *args_json,
         const char *params_json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *output = call_action (actor_id, action, args_json, params_json, &error);

  g_assert_no_error (error);
  g_assert_nonnull (output);
  return output;
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

static JsonNode *
call_over_ok (RkConnection *connection,
              const char   *action,
              const char   *args_json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *output = call_over (connection, action, args_json, &error);

  g_assert_no_error (error);
  g_assert_nonnull (output);
  return output;
}

static void
assert_json (JsonNode   *node,
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

static JsonObject *
object_of (JsonNode *node)
{
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

static const char *
member_string (JsonNode   *node,
               const char *member)
{
  JsonNode *value = json_object_get_member (object_of (node), member);

  g_assert_nonnull (value);
  g_assert_true (JSON_NODE_HOLDS_VALUE (value));
  return json_node_get_string (value);
}

static gint64
member_int (JsonNode   *node,
            const char *member)
{
  JsonNode *value = json_object_get_member (object_of (node), member);

  g_assert_nonnull (value);
  g_assert_cmpint (json_node_get_value_type (value), ==, G_TYPE_INT64);
  return json_node_get_int (value);
}

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

/* Helpers: connections */

typedef struct
{
  GPtrArray *names;
  GPtrArray *args;
  GPtrArray *errors;
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
error_cb (RkConnection *connection,
          const GError *error,
          EventLog     *log)
{
  g_ptr_array_add (log->errors, g_error_copy (error));
}

static void
event_log_init (EventLog *log)
{
  log->names = g_ptr_array_new_with_free_func (g_free);
  log->args = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);
  log->errors = g_ptr_array_new_with_free_func ((GDestroyNotify)g_error_free);
}

static void
event_log_clear (EventLog *log)
{
  g_clear_pointer (&log->names, g_ptr_array_unref);
  g_clear_pointer (&log->args, g_ptr_array_unref);
  g_clear_pointer (&log->errors, g_ptr_array_unref);
}

static void
event_log_watch (EventLog     *log,
                 RkConnection *connection)
{
  g_signal_connect (connection, "event", G_CALLBACK (event_cb), log);
  g_signal_connect (connection, "error", G_CALLBACK (error_cb), log);
}

/* The arguments of the first event called @name, or NULL. */
static JsonNode *
event_log_find (EventLog   *log,
                const char *name)
{
  for (guint i = 0; i < log->names->len; i++)
    if (g_str_equal (g_ptr_array_index (log->names, i), name))
      return g_ptr_array_index (log->args, i);
  return NULL;
}

static RkConnection *
connect_to (const char *actor_id,
            const char *params_json)
{
  g_autoptr(JsonNode) params = params_json ? rk_test_json (params_json) : NULL;
  RkConnection *connection = rk_client_connect (client, actor_id, params);

  rk_connection_set_backoff (connection, 100, 1000);
  return connection;
}

static RkConnection *
open_connection (const char *actor_id,
                 const char *params_json)
{
  RkConnection *connection = connect_to (actor_id, params_json);

  rk_connection_open (connection);
  rk_test_wait_for (rk_connection_get_status (connection) == RK_CONNECTION_STATUS_CONNECTED);
  g_assert_nonnull (rk_connection_get_connection_id (connection));
  return connection;
}

static RkTransition *
last_transition (RkConnection *connection)
{
  GListModel *transitions = rk_connection_get_transitions (connection);
  guint n = g_list_model_get_n_items (transitions);

  g_assert_cmpuint (n, >, 0);
  return g_list_model_get_item (transitions, n - 1);
}

static gboolean
saw_status (RkConnection       *connection,
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

/* The reason of the first transition to @status, or NULL. */
static const char *
first_reason (RkConnection       *connection,
              RkConnectionStatus  status)
{
  GListModel *transitions = rk_connection_get_transitions (connection);

  for (guint i = 0; i < g_list_model_get_n_items (transitions); i++)
    {
      g_autoptr(RkTransition) t = g_list_model_get_item (transitions, i);

      /* The list holds a reference, so the string outlives `t`. */
      if (rk_transition_get_to (t) == status)
        return rk_transition_get_reason (t);
    }
  return NULL;
}

static void
log_transitions (RkConnection *connection)
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

static RkRawResponse *
raw_request (const char         *actor_id,
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

static char *
response_text (RkRawResponse *response)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (rk_raw_response_get_body (response), &len);

  return g_strndup (data ? data : "", len);
}

static JsonNode *
response_json (RkRawResponse *response)
{
  g_autofree char *text = response_text (response);
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  if (node == NULL)
    g_error ("status %u, body is not JSON (%s): %s", rk_raw_response_get_status (response),
             error ? error->message : "empty", text);
  return node;
}

static void
assert_plain (JsonNode   *node,
              const char *expected_json)
{
  g_autoptr(JsonNode) expected = rk_test_json (expected_json);

  if (!json_node_equal (node, expected))
    {
      g_autofree char *got = json_to_string (node, FALSE);
      g_error ("expected %s, got %s", expected_json, got);
    }
}

static SoupMessageHeaders *
request_headers (const char *first_name,
                 ...)
{
  SoupMessageHeaders *headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  const char *name = first_name;
  va_list args;

  va_start (args, first_name);
  while (name != NULL)
    {
      const char *value = va_arg (args, const char *);

      if (g_ascii_strcasecmp (name, "Content-Type") == 0)
        soup_message_headers_set_content_type (headers, value, NULL);
      else
        soup_message_headers_append (headers, name, value);
      name = va_arg (args, const char *);
    }
  va_end (args);
  return headers;
}

typedef struct
{
  SoupWebsocketConnection *socket;
  GPtrArray *frames;          /* GBytes */
  GPtrArray *types;           /* GINT_TO_POINTER (SoupWebsocketDataType) */
  gboolean closed;
} RawSocket;

static void
raw_message_cb (SoupWebsocketConnection *socket,
                int                      type,
                GBytes                  *message,
                RawSocket               *raw)
{
  g_ptr_array_add (raw->frames, g_bytes_ref (message));
  g_ptr_array_add (raw->types, GINT_TO_POINTER (type));
}

static void
raw_closed_cb (SoupWebsocketConnection *socket,
               RawSocket               *raw)
{
  raw->closed = TRUE;
}

static RawSocket *
raw_socket_open (const char *actor_id,
                 const char *path,
                 const char *params_json)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) params = params_json ? rk_test_json (params_json) : NULL;
  RawSocket *raw = g_new0 (RawSocket, 1);

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

static void
raw_socket_free (RawSocket *raw)
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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RawSocket, raw_socket_free)

static char *
raw_frame_text (RawSocket *raw,
                guint      index)
{
  gsize len = 0;
  const char *data;

  g_assert_cmpuint (index, <, raw->frames->len);
  data = g_bytes_get_data (g_ptr_array_index (raw->frames, index), &len);
  return g_strndup (data ? data : "", len);
}

static JsonNode *
raw_frame_json (RawSocket *raw,
                guint      index)
{
  g_autofree char *text = raw_frame_text (raw, index);

  return rk_test_json (text);
}

/* Waits for the next text frame whose "type" is @type, from @from on. */
static JsonNode *
raw_wait_type (RawSocket  *raw,
               guint      *from,
               const char *type)
{
  for (;;)
    {
      rk_test_wait_for (raw->frames->len > *from || raw->closed);
      if (raw->frames->len <= *from)
        g_error ("the raw socket closed while waiting for “%s”", type);

      {
        g_autoptr(JsonNode) frame = raw_frame_json (raw, (*from)++);
        JsonNode *member = JSON_NODE_HOLDS_OBJECT (frame)
                             ? json_object_get_member (json_node_get_object (frame), "type")
                             : NULL;

        if (member != NULL && g_strcmp0 (json_node_get_string (member), type) == 0)
          return g_steal_pointer (&frame);
      }
    }
}

/* Probe */

static void
test_probe_version (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RkServerInfo) info = NULL;
  static const char * const expected[] = {
    "counter", "counterWithParams", "connStateActor", "rejectConnectionActor",
    "connErrorSerializationActor", "errorHandlingActor", "customTimeoutActor",
    "rawHttpActor", "rawHttpNoHandlerActor", "rawHttpVoidReturnActor", "rawHttpHonoActor",
    "rawHttpRequestPropertiesActor", "rawWebSocketActor", "rawWebSocketBinaryActor",
    "queueActor", "queueLimitedActor", "accessControlActor", "sleep", "sleepWithLongRpc",
    "destroyActor", "destroyObserver", "workflowCounterActor",
  };
  RkActorType *type;

  rk_client_probe_async (client, NULL, rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  info = rk_client_probe_finish (client, result, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (rk_server_info_get_runtime (info), ==, "rivetkit");
  g_assert_cmpstr (rk_server_info_get_version (info), ==, "2.2.1");
  g_assert_cmpstr (rk_server_info_get_version (info), ==, rk_real_server_get_version (server));
  g_assert_cmpint (rk_server_info_get_flavour (info), ==, RK_SERVER_FLAVOUR_RIVETKIT);
  g_assert_false (rk_server_info_supports_destroy (info));
  g_assert_false (rk_server_info_has_namespaces (info));
  g_assert_cmpuint (g_list_model_get_n_items (rk_server_info_get_actor_types (info)), ==, 119);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    if (rk_server_info_find_actor_type (info, expected[i]) == NULL)
      g_error ("the fixture server does not list “%s”", expected[i]);

  /* Metadata: only the workflow fixtures set an icon, and none a name. */
  type = rk_server_info_find_actor_type (info, "workflowCounterActor");
  g_assert_cmpstr (rk_actor_type_get_icon (type), ==, "diagram-project");
  g_assert_false (rk_actor_type_has_display_name (type));
  type = rk_server_info_find_actor_type (info, "counter");
  g_assert_null (rk_actor_type_get_icon (type));
  g_assert_false (rk_actor_type_has_display_name (type));

  /* Measured: the fixture server sets publicEndpoint, so clientEndpoint is
   * its own address plus a slash, not 6420; we do not follow it anyway. */
  g_test_message ("clientEndpoint: %s", rk_server_info_get_client_endpoint (info));
  g_assert_true (g_str_has_prefix (rk_server_info_get_client_endpoint (info),
                                   rk_real_server_get_endpoint (server)));
  g_assert_cmpstr (rk_client_get_endpoint (client), ==, rk_real_server_get_endpoint (server));
}

static void
test_probe_follow_client_endpoint (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RkServerInfo) info = NULL;
  g_autoptr(RkClient) follower = NULL;

  follower = rk_client_new (rk_real_server_get_endpoint (server), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (rk_client_get_follow_client_endpoint (follower));
  rk_client_probe_async (follower, NULL, rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  info = rk_client_probe_finish (follower, result, &error);
  g_assert_no_error (error);

  /* The advertised "http://127.0.0.1:PORT/" is followed without its slash. */
  g_assert_cmpstr (rk_client_get_endpoint (follower), ==, rk_real_server_get_endpoint (server));
}

static void
test_probe_actor_types (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) types = NULL;
  gboolean saw_queue = FALSE;
  gboolean saw_workflow_icon = FALSE;

  rk_client_list_actor_types_async (client, NULL, rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  types = rk_client_list_actor_types_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (types->len, ==, 119);
  for (guint i = 0; i < types->len; i++)
    {
      RkActorType *type = g_ptr_array_index (types, i);

      saw_queue |= g_str_equal (rk_actor_type_get_name (type), "queueActor");
      if (g_str_equal (rk_actor_type_get_name (type), "workflowSleepActor"))
        saw_workflow_icon = g_strcmp0 (rk_actor_type_get_icon (type), "diagram-project") == 0;
    }
  g_assert_true (saw_queue);
  g_assert_true (saw_workflow_icon);
}

static gboolean
list_has (GPtrArray  *actors,
          const char *actor_id)
{
  for (guint i = 0; i < actors->len; i++)
    if (g_str_equal (rk_actor_get_id (g_ptr_array_index (actors, i)), actor_id))
      return TRUE;
  return FALSE;
}

static GPtrArray *
list_actors (const char *name)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *actors;

  rk_client_list_actors_async (client, name, NULL, rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  actors = rk_client_list_actors_finish (client, result, &error);
  g_assert_no_error (error);
  return actors;
}

static void
test_probe_actor_list (void)
{
  g_autofree char *key = rk_test_unique_key ("list");
  const char *first_key[] = { key, "one", NULL };
  const char *second_key[] = { key, "two", NULL };
  g_autoptr(RkActor) first = get_or_create ("counter", first_key, NULL);
  g_autoptr(RkActor) second = get_or_create ("counter", second_key, NULL);
  g_autoptr(RkActor) other = fresh_actor ("connStateActor");
  g_autoptr(GPtrArray) counters = list_actors ("counter");
  g_autoptr(GPtrArray) conn_states = list_actors ("connStateActor");
  g_autoptr(GPtrArray) none = list_actors ("rawHttpNoHandlerActor");
  g_autoptr(JsonNode) key_back = NULL;
  g_autofree char *key_json = NULL;

  g_assert_true (list_has (counters, rk_actor_get_id (first)));
  g_assert_true (list_has (counters, rk_actor_get_id (second)));
  g_assert_false (list_has (counters, rk_actor_get_id (other)));
  g_assert_true (list_has (conn_states, rk_actor_get_id (other)));
  g_assert_false (list_has (none, rk_actor_get_id (first)));
  for (guint i = 0; i < counters->len; i++)
    g_assert_cmpstr (rk_actor_get_name (g_ptr_array_index (counters, i)), ==, "counter");

  /* Created by PUT, so started: awake. */
  g_assert_cmpint (rk_actor_get_status (first), ==, RK_ACTOR_STATUS_AWAKE);

  /* The actor sees the key array we gave (`c.key`). */
  key_back = call_ok (rk_actor_get_id (second), "getKey", "[]", NULL);
  key_json = g_strdup_printf ("[\"%s\",\"two\"]", key);
  assert_json (key_back, key_json);
}

/* Connection params (counterWithParams) */

static void
test_conn_params_initializers (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("counterWithParams");
  const char *id = rk_actor_get_id (actor);
  g_autoptr(RkConnection) conn1 = open_connection (id, "{\"name\":\"user1\"}");
  g_autoptr(RkConnection) conn2 = open_connection (id, "{\"name\":\"user2\"}");
  g_autoptr(JsonNode) initializers = NULL;
  g_autoptr(JsonNode) count = NULL;
  EventLog log;

  initializers = call_over_ok (conn1, "getInitializers", "[]");
  g_assert_true (array_has_string (initializers, "user1"));
  g_assert_true (array_has_string (initializers, "user2"));

  /* The broadcast carries the caller's connection state. */
  event_log_init (&log);
  event_log_watch (&log, conn1);
  rk_connection_subscribe (conn1, "newCount");
  count = call_over_ok (conn2, "increment", "[3]");
  assert_json (count, "3");
  rk_test_wait_for (event_log_find (&log, "newCount") != NULL);
  assert_json (event_log_find (&log, "newCount"), "[{\"count\":3,\"by\":\"user2\"}]");
  event_log_clear (&log);
}

static void
test_conn_params_http (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("counterWithParams");
  const char *id = rk_actor_get_id (actor);
  g_autoptr(JsonNode) count = NULL;
  g_autoptr(JsonNode) initializers = NULL;

  /* Each HTTP action is a temporary connection: onConnect runs for it. */
  count = call_ok (id, "increment", "[2]", "{\"name\":\"http-user\"}");
  assert_json (count, "2");
  initializers = call_ok (id, "getInitializers", "[]", "{\"name\":\"second\"}");
  assert_json (initializers, "[\"http-user\",\"second\"]");
}

static void
test_conn_params_missing (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("counterWithParams");
  g_autoptr(RkConnection) connection = connect_to (rk_actor_get_id (actor), NULL);
  g_autoptr(RkTransition) last = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) output = NULL;

  /* createConnState reads `params.name` and throws on undefined params:
   * a masked internal error, at setup, which no retry can fix. */
  rk_connection_open (connection);
  rk_test_wait_for (rk_connection_get_status (connection) == RK_CONNECTION_STATUS_FAILED);
  log_transitions (connection);
  last = last_transition (connection);
  g_assert_cmpstr (rk_transition_get_error_group (last), ==, "rivetkit");
  g_assert_cmpstr (rk_transition_get_error_code (last), ==, "internal_error");
  g_assert_cmpuint (rk_transition_get_close_code (last), ==, 1011);

  output = call_action (rk_actor_get_id (actor), "getInitializers", "[]", NULL, &error);
  g_assert_null (output);
  g_assert_true (rk_error_matches (error, "rivetkit", "internal_error"));
  g_assert_cmpuint (rk_error_get_http_status (error), ==, 500);
}

/* Connection state (connStateActor) */

static void
test_conn_state_defaults (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("connStateActor");
  g_autoptr(RkConnection) connection = open_connection (rk_actor_get_id (actor), NULL);
  g_autoptr(JsonNode) state = call_over_ok (connection, "getConnectionState", "[]");

  g_assert_cmpstr (member_string (state, "id"), ==, rk_connection_get_connection_id (connection));
  g_assert_cmpstr (member_string (state, "username"), ==, "anonymous");
  g_assert_cmpstr (member_string (state, "role"), ==, "user");
  g_assert_cmpint (member_int (state, "counter"), ==, 0);
  g_assert_cmpint (member_int (state, "createdAt"), >, 0);
  g_assert_false (json_object_get_boolean_member (object_of (state), "noCount"));
}

static void
test_conn_state_params (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("connStateActor");
  g_autoptr(RkConnection) connection = NULL;
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(JsonNode) updated = NULL;
  g_autoptr(JsonNode) again = NULL;

  connection = open_connection (rk_actor_get_id (actor),
                                "{\"username\":\"testuser\",\"role\":\"admin\"}");
  state = call_over_ok (connection, "getConnectionState", "[]");
  g_assert_cmpstr (member_string (state, "username"), ==, "testuser");
  g_assert_cmpstr (member_string (state, "role"), ==, "admin");

  updated = call_over_ok (connection, "updateConnection",
                          "[{\"username\":\"newname\",\"role\":\"moderator\"}]");
  g_assert_cmpstr (member_string (updated, "username"), ==, "newname");
  g_assert_cmpstr (member_string (updated, "role"), ==, "moderator");
  again = call_over_ok (connection, "getConnectionState", "[]");
  g_assert_cmpstr (member_string (again, "username"), ==, "newname");
  g_assert_cmpstr (member_string (again, "role"), ==, "moderator");
}

static void
test_conn_state_per_connection (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("connStateActor");
  const char *id = rk_actor_get_id (actor);
  g_autoptr(RkConnection) conn1 = open_connection (id, "{\"username\":\"user1\"}");
  g_autoptr(RkConnection) conn2 = open_connection (id, "{\"username\":\"user2\"}");
  g_autoptr(JsonNode) out1 = NULL;
  g_autoptr(JsonNode) out2 = NULL;
  g_autoptr(JsonNode) state1 = NULL;
  g_autoptr(JsonNode) state2 = NULL;
  g_autoptr(JsonNode) all = NULL;
  g_autoptr(JsonNode) ids = NULL;
  JsonArray *all_array;

  /* incrementConnCounter returns nothing: `undefined`. */
  out1 = call_over_ok (conn1, "incrementConnCounter", "[5]");
  g_assert_cmpint (rk_compat_get_kind (out1), ==, RK_VALUE_KIND_UNDEFINED);
  out2 = call_over_ok (conn2, "incrementConnCounter", "[10]");
  state1 = call_over_ok (conn1, "getConnectionState", "[]");
  state2 = call_over_ok (conn2, "getConnectionState", "[]");
  g_assert_cmpint (member_int (state1, "counter"), ==, 5);
  g_assert_cmpint (member_int (state2, "counter"), ==, 10);
  g_assert_cmpstr (member_string (state1, "username"), ==, "user1");
  g_assert_cmpstr (member_string (state2, "username"), ==, "user2");
  g_assert_cmpstr (member_string (state1, "id"), !=, member_string (state2, "id"));

  ids = call_over_ok (conn1, "getConnectionIds", "[]");
  g_assert_true (array_has_string (ids, rk_connection_get_connection_id (conn1)));
  g_assert_true (array_has_string (ids, rk_connection_get_connection_id (conn2)));

  all = call_over_ok (conn1, "getAllConnectionStates", "[]");
  g_assert_true (JSON_NODE_HOLDS_ARRAY (all));
  all_array = json_node_get_array (all);
  g_assert_cmpuint (json_array_get_length (all_array), >=, 2);
}

static void
test_conn_state_direct_message (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("connStateActor");
  const char *id = rk_actor_get_id (actor);
  g_autoptr(RkConnection) conn1 = open_connection (id, NULL);
  g_autoptr(RkConnection) conn2 = open_connection (id, NULL);
  g_autoptr(JsonNode) sent = NULL;
  g_autoptr(JsonNode) missing = NULL;
  g_autofree char *args = NULL;
  g_autofree char *expected = NULL;
  EventLog log;

  event_log_init (&log);
  event_log_watch (&log, conn2);

  /* conn.send reaches conn2 without a subscription. */
  args = g_strdup_printf ("[\"%s\",\"Hello from conn1\"]",
                          rk_connection_get_connection_id (conn2));
  sent = call_over_ok (conn1, "sendToConnection", args);
  assert_json (sent, "true");
  rk_test_wait_for (event_log_find (&log, "directMessage") != NULL);
  expected = g_strdup_printf ("[{\"from\":\"%s\",\"message\":\"Hello from conn1\"}]",
                              rk_connection_get_connection_id (conn1));
  assert_json (event_log_find (&log, "directMessage"), expected);

  missing = call_over_ok (conn1, "sendToConnection", "[\"no-such-conn\",\"x\"]");
  assert_json (missing, "false");
  event_log_clear (&log);
}

static void
test_conn_state_disconnect_tracking (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("connStateActor");
  const char *id = rk_actor_get_id (actor);
  g_autoptr(RkConnection) observer = open_connection (id, "{\"noCount\":true}");
  g_autoptr(RkConnection) connection = NULL;
  g_autoptr(JsonNode) ids = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *conn_id = NULL;
  EventLog log;

  event_log_init (&log);
  event_log_watch (&log, observer);
  rk_connection_subscribe (observer, "userConnected");
  rk_connection_subscribe (observer, "userDisconnected");
  before = call_over_ok (observer, "getDisconnectionCount", "[]");
  assert_json (before, "0");

  connection = open_connection (id, NULL);
  conn_id = g_strdup (rk_connection_get_connection_id (connection));
  rk_test_wait_for (event_log_find (&log, "userConnected") != NULL);
  expected = g_strdup_printf ("[{\"id\":\"%s\",\"username\":\"anonymous\",\"role\":\"user\"}]",
                              conn_id);
  assert_json (event_log_find (&log, "userConnected"), expected);
  ids = call_over_ok (observer, "getConnectionIds", "[]");
  g_free (expected);
  expected = g_strdup_printf ("[\"%s\"]", conn_id);
  assert_json (ids, expected);

  /* Our close reaches onDisconnect. */
  rk_connection_close (connection);
  g_assert_cmpint (rk_connection_get_status (connection), ==, RK_CONNECTION_STATUS_DISCONNECTED);
  rk_test_wait_for (event_log_find (&log, "userDisconnected") != NULL);
  g_free (expected);
  expected = g_strdup_printf ("[{\"id\":\"%s\"}]", conn_id);
  assert_json (event_log_find (&log, "userDisconnected"), expected);
  after = call_over_ok (observer, "getDisconnectionCount", "[]");
  assert_json (after, "1");
  event_log_clear (&log);
}

static void
test_conn_state_disconnect_self (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("connStateActor");
  g_autoptr(RkConnection) connection = open_connection (rk_actor_get_id (actor), NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) args = rk_test_json ("[\"bye from the actor\"]");
  g_autoptr(RkTransition) last = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) output = NULL;

  rk_connection_action_async (connection, "disconnectSelf", args, NULL,
                              rk_test_store_result_cb, &result);
  rk_test_wait_for (rk_connection_get_status (connection) == RK_CONNECTION_STATUS_DISCONNECTED);
  rk_test_wait_for (result != NULL);
  log_transitions (connection);
  g_assert_nonnull (strstr (rk_connection_get_status_reason (connection), "bye from the actor"));
  last = last_transition (connection);
  g_assert_cmpuint (rk_transition_get_close_code (last), ==, 1000);

  /* Whether the reply beat the close is up to the server; either is fine. */
  output = rk_connection_action_finish (connection, result, &error);
  if (output == NULL)
    g_assert_error (error, RK_ERROR, RK_ERROR_CLOSED);
  else
    assert_json (output, "true");

  /* It stays down: the actor meant it. */
  g_assert_false (saw_status (connection, RK_CONNECTION_STATUS_RECONNECTING));
}

/* Connection rejection */

static void
test_reject_on_before_connect (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("rejectConnectionActor");
  const char *id = rk_actor_get_id (actor);
  g_autoptr(RkConnection) rejected = connect_to (id, "{\"reject\":true}");
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
  log_transitions (rejected);
  last = last_transition (rejected);
  g_assert_cmpstr (rk_transition_get_error_group (last), ==, "user");
  g_assert_cmpstr (rk_transition_get_error_code (last), ==, "rejected");
  g_assert_cmpuint (rk_transition_get_close_code (last), ==, 1011);
  g_assert_false (saw_status (rejected, RK_CONNECTION_STATUS_RECONNECTING));
  rk_test_wait_result (&result);
  output = rk_connection_action_finish (rejected, result, &error);
  g_assert_null (output);
  g_assert_true (rk_error_matches (error, "user", "rejected"));
  g_clear_error (&error);

  /* Over HTTP the UserError keeps its status and message. */
  g_clear_pointer (&output, json_node_unref);
  output = call_action (id, "ping", "[]", "{\"reject\":true}", &error);
  g_assert_null (output);
  g_assert_error (error, RK_ERROR, RK_ERROR_REMOTE);
  g_assert_true (rk_error_matches (error, "user", "rejected"));
  g_assert_cmpuint (rk_error_get_http_status (error), ==, 400);
  g_assert_nonnull (strstr (error->message, "Rejected connection"));

  accepted = open_connection (id, "{\"reject\":false}");
  pong = call_over_ok (accepted, "ping", "[]");
  assert_json (pong, "\"pong\"");
  http_pong = call_ok (id, "ping", "[]", NULL);
  assert_json (http_pong, "\"pong\"");
}

static void
test_reject_create_conn_state (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("connErrorSerializationActor");
  const char *id = rk_actor_get_id (actor);
  g_autoptr(RkConnection) failing = connect_to (id, "{\"shouldThrow\":true}");
  g_autoptr(RkConnection) fine = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) output = NULL;
  g_autoptr(JsonNode) value = NULL;
  g_autoptr(RkTransition) last = NULL;

  fine = open_connection (id, "{\"shouldThrow\":false}");
  value = call_over_ok (fine, "getValue", "[]");
  assert_json (value, "0");

  /* createConnState throws a public ActorError: the socket closes with
   * 1011 "connection.custom_error", and the official client's pending
   * action rejects with that group and code. */
  rk_connection_set_action_timeout (failing, 5000);
  rk_connection_open (failing);
  rk_connection_action_async (failing, "getValue", NULL, NULL, rk_test_store_result_cb, &result);
  rk_test_wait_for (rk_connection_get_status (failing) != RK_CONNECTION_STATUS_CONNECTING);
  log_transitions (failing);
  last = last_transition (failing);
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
  g_autoptr(RkActor) actor = fresh_actor ("accessControlActor");
  const char *id = rk_actor_get_id (actor);
  g_autoptr(RkRawResponse) allowed = NULL;
  g_autoptr(RkRawResponse) denied = NULL;
  g_autoptr(JsonNode) allowed_body = NULL;
  g_autoptr(JsonNode) denied_body = NULL;
  g_autoptr(JsonNode) action = NULL;
  g_autoptr(RawSocket) welcome = NULL;
  g_autoptr(RawSocket) refused = NULL;
  g_autoptr(JsonNode) first = NULL;

  /* Raw HTTP: onBeforeConnect's Forbidden comes back as the response. */
  allowed = raw_request (id, "GET", "/status", NULL, NULL, "{\"allowRequest\":true}");
  g_assert_cmpuint (rk_raw_response_get_status (allowed), ==, 200);
  allowed_body = response_json (allowed);
  assert_plain (allowed_body, "{\"ok\":true}");
  denied = raw_request (id, "GET", "/status", NULL, NULL, "{\"allowRequest\":false}");
  g_assert_cmpuint (rk_raw_response_get_status (denied), ==, 403);
  denied_body = response_json (denied);
  g_assert_cmpstr (member_string (denied_body, "group"), ==, "auth");
  g_assert_cmpstr (member_string (denied_body, "code"), ==, "forbidden");

  /* Actions are not gated by anything but params. */
  action = call_ok (id, "allowedAction", "[\"ok\"]", NULL);
  assert_json (action, "\"allowed:ok\"");

  /* Raw WebSocket: 101, then a 1011 close (the official test expects 1011). */
  welcome = raw_socket_open (id, NULL, "{\"allowWebSocket\":true}");
  rk_test_wait_for (welcome->frames->len >= 1);
  first = raw_frame_json (welcome, 0);
  assert_plain (first, "{\"type\":\"welcome\"}");
  refused = raw_socket_open (id, NULL, "{\"allowWebSocket\":false}");
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
  g_autoptr(RkActor) actor = fresh_actor ("accessControlActor");
  g_autoptr(RkConnection) connection = open_connection (rk_actor_get_id (actor), NULL);
  g_autoptr(JsonNode) ready = NULL;
  g_autoptr(JsonNode) broadcast = NULL;
  g_autoptr(JsonNode) blocked = NULL;
  g_autoptr(JsonNode) after = NULL;
  const GError *error;
  EventLog log;

  event_log_init (&log);
  event_log_watch (&log, connection);

  /* canSubscribe allows: the event arrives. */
  rk_connection_subscribe (connection, "allowedEvent");
  ready = call_over_ok (connection, "allowedAction", "[\"subscribe-ready\"]");
  broadcast = call_over_ok (connection, "allowedBroadcastAllowedEvent", "[\"hello\"]");
  rk_test_wait_for (event_log_find (&log, "allowedEvent") != NULL);
  assert_json (event_log_find (&log, "allowedEvent"), "[{\"value\":\"hello\"}]");
  g_assert_cmpuint (log.errors->len, ==, 0);

  /* canSubscribe refuses: a connection-level auth.forbidden Error (no
   * action id); the socket stays up. */
  rk_connection_subscribe (connection, "blockedEvent");
  rk_test_wait_for (log.errors->len >= 1);
  error = g_ptr_array_index (log.errors, 0);
  g_assert_true (rk_error_matches (error, "auth", "forbidden"));
  blocked = call_over_ok (connection, "allowedBroadcastBlockedEvent", "[\"secret\"]");
  after = call_over_ok (connection, "allowedAction", "[\"after\"]");
  assert_json (after, "\"allowed:after\"");
  g_assert_null (event_log_find (&log, "blockedEvent"));
  g_assert_cmpint (rk_connection_get_status (connection), ==, RK_CONNECTION_STATUS_CONNECTED);
  event_log_clear (&log);
}

/* Error handling (errorHandlingActor, customTimeoutActor) */

static void
test_errors_simple_user_error (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("errorHandlingActor");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) output = NULL;
  g_autoptr(JsonNode) success = NULL;

  output = call_action (rk_actor_get_id (actor), "throwSimpleError", "[]", NULL, &error);
  g_assert_null (output);
  g_assert_error (error, RK_ERROR, RK_ERROR_REMOTE);
  g_assert_cmpstr (rk_error_get_group (error), ==, "user");
  g_assert_cmpstr (rk_error_get_code (error), ==, "user_error");
  g_assert_null (rk_error_get_metadata (error));
  g_assert_cmpuint (rk_error_get_http_status (error), ==, 400);
  g_assert_nonnull (strstr (error->message, "Simple error message"));

  /* The actor keeps working after an error. */
  success = call_ok (rk_actor_get_id (actor), "successfulAction", "[]", NULL);
  assert_json (success, "\"success\"");
}

static void
test_errors_detailed_user_error (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("errorHandlingActor");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) output = NULL;
  JsonNode *metadata;

  output = call_action (rk_actor_get_id (actor), "throwDetailedError", "[]", NULL, &error);
  g_assert_null (output);
  g_assert_cmpstr (rk_error_get_group (error), ==, "user");
  g_assert_cmpstr (rk_error_get_code (error), ==, "detailed_error");
  g_assert_nonnull (strstr (error->message, "Detailed error message"));
  metadata = rk_error_get_metadata (error);
  g_assert_nonnull (metadata);
  g_assert_cmpstr (member_string (metadata, "reason"), ==, "test");
  g_assert_cmpint (member_int (metadata, "timestamp"), >, 0);
}

static void
test_errors_internal_error (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("errorHandlingActor");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) output = NULL;

  /* Masked: the official test expects exactly this description. */
  output = call_action (rk_actor_get_id (actor), "throwInternalError", "[]", NULL, &error);
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
  g_autoptr(RkActor) actor = fresh_actor ("errorHandlingActor");
  g_autoptr(RkConnection) connection = open_connection (rk_actor_get_id (actor), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) output = NULL;
  g_autoptr(JsonNode) logged = NULL;
  g_autoptr(JsonNode) success = NULL;
  JsonNode *metadata;

  output = call_over (connection, "throwDetailedError", "[]", &error);
  g_assert_null (output);
  g_assert_true (rk_error_matches (error, "user", "detailed_error"));
  metadata = rk_error_get_metadata (error);
  g_assert_nonnull (metadata);
  g_assert_cmpstr (member_string (metadata, "reason"), ==, "test");
  g_clear_error (&error);

  output = call_over (connection, "throwInternalError", "[]", &error);
  g_assert_null (output);
  g_assert_true (rk_error_matches (error, "rivetkit", "internal_error"));
  g_clear_error (&error);

  output = call_over (connection, "noSuchAction", "[]", &error);
  g_assert_null (output);
  g_assert_true (rk_error_matches (error, "action", "not_found"));
  g_clear_error (&error);

  /* Action errors leave the socket open; state carries on. */
  logged = call_over_ok (connection, "logError", "[\"first\"]");
  assert_json (logged, "[\"first\"]");
  success = call_over_ok (connection, "successfulAction", "[]");
  assert_json (success, "\"success\"");
  g_assert_cmpint (rk_connection_get_status (connection), ==, RK_CONNECTION_STATUS_CONNECTED);
  g_assert_false (saw_status (connection, RK_CONNECTION_STATUS_RECONNECTING));
}

static void
test_errors_action_timeout (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("customTimeoutActor");
  g_autoptr(RkActor) handler = fresh_actor ("errorHandlingActor");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) slow = NULL;
  g_autoptr(JsonNode) quick = NULL;
  g_autoptr(JsonNode) delayed = NULL;

  /* actionTimeout 200 ms, the action takes 300 ms. */
  slow = call_action (rk_actor_get_id (actor), "slowAction", "[]", NULL, &error);
  g_assert_null (slow);
  g_assert_nonnull (error);
  g_test_message ("timeout error: %s.%s %s (HTTP %u)", rk_error_get_group (error),
                  rk_error_get_code (error), error->message, rk_error_get_http_status (error));
  g_assert_true (rk_error_matches (error, "action", "timed_out"));
  g_assert_nonnull (strstr (error->message, "timed out"));

  quick = call_ok (rk_actor_get_id (actor), "quickAction", "[]", NULL);
  assert_json (quick, "\"Quick action completed\"");
  delayed = call_ok (rk_actor_get_id (handler), "delayedAction", "[50]", NULL);
  assert_json (delayed, "\"Completed after 50ms\"");
}

/* Input (inputActor) */

static void
test_input_create (void)
{
  g_autoptr(JsonNode) plain = rk_test_json ("{\"name\":\"test\",\"value\":42,"
                                            "\"nested\":{\"foo\":\"bar\"}}");
  g_autoptr(JsonNode) input = rk_compat_from_plain (plain);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RkActor) actor = NULL;
  g_autoptr(RkActor) bare = NULL;
  g_autoptr(JsonNode) inputs = NULL;
  g_autoptr(JsonNode) none = NULL;
  const char * const *key;

  /* create () without a key: the server picks a random one-part key. */
  rk_client_create_actor_async (client, "inputActor", NULL, input, NULL,
                                rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  actor = rk_client_create_actor_finish (client, result, &error);
  g_assert_no_error (error);
  key = rk_actor_get_key (actor);
  g_assert_nonnull (key);
  g_assert_cmpuint (g_strv_length ((char **)key), ==, 1);
  inputs = call_ok (rk_actor_get_id (actor), "getInputs", "[]", NULL);
  assert_json (inputs, "{\"initialInput\":{\"name\":\"test\",\"value\":42,"
                       "\"nested\":{\"foo\":\"bar\"}},\"onCreateInput\":{\"name\":\"test\","
                       "\"value\":42,\"nested\":{\"foo\":\"bar\"}}}");
  g_clear_object (&result);

  /* No input: both hooks see `undefined`, so both members are absent. */
  rk_client_create_actor_async (client, "inputActor", NULL, NULL, NULL,
                                rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  bare = rk_client_create_actor_finish (client, result, &error);
  g_assert_no_error (error);
  none = call_ok (rk_actor_get_id (bare), "getInputs", "[]", NULL);
  assert_json (none, "{}");
}

static void
test_input_get_or_create (void)
{
  g_autofree char *unique = rk_test_unique_key ("input");
  const char *parts[] = { unique, NULL };
  g_autoptr(JsonNode) plain = rk_test_json ("{\"name\":\"getorcreate-test\",\"value\":100,"
                                            "\"nested\":{\"baz\":\"qux\"}}");
  g_autoptr(JsonNode) other_plain = rk_test_json ("{\"ignored\":true}");
  g_autoptr(JsonNode) input = rk_compat_from_plain (plain);
  g_autoptr(JsonNode) other = rk_compat_from_plain (other_plain);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RkActor) actor = NULL;
  g_autoptr(RkActor) again = NULL;
  g_autoptr(JsonNode) inputs = NULL;
  g_autoptr(JsonNode) still = NULL;
  gboolean created = FALSE;

  rk_client_get_or_create_actor_async (client, "inputActor", parts, input, NULL,
                                       rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  actor = rk_client_get_or_create_actor_finish (client, result, &created, &error);
  g_assert_no_error (error);
  g_assert_true (created);
  inputs = call_ok (rk_actor_get_id (actor), "getInputs", "[]", NULL);
  g_assert_true (rk_compat_equal (json_object_get_member (object_of (inputs), "initialInput"),
                                  input));
  g_assert_true (rk_compat_equal (json_object_get_member (object_of (inputs), "onCreateInput"),
                                  input));
  g_clear_object (&result);

  /* The input only applies on creation. */
  rk_client_get_or_create_actor_async (client, "inputActor", parts, other, NULL,
                                       rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  again = rk_client_get_or_create_actor_finish (client, result, &created, &error);
  g_assert_no_error (error);
  g_assert_false (created);
  still = call_ok (rk_actor_get_id (again), "getInputs", "[]", NULL);
  g_assert_true (rk_compat_equal (json_object_get_member (object_of (still), "initialInput"),
                                  input));
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

  g_assert_cmpint (member_int (result, "itemCount"), ==, n);
  g_assert_cmpstr (member_string (result, "firstItem"), ==,
                   "Item 0 with some additional text to increase size");
  g_assert_cmpstr (member_string (result, "lastItem"), ==, last);
}

static void
assert_large_response (JsonNode *result,
                       guint     n)
{
  JsonArray *items = json_object_get_array_member (object_of (result), "items");
  g_autofree char *last = g_strdup_printf ("Item %u with some additional text to increase size",
                                           n - 1);

  g_assert_cmpuint (json_array_get_length (items), ==, n);
  g_assert_cmpstr (json_array_get_string_element (items, n - 1), ==, last);
}

static void
test_large_payload_http (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("largePayloadActor");
  const char *id = rk_actor_get_id (actor);
  g_autofree char *small = large_items_args (800);
  g_autofree char *big = large_items_args (1500);
  g_autoptr(JsonNode) accepted = NULL;
  g_autoptr(JsonNode) rejected = NULL;
  g_autoptr(JsonNode) response = NULL;
  g_autoptr(JsonNode) too_big = NULL;
  g_autoptr(GError) error = NULL;

  accepted = call_ok (id, "processLargeRequest", small, NULL);
  assert_large_request (accepted, 800);

  rejected = call_action (id, "processLargeRequest", big, NULL, &error);
  g_assert_null (rejected);
  g_test_message ("large request: %s", error->message);
  g_assert_true (rk_error_matches (error, "message", "incoming_too_long"));
  g_clear_error (&error);

  response = call_ok (id, "getLargeResponse", "[800]", NULL);
  assert_large_response (response, 800);

  too_big = call_action (id, "getLargeResponse", "[20000]", NULL, &error);
  g_assert_null (too_big);
  g_test_message ("large response: %s", error->message);
  g_assert_true (rk_error_matches (error, "message", "outgoing_too_long"));
}

static void
test_large_payload_connection (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("largePayloadConnActor");
  g_autoptr(RkConnection) connection = open_connection (rk_actor_get_id (actor), NULL);
  g_autofree char *small = large_items_args (800);
  g_autofree char *big = large_items_args (1500);
  g_autoptr(JsonNode) accepted = NULL;
  g_autoptr(JsonNode) size = NULL;
  g_autoptr(JsonNode) rejected = NULL;
  g_autoptr(JsonNode) response = NULL;
  g_autoptr(JsonNode) too_big = NULL;
  g_autoptr(GError) error = NULL;

  accepted = call_over_ok (connection, "processLargeRequest", small);
  assert_large_request (accepted, 800);
  size = call_over_ok (connection, "getLastRequestSize", "[]");
  assert_json (size, "800");

  /* ~150 KiB: above libsoup's 128 KiB default, which the library raises. */
  response = call_over_ok (connection, "getLargeResponse", "[2500]");
  assert_large_response (response, 2500);

  /* Measured: more than 64 KiB in closes the socket with 1011
   * "message.incoming_too_long" (no Error frame); the action fails as lost
   * and the connection comes back. */
  rejected = call_over (connection, "processLargeRequest", big, &error);
  g_assert_null (rejected);
  g_test_message ("large request over the socket: %s", error->message);
  g_assert_error (error, RK_ERROR, RK_ERROR_CLOSED);
  g_assert_nonnull (strstr (error->message, "message.incoming_too_long"));
  g_clear_error (&error);
  rk_test_wait_for (rk_connection_get_status (connection) == RK_CONNECTION_STATUS_CONNECTED);
  log_transitions (connection);
  g_assert_true (saw_status (connection, RK_CONNECTION_STATUS_RECONNECTING));

  /* More than 1 MiB out is an action error; the socket stays. */
  too_big = call_over (connection, "getLargeResponse", "[20000]", &error);
  g_assert_null (too_big);
  g_assert_true (rk_error_matches (error, "message", "outgoing_too_long"));
  g_clear_pointer (&size, json_node_unref);
  size = call_over_ok (connection, "getLastRequestSize", "[]");
  /* Connection state belongs to the socket: the new one starts at 0. */
  assert_json (size, "0");
}

/* Raw HTTP (rawHttpActor, rawHttpHonoActor, rawHttpRequestPropertiesActor…) */

static void
test_raw_http_get_and_state (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("rawHttpActor");
  const char *id = rk_actor_get_id (actor);
  g_autoptr(RkRawResponse) hello = NULL;
  g_autoptr(RkRawResponse) slash = NULL;
  g_autoptr(RkRawResponse) state = NULL;
  g_autoptr(RkRawResponse) missing = NULL;
  g_autoptr(JsonNode) hello_body = NULL;
  g_autoptr(JsonNode) slash_body = NULL;
  g_autoptr(JsonNode) state_body = NULL;
  g_autofree char *missing_text = NULL;

  /* With and without a leading slash. */
  hello = raw_request (id, "GET", "api/hello", NULL, NULL, NULL);
  g_assert_cmpuint (rk_raw_response_get_status (hello), ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (rk_raw_response_get_headers (hello),
                                                          NULL), ==, "application/json");
  hello_body = response_json (hello);
  assert_plain (hello_body, "{\"message\":\"Hello from actor!\"}");
  slash = raw_request (id, "GET", "/api/hello", NULL, NULL, NULL);
  slash_body = response_json (slash);
  assert_plain (slash_body, "{\"message\":\"Hello from actor!\"}");

  state = raw_request (id, "GET", "api/state", NULL, NULL, NULL);
  state_body = response_json (state);
  assert_plain (state_body, "{\"requestCount\":3}");

  missing = raw_request (id, "GET", "api/nonexistent", NULL, NULL, NULL);
  g_assert_cmpuint (rk_raw_response_get_status (missing), ==, 404);
  missing_text = response_text (missing);
  g_assert_cmpstr (missing_text, ==, "Not Found");
}

static void
test_raw_http_echo (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("rawHttpActor");
  const char *id = rk_actor_get_id (actor);
  g_autoptr(SoupMessageHeaders) json_headers = request_headers ("Content-Type",
                                                                "application/json", NULL);
  g_autoptr(SoupMessageHeaders) binary_headers = request_headers ("Content-Type",
                                                                  "application/octet-stream",
                                                                  NULL);
  g_autoptr(RkRawResponse) echo = NULL;
  g_autoptr(RkRawResponse) binary = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) echo_body = NULL;
  static const guint8 data[] = { 1, 2, 3, 4, 5 };

  echo = raw_request (id, "POST", "api/echo", json_headers,
                      "{\"test\":\"data\",\"number\":123}", NULL);
  g_assert_cmpuint (rk_raw_response_get_status (echo), ==, 200);
  echo_body = response_json (echo);
  assert_plain (echo_body, "{\"test\":\"data\",\"number\":123}");
  /* The actor answers with the request's headers. */
  g_assert_cmpstr (soup_message_headers_get_content_type (rk_raw_response_get_headers (echo),
                                                          NULL), ==, "application/json");

  payload = g_bytes_new_static (data, sizeof data);
  rk_client_raw_request_async (client, id, "POST", "api/echo", binary_headers, payload, NULL,
                               NULL, rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  binary = rk_client_raw_request_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rk_raw_response_get_status (binary), ==, 200);
  bytes = g_bytes_ref (rk_raw_response_get_body (binary));
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), data, sizeof data);
}

static void
test_raw_http_headers_and_methods (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("rawHttpActor");
  const char *id = rk_actor_get_id (actor);
  g_autoptr(SoupMessageHeaders) custom = request_headers ("X-Custom-Header", "test-value",
                                                          "X-Another-Header", "another-value",
                                                          NULL);
  g_autoptr(RkRawResponse) headers = NULL;
  g_autoptr(JsonNode) seen = NULL;
  static const char * const others[] = { "GET", "PUT", "DELETE", "PATCH" };

  headers = raw_request (id, "GET", "api/headers", custom, NULL, NULL);
  seen = response_json (headers);
  g_assert_cmpstr (member_string (seen, "x-custom-header"), ==, "test-value");
  g_assert_cmpstr (member_string (seen, "x-another-header"), ==, "another-value");

  /* Only POST is echoed; the rest fall through to 404. */
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"method\":\"%s\"}", others[i]);
      gboolean has_body = g_str_equal (others[i], "PUT") || g_str_equal (others[i], "PATCH");
      g_autoptr(RkRawResponse) response = raw_request (id, others[i], "api/echo", NULL,
                                                       has_body ? body : NULL, NULL);

      g_assert_cmpuint (rk_raw_response_get_status (response), ==, 404);
    }
}

static void
test_raw_http_handler_errors (void)
{
  g_autoptr(RkActor) none = fresh_actor ("rawHttpNoHandlerActor");
  g_autoptr(RkActor) empty = fresh_actor ("rawHttpVoidReturnActor");
  g_autoptr(RkRawResponse) not_defined = NULL;
  g_autoptr(RkRawResponse) void_return = NULL;
  g_autoptr(JsonNode) not_defined_body = NULL;
  g_autoptr(JsonNode) void_body = NULL;

  /* The handler's failures are responses, not transport errors. */
  not_defined = raw_request (rk_actor_get_id (none), "GET", "api/anything", NULL, NULL, NULL);
  g_assert_cmpuint (rk_raw_response_get_status (not_defined), ==, 404);
  not_defined_body = response_json (not_defined);
  g_assert_cmpstr (member_string (not_defined_body, "group"), ==, "handler");
  g_assert_cmpstr (member_string (not_defined_body, "code"), ==, "request_not_defined");

  void_return = raw_request (rk_actor_get_id (empty), "GET", "api/anything", NULL, NULL, NULL);
  g_assert_cmpuint (rk_raw_response_get_status (void_return), ==, 500);
  void_body = response_json (void_return);
  g_assert_cmpstr (member_string (void_body, "group"), ==, "handler");
  g_assert_cmpstr (member_string (void_body, "code"), ==, "invalid_request_handler_response");
  g_assert_nonnull (strstr (member_string (void_body, "message"),
                            "onRequest handler must return a Response"));
}

static void
test_raw_http_hono (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("rawHttpHonoActor");
  const char *id = rk_actor_get_id (actor);
  g_autoptr(SoupMessageHeaders) json = request_headers ("Content-Type", "application/json",
                                                        NULL);
  static const struct
  {
    const char *method;
    const char *path;
    const char *body;
    guint status;
    const char *expected;
  } cases[] = {
    { "GET", "/", NULL, 200, "{\"message\":\"Welcome to Hono actor!\"}" },
    { "GET", "/users", NULL, 200, "[{\"id\":1,\"name\":\"Alice\"},{\"id\":2,\"name\":\"Bob\"}]" },
    { "GET", "users/1", NULL, 200, "{\"id\":1,\"name\":\"Alice\"}" },
    { "POST", "/users", "{\"name\":\"Charlie\"}", 201, "{\"id\":3,\"name\":\"Charlie\"}" },
    { "PUT", "/users/1", "{\"name\":\"Alice Updated\"}", 200,
      "{\"id\":1,\"name\":\"Alice Updated\"}" },
    { "DELETE", "/users/2", NULL, 200, "{\"message\":\"User 2 deleted\"}" },
    { "GET", "/api/unknown", NULL, 404, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RkRawResponse) response = raw_request (id, cases[i].method, cases[i].path,
                                                       cases[i].body ? json : NULL,
                                                       cases[i].body, NULL);
      g_autoptr(JsonNode) body = NULL;

      g_test_message ("%s %s", cases[i].method, cases[i].path);
      g_assert_cmpuint (rk_raw_response_get_status (response), ==, cases[i].status);
      if (cases[i].expected == NULL)
        continue;
      body = response_json (response);
      assert_plain (body, cases[i].expected);
    }
}

static void
test_raw_http_request_properties (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("rawHttpRequestPropertiesActor");
  const char *id = rk_actor_get_id (actor);
  g_autoptr(SoupMessageHeaders) headers = request_headers ("Content-Type", "application/json",
                                                           "X-Custom-Header", "custom-value",
                                                           "Authorization", "Bearer test-token",
                                                           "Cookie", "session=abc123; user=test",
                                                           NULL);
  g_autoptr(RkRawResponse) post = NULL;
  g_autoptr(RkRawResponse) get = NULL;
  g_autoptr(RkRawResponse) encoded = NULL;
  g_autoptr(RkRawResponse) head = NULL;
  g_autoptr(RkRawResponse) options = NULL;
  g_autoptr(JsonNode) post_body = NULL;
  g_autoptr(JsonNode) get_body = NULL;
  g_autoptr(JsonNode) encoded_body = NULL;
  JsonNode *seen_headers;
  JsonNode *params;

  post = raw_request (id, "POST", "test/path?foo=bar&baz=qux", headers, "{\"test\":\"data\"}",
                      NULL);
  g_assert_cmpuint (rk_raw_response_get_status (post), ==, 200);
  post_body = response_json (post);
  g_assert_nonnull (strstr (member_string (post_body, "url"), "/test/path?foo=bar&baz=qux"));
  g_assert_cmpstr (member_string (post_body, "pathname"), ==, "/test/path");
  g_assert_cmpstr (member_string (post_body, "search"), ==, "?foo=bar&baz=qux");
  g_assert_cmpstr (member_string (post_body, "method"), ==, "POST");
  assert_plain (json_object_get_member (object_of (post_body), "searchParams"),
                "{\"foo\":\"bar\",\"baz\":\"qux\"}");
  assert_plain (json_object_get_member (object_of (post_body), "body"), "{\"test\":\"data\"}");
  seen_headers = json_object_get_member (object_of (post_body), "headers");
  g_assert_cmpstr (member_string (seen_headers, "content-type"), ==, "application/json");
  g_assert_cmpstr (member_string (seen_headers, "x-custom-header"), ==, "custom-value");
  g_assert_cmpstr (member_string (seen_headers, "authorization"), ==, "Bearer test-token");
  g_assert_cmpstr (member_string (seen_headers, "cookie"), ==, "session=abc123; user=test");

  get = raw_request (id, "GET", "", NULL, NULL, NULL);
  get_body = response_json (get);
  g_assert_cmpstr (member_string (get_body, "pathname"), ==, "/");
  g_assert_cmpstr (member_string (get_body, "method"), ==, "GET");
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (object_of (get_body), "body")));

  /* Escapes the caller typed reach the actor as they were. */
  encoded = raw_request (id, "GET",
                         "test/encoded?special=%20%21%40%23%24%25%5E%26&unicode=%E2%9C%93"
                         "&email=test%40example.com", NULL, NULL, NULL);
  encoded_body = response_json (encoded);
  params = json_object_get_member (object_of (encoded_body), "searchParams");
  g_assert_cmpstr (member_string (params, "special"), ==, " !@#$%^&");
  g_assert_cmpstr (member_string (params, "unicode"), ==, "✓");
  g_assert_cmpstr (member_string (params, "email"), ==, "test@example.com");

  head = raw_request (id, "HEAD", "test/head", NULL, NULL, NULL);
  g_assert_cmpuint (rk_raw_response_get_status (head), ==, 200);
  g_assert_cmpuint (g_bytes_get_size (rk_raw_response_get_body (head)), ==, 0);
  options = raw_request (id, "OPTIONS", "test/options", NULL, NULL, NULL);
  g_test_message ("OPTIONS: %u", rk_raw_response_get_status (options));
  g_assert_cmpuint (rk_raw_response_get_status (options), ==, 204);
  g_assert_cmpuint (g_bytes_get_size (rk_raw_response_get_body (options)), ==, 0);
}

/* Raw WebSocket (rawWebSocketActor, rawWebSocketBinaryActor) */

static void
test_raw_ws_welcome_echo (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("rawWebSocketActor");
  g_autoptr(RawSocket) raw = raw_socket_open (rk_actor_get_id (actor), NULL, NULL);
  g_autoptr(JsonNode) welcome = NULL;
  g_autoptr(JsonNode) pong = NULL;
  g_autofree char *echo = NULL;
  guint next = 0;

  welcome = raw_wait_type (raw, &next, "welcome");
  assert_plain (welcome, "{\"type\":\"welcome\",\"connectionCount\":1}");
  g_assert_cmpint (GPOINTER_TO_INT (g_ptr_array_index (raw->types, 0)), ==,
                   SOUP_WEBSOCKET_DATA_TEXT);

  soup_websocket_connection_send_text (raw->socket, "{\"test\":\"data\",\"n\":7}");
  rk_test_wait_for (raw->frames->len > next);
  echo = raw_frame_text (raw, next++);
  g_assert_cmpstr (echo, ==, "{\"test\":\"data\",\"n\":7}");

  soup_websocket_connection_send_text (raw->socket, "{\"type\":\"ping\"}");
  pong = raw_wait_type (raw, &next, "pong");
  g_assert_cmpint (member_int (pong, "timestamp"), >, 0);
}

static gint64
raw_ws_connection_count (const char *actor_id)
{
  g_autoptr(JsonNode) stats = call_ok (actor_id, "getStats", "[]", NULL);

  return member_int (stats, "connectionCount");
}

static void
test_raw_ws_stats (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("rawWebSocketActor");
  const char *id = rk_actor_get_id (actor);
  g_autoptr(RawSocket) ws1 = raw_socket_open (id, NULL, NULL);
  g_autoptr(RawSocket) ws2 = NULL;
  g_autoptr(JsonNode) welcome1 = NULL;
  g_autoptr(JsonNode) welcome2 = NULL;
  g_autoptr(JsonNode) pong = NULL;
  g_autoptr(JsonNode) stats = NULL;
  g_autoptr(JsonNode) action_stats = NULL;
  guint next1 = 0;
  guint next2 = 0;

  welcome1 = raw_wait_type (ws1, &next1, "welcome");
  g_assert_cmpint (member_int (welcome1, "connectionCount"), ==, 1);
  ws2 = raw_socket_open (id, NULL, NULL);
  welcome2 = raw_wait_type (ws2, &next2, "welcome");
  g_assert_cmpint (member_int (welcome2, "connectionCount"), ==, 2);

  soup_websocket_connection_send_text (ws1->socket, "{\"data\":\"test1\"}");
  soup_websocket_connection_send_text (ws1->socket, "{\"data\":\"test3\"}");
  soup_websocket_connection_send_text (ws2->socket, "{\"type\":\"ping\"}");
  pong = raw_wait_type (ws2, &next2, "pong");
  soup_websocket_connection_send_text (ws1->socket, "{\"type\":\"getStats\"}");
  stats = raw_wait_type (ws1, &next1, "stats");
  assert_plain (stats, "{\"type\":\"stats\",\"connectionCount\":2,\"messageCount\":4}");

  /* The same numbers through an action. */
  action_stats = call_ok (id, "getStats", "[]", NULL);
  assert_json (action_stats, "{\"connectionCount\":2,\"messageCount\":4}");

  /* Closing reaches the actor's close listener. */
  soup_websocket_connection_close (ws1->socket, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  rk_test_wait_for (ws1->closed);
  rk_test_wait_for (raw_ws_connection_count (id) == 1);
  soup_websocket_connection_close (ws2->socket, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  rk_test_wait_for (ws2->closed);
  rk_test_wait_for (raw_ws_connection_count (id) == 0);
}

static void
test_raw_ws_binary (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("rawWebSocketBinaryActor");
  g_autoptr(RawSocket) raw = raw_socket_open (rk_actor_get_id (actor), NULL, NULL);
  static const guint8 small[] = { 1, 2, 3, 4, 5 };
  static const guint8 reversed[] = { 5, 4, 3, 2, 1 };
  guint8 large[1024];
  GBytes *reply;
  const guint8 *data;
  gsize len = 0;

  soup_websocket_connection_send_binary (raw->socket, small, sizeof small);
  rk_test_wait_for (raw->frames->len >= 1);
  reply = g_ptr_array_index (raw->frames, 0);
  g_assert_cmpint (GPOINTER_TO_INT (g_ptr_array_index (raw->types, 0)), ==,
                   SOUP_WEBSOCKET_DATA_BINARY);
  g_assert_cmpmem (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply),
                   reversed, sizeof reversed);

  for (guint i = 0; i < sizeof large; i++)
    large[i] = i % 256;
  soup_websocket_connection_send_binary (raw->socket, large, sizeof large);
  rk_test_wait_for (raw->frames->len >= 2);
  data = g_bytes_get_data (g_ptr_array_index (raw->frames, 1), &len);
  g_assert_cmpuint (len, ==, sizeof large);
  for (guint i = 0; i < sizeof large; i++)
    g_assert_cmpuint (data[i], ==, large[sizeof large - 1 - i]);

  /* Text is not echoed by this actor. */
  g_assert_cmpuint (raw->frames->len, ==, 2);
}

static void
test_raw_ws_paths_and_query (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("rawWebSocketActor");
  const char *id = rk_actor_get_id (actor);
  static const struct
  {
    const char *path;
    const char *pathname;
    const char *search;
  } cases[] = {
    { "custom/path", "/websocket/custom/path", "" },
    { "api/v1/stream?token=abc123&user=test", "/websocket/api/v1/stream",
      "?token=abc123&user=test" },
    { "?token=secret&session=123", "/websocket/", "?token=secret&session=123" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RawSocket) raw = raw_socket_open (id, cases[i].path, NULL);
      g_autoptr(JsonNode) welcome = NULL;
      g_autoptr(JsonNode) info = NULL;
      guint next = 0;

      welcome = raw_wait_type (raw, &next, "welcome");
      soup_websocket_connection_send_text (raw->socket, "{\"type\":\"getRequestInfo\"}");
      info = raw_wait_type (raw, &next, "requestInfo");
      g_test_message ("%s -> url %s", cases[i].path, member_string (info, "url"));

      /* Measured: `ctx.request` is the gateway request, not stripped of
       * `/gateway/{id}/websocket` (unlike onRequest's). */
      g_assert_true (g_str_has_suffix (member_string (info, "pathname"), cases[i].pathname));
      g_assert_nonnull (strstr (member_string (info, "pathname"), id));
      g_assert_cmpstr (member_string (info, "search"), ==, cases[i].search);
      if (cases[i].search[0] != '\0')
        g_assert_nonnull (strstr (member_string (info, "url"), cases[i].search));
    }
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
  g_autoptr(RkActor) actor = fresh_actor ("queueActor");
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
  assert_json (sent, "{\"status\":\"completed\"}");
  received = call_ok (id, "receiveOne", "[\"greeting\"]", NULL);
  assert_json (received, "{\"name\":\"greeting\",\"body\":{\"hello\":\"world\"}}");

  a = queue_send_ok (id, "a", "1");
  b = queue_send_ok (id, "b", "2");
  c = queue_send_ok (id, "c", "3");
  batch = call_ok (id, "receiveMany", "[[\"a\",\"b\"],{\"count\":2}]", NULL);
  assert_json (batch, "[{\"name\":\"a\",\"body\":1},{\"name\":\"b\",\"body\":2}]");
  empty = call_ok (id, "tryReceiveMany", "[{\"names\":[\"missing\"],\"count\":1}]", NULL);
  assert_json (empty, "[]");

  /* An undeclared queue name is dropped but still "completed". */
  undeclared = queue_send_ok (id, "noSuchQueue", "{\"x\":1}");
  assert_json (undeclared, "{\"status\":\"completed\"}");
}

static void
test_queue_wait (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("queueActor");
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
  assert_json (completed, "{\"status\":\"completed\",\"response\":{\"echo\":{\"value\":123}}}");
  rk_test_wait_result (&receive_result);
  received = rk_client_action_finish (client, receive_result, &error);
  g_assert_no_error (error);
  assert_json (received, "{\"name\":\"tasks\",\"body\":{\"value\":123}}");

  /* Nobody completes "timeout". */
  timed_out = queue_send (id, "timeout", "{\"value\":456}", TRUE, 50, &error);
  g_assert_no_error (error);
  assert_json (timed_out, "{\"status\":\"timedOut\"}");
}

static void
test_queue_limits (void)
{
  g_autoptr(RkActor) full = fresh_actor ("queueLimitedActor");
  g_autoptr(RkActor) sized = fresh_actor ("queueLimitedActor");
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
  assert_json (rk_error_get_metadata (error), "{\"limit\":1}");
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
  g_autoptr(RkActor) actor = fresh_actor ("accessControlActor");
  g_autoptr(RkActor) no_queues = fresh_actor ("accessControlNoQueuesActor");
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
  assert_json (allowed, "{\"status\":\"completed\"}");

  /* canPublish ran with a (temporary) connection. */
  conn_id = call_ok (id, "allowedGetLastCanPublishConnId", "[]", NULL);
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
  assert_json (missing, "{\"status\":\"completed\"}");
  missing_wait = queue_send (id, "missingQueue", "{\"value\":\"four\"}", TRUE, 50, &error);
  g_assert_no_error (error);
  assert_json (missing_wait, "{\"status\":\"completed\"}");

  received = call_ok (id, "allowedReceiveQueue", "[]", NULL);
  assert_json (received, "{\"value\":\"one\"}");
  rest = call_ok (id, "allowedReceiveAnyQueue", "[]", NULL);
  assert_json (rest, "null");

  ignored = queue_send_ok (rk_actor_get_id (no_queues), "anyQueue", "{\"value\":\"x\"}");
  assert_json (ignored, "{\"status\":\"completed\"}");
  nothing = call_ok (rk_actor_get_id (no_queues), "readAnyQueue", "[]", NULL);
  assert_json (nothing, "null");
}

static void
test_queue_inspector (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("queueActor");
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
  g_assert_cmpint (member_int (queue, "size"), ==, 2);
  g_assert_cmpint (member_int (queue, "maxSize"), >, 0);
  g_assert_false (json_object_get_boolean_member (object_of (queue), "truncated"));
  messages = json_object_get_array_member (object_of (queue), "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 2);
  g_assert_cmpstr (member_string (json_array_get_element (messages, 0), "name"), ==, "greeting");
  g_assert_cmpstr (member_string (json_array_get_element (messages, 1), "name"), ==, "self");

  /* Consuming one is pushed too. */
  received = call_ok (id, "receiveOne", "[\"greeting\"]", NULL);
  assert_json (received, "{\"name\":\"greeting\",\"body\":{\"hello\":\"one\"}}");
  rk_test_wait_for (rk_inspector_get_queue_size (inspector) == 1);
  rk_inspector_stop (inspector);
}

/* Sleep (sleep: sleepTimeout 1 s) */

static void
assert_counts (JsonNode *counts,
               gint64    start_count,
               gint64    sleep_count)
{
  g_assert_cmpint (member_int (counts, "startCount"), ==, start_count);
  g_assert_cmpint (member_int (counts, "sleepCount"), ==, sleep_count);
}

static void
test_sleep_trigger (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("sleep");
  const char *id = rk_actor_get_id (actor);
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) slept = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(GPtrArray) record = NULL;
  RkActor *asleep;

  before = call_ok (id, "getCounts", "[]", NULL);
  assert_counts (before, 1, 0);
  slept = call_ok (id, "triggerSleep", "[]", NULL);

  /* The record shows it asleep, and reading it does not wake it. */
  wait_for_status (id, RK_ACTOR_STATUS_SLEEPING);
  record = actors_by_id (id);
  g_assert_nonnull (record);
  asleep = g_ptr_array_index (record, 0);
  g_assert_cmpint (rk_actor_get_sleep_ts (asleep), >, 0);
  g_assert_cmpint (rk_actor_get_connectable_ts (asleep), ==, 0);

  /* Any gateway request wakes it: state persisted, hooks ran once each. */
  after = call_ok (id, "getCounts", "[]", NULL);
  assert_counts (after, 2, 1);
  g_assert_cmpint (actor_status (id), ==, RK_ACTOR_STATUS_AWAKE);
}

static void
test_sleep_auto (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("sleep");
  const char *id = rk_actor_get_id (actor);
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  gint64 idle_since;
  gint64 slept_after_ms;

  before = call_ok (id, "getCounts", "[]", NULL);
  assert_counts (before, 1, 0);
  idle_since = g_get_monotonic_time ();

  /* Idle with no connection: asleep after sleepTimeout. */
  wait_for_status (id, RK_ACTOR_STATUS_SLEEPING);
  slept_after_ms = (g_get_monotonic_time () - idle_since) / 1000;
  g_test_message ("auto-sleep seen after %" G_GINT64_FORMAT " ms", slept_after_ms);
  g_assert_cmpint (slept_after_ms, >=, FIXTURE_SLEEP_TIMEOUT_MS - 100);

  after = call_ok (id, "getCounts", "[]", NULL);
  assert_counts (after, 2, 1);
}

static void
test_sleep_connection_reconnects (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("sleep");
  const char *id = rk_actor_get_id (actor);
  g_autoptr(RkConnection) connection = connect_to (id, NULL);
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) slept = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *first_id = NULL;
  guint n_before;

  /* The idle socket's liveness check reads the record every second. */
  rk_connection_set_liveness_interval (connection, 1);
  rk_connection_open (connection);
  before = call_over_ok (connection, "getCounts", "[]");
  assert_counts (before, 1, 0);
  first_id = g_strdup (rk_connection_get_connection_id (connection));
  n_before = g_list_model_get_n_items (rk_connection_get_transitions (connection));

  slept = call_over_ok (connection, "triggerSleep", "[]");

  /* Lost (the socket stays open as a zombie, or closes), then back with a
   * new socket that woke the actor. */
  rk_test_wait_for (saw_status (connection, RK_CONNECTION_STATUS_RECONNECTING));
  rk_test_wait_for (rk_connection_get_status (connection) == RK_CONNECTION_STATUS_CONNECTED &&
                    g_list_model_get_n_items (rk_connection_get_transitions (connection)) >
                      n_before + 1);
  log_transitions (connection);
  g_assert_nonnull (strstr (first_reason (connection, RK_CONNECTION_STATUS_RECONNECTING),
                            "sleep"));
  g_assert_cmpstr (rk_connection_get_connection_id (connection), !=, first_id);

  after = call_over_ok (connection, "getCounts", "[]");
  assert_counts (after, 2, 1);
  rk_connection_close (connection);
}

static void
test_sleep_pending_action_resent (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("sleep");
  const char *id = rk_actor_get_id (actor);
  g_autoptr(RkConnection) connection = connect_to (id, NULL);
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) slept = NULL;
  g_autoptr(JsonNode) after = NULL;

  /* No liveness check: the next action meets `actor.stopping`, which the
   * library answers by reconnecting and sending that action again. */
  rk_connection_set_liveness_interval (connection, 0);
  rk_connection_open (connection);
  before = call_over_ok (connection, "getCounts", "[]");
  assert_counts (before, 1, 0);
  slept = call_over_ok (connection, "triggerSleep", "[]");
  wait_for_status (id, RK_ACTOR_STATUS_SLEEPING);

  after = call_over_ok (connection, "getCounts", "[]");
  log_transitions (connection);
  assert_counts (after, 2, 1);
  g_assert_true (saw_status (connection, RK_CONNECTION_STATUS_RECONNECTING));
  rk_connection_close (connection);
}

static void
test_sleep_wait_until_message (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("sleepWithWaitUntilMessage");
  g_autoptr(RkConnection) connection = connect_to (rk_actor_get_id (actor), NULL);
  g_autoptr(JsonNode) slept = NULL;
  g_autoptr(JsonNode) after = NULL;
  guint n_before;
  EventLog log;

  event_log_init (&log);
  event_log_watch (&log, connection);
  rk_connection_set_liveness_interval (connection, 1);
  rk_connection_open (connection);
  rk_test_wait_for (rk_connection_get_status (connection) == RK_CONNECTION_STATUS_CONNECTED);
  n_before = g_list_model_get_n_items (rk_connection_get_transitions (connection));

  /* waitUntil's conn.send still reaches us while the actor goes to sleep. */
  slept = call_over_ok (connection, "triggerSleep", "[]");
  rk_test_wait_for (event_log_find (&log, "sleeping") != NULL);
  {
    g_autoptr(JsonNode) payload = rk_compat_dup_element (event_log_find (&log, "sleeping"), 0);

    /* The official test checks startCount only; measured, onSleep has
     * already run when the waitUntil timer fires. */
    g_assert_cmpint (member_int (payload, "startCount"), ==, 1);
    g_assert_cmpint (member_int (payload, "sleepCount"), ==, 1);
  }

  rk_test_wait_for (rk_connection_get_status (connection) == RK_CONNECTION_STATUS_CONNECTED &&
                    g_list_model_get_n_items (rk_connection_get_transitions (connection)) >
                      n_before + 1);
  after = call_over_ok (connection, "getCounts", "[]");
  assert_json (after, "{\"startCount\":2,\"sleepCount\":1,\"waitUntilMessageCount\":1}");
  g_assert_cmpuint (log.errors->len, ==, 0);
  rk_connection_close (connection);
  event_log_clear (&log);
}

/* Destroy (destroyActor, destroyObserver) */

static gboolean
observer_saw_destroy (const char *actor_key)
{
  const char *observer_key[] = { "observer", NULL };
  g_autoptr(RkActor) observer = get_or_create ("destroyObserver", observer_key, NULL);
  g_autofree char *args = g_strdup_printf ("[\"%s\"]", actor_key);
  g_autoptr(JsonNode) seen = call_ok (rk_actor_get_id (observer), "wasDestroyed", args, NULL);

  return json_node_get_boolean (seen);
}

static void
assert_destroyed (const char *actor_id,
                  const char *actor_key)
{
  const char *parts[] = { actor_key, NULL };
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RkActor) by_key = NULL;
  g_autoptr(JsonNode) output = NULL;

  rk_test_wait_for (observer_saw_destroy (actor_key));

  /* Gone from every listing. */
  rk_test_wait_for (actor_status (actor_id) == -2);
  rk_client_get_actor_async (client, "destroyActor", parts, NULL, rk_test_store_result_cb,
                             &result);
  rk_test_wait_result (&result);
  by_key = rk_client_get_actor_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_null (by_key);

  output = call_action (actor_id, "getValue", "[]", NULL, &error);
  g_assert_null (output);
  g_assert_error (error, RK_ERROR, RK_ERROR_REMOTE);
  g_assert_true (rk_error_matches (error, "actor", "not_found"));
  g_assert_cmpuint (rk_error_get_http_status (error), ==, 400);
}

static void
test_destroy_without_connection (void)
{
  g_autofree char *key = rk_test_unique_key ("destroy");
  const char *parts[] = { key, NULL };
  g_autoptr(RkActor) actor = get_or_create ("destroyActor", parts, NULL);
  g_autoptr(RkActor) again = NULL;
  g_autoptr(JsonNode) set = NULL;
  g_autoptr(JsonNode) destroyed = NULL;
  g_autoptr(JsonNode) fresh = NULL;
  g_autoptr(RkRawResponse) state = NULL;
  g_autoptr(JsonNode) state_body = NULL;
  g_autofree char *expected = NULL;
  gboolean created = FALSE;

  set = call_ok (rk_actor_get_id (actor), "setValue", "[42]", NULL);
  assert_json (set, "42");
  state = raw_request (rk_actor_get_id (actor), "GET", "/state", NULL, NULL, NULL);
  state_body = response_json (state);
  expected = g_strdup_printf ("{\"key\":\"%s\",\"value\":42}", key);
  assert_plain (state_body, expected);

  destroyed = call_ok (rk_actor_get_id (actor), "destroy", "[]", NULL);
  assert_destroyed (rk_actor_get_id (actor), key);

  /* The key can be used again, with fresh state (and, FS driver, the same
   * deterministic id). */
  again = get_or_create ("destroyActor", parts, &created);
  g_assert_true (created);
  g_assert_cmpstr (rk_actor_get_id (again), ==, rk_actor_get_id (actor));
  fresh = call_ok (rk_actor_get_id (again), "getValue", "[]", NULL);
  assert_json (fresh, "0");
}

static void
test_destroy_with_connection (void)
{
  g_autofree char *key = rk_test_unique_key ("destroy-conn");
  const char *parts[] = { key, NULL };
  g_autoptr(RkActor) actor = get_or_create ("destroyActor", parts, NULL);
  g_autoptr(RkConnection) connection = connect_to (rk_actor_get_id (actor), NULL);
  g_autoptr(JsonNode) set = NULL;
  g_autoptr(JsonNode) value = NULL;
  g_autoptr(JsonNode) destroyed = NULL;
  g_autoptr(JsonNode) output = NULL;
  g_autoptr(RkTransition) last = NULL;
  g_autoptr(GError) error = NULL;

  rk_connection_set_liveness_interval (connection, 1);
  rk_connection_open (connection);
  set = call_over_ok (connection, "setValue", "[99]");
  assert_json (set, "99");
  value = call_over_ok (connection, "getValue", "[]");
  assert_json (value, "99");
  destroyed = call_over_ok (connection, "destroy", "[]");

  /* The socket is dead (zombie or closed); the retry meets actor.not_found
   * and the connection gives up. */
  rk_test_wait_for (rk_connection_get_status (connection) == RK_CONNECTION_STATUS_FAILED);
  log_transitions (connection);
  last = last_transition (connection);
  g_assert_cmpstr (rk_transition_get_error_group (last), ==, "actor");
  g_assert_cmpstr (rk_transition_get_error_code (last), ==, "not_found");
  g_assert_cmpuint (rk_transition_get_close_code (last), ==, 1011);
  g_assert_nonnull (first_reason (connection, RK_CONNECTION_STATUS_RECONNECTING));

  output = call_over (connection, "getValue", "[]", &error);
  g_assert_null (output);
  g_assert_error (error, RK_ERROR, RK_ERROR_CLOSED);

  assert_destroyed (rk_actor_get_id (actor), key);
}

static void
test_destroy_client_api (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("destroyActor");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = NULL;

  /* 2.2 has no DELETE /actors/{id}: only the actor can destroy itself. */
  rk_client_destroy_actor_async (client, rk_actor_get_id (actor), NULL,
                                 rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  g_assert_false (rk_client_destroy_actor_finish (client, result, &error));
  g_assert_error (error, RK_ERROR, RK_ERROR_NOT_SUPPORTED);

  value = call_ok (rk_actor_get_id (actor), "getValue", "[]", NULL);
  assert_json (value, "0");
}

/* Inspector on fixture actors */

static void
test_inspector_counter (void)
{
  g_autoptr(RkActor) actor = fresh_actor ("counter");
  g_autoptr(RkInspector) inspector = rk_inspector_new (client, rk_actor_get_id (actor));
  g_autoptr(JsonNode) count = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) summary = NULL;
  const char * const *rpcs;

  count = call_ok (rk_actor_get_id (actor), "increment", "[7]", NULL);
  rk_inspector_get_summary_async (inspector, NULL, rk_test_store_result_cb, &result);
  rk_test_wait_result (&result);
  summary = rk_inspector_request_finish (inspector, result, &error);
  g_assert_no_error (error);
  assert_json (json_object_get_member (object_of (summary), "state"), "{\"count\":7}");
  g_assert_true (json_object_get_boolean_member (object_of (summary), "isStateEnabled"));
  g_assert_false (json_object_get_boolean_member (object_of (summary), "isWorkflowEnabled"));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (object_of (summary),
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
  g_autoptr(RkActor) actor = fresh_actor ("workflowCounterActor");
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
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  /* Always the fixture server, whatever RK_TEST_SERVER says. */
  server = rk_real_server_new (RK_REAL_SERVER_FIXTURES);
  if (!rk_real_server_start (server, &error))
    g_error ("Cannot start RivetKit's fixture server: %s", error->message);

  client = rk_client_new (rk_real_server_get_endpoint (server), NULL, NULL, &error);
  g_assert_no_error (error);
  /* Like the official client's driver tests (disableMetadataLookup). */
  rk_client_set_follow_client_endpoint (client, FALSE);

  g_test_add_func ("/rk/driver-fixtures/probe/version", test_probe_version);
  g_test_add_func ("/rk/driver-fixtures/probe/follow-client-endpoint",
                   test_probe_follow_client_endpoint);
  g_test_add_func ("/rk/driver-fixtures/probe/actor-types", test_probe_actor_types);
  g_test_add_func ("/rk/driver-fixtures/probe/actor-list", test_probe_actor_list);

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

  g_test_add_func ("/rk/driver-fixtures/errors/simple-user-error", test_errors_simple_user_error);
  g_test_add_func ("/rk/driver-fixtures/errors/detailed-user-error",
                   test_errors_detailed_user_error);
  g_test_add_func ("/rk/driver-fixtures/errors/internal-error", test_errors_internal_error);
  g_test_add_func ("/rk/driver-fixtures/errors/over-connection", test_errors_over_connection);
  g_test_add_func ("/rk/driver-fixtures/errors/action-timeout", test_errors_action_timeout);

  g_test_add_func ("/rk/driver-fixtures/input/create", test_input_create);
  g_test_add_func ("/rk/driver-fixtures/input/get-or-create", test_input_get_or_create);

  g_test_add_func ("/rk/driver-fixtures/large-payload/http", test_large_payload_http);
  g_test_add_func ("/rk/driver-fixtures/large-payload/connection",
                   test_large_payload_connection);

  g_test_add_func ("/rk/driver-fixtures/raw-http/get-and-state", test_raw_http_get_and_state);
  g_test_add_func ("/rk/driver-fixtures/raw-http/echo", test_raw_http_echo);
  g_test_add_func ("/rk/driver-fixtures/raw-http/headers-and-methods",
                   test_raw_http_headers_and_methods);
  g_test_add_func ("/rk/driver-fixtures/raw-http/handler-errors", test_raw_http_handler_errors);
  g_test_add_func ("/rk/driver-fixtures/raw-http/hono", test_raw_http_hono);
  g_test_add_func ("/rk/driver-fixtures/raw-http/request-properties",
                   test_raw_http_request_properties);

  g_test_add_func ("/rk/driver-fixtures/raw-websocket/welcome-echo", test_raw_ws_welcome_echo);
  g_test_add_func ("/rk/driver-fixtures/raw-websocket/stats", test_raw_ws_stats);
  g_test_add_func ("/rk/driver-fixtures/raw-websocket/binary", test_raw_ws_binary);
  g_test_add_func ("/rk/driver-fixtures/raw-websocket/paths-and-query",
                   test_raw_ws_paths_and_query);

  g_test_add_func ("/rk/driver-fixtures/queue/send-receive", test_queue_send_receive);
  g_test_add_func ("/rk/driver-fixtures/queue/wait", test_queue_wait);
  g_test_add_func ("/rk/driver-fixtures/queue/limits", test_queue_limits);
  g_test_add_func ("/rk/driver-fixtures/queue/access-control", test_queue_access_control);
  g_test_add_func ("/rk/driver-fixtures/queue/inspector", test_queue_inspector);

  g_test_add_func ("/rk/driver-fixtures/sleep/trigger", test_sleep_trigger);
  g_test_add_func ("/rk/driver-fixtures/sleep/auto", test_sleep_auto);
  g_test_add_func ("/rk/driver-fixtures/sleep/connection-reconnects",
                   test_sleep_connection_reconnects);
  g_test_add_func ("/rk/driver-fixtures/sleep/pending-action-resent",
                   test_sleep_pending_action_resent);
  g_test_add_func ("/rk/driver-fixtures/sleep/wait-until-message",
                   test_sleep_wait_until_message);

  g_test_add_func ("/rk/driver-fixtures/destroy/without-connection",
                   test_destroy_without_connection);
  g_test_add_func ("/rk/driver-fixtures/destroy/with-connection", test_destroy_with_connection);
  g_test_add_func ("/rk/driver-fixtures/destroy/client-api", test_destroy_client_api);

  g_test_add_func ("/rk/driver-fixtures/inspector/counter", test_inspector_counter);
  g_test_add_func ("/rk/driver-fixtures/inspector/workflow", test_inspector_workflow);

  ret = g_test_run ();

  g_clear_object (&client);
  if (!rk_real_server_stop (server, &error))
    g_warning ("Stopping the fixture server: %s", error->message);
  rk_real_server_free (server);

  return ret;
}
