/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-inspector-encode.c: the client-to-server messages of the inspector WebSocket (BARE v4 to v6) */

#define G_LOG_DOMAIN "rk-inspector-protocol"

#include "config.h"

#include "rk-bare.h"
#include "rk-cbor.h"
#include "rk-error.h"
#include "rk-inspector-protocol.h"

/* The schemas come from rivetkit's generated bare-ts code
 * (src/common/bare/generated/inspector/v4.ts … v6.ts in the 2.3.19 package);
 * README.md beside this file has the field-by-field tables. v4 and v5 share every tag and differ
 * only by Init.tabConfig. v6 adds Init.schedules and four schedule messages,
 * which moves the later ToClient tags. ToServer tags are the same in all
 * three, v6 only appends three schedule requests. */

/* ToServer union tags (identical in v4, v5 and v6; 11 to 13 are v6 only). */
enum
{
  TO_SERVER_PATCH_STATE = 0,
  TO_SERVER_STATE = 1,
  TO_SERVER_CONNECTIONS = 2,
  TO_SERVER_ACTION = 3,
  TO_SERVER_RPCS_LIST = 4,
  TO_SERVER_TRACE_QUERY = 5,
  TO_SERVER_QUEUE = 6,
  TO_SERVER_WORKFLOW_HISTORY = 7,
  TO_SERVER_WORKFLOW_REPLAY = 8,
  TO_SERVER_DATABASE_SCHEMA = 9,
  TO_SERVER_DATABASE_TABLE_ROWS = 10,
  TO_SERVER_SCHEDULES = 11,
  TO_SERVER_SCHEDULE_HISTORY = 12,
  TO_SERVER_SCHEDULE_DELETE = 13,
};

/* Encoding: client-to-server requests. */

static GByteArray *
begin_request (guint              version,
               RkInspectorFraming framing,
               guint8             tag)
{
  GByteArray *buffer = g_byte_array_sized_new (16);

  if (framing == RK_INSPECTOR_FRAMING_PREFIXED)
    rk_bare_write_u16_le (buffer, (guint16)version);
  rk_bare_write_u8 (buffer, tag);

  return buffer;
}

static GBytes *
encode_id_only (guint              version,
                RkInspectorFraming framing,
                guint8             tag,
                guint64            id)
{
  GByteArray *buffer = begin_request (version, framing, tag);

  rk_bare_write_uint (buffer, id);
  return g_byte_array_free_to_bytes (buffer);
}

#define CHECK_VERSION_AND_FRAMING(version, framing) \
  g_return_val_if_fail (rk_inspector_version_is_supported (version), NULL); \
  g_return_val_if_fail ((framing) == RK_INSPECTOR_FRAMING_PREFIXED || \
                        (framing) == RK_INSPECTOR_FRAMING_UNPREFIXED, NULL)

/**
 * rk_inspector_encode_patch_state:
 * @version: the inspector schema version
 * @framing: whether to start with the version prefix
 * @state_cbor: the new state, CBOR-encoded
 *
 * Encodes a `PatchStateRequest`. It has no id and no reply; a
 * `StateUpdated` follows.
 *
 * Returns: (transfer full): the frame to send as a binary message
 */
GBytes *
rk_inspector_encode_patch_state (guint              version,
                                 RkInspectorFraming framing,
                                 GBytes            *state_cbor)
{
  GByteArray *buffer;
  const guint8 *data;
  gsize length;

  CHECK_VERSION_AND_FRAMING (version, framing);
  g_return_val_if_fail (state_cbor != NULL, NULL);

  data = g_bytes_get_data (state_cbor, &length);
  buffer = begin_request (version, framing, TO_SERVER_PATCH_STATE);
  rk_bare_write_data (buffer, data, length);

  return g_byte_array_free_to_bytes (buffer);
}

