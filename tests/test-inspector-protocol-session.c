/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-inspector-protocol-session.c: inspector WebSocket messages, schema v4, against
 * a session captured from the official client (hand-built v5 and v6 frames are in
 * test-inspector-protocol.c) */

#define G_LOG_DOMAIN "test-inspector-protocol-session"

#include "config.h"

#include <string.h>

#include "rk-error.h"
#include "rk-inspector-protocol.h"
#include "rk-test-codec.h"
#include "rk-test-util.h"

/* A JSON number, whether the CBOR decoder made it an integer or a double. */
static double
get_number (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return (double)json_node_get_int (node);
  g_assert_true (json_node_get_value_type (node) == G_TYPE_DOUBLE);
  return json_node_get_double (node);
}

/* The chatRoom-like actor state of the captured session: {input: {hello: "patched"}, n} */
static void
assert_session_state (JsonNode *state,
                      gint64    n)
{
  JsonObject *object;
  JsonObject *input;

  g_assert_nonnull (state);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (state));
  object = json_node_get_object (state);
  g_assert_cmpint (json_object_get_int_member (object, "n"), ==, n);
  input = json_object_get_object_member (object, "input");
  g_assert_cmpstr (json_object_get_string_member (input, "hello"), ==, "patched");
}

static void
assert_session_connection (JsonNode   *connections,
                           guint       index,
                           const char *id,
                           const char *type,
                           double      joined_at,
                           gboolean    hibernatable)
{
  static const char * const member_order[] = {
    "id", "type", "params", "stateEnabled", "state", "subscriptions", "isHibernatable",
  };
  g_autoptr(GList) members = NULL;
  JsonObject *connection;
  JsonObject *state;
  guint i = 0;

  g_assert_true (JSON_NODE_HOLDS_ARRAY (connections));
  connection = json_array_get_object_element (json_node_get_array (connections), index);

  members = json_object_get_members (connection);
  g_assert_cmpuint (g_list_length (members), ==, G_N_ELEMENTS (member_order));
  for (const GList *l = members; l != NULL; l = l->next)
    g_assert_cmpstr (l->data, ==, member_order[i++]);

  g_assert_cmpstr (json_object_get_string_member (connection, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (connection, "type"), ==, type);
  g_assert_true (json_object_get_boolean_member (connection, "stateEnabled"));
  g_assert_cmpint (json_object_get_int_member (connection, "subscriptions"), ==, 0);
  g_assert_cmpint (json_object_get_boolean_member (connection, "isHibernatable"), ==,
                   hibernatable);
  state = json_object_get_object_member (connection, "state");
  g_assert_cmpstr (json_object_get_string_member (state, "userId"), ==, "anon");
  g_assert_cmpfloat (get_number (state, "joinedAt"), ==, joined_at);
}

#define WS_CONN_ID "bcea9869-5071-4093-8986-7ef198ddbd0c"
#define SESSION_RPCS "echo,specials,userErr,userErrPlain,boom,slow,emit,sendToMe,kick,whoami," \
                     "getInput,inc,doSleep,doDestroy,scheduleTick,tick,kvPut,kvGet,bigOut"

typedef struct
{
  GPtrArray *to_client;   /* GBytes, the "<" frames in order */
  GPtrArray *to_server;   /* GBytes, the ">" frames in order */
} Session;

static void
session_clear (Session *session)
{
  g_clear_pointer (&session->to_client, g_ptr_array_unref);
  g_clear_pointer (&session->to_server, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Session, session_clear)

static void
load_session (Session *session)
{
  g_autofree char *contents = rk_test_fixture_text ("ws-inspector-session.bare.jsonl", NULL);
  g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);

  session->to_client = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  session->to_server = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonNode) line = NULL;
      g_autoptr(GError) error = NULL;
      JsonObject *object;
      const char *hex;

      if (*lines[i] == '\0')
        continue;

      line = json_from_string (lines[i], &error);
      g_assert_no_error (error);
      object = json_node_get_object (line);
      if (!(hex = json_object_get_string_member_with_default (object, "hex", NULL)))
        continue;

      if (g_str_equal (json_object_get_string_member (object, "dir"), "<"))
        g_ptr_array_add (session->to_client, rk_test_hex_to_bytes (hex));
      else
        g_ptr_array_add (session->to_server, rk_test_hex_to_bytes (hex));
    }

  g_assert_cmpuint (session->to_client->len, ==, 17);
  g_assert_cmpuint (session->to_server->len, ==, 9);
}

