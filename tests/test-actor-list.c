/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-actor-list.c: RkActorList against a local server whose listing the test scripts */

#define G_LOG_DOMAIN "test-actor-list"

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "rk-actor-list.h"
#include "rk-actor.h"
#include "rk-client.h"
#include "rk-error.h"
#include "rk-test-util.h"

/* A SoupServer on 127.0.0.1 answering GET /actors with the scripted reply */

typedef struct
{
  SoupServer *server;
  RkClient *client;
  RkActorList *list;
  char *reply;
  guint status;
  gboolean hold;
  GPtrArray *held;              /* SoupServerMessage *, paused */
  guint n_requests;
  char *last_query_name;

  /* items-changed as "position,removed,added;" */
  GString *changes;
  guint n_items;
  GHashTable *notifies;
} Fixture;

static void
respond (SoupServerMessage *message,
         guint              status,
         const char        *body)
{
  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY,
                                    body, strlen (body));
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *message,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Fixture *f = user_data;

  if (!g_str_equal (path, "/actors") ||
      !g_str_equal (soup_server_message_get_method (message), "GET"))
    {
      respond (message, 404, "{\"group\":\"test\",\"code\":\"not_found\",\"message\":\"?\"}");
      return;
    }

  f->n_requests++;
  g_free (f->last_query_name);
  f->last_query_name = g_strdup (query ? g_hash_table_lookup (query, "name") : NULL);

  if (f->hold)
    {
      /* Answered by release (): a status first, or libsoup sees a failed upgrade */
      soup_server_message_set_status (message, 200, NULL);
      soup_server_message_pause (message);
      g_ptr_array_add (f->held, g_object_ref (message));
      return;
    }

  respond (message, f->status, f->reply);
}

static void
release (Fixture    *f,
         guint       index,
         const char *body)
{
  SoupServerMessage *message = g_ptr_array_index (f->held, index);

  respond (message, 200, body);
  soup_server_message_unpause (message);
  g_ptr_array_remove_index (f->held, index);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *f)
{
  g_string_append_printf (f->changes, "%u,%u,%u;", position, removed, added);

  /* Each change describes the model as it is when it is emitted */
  g_assert_cmpuint (position + removed, <=, f->n_items);
  f->n_items = f->n_items - removed + added;
  g_assert_cmpuint (f->n_items, ==, g_list_model_get_n_items (model));
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(RkActor) actor = g_list_model_get_item (model, i);

      g_assert_true (RK_IS_ACTOR (actor));
    }
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           Fixture    *f)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (f->notifies, pspec->name));

  g_hash_table_insert (f->notifies, (gpointer)pspec->name, GUINT_TO_POINTER (count + 1));
}

static guint
notifies (Fixture    *f,
          const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (f->notifies, name));
}

#define assert_changes(f, expected) \
  G_STMT_START { \
    g_assert_cmpstr ((f)->changes->str, ==, (expected)); \
    g_string_truncate ((f)->changes, 0); \
    g_hash_table_remove_all ((f)->notifies); \
  } G_STMT_END

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  GSList *uris;

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, server_cb, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (f->server);
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  f->client = rk_client_new (url, NULL, NULL, &error);
  g_assert_no_error (error);
  f->list = rk_actor_list_new (f->client, "counter");
  f->reply = g_strdup ("{\"actors\":[]}");
  f->status = 200;
  f->held = g_ptr_array_new_with_free_func (g_object_unref);
  f->changes = g_string_new (NULL);
  f->notifies = g_hash_table_new (g_str_hash, g_str_equal);
  g_signal_connect (f->list, "items-changed", G_CALLBACK (items_changed_cb), f);
  g_signal_connect (f->list, "notify", G_CALLBACK (notify_cb), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->list != NULL)
    {
      g_signal_handlers_disconnect_by_data (f->list, f);
      g_clear_object (&f->list);
    }
  g_clear_object (&f->client);
  g_ptr_array_unref (f->held);
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  /* Let the cancelled requests finish */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_free (f->reply);
  g_free (f->last_query_name);
  g_string_free (f->changes, TRUE);
  g_hash_table_unref (f->notifies);
}

