/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-actor-list.c: the live list of one actor type's instances, as a GListModel
 *
 * A refresh lists the actors (`GET /actors?name=`, which never wakes one) and merges the
 * answer into the model: actors still there stay the same RkActor and are updated in place
 * (rk_actor_update_from () notifies what changed), new ones are inserted, vanished ones
 * removed, each run of changes in one exact items-changed. Rows, selection and scroll
 * position survive a refresh.
 *
 * The order is newest first (create_ts descending, then actor ID). An actor whose create_ts
 * changed moves: it is removed and inserted again, still the same object.
 */

#define G_LOG_DOMAIN "rk-actor-list"

#include "config.h"

#include <stdlib.h>

#include "rk-actor-list.h"
#include "rk-actor.h"
#include "rk-client.h"

typedef struct
{
  RkActorList *self;            /* NULL once self is disposed */
  GCancellable *cancellable;
  GCancellable *caller_cancellable;
  gulong caller_handler;
  GTask *task;                  /* NULL for an automatic refresh */
  guint64 generation;
} Fetch;

/* One actor of the merged list, with the sort key of its fresh record */
typedef struct
{
  RkActor *actor;               /* the existing object, or the fresh one */
  RkActor *fresh;
  gint64 create_ts;
  const char *id;
  gboolean kept;                /* existing and in the same place in the order */
} Entry;

struct _RkActorList
{
  GObject parent_instance;

  /* Owned references */
  RkClient *client;
  GPtrArray *items;             /* RkActor *, in order */
  GHashTable *by_id;            /* actor ID → RkActor * (borrowed from items) */
  GPtrArray *fetches;           /* Fetch *, in flight */
  GError *error;
  /* While a merge runs: the old items not merged yet, from old_index on */
  GPtrArray *old_items;

  /* State */
  char *name;
  guint old_index;
  guint auto_refresh;
  guint auto_refresh_source;
  guint64 next_generation;
  guint64 applied_generation;
};

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_NAME,
  PROP_LOADING,
  PROP_ERROR,
  PROP_N_ITEMS,
  PROP_AUTO_REFRESH,
  N_PROPS
};

static void rk_actor_list_list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RkActorList, rk_actor_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      rk_actor_list_list_model_iface_init))

static GParamSpec *properties[N_PROPS];

/* GListModel */

static guint
count_items (RkActorList *self)
{
  guint n = self->items->len;

  if (self->old_items != NULL)
    n += self->old_items->len - self->old_index;

  return n;
}

static GType
rk_actor_list_get_item_type (GListModel *model)
{
  return RK_TYPE_ACTOR;
}

static guint
rk_actor_list_get_n_items (GListModel *model)
{
  return count_items (RK_ACTOR_LIST (model));
}

static gpointer
rk_actor_list_get_item (GListModel *model,
                        guint       position)
{
  RkActorList *self = RK_ACTOR_LIST (model);

  if (position < self->items->len)
    return g_object_ref (g_ptr_array_index (self->items, position));

  if (self->old_items != NULL)
    {
      guint index = self->old_index + (position - self->items->len);

      if (index < self->old_items->len)
        return g_object_ref (g_ptr_array_index (self->old_items, index));
    }

  return NULL;
}

static void
rk_actor_list_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = rk_actor_list_get_item_type;
  iface->get_n_items = rk_actor_list_get_n_items;
  iface->get_item = rk_actor_list_get_item;
}

/* Merging */

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const Entry *ea = a;
  const Entry *eb = b;

  if (ea->create_ts != eb->create_ts)
    return ea->create_ts > eb->create_ts ? -1 : 1;

  return g_strcmp0 (ea->id, eb->id);
}

/*
 * The old items and the merged entries are both in order, and the kept actors keep their
 * relative order, so one walk over both finds each run of changes: the old items up to the
 * next kept one go, the entries up to it come in. While the walk runs, the model is the
 * merged prefix (self->items) followed by the old items not reached yet, so every
 * items-changed describes the model as it is.
 */
