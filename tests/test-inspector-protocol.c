/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-inspector-protocol.c: inspector WebSocket messages, schema v4 to v6 */

#define G_LOG_DOMAIN "test-inspector-protocol"

#include "config.h"

#include <string.h>

#include "rk-error.h"
#include "rk-inspector-protocol.h"

static GBytes *
hex_to_bytes (const char *hex)
{
  GByteArray *array = g_byte_array_new ();

  for (const char *p = hex; *p != '\0';)
    {
      guint8 byte;

      if (*p == ' ')
        {
          p++;
          continue;
        }

      g_assert_true (g_ascii_isxdigit (p[0]) && g_ascii_isxdigit (p[1]));
      byte = (guint8)(g_ascii_xdigit_value (p[0]) << 4 | g_ascii_xdigit_value (p[1]));
      g_byte_array_append (array, &byte, 1);
      p += 2;
    }

  return g_byte_array_free_to_bytes (array);
}

static char *
bytes_to_hex (GBytes *bytes)
{
  GString *out = g_string_new (NULL);
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  for (gsize i = 0; i < length; i++)
    g_string_append_printf (out, "%02x", data[i]);

  return g_string_free (out, FALSE);
}

/* Decodes from a heap copy of exactly the frame's size, so that ASan sees any over-read. */
static RkInspectorMessage *
decode_exact (gboolean       prefixed,
              guint          version,
              const guint8  *data,
              gsize          length,
              GError       **error)
{
  g_autofree guint8 *copy = length > 0 ? g_memdup2 (data, length) : NULL;

  if (prefixed)
    return rk_inspector_message_decode (copy, length, error);

  return rk_inspector_message_decode_unprefixed (version, copy, length, error);
}

static RkInspectorMessage *
decode_hex (const char  *hex,
            GError     **error)
{
  g_autoptr(GBytes) bytes = hex_to_bytes (hex);
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  return decode_exact (TRUE, 0, data, length, error);
}

static RkInspectorMessage *
decode_hex_unprefixed (guint        version,
                       const char  *hex,
                       GError     **error)
{
  g_autoptr(GBytes) bytes = hex_to_bytes (hex);
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  return decode_exact (FALSE, version, data, length, error);
}

static void
assert_json (JsonNode   *node,
             const char *expected_json)
{
  g_autoptr(JsonNode) expected = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (node);
  expected = json_from_string (expected_json, &error);
  g_assert_no_error (error);

  if (!json_node_equal (node, expected))
    {
      g_autofree char *actual = json_to_string (node, FALSE);

      g_error ("JSON mismatch: got %s, expected %s", actual, expected_json);
    }
}

static void
assert_bytes (GBytes     *bytes,
              const char *expected_hex)
{
  g_autofree char *hex = NULL;

  g_assert_nonnull (bytes);
  hex = bytes_to_hex (bytes);
  g_assert_cmpstr (hex, ==, expected_hex);
}

static void
assert_strv (char       **strv,
             const char  *joined)
{
  g_autofree char *actual = NULL;

  g_assert_nonnull (strv);
  actual = g_strjoinv (",", strv);
  g_assert_cmpstr (actual, ==, joined);
}

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

static char *
read_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  return contents;
}

