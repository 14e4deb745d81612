/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-inspector-protocol.h: the inspector WebSocket's BARE messages, schema v4 to v6 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* RivetKit 2.2.1 speaks v4; 2.3.x speaks v5 by default and up to v6 on request. */
#define RK_INSPECTOR_VERSION_MIN 4
#define RK_INSPECTOR_VERSION_MAX 6

/**
 * RkInspectorFraming:
 * @RK_INSPECTOR_FRAMING_PREFIXED: every message starts with the schema version
 *   as a little-endian u16 (`04 00`, `05 00`); the default on both 2.2.1 and 2.3.x
 * @RK_INSPECTOR_FRAMING_UNPREFIXED: the bare body only; what 2.3.x speaks
 *   when the socket URL carries `?protocol_version=N`
 */
typedef enum
{
  RK_INSPECTOR_FRAMING_PREFIXED,
  RK_INSPECTOR_FRAMING_UNPREFIXED,
} RkInspectorFraming;

/**
 * RkInspectorMessageKind:
 * @RK_INSPECTOR_MESSAGE_STATE_RESPONSE: reply to a state request
 * @RK_INSPECTOR_MESSAGE_CONNECTIONS_RESPONSE: reply to a connections request
 * @RK_INSPECTOR_MESSAGE_ACTION_RESPONSE: reply to an action request
 * @RK_INSPECTOR_MESSAGE_CONNECTIONS_UPDATED: push: the connection list changed
 * @RK_INSPECTOR_MESSAGE_QUEUE_UPDATED: push: the queue size changed
 * @RK_INSPECTOR_MESSAGE_STATE_UPDATED: push: the state changed
 * @RK_INSPECTOR_MESSAGE_WORKFLOW_HISTORY_UPDATED: push: the workflow history changed
 * @RK_INSPECTOR_MESSAGE_SCHEDULES_UPDATED: push (v6): the schedules changed
 * @RK_INSPECTOR_MESSAGE_RPCS_LIST_RESPONSE: reply to an RPC list request
 * @RK_INSPECTOR_MESSAGE_TRACE_QUERY_RESPONSE: reply to a trace query
 * @RK_INSPECTOR_MESSAGE_QUEUE_RESPONSE: reply to a queue request
 * @RK_INSPECTOR_MESSAGE_WORKFLOW_HISTORY_RESPONSE: reply to a workflow history request
 * @RK_INSPECTOR_MESSAGE_WORKFLOW_REPLAY_RESPONSE: reply to a workflow replay request
 * @RK_INSPECTOR_MESSAGE_SCHEDULES_RESPONSE: reply (v6) to a schedules request
 * @RK_INSPECTOR_MESSAGE_SCHEDULE_HISTORY_RESPONSE: reply (v6) to a schedule history request
 * @RK_INSPECTOR_MESSAGE_SCHEDULE_DELETE_RESPONSE: reply (v6) to a schedule delete request
 * @RK_INSPECTOR_MESSAGE_ERROR: a failure; it carries no request id
 * @RK_INSPECTOR_MESSAGE_INIT: the snapshot sent right after the socket opens
 * @RK_INSPECTOR_MESSAGE_DATABASE_SCHEMA_RESPONSE: reply to a database schema request
 * @RK_INSPECTOR_MESSAGE_DATABASE_TABLE_ROWS_RESPONSE: reply to a table rows request
 *
 * What a server-to-client message is. The values do not match the wire
 * tags, which differ between schema versions.
 */
