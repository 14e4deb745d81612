/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-client-actors.c: the actor directory of RkClient (the manager API) */

#define G_LOG_DOMAIN "rk-client"

#include "config.h"

#include "rk-actor-type.h"
#include "rk-actor.h"
#include "rk-cbor.h"
#include "rk-client-private.h"
#include "rk-compat.h"
#include "rk-error.h"
#include "rk-json-private.h"
#include "rk-key.h"
#include "rk-server-info.h"

/* A guard against servers that page forever, far above any real listing. */
#define MAX_PAGES 2000
#define MAX_IDS_PER_REQUEST 32

/* Paged listing: 2.3 pages with `pagination.cursor`; 2.2 answers in one go. */

typedef struct
{
  char *path;
  char *name;
  char *what;
  char *cursor;
  char *items_member;
  GPtrArray *items;
  GHashTable *seen_cursors;
  GHashTable *seen_items;
  guint pages;
} ListData;

static void
list_data_free (ListData *data)
{
  g_free (data->path);
  g_free (data->name);
  g_free (data->what);
  g_free (data->cursor);
  g_free (data->items_member);
  g_ptr_array_unref (data->items);
  g_hash_table_unref (data->seen_cursors);
  g_hash_table_unref (data->seen_items);
  g_free (data);
}

/* A confused server may send an item twice (a page repeated): keep the first. */
static void
add_item (ListData   *data,
          gpointer    item,
          const char *id)
{
  if (!g_hash_table_add (data->seen_items, g_strdup (id)))
    {
      g_object_unref (item);
      return;
    }

  g_ptr_array_add (data->items, item);
}

static void list_next_page (GTask *task);

static gboolean
read_actor_types (JsonObject *object,
                  ListData   *data,
                  GError    **error)
{
  JsonObject *names = _rk_json_get_object (object, "names");
  JsonObjectIter iter;
  const char *name;
  JsonNode *entry;

  if (names == NULL)
    {
      g_set_error_literal (error, RK_ERROR, RK_ERROR_INVALID_REPLY,
                           "The server's reply for the actor types lacks “names”");
      return FALSE;
    }

  json_object_iter_init (&iter, names);
  while (json_object_iter_next (&iter, &name, &entry))
    add_item (data, rk_actor_type_new_from_json (name, entry), name);

  return TRUE;
}

static gboolean
read_actors (JsonObject *object,
             ListData   *data,
             GError    **error)
{
  JsonArray *actors = _rk_json_get_array (object, "actors");

  if (actors == NULL)
    {
      g_set_error (error, RK_ERROR, RK_ERROR_INVALID_REPLY,
                   "The server's reply for %s lacks “actors”", data->what);
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (actors); i++)
    {
      RkActor *actor;

      if (!(actor = rk_actor_new_from_json (json_array_get_element (actors, i), error)))
        return FALSE;
      add_item (data, actor, rk_actor_get_id (actor));
    }

  return TRUE;
}

static void
list_page_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  RkClient *self = (RkClient *)object;
  g_autoptr(GTask) task = user_data;
  ListData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object_reply;
  JsonObject *pagination;
  const char *cursor;
  guint before = data->items->len;
  gboolean ok;

  if (!(node = _rk_client_send_json_finish (self, result, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_task_return_new_error (task, RK_ERROR, RK_ERROR_INVALID_REPLY,
                               "The server's reply for %s is not a JSON object", data->what);
      return;
    }

  object_reply = json_node_get_object (node);
  if (g_str_equal (data->items_member, "names"))
    ok = read_actor_types (object_reply, data, &error);
  else
    ok = read_actors (object_reply, data, &error);

  if (!ok)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data->pages++;
  pagination = _rk_json_get_object (object_reply, "pagination");
  cursor = _rk_json_get_string (pagination, "cursor");

  /* Stop on the last page, on a page that adds nothing new, and on a cursor
   * seen before, so a confused server cannot loop us forever. */
  if (cursor == NULL || cursor[0] == '\0' || data->items->len == before ||
      g_hash_table_contains (data->seen_cursors, cursor))
    {
      g_task_return_pointer (task, g_ptr_array_ref (data->items), (GDestroyNotify)g_ptr_array_unref);
      return;
    }

  /* Pages that never end: a part of a list is not the list */
  if (data->pages >= MAX_PAGES)
    {
      g_task_return_new_error (task, RK_ERROR, RK_ERROR_PROTOCOL,
                               "The server kept sending pages of %s: gave up after %u pages "
                               "(%u items)", data->what, data->pages, data->items->len);
      return;
    }

  g_hash_table_add (data->seen_cursors, g_strdup (cursor));
  g_free (data->cursor);
  data->cursor = g_strdup (cursor);
  list_next_page (g_steal_pointer (&task));
}

static void
list_next_page (GTask *task)
{
  RkClient *self = g_task_get_source_object (task);
  ListData *data = g_task_get_task_data (task);
  RkRequest *request;

  request = _rk_client_manager_request (self, "GET", data->path,
                                        "name", data->name,
                                        "cursor", data->cursor,
                                        NULL);
  _rk_request_set_what (request, data->what);
  _rk_client_send_async (self, request, g_task_get_cancellable (task), list_page_cb, task);
}

static void
list_start (RkClient            *self,
            gpointer             source_tag,
            const char          *path,
            const char          *name,
            const char          *items_member,
            char                *what,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  GTask *task;
  ListData *data;

  data = g_new0 (ListData, 1);
  data->path = g_strdup (path);
  data->name = g_strdup (name);
  data->what = what;
  data->items_member = g_strdup (items_member);
  data->items = g_ptr_array_new_with_free_func (g_object_unref);
  data->seen_cursors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  data->seen_items = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify)list_data_free);

  list_next_page (task);
}