static void
load_session (Session *session)
{
  g_autofree char *contents = read_fixture ("ws-inspector-session.bare.jsonl");
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
        g_ptr_array_add (session->to_client, hex_to_bytes (hex));
      else
        g_ptr_array_add (session->to_server, hex_to_bytes (hex));
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

  message = decode_exact (TRUE, 0, data, length, &error);
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
  g_autofree char *contents = read_fixture ("ws-inspector-session.decoded.txt");
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
  assert_strv (m->rpcs, SESSION_RPCS);
  g_assert_false (m->is_database_enabled);
  g_assert_cmpuint (m->queue_size, ==, 3);
  g_assert_null (m->workflow_history);
  g_assert_false (m->is_workflow_enabled);
  assert_json (m->tab_config, "[]");
  assert_json (m->schedules, "[]");
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
  assert_strv (m->rpcs, SESSION_RPCS);
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
  assert_bytes (m->trace_payload, "0100000000000000000000204aa9d10100000a000000000000");
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
  assert_json (m->queue_status,
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
  assert_json (m->output, "108");
  rk_inspector_message_free (m);

  /* 12: ConnectionsUpdated, empty */
  m = decode_session_frame (&session, 12);
  g_assert_cmpint (m->kind, ==, RK_INSPECTOR_MESSAGE_CONNECTIONS_UPDATED);
  assert_json (m->connections, "[]");
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
  assert_json (m->state, "{\"input\":null,\"n\":1000}");
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

      bare = decode_exact (FALSE, 4, data + 2, length - 2, &error);
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
  g_autoptr(GBytes) args = hex_to_bytes ("8102");
  g_autoptr(GBytes) patch = hex_to_bytes ("a265696e707574f6616e1903e8");
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
      g_autofree char *expected = bytes_to_hex (g_ptr_array_index (session.to_server, i));

      assert_bytes (encoded[i], expected);
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
      g_autoptr(RkInspectorMessage) message = decode_exact (TRUE, 0, data, n, &error);

      g_assert_null (message);
      g_assert_error (error, RK_ERROR, RK_ERROR_PROTOCOL);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RkInspectorMessage) message = NULL;
    g_autofree guint8 *longer = g_malloc (length + 1);

    memcpy (longer, data, length);
    longer[length] = 0;
    message = decode_exact (TRUE, 0, longer, length + 1, &error);
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
    message = decode_exact (TRUE, 0, as_v5, length, &error);
    g_assert_null (message);
    g_assert_error (error, RK_ERROR, RK_ERROR_PROTOCOL);
    g_assert_nonnull (strstr (error->message, "v5 Init"));
  }
}

/* Frames built by hand from the v5 and v6 schemas (rivetkit 2.3.19,
 * src/common/bare/generated/inspector/v5.ts and v6.ts). The connection details
 * are {type: "websocket", params: null, stateEnabled: true, state: {u: "a"},
 * subscriptions: 2, isHibernatable: false} and the state is {n: 7}. */

#define HAND_CONNECTION_JSON \
  "[{\"id\":\"c1\",\"type\":\"websocket\",\"params\":null,\"stateEnabled\":true," \
  "\"state\":{\"u\":\"a\"},\"subscriptions\":2,\"isHibernatable\":false}]"

#define HAND_INIT_BODY_V4 \
  "0102633150a6647479706569776562736f636b657466706172616d73f66c7374617465456e61626c6564f5" \
  "657374617465a1617561616d737562736372697074696f6e73026e697348696265726e617461626c65f4" \
  "0104a1616e07" "01" "0203696e6303676574" "00" "02" "00" "00"

#define HAND_TAB_CONFIG \
  "02" "06637573746f6d" "01064d7920746162" "00" "00" "057374617465" "00" "00" "01"

#define HAND_SCHEDULES \
  "02" \
  "027331" "01076e696768746c79" "0463726f6e" "047469636b" "0482016178" "c0f793daa034" \
  "01a0ea8ddaa034" "0109302030202a202a202a" "0103555443" "00" "010a" \
  "027332" "00" "056576657279" "04706f6c6c" "00" "c1f793daa034" "00" "00" "00" "018827" "00"

#define HAND_SCHEDULES_JSON \
  "[{\"id\":\"s1\",\"name\":\"nightly\",\"kind\":\"cron\",\"action\":\"tick\"," \
  "\"args\":[1,\"x\"],\"nextRunAt\":1795485400000,\"lastRunAt\":1795485300000," \
  "\"expression\":\"0 0 * * *\",\"timezone\":\"UTC\",\"intervalMs\":null,\"maxHistory\":10}," \
  "{\"id\":\"s2\",\"name\":null,\"kind\":\"every\",\"action\":\"poll\",\"args\":null," \
  "\"nextRunAt\":1795485400001,\"lastRunAt\":null,\"expression\":null,\"timezone\":null," \
  "\"intervalMs\":5000,\"maxHistory\":null}]"

