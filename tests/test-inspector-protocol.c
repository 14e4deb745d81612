/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-inspector-protocol.c: inspector WebSocket messages, schema v4 to v6, from
 * frames built by hand (the captured v4 session is in test-inspector-protocol-session.c) */

#define G_LOG_DOMAIN "test-inspector-protocol"

#include "config.h"

#include <string.h>

#include "rk-error.h"
#include "rk-inspector-protocol.h"
#include "rk-test-codec.h"

static RkInspectorMessage *
decode_hex (const char  *hex,
            GError     **error)
{
  g_autoptr(GBytes) bytes = rk_test_hex_to_bytes (hex);
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  return rk_test_inspector_decode (TRUE, 0, data, length, error);
}

static RkInspectorMessage *
decode_hex_unprefixed (guint        version,
                       const char  *hex,
                       GError     **error)
{
  g_autoptr(GBytes) bytes = rk_test_hex_to_bytes (hex);
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  return rk_test_inspector_decode (FALSE, version, data, length, error);
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
  rk_test_assert_json_equal (m->connections, HAND_CONNECTION_JSON);
  rk_test_assert_json_equal (m->state, "{\"n\":7}");
  g_assert_true (m->is_state_enabled);
  rk_test_assert_strv (m->rpcs, "inc,get");
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
  rk_test_assert_json_equal (m->tab_config,
                             "[{\"id\":\"custom\",\"label\":\"My tab\",\"icon\":null,"
                             "\"hidden\":false},"
                             "{\"id\":\"state\",\"label\":null,\"icon\":null,\"hidden\":true}]");
  rk_test_assert_json_equal (m->schedules, "[]");
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
  rk_test_assert_json_equal (m->tab_config, "[]");
  rk_inspector_message_free (m);

  m = decode_hex ("0500 0d" HAND_INIT_BODY_V4 "00", &error);
  g_assert_no_error (error);
  assert_hand_init (m, 5);
  rk_test_assert_json_equal (m->tab_config, "[]");
  rk_inspector_message_free (m);

  /* QueueResponse whose message id does not fit in a signed 64-bit integer. */
  m = decode_hex ("0500 09 06 01 c801 01 ffffffffffffffffff01 046a6f6273 05 01", &error);
  g_assert_no_error (error);
  g_assert_cmpint (m->kind, ==, RK_INSPECTOR_MESSAGE_QUEUE_RESPONSE);
  g_assert_cmpuint (m->rid, ==, 6);
  rk_test_assert_json_equal (m->queue_status,
                             "{\"size\":1,\"maxSize\":200,\"messages\":[{\"id\":[\"$BigInt\","
                             "\"18446744073709551615\"],\"name\":\"jobs\",\"createdAtMs\":5}],"
                             "\"truncated\":true}");
  rk_inspector_message_free (m);

  /* WorkflowReplayResponse with history bytes. */
  m = decode_hex ("0500 0b 08 01 03010203 01", &error);
  g_assert_no_error (error);
  g_assert_cmpint (m->kind, ==, RK_INSPECTOR_MESSAGE_WORKFLOW_REPLAY_RESPONSE);
  g_assert_cmpuint (m->rid, ==, 8);
  rk_test_assert_bytes (m->workflow_history, "010203");
  g_assert_true (m->is_workflow_enabled);
  rk_inspector_message_free (m);

  /* WorkflowHistoryUpdated. */
  m = decode_hex ("0500 06 02aabb", &error);
  g_assert_no_error (error);
  g_assert_cmpint (m->kind, ==, RK_INSPECTOR_MESSAGE_WORKFLOW_HISTORY_UPDATED);
  rk_test_assert_bytes (m->workflow_history, "aabb");
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
  rk_test_assert_json_equal (m->state, "null");
  rk_inspector_message_free (m);

  /* Database responses. */
  m = decode_hex ("0500 0e 09 09a1667461626c657380", &error);
  g_assert_no_error (error);
  g_assert_cmpint (m->kind, ==, RK_INSPECTOR_MESSAGE_DATABASE_SCHEMA_RESPONSE);
  g_assert_cmpuint (m->rid, ==, 9);
  rk_test_assert_json_equal (m->database_result, "{\"tables\":[]}");
  rk_inspector_message_free (m);

  m = decode_hex ("0500 0f 0a 05 81a1616101", &error);
  g_assert_no_error (error);
  g_assert_cmpint (m->kind, ==, RK_INSPECTOR_MESSAGE_DATABASE_TABLE_ROWS_RESPONSE);
  g_assert_cmpuint (m->rid, ==, 10);
  rk_test_assert_json_equal (m->database_result, "[{\"a\":1}]");
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
  rk_test_assert_json_equal (m->schedules, HAND_SCHEDULES_JSON);
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
  rk_test_assert_json_equal (m->schedules, "[]");
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
  rk_test_assert_strv (m->rpcs, "a");
  rk_inspector_message_free (m);

  m = decode_hex_unprefixed (5, "08 0c 01 0161", &error);
  g_assert_null (m);
  g_assert_error (error, RK_ERROR, RK_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "v5 TraceQueryResponse"));
  g_clear_error (&error);

  m = decode_hex_unprefixed (5, "08 0c 02 0161", &error);
  g_assert_no_error (error);
  g_assert_cmpint (m->kind, ==, RK_INSPECTOR_MESSAGE_TRACE_QUERY_RESPONSE);
  rk_test_assert_bytes (m->trace_payload, "0161");
  rk_inspector_message_free (m);

  m = decode_hex_unprefixed (6, "0e 03 027331 02"
                             "047469636b 64 65 019601 026f6b 00"
                             "047469636b c801 c901 00 056572726f72"
                             "01 0475736572 04626f6f6d 05426f6f6d21 01 04a1617801", &error);
  g_assert_no_error (error);
  g_assert_cmpint (m->kind, ==, RK_INSPECTOR_MESSAGE_SCHEDULE_HISTORY_RESPONSE);
  g_assert_cmpuint (m->rid, ==, 3);
  g_assert_cmpstr (m->schedule_id, ==, "s1");
  rk_test_assert_json_equal (m->schedule_history,
                             "[{\"action\":\"tick\",\"scheduledAt\":100,\"firedAt\":101,"
                             "\"finishedAt\":150,\"result\":\"ok\",\"error\":null},"
                             "{\"action\":\"tick\",\"scheduledAt\":200,\"firedAt\":201,"
                             "\"finishedAt\":null,\"result\":\"error\","
                             "\"error\":{\"group\":\"user\",\"code\":\"boom\","
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
  rk_test_assert_json_equal (m->database_result, "{\"tables\":[]}");
  rk_inspector_message_free (m);

  m = decode_hex_unprefixed (6, "13 0a 0180", &error);
  g_assert_no_error (error);
  g_assert_cmpint (m->kind, ==, RK_INSPECTOR_MESSAGE_DATABASE_TABLE_ROWS_RESPONSE);
  rk_test_assert_json_equal (m->database_result, "[]");
  rk_inspector_message_free (m);

  /* Every truncation of the v6 Init fails cleanly too. */
  {
    g_autoptr(GBytes) init = rk_test_hex_to_bytes ("11" HAND_INIT_BODY_V4 HAND_TAB_CONFIG
                                                   HAND_SCHEDULES);
    gsize length;
    const guint8 *data = g_bytes_get_data (init, &length);

    for (gsize n = 0; n < length; n++)
      {
        g_autoptr(GError) local_error = NULL;
        g_autoptr(RkInspectorMessage) message = NULL;

        message = rk_test_inspector_decode (FALSE, 6, data, n, &local_error);

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
  g_autoptr(GBytes) args = rk_test_hex_to_bytes ("80");
  GBytes *bytes;

  bytes = rk_inspector_encode_state_request (5, prefixed, 1);
  rk_test_assert_bytes (bytes, "05000101");
  g_bytes_unref (bytes);

  bytes = rk_inspector_encode_state_request (6, unprefixed, 300);
  rk_test_assert_bytes (bytes, "01ac02");
  g_bytes_unref (bytes);

  bytes = rk_inspector_encode_connections_request (5, unprefixed, G_MAXUINT64);
  rk_test_assert_bytes (bytes, "02ffffffffffffffffff01");
  g_bytes_unref (bytes);

  bytes = rk_inspector_encode_action_request (5, prefixed, 7, "héllo", args);
  rk_test_assert_bytes (bytes, "050003070668c3a96c6c6f0180");
  g_bytes_unref (bytes);

  bytes = rk_inspector_encode_workflow_replay_request (4, prefixed, 8, NULL);
  rk_test_assert_bytes (bytes, "0400080800");
  g_bytes_unref (bytes);

  bytes = rk_inspector_encode_workflow_replay_request (5, prefixed, 8, "e1");
  rk_test_assert_bytes (bytes, "050008080102" "6531");
  g_bytes_unref (bytes);

  bytes = rk_inspector_encode_database_table_rows_request (5, prefixed, 10, "users", 50, 100);
  rk_test_assert_bytes (bytes, "05000a0a05" "7573657273" "3264");
  g_bytes_unref (bytes);

  bytes = rk_inspector_encode_queue_request (6, unprefixed, 1, 200);
  rk_test_assert_bytes (bytes, "0601c801");
  g_bytes_unref (bytes);

  bytes = rk_inspector_encode_schedules_request (6, unprefixed, 1);
  rk_test_assert_bytes (bytes, "0b01");
  g_bytes_unref (bytes);

  bytes = rk_inspector_encode_schedule_history_request (6, prefixed, 2, "s1", 20);
  rk_test_assert_bytes (bytes, "06000c0202733114");
  g_bytes_unref (bytes);

  bytes = rk_inspector_encode_schedule_delete_request (6, unprefixed, 3, "s1", "cron");
  rk_test_assert_bytes (bytes, "0d03027331" "0463726f6e");
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

  g_test_add_func ("/rk/inspector-protocol/v5", test_v5);
  g_test_add_func ("/rk/inspector-protocol/v6", test_v6);
  g_test_add_func ("/rk/inspector-protocol/errors", test_errors);
  g_test_add_func ("/rk/inspector-protocol/encode", test_encode);
  g_test_add_func ("/rk/inspector-protocol/encode-invalid", test_encode_invalid);
  g_test_add_func ("/rk/inspector-protocol/versions", test_versions);

  return g_test_run ();
}
