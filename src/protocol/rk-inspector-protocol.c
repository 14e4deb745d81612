/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-inspector-protocol.c: the inspector WebSocket's BARE messages, schema v4 to v6 */

#define G_LOG_DOMAIN "rk-inspector-protocol"

#include "config.h"

#include "rk-bare.h"
#include "rk-cbor.h"
#include "rk-error.h"
#include "rk-inspector-protocol-private.h"
#include "rk-inspector-protocol.h"

/* The schemas come from rivetkit's generated bare-ts code
 * (src/common/bare/generated/inspector/v4.ts … v6.ts in the 2.3.19 package);
 * README.md beside this file has the field-by-field tables. v4 and v5 share every tag and differ
 * only by Init.tabConfig. v6 adds Init.schedules and four schedule messages,
 * which moves the later ToClient tags. ToServer tags are the same in all
 * three, v6 only appends three schedule requests. */

/* ToClient union tags, by schema version. */
static const RkInspectorMessageKind to_client_v4[] = {
  RK_INSPECTOR_MESSAGE_STATE_RESPONSE,
  RK_INSPECTOR_MESSAGE_CONNECTIONS_RESPONSE,
  RK_INSPECTOR_MESSAGE_ACTION_RESPONSE,
  RK_INSPECTOR_MESSAGE_CONNECTIONS_UPDATED,
  RK_INSPECTOR_MESSAGE_QUEUE_UPDATED,
  RK_INSPECTOR_MESSAGE_STATE_UPDATED,
  RK_INSPECTOR_MESSAGE_WORKFLOW_HISTORY_UPDATED,
  RK_INSPECTOR_MESSAGE_RPCS_LIST_RESPONSE,
  RK_INSPECTOR_MESSAGE_TRACE_QUERY_RESPONSE,
  RK_INSPECTOR_MESSAGE_QUEUE_RESPONSE,
  RK_INSPECTOR_MESSAGE_WORKFLOW_HISTORY_RESPONSE,
  RK_INSPECTOR_MESSAGE_WORKFLOW_REPLAY_RESPONSE,
  RK_INSPECTOR_MESSAGE_ERROR,
  RK_INSPECTOR_MESSAGE_INIT,
  RK_INSPECTOR_MESSAGE_DATABASE_SCHEMA_RESPONSE,
  RK_INSPECTOR_MESSAGE_DATABASE_TABLE_ROWS_RESPONSE,
};

static const RkInspectorMessageKind to_client_v6[] = {
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
};


/**
 * rk_inspector_version_is_supported:
 * @version: an inspector schema version
 *
 * Returns: whether this library can decode and encode @version
 */
gboolean
rk_inspector_version_is_supported (guint version)
{
  return version >= RK_INSPECTOR_VERSION_MIN && version <= RK_INSPECTOR_VERSION_MAX;
}

/**
 * rk_inspector_message_kind_to_string:
 * @kind: a message kind
 *
 * Returns: the schema's name for @kind, such as "Init", for logs
 */