/* Scripting replies: "id:create_ts" or "id:create_ts:sleep_ts" per actor */
static char *
build_reply (const char * const *specs)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "actors");
  json_builder_begin_array (builder);
  for (guint i = 0; specs[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (specs[i], ":", -1);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "actor_id");
      json_builder_add_string_value (builder, parts[0]);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, "counter");
      json_builder_set_member_name (builder, "key");
      json_builder_add_string_value (builder, parts[0]);
      json_builder_set_member_name (builder, "namespace_id");
      json_builder_add_string_value (builder, "default");
      json_builder_set_member_name (builder, "create_ts");
      json_builder_add_int_value (builder, g_ascii_strtoll (parts[1], NULL, 10));
      json_builder_set_member_name (builder, "sleep_ts");
      if (parts[2] != NULL)
        json_builder_add_int_value (builder, g_ascii_strtoll (parts[2], NULL, 10));
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static void
script (Fixture            *f,
        const char * const *specs)
{
  g_free (f->reply);
  f->reply = build_reply (specs);
}

#define SCRIPT(f, ...) script ((f), (const char * const[]) { __VA_ARGS__, NULL })

static void
refresh (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  rk_actor_list_refresh_async (f->list, NULL, rk_test_store_result_cb, &result);
  g_assert_true (rk_actor_list_get_loading (f->list));
  ok = rk_actor_list_refresh_finish (f->list, rk_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_false (rk_actor_list_get_loading (f->list));
}

/* The IDs in model order: "b,c,a" */
static char *
ids (RkActorList *list)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(RkActor) actor = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, rk_actor_get_id (actor));
    }

  return g_string_free (out, FALSE);
}

#define assert_ids(list, expected) \
  G_STMT_START { \
    g_autofree char *_ids = ids (list); \
    g_assert_cmpstr (_ids, ==, (expected)); \
  } G_STMT_END

static RkActor *
item (RkActorList *list,
      guint        position)
{
  RkActor *actor = g_list_model_get_item (G_LIST_MODEL (list), position);

  g_assert_nonnull (actor);
  g_object_unref (actor);       /* the list keeps it */
  return actor;
}

/* Tests */

static void
test_initial_load (Fixture       *f,
                   gconstpointer  data)
{
  RkClient *client = NULL;
  g_autofree char *name = NULL;
  guint n_items = 0;

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (f->list)) == RK_TYPE_ACTOR);
  g_assert_true (rk_actor_list_get_client (f->list) == f->client);
  g_assert_cmpstr (rk_actor_list_get_name (f->list), ==, "counter");
  g_assert_false (rk_actor_list_get_loading (f->list));
  g_assert_null (rk_actor_list_get_error (f->list));

  SCRIPT (f, "a:100", "b:300", "c:200");
  refresh (f);
  assert_ids (f->list, "b,c,a");
  g_assert_cmpstr (f->changes->str, ==, "0,0,3;");
  g_assert_cmpuint (notifies (f, "loading"), ==, 2);
  g_assert_cmpuint (notifies (f, "n-items"), ==, 1);
  g_assert_cmpuint (notifies (f, "error"), ==, 0);
  g_assert_cmpstr (f->last_query_name, ==, "counter");
  g_assert_true (rk_actor_list_lookup (f->list, "c") == item (f->list, 1));
  g_assert_null (rk_actor_list_lookup (f->list, "zzz"));

  g_object_get (f->list, "client", &client, "name", &name, "n-items", &n_items, NULL);
  g_assert_true (client == f->client);
  g_assert_cmpstr (name, ==, "counter");
  g_assert_cmpuint (n_items, ==, 3);
  g_object_unref (client);
}

