/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-inspector-protocol.c: the inspector WebSocket's BARE messages, schema v4 to v6 */

#define G_LOG_DOMAIN "rk-inspector-protocol"

#include "config.h"

#include "rk-bare.h"
#include "rk-cbor.h"
#include "rk-error.h"
#include "rk-inspector-protocol.h"

/* The schemas come from rivetkit's generated bare-ts code
 * (src/common/bare/generated/inspector/v4.ts … v6.ts in the 2.3.19 package);
 * docs/ has the field-by-field tables. v4 and v5 share every tag and differ
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

/* The smallest encodings of list items, to reject absurd counts early. */
#define MIN_CONNECTION_SIZE 2     /* string + data */
#define MIN_STRING_SIZE 1
#define MIN_TAB_CONFIG_SIZE 4     /* string, 2 × optional, bool */
#define MIN_SCHEDULE_SIZE 11      /* 11 fields of one byte or more */
#define MIN_SCHEDULE_FIRE_SIZE 6
#define MIN_QUEUE_MESSAGE_SIZE 3  /* uint, string, uint */

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

/* Decoding helpers. Each one reads one schema element and either fills its
 * out parameter (transfer full) or sets @error. */

static JsonNode *
uint_node (guint64 value)
{
  JsonNode *node;

  if (value <= G_MAXINT64)
    {
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_int (node, (gint64)value);
    }
  else
    {
      /* JSON integers are signed 64-bit here: use the JSON-compat BigInt form. */
      JsonArray *array = json_array_new ();
      char digits[32];

      g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, value);
      json_array_add_string_element (array, "$BigInt");
      json_array_add_string_element (array, digits);
      node = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (node, array);
    }

  return node;
}

static JsonNode *
null_node (void)
{
  return json_node_new (JSON_NODE_NULL);
}

static JsonNode *
cbor_to_node (const guint8  *data,
              gsize          length,
              const char    *what,
              GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *node;

  /* RivetKit decodes empty bytes as undefined rather than failing. */
  if (length == 0)
    return null_node ();

  if (!(node = rk_cbor_decode (data, length, &local_error)))
    {
      if (local_error == NULL)
        g_set_error (error, RK_ERROR, RK_ERROR_PROTOCOL, "Invalid CBOR in %s", what);
      else
        g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                    "Invalid CBOR in %s: ", what);
      return NULL;
    }

  return node;
}

static gboolean
read_cbor (RkBareReader  *reader,
           const char    *what,
           JsonNode     **out,
           GError       **error)
{
  const guint8 *data = NULL;
  gsize length = 0;

  if (!rk_bare_read_data (reader, &data, &length, error))
    return FALSE;

  return (*out = cbor_to_node (data, length, what, error)) != NULL;
}

/* Leaves *out NULL when the optional is absent. */
static gboolean
read_optional_cbor (RkBareReader  *reader,
                    const char    *what,
                    JsonNode     **out,
                    GError       **error)
{
  gboolean present = FALSE;

  if (!rk_bare_read_optional (reader, &present, error))
    return FALSE;

  return !present || read_cbor (reader, what, out, error);
}

static gboolean
read_bytes (RkBareReader  *reader,
            GBytes       **out,
            GError       **error)
{
  const guint8 *data = NULL;
  gsize length = 0;

  if (!rk_bare_read_data (reader, &data, &length, error))
    return FALSE;

  *out = g_bytes_new (length > 0 ? data : NULL, length);
  return TRUE;
}

static gboolean
read_optional_bytes (RkBareReader  *reader,
                     GBytes       **out,
                     GError       **error)
{
  gboolean present = FALSE;

  if (!rk_bare_read_optional (reader, &present, error))
    return FALSE;

  return !present || read_bytes (reader, out, error);
}

static gboolean
read_uint_member (RkBareReader  *reader,
                  JsonObject    *object,
                  const char    *member,
                  GError       **error)
{
  guint64 value;

  if (!rk_bare_read_uint (reader, &value, error))
    return FALSE;

  json_object_set_member (object, member, uint_node (value));
  return TRUE;
}