const char *
rk_inspector_message_kind_to_string (RkInspectorMessageKind kind)
{
  switch (kind)
    {
    case RK_INSPECTOR_MESSAGE_STATE_RESPONSE:
      return "StateResponse";
    case RK_INSPECTOR_MESSAGE_CONNECTIONS_RESPONSE:
      return "ConnectionsResponse";
    case RK_INSPECTOR_MESSAGE_ACTION_RESPONSE:
      return "ActionResponse";
    case RK_INSPECTOR_MESSAGE_CONNECTIONS_UPDATED:
      return "ConnectionsUpdated";
    case RK_INSPECTOR_MESSAGE_QUEUE_UPDATED:
      return "QueueUpdated";
    case RK_INSPECTOR_MESSAGE_STATE_UPDATED:
      return "StateUpdated";
    case RK_INSPECTOR_MESSAGE_WORKFLOW_HISTORY_UPDATED:
      return "WorkflowHistoryUpdated";
    case RK_INSPECTOR_MESSAGE_SCHEDULES_UPDATED:
      return "SchedulesUpdated";
    case RK_INSPECTOR_MESSAGE_RPCS_LIST_RESPONSE:
      return "RpcsListResponse";
    case RK_INSPECTOR_MESSAGE_TRACE_QUERY_RESPONSE:
      return "TraceQueryResponse";
    case RK_INSPECTOR_MESSAGE_QUEUE_RESPONSE:
      return "QueueResponse";
    case RK_INSPECTOR_MESSAGE_WORKFLOW_HISTORY_RESPONSE:
      return "WorkflowHistoryResponse";
    case RK_INSPECTOR_MESSAGE_WORKFLOW_REPLAY_RESPONSE:
      return "WorkflowReplayResponse";
    case RK_INSPECTOR_MESSAGE_SCHEDULES_RESPONSE:
      return "SchedulesResponse";
    case RK_INSPECTOR_MESSAGE_SCHEDULE_HISTORY_RESPONSE:
      return "ScheduleHistoryResponse";
    case RK_INSPECTOR_MESSAGE_SCHEDULE_DELETE_RESPONSE:
      return "ScheduleDeleteResponse";
    case RK_INSPECTOR_MESSAGE_ERROR:
      return "Error";
    case RK_INSPECTOR_MESSAGE_INIT:
      return "Init";
    case RK_INSPECTOR_MESSAGE_DATABASE_SCHEMA_RESPONSE:
      return "DatabaseSchemaResponse";
    case RK_INSPECTOR_MESSAGE_DATABASE_TABLE_ROWS_RESPONSE:
      return "DatabaseTableRowsResponse";
    default:
      return "Unknown";
    }
}

/**
 * rk_inspector_message_free:
 * @message: (nullable) (transfer full): a message
 *
 * Frees @message and everything it holds.
 */
void
rk_inspector_message_free (RkInspectorMessage *message)
{
  if (message == NULL)
    return;

  g_clear_pointer (&message->state, json_node_unref);
  g_clear_pointer (&message->connections, json_node_unref);
  g_clear_pointer (&message->rpcs, g_strfreev);
  g_clear_pointer (&message->workflow_history, g_bytes_unref);
  g_clear_pointer (&message->tab_config, json_node_unref);
  g_clear_pointer (&message->schedules, json_node_unref);
  g_clear_pointer (&message->output, json_node_unref);
  g_clear_pointer (&message->queue_status, json_node_unref);
  g_clear_pointer (&message->trace_payload, g_bytes_unref);
  g_clear_pointer (&message->database_result, json_node_unref);
  g_clear_pointer (&message->error_message, g_free);
  g_clear_pointer (&message->schedule_id, g_free);
  g_clear_pointer (&message->schedule_history, json_node_unref);
  g_free (message);
}

/* TabConfigEntry { id: str, label: optional<str>, icon: optional<str>, hidden: bool } */
static gboolean
read_tab_config_entry (RkBareReader  *reader,
                       JsonObject    *item,
                       GError       **error)
{
  return _rk_inspector_read_string_member (reader, item, "id", error) &&
         _rk_inspector_read_optional_string_member (reader, item, "label", error) &&
         _rk_inspector_read_optional_string_member (reader, item, "icon", error) &&
         _rk_inspector_read_bool_member (reader, item, "hidden", error);
}

/* Schedule { id: str, name: optional<str>, kind: str, action: str, args: data,
 * nextRunAt: uint, lastRunAt: optional<uint>, expression: optional<str>,
 * timezone: optional<str>, intervalMs: optional<uint>, maxHistory: optional<uint> } */