static RkInspectorMessage *
decode_session_frame (Session *session,
                      guint    index)
{
  g_autoptr(GError) error = NULL;
  RkInspectorMessage *message;
  GBytes *frame = g_ptr_array_index (session->to_client, index);
  gsize length;
  const guint8 *data = g_bytes_get_data (frame, &length);

  message = rk_test_inspector_decode (TRUE, 0, data, length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (message);
  g_assert_cmpuint (message->version, ==, 4);

  return message;
}

/* The tag and rid of each "<" message, as the official client decoded them. */
typedef struct
{
  char    *tag;
  gboolean has_rid;
  guint64  rid;
} ReferenceEntry;

static GArray *
load_reference (void)
{
  g_autofree char *contents = rk_test_fixture_text ("ws-inspector-session.decoded.txt", NULL);
  g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);
  GArray *entries = g_array_new (FALSE, TRUE, sizeof (ReferenceEntry));
  ReferenceEntry *current = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *found;

      if (g_str_has_prefix (line, "< "))
        {
          g_array_set_size (entries, entries->len + 1);
          current = &g_array_index (entries, ReferenceEntry, entries->len - 1);
        }
      else if (g_str_has_prefix (line, "> ") || g_str_has_prefix (line, "{"))
        {
          current = NULL;
        }

      if (current == NULL)
        continue;

      if (current->tag == NULL && (found = strstr (line, "tag: '")))
        {
          const char *start = found + strlen ("tag: '");

          current->tag = g_strndup (start, strchr (start, '\'') - start);
        }

      if (!current->has_rid && (found = strstr (line, "rid: ")))
        {
          current->has_rid = TRUE;
          current->rid = g_ascii_strtoull (found + strlen ("rid: "), NULL, 10);
        }
    }

  return entries;
}

static void
test_session_matches_reference (void)
{
  g_auto(Session) session = { NULL, };
  g_autoptr(GArray) reference = load_reference ();

  load_session (&session);
  g_assert_cmpuint (reference->len, ==, session.to_client->len);

  for (guint i = 0; i < reference->len; i++)
    {
      ReferenceEntry *entry = &g_array_index (reference, ReferenceEntry, i);
      g_autoptr(RkInspectorMessage) message = decode_session_frame (&session, i);

      g_assert_cmpstr (rk_inspector_message_kind_to_string (message->kind), ==, entry->tag);
      g_assert_cmpint (message->has_rid, ==, entry->has_rid);
      if (entry->has_rid)
        g_assert_cmpuint (message->rid, ==, entry->rid);

      g_free (entry->tag);
    }
}