static void
test_diff (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(RkActor) a = NULL;
  g_autoptr(RkActor) b = NULL;
  guint a_notifies = 0;

  SCRIPT (f, "a:100", "b:300", "c:200");
  refresh (f);
  assert_changes (f, "0,0,3;");
  b = g_object_ref (item (f->list, 0));
  a = g_object_ref (item (f->list, 2));
  g_signal_connect (a, "notify::sleep-ts", G_CALLBACK (notify_cb), f);
  g_signal_connect (a, "notify::status", G_CALLBACK (notify_cb), f);

  /* c goes, d and e come, a falls asleep */
  SCRIPT (f, "b:300", "e:50", "a:100:500", "d:250");
  refresh (f);
  g_assert_cmpstr (f->changes->str, ==, "1,1,1;3,0,1;");
  assert_ids (f->list, "b,d,a,e");

  /* The same objects, updated in place */
  g_assert_true (item (f->list, 0) == b);
  g_assert_true (item (f->list, 2) == a);
  g_assert_cmpint (rk_actor_get_sleep_ts (a), ==, 500);
  g_assert_cmpint (rk_actor_get_status (a), ==, RK_ACTOR_STATUS_SLEEPING);
  a_notifies = notifies (f, "sleep-ts") + notifies (f, "status");
  g_assert_cmpuint (a_notifies, ==, 2);
  g_assert_cmpuint (notifies (f, "n-items"), ==, 1);
  g_string_truncate (f->changes, 0);
  g_hash_table_remove_all (f->notifies);

  /* The same answer changes nothing */
  refresh (f);
  g_assert_cmpstr (f->changes->str, ==, "");
  g_assert_cmpuint (notifies (f, "sleep-ts"), ==, 0);
  g_assert_cmpuint (notifies (f, "n-items"), ==, 0);

  /* Everything goes */
  SCRIPT (f, "z:1");
  refresh (f);
  assert_changes (f, "0,4,1;");
  g_signal_handlers_disconnect_by_data (a, f);
}

static void
test_runs (Fixture       *f,
           gconstpointer  data)
{
  SCRIPT (f, "a:900", "b:800", "c:700", "d:600", "e:500", "f:400", "g:300");
  refresh (f);
  assert_changes (f, "0,0,7;");

  /* Runs of removals and insertions, at the start, the middle and the end */
  SCRIPT (f, "x:950", "y:940", "b:800", "d:600", "n:550", "e:500", "g:300", "t:100");
  refresh (f);
  assert_changes (f, "0,1,2;3,1,0;4,0,1;6,1,0;7,0,1;");
  assert_ids (f->list, "x,y,b,d,n,e,g,t");

  /* Ties in create_ts: by ID */
  SCRIPT (f, "q:5", "p:5", "r:5");
  refresh (f);
  assert_changes (f, "0,8,3;");
  assert_ids (f->list, "p,q,r");

  /* Duplicates in one answer (overlapping pages): the first wins */
  SCRIPT (f, "p:5", "q:5", "r:5", "q:5:77");
  refresh (f);
  assert_changes (f, "");
  g_assert_cmpint (rk_actor_get_sleep_ts (item (f->list, 1)), ==, 0);
}

static void
test_moved (Fixture       *f,
            gconstpointer  data)
{
  RkActor *a;

  SCRIPT (f, "a:100", "b:300", "c:200");
  refresh (f);
  assert_changes (f, "0,0,3;");
  a = item (f->list, 2);

  /* A new create_ts moves a to the top: removed and inserted, the same object */
  SCRIPT (f, "a:400", "b:300", "c:200");
  refresh (f);
  assert_changes (f, "0,0,1;3,1,0;");
  assert_ids (f->list, "a,b,c");
  g_assert_true (item (f->list, 0) == a);
  g_assert_cmpint (rk_actor_get_create_ts (a), ==, 400);
}