static void
assert_hand_init (RkInspectorMessage *m,
                  guint               version)
{
  g_assert_cmpint (m->kind, ==, RK_INSPECTOR_MESSAGE_INIT);
  g_assert_cmpuint (m->version, ==, version);
  g_assert_false (m->has_rid);
  assert_json (m->connections, HAND_CONNECTION_JSON);
  assert_json (m->state, "{\"n\":7}");
  g_assert_true (m->is_state_enabled);
  assert_strv (m->rpcs, "inc,get");
  g_assert_false (m->is_database_enabled);
  g_assert_cmpuint (m->queue_size, ==, 2);
  g_assert_null (m->workflow_history);
  g_assert_false (m->is_workflow_enabled);
}

static void
test_v5 (void)
{
  g_autoptr(GError) error = NULL;
  RkInspectorMessage *m;

  /* Init with two tab config entries, prefixed "05 00" as 2.3.x sends by default. */
  m = decode_hex ("0500 0d" HAND_INIT_BODY_V4 HAND_TAB_CONFIG, &error);
  g_assert_no_error (error);
  assert_hand_init (m, 5);
  assert_json (m->tab_config,
               "[{\"id\":\"custom\",\"label\":\"My tab\",\"icon\":null,\"hidden\":false},"
               "{\"id\":\"state\",\"label\":null,\"icon\":null,\"hidden\":true}]");
  assert_json (m->schedules, "[]");
  rk_inspector_message_free (m);

  /* The same body as v4 would have two bytes too many... */
  m = decode_hex ("0400 0d" HAND_INIT_BODY_V4 HAND_TAB_CONFIG, &error);
  g_assert_null (m);
  g_assert_error (error, RK_ERROR, RK_ERROR_PROTOCOL);
  g_clear_error (&error);

  /* ...and without its tab config it is a valid v4 Init. */
  m = decode_hex ("0400 0d" HAND_INIT_BODY_V4, &error);
  g_assert_no_error (error);
  assert_hand_init (m, 4);
  assert_json (m->tab_config, "[]");
  rk_inspector_message_free (m);

  m = decode_hex ("0500 0d" HAND_INIT_BODY_V4 "00", &error);
  g_assert_no_error (error);
  assert_hand_init (m, 5);
  assert_json (m->tab_config, "[]");
  rk_inspector_message_free (m);

  /* QueueResponse whose message id does not fit in a signed 64-bit integer. */
  m = decode_hex ("0500 09 06 01 c801 01 ffffffffffffffffff01 046a6f6273 05 01", &error);
  g_assert_no_error (error);
  g_assert_cmpint (m->kind, ==, RK_INSPECTOR_MESSAGE_QUEUE_RESPONSE);
  g_assert_cmpuint (m->rid, ==, 6);
  assert_json (m->queue_status,
               "{\"size\":1,\"maxSize\":200,\"messages\":[{\"id\":[\"$BigInt\","
               "\"18446744073709551615\"],\"name\":\"jobs\",\"createdAtMs\":5}],"
               "\"truncated\":true}");
  rk_inspector_message_free (m);

  /* WorkflowReplayResponse with history bytes. */
  m = decode_hex ("0500 0b 08 01 03010203 01", &error);
  g_assert_no_error (error);
  g_assert_cmpint (m->kind, ==, RK_INSPECTOR_MESSAGE_WORKFLOW_REPLAY_RESPONSE);
  g_assert_cmpuint (m->rid, ==, 8);
  assert_bytes (m->workflow_history, "010203");
  g_assert_true (m->is_workflow_enabled);
  rk_inspector_message_free (m);

  /* WorkflowHistoryUpdated. */
  m = decode_hex ("0500 06 02aabb", &error);
  g_assert_no_error (error);
  g_assert_cmpint (m->kind, ==, RK_INSPECTOR_MESSAGE_WORKFLOW_HISTORY_UPDATED);
  assert_bytes (m->workflow_history, "aabb");
  rk_inspector_message_free (m);

  /* StateResponse for a stateless actor, and StateUpdated with empty data. */
  m = decode_hex ("0500 00 2a 00 00", &error);
  g_assert_no_error (error);
  g_assert_cmpint (m->kind, ==, RK_INSPECTOR_MESSAGE_STATE_RESPONSE);
  g_assert_cmpuint (m->rid, ==, 42);
  g_assert_null (m->state);
  g_assert_false (m->is_state_enabled);
  rk_inspector_message_free (m);

  m = decode_hex ("0500 05 00", &error);
  g_assert_no_error (error);
  g_assert_cmpint (m->kind, ==, RK_INSPECTOR_MESSAGE_STATE_UPDATED);
  assert_json (m->state, "null");
  rk_inspector_message_free (m);

  /* Database responses. */
  m = decode_hex ("0500 0e 09 09a1667461626c657380", &error);
  g_assert_no_error (error);
  g_assert_cmpint (m->kind, ==, RK_INSPECTOR_MESSAGE_DATABASE_SCHEMA_RESPONSE);
  g_assert_cmpuint (m->rid, ==, 9);
  assert_json (m->database_result, "{\"tables\":[]}");
  rk_inspector_message_free (m);

  m = decode_hex ("0500 0f 0a 05 81a1616101", &error);
  g_assert_no_error (error);
  g_assert_cmpint (m->kind, ==, RK_INSPECTOR_MESSAGE_DATABASE_TABLE_ROWS_RESPONSE);
  g_assert_cmpuint (m->rid, ==, 10);
  assert_json (m->database_result, "[{\"a\":1}]");
  rk_inspector_message_free (m);
}