static gboolean
read_schedule (RkBareReader  *reader,
               JsonObject    *item,
               GError       **error)
{
  return _rk_inspector_read_string_member (reader, item, "id", error) &&
         _rk_inspector_read_optional_string_member (reader, item, "name", error) &&
         _rk_inspector_read_string_member (reader, item, "kind", error) &&
         _rk_inspector_read_string_member (reader, item, "action", error) &&
         _rk_inspector_read_cbor_member (reader, item, "args", error) &&
         _rk_inspector_read_uint_member (reader, item, "nextRunAt", error) &&
         _rk_inspector_read_optional_uint_member (reader, item, "lastRunAt", error) &&
         _rk_inspector_read_optional_string_member (reader, item, "expression", error) &&
         _rk_inspector_read_optional_string_member (reader, item, "timezone", error) &&
         _rk_inspector_read_optional_uint_member (reader, item, "intervalMs", error) &&
         _rk_inspector_read_optional_uint_member (reader, item, "maxHistory", error);
}

static gboolean
read_schedules (RkBareReader  *reader,
                JsonNode     **out,
                GError       **error)
{
  if (!_rk_inspector_read_object_list (reader, MIN_SCHEDULE_SIZE, read_schedule, out, error))
    {
      g_prefix_error (error, "schedules: ");
      return FALSE;
    }

  return TRUE;
}

/* ScheduleError { group: str, code: str, message: str, metadata: optional<data> } */
static gboolean
read_schedule_error (RkBareReader  *reader,
                     JsonObject    *item,
                     GError       **error)
{
  return _rk_inspector_read_string_member (reader, item, "group", error) &&
         _rk_inspector_read_string_member (reader, item, "code", error) &&
         _rk_inspector_read_string_member (reader, item, "message", error) &&
         _rk_inspector_read_optional_cbor_member (reader, item, "metadata", error);
}

/* ScheduleFire { action: str, scheduledAt: uint, firedAt: uint,
 * finishedAt: optional<uint>, result: str, error: optional<ScheduleError> } */
static gboolean
read_schedule_fire (RkBareReader  *reader,
                    JsonObject    *item,
                    GError       **error)
{
  gboolean has_error = FALSE;

  if (!_rk_inspector_read_string_member (reader, item, "action", error) ||
      !_rk_inspector_read_uint_member (reader, item, "scheduledAt", error) ||
      !_rk_inspector_read_uint_member (reader, item, "firedAt", error) ||
      !_rk_inspector_read_optional_uint_member (reader, item, "finishedAt", error) ||
      !_rk_inspector_read_string_member (reader, item, "result", error) ||
      !rk_bare_read_optional (reader, &has_error, error))
    return FALSE;

  if (has_error)
    {
      g_autoptr(JsonObject) fire_error = json_object_new ();

      if (!read_schedule_error (reader, fire_error, error))
        return FALSE;
      json_object_set_object_member (item, "error", g_steal_pointer (&fire_error));
    }
  else
    {
      json_object_set_null_member (item, "error");
    }

  return TRUE;
}

/* QueueMessageSummary { id: uint, name: str, createdAtMs: uint } */
static gboolean
read_queue_message (RkBareReader  *reader,
                    JsonObject    *item,
                    GError       **error)
{
  return _rk_inspector_read_uint_member (reader, item, "id", error) &&
         _rk_inspector_read_string_member (reader, item, "name", error) &&
         _rk_inspector_read_uint_member (reader, item, "createdAtMs", error);
}

/* QueueStatus { size: uint, maxSize: uint, messages: list<QueueMessageSummary>,
 * truncated: bool } */
static gboolean
read_queue_status (RkBareReader  *reader,
                   JsonNode     **out,
                   GError       **error)
{
  g_autoptr(JsonObject) status = json_object_new ();
  JsonNode *messages = NULL;

  if (!_rk_inspector_read_uint_member (reader, status, "size", error) ||
      !_rk_inspector_read_uint_member (reader, status, "maxSize", error))
    return FALSE;

  if (!_rk_inspector_read_object_list (reader, MIN_QUEUE_MESSAGE_SIZE, read_queue_message, &messages, error))
    {
      g_prefix_error (error, "queue messages: ");
      return FALSE;
    }
  json_object_set_member (status, "messages", messages);

  if (!_rk_inspector_read_bool_member (reader, status, "truncated", error))
    return FALSE;

  *out = _rk_inspector_object_node (g_steal_pointer (&status));
  return TRUE;
}