static void
test_error (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const GError *list_error;

  SCRIPT (f, "a:100", "b:300");
  refresh (f);
  assert_changes (f, "0,0,2;");

  /* A failure keeps the items and sets the error */
  f->status = 500;
  g_free (f->reply);
  f->reply = g_strdup ("{\"group\":\"core\",\"code\":\"internal_error\","
                       "\"message\":\"An internal error occurred\"}");
  rk_actor_list_refresh_async (f->list, NULL, rk_test_store_result_cb, &result);
  g_assert_false (rk_actor_list_refresh_finish (f->list, rk_test_wait_result (&result), &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == RK_ERROR);
  list_error = rk_actor_list_get_error (f->list);
  g_assert_nonnull (list_error);
  g_assert_cmpstr (list_error->message, ==, error->message);
  g_assert_cmpuint (notifies (f, "error"), ==, 1);
  assert_changes (f, "");
  assert_ids (f->list, "b,a");

  /* So does a reply that is not a listing */
  f->status = 200;
  g_free (f->reply);
  f->reply = g_strdup ("{\"nothing\":1}");
  g_clear_object (&result);
  g_clear_error (&error);
  rk_actor_list_refresh_async (f->list, NULL, rk_test_store_result_cb, &result);
  g_assert_false (rk_actor_list_refresh_finish (f->list, rk_test_wait_result (&result), &error));
  g_assert_error (error, RK_ERROR, RK_ERROR_INVALID_REPLY);
  g_assert_error (rk_actor_list_get_error (f->list), RK_ERROR, RK_ERROR_INVALID_REPLY);
  g_assert_cmpuint (notifies (f, "error"), ==, 1);
  assert_changes (f, "");

  /* A success clears it */
  SCRIPT (f, "a:100", "b:300");
  refresh (f);
  g_assert_null (rk_actor_list_get_error (f->list));
  g_assert_cmpuint (notifies (f, "error"), ==, 1);
  assert_changes (f, "");
}

static void
test_out_of_order (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *older = NULL;
  g_autofree char *newer = NULL;

  f->hold = TRUE;
  rk_actor_list_refresh_async (f->list, NULL, rk_test_store_result_cb, &first);
  rk_test_wait_for (f->held->len == 1);
  rk_actor_list_refresh_async (f->list, NULL, rk_test_store_result_cb, &second);
  rk_test_wait_for (f->held->len == 2);
  g_assert_true (rk_actor_list_get_loading (f->list));
  g_assert_cmpuint (notifies (f, "loading"), ==, 1);

  /* The newer request is answered first; the older answer then must not win */
  older = build_reply ((const char * const[]) { "old:1", NULL });
  newer = build_reply ((const char * const[]) { "new:2", NULL });
  release (f, 1, newer);
  g_assert_true (rk_actor_list_refresh_finish (f->list, rk_test_wait_result (&second), &error));
  g_assert_no_error (error);
  g_assert_true (rk_actor_list_get_loading (f->list));
  release (f, 0, older);
  g_assert_true (rk_actor_list_refresh_finish (f->list, rk_test_wait_result (&first), &error));
  g_assert_no_error (error);
  g_assert_false (rk_actor_list_get_loading (f->list));
  g_assert_cmpuint (notifies (f, "loading"), ==, 2);
  assert_changes (f, "0,0,1;");
  assert_ids (f->list, "new");
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  f->hold = TRUE;
  rk_actor_list_refresh_async (f->list, cancellable, rk_test_store_result_cb, &result);
  rk_test_wait_for (f->held->len == 1);
  g_cancellable_cancel (cancellable);
  g_assert_false (rk_actor_list_refresh_finish (f->list, rk_test_wait_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (rk_actor_list_get_loading (f->list));
  g_assert_null (rk_actor_list_get_error (f->list));
  assert_changes (f, "");
  g_clear_object (&result);
  g_clear_error (&error);

  /* Cancelled before it starts */
  rk_actor_list_refresh_async (f->list, cancellable, rk_test_store_result_cb, &result);
  g_assert_false (rk_actor_list_refresh_finish (f->list, rk_test_wait_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_object (&result);
  g_clear_error (&error);

  /* Disposing cancels what is in flight */
  rk_actor_list_refresh_async (f->list, NULL, rk_test_store_result_cb, &result);
  g_object_run_dispose (G_OBJECT (f->list));
  g_assert_false (rk_actor_list_refresh_finish (f->list, rk_test_wait_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_auto_refresh (Fixture       *f,
                   gconstpointer  data)
{
  RkActorList *list;
  guint seconds = 0;

  SCRIPT (f, "a:100");
  rk_actor_list_set_auto_refresh (f->list, 1);
  g_assert_cmpuint (rk_actor_list_get_auto_refresh (f->list), ==, 1);
  g_assert_cmpuint (notifies (f, "auto-refresh"), ==, 1);
  rk_actor_list_set_auto_refresh (f->list, 1);
  g_assert_cmpuint (notifies (f, "auto-refresh"), ==, 1);

  rk_test_wait_for (g_list_model_get_n_items (G_LIST_MODEL (f->list)) == 1);
  assert_changes (f, "0,0,1;");

  /* The next poll picks up a change */
  SCRIPT (f, "a:100", "b:200");
  rk_test_wait_for (g_list_model_get_n_items (G_LIST_MODEL (f->list)) == 2);
  assert_changes (f, "0,0,1;");
  assert_ids (f->list, "b,a");
  g_assert_cmpuint (f->n_requests, ==, 2);

  g_object_set (f->list, "auto-refresh", 0, NULL);
  g_object_get (f->list, "auto-refresh", &seconds, NULL);
  g_assert_cmpuint (seconds, ==, 0);

  /* A list dropped while a poll is in flight goes at once; the answer finds nobody */
  f->hold = TRUE;
  rk_actor_list_set_auto_refresh (f->list, 1);
  rk_test_wait_for (f->held->len == 1);
  g_assert_true (rk_actor_list_get_loading (f->list));
  g_signal_handlers_disconnect_by_data (f->list, f);
  list = g_steal_pointer (&f->list);
  g_object_add_weak_pointer (G_OBJECT (list), (gpointer *)&list);
  g_object_unref (list);
  g_assert_null (list);
  release (f, 0, "{\"actors\":[]}");
}

/* 10,000 actors load in one change and merge fast */
static void
test_large (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) specs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_object_unref);
  const guint n = 10000;
  gint64 start;
  guint n_changes = 0;

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (specs, g_strdup_printf ("actor-%05u:%u", i, 1000 + i));
  g_ptr_array_add (specs, NULL);
  script (f, (const char * const *)specs->pdata);

  start = g_get_monotonic_time ();
  refresh (f);
  g_test_message ("10,000 actors: loaded in %.1f ms",
                  (g_get_monotonic_time () - start) / 1000.0);
  assert_changes (f, "0,0,10000;");
  g_assert_cmpstr (rk_actor_get_id (item (f->list, 0)), ==, "actor-09999");
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (before, g_object_ref (item (f->list, i)));

  /* Every third actor goes, one in seven is new, every actor sleeps */
  g_ptr_array_set_size (specs, 0);
  for (guint i = 0; i < n; i++)
    {
      if (i % 3 != 0)
        g_ptr_array_add (specs, g_strdup_printf ("actor-%05u:%u:%u", i, 1000 + i, 9));
      if (i % 7 == 0)
        g_ptr_array_add (specs, g_strdup_printf ("fresh-%05u:%u", i, 1000 + i));
    }
  g_ptr_array_add (specs, NULL);
  script (f, (const char * const *)specs->pdata);

  start = g_get_monotonic_time ();
  refresh (f);
  g_test_message ("10,000 actors: merged in %.1f ms",
                  (g_get_monotonic_time () - start) / 1000.0);
  for (const char *p = f->changes->str; *p; p++)
    n_changes += *p == ';';
  g_assert_cmpuint (n_changes, >, 1000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==,
                    n - (n + 2) / 3 + (n + 6) / 7);

  /* Sorted, and the survivors are the objects from before */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (f->list)); i++)
    {
      RkActor *actor = item (f->list, i);

      if (i > 0)
        g_assert_cmpint (rk_actor_get_create_ts (item (f->list, i - 1)), >=,
                         rk_actor_get_create_ts (actor));
      if (g_str_has_prefix (rk_actor_get_id (actor), "actor-"))
        {
          guint index = n - 1 - (guint)g_ascii_strtoull (rk_actor_get_id (actor) + 6, NULL, 10);

          g_assert_true (g_ptr_array_index (before, index) == actor);
          g_assert_cmpint (rk_actor_get_sleep_ts (actor), ==, 9);
        }
    }
}

static int
compare_expected (gconstpointer a,
                  gconstpointer b)
{
  const char *sa = *(const char * const *)a;
  const char *sb = *(const char * const *)b;
  gint64 ta = g_ascii_strtoll (strchr (sa, ':') + 1, NULL, 10);
  gint64 tb = g_ascii_strtoll (strchr (sb, ':') + 1, NULL, 10);

  if (ta != tb)
    return ta > tb ? -1 : 1;
  return strcmp (sa, sb);
}

/* Random answers: the model always ends up as the sorted answer, survivors keep their
 * objects, and every change on the way was exact (checked by items_changed_cb) */
static void
test_random (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GHashTable) objects = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                         g_free, g_object_unref);

  for (guint round = 0; round < 40; round++)
    {
      g_autoptr(GPtrArray) specs = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GString) expected = g_string_new (NULL);
      g_autofree char *got = NULL;

      for (guint id = 0; id < 30; id++)
        {
          /* Most stay, some go, and a few change their create_ts */
          if (g_rand_int_range (rand, 0, 4) == 0)
            continue;
          g_ptr_array_add (specs, g_strdup_printf ("%c%c:%d", 'a' + id % 26, '0' + id / 26,
                                                   (int)(id * 7 % 11) +
                                                   (g_rand_int_range (rand, 0, 10) == 0)));
        }
      /* Shuffled, as pages may come */
      for (guint i = specs->len; i > 1; i--)
        {
          guint j = g_rand_int_range (rand, 0, i);
          gpointer tmp = specs->pdata[i - 1];

          specs->pdata[i - 1] = specs->pdata[j];
          specs->pdata[j] = tmp;
        }
      g_ptr_array_add (specs, NULL);
      script (f, (const char * const *)specs->pdata);
      refresh (f);

      g_ptr_array_remove_index (specs, specs->len - 1);
      g_ptr_array_sort (specs, compare_expected);
      for (guint i = 0; i < specs->len; i++)
        {
          const char *spec = g_ptr_array_index (specs, i);

          if (expected->len > 0)
            g_string_append_c (expected, ',');
          g_string_append_len (expected, spec, strchr (spec, ':') - spec);
        }
      got = ids (f->list);
      g_assert_cmpstr (got, ==, expected->str);

      /* An actor listed in the last round and this one is the same object */
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (f->list)); i++)
        {
          RkActor *actor = item (f->list, i);
          RkActor *before = g_hash_table_lookup (objects, rk_actor_get_id (actor));

          if (before != NULL)
            g_assert_true (before == actor);
        }
      g_hash_table_remove_all (objects);
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (f->list)); i++)
        {
          RkActor *actor = item (f->list, i);

          g_hash_table_insert (objects, g_strdup (rk_actor_get_id (actor)),
                               g_object_ref (actor));
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/rk/actor-list/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("initial-load", test_initial_load);
  ADD ("diff", test_diff);
  ADD ("runs", test_runs);
  ADD ("moved", test_moved);
  ADD ("error", test_error);
  ADD ("out-of-order", test_out_of_order);
  ADD ("cancel", test_cancel);
  ADD ("auto-refresh", test_auto_refresh);
  ADD ("large", test_large);
  ADD ("random", test_random);

#undef ADD

  return g_test_run ();
}
