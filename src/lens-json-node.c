/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-json-node.c: one value of a JSON-compat document, as a row of a tree
 *
 * Children are made when the tree first expands a node. Updates are
 * diffed into the existing children (objects by member name, arrays by
 * position), so rows keep their expansion and selection, and the values
 * that changed light up for a moment.
 *
 * Applying a diff (see LensJsonDiff in lens-json-diff.c) only visits the
 * rows made so far. Every node holds a reference to the node of the
 * document at its place (never a copy), so that a node can be found in the
 * diff by its address, and so that no row holds part of an older version
 * once the diff is applied. A replaced document is let go of in slices
 * (lens_json_release_later ()).
 */

#define G_LOG_DOMAIN "lens-json-node"

#include "config.h"

#include "rk-compat.h"

#include "lens-json-diff.h"
#include "lens-json-node.h"

#define FLASH_MS 1600
#define PREVIEW_CHARS 160

struct _LensJsonNode
{
  GObject parent_instance;

  /* Owned references */
  JsonNode *value;
  GListStore *children;

  /* Borrowed (weak) references */
  LensJsonNode *parent;

  /* State */
  char *name;
  char *key;
  char *preview;
  int index;
  guint flash_id;
  guint highlight : 1;
  guint editable : 1;
};

enum {
  PROP_0,
  PROP_KEY,
  PROP_VALUE,
  PROP_KIND,
  PROP_TYPE_LABEL,
  PROP_PREVIEW,
  PROP_HIGHLIGHT,
  PROP_EDITABLE,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (LensJsonNode, lens_json_node, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static gboolean
is_container_kind (RkValueKind kind)
{
  return kind == RK_VALUE_KIND_OBJECT || kind == RK_VALUE_KIND_ARRAY || kind == RK_VALUE_KIND_SET;
}

static LensJsonNode *
child_new (LensJsonNode *parent,
           const char   *name,
           int           index,
           JsonNode     *value)
{
  LensJsonNode *self = lens_json_node_new (value);
  RkValueKind parent_kind = rk_compat_get_kind (parent->value);

  g_set_weak_pointer (&self->parent, parent);
  self->name = g_strdup (name);
  self->index = index;
  g_free (self->key);
  self->key = name ? g_strdup (name) : g_strdup_printf ("[%d]", index);
  self->editable = parent->editable &&
                   (parent_kind == RK_VALUE_KIND_OBJECT ||
                    (parent_kind == RK_VALUE_KIND_ARRAY &&
                     !lens_json_is_escaped_array (parent->value)));

  return self;
}

static gboolean
flash_done_cb (gpointer user_data)
{
  LensJsonNode *self = user_data;

  self->flash_id = 0;
  self->highlight = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGHLIGHT]);

  return G_SOURCE_REMOVE;
}

static void
flash (LensJsonNode *self)
{
  g_clear_handle_id (&self->flash_id, g_source_remove);
  self->flash_id = g_timeout_add (FLASH_MS, flash_done_cb, self);

  if (!self->highlight)
    {
      self->highlight = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGHLIGHT]);
    }
}

static void
populate (LensJsonNode *self)
{
  RkValueKind kind = rk_compat_get_kind (self->value);

  if (kind == RK_VALUE_KIND_OBJECT)
    {
      JsonObject *object = json_node_get_object (self->value);
      g_autoptr(GList) names = json_object_get_members (object);

      /* Members in the order the actor wrote them (json_object_iter is unordered). */
      for (GList *l = names; l != NULL; l = l->next)
        {
          g_autoptr(LensJsonNode) child = child_new (self, l->data, -1,
                                                     json_object_get_member (object, l->data));
          g_list_store_append (self->children, child);
        }
    }
  else if (kind == RK_VALUE_KIND_ARRAY || kind == RK_VALUE_KIND_SET)
    {
      guint n = rk_compat_get_length (self->value);
      g_autoptr(GPtrArray) children = g_ptr_array_new_full (n, g_object_unref);

      for (guint i = 0; i < n; i++)
        {
          JsonNode *raw;
          g_autoptr(JsonNode) element = lens_json_dup_element (self->value, i, &raw);

          g_ptr_array_add (children, child_new (self, NULL, i, element));
        }
      /* One items-changed for a long array, not one per element */
      g_list_store_splice (self->children, 0, 0, children->pdata, children->len);
    }
}

static int
find_child (GListStore *store,
            guint       from,
            const char *name)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  for (guint i = from; i < n; i++)
    {
      g_autoptr(LensJsonNode) child = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (g_strcmp0 (child->name, name) == 0)
        return i;
    }

  return -1;
}