static gboolean
read_init (RkBareReader        *reader,
           RkInspectorMessage  *message,
           GError             **error)
{
  if (!_rk_inspector_read_connections (reader, &message->connections, error) ||
      !_rk_inspector_read_optional_cbor (reader, "state", &message->state, error) ||
      !rk_bare_read_bool (reader, &message->is_state_enabled, error) ||
      !_rk_inspector_read_string_list (reader, &message->rpcs, error) ||
      !rk_bare_read_bool (reader, &message->is_database_enabled, error) ||
      !rk_bare_read_uint (reader, &message->queue_size, error) ||
      !_rk_inspector_read_optional_bytes (reader, &message->workflow_history, error) ||
      !rk_bare_read_bool (reader, &message->is_workflow_enabled, error))
    return FALSE;

  /* Like the official client's upgrade converters, older versions get
   * empty lists rather than NULL. */
  if (message->version >= 5)
    {
      if (!_rk_inspector_read_object_list (reader, MIN_TAB_CONFIG_SIZE, read_tab_config_entry,
                             &message->tab_config, error))
        {
          g_prefix_error (error, "tab config: ");
          return FALSE;
        }
    }
  else
    {
      message->tab_config = _rk_inspector_array_node (json_array_new ());
    }

  if (message->version >= 6)
    return read_schedules (reader, &message->schedules, error);

  message->schedules = _rk_inspector_array_node (json_array_new ());
  return TRUE;
}

static gboolean
read_body (RkBareReader        *reader,
           RkInspectorMessage  *message,
           GError             **error)
{
  switch (message->kind)
    {
    case RK_INSPECTOR_MESSAGE_STATE_RESPONSE:
      return _rk_inspector_read_optional_cbor (reader, "state", &message->state, error) &&
             rk_bare_read_bool (reader, &message->is_state_enabled, error);

    case RK_INSPECTOR_MESSAGE_CONNECTIONS_RESPONSE:
    case RK_INSPECTOR_MESSAGE_CONNECTIONS_UPDATED:
      return _rk_inspector_read_connections (reader, &message->connections, error);

    case RK_INSPECTOR_MESSAGE_ACTION_RESPONSE:
      return _rk_inspector_read_cbor (reader, "action output", &message->output, error);

    case RK_INSPECTOR_MESSAGE_QUEUE_UPDATED:
      return rk_bare_read_uint (reader, &message->queue_size, error);

    case RK_INSPECTOR_MESSAGE_STATE_UPDATED:
      return _rk_inspector_read_cbor (reader, "state", &message->state, error);

    case RK_INSPECTOR_MESSAGE_WORKFLOW_HISTORY_UPDATED:
      return _rk_inspector_read_bytes (reader, &message->workflow_history, error);

    case RK_INSPECTOR_MESSAGE_SCHEDULES_UPDATED:
    case RK_INSPECTOR_MESSAGE_SCHEDULES_RESPONSE:
      return read_schedules (reader, &message->schedules, error);

    case RK_INSPECTOR_MESSAGE_RPCS_LIST_RESPONSE:
      return _rk_inspector_read_string_list (reader, &message->rpcs, error);

    case RK_INSPECTOR_MESSAGE_TRACE_QUERY_RESPONSE:
      return _rk_inspector_read_bytes (reader, &message->trace_payload, error);

    case RK_INSPECTOR_MESSAGE_QUEUE_RESPONSE:
      return read_queue_status (reader, &message->queue_status, error);

    case RK_INSPECTOR_MESSAGE_WORKFLOW_HISTORY_RESPONSE:
    case RK_INSPECTOR_MESSAGE_WORKFLOW_REPLAY_RESPONSE:
      return _rk_inspector_read_optional_bytes (reader, &message->workflow_history, error) &&
             rk_bare_read_bool (reader, &message->is_workflow_enabled, error);

    case RK_INSPECTOR_MESSAGE_SCHEDULE_HISTORY_RESPONSE:
      if (!rk_bare_read_string (reader, &message->schedule_id, error))
        return FALSE;
      if (!_rk_inspector_read_object_list (reader, MIN_SCHEDULE_FIRE_SIZE, read_schedule_fire,
                             &message->schedule_history, error))
        {
          g_prefix_error (error, "schedule history: ");
          return FALSE;
        }
      return TRUE;

    case RK_INSPECTOR_MESSAGE_SCHEDULE_DELETE_RESPONSE:
      return rk_bare_read_string (reader, &message->schedule_id, error) &&
             rk_bare_read_bool (reader, &message->schedule_deleted, error);

    case RK_INSPECTOR_MESSAGE_ERROR:
      return rk_bare_read_string (reader, &message->error_message, error);

    case RK_INSPECTOR_MESSAGE_INIT:
      return read_init (reader, message, error);

    case RK_INSPECTOR_MESSAGE_DATABASE_SCHEMA_RESPONSE:
      return _rk_inspector_read_cbor (reader, "database schema", &message->database_result, error);

    case RK_INSPECTOR_MESSAGE_DATABASE_TABLE_ROWS_RESPONSE:
      return _rk_inspector_read_cbor (reader, "table rows", &message->database_result, error);

    default:
      g_assert_not_reached ();
    }

  return FALSE;
}