typedef enum
{
  RK_INSPECTOR_MESSAGE_STATE_RESPONSE,
  RK_INSPECTOR_MESSAGE_CONNECTIONS_RESPONSE,
  RK_INSPECTOR_MESSAGE_ACTION_RESPONSE,
  RK_INSPECTOR_MESSAGE_CONNECTIONS_UPDATED,
  RK_INSPECTOR_MESSAGE_QUEUE_UPDATED,
  RK_INSPECTOR_MESSAGE_STATE_UPDATED,
  RK_INSPECTOR_MESSAGE_WORKFLOW_HISTORY_UPDATED,
  RK_INSPECTOR_MESSAGE_SCHEDULES_UPDATED,
  RK_INSPECTOR_MESSAGE_RPCS_LIST_RESPONSE,
  RK_INSPECTOR_MESSAGE_TRACE_QUERY_RESPONSE,
  RK_INSPECTOR_MESSAGE_QUEUE_RESPONSE,
  RK_INSPECTOR_MESSAGE_WORKFLOW_HISTORY_RESPONSE,
  RK_INSPECTOR_MESSAGE_WORKFLOW_REPLAY_RESPONSE,
  RK_INSPECTOR_MESSAGE_SCHEDULES_RESPONSE,
  RK_INSPECTOR_MESSAGE_SCHEDULE_HISTORY_RESPONSE,
  RK_INSPECTOR_MESSAGE_SCHEDULE_DELETE_RESPONSE,
  RK_INSPECTOR_MESSAGE_ERROR,
  RK_INSPECTOR_MESSAGE_INIT,
  RK_INSPECTOR_MESSAGE_DATABASE_SCHEMA_RESPONSE,
  RK_INSPECTOR_MESSAGE_DATABASE_TABLE_ROWS_RESPONSE,
} RkInspectorMessageKind;

/**
 * RkInspectorMessage:
 * @kind: what the message is
 * @version: the schema version it was decoded with
 * @has_rid: whether @rid is set (every `*_RESPONSE` kind)
 * @rid: the id of the request this answers
 * @state: (nullable): the actor state (INIT, STATE_RESPONSE, STATE_UPDATED);
 *   %NULL in INIT and STATE_RESPONSE when the actor has no state
 * @is_state_enabled: whether the actor declares state (INIT, STATE_RESPONSE)
 * @connections: (nullable): a JSON array of connection objects
 *   `{id, type, params, stateEnabled, state, subscriptions, isHibernatable}`
 *   (INIT, CONNECTIONS_RESPONSE, CONNECTIONS_UPDATED)
 * @rpcs: (nullable) (array zero-terminated=1): the action names (INIT, RPCS_LIST_RESPONSE)
 * @is_database_enabled: whether the actor has a database (INIT)
 * @queue_size: the number of queued messages (INIT, QUEUE_UPDATED)
 * @workflow_history: (nullable): the opaque workflow history transport bytes
 *   (INIT, WORKFLOW_HISTORY_UPDATED, WORKFLOW_HISTORY_RESPONSE, WORKFLOW_REPLAY_RESPONSE)
 * @is_workflow_enabled: whether the actor runs a workflow
 *   (INIT, WORKFLOW_HISTORY_RESPONSE, WORKFLOW_REPLAY_RESPONSE)
 * @tab_config: (nullable): INIT only: a JSON array of `{id, label, icon, hidden}`
 *   (an empty array for v4, which has no tab config)
 * @schedules: (nullable): a JSON array of schedule objects (INIT, where v4 and
 *   v5 give an empty array; SCHEDULES_UPDATED, SCHEDULES_RESPONSE)
 * @output: (nullable): the action's return value (ACTION_RESPONSE)
 * @queue_status: (nullable): QUEUE_RESPONSE: `{size, maxSize, messages:
 *   [{id, name, createdAtMs}], truncated}`
 * @trace_payload: (nullable): TRACE_QUERY_RESPONSE: the opaque traces payload
 * @database_result: (nullable): the schema (DATABASE_SCHEMA_RESPONSE) or the
 *   rows (DATABASE_TABLE_ROWS_RESPONSE)
 * @error_message: (nullable): ERROR: the message
 * @schedule_id: (nullable): SCHEDULE_HISTORY_RESPONSE, SCHEDULE_DELETE_RESPONSE
 * @schedule_history: (nullable): SCHEDULE_HISTORY_RESPONSE: a JSON array of
 *   `{action, scheduledAt, firedAt, finishedAt, result, error}`
 * @schedule_deleted: SCHEDULE_DELETE_RESPONSE: whether a schedule was removed
 *
 * One decoded server-to-client message. Fields that the kind does not use
 * are zero or %NULL. CBOR values are in RivetKit's JSON-compat form (see
 * rk_cbor_decode ()); empty CBOR data decodes as JSON null. BARE `uint`
 * values in JSON objects are JSON integers, or `["$BigInt", "…"]` above
 * %G_MAXINT64.
 */