/**
 * rk_inspector_encode_state_request:
 * @version: the inspector schema version
 * @framing: whether to start with the version prefix
 * @id: the request id, echoed as `rid` in the `StateResponse`
 *
 * Returns: (transfer full): a `StateRequest` frame
 */
GBytes *
rk_inspector_encode_state_request (guint              version,
                                   RkInspectorFraming framing,
                                   guint64            id)
{
  CHECK_VERSION_AND_FRAMING (version, framing);

  return encode_id_only (version, framing, TO_SERVER_STATE, id);
}

/**
 * rk_inspector_encode_connections_request:
 * @version: the inspector schema version
 * @framing: whether to start with the version prefix
 * @id: the request id, echoed as `rid` in the `ConnectionsResponse`
 *
 * Returns: (transfer full): a `ConnectionsRequest` frame
 */
GBytes *
rk_inspector_encode_connections_request (guint              version,
                                         RkInspectorFraming framing,
                                         guint64            id)
{
  CHECK_VERSION_AND_FRAMING (version, framing);

  return encode_id_only (version, framing, TO_SERVER_CONNECTIONS, id);
}

/**
 * rk_inspector_encode_action_request:
 * @version: the inspector schema version
 * @framing: whether to start with the version prefix
 * @id: the request id, echoed as `rid` in the `ActionResponse`
 * @name: the action name
 * @args_cbor: the arguments as a CBOR array
 *
 * Returns: (transfer full): an `ActionRequest` frame
 */
GBytes *
rk_inspector_encode_action_request (guint              version,
                                    RkInspectorFraming framing,
                                    guint64            id,
                                    const char        *name,
                                    GBytes            *args_cbor)
{
  GByteArray *buffer;
  const guint8 *data;
  gsize length;

  CHECK_VERSION_AND_FRAMING (version, framing);
  g_return_val_if_fail (name != NULL && g_utf8_validate (name, -1, NULL), NULL);
  g_return_val_if_fail (args_cbor != NULL, NULL);

  data = g_bytes_get_data (args_cbor, &length);
  buffer = begin_request (version, framing, TO_SERVER_ACTION);
  rk_bare_write_uint (buffer, id);
  rk_bare_write_string (buffer, name);
  rk_bare_write_data (buffer, data, length);

  return g_byte_array_free_to_bytes (buffer);
}

/**
 * rk_inspector_encode_rpcs_list_request:
 * @version: the inspector schema version
 * @framing: whether to start with the version prefix
 * @id: the request id, echoed as `rid` in the `RpcsListResponse`
 *
 * Returns: (transfer full): an `RpcsListRequest` frame
 */
GBytes *
rk_inspector_encode_rpcs_list_request (guint              version,
                                       RkInspectorFraming framing,
                                       guint64            id)
{
  CHECK_VERSION_AND_FRAMING (version, framing);

  return encode_id_only (version, framing, TO_SERVER_RPCS_LIST, id);
}

/**
 * rk_inspector_encode_trace_query_request:
 * @version: the inspector schema version
 * @framing: whether to start with the version prefix
 * @id: the request id, echoed as `rid` in the `TraceQueryResponse`
 * @start_ms: the start of the time window, in ms since the epoch
 * @end_ms: the end of the time window, in ms since the epoch
 * @limit: the most spans to return
 *
 * Returns: (transfer full): a `TraceQueryRequest` frame
 */
GBytes *
rk_inspector_encode_trace_query_request (guint              version,
                                         RkInspectorFraming framing,
                                         guint64            id,
                                         guint64            start_ms,
                                         guint64            end_ms,
                                         guint64            limit)
{
  GByteArray *buffer;

  CHECK_VERSION_AND_FRAMING (version, framing);

  buffer = begin_request (version, framing, TO_SERVER_TRACE_QUERY);
  rk_bare_write_uint (buffer, id);
  rk_bare_write_uint (buffer, start_ms);
  rk_bare_write_uint (buffer, end_ms);
  rk_bare_write_uint (buffer, limit);

  return g_byte_array_free_to_bytes (buffer);
}