static gboolean
kind_has_rid (RkInspectorMessageKind kind)
{
  switch (kind)
    {
    case RK_INSPECTOR_MESSAGE_STATE_RESPONSE:
    case RK_INSPECTOR_MESSAGE_CONNECTIONS_RESPONSE:
    case RK_INSPECTOR_MESSAGE_ACTION_RESPONSE:
    case RK_INSPECTOR_MESSAGE_RPCS_LIST_RESPONSE:
    case RK_INSPECTOR_MESSAGE_TRACE_QUERY_RESPONSE:
    case RK_INSPECTOR_MESSAGE_QUEUE_RESPONSE:
    case RK_INSPECTOR_MESSAGE_WORKFLOW_HISTORY_RESPONSE:
    case RK_INSPECTOR_MESSAGE_WORKFLOW_REPLAY_RESPONSE:
    case RK_INSPECTOR_MESSAGE_SCHEDULES_RESPONSE:
    case RK_INSPECTOR_MESSAGE_SCHEDULE_HISTORY_RESPONSE:
    case RK_INSPECTOR_MESSAGE_SCHEDULE_DELETE_RESPONSE:
    case RK_INSPECTOR_MESSAGE_DATABASE_SCHEMA_RESPONSE:
    case RK_INSPECTOR_MESSAGE_DATABASE_TABLE_ROWS_RESPONSE:
      return TRUE;

    case RK_INSPECTOR_MESSAGE_CONNECTIONS_UPDATED:
    case RK_INSPECTOR_MESSAGE_QUEUE_UPDATED:
    case RK_INSPECTOR_MESSAGE_STATE_UPDATED:
    case RK_INSPECTOR_MESSAGE_WORKFLOW_HISTORY_UPDATED:
    case RK_INSPECTOR_MESSAGE_SCHEDULES_UPDATED:
    case RK_INSPECTOR_MESSAGE_ERROR:
    case RK_INSPECTOR_MESSAGE_INIT:
    default:
      return FALSE;
    }
}

static gboolean
check_version (guint    version,
               GError **error)
{
  if (!rk_inspector_version_is_supported (version))
    {
      g_set_error (error, RK_ERROR, RK_ERROR_PROTOCOL,
                   "Unsupported inspector protocol version %u (this client speaks %d to %d)",
                   version, RK_INSPECTOR_VERSION_MIN, RK_INSPECTOR_VERSION_MAX);
      return FALSE;
    }

  return TRUE;
}