static void
test_v6 (void)
{
  g_autoptr(GError) error = NULL;
  RkInspectorMessage *m;

  /* Init is tag 17 in v6 and adds the schedules; 2.3.x sends it unprefixed with
   * ?protocol_version=6. */
  m = decode_hex_unprefixed (6, "11" HAND_INIT_BODY_V4 HAND_TAB_CONFIG HAND_SCHEDULES, &error);
  g_assert_no_error (error);
  assert_hand_init (m, 6);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (m->tab_config)), ==, 2);
  assert_json (m->schedules, HAND_SCHEDULES_JSON);
  rk_inspector_message_free (m);

  /* The same frame with a "06 00" prefix. */
  m = decode_hex ("0600 11" HAND_INIT_BODY_V4 HAND_TAB_CONFIG HAND_SCHEDULES, &error);
  g_assert_no_error (error);
  assert_hand_init (m, 6);
  rk_inspector_message_free (m);

  /* Tag 13 is Init in v5 but SchedulesResponse in v6. */
  m = decode_hex_unprefixed (6, "0d 05 00", &error);
  g_assert_no_error (error);
  g_assert_cmpint (m->kind, ==, RK_INSPECTOR_MESSAGE_SCHEDULES_RESPONSE);
  g_assert_cmpuint (m->rid, ==, 5);
  assert_json (m->schedules, "[]");
  rk_inspector_message_free (m);

  m = decode_hex_unprefixed (6, "07 01 027332 00 056576657279 04706f6c6c 00 c1f793daa034 "
                             "00 00 00 018827 00", &error);
  g_assert_no_error (error);
  g_assert_cmpint (m->kind, ==, RK_INSPECTOR_MESSAGE_SCHEDULES_UPDATED);
  g_assert_false (m->has_rid);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (m->schedules)), ==, 1);
  rk_inspector_message_free (m);

  /* RpcsListResponse moved from 7 to 8. Read as v5, tag 8 is a TraceQueryResponse,
   * which leaves a byte over. */
  m = decode_hex_unprefixed (6, "08 0c 01 0161", &error);
  g_assert_no_error (error);
  g_assert_cmpint (m->kind, ==, RK_INSPECTOR_MESSAGE_RPCS_LIST_RESPONSE);
  g_assert_cmpuint (m->rid, ==, 12);
  assert_strv (m->rpcs, "a");
  rk_inspector_message_free (m);

  m = decode_hex_unprefixed (5, "08 0c 01 0161", &error);
  g_assert_null (m);
  g_assert_error (error, RK_ERROR, RK_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "v5 TraceQueryResponse"));
  g_clear_error (&error);

  m = decode_hex_unprefixed (5, "08 0c 02 0161", &error);
  g_assert_no_error (error);
  g_assert_cmpint (m->kind, ==, RK_INSPECTOR_MESSAGE_TRACE_QUERY_RESPONSE);
  assert_bytes (m->trace_payload, "0161");
  rk_inspector_message_free (m);

  m = decode_hex_unprefixed (6, "0e 03 027331 02"
                             "047469636b 64 65 019601 026f6b 00"
                             "047469636b c801 c901 00 056572726f72"
                             "01 0475736572 04626f6f6d 05426f6f6d21 01 04a1617801", &error);
  g_assert_no_error (error);
  g_assert_cmpint (m->kind, ==, RK_INSPECTOR_MESSAGE_SCHEDULE_HISTORY_RESPONSE);
  g_assert_cmpuint (m->rid, ==, 3);
  g_assert_cmpstr (m->schedule_id, ==, "s1");
  assert_json (m->schedule_history,
               "[{\"action\":\"tick\",\"scheduledAt\":100,\"firedAt\":101,\"finishedAt\":150,"
               "\"result\":\"ok\",\"error\":null},"
               "{\"action\":\"tick\",\"scheduledAt\":200,\"firedAt\":201,\"finishedAt\":null,"
               "\"result\":\"error\",\"error\":{\"group\":\"user\",\"code\":\"boom\","
               "\"message\":\"Boom!\",\"metadata\":{\"x\":1}}}]");
  rk_inspector_message_free (m);

  m = decode_hex_unprefixed (6, "0f 04 027332 01", &error);
  g_assert_no_error (error);
  g_assert_cmpint (m->kind, ==, RK_INSPECTOR_MESSAGE_SCHEDULE_DELETE_RESPONSE);
  g_assert_cmpuint (m->rid, ==, 4);
  g_assert_cmpstr (m->schedule_id, ==, "s2");
  g_assert_true (m->schedule_deleted);
  rk_inspector_message_free (m);

  m = decode_hex_unprefixed (6, "10 1b696e73706563746f722e7363686564756c65735f64726f70706564",
                             &error);
  g_assert_no_error (error);
  g_assert_cmpint (m->kind, ==, RK_INSPECTOR_MESSAGE_ERROR);
  g_assert_false (m->has_rid);
  g_assert_cmpstr (m->error_message, ==, "inspector.schedules_dropped");
  rk_inspector_message_free (m);

  m = decode_hex_unprefixed (6, "12 09 09a1667461626c657380", &error);
  g_assert_no_error (error);
  g_assert_cmpint (m->kind, ==, RK_INSPECTOR_MESSAGE_DATABASE_SCHEMA_RESPONSE);
  assert_json (m->database_result, "{\"tables\":[]}");
  rk_inspector_message_free (m);

  m = decode_hex_unprefixed (6, "13 0a 0180", &error);
  g_assert_no_error (error);
  g_assert_cmpint (m->kind, ==, RK_INSPECTOR_MESSAGE_DATABASE_TABLE_ROWS_RESPONSE);
  assert_json (m->database_result, "[]");
  rk_inspector_message_free (m);

  /* Every truncation of the v6 Init fails cleanly too. */
  {
    g_autoptr(GBytes) init = hex_to_bytes ("11" HAND_INIT_BODY_V4 HAND_TAB_CONFIG HAND_SCHEDULES);
    gsize length;
    const guint8 *data = g_bytes_get_data (init, &length);

    for (gsize n = 0; n < length; n++)
      {
        g_autoptr(GError) local_error = NULL;
        g_autoptr(RkInspectorMessage) message = decode_exact (FALSE, 6, data, n, &local_error);

        g_assert_null (message);
        g_assert_error (local_error, RK_ERROR, RK_ERROR_PROTOCOL);
      }
  }
}

