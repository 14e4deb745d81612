/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-client-lifecycle.c: creating, destroying and waking actors, and reading
 * their inspector token (the manager API) */

#define G_LOG_DOMAIN "rk-client"

#include "config.h"

#include "rk-actor.h"
#include "rk-cbor.h"
#include "rk-client-private.h"
#include "rk-compat.h"
#include "rk-error.h"
#include "rk-json-private.h"
#include "rk-key.h"
#include "rk-server-info.h"

/* Creation */

static char *
build_create_body (const char          *name,
                   const char * const  *key,
                   JsonNode            *input,
                   GError             **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "key");
  if (key != NULL)
    {
      g_autofree char *serialized = rk_key_serialize (key);
      json_builder_add_string_value (builder, serialized);
    }
  else
    json_builder_add_null_value (builder);
  /* Both required by the manager, even though they look optional. */
  json_builder_set_member_name (builder, "runner_name_selector");
  json_builder_add_string_value (builder, "default");
  json_builder_set_member_name (builder, "crash_policy");
  json_builder_add_string_value (builder, "sleep");

  if (input != NULL)
    {
      g_autoptr(GBytes) cbor = NULL;
      g_autofree char *encoded = NULL;

      /* `input` is base64 of CBOR, not JSON. */
      if (!(cbor = rk_cbor_encode (input, error)))
        {
          g_prefix_error (error, "The actor input cannot be encoded: ");
          return NULL;
        }
      encoded = g_base64_encode (g_bytes_get_data (cbor, NULL), g_bytes_get_size (cbor));
      json_builder_set_member_name (builder, "input");
      json_builder_add_string_value (builder, encoded);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return _rk_json_to_string (root);
}