static void
merge (RkActorList *self,
       GPtrArray   *fresh)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) kept = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) entries = g_array_sized_new (FALSE, FALSE, sizeof (Entry), fresh->len);
  g_autoptr(GPtrArray) old = NULL;
  guint old_count = count_items (self);
  guint i = 0;
  guint j = 0;

  for (guint k = 0; k < fresh->len; k++)
    {
      RkActor *actor = g_ptr_array_index (fresh, k);
      RkActor *existing;
      Entry entry = { 0 };

      /* Pages of a changing list can overlap: the first record wins */
      if (!g_hash_table_add (seen, (gpointer)rk_actor_get_id (actor)))
        continue;

      existing = g_hash_table_lookup (self->by_id, rk_actor_get_id (actor));
      entry.actor = existing != NULL ? existing : actor;
      entry.fresh = actor;
      entry.create_ts = rk_actor_get_create_ts (actor);
      entry.id = rk_actor_get_id (actor);
      entry.kept = existing != NULL && rk_actor_get_create_ts (existing) == entry.create_ts;
      if (entry.kept)
        g_hash_table_add (kept, existing);
      g_array_append_val (entries, entry);
    }

  g_array_sort (entries, compare_entries);

  old = g_steal_pointer (&self->items);
  self->items = g_ptr_array_new_full (entries->len, g_object_unref);
  self->old_items = old;
  self->old_index = 0;

  while (i < old->len || j < entries->len)
    {
      guint position;
      guint removed = 0;
      guint added = 0;

      /* The unchanged run */
      while (i < old->len && j < entries->len &&
             g_ptr_array_index (old, i) == g_array_index (entries, Entry, j).actor &&
             g_array_index (entries, Entry, j).kept)
        {
          g_ptr_array_add (self->items, g_object_ref (g_ptr_array_index (old, i)));
          i++;
          j++;
          self->old_index = i;
        }

      if (i == old->len && j == entries->len)
        break;

      /* The changed run, up to the next kept actor */
      position = self->items->len;
      while (i < old->len && !g_hash_table_contains (kept, g_ptr_array_index (old, i)))
        {
          i++;
          removed++;
        }
      while (j < entries->len && !g_array_index (entries, Entry, j).kept)
        {
          g_ptr_array_add (self->items, g_object_ref (g_array_index (entries, Entry, j).actor));
          j++;
          added++;
        }
      self->old_index = i;

      g_assert (removed > 0 || added > 0);
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
    }

  self->old_items = NULL;
  self->old_index = 0;

  g_hash_table_remove_all (self->by_id);
  for (guint k = 0; k < self->items->len; k++)
    {
      RkActor *actor = g_ptr_array_index (self->items, k);

      g_hash_table_insert (self->by_id, (gpointer)rk_actor_get_id (actor), actor);
    }

  /* In place, once the model is whole again */
  for (guint k = 0; k < entries->len; k++)
    {
      Entry *entry = &g_array_index (entries, Entry, k);

      if (entry->actor != entry->fresh)
        rk_actor_update_from (entry->actor, entry->fresh);
    }

  if (old_count != count_items (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* Fetching */

static void
set_error (RkActorList  *self,
           const GError *error)
{
  if (self->error == NULL && error == NULL)
    return;

  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
fetch_free (Fetch *fetch)
{
  if (fetch->caller_cancellable != NULL)
    g_cancellable_disconnect (fetch->caller_cancellable, fetch->caller_handler);
  g_clear_object (&fetch->caller_cancellable);
  g_clear_object (&fetch->cancellable);
  g_clear_object (&fetch->task);
  g_free (fetch);
}

static void
caller_cancelled_cb (GCancellable *caller_cancellable,
                     GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fetch *fetch = user_data;
  RkActorList *self = fetch->self;
  g_autoptr(GPtrArray) actors = NULL;
  g_autoptr(GError) error = NULL;

  actors = rk_client_list_actors_finish (RK_CLIENT (object), result, &error);

  if (self != NULL)
    {
      g_object_freeze_notify (G_OBJECT (self));

      g_ptr_array_remove_fast (self->fetches, fetch);
      if (self->fetches->len == 0)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

      /* Answers apply in the order the requests were made: a late answer to an older
       * request would put old data over newer. */
      if (fetch->generation > self->applied_generation &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          self->applied_generation = fetch->generation;
          if (actors != NULL)
            merge (self, actors);
          set_error (self, error);
        }

      g_object_thaw_notify (G_OBJECT (self));
    }

  if (fetch->task != NULL)
    {
      if (actors != NULL)
        g_task_return_boolean (fetch->task, TRUE);
      else
        g_task_return_error (fetch->task, g_steal_pointer (&error));
    }

  fetch_free (fetch);
}

static void
start_fetch (RkActorList  *self,
             GCancellable *caller_cancellable,
             GTask        *task)
{
  Fetch *fetch = g_new0 (Fetch, 1);

  fetch->self = self;
  fetch->cancellable = g_cancellable_new ();
  fetch->task = task;
  fetch->generation = ++self->next_generation;

  if (caller_cancellable != NULL)
    {
      fetch->caller_cancellable = g_object_ref (caller_cancellable);
      fetch->caller_handler = g_cancellable_connect (caller_cancellable,
                                                     G_CALLBACK (caller_cancelled_cb),
                                                     g_object_ref (fetch->cancellable),
                                                     g_object_unref);
    }

  g_ptr_array_add (self->fetches, fetch);
  if (self->fetches->len == 1)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  rk_client_list_actors_async (self->client, self->name, fetch->cancellable, list_cb, fetch);
}

static gboolean
auto_refresh_cb (gpointer user_data)
{
  RkActorList *self = user_data;

  /* A slow server gets one request at a time */
  if (self->fetches->len == 0)
    start_fetch (self, NULL, NULL);

  return G_SOURCE_CONTINUE;
}

/* GObject */

static void
rk_actor_list_dispose (GObject *object)
{
  RkActorList *self = (RkActorList *)object;

  g_clear_handle_id (&self->auto_refresh_source, g_source_remove);

  /* Their callbacks still run, and see that the list is gone */
  for (guint i = 0; i < self->fetches->len; i++)
    {
      Fetch *fetch = g_ptr_array_index (self->fetches, i);

      fetch->self = NULL;
      g_cancellable_cancel (fetch->cancellable);
    }
  g_ptr_array_set_size (self->fetches, 0);

  g_hash_table_remove_all (self->by_id);
  g_ptr_array_set_size (self->items, 0);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (rk_actor_list_parent_class)->dispose (object);
}

static void
rk_actor_list_finalize (GObject *object)
{
  RkActorList *self = (RkActorList *)object;

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->fetches, g_ptr_array_unref);
  g_clear_error (&self->error);
  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (rk_actor_list_parent_class)->finalize (object);
}

static void
rk_actor_list_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RkActorList *self = RK_ACTOR_LIST (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, rk_actor_list_get_loading (self));
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, count_items (self));
      break;

    case PROP_AUTO_REFRESH:
      g_value_set_uint (value, self->auto_refresh);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rk_actor_list_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  RkActorList *self = RK_ACTOR_LIST (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;

    case PROP_AUTO_REFRESH:
      rk_actor_list_set_auto_refresh (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rk_actor_list_class_init (RkActorListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rk_actor_list_dispose;
  object_class->finalize = rk_actor_list_finalize;
  object_class->get_property = rk_actor_list_get_property;
  object_class->set_property = rk_actor_list_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, RK_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * RkActorList:loading:
   *
   * Whether a refresh is under way.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * RkActorList:error:
   *
   * Why the last refresh failed, or %NULL after a successful one. The items stay as the
   * last successful refresh left them.
   */
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * RkActorList:auto-refresh:
   *
   * Seconds between automatic refreshes, or 0 for none.
   */
  properties[PROP_AUTO_REFRESH] =
    g_param_spec_uint ("auto-refresh", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rk_actor_list_init (RkActorList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->fetches = g_ptr_array_new ();
}

/**
 * rk_actor_list_new:
 * @client: the endpoint
 * @name: the actor type
 *
 * Creates an empty list; call rk_actor_list_refresh_async () or
 * rk_actor_list_set_auto_refresh () to fill it.
 *
 * Returns: (transfer full): a new #RkActorList
 */
RkActorList *
rk_actor_list_new (RkClient   *client,
                   const char *name)
{
  g_return_val_if_fail (RK_IS_CLIENT (client), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_object_new (RK_TYPE_ACTOR_LIST,
                       "client", client,
                       "name", name,
                       NULL);
}

/**
 * rk_actor_list_get_client:
 * @self: a #RkActorList
 *
 * Returns: (transfer none) (nullable): the endpoint; %NULL once disposed
 */
RkClient *
rk_actor_list_get_client (RkActorList *self)
{
  g_return_val_if_fail (RK_IS_ACTOR_LIST (self), NULL);
  return self->client;
}

/**
 * rk_actor_list_get_name:
 * @self: a #RkActorList
 *
 * Returns: the actor type listed
 */
const char *
rk_actor_list_get_name (RkActorList *self)
{
  g_return_val_if_fail (RK_IS_ACTOR_LIST (self), NULL);
  return self->name;
}

/**
 * rk_actor_list_get_loading:
 * @self: a #RkActorList
 *
 * Returns: whether a refresh is under way
 */
gboolean
rk_actor_list_get_loading (RkActorList *self)
{
  g_return_val_if_fail (RK_IS_ACTOR_LIST (self), FALSE);
  return self->fetches->len > 0;
}

/**
 * rk_actor_list_get_error:
 * @self: a #RkActorList
 *
 * Returns: (transfer none) (nullable): why the last refresh failed
 */
const GError *
rk_actor_list_get_error (RkActorList *self)
{
  g_return_val_if_fail (RK_IS_ACTOR_LIST (self), NULL);
  return self->error;
}

/**
 * rk_actor_list_get_auto_refresh:
 * @self: a #RkActorList
 *
 * Returns: seconds between automatic refreshes, or 0 for none
 */
guint
rk_actor_list_get_auto_refresh (RkActorList *self)
{
  g_return_val_if_fail (RK_IS_ACTOR_LIST (self), 0);
  return self->auto_refresh;
}

/**
 * rk_actor_list_set_auto_refresh:
 * @self: a #RkActorList
 * @seconds: seconds between refreshes, or 0 to stop
 *
 * Polls the list every @seconds, starting @seconds from now. A poll is skipped while a
 * refresh is still under way. Listing never wakes an actor.
 */
void
rk_actor_list_set_auto_refresh (RkActorList *self,
                                guint        seconds)
{
  g_return_if_fail (RK_IS_ACTOR_LIST (self));

  if (self->auto_refresh == seconds)
    return;

  self->auto_refresh = seconds;
  g_clear_handle_id (&self->auto_refresh_source, g_source_remove);
  if (seconds > 0)
    self->auto_refresh_source = g_timeout_add_seconds (seconds, auto_refresh_cb, self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO_REFRESH]);
}

/**
 * rk_actor_list_lookup:
 * @self: a #RkActorList
 * @actor_id: an actor ID
 *
 * Returns: (transfer none) (nullable): the actor with that ID, if listed
 */
RkActor *
rk_actor_list_lookup (RkActorList *self,
                      const char  *actor_id)
{
  g_return_val_if_fail (RK_IS_ACTOR_LIST (self), NULL);
  g_return_val_if_fail (actor_id != NULL, NULL);

  return g_hash_table_lookup (self->by_id, actor_id);
}

/**
 * rk_actor_list_refresh_async:
 * @self: a #RkActorList
 * @cancellable: (nullable): a #GCancellable
 * @callback: callback
 * @user_data: data for @callback
 *
 * Lists the actors again and merges them into the model (see the top of rk-actor-list.c).
 * On failure the items stay and #RkActorList:error is set.
 */
void
rk_actor_list_refresh_async (RkActorList         *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (RK_IS_ACTOR_LIST (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->client != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rk_actor_list_refresh_async);

  start_fetch (self, cancellable, task);
}

/**
 * rk_actor_list_refresh_finish:
 * @self: a #RkActorList
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the list was refreshed
 */
gboolean
rk_actor_list_refresh_finish (RkActorList   *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (RK_IS_ACTOR_LIST (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