static gboolean apply_node (LensJsonNode *self,
                            JsonNode     *value,
                            JsonNode     *raw,
                            LensJsonDiff *diff,
                            gboolean      flash_changes);

/* The values did not change: the rows made so far take the new version's nodes */
static void
refresh_children (LensJsonNode *self,
                  LensJsonDiff *diff)
{
  GListModel *model = G_LIST_MODEL (self->children);
  guint n = g_list_model_get_n_items (model);
  gboolean is_object = JSON_NODE_HOLDS_OBJECT (self->value);
  guint length = is_object ? 0 : rk_compat_get_length (self->value);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LensJsonNode) child = g_list_model_get_item (model, i);

      if (is_object)
        {
          JsonNode *member = json_object_get_member (json_node_get_object (self->value),
                                                     child->name);
          if (member != NULL)
            apply_node (child, member, member, diff, FALSE);
        }
      else if (i < length)
        {
          JsonNode *raw;
          g_autoptr(JsonNode) element = lens_json_dup_element (self->value, i, &raw);

          apply_node (child, element, raw, diff, FALSE);
        }
    }
}

static void
diff_object (LensJsonNode *self,
             LensJsonDiff *diff,
             gboolean      do_flash)
{
  JsonObject *object = json_node_get_object (self->value);
  GListModel *model = G_LIST_MODEL (self->children);
  g_autoptr(GList) names = json_object_get_members (object);
  guint position = 0;

  for (guint i = g_list_model_get_n_items (model); i > 0; i--)
    {
      g_autoptr(LensJsonNode) child = g_list_model_get_item (model, i - 1);

      if (child->name == NULL || !json_object_has_member (object, child->name))
        g_list_store_remove (self->children, i - 1);
    }

  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *member = json_object_get_member (object, name);
      int found = find_child (self->children, position, name);

      if (found == (int)position)
        {
          g_autoptr(LensJsonNode) child = g_list_model_get_item (model, position);
          apply_node (child, member, member, diff, do_flash);
        }
      else if (found >= 0)
        {
          g_autoptr(LensJsonNode) child = g_list_model_get_item (model, found);

          g_list_store_remove (self->children, found);
          g_list_store_insert (self->children, position, child);
          apply_node (child, member, member, diff, do_flash);
        }
      else
        {
          g_autoptr(LensJsonNode) child = child_new (self, name, -1, member);

          g_list_store_insert (self->children, position, child);
          if (do_flash)
            flash (child);
        }

      position++;
    }
}

static void
diff_elements (LensJsonNode *self,
               LensJsonDiff *diff,
               gboolean      do_flash)
{
  GListModel *model = G_LIST_MODEL (self->children);
  guint old_n = g_list_model_get_n_items (model);
  guint new_n = rk_compat_get_length (self->value);

  for (guint i = 0; i < MIN (old_n, new_n); i++)
    {
      g_autoptr(LensJsonNode) child = g_list_model_get_item (model, i);
      JsonNode *raw;
      g_autoptr(JsonNode) element = lens_json_dup_element (self->value, i, &raw);

      apply_node (child, element, raw, diff, do_flash);
    }

  if (old_n > new_n)
    g_list_store_splice (self->children, new_n, old_n - new_n, NULL, 0);

  for (guint i = old_n; i < new_n; i++)
    {
      JsonNode *raw;
      g_autoptr(JsonNode) element = lens_json_dup_element (self->value, i, &raw);
      g_autoptr(LensJsonNode) child = child_new (self, NULL, i, element);

      g_list_store_append (self->children, child);
      if (do_flash)
        flash (child);
    }
}

/* Takes @value, the node at this place in the new version (@raw is that
 * node in the document, which differs for an unescaped element). */