static void
create_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  RkClient *self = (RkClient *)object;
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *reply;
  RkActor *actor;

  if (!(node = _rk_client_send_json_finish (self, result, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!JSON_NODE_HOLDS_OBJECT (node) || !json_object_has_member (json_node_get_object (node), "actor"))
    {
      g_task_return_new_error (task, RK_ERROR, RK_ERROR_INVALID_REPLY,
                               "The server's reply for the new actor lacks “actor”");
      return;
    }

  reply = json_node_get_object (node);
  if (!(actor = rk_actor_new_from_json (json_object_get_member (reply, "actor"), &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  *(gboolean *)g_task_get_task_data (task) = _rk_json_get_bool (reply, "created", TRUE);
  g_task_return_pointer (task, actor, g_object_unref);
}

static void
create_start (RkClient            *self,
              gpointer             source_tag,
              const char          *method,
              const char          *name,
              const char * const  *key,
              JsonNode            *input,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  GTask *task;
  RkRequest *request;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, g_new0 (gboolean, 1), g_free);

  if (!(body = build_create_body (name, key, input, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  request = _rk_client_manager_request (self, method, "/actors", NULL);
  _rk_request_set_idempotent (request, g_str_equal (method, "PUT"));
  _rk_request_set_json_body (request, g_steal_pointer (&body));
  _rk_request_set_what (request, "the new actor");
  _rk_client_send_async (self, request, cancellable, create_cb, task);
}

/**
 * rk_client_get_or_create_actor_async:
 * @self: a #RkClient
 * @name: the actor type
 * @key: (array zero-terminated=1): the key parts
 * @input: (nullable): the input in JSON-compat form, used only on creation
 * @cancellable: (nullable): a #GCancellable
 * @callback: callback
 * @user_data: data for @callback
 *
 * `PUT /actors`. The server starts the actor it creates.
 */
void
rk_client_get_or_create_actor_async (RkClient            *self,
                                     const char          *name,
                                     const char * const  *key,
                                     JsonNode            *input,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (RK_IS_CLIENT (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (key != NULL);

  create_start (self, rk_client_get_or_create_actor_async, "PUT", name, key, input,
                cancellable, callback, user_data);
}

/**
 * rk_client_get_or_create_actor_finish:
 * @self: a #RkClient
 * @result: the result
 * @created: (out) (optional): whether the actor is new
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the actor, or %NULL
 */
RkActor *
rk_client_get_or_create_actor_finish (RkClient      *self,
                                      GAsyncResult  *result,
                                      gboolean      *created,
                                      GError       **error)
{
  RkActor *actor;

  g_return_val_if_fail (RK_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  actor = g_task_propagate_pointer (G_TASK (result), error);
  if (created != NULL)
    *created = actor != NULL && *(gboolean *)g_task_get_task_data (G_TASK (result));

  return actor;
}

/**
 * rk_client_create_actor_async:
 * @self: a #RkClient
 * @name: the actor type
 * @key: (nullable) (array zero-terminated=1): the key parts; %NULL lets
 *   the server choose (2.2 a UUID, 2.3 no key)
 * @input: (nullable): the input in JSON-compat form
 * @cancellable: (nullable): a #GCancellable
 * @callback: callback
 * @user_data: data for @callback
 *
 * `POST /actors`; fails with `actor.duplicate_key` when the key is taken.
 */
void
rk_client_create_actor_async (RkClient            *self,
                              const char          *name,
                              const char * const  *key,
                              JsonNode            *input,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (RK_IS_CLIENT (self));
  g_return_if_fail (name != NULL);

  create_start (self, rk_client_create_actor_async, "POST", name, key, input,
                cancellable, callback, user_data);
}

/**
 * rk_client_create_actor_finish:
 * @self: a #RkClient
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the new actor, or %NULL
 */
RkActor *
rk_client_create_actor_finish (RkClient      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (RK_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Destroy, wake, inspector token */

static void
boolean_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  RkClient *self = (RkClient *)object;
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  if (!(body = _rk_client_send_finish (self, result, NULL, NULL, &error)))
    {
      /* 2.2 has no DELETE route and answers the generic 404. */
      if (g_task_get_source_tag (task) == rk_client_destroy_actor_async &&
          rk_error_get_http_status (error) == 404 && rk_error_get_group (error) == NULL)
        {
          g_task_return_new_error (task, RK_ERROR, RK_ERROR_NOT_SUPPORTED,
                                   "This server cannot destroy actors from outside: "
                                   "only the actor’s own code can (c.destroy ())");
          return;
        }

      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * rk_client_destroy_actor_async:
 * @self: a #RkClient
 * @actor_id: the actor
 * @cancellable: (nullable): a #GCancellable
 * @callback: callback
 * @user_data: data for @callback
 *
 * `DELETE /actors/{id}`, which only the Rivet Engine (2.3) has; other
 * servers fail with %RK_ERROR_NOT_SUPPORTED.
 */
void
rk_client_destroy_actor_async (RkClient            *self,
                               const char          *actor_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  RkServerInfo *info;
  GTask *task;

  g_return_if_fail (RK_IS_CLIENT (self));
  g_return_if_fail (actor_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rk_client_destroy_actor_async);

  info = rk_client_get_server_info (self);
  if (info != NULL && rk_server_info_get_flavour (info) == RK_SERVER_FLAVOUR_RIVETKIT)
    {
      g_task_return_new_error (task, RK_ERROR, RK_ERROR_NOT_SUPPORTED,
                               "RivetKit %s cannot destroy actors from outside: "
                               "only the actor’s own code can (c.destroy ())",
                               rk_server_info_get_version (info));
      g_object_unref (task);
      return;
    }

  escaped = g_uri_escape_string (actor_id, NULL, FALSE);
  path = g_strconcat ("/actors/", escaped, NULL);
  _rk_client_send_async (self, _rk_client_manager_request (self, "DELETE", path, NULL),
                         cancellable, boolean_cb, task);
}

gboolean
rk_client_destroy_actor_finish (RkClient      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (RK_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * rk_client_wake_actor_async:
 * @self: a #RkClient
 * @actor_id: the actor
 * @cancellable: (nullable): a #GCancellable
 * @callback: callback
 * @user_data: data for @callback
 *
 * Wakes a sleeping actor with `GET /gateway/{id}/health`.
 */
void
rk_client_wake_actor_async (RkClient            *self,
                            const char          *actor_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (RK_IS_CLIENT (self));
  g_return_if_fail (actor_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rk_client_wake_actor_async);
  _rk_client_send_async (self, _rk_client_gateway_request (self, "GET", actor_id, "/health"),
                         cancellable, boolean_cb, task);
}

gboolean
rk_client_wake_actor_finish (RkClient      *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (RK_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
token_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  RkClient *self = (RkClient *)object;
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree guchar *decoded = NULL;
  JsonNode *member;
  const char *value;
  gsize len = 0;

  if (!(node = _rk_client_send_json_finish (self, result, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_task_return_new_error (task, RK_ERROR, RK_ERROR_INVALID_REPLY,
                               "The server's reply for the inspector token is not a JSON object");
      return;
    }

  /* 2.2 answers {"value": null} for a key that is not there */
  member = json_object_get_member (json_node_get_object (node), "value");
  if (member == NULL || JSON_NODE_HOLDS_NULL (member))
    {
      g_task_return_new_error (task, RK_ERROR, RK_ERROR_NOT_SUPPORTED,
                               "The actor has no inspector token yet (has it ever started?)");
      return;
    }

  if (!(value = _rk_json_get_string (json_node_get_object (node), "value")))
    {
      g_task_return_new_error (task, RK_ERROR, RK_ERROR_INVALID_REPLY,
                               "The server's reply for the inspector token has a “value” "
                               "that is not a string");
      return;
    }

  decoded = g_base64_decode (value, &len);
  if (len == 0 || !g_utf8_validate ((const char *)decoded, len, NULL))
    {
      g_task_return_new_error (task, RK_ERROR, RK_ERROR_INVALID_REPLY,
                               "The actor’s inspector token is not valid base64 text");
      return;
    }

  g_task_return_pointer (task, g_strndup ((const char *)decoded, len), g_free);
}

/**
 * rk_client_get_inspector_token_async:
 * @self: a #RkClient
 * @actor_id: the actor
 * @cancellable: (nullable): a #GCancellable
 * @callback: callback
 * @user_data: data for @callback
 *
 * Reads the actor's inspector token from its KV key `0x03`, which both 2.2
 * and 2.3 accept as a Bearer token for the inspector.
 */
void
rk_client_get_inspector_token_async (RkClient            *self,
                                     const char          *actor_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  GTask *task;
  RkRequest *request;

  g_return_if_fail (RK_IS_CLIENT (self));
  g_return_if_fail (actor_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rk_client_get_inspector_token_async);

  escaped = g_uri_escape_string (actor_id, NULL, FALSE);
  /* base64 of the single byte 0x03, percent-encoded */
  path = g_strconcat ("/actors/", escaped, "/kv/keys/Aw%3D%3D", NULL);
  request = _rk_client_manager_request (self, "GET", path, NULL);
  _rk_request_set_what (request, "the inspector token");
  _rk_client_send_async (self, request, cancellable, token_cb, task);
}

/**
 * rk_client_get_inspector_token_finish:
 * @self: a #RkClient
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the token; never log it
 */
char *
rk_client_get_inspector_token_finish (RkClient      *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (RK_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