static gboolean
read_optional_uint_member (RkBareReader  *reader,
                           JsonObject    *object,
                           const char    *member,
                           GError       **error)
{
  gboolean present = FALSE;

  if (!rk_bare_read_optional (reader, &present, error))
    return FALSE;

  if (!present)
    {
      json_object_set_null_member (object, member);
      return TRUE;
    }

  return read_uint_member (reader, object, member, error);
}

static gboolean
read_string_member (RkBareReader  *reader,
                    JsonObject    *object,
                    const char    *member,
                    GError       **error)
{
  g_autofree char *value = NULL;

  if (!rk_bare_read_string (reader, &value, error))
    return FALSE;

  json_object_set_string_member (object, member, value);
  return TRUE;
}

static gboolean
read_optional_string_member (RkBareReader  *reader,
                             JsonObject    *object,
                             const char    *member,
                             GError       **error)
{
  gboolean present = FALSE;

  if (!rk_bare_read_optional (reader, &present, error))
    return FALSE;

  if (!present)
    {
      json_object_set_null_member (object, member);
      return TRUE;
    }

  return read_string_member (reader, object, member, error);
}

static gboolean
read_bool_member (RkBareReader  *reader,
                  JsonObject    *object,
                  const char    *member,
                  GError       **error)
{
  gboolean value;

  if (!rk_bare_read_bool (reader, &value, error))
    return FALSE;

  json_object_set_boolean_member (object, member, value);
  return TRUE;
}

static gboolean
read_cbor_member (RkBareReader  *reader,
                  JsonObject    *object,
                  const char    *member,
                  GError       **error)
{
  JsonNode *node = NULL;

  if (!read_cbor (reader, member, &node, error))
    return FALSE;

  json_object_set_member (object, member, node);
  return TRUE;
}

static gboolean
read_optional_cbor_member (RkBareReader  *reader,
                           JsonObject    *object,
                           const char    *member,
                           GError       **error)
{
  JsonNode *node = NULL;

  if (!read_optional_cbor (reader, member, &node, error))
    return FALSE;

  json_object_set_member (object, member, node != NULL ? node : null_node ());
  return TRUE;
}

static JsonNode *
object_node (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

static JsonNode *
array_node (JsonArray *array)
{
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_node_take_array (node, array);
  return node;
}

typedef gboolean (*ReadItemFunc) (RkBareReader  *reader,
                                  JsonObject    *item,
                                  GError       **error);

/* Reads a list<T> of structs into a JSON array of objects. */
static gboolean
read_object_list (RkBareReader  *reader,
                  gsize          min_item_size,
                  ReadItemFunc   read_item,
                  JsonNode     **out,
                  GError       **error)
{
  g_autoptr(JsonArray) array = NULL;
  gsize count;

  if (!rk_bare_read_list_length (reader, min_item_size, &count, error))
    return FALSE;

  array = json_array_sized_new ((guint)count);
  for (gsize i = 0; i < count; i++)
    {
      g_autoptr(JsonObject) item = json_object_new ();

      if (!read_item (reader, item, error))
        {
          g_prefix_error (error, "item %" G_GSIZE_FORMAT ": ", i);
          return FALSE;
        }

      json_array_add_object_element (array, g_steal_pointer (&item));
    }

  *out = array_node (g_steal_pointer (&array));
  return TRUE;
}

/* Connection { id: str, details: data (CBOR map) }, flattened into one object:
 * {id, type, params, stateEnabled, state, subscriptions, isHibernatable}. */
static gboolean
read_connection (RkBareReader  *reader,
                 JsonObject    *item,
                 GError       **error)
{
  g_autoptr(JsonNode) details = NULL;
  JsonObject *details_object;
  g_autoptr(GList) members = NULL;

  if (!read_string_member (reader, item, "id", error))
    return FALSE;

  if (!read_cbor (reader, "connection details", &details, error))
    return FALSE;

  if (!JSON_NODE_HOLDS_OBJECT (details))
    {
      g_set_error (error, RK_ERROR, RK_ERROR_PROTOCOL,
                   "Connection details are not a CBOR map");
      return FALSE;
    }

  details_object = json_node_get_object (details);
  members = json_object_get_members (details_object);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;

      /* The connection's own id wins over a member of the same name. */
      if (g_str_equal (name, "id"))
        continue;

      json_object_set_member (item, name,
                              json_node_copy (json_object_get_member (details_object, name)));
    }

  return TRUE;
}