static gboolean
apply_node (LensJsonNode *self,
            JsonNode     *value,
            JsonNode     *raw,
            LensJsonDiff *diff,
            gboolean      flash_changes)
{
  JsonNode *old_value = self->value;
  RkValueKind old_kind;
  RkValueKind new_kind;
  gboolean changed;

  if (old_value == value)
    return FALSE;

  changed = lens_json_diff_has_changed (diff, raw);
  old_kind = rk_compat_get_kind (old_value);
  new_kind = rk_compat_get_kind (value);
  self->value = value ? json_node_ref (value) : NULL;

  /* The root holds the old document: let it go in slices. Below it, the
   * old document still holds what a row lets go of, so that costs nothing. */
  if (self->parent == NULL)
    lens_json_release_later (old_value);
  else if (old_value != NULL)
    json_node_unref (old_value);

  if (!changed)
    {
      if (self->children != NULL)
        refresh_children (self, diff);
      return FALSE;
    }

  g_clear_pointer (&self->preview, g_free);
  g_object_freeze_notify (G_OBJECT (self));

  if (self->children != NULL)
    {
      if (new_kind == RK_VALUE_KIND_OBJECT && old_kind == RK_VALUE_KIND_OBJECT)
        diff_object (self, diff, flash_changes);
      else if (is_container_kind (new_kind) && new_kind == old_kind)
        diff_elements (self, diff, flash_changes);
      else
        {
          g_list_store_remove_all (self->children);
          populate (self);
        }
    }

  /* Leaves light up; so do containers whose changes are folded away. */
  if (flash_changes && (self->children == NULL || !is_container_kind (new_kind)))
    flash (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREVIEW]);
  if (old_kind != new_kind)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TYPE_LABEL]);
    }

  g_object_thaw_notify (G_OBJECT (self));

  return TRUE;
}

static void
lens_json_node_dispose (GObject *object)
{
  LensJsonNode *self = (LensJsonNode *)object;

  g_clear_handle_id (&self->flash_id, g_source_remove);
  g_clear_weak_pointer (&self->parent);
  g_clear_object (&self->children);

  G_OBJECT_CLASS (lens_json_node_parent_class)->dispose (object);
}

static void
lens_json_node_finalize (GObject *object)
{
  LensJsonNode *self = (LensJsonNode *)object;

  /* A row may hold the last reference to part of a document */
  lens_json_release_later (g_steal_pointer (&self->value));
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->preview, g_free);

  G_OBJECT_CLASS (lens_json_node_parent_class)->finalize (object);
}

