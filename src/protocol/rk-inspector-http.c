/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-inspector-http.c: the inspector's JSON endpoints (`/gateway/{id}/inspector/…`) */

#define G_LOG_DOMAIN "rk-inspector"

#include "config.h"

#include <string.h>

#include "rk-client-private.h"
#include "rk-compat.h"
#include "rk-error.h"
#include "rk-inspector-patch-private.h"
#include "rk-inspector-private.h"
#include "rk-json-private.h"

typedef enum
{
  TRANSFORM_NONE,
  TRANSFORM_HIDE_INTERNAL_TABLES,
  TRANSFORM_METRICS,
} Transform;

typedef struct
{
  char *method;
  char *path;
  GPtrArray *query;
  JsonNode *body;
  Transform transform;
  guint retried_token : 1;
} InspectorCall;

static void
inspector_call_free (InspectorCall *call)
{
  g_free (call->method);
  g_free (call->path);
  g_clear_pointer (&call->query, g_ptr_array_unref);
  g_clear_pointer (&call->body, json_node_unref);
  g_free (call);
}

static void send_call (GTask *task);

/* 2.3 keeps its own SQLite tables next to the user's: hide them. */
static void
hide_internal_tables (JsonNode *reply)
{
  JsonObject *schema;
  JsonArray *tables;

  if (!JSON_NODE_HOLDS_OBJECT (reply) ||
      !(schema = _rk_json_get_object (json_node_get_object (reply), "schema")) ||
      !(tables = _rk_json_get_array (schema, "tables")))
    return;

  for (guint i = json_array_get_length (tables); i > 0; i--)
    {
      JsonNode *entry = json_array_get_element (tables, i - 1);
      JsonObject *table;
      const char *name;

      if (!JSON_NODE_HOLDS_OBJECT (entry))
        continue;

      table = _rk_json_get_object (json_node_get_object (entry), "table");
      name = _rk_json_get_string (table, "name");
      if (name != NULL && (g_str_has_prefix (name, "_rivet_") || g_str_has_prefix (name, "sqlite_")))
        json_array_remove_element (tables, i - 1);
    }
}

