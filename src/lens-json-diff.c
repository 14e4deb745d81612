/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-json-diff.c: what changed between two versions of a JSON-compat
 * document, and letting go of a version in slices
 *
 * A diff only reads the two documents, so a large one can be made in a
 * worker thread (see lens-json-tree.c); the rows then take it on the main
 * thread (lens_json_node_apply_diff ()), finding the nodes it lists through
 * lens_json_dup_element (), which the diff agrees with. Freeing a
 * multi-megabyte document at once takes tens of milliseconds:
 * lens_json_release_later () lets go of it container by container, between
 * frames.
 */

#define G_LOG_DOMAIN "lens-json-diff"

#include "config.h"

#include <string.h>

#include "rk-compat.h"

#include "lens-json-diff.h"

/* How often a diff checks its cancellable, in nodes */
#define CANCEL_CHECK_NODES 4096
/* Releasing documents: just below the redraw priority (G_PRIORITY_HIGH_IDLE + 20),
 * with GtkTextView's validation, which takes seconds for a long text, in
 * slices short enough not to delay a frame */
#define RELEASE_PRIORITY (G_PRIORITY_HIGH_IDLE + 21)
#define RELEASE_SLICE_US 3000
/* When the main loop is too busy to keep up, a document to release waits
 * for the backlog to be released at once once there are this many: memory
 * stays bounded even if states come faster than they can be freed. */
#define RELEASE_MAX_PENDING 8

struct _LensJsonDiff
{
  /* Borrowed: the versions it was made from */
  JsonNode *old_value;
  JsonNode *new_value;

  /* Nodes of new_value that differ from their place in old_value, or are new */
  GHashTable *changed;
  gboolean equal;
};

/* Diffs */

typedef struct
{
  GHashTable *changed;
  GCancellable *cancellable;
  guint visited;
  guint max_nodes;
  gboolean stopped;
} DiffWalk;

static gboolean walk (DiffWalk *w,
                      JsonNode *a,
                      JsonNode *b,
                      int       depth);

static void
mark (DiffWalk *w,
      JsonNode *node)
{
  if (node != NULL)
    g_hash_table_add (w->changed, node);
}

static gboolean
walk_arrays (DiffWalk  *w,
             JsonArray *a,
             JsonArray *b,
             int        depth)
{
  guint a_n = json_array_get_length (a);
  guint b_n = json_array_get_length (b);
  gboolean equal = a_n == b_n;

  for (guint i = 0; i < b_n && !w->stopped; i++)
    {
      JsonNode *element = json_array_get_element (b, i);

      if (i >= a_n)
        mark (w, element);
      else if (!walk (w, json_array_get_element (a, i), element, depth + 1))
        equal = FALSE;
    }

  return equal;
}

/* Members are matched by name; a different order is a change too, since the
 * rows show members in order. */
static gboolean
walk_objects (DiffWalk   *w,
              JsonObject *a,
              JsonObject *b,
              int         depth)
{
  JsonObjectIter a_iter;
  JsonObjectIter b_iter;
  const char *a_name;
  const char *b_name;
  JsonNode *a_member;
  JsonNode *b_member;
  gboolean equal = json_object_get_size (a) == json_object_get_size (b);
  gboolean in_order = equal;

  json_object_iter_init_ordered (&a_iter, a);
  json_object_iter_init_ordered (&b_iter, b);
  while (!w->stopped && json_object_iter_next_ordered (&b_iter, &b_name, &b_member))
    {
      JsonNode *old_member;

      if (in_order && (!json_object_iter_next_ordered (&a_iter, &a_name, &a_member) ||
                       strcmp (a_name, b_name) != 0))
        in_order = FALSE;

      old_member = in_order ? a_member : json_object_get_member (a, b_name);
      if (old_member == NULL)
        {
          mark (w, b_member);
          equal = FALSE;
        }
      else if (!walk (w, old_member, b_member, depth + 1))
        equal = FALSE;
    }

  return equal && in_order;
}

static JsonArray *
set_elements (JsonNode *set)
{
  return json_node_get_array (json_array_get_element (json_node_get_array (set), 1));
}

/* Whether @a and @b are equal; every node of @b that is not is marked. Only
 * reads the two documents. */