static void
lens_json_node_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LensJsonNode *self = LENS_JSON_NODE (object);

  switch (prop_id)
    {
    case PROP_KEY:
      g_value_set_string (value, self->key);
      break;

    case PROP_VALUE:
      g_value_set_boxed (value, self->value);
      break;

    case PROP_KIND:
      g_value_set_int (value, lens_json_node_get_kind (self));
      break;

    case PROP_TYPE_LABEL:
      g_value_set_string (value, rk_value_kind_to_string (lens_json_node_get_kind (self)));
      break;

    case PROP_PREVIEW:
      g_value_take_string (value, lens_json_node_dup_preview (self));
      break;

    case PROP_HIGHLIGHT:
      g_value_set_boolean (value, self->highlight);
      break;

    case PROP_EDITABLE:
      g_value_set_boolean (value, self->editable);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lens_json_node_class_init (LensJsonNodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = lens_json_node_dispose;
  object_class->finalize = lens_json_node_finalize;
  object_class->get_property = lens_json_node_get_property;

  properties[PROP_KEY] = g_param_spec_string ("key", NULL, NULL, NULL, ro);
  properties[PROP_VALUE] = g_param_spec_boxed ("value", NULL, NULL, JSON_TYPE_NODE, ro);
  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL, RK_VALUE_KIND_NULL, RK_VALUE_KIND_OBJECT,
                      RK_VALUE_KIND_UNDEFINED, ro);
  properties[PROP_TYPE_LABEL] = g_param_spec_string ("type-label", NULL, NULL, NULL, ro);
  properties[PROP_PREVIEW] = g_param_spec_string ("preview", NULL, NULL, NULL, ro);
  properties[PROP_HIGHLIGHT] = g_param_spec_boolean ("highlight", NULL, NULL, FALSE, ro);
  properties[PROP_EDITABLE] = g_param_spec_boolean ("editable", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lens_json_node_init (LensJsonNode *self)
{
  self->index = -1;
  self->editable = TRUE;
}

/**
 * lens_json_node_new:
 * @value: (nullable): a value in JSON-compat form; %NULL is undefined
 *
 * Returns: (transfer full): a root node for @value
 */
LensJsonNode *
lens_json_node_new (JsonNode *value)
{
  LensJsonNode *self = g_object_new (LENS_TYPE_JSON_NODE, NULL);

  self->value = value ? json_node_ref (value) : NULL;
  self->key = g_strdup ("$");

  return self;
}

const char *
lens_json_node_get_key (LensJsonNode *self)
{
  g_return_val_if_fail (LENS_IS_JSON_NODE (self), NULL);
  return self->key;
}

/**
 * lens_json_node_get_value:
 * @self: a #LensJsonNode
 *
 * Returns: (transfer none) (nullable): the value in JSON-compat form
 */
JsonNode *
lens_json_node_get_value (LensJsonNode *self)
{
  g_return_val_if_fail (LENS_IS_JSON_NODE (self), NULL);
  return self->value;
}

RkValueKind
lens_json_node_get_kind (LensJsonNode *self)
{
  g_return_val_if_fail (LENS_IS_JSON_NODE (self), RK_VALUE_KIND_UNDEFINED);
  return rk_compat_get_kind (self->value);
}

gboolean
lens_json_node_is_container (LensJsonNode *self)
{
  g_return_val_if_fail (LENS_IS_JSON_NODE (self), FALSE);
  return is_container_kind (rk_compat_get_kind (self->value));
}

gboolean
lens_json_node_get_highlight (LensJsonNode *self)
{
  g_return_val_if_fail (LENS_IS_JSON_NODE (self), FALSE);
  return self->highlight;
}

/**
 * lens_json_node_get_editable:
 * @self: a #LensJsonNode
 *
 * Returns: whether the value can be replaced by path: every container
 *   above it is an object or a plain array (not a Set)
 */
gboolean
lens_json_node_get_editable (LensJsonNode *self)
{
  g_return_val_if_fail (LENS_IS_JSON_NODE (self), FALSE);
  return self->editable;
}

/**
 * lens_json_node_dup_path:
 * @self: a #LensJsonNode
 *
 * Returns: (transfer full): a JSONPath such as `$.messages[2].text`
 */
char *
lens_json_node_dup_path (LensJsonNode *self)
{
  g_autofree char *above = NULL;
  gboolean plain = TRUE;

  g_return_val_if_fail (LENS_IS_JSON_NODE (self), NULL);

  if (self->parent == NULL)
    return g_strdup ("$");

  above = lens_json_node_dup_path (self->parent);
  if (self->name == NULL)
    return g_strdup_printf ("%s[%d]", above, self->index);

  for (const char *p = self->name; *p != '\0'; p++)
    plain &= g_ascii_isalnum (*p) || *p == '_' || *p == '$';
  if (plain && self->name[0] != '\0' && !g_ascii_isdigit (self->name[0]))
    return g_strdup_printf ("%s.%s", above, self->name);

  {
    g_autoptr(JsonNode) quoted = json_node_new (JSON_NODE_VALUE);
    g_autofree char *text = NULL;

    json_node_set_string (quoted, self->name);
    text = json_to_string (quoted, FALSE);
    return g_strdup_printf ("%s[%s]", above, text);
  }
}

/**
 * lens_json_node_dup_preview:
 * @self: a #LensJsonNode
 *
 * Returns: (transfer full): a one-line preview of the value
 */
char *
lens_json_node_dup_preview (LensJsonNode *self)
{
  g_return_val_if_fail (LENS_IS_JSON_NODE (self), NULL);

  if (self->preview == NULL)
    self->preview = rk_compat_describe (self->value, PREVIEW_CHARS);

  return g_strdup (self->preview);
}

/**
 * lens_json_node_get_children:
 * @self: a #LensJsonNode
 *
 * Returns: (transfer none) (nullable): a #GListModel of #LensJsonNode for
 *   an object, array or Set; %NULL for anything else
 */
GListModel *
lens_json_node_get_children (LensJsonNode *self)
{
  g_return_val_if_fail (LENS_IS_JSON_NODE (self), NULL);

  if (!lens_json_node_is_container (self))
    return NULL;

  if (self->children == NULL)
    {
      self->children = g_list_store_new (LENS_TYPE_JSON_NODE);
      populate (self);
    }

  return G_LIST_MODEL (self->children);
}

/**
 * lens_json_node_update:
 * @self: a #LensJsonNode
 * @value: (nullable): the new value
 * @flash: whether changed values light up for a moment
 *
 * Takes @value, diffing it into the children made so far. This walks all
 * of @value; for a large one, make the diff in a thread with
 * lens_json_diff_new () and apply it with lens_json_node_apply_diff ().
 *
 * Returns: %TRUE if the value changed
 */
gboolean
lens_json_node_update (LensJsonNode *self,
                       JsonNode     *value,
                       gboolean      flash_changes)
{
  g_autoptr(LensJsonDiff) diff = NULL;

  g_return_val_if_fail (LENS_IS_JSON_NODE (self), FALSE);

  diff = lens_json_diff_new (self->value, value, G_MAXUINT, NULL);
  return lens_json_node_apply_diff (self, value, diff, flash_changes);
}

/**
 * lens_json_node_apply_diff:
 * @self: a #LensJsonNode
 * @value: (nullable): the new value
 * @diff: the diff from the value of @self to @value
 * @flash: whether changed values light up for a moment
 *
 * Takes @value like lens_json_node_update (), with the work of comparing
 * the two versions already done. Only the rows made so far are visited.
 *
 * Returns: %TRUE if the value changed
 */
gboolean
lens_json_node_apply_diff (LensJsonNode *self,
                           JsonNode     *value,
                           LensJsonDiff *diff,
                           gboolean      flash_changes)
{
  g_return_val_if_fail (LENS_IS_JSON_NODE (self), FALSE);
  g_return_val_if_fail (diff != NULL, FALSE);
  g_return_val_if_fail (lens_json_diff_get_old_value (diff) == self->value, FALSE);
  g_return_val_if_fail (lens_json_diff_get_new_value (diff) == value, FALSE);

  return apply_node (self, value, value, diff, flash_changes);
}

static GPtrArray *
chain (LensJsonNode *self)
{
  GPtrArray *nodes = g_ptr_array_new ();

  for (LensJsonNode *node = self; node != NULL && node->parent != NULL; node = node->parent)
    g_ptr_array_insert (nodes, 0, node);

  return nodes;
}

static JsonNode *
step (JsonNode     *container,
      LensJsonNode *node)
{
  if (node->name != NULL)
    return JSON_NODE_HOLDS_OBJECT (container)
           ? json_object_get_member (json_node_get_object (container), node->name)
           : NULL;

  if (!JSON_NODE_HOLDS_ARRAY (container) || node->index < 0 ||
      (guint)node->index >= json_array_get_length (json_node_get_array (container)))
    return NULL;

  return json_array_get_element (json_node_get_array (container), node->index);
}

/**
 * lens_json_node_lookup:
 * @self: a #LensJsonNode
 * @root: another version of the document @self belongs to
 *
 * Returns: (transfer none) (nullable): the value at the path of @self in
 *   @root, or %NULL if there is none (or @self is not editable)
 */
JsonNode *
lens_json_node_lookup (LensJsonNode *self,
                       JsonNode     *root)
{
  g_autoptr(GPtrArray) nodes = NULL;
  JsonNode *current = root;

  g_return_val_if_fail (LENS_IS_JSON_NODE (self), NULL);

  if (!self->editable || root == NULL)
    return NULL;

  nodes = chain (self);
  for (guint i = 0; current != NULL && i < nodes->len; i++)
    current = step (current, g_ptr_array_index (nodes, i));

  return current;
}

/**
 * lens_json_node_replace_in:
 * @self: a #LensJsonNode
 * @root: a mutable copy of the document (see lens_json_deep_copy ())
 * @value: the new value for the path of @self
 *
 * Returns: %TRUE if @root had the path and now holds @value there
 */
gboolean
lens_json_node_replace_in (LensJsonNode *self,
                           JsonNode     *root,
                           JsonNode     *value)
{
  g_autoptr(GPtrArray) nodes = NULL;
  LensJsonNode *last;
  JsonNode *container = root;

  g_return_val_if_fail (LENS_IS_JSON_NODE (self), FALSE);
  g_return_val_if_fail (root != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (!self->editable || self->parent == NULL)
    return FALSE;

  nodes = chain (self);
  for (guint i = 0; container != NULL && i + 1 < nodes->len; i++)
    container = step (container, g_ptr_array_index (nodes, i));

  if (container == NULL)
    return FALSE;

  last = g_ptr_array_index (nodes, nodes->len - 1);
  if (last->name != NULL)
    {
      if (!JSON_NODE_HOLDS_OBJECT (container))
        return FALSE;
      json_object_set_member (json_node_get_object (container), last->name,
                              json_node_copy (value));
      return TRUE;
    }

  if (step (container, last) == NULL)
    return FALSE;

  /* json-glib 1.6 cannot replace an element: rebuild the array. */
  {
    JsonArray *old = json_node_get_array (container);
    guint n = json_array_get_length (old);
    JsonArray *array = json_array_sized_new (n);

    for (guint i = 0; i < n; i++)
      json_array_add_element (array, i == (guint)last->index
                                     ? json_node_copy (value)
                                     : json_node_ref (json_array_get_element (old, i)));
    json_node_take_array (container, array);
  }

  return TRUE;
}