/**
 * rk_inspector_encode_queue_request:
 * @version: the inspector schema version
 * @framing: whether to start with the version prefix
 * @id: the request id, echoed as `rid` in the `QueueResponse`
 * @limit: the most messages to list (the server caps it at 200)
 *
 * Returns: (transfer full): a `QueueRequest` frame
 */
GBytes *
rk_inspector_encode_queue_request (guint              version,
                                   RkInspectorFraming framing,
                                   guint64            id,
                                   guint64            limit)
{
  GByteArray *buffer;

  CHECK_VERSION_AND_FRAMING (version, framing);

  buffer = begin_request (version, framing, TO_SERVER_QUEUE);
  rk_bare_write_uint (buffer, id);
  rk_bare_write_uint (buffer, limit);

  return g_byte_array_free_to_bytes (buffer);
}

/**
 * rk_inspector_encode_workflow_history_request:
 * @version: the inspector schema version
 * @framing: whether to start with the version prefix
 * @id: the request id, echoed as `rid` in the `WorkflowHistoryResponse`
 *
 * Returns: (transfer full): a `WorkflowHistoryRequest` frame
 */
GBytes *
rk_inspector_encode_workflow_history_request (guint              version,
                                              RkInspectorFraming framing,
                                              guint64            id)
{
  CHECK_VERSION_AND_FRAMING (version, framing);

  return encode_id_only (version, framing, TO_SERVER_WORKFLOW_HISTORY, id);
}

/**
 * rk_inspector_encode_workflow_replay_request:
 * @version: the inspector schema version
 * @framing: whether to start with the version prefix
 * @id: the request id, echoed as `rid` in the `WorkflowReplayResponse`
 * @entry_id: (nullable): the history entry to replay from, or %NULL for all
 *
 * Returns: (transfer full): a `WorkflowReplayRequest` frame
 */
GBytes *
rk_inspector_encode_workflow_replay_request (guint              version,
                                             RkInspectorFraming framing,
                                             guint64            id,
                                             const char        *entry_id)
{
  GByteArray *buffer;

  CHECK_VERSION_AND_FRAMING (version, framing);
  g_return_val_if_fail (entry_id == NULL || g_utf8_validate (entry_id, -1, NULL), NULL);

  buffer = begin_request (version, framing, TO_SERVER_WORKFLOW_REPLAY);
  rk_bare_write_uint (buffer, id);
  rk_bare_write_optional (buffer, entry_id != NULL);
  if (entry_id != NULL)
    rk_bare_write_string (buffer, entry_id);

  return g_byte_array_free_to_bytes (buffer);
}

/**
 * rk_inspector_encode_database_schema_request:
 * @version: the inspector schema version
 * @framing: whether to start with the version prefix
 * @id: the request id, echoed as `rid` in the `DatabaseSchemaResponse`
 *
 * An actor without a database answers with an `Error`, which has no `rid`.
 *
 * Returns: (transfer full): a `DatabaseSchemaRequest` frame
 */
GBytes *
rk_inspector_encode_database_schema_request (guint              version,
                                             RkInspectorFraming framing,
                                             guint64            id)
{
  CHECK_VERSION_AND_FRAMING (version, framing);

  return encode_id_only (version, framing, TO_SERVER_DATABASE_SCHEMA, id);
}

/**
 * rk_inspector_encode_database_table_rows_request:
 * @version: the inspector schema version
 * @framing: whether to start with the version prefix
 * @id: the request id, echoed as `rid` in the `DatabaseTableRowsResponse`
 * @table: the table name
 * @limit: the most rows to return
 * @offset: the number of rows to skip
 *
 * Returns: (transfer full): a `DatabaseTableRowsRequest` frame
 */