typedef struct
{
  gboolean    prefixed;
  guint       version;
  const char *hex;
  const char *message_part;
} ErrorVector;

static const ErrorVector errors[] = {
  { TRUE, 0, "", "too short for a version prefix" },
  { TRUE, 0, "04", "too short for a version prefix" },
  { TRUE, 0, "0300 0d", "Unsupported inspector protocol version 3 (this client speaks 4 to 6)" },
  { TRUE, 0, "0700 0d", "Unsupported inspector protocol version 7" },
  { TRUE, 0, "ffff 00", "Unsupported inspector protocol version 65535" },
  { TRUE, 0, "0400", "Cannot decode inspector v4 message: Truncated BARE message" },
  { TRUE, 0, "0400 10", "Unknown inspector v4 message tag 16 at byte 2" },
  { TRUE, 0, "0500 14", "Unknown inspector v5 message tag 20" },
  { FALSE, 6, "14", "Unknown inspector v6 message tag 20 at byte 0" },
  { FALSE, 6, "", "Truncated BARE message" },
  { FALSE, 3, "00", "Unsupported inspector protocol version 3" },
  { FALSE, 0, "00", "Unsupported inspector protocol version 0" },
  /* QueueUpdated followed by a stray byte */
  { TRUE, 0, "0400 04 04 00",
    "Cannot decode inspector v4 QueueUpdated message: Unexpected trailing data" },
  /* WorkflowHistoryResponse with a bool of 2 */
  { TRUE, 0, "0400 0a 07 00 02", "Invalid BARE bool at byte 5" },
  /* an optional presence byte of 2 */
  { TRUE, 0, "0400 00 01 02", "Invalid BARE optional presence byte at byte 4" },
  /* connection details that are not a map */
  { TRUE, 0, "0400 03 01 0161 0101", "Connection details are not a CBOR map" },
  /* a list count that cannot fit */
  { TRUE, 0, "0400 03 05 0161 0101", "declares 5 items" },
  { TRUE, 0, "0400 07 01 ffffffffffffffffff01", "declares 18446744073709551615 items" },
  /* invalid CBOR in a state */
  { TRUE, 0, "0400 05 01 ff", "Invalid CBOR in state" },
  { TRUE, 0, "0400 02 01 02 0102", "Invalid CBOR in action output" },
  /* an Error message that is not UTF-8 */
  { TRUE, 0, "0400 0c 02 c328", "Invalid BARE string at byte 3" },
  /* a non-canonical rid */
  { TRUE, 0, "0400 02 8000 0101", "non-canonical" },
};