static void
test_session_values (void)
{
  g_auto(Session) session = { NULL, };
  RkInspectorMessage *m;
  JsonObject *status;
  JsonObject *queued;

  load_session (&session);

  /* 0: Init */
  m = decode_session_frame (&session, 0);
  g_assert_cmpint (m->kind, ==, RK_INSPECTOR_MESSAGE_INIT);
  g_assert_false (m->has_rid);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (m->connections)), ==, 1);
  assert_session_connection (m->connections, 0, WS_CONN_ID, "websocket", 1795485321612.0, TRUE);
  assert_session_state (m->state, 106);
  g_assert_true (m->is_state_enabled);
  rk_test_assert_strv (m->rpcs, SESSION_RPCS);
  g_assert_false (m->is_database_enabled);
  g_assert_cmpuint (m->queue_size, ==, 3);
  g_assert_null (m->workflow_history);
  g_assert_false (m->is_workflow_enabled);
  rk_test_assert_json_equal (m->tab_config, "[]");
  rk_test_assert_json_equal (m->schedules, "[]");
  g_assert_null (m->output);
  g_assert_null (m->error_message);
  rk_inspector_message_free (m);

  /* 1: StateResponse */
  m = decode_session_frame (&session, 1);
  g_assert_cmpint (m->kind, ==, RK_INSPECTOR_MESSAGE_STATE_RESPONSE);
  g_assert_cmpuint (m->rid, ==, 1);
  assert_session_state (m->state, 106);
  g_assert_true (m->is_state_enabled);
  rk_inspector_message_free (m);

  /* 2: ConnectionsResponse */
  m = decode_session_frame (&session, 2);
  g_assert_cmpint (m->kind, ==, RK_INSPECTOR_MESSAGE_CONNECTIONS_RESPONSE);
  g_assert_cmpuint (m->rid, ==, 2);
  assert_session_connection (m->connections, 0, WS_CONN_ID, "websocket", 1795485321612.0, TRUE);
  rk_inspector_message_free (m);

  /* 3: RpcsListResponse */
  m = decode_session_frame (&session, 3);
  g_assert_cmpint (m->kind, ==, RK_INSPECTOR_MESSAGE_RPCS_LIST_RESPONSE);
  g_assert_cmpuint (m->rid, ==, 4);
  rk_test_assert_strv (m->rpcs, SESSION_RPCS);
  rk_inspector_message_free (m);

  /* 4: WorkflowHistoryResponse, workflows not enabled */
  m = decode_session_frame (&session, 4);
  g_assert_cmpint (m->kind, ==, RK_INSPECTOR_MESSAGE_WORKFLOW_HISTORY_RESPONSE);
  g_assert_cmpuint (m->rid, ==, 7);
  g_assert_null (m->workflow_history);
  g_assert_false (m->is_workflow_enabled);
  rk_inspector_message_free (m);

  /* 5: TraceQueryResponse, an opaque payload */
  m = decode_session_frame (&session, 5);
  g_assert_cmpint (m->kind, ==, RK_INSPECTOR_MESSAGE_TRACE_QUERY_RESPONSE);
  g_assert_cmpuint (m->rid, ==, 5);
  rk_test_assert_bytes (m->trace_payload, "0100000000000000000000204aa9d10100000a000000000000");
  rk_inspector_message_free (m);

  /* 6: ConnectionsUpdated with the inspector's own temporary "http" connection */
  m = decode_session_frame (&session, 6);
  g_assert_cmpint (m->kind, ==, RK_INSPECTOR_MESSAGE_CONNECTIONS_UPDATED);
  g_assert_false (m->has_rid);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (m->connections)), ==, 2);
  assert_session_connection (m->connections, 0, WS_CONN_ID, "websocket", 1795485321612.0, TRUE);
  assert_session_connection (m->connections, 1, "a5a68962-eec3-4158-9221-55b1bae749d9", "http",
                             1795485321853.0, FALSE);
  rk_inspector_message_free (m);

  /* 7: Error, with no rid */
  m = decode_session_frame (&session, 7);
  g_assert_cmpint (m->kind, ==, RK_INSPECTOR_MESSAGE_ERROR);
  g_assert_false (m->has_rid);
  g_assert_cmpstr (m->error_message, ==,
                   "Failed to get database schema: Database not enabled. "
                   "Must implement `database` to use database.");
  rk_inspector_message_free (m);

  /* 8: StateUpdated */
  m = decode_session_frame (&session, 8);
  g_assert_cmpint (m->kind, ==, RK_INSPECTOR_MESSAGE_STATE_UPDATED);
  assert_session_state (m->state, 108);
  rk_inspector_message_free (m);

  /* 9: QueueResponse */
  m = decode_session_frame (&session, 9);
  g_assert_cmpint (m->kind, ==, RK_INSPECTOR_MESSAGE_QUEUE_RESPONSE);
  g_assert_cmpuint (m->rid, ==, 6);
  rk_test_assert_json_equal (m->queue_status,
                             "{\"size\":3,\"maxSize\":1000,\"messages\":["
                             "{\"id\":1,\"name\":\"jobs\",\"createdAtMs\":1795485260379},"
                             "{\"id\":2,\"name\":\"jobs\",\"createdAtMs\":1795485260547},"
                             "{\"id\":3,\"name\":\"jobs\",\"createdAtMs\":1795485260833}],"
                             "\"truncated\":false}");
  status = json_node_get_object (m->queue_status);
  queued = json_array_get_object_element (json_object_get_array_member (status, "messages"), 2);
  g_assert_cmpint (json_object_get_int_member (queued, "createdAtMs"), ==, 1795485260833);
  rk_inspector_message_free (m);

  /* 10: ConnectionsUpdated: the http connection is gone */
  m = decode_session_frame (&session, 10);
  g_assert_cmpint (m->kind, ==, RK_INSPECTOR_MESSAGE_CONNECTIONS_UPDATED);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (m->connections)), ==, 1);
  rk_inspector_message_free (m);

  /* 11: ActionResponse: inc(2) returned 108 */
  m = decode_session_frame (&session, 11);
  g_assert_cmpint (m->kind, ==, RK_INSPECTOR_MESSAGE_ACTION_RESPONSE);
  g_assert_cmpuint (m->rid, ==, 3);
  rk_test_assert_json_equal (m->output, "108");
  rk_inspector_message_free (m);

  /* 12: ConnectionsUpdated, empty */
  m = decode_session_frame (&session, 12);
  g_assert_cmpint (m->kind, ==, RK_INSPECTOR_MESSAGE_CONNECTIONS_UPDATED);
  rk_test_assert_json_equal (m->connections, "[]");
  rk_inspector_message_free (m);

  /* 13: ConnectionsUpdated: an HTTP action's connection, with params null */
  m = decode_session_frame (&session, 13);
  assert_session_connection (m->connections, 0, "b8c75756-ca47-490e-9119-771888a814df", "http",
                             1795485323536.0, FALSE);
  g_assert_true (json_object_get_null_member (
    json_array_get_object_element (json_node_get_array (m->connections), 0), "params"));
  rk_inspector_message_free (m);

  /* 14: QueueUpdated */
  m = decode_session_frame (&session, 14);
  g_assert_cmpint (m->kind, ==, RK_INSPECTOR_MESSAGE_QUEUE_UPDATED);
  g_assert_cmpuint (m->queue_size, ==, 4);
  rk_inspector_message_free (m);

  /* 16: StateUpdated after the PatchStateRequest */
  m = decode_session_frame (&session, 16);
  g_assert_cmpint (m->kind, ==, RK_INSPECTOR_MESSAGE_STATE_UPDATED);
  rk_test_assert_json_equal (m->state, "{\"input\":null,\"n\":1000}");
  rk_inspector_message_free (m);
}