typedef struct
{
  RkInspectorMessageKind   kind;
  guint                    version;
  gboolean                 has_rid;
  guint64                  rid;

  JsonNode                *state;
  gboolean                 is_state_enabled;
  JsonNode                *connections;
  char                   **rpcs;
  gboolean                 is_database_enabled;
  guint64                  queue_size;
  GBytes                  *workflow_history;
  gboolean                 is_workflow_enabled;
  JsonNode                *tab_config;
  JsonNode                *schedules;

  JsonNode                *output;
  JsonNode                *queue_status;
  GBytes                  *trace_payload;
  JsonNode                *database_result;
  char                    *error_message;

  char                    *schedule_id;
  JsonNode                *schedule_history;
  gboolean                 schedule_deleted;
} RkInspectorMessage;

gboolean    rk_inspector_version_is_supported   (guint                  version);
const char *rk_inspector_message_kind_to_string (RkInspectorMessageKind kind);

RkInspectorMessage *rk_inspector_message_decode            (const guint8        *data,
                                                            gsize                length,
                                                            GError             **error);
RkInspectorMessage *rk_inspector_message_decode_unprefixed (guint                version,
                                                            const guint8        *data,
                                                            gsize                length,
                                                            GError             **error);
void                rk_inspector_message_free              (RkInspectorMessage  *message);

GBytes *rk_inspector_encode_patch_state                 (guint               version,
                                                         RkInspectorFraming  framing,
                                                         GBytes             *state_cbor);
GBytes *rk_inspector_encode_state_request               (guint               version,
                                                         RkInspectorFraming  framing,
                                                         guint64             id);
GBytes *rk_inspector_encode_connections_request         (guint               version,
                                                         RkInspectorFraming  framing,
                                                         guint64             id);
GBytes *rk_inspector_encode_action_request              (guint               version,
                                                         RkInspectorFraming  framing,
                                                         guint64             id,
                                                         const char         *name,
                                                         GBytes             *args_cbor);
GBytes *rk_inspector_encode_rpcs_list_request           (guint               version,
                                                         RkInspectorFraming  framing,
                                                         guint64             id);
GBytes *rk_inspector_encode_trace_query_request         (guint               version,
                                                         RkInspectorFraming  framing,
                                                         guint64             id,
                                                         guint64             start_ms,
                                                         guint64             end_ms,
                                                         guint64             limit);
GBytes *rk_inspector_encode_queue_request               (guint               version,
                                                         RkInspectorFraming  framing,
                                                         guint64             id,
                                                         guint64             limit);
GBytes *rk_inspector_encode_workflow_history_request    (guint               version,
                                                         RkInspectorFraming  framing,
                                                         guint64             id);
GBytes *rk_inspector_encode_workflow_replay_request     (guint               version,
                                                         RkInspectorFraming  framing,
                                                         guint64             id,
                                                         const char         *entry_id);
GBytes *rk_inspector_encode_database_schema_request     (guint               version,
                                                         RkInspectorFraming  framing,
                                                         guint64             id);
GBytes *rk_inspector_encode_database_table_rows_request (guint               version,
                                                         RkInspectorFraming  framing,
                                                         guint64             id,
                                                         const char         *table,
                                                         guint64             limit,
                                                         guint64             offset);
GBytes *rk_inspector_encode_schedules_request           (guint               version,
                                                         RkInspectorFraming  framing,
                                                         guint64             id);
GBytes *rk_inspector_encode_schedule_history_request    (guint               version,
                                                         RkInspectorFraming  framing,
                                                         guint64             id,
                                                         const char         *schedule_id,
                                                         guint64             limit);
GBytes *rk_inspector_encode_schedule_delete_request     (guint               version,
                                                         RkInspectorFraming  framing,
                                                         guint64             id,
                                                         const char         *schedule_id,
                                                         const char         *kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RkInspectorMessage, rk_inspector_message_free)

G_END_DECLS