static gboolean
read_connections (RkBareReader  *reader,
                  JsonNode     **out,
                  GError       **error)
{
  if (!read_object_list (reader, MIN_CONNECTION_SIZE, read_connection, out, error))
    {
      g_prefix_error (error, "connections: ");
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_string_list (RkBareReader   *reader,
                  char         ***out,
                  GError        **error)
{
  g_autoptr(GPtrArray) strings = NULL;
  gsize count;

  if (!rk_bare_read_list_length (reader, MIN_STRING_SIZE, &count, error))
    return FALSE;

  strings = g_ptr_array_new_full ((guint)count + 1, g_free);
  for (gsize i = 0; i < count; i++)
    {
      char *string = NULL;

      if (!rk_bare_read_string (reader, &string, error))
        return FALSE;
      g_ptr_array_add (strings, string);
    }
  g_ptr_array_add (strings, NULL);

  *out = (char **)g_ptr_array_free (g_steal_pointer (&strings), FALSE);
  return TRUE;
}

/* TabConfigEntry { id: str, label: optional<str>, icon: optional<str>, hidden: bool } */
static gboolean
read_tab_config_entry (RkBareReader  *reader,
                       JsonObject    *item,
                       GError       **error)
{
  return read_string_member (reader, item, "id", error) &&
         read_optional_string_member (reader, item, "label", error) &&
         read_optional_string_member (reader, item, "icon", error) &&
         read_bool_member (reader, item, "hidden", error);
}

/* Schedule { id: str, name: optional<str>, kind: str, action: str, args: data,
 * nextRunAt: uint, lastRunAt: optional<uint>, expression: optional<str>,
 * timezone: optional<str>, intervalMs: optional<uint>, maxHistory: optional<uint> } */
static gboolean
read_schedule (RkBareReader  *reader,
               JsonObject    *item,
               GError       **error)
{
  return read_string_member (reader, item, "id", error) &&
         read_optional_string_member (reader, item, "name", error) &&
         read_string_member (reader, item, "kind", error) &&
         read_string_member (reader, item, "action", error) &&
         read_cbor_member (reader, item, "args", error) &&
         read_uint_member (reader, item, "nextRunAt", error) &&
         read_optional_uint_member (reader, item, "lastRunAt", error) &&
         read_optional_string_member (reader, item, "expression", error) &&
         read_optional_string_member (reader, item, "timezone", error) &&
         read_optional_uint_member (reader, item, "intervalMs", error) &&
         read_optional_uint_member (reader, item, "maxHistory", error);
}

static gboolean
read_schedules (RkBareReader  *reader,
                JsonNode     **out,
                GError       **error)
{
  if (!read_object_list (reader, MIN_SCHEDULE_SIZE, read_schedule, out, error))
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
  return read_string_member (reader, item, "group", error) &&
         read_string_member (reader, item, "code", error) &&
         read_string_member (reader, item, "message", error) &&
         read_optional_cbor_member (reader, item, "metadata", error);
}

/* ScheduleFire { action: str, scheduledAt: uint, firedAt: uint,
 * finishedAt: optional<uint>, result: str, error: optional<ScheduleError> } */
static gboolean
read_schedule_fire (RkBareReader  *reader,
                    JsonObject    *item,
                    GError       **error)
{
  gboolean has_error = FALSE;

  if (!read_string_member (reader, item, "action", error) ||
      !read_uint_member (reader, item, "scheduledAt", error) ||
      !read_uint_member (reader, item, "firedAt", error) ||
      !read_optional_uint_member (reader, item, "finishedAt", error) ||
      !read_string_member (reader, item, "result", error) ||
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
  return read_uint_member (reader, item, "id", error) &&
         read_string_member (reader, item, "name", error) &&
         read_uint_member (reader, item, "createdAtMs", error);
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

  if (!read_uint_member (reader, status, "size", error) ||
      !read_uint_member (reader, status, "maxSize", error))
    return FALSE;

  if (!read_object_list (reader, MIN_QUEUE_MESSAGE_SIZE, read_queue_message, &messages, error))
    {
      g_prefix_error (error, "queue messages: ");
      return FALSE;
    }
  json_object_set_member (status, "messages", messages);

  if (!read_bool_member (reader, status, "truncated", error))
    return FALSE;

  *out = object_node (g_steal_pointer (&status));
  return TRUE;
}

static gboolean
read_init (RkBareReader        *reader,
           RkInspectorMessage  *message,
           GError             **error)
{
  if (!read_connections (reader, &message->connections, error) ||
      !read_optional_cbor (reader, "state", &message->state, error) ||
      !rk_bare_read_bool (reader, &message->is_state_enabled, error) ||
      !read_string_list (reader, &message->rpcs, error) ||
      !rk_bare_read_bool (reader, &message->is_database_enabled, error) ||
      !rk_bare_read_uint (reader, &message->queue_size, error) ||
      !read_optional_bytes (reader, &message->workflow_history, error) ||
      !rk_bare_read_bool (reader, &message->is_workflow_enabled, error))
    return FALSE;

  /* Like the official client's upgrade converters, older versions get
   * empty lists rather than NULL. */
  if (message->version >= 5)
    {
      if (!read_object_list (reader, MIN_TAB_CONFIG_SIZE, read_tab_config_entry,
                             &message->tab_config, error))
        {
          g_prefix_error (error, "tab config: ");
          return FALSE;
        }
    }
  else
    {
      message->tab_config = array_node (json_array_new ());
    }

  if (message->version >= 6)
    return read_schedules (reader, &message->schedules, error);

  message->schedules = array_node (json_array_new ());
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
      return read_optional_cbor (reader, "state", &message->state, error) &&
             rk_bare_read_bool (reader, &message->is_state_enabled, error);

    case RK_INSPECTOR_MESSAGE_CONNECTIONS_RESPONSE:
    case RK_INSPECTOR_MESSAGE_CONNECTIONS_UPDATED:
      return read_connections (reader, &message->connections, error);

    case RK_INSPECTOR_MESSAGE_ACTION_RESPONSE:
      return read_cbor (reader, "action output", &message->output, error);

    case RK_INSPECTOR_MESSAGE_QUEUE_UPDATED:
      return rk_bare_read_uint (reader, &message->queue_size, error);

    case RK_INSPECTOR_MESSAGE_STATE_UPDATED:
      return read_cbor (reader, "state", &message->state, error);

    case RK_INSPECTOR_MESSAGE_WORKFLOW_HISTORY_UPDATED:
      return read_bytes (reader, &message->workflow_history, error);

    case RK_INSPECTOR_MESSAGE_SCHEDULES_UPDATED:
    case RK_INSPECTOR_MESSAGE_SCHEDULES_RESPONSE:
      return read_schedules (reader, &message->schedules, error);

    case RK_INSPECTOR_MESSAGE_RPCS_LIST_RESPONSE:
      return read_string_list (reader, &message->rpcs, error);

    case RK_INSPECTOR_MESSAGE_TRACE_QUERY_RESPONSE:
      return read_bytes (reader, &message->trace_payload, error);

    case RK_INSPECTOR_MESSAGE_QUEUE_RESPONSE:
      return read_queue_status (reader, &message->queue_status, error);

    case RK_INSPECTOR_MESSAGE_WORKFLOW_HISTORY_RESPONSE:
    case RK_INSPECTOR_MESSAGE_WORKFLOW_REPLAY_RESPONSE:
      return read_optional_bytes (reader, &message->workflow_history, error) &&
             rk_bare_read_bool (reader, &message->is_workflow_enabled, error);

    case RK_INSPECTOR_MESSAGE_SCHEDULE_HISTORY_RESPONSE:
      if (!rk_bare_read_string (reader, &message->schedule_id, error))
        return FALSE;
      if (!read_object_list (reader, MIN_SCHEDULE_FIRE_SIZE, read_schedule_fire,
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
      return read_cbor (reader, "database schema", &message->database_result, error);

    case RK_INSPECTOR_MESSAGE_DATABASE_TABLE_ROWS_RESPONSE:
      return read_cbor (reader, "table rows", &message->database_result, error);

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