static gboolean
walk (DiffWalk *w,
      JsonNode *a,
      JsonNode *b,
      int       depth)
{
  RkValueKind a_kind;
  RkValueKind b_kind;
  gboolean equal;

  if (a == b)
    return TRUE;

  if (++w->visited > w->max_nodes ||
      (w->visited % CANCEL_CHECK_NODES == 0 && g_cancellable_is_cancelled (w->cancellable)))
    {
      w->stopped = TRUE;
      return FALSE;
    }

  a_kind = rk_compat_get_kind (a);
  b_kind = rk_compat_get_kind (b);

  if (a_kind != b_kind)
    equal = FALSE;
  else if (depth > RK_COMPAT_MAX_DEPTH)
    equal = rk_compat_equal (a, b);
  else if (a_kind == RK_VALUE_KIND_OBJECT)
    equal = walk_objects (w, json_node_get_object (a), json_node_get_object (b), depth);
  else if (a_kind == RK_VALUE_KIND_ARRAY)
    equal = walk_arrays (w, json_node_get_array (a), json_node_get_array (b), depth);
  else if (a_kind == RK_VALUE_KIND_SET)
    equal = walk_arrays (w, set_elements (a), set_elements (b), depth);
  else
    equal = rk_compat_equal (a, b);

  if (!equal)
    mark (w, b);

  return equal;
}

/**
 * lens_json_diff_new:
 * @old_value: (nullable): a value in JSON-compat form
 * @new_value: (nullable): a later version of it
 * @max_nodes: give up after comparing this many nodes (%G_MAXUINT: never)
 * @cancellable: (nullable): a #GCancellable
 *
 * Compares the two versions. This only reads them, so it may run in a
 * thread, provided the caller holds a reference to both for the duration
 * and nothing changes them (JSON-compat documents are never changed in place).
 *
 * Returns: (transfer full) (nullable): the diff, or %NULL if @max_nodes was
 *   reached or @cancellable cancelled
 */
LensJsonDiff *
lens_json_diff_new (JsonNode     *old_value,
                    JsonNode     *new_value,
                    guint         max_nodes,
                    GCancellable *cancellable)
{
  g_autoptr(LensJsonDiff) diff = g_new0 (LensJsonDiff, 1);
  DiffWalk w = { 0 };

  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  diff->old_value = old_value;
  diff->new_value = new_value;
  diff->changed = g_hash_table_new (NULL, NULL);

  w.changed = diff->changed;
  w.cancellable = cancellable;
  w.max_nodes = max_nodes;
  diff->equal = walk (&w, old_value, new_value, 0);

  return w.stopped ? NULL : g_steal_pointer (&diff);
}

/**
 * lens_json_diff_get_old_value:
 * @diff: a #LensJsonDiff
 *
 * Returns: (transfer none) (nullable): the version the diff starts from
 */
JsonNode *
lens_json_diff_get_old_value (LensJsonDiff *diff)
{
  g_return_val_if_fail (diff != NULL, NULL);
  return diff->old_value;
}

/**
 * lens_json_diff_get_new_value:
 * @diff: a #LensJsonDiff
 *
 * Returns: (transfer none) (nullable): the version the diff leads to
 */
JsonNode *
lens_json_diff_get_new_value (LensJsonDiff *diff)
{
  g_return_val_if_fail (diff != NULL, NULL);
  return diff->new_value;
}

/**
 * lens_json_diff_has_changed:
 * @diff: a #LensJsonDiff
 * @node: a node of the new version
 *
 * Returns: whether @node differs from the node at its place in the old
 *   version, or has none
 */
gboolean
lens_json_diff_has_changed (LensJsonDiff *diff,
                            JsonNode     *node)
{
  g_return_val_if_fail (diff != NULL, FALSE);

  if (node == diff->new_value)
    return !diff->equal;

  return node != NULL && g_hash_table_contains (diff->changed, node);
}

/**
 * lens_json_diff_is_equal:
 * @diff: a #LensJsonDiff
 *
 * Returns: whether the two versions are equal
 */
gboolean
lens_json_diff_is_equal (LensJsonDiff *diff)
{
  g_return_val_if_fail (diff != NULL, FALSE);
  return diff->equal;
}

/**
 * lens_json_diff_free:
 * @diff: (nullable): a #LensJsonDiff
 *
 * Frees @diff; the versions it was made from are not its to free. It may be
 * freed from any thread.
 */
void
lens_json_diff_free (LensJsonDiff *diff)
{
  if (diff == NULL)
    return;

  g_clear_pointer (&diff->changed, g_hash_table_unref);
  g_free (diff);
}

/* Elements, as the rows show them: the diff lists the nodes of the document
 * (what lens_json_dup_element () sets @raw to) */

/**
 * lens_json_is_escaped_array:
 * @node: (nullable): a value in JSON-compat form
 *
 * A user array that looks like a tag is stored with one more "$".
 *
 * Returns: whether @node is such an array
 */