static void
call_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  RkClient *client = (RkClient *)object;
  g_autoptr(GTask) task = user_data;
  RkInspector *self = g_task_get_source_object (task);
  InspectorCall *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) reply = NULL;
  JsonNode *compat;

  if (!(body = _rk_client_send_finish (client, result, NULL, NULL, &error)))
    {
      /* A stale token (the actor was re-created): read it once more. */
      if (rk_error_get_http_status (error) == 401 && !call->retried_token)
        {
          call->retried_token = TRUE;
          g_clear_pointer (&self->token, g_free);
          send_call (g_steal_pointer (&task));
          return;
        }

      if (call->transform == TRANSFORM_METRICS && rk_error_get_http_status (error) == 404)
        {
          g_task_return_new_error (task, RK_ERROR, RK_ERROR_NOT_SUPPORTED,
                                   "This server has no inspector metrics");
          return;
        }

      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!(reply = _rk_json_parse_bytes (body, "the inspector", &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (call->transform == TRANSFORM_HIDE_INTERNAL_TABLES)
    hide_internal_tables (reply);

  /* The inspector HTTP API is plain JSON: put it in the library's form. */
  compat = rk_compat_from_plain (reply);
  g_task_return_pointer (task, compat, (GDestroyNotify)json_node_unref);
}

static void
send_with_token (GTask *task)
{
  RkInspector *self = g_task_get_source_object (task);
  InspectorCall *call = g_task_get_task_data (task);
  g_autoptr(GString) path = g_string_new ("/inspector/");
  g_autofree char *bearer = NULL;
  RkRequest *request;

  g_string_append (path, call->path);
  for (guint i = 0; call->query != NULL && i + 1 < call->query->len; i += 2)
    {
      g_autofree char *value = g_uri_escape_string (g_ptr_array_index (call->query, i + 1),
                                                    NULL, FALSE);

      g_string_append_c (path, i == 0 ? '?' : '&');
      g_string_append (path, g_ptr_array_index (call->query, i));
      g_string_append_c (path, '=');
      g_string_append (path, value);
    }

  request = _rk_client_gateway_request (self->client, call->method, self->actor_id, path->str);
  bearer = g_strconcat ("Bearer ", self->token, NULL);
  _rk_request_set_header (request, "Authorization", bearer);
  if (call->body != NULL)
    _rk_request_set_json_body (request, _rk_json_to_string (call->body));
  _rk_request_set_what (request, "the inspector");
  _rk_client_send_async (self->client, request, g_task_get_cancellable (task), call_cb, task);
}

/* The token appears in the actor's KV once it has started: 2.3 creates
 * actors without starting them, so wake the actor and ask once more. */

static gboolean
token_missing (const GError *error)
{
  return rk_error_matches (error, "actor", "kv_key_not_found") ||
         g_error_matches (error, RK_ERROR, RK_ERROR_NOT_SUPPORTED);
}

static void
token_ready (GTask *task,
             char  *token)
{
  RkInspector *self = g_task_get_source_object (task);

  g_free (self->token);
  self->token = token;
  g_task_return_boolean (task, TRUE);
}

static void
token_second_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *token;

  if (!(token = rk_client_get_inspector_token_finish (RK_CLIENT (object), result, &error)))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    token_ready (task, token);
}

static void
token_woken_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RkInspector *self = g_task_get_source_object (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GError) error = NULL;

  if (!rk_client_wake_actor_finish (RK_CLIENT (object), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  rk_client_get_inspector_token_async (self->client, self->actor_id, cancellable,
                                       token_second_cb, g_steal_pointer (&task));
}

static void
token_first_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RkInspector *self = g_task_get_source_object (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GError) error = NULL;
  char *token;

  if ((token = rk_client_get_inspector_token_finish (RK_CLIENT (object), result, &error)))
    {
      token_ready (task, token);
      return;
    }

  if (!token_missing (error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_debug ("%s: no inspector token yet; waking the actor", self->actor_id);
  rk_client_wake_actor_async (self->client, self->actor_id, cancellable, token_woken_cb,
                              g_steal_pointer (&task));
}

/* Reads the actor's inspector token once and caches it in self->token. */
void
_rk_inspector_fetch_token_async (RkInspector         *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, _rk_inspector_fetch_token_async);

  if (self->token != NULL)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  rk_client_get_inspector_token_async (self->client, self->actor_id, cancellable,
                                       token_first_cb, task);
}

gboolean
_rk_inspector_fetch_token_finish (RkInspector   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_assert (g_task_is_valid (result, self));
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
token_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!_rk_inspector_fetch_token_finish (RK_INSPECTOR (object), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  send_with_token (g_steal_pointer (&task));
}

static void
send_call (GTask *task)
{
  RkInspector *self = g_task_get_source_object (task);

  _rk_inspector_fetch_token_async (self, g_task_get_cancellable (task), token_cb, task);
}

static void
start_call (RkInspector         *self,
            gpointer             source_tag,
            const char          *method,
            const char          *path,
            const char * const  *query,
            JsonNode            *body,
            Transform            transform,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  InspectorCall *call;
  GTask *task;

  call = g_new0 (InspectorCall, 1);
  call->method = g_strdup (method);
  call->path = g_strdup (path);
  call->body = body ? json_node_copy (body) : NULL;
  call->transform = transform;
  if (query != NULL)
    {
      call->query = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; query[i] != NULL && query[i + 1] != NULL; i += 2)
        {
          g_ptr_array_add (call->query, g_strdup (query[i]));
          g_ptr_array_add (call->query, g_strdup (query[i + 1]));
        }
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, call, (GDestroyNotify)inspector_call_free);

  send_call (task);
}

/**
 * rk_inspector_request_async:
 * @self: a #RkInspector
 * @method: HTTP method
 * @path: the path after `/inspector/`, e.g. "summary"
 * @query: (nullable) (array zero-terminated=1): name, value, name, value…
 * @body: (nullable): a plain JSON body
 * @cancellable: (nullable): a #GCancellable
 * @callback: callback
 * @user_data: data for @callback
 *
 * Calls an inspector endpoint with the actor's inspector token (read
 * once from its KV and cached). Finish with rk_inspector_request_finish (),
 * as for every typed call of this file.
 */
void
rk_inspector_request_async (RkInspector         *self,
                            const char          *method,
                            const char          *path,
                            const char * const  *query,
                            JsonNode            *body,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (RK_IS_INSPECTOR (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path != NULL);

  start_call (self, rk_inspector_request_async, method, path, query, body, TRANSFORM_NONE,
              cancellable, callback, user_data);
}

/**
 * rk_inspector_request_finish:
 * @self: a #RkInspector
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the reply in JSON-compat form, or %NULL
 */
JsonNode *
rk_inspector_request_finish (RkInspector   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (RK_IS_INSPECTOR (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * rk_inspector_get_summary_async:
 * @self: a #RkInspector
 * @cancellable: (nullable): a #GCancellable
 * @callback: callback
 * @user_data: data for @callback
 *
 * `GET /inspector/summary`: state, connections, rpcs, queue size and flags.
 */
void
rk_inspector_get_summary_async (RkInspector         *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (RK_IS_INSPECTOR (self));

  start_call (self, rk_inspector_get_summary_async, "GET", "summary", NULL, NULL, TRANSFORM_NONE,
              cancellable, callback, user_data);
}

/**
 * rk_inspector_get_metrics_async:
 * @self: a #RkInspector
 * @cancellable: (nullable): a #GCancellable
 * @callback: callback
 * @user_data: data for @callback
 *
 * `GET /inspector/metrics`; %RK_ERROR_NOT_SUPPORTED where absent (2.3).
 */
void
rk_inspector_get_metrics_async (RkInspector         *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (RK_IS_INSPECTOR (self));

  start_call (self, rk_inspector_get_metrics_async, "GET", "metrics", NULL, NULL,
              TRANSFORM_METRICS, cancellable, callback, user_data);
}

/**
 * rk_inspector_get_queue_async:
 * @self: a #RkInspector
 * @limit: how many messages to list
 * @cancellable: (nullable): a #GCancellable
 * @callback: callback
 * @user_data: data for @callback
 *
 * `GET /inspector/queue`: `{size, maxSize, truncated, messages}`.
 */
void
rk_inspector_get_queue_async (RkInspector         *self,
                              guint                limit,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autofree char *limit_text = g_strdup_printf ("%u", limit);
  const char *query[] = { "limit", limit_text, NULL };

  g_return_if_fail (RK_IS_INSPECTOR (self));

  start_call (self, rk_inspector_get_queue_async, "GET", "queue", query, NULL, TRANSFORM_NONE,
              cancellable, callback, user_data);
}

/**
 * rk_inspector_get_database_schema_async:
 * @self: a #RkInspector
 * @cancellable: (nullable): a #GCancellable
 * @callback: callback
 * @user_data: data for @callback
 *
 * `GET /inspector/database/schema`, without 2.3's internal `_rivet_*` tables.
 */
void
rk_inspector_get_database_schema_async (RkInspector         *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (RK_IS_INSPECTOR (self));

  start_call (self, rk_inspector_get_database_schema_async, "GET", "database/schema", NULL, NULL,
              TRANSFORM_HIDE_INTERNAL_TABLES, cancellable, callback, user_data);
}

/**
 * rk_inspector_get_database_rows_async:
 * @self: a #RkInspector
 * @table: the table
 * @limit: page size (the server caps it at 500)
 * @offset: first row
 * @cancellable: (nullable): a #GCancellable
 * @callback: callback
 * @user_data: data for @callback
 *
 * `GET /inspector/database/rows`: `{rows: […]}`.
 */
void
rk_inspector_get_database_rows_async (RkInspector         *self,
                                      const char          *table,
                                      guint                limit,
                                      guint                offset,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autofree char *limit_text = g_strdup_printf ("%u", limit);
  g_autofree char *offset_text = g_strdup_printf ("%u", offset);
  const char *query[] = { "table", table, "limit", limit_text, "offset", offset_text, NULL };

  g_return_if_fail (RK_IS_INSPECTOR (self));
  g_return_if_fail (table != NULL);

  start_call (self, rk_inspector_get_database_rows_async, "GET", "database/rows", query, NULL,
              TRANSFORM_NONE, cancellable, callback, user_data);
}

/**
 * rk_inspector_execute_sql_async:
 * @self: a #RkInspector
 * @sql: the statement
 * @args: (nullable): a plain JSON array of positional arguments, or an
 *   object of named ones
 * @cancellable: (nullable): a #GCancellable
 * @callback: callback
 * @user_data: data for @callback
 *
 * `POST /inspector/database/execute`: `{rows: […]}`.
 */
void
rk_inspector_execute_sql_async (RkInspector         *self,
                                const char          *sql,
                                JsonNode            *args,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;
  JsonObject *object;

  g_return_if_fail (RK_IS_INSPECTOR (self));
  g_return_if_fail (sql != NULL);

  object = json_object_new ();
  json_object_set_string_member (object, "sql", sql);
  if (args != NULL && JSON_NODE_HOLDS_ARRAY (args))
    json_object_set_member (object, "args", json_node_copy (args));
  else if (args != NULL && JSON_NODE_HOLDS_OBJECT (args))
    json_object_set_member (object, "properties", json_node_copy (args));
  body = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);

  start_call (self, rk_inspector_execute_sql_async, "POST", "database/execute", NULL, body,
              TRANSFORM_NONE, cancellable, callback, user_data);
}

/**
 * rk_inspector_get_workflow_history_async:
 * @self: a #RkInspector
 * @cancellable: (nullable): a #GCancellable
 * @callback: callback
 * @user_data: data for @callback
 *
 * `GET /inspector/workflow-history`.
 */
void
rk_inspector_get_workflow_history_async (RkInspector         *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (RK_IS_INSPECTOR (self));

  start_call (self, rk_inspector_get_workflow_history_async, "GET", "workflow-history", NULL,
              NULL, TRANSFORM_NONE, cancellable, callback, user_data);
}

/**
 * rk_inspector_patch_state_async:
 * @self: a #RkInspector
 * @state: the whole new state in JSON-compat form
 * @cancellable: (nullable): a #GCancellable
 * @callback: callback
 * @user_data: data for @callback
 *
 * Replaces the actor state. Over the live inspector socket this is a
 * `PatchStateRequest` in CBOR that keeps every type, finished when the actor
 * confirms it with a `StateUpdated`. Without the socket it is
 * `PATCH /inspector/state`, which takes plain JSON: BigInts and bytes are
 * converted (see rk_compat_to_plain () and rk_inspector_describe_patch_loss ()).
 * Finish with rk_inspector_request_finish ().
 */
void
rk_inspector_patch_state_async (RkInspector         *self,
                                JsonNode            *state,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) plain = NULL;
  g_autoptr(JsonNode) body = NULL;
  JsonObject *object;

  g_return_if_fail (RK_IS_INSPECTOR (self));
  g_return_if_fail (state != NULL);

  if (_rk_inspector_patches_over_socket (self))
    {
      GTask *task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, rk_inspector_patch_state_async);
      g_task_set_check_cancellable (task, TRUE);
      if (!_rk_inspector_patch_over_socket (self, state, task, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          g_object_unref (task);
        }
      return;
    }

  if (!(plain = rk_compat_to_plain (state, &error)))
    {
      GTask *task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, rk_inspector_patch_state_async);
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  object = json_object_new ();
  json_object_set_member (object, "state", g_steal_pointer (&plain));
  body = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);

  start_call (self, rk_inspector_patch_state_async, "PATCH", "state", NULL, body,
              TRANSFORM_NONE, cancellable, callback, user_data);
}

/**
 * rk_inspector_action_async:
 * @self: a #RkInspector
 * @action: the action name
 * @args: (nullable): a plain JSON array of arguments (the inspector does
 *   not decode JSON-compat tags)
 * @cancellable: (nullable): a #GCancellable
 * @callback: callback
 * @user_data: data for @callback
 *
 * `POST /inspector/action/{name}`: `{output}`.
 */
void
rk_inspector_action_async (RkInspector         *self,
                           const char          *action,
                           JsonNode            *args,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) body = NULL;
  JsonObject *object;

  g_return_if_fail (RK_IS_INSPECTOR (self));
  g_return_if_fail (action != NULL);

  object = json_object_new ();
  if (args != NULL && JSON_NODE_HOLDS_ARRAY (args))
    json_object_set_member (object, "args", json_node_copy (args));
  else
    json_object_set_array_member (object, "args", json_array_new ());
  body = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);

  escaped = g_uri_escape_string (action, NULL, FALSE);
  path = g_strconcat ("action/", escaped, NULL);
  start_call (self, rk_inspector_action_async, "POST", path, NULL, body, TRANSFORM_NONE,
              cancellable, callback, user_data);
}