static void
test_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (errors); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RkInspectorMessage) message = NULL;

      g_test_message ("error vector %u: %s", i, errors[i].hex);

      if (errors[i].prefixed)
        message = decode_hex (errors[i].hex, &error);
      else
        message = decode_hex_unprefixed (errors[i].version, errors[i].hex, &error);

      g_assert_null (message);
      g_assert_nonnull (error);
      g_assert_true (error->domain == RK_ERROR);
      if (strstr (error->message, errors[i].message_part) == NULL)
        g_error ("Expected “%s” in “%s”", errors[i].message_part, error->message);
      if (strstr (errors[i].message_part, "CBOR") == NULL)
        g_assert_error (error, RK_ERROR, RK_ERROR_PROTOCOL);
    }
}

static void
test_encode (void)
{
  const RkInspectorFraming prefixed = RK_INSPECTOR_FRAMING_PREFIXED;
  const RkInspectorFraming unprefixed = RK_INSPECTOR_FRAMING_UNPREFIXED;
  g_autoptr(GBytes) args = hex_to_bytes ("80");
  GBytes *bytes;

  bytes = rk_inspector_encode_state_request (5, prefixed, 1);
  assert_bytes (bytes, "05000101");
  g_bytes_unref (bytes);

  bytes = rk_inspector_encode_state_request (6, unprefixed, 300);
  assert_bytes (bytes, "01ac02");
  g_bytes_unref (bytes);

  bytes = rk_inspector_encode_connections_request (5, unprefixed, G_MAXUINT64);
  assert_bytes (bytes, "02ffffffffffffffffff01");
  g_bytes_unref (bytes);

  bytes = rk_inspector_encode_action_request (5, prefixed, 7, "héllo", args);
  assert_bytes (bytes, "050003070668c3a96c6c6f0180");
  g_bytes_unref (bytes);

  bytes = rk_inspector_encode_workflow_replay_request (4, prefixed, 8, NULL);
  assert_bytes (bytes, "0400080800");
  g_bytes_unref (bytes);

  bytes = rk_inspector_encode_workflow_replay_request (5, prefixed, 8, "e1");
  assert_bytes (bytes, "050008080102" "6531");
  g_bytes_unref (bytes);

  bytes = rk_inspector_encode_database_table_rows_request (5, prefixed, 10, "users", 50, 100);
  assert_bytes (bytes, "05000a0a05" "7573657273" "3264");
  g_bytes_unref (bytes);

  bytes = rk_inspector_encode_queue_request (6, unprefixed, 1, 200);
  assert_bytes (bytes, "0601c801");
  g_bytes_unref (bytes);

  bytes = rk_inspector_encode_schedules_request (6, unprefixed, 1);
  assert_bytes (bytes, "0b01");
  g_bytes_unref (bytes);

  bytes = rk_inspector_encode_schedule_history_request (6, prefixed, 2, "s1", 20);
  assert_bytes (bytes, "06000c0202733114");
  g_bytes_unref (bytes);

  bytes = rk_inspector_encode_schedule_delete_request (6, unprefixed, 3, "s1", "cron");
  assert_bytes (bytes, "0d03027331" "0463726f6e");
  g_bytes_unref (bytes);
}