gboolean
lens_json_is_escaped_array (JsonNode *node)
{
  JsonArray *array;
  JsonNode *first;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;

  array = json_node_get_array (node);
  if (json_array_get_length (array) != 2)
    return FALSE;

  first = json_array_get_element (array, 0);
  return JSON_NODE_HOLDS_VALUE (first) &&
         json_node_get_value_type (first) == G_TYPE_STRING &&
         g_str_has_prefix (json_node_get_string (first), "$$");
}

/**
 * lens_json_dup_element:
 * @container: an array or a Set in JSON-compat form
 * @index: an index below rk_compat_get_length (@container)
 * @raw: (out) (transfer none): the node of the document at @index
 *
 * Returns: (transfer full): element @index: a reference to the node of the
 *   document, except for element 0 of an escaped array, which is unescaped
 *   into a new node
 */
JsonNode *
lens_json_dup_element (JsonNode  *container,
                       guint      index,
                       JsonNode **raw)
{
  RkValueKind kind = rk_compat_get_kind (container);
  JsonArray *array;

  g_return_val_if_fail (kind == RK_VALUE_KIND_ARRAY || kind == RK_VALUE_KIND_SET, NULL);
  g_return_val_if_fail (raw != NULL, NULL);

  array = kind == RK_VALUE_KIND_SET ? set_elements (container) : json_node_get_array (container);
  g_return_val_if_fail (index < json_array_get_length (array), NULL);

  *raw = json_array_get_element (array, index);
  if (index == 0 && kind == RK_VALUE_KIND_ARRAY && lens_json_is_escaped_array (container))
    return rk_compat_dup_element (container, 0);

  return json_node_ref (*raw);
}

/* Releasing documents */

static GPtrArray *release_stack;
static guint release_source;
static guint release_pending;

/* Releases nodes until @deadline; TRUE when all are released */
static gboolean
release_until (gint64 deadline)
{
  guint n = 0;

  while (release_stack->len > 0)
    {
      JsonNode *node = g_ptr_array_steal_index_fast (release_stack, release_stack->len - 1);

      /* Keep the containers inside, so that dropping this one frees little
       * at once: each is released in its turn. */
      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObjectIter iter;
          const char *name;
          JsonNode *member;

          json_object_iter_init (&iter, json_node_get_object (node));
          while (json_object_iter_next (&iter, &name, &member))
            if (JSON_NODE_HOLDS_OBJECT (member) || JSON_NODE_HOLDS_ARRAY (member))
              g_ptr_array_add (release_stack, json_node_ref (member));
        }
      else if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);
          guint length = json_array_get_length (array);

          for (guint i = 0; i < length; i++)
            {
              JsonNode *element = json_array_get_element (array, i);

              if (JSON_NODE_HOLDS_OBJECT (element) || JSON_NODE_HOLDS_ARRAY (element))
                g_ptr_array_add (release_stack, json_node_ref (element));
            }
        }

      json_node_unref (node);

      if (++n % 32 == 0 && g_get_monotonic_time () >= deadline)
        return FALSE;
    }

  return TRUE;
}

static gboolean
release_cb (gpointer user_data)
{
  if (!release_until (g_get_monotonic_time () + RELEASE_SLICE_US))
    return G_SOURCE_CONTINUE;

  release_source = 0;
  release_pending = 0;
  return G_SOURCE_REMOVE;
}

/**
 * lens_json_release_later:
 * @node: (transfer full) (nullable): a JSON node
 *
 * Drops a reference to @node. For an object or an array, that is done from
 * the main loop, in slices short enough not to delay a frame: when it is the
 * last one, freeing a large document at once would. Call it from the main
 * thread only.
 */
void
lens_json_release_later (JsonNode *node)
{
  if (node == NULL)
    return;

  /* A single value frees nothing much */
  if (!JSON_NODE_HOLDS_OBJECT (node) && !JSON_NODE_HOLDS_ARRAY (node))
    {
      json_node_unref (node);
      return;
    }

  if (release_stack == NULL)
    release_stack = g_ptr_array_new ();

  if (++release_pending > RELEASE_MAX_PENDING)
    {
      release_until (G_MAXINT64);
      release_pending = 1;
    }

  g_ptr_array_add (release_stack, node);
  if (release_source == 0)
    {
      release_source = g_idle_add_full (RELEASE_PRIORITY, release_cb, NULL, NULL);
      g_source_set_static_name (g_main_context_find_source_by_id (NULL, release_source),
                                "[lens] release JSON");
    }
}