GBytes *
rk_inspector_encode_database_table_rows_request (guint              version,
                                                 RkInspectorFraming framing,
                                                 guint64            id,
                                                 const char        *table,
                                                 guint64            limit,
                                                 guint64            offset)
{
  GByteArray *buffer;

  CHECK_VERSION_AND_FRAMING (version, framing);
  g_return_val_if_fail (table != NULL && g_utf8_validate (table, -1, NULL), NULL);

  buffer = begin_request (version, framing, TO_SERVER_DATABASE_TABLE_ROWS);
  rk_bare_write_uint (buffer, id);
  rk_bare_write_string (buffer, table);
  rk_bare_write_uint (buffer, limit);
  rk_bare_write_uint (buffer, offset);

  return g_byte_array_free_to_bytes (buffer);
}

/**
 * rk_inspector_encode_schedules_request:
 * @version: the inspector schema version, 6 or later
 * @framing: whether to start with the version prefix
 * @id: the request id, echoed as `rid` in the `SchedulesResponse`
 *
 * Returns: (transfer full): a `SchedulesRequest` frame
 */
GBytes *
rk_inspector_encode_schedules_request (guint              version,
                                       RkInspectorFraming framing,
                                       guint64            id)
{
  CHECK_VERSION_AND_FRAMING (version, framing);
  g_return_val_if_fail (version >= 6, NULL);

  return encode_id_only (version, framing, TO_SERVER_SCHEDULES, id);
}

/**
 * rk_inspector_encode_schedule_history_request:
 * @version: the inspector schema version, 6 or later
 * @framing: whether to start with the version prefix
 * @id: the request id, echoed as `rid` in the `ScheduleHistoryResponse`
 * @schedule_id: the schedule
 * @limit: the most fires to return
 *
 * Returns: (transfer full): a `ScheduleHistoryRequest` frame
 */
GBytes *
rk_inspector_encode_schedule_history_request (guint              version,
                                              RkInspectorFraming framing,
                                              guint64            id,
                                              const char        *schedule_id,
                                              guint64            limit)
{
  GByteArray *buffer;

  CHECK_VERSION_AND_FRAMING (version, framing);
  g_return_val_if_fail (version >= 6, NULL);
  g_return_val_if_fail (schedule_id != NULL && g_utf8_validate (schedule_id, -1, NULL), NULL);

  buffer = begin_request (version, framing, TO_SERVER_SCHEDULE_HISTORY);
  rk_bare_write_uint (buffer, id);
  rk_bare_write_string (buffer, schedule_id);
  rk_bare_write_uint (buffer, limit);

  return g_byte_array_free_to_bytes (buffer);
}

/**
 * rk_inspector_encode_schedule_delete_request:
 * @version: the inspector schema version, 6 or later
 * @framing: whether to start with the version prefix
 * @id: the request id, echoed as `rid` in the `ScheduleDeleteResponse`
 * @schedule_id: the schedule
 * @kind: the schedule's kind, as listed in its `kind` member
 *
 * Returns: (transfer full): a `ScheduleDeleteRequest` frame
 */
GBytes *
rk_inspector_encode_schedule_delete_request (guint              version,
                                             RkInspectorFraming framing,
                                             guint64            id,
                                             const char        *schedule_id,
                                             const char        *kind)
{
  GByteArray *buffer;

  CHECK_VERSION_AND_FRAMING (version, framing);
  g_return_val_if_fail (version >= 6, NULL);
  g_return_val_if_fail (schedule_id != NULL && g_utf8_validate (schedule_id, -1, NULL), NULL);
  g_return_val_if_fail (kind != NULL && g_utf8_validate (kind, -1, NULL), NULL);

  buffer = begin_request (version, framing, TO_SERVER_SCHEDULE_DELETE);
  rk_bare_write_uint (buffer, id);
  rk_bare_write_string (buffer, schedule_id);
  rk_bare_write_string (buffer, kind);

  return g_byte_array_free_to_bytes (buffer);
}