static void
test_encode_invalid (void)
{
  GBytes *bytes;

  if (!g_test_undefined ())
    return;

  g_test_expect_message ("rk-inspector-protocol", G_LOG_LEVEL_CRITICAL,
                         "*rk_inspector_version_is_supported*");
  bytes = rk_inspector_encode_state_request (3, RK_INSPECTOR_FRAMING_PREFIXED, 1);
  g_test_assert_expected_messages ();
  g_assert_null (bytes);

  /* Schedules need v6. */
  g_test_expect_message ("rk-inspector-protocol", G_LOG_LEVEL_CRITICAL, "*version >= 6*");
  bytes = rk_inspector_encode_schedules_request (5, RK_INSPECTOR_FRAMING_PREFIXED, 1);
  g_test_assert_expected_messages ();
  g_assert_null (bytes);
}

static void
test_versions (void)
{
  const char *names[RK_INSPECTOR_MESSAGE_DATABASE_TABLE_ROWS_RESPONSE + 1];

  g_assert_false (rk_inspector_version_is_supported (3));
  g_assert_true (rk_inspector_version_is_supported (4));
  g_assert_true (rk_inspector_version_is_supported (5));
  g_assert_true (rk_inspector_version_is_supported (6));
  g_assert_false (rk_inspector_version_is_supported (7));

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      names[i] = rk_inspector_message_kind_to_string (i);
      g_assert_cmpstr (names[i], !=, "Unknown");
      for (guint j = 0; j < i; j++)
        g_assert_cmpstr (names[i], !=, names[j]);
    }
  g_assert_cmpstr (rk_inspector_message_kind_to_string (RK_INSPECTOR_MESSAGE_INIT), ==, "Init");
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
  g_test_add_func ("/rk/inspector-protocol/v5", test_v5);
  g_test_add_func ("/rk/inspector-protocol/v6", test_v6);
  g_test_add_func ("/rk/inspector-protocol/errors", test_errors);
  g_test_add_func ("/rk/inspector-protocol/encode", test_encode);
  g_test_add_func ("/rk/inspector-protocol/encode-invalid", test_encode_invalid);
  g_test_add_func ("/rk/inspector-protocol/versions", test_versions);

  return g_test_run ();
}