static RkInspectorMessage *
decode_body (guint          version,
             RkBareReader  *reader,
             GError       **error)
{
  g_autoptr(RkInspectorMessage) message = NULL;
  const RkInspectorMessageKind *kinds;
  gsize n_kinds;
  gsize tag_offset = reader->offset;
  guint8 tag;

  if (version >= 6)
    {
      kinds = to_client_v6;
      n_kinds = G_N_ELEMENTS (to_client_v6);
    }
  else
    {
      kinds = to_client_v4;
      n_kinds = G_N_ELEMENTS (to_client_v4);
    }

  if (!rk_bare_read_u8 (reader, &tag, error))
    {
      g_prefix_error (error, "Cannot decode inspector v%u message: ", version);
      return NULL;
    }

  if (tag >= n_kinds)
    {
      g_set_error (error, RK_ERROR, RK_ERROR_PROTOCOL,
                   "Unknown inspector v%u message tag %u at byte %" G_GSIZE_FORMAT,
                   version, tag, tag_offset);
      return NULL;
    }

  message = g_new0 (RkInspectorMessage, 1);
  message->kind = kinds[tag];
  message->version = version;
  message->has_rid = kind_has_rid (message->kind);

  if ((message->has_rid && !rk_bare_read_uint (reader, &message->rid, error)) ||
      !read_body (reader, message, error) ||
      !rk_bare_reader_expect_end (reader, error))
    {
      g_prefix_error (error, "Cannot decode inspector v%u %s message: ",
                      version, rk_inspector_message_kind_to_string (message->kind));
      return NULL;
    }

  return g_steal_pointer (&message);
}

/**
 * rk_inspector_message_decode:
 * @data: (array length=length): one binary WebSocket frame
 * @length: the length of @data
 * @error: return location for an error
 *
 * Decodes a server-to-client inspector message that starts with its
 * schema version as a little-endian u16, which is what RivetKit 2.2.1 (v4)
 * and 2.3.x without `?protocol_version` (v5) send. An unsupported version,
 * an unknown tag, invalid data or trailing bytes give %RK_ERROR_PROTOCOL
 * (invalid CBOR inside a value keeps the CBOR decoder's error code).
 *
 * Returns: (transfer full) (nullable): the message, or %NULL with @error set
 */
RkInspectorMessage *
rk_inspector_message_decode (const guint8  *data,
                             gsize          length,
                             GError       **error)
{
  RkBareReader reader;
  guint16 version;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length < 2)
    {
      g_set_error (error, RK_ERROR, RK_ERROR_PROTOCOL,
                   "Inspector message of %" G_GSIZE_FORMAT " bytes is too short "
                   "for a version prefix", length);
      return NULL;
    }

  rk_bare_reader_init (&reader, data, length);
  if (!rk_bare_read_u16_le (&reader, &version, error) ||
      !check_version (version, error))
    return NULL;

  return decode_body (version, &reader, error);
}

/**
 * rk_inspector_message_decode_unprefixed:
 * @version: the schema version agreed with `?protocol_version=`
 * @data: (array length=length): one binary WebSocket frame
 * @length: the length of @data
 * @error: return location for an error
 *
 * Decodes a server-to-client inspector message without a version prefix,
 * which is what RivetKit 2.3.x sends when the socket URL carries
 * `?protocol_version=@version`. Errors as for rk_inspector_message_decode ().
 *
 * Returns: (transfer full) (nullable): the message, or %NULL with @error set
 */
RkInspectorMessage *
rk_inspector_message_decode_unprefixed (guint          version,
                                        const guint8  *data,
                                        gsize          length,
                                        GError       **error)
{
  RkBareReader reader;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_version (version, error))
    return NULL;

  rk_bare_reader_init (&reader, data, length);
  return decode_body (version, &reader, error);
}