/* Without the prefix, the same bodies decode the same way. */
static void
test_session_unprefixed (void)
{
  g_auto(Session) session = { NULL, };

  load_session (&session);

  for (guint i = 0; i < session.to_client->len; i++)
    {
      g_autoptr(RkInspectorMessage) prefixed = decode_session_frame (&session, i);
      g_autoptr(RkInspectorMessage) bare = NULL;
      g_autoptr(GError) error = NULL;
      gsize length;
      const guint8 *data = g_bytes_get_data (g_ptr_array_index (session.to_client, i), &length);

      bare = rk_test_inspector_decode (FALSE, 4, data + 2, length - 2, &error);
      g_assert_no_error (error);
      g_assert_cmpint (bare->kind, ==, prefixed->kind);
      g_assert_cmpuint (bare->rid, ==, prefixed->rid);
      g_assert_cmpuint (bare->version, ==, 4);
    }
}

/* The encoders reproduce every request the official client sent. */
static void
test_session_requests (void)
{
  g_auto(Session) session = { NULL, };
  const RkInspectorFraming prefixed = RK_INSPECTOR_FRAMING_PREFIXED;
  g_autoptr(GBytes) args = rk_test_hex_to_bytes ("8102");
  g_autoptr(GBytes) patch = rk_test_hex_to_bytes ("a265696e707574f6616e1903e8");
  GBytes *encoded[9];

  load_session (&session);

  encoded[0] = rk_inspector_encode_state_request (4, prefixed, 1);
  encoded[1] = rk_inspector_encode_connections_request (4, prefixed, 2);
  encoded[2] = rk_inspector_encode_rpcs_list_request (4, prefixed, 4);
  encoded[3] = rk_inspector_encode_action_request (4, prefixed, 3, "inc", args);
  encoded[4] = rk_inspector_encode_queue_request (4, prefixed, 6, 10);
  encoded[5] = rk_inspector_encode_workflow_history_request (4, prefixed, 7);
  encoded[6] = rk_inspector_encode_trace_query_request (4, prefixed, 5, 0,
                                                        G_GUINT64_CONSTANT (2000000000000), 10);
  encoded[7] = rk_inspector_encode_database_schema_request (4, prefixed, 9);
  encoded[8] = rk_inspector_encode_patch_state (4, prefixed, patch);

  for (guint i = 0; i < G_N_ELEMENTS (encoded); i++)
    {
      g_autofree char *expected = rk_test_hex_from_bytes (g_ptr_array_index (session.to_server, i));

      rk_test_assert_bytes (encoded[i], expected);
      g_bytes_unref (encoded[i]);
    }
}