static int
compare_types (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (rk_actor_type_get_name (*(RkActorType **)a),
                    rk_actor_type_get_name (*(RkActorType **)b));
}

/**
 * rk_client_list_actor_types_async:
 * @self: a #RkClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: callback
 * @user_data: data for @callback
 *
 * `GET /actors/names`, following 2.3's pages.
 */
void
rk_client_list_actor_types_async (RkClient            *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (RK_IS_CLIENT (self));

  list_start (self, rk_client_list_actor_types_async, "/actors/names", NULL, "names",
              g_strdup ("the actor types"), cancellable, callback, user_data);
}

/**
 * rk_client_list_actor_types_finish:
 * @self: a #RkClient
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type RkActorType): the types, by name
 */
GPtrArray *
rk_client_list_actor_types_finish (RkClient      *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  GPtrArray *types;

  g_return_val_if_fail (RK_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if ((types = g_task_propagate_pointer (G_TASK (result), error)))
    g_ptr_array_sort (types, compare_types);

  return types;
}

/**
 * rk_client_list_actors_async:
 * @self: a #RkClient
 * @name: an actor type
 * @cancellable: (nullable): a #GCancellable
 * @callback: callback
 * @user_data: data for @callback
 *
 * Lists the actors of type @name (`GET /actors?name=`), following pages.
 * Listing never wakes an actor.
 */
void
rk_client_list_actors_async (RkClient            *self,
                             const char          *name,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (RK_IS_CLIENT (self));
  g_return_if_fail (name != NULL);

  list_start (self, rk_client_list_actors_async, "/actors", name, "actors",
              g_strdup_printf ("the “%s” actors", name), cancellable, callback, user_data);
}

/**
 * rk_client_list_actors_finish:
 * @self: a #RkClient
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type RkActor): the actors
 */
GPtrArray *
rk_client_list_actors_finish (RkClient      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (RK_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Look-ups */

static GPtrArray *
parse_actor_array (JsonNode    *node,
                   const char  *what,
                   GError     **error)
{
  g_autoptr(GPtrArray) actors = g_ptr_array_new_with_free_func (g_object_unref);
  JsonArray *array;

  if (!JSON_NODE_HOLDS_OBJECT (node) ||
      !(array = _rk_json_get_array (json_node_get_object (node), "actors")))
    {
      g_set_error (error, RK_ERROR, RK_ERROR_INVALID_REPLY,
                   "The server's reply for %s lacks “actors”", what);
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      RkActor *actor;

      if (!(actor = rk_actor_new_from_json (json_array_get_element (array, i), error)))
        return NULL;
      g_ptr_array_add (actors, actor);
    }

  return g_steal_pointer (&actors);
}

static void
get_actor_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  RkClient *self = (RkClient *)object;
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) actors = NULL;

  if (!(node = _rk_client_send_json_finish (self, result, &error)) ||
      !(actors = parse_actor_array (node, "the actor look-up", &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (actors->len == 0)
    g_task_return_pointer (task, NULL, NULL);
  else
    g_task_return_pointer (task, g_object_ref (g_ptr_array_index (actors, 0)), g_object_unref);
}

/**
 * rk_client_get_actor_async:
 * @self: a #RkClient
 * @name: the actor type
 * @key: (array zero-terminated=1): the key parts (an empty array is the empty key)
 * @cancellable: (nullable): a #GCancellable
 * @callback: callback
 * @user_data: data for @callback
 *
 * Looks up one actor by name and key, without creating or waking it.
 */
void
rk_client_get_actor_async (RkClient            *self,
                           const char          *name,
                           const char * const  *key,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autofree char *serialized = NULL;
  GTask *task;
  RkRequest *request;

  g_return_if_fail (RK_IS_CLIENT (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (key != NULL);

  serialized = rk_key_serialize (key);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rk_client_get_actor_async);

  request = _rk_client_manager_request (self, "GET", "/actors",
                                        "name", name,
                                        "key", serialized,
                                        NULL);
  _rk_request_set_what (request, "the actor look-up");
  _rk_client_send_async (self, request, cancellable, get_actor_cb, task);
}

/**
 * rk_client_get_actor_finish:
 * @self: a #RkClient
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the actor, or %NULL without an
 *   error when there is none with that key
 */
RkActor *
rk_client_get_actor_finish (RkClient      *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (RK_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  char **ids;
  GPtrArray *actors;
  guint next;
} IdsData;

static void
ids_data_free (IdsData *data)
{
  g_strfreev (data->ids);
  g_ptr_array_unref (data->actors);
  g_free (data);
}

static void ids_next_chunk (GTask *task);

static void
ids_chunk_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  RkClient *self = (RkClient *)object;
  g_autoptr(GTask) task = user_data;
  IdsData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) actors = NULL;

  if (!(node = _rk_client_send_json_finish (self, result, &error)) ||
      !(actors = parse_actor_array (node, "the actor look-up", &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_ptr_array_extend_and_steal (data->actors, g_steal_pointer (&actors));
  ids_next_chunk (g_steal_pointer (&task));
}

static void
ids_next_chunk (GTask *task)
{
  RkClient *self = g_task_get_source_object (task);
  IdsData *data = g_task_get_task_data (task);
  g_autoptr(GString) joined = g_string_new (NULL);
  RkRequest *request;

  if (data->ids[data->next] == NULL)
    {
      g_task_return_pointer (task, g_ptr_array_ref (data->actors), (GDestroyNotify)g_ptr_array_unref);
      g_object_unref (task);
      return;
    }

  /* 2.2 refuses more than 32 ids per request. */
  for (guint n = 0; n < MAX_IDS_PER_REQUEST && data->ids[data->next]; n++, data->next++)
    {
      if (joined->len > 0)
        g_string_append_c (joined, ',');
      g_string_append (joined, data->ids[data->next]);
    }

  request = _rk_client_manager_request (self, "GET", "/actors", "actor_ids", joined->str, NULL);
  _rk_request_set_what (request, "the actor look-up");
  _rk_client_send_async (self, request, g_task_get_cancellable (task), ids_chunk_cb, task);
}

/**
 * rk_client_get_actors_by_ids_async:
 * @self: a #RkClient
 * @ids: (array zero-terminated=1): actor ids
 * @cancellable: (nullable): a #GCancellable
 * @callback: callback
 * @user_data: data for @callback
 *
 * Looks actors up by id, 32 per request. Unknown (or, on 2.2, destroyed)
 * ids are missing from the result.
 */
void
rk_client_get_actors_by_ids_async (RkClient            *self,
                                   const char * const  *ids,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;
  IdsData *data;

  g_return_if_fail (RK_IS_CLIENT (self));
  g_return_if_fail (ids != NULL);

  data = g_new0 (IdsData, 1);
  data->ids = g_strdupv ((char **)ids);
  data->actors = g_ptr_array_new_with_free_func (g_object_unref);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rk_client_get_actors_by_ids_async);
  g_task_set_task_data (task, data, (GDestroyNotify)ids_data_free);

  ids_next_chunk (task);
}

/**
 * rk_client_get_actors_by_ids_finish:
 * @self: a #RkClient
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type RkActor): the actors found
 */
GPtrArray *
rk_client_get_actors_by_ids_finish (RkClient      *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (RK_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