/* Every truncation of the real Init must fail cleanly, as must an extra byte. */
static void
test_init_truncated (void)
{
  g_auto(Session) session = { NULL, };
  GBytes *init;
  gsize length;
  const guint8 *data;

  load_session (&session);
  init = g_ptr_array_index (session.to_client, 0);
  data = g_bytes_get_data (init, &length);

  for (gsize n = 0; n < length; n++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RkInspectorMessage) message = rk_test_inspector_decode (TRUE, 0, data, n, &error);

      g_assert_null (message);
      g_assert_error (error, RK_ERROR, RK_ERROR_PROTOCOL);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RkInspectorMessage) message = NULL;
    g_autofree guint8 *longer = g_malloc (length + 1);

    memcpy (longer, data, length);
    longer[length] = 0;
    message = rk_test_inspector_decode (TRUE, 0, longer, length + 1, &error);
    g_assert_null (message);
    g_assert_error (error, RK_ERROR, RK_ERROR_PROTOCOL);
    g_assert_nonnull (strstr (error->message, "Init"));
    g_assert_nonnull (strstr (error->message, "trailing data"));
  }

  /* The same body under the v5 prefix lacks the tab config. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RkInspectorMessage) message = NULL;
    g_autofree guint8 *as_v5 = g_memdup2 (data, length);

    as_v5[0] = 5;
    message = rk_test_inspector_decode (TRUE, 0, as_v5, length, &error);
    g_assert_null (message);
    g_assert_error (error, RK_ERROR, RK_ERROR_PROTOCOL);
    g_assert_nonnull (strstr (error->message, "v5 Init"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rk/inspector-protocol/session/reference", test_session_matches_reference);
  g_test_add_func ("/rk/inspector-protocol/session/values", test_session_values);
  g_test_add_func ("/rk/inspector-protocol/session/unprefixed", test_session_unprefixed);
  g_test_add_func ("/rk/inspector-protocol/session/requests", test_session_requests);
  g_test_add_func ("/rk/inspector-protocol/init-truncated", test_init_truncated);

  return g_test_run ();
}
