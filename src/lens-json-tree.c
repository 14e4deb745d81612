/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-json-tree.c: a JSON-compat value as a key / type / value tree table
 *
 * A GtkColumnView over a GtkTreeListModel of LensJsonNode. Setting a new
 * value of the same shape updates the nodes in place, so expanded rows
 * stay expanded while a live state changes underneath.
 *
 * Comparing two versions of a multi-megabyte state walks all of both,
 * which takes tens of milliseconds: a small value is diffed at once, a
 * large one in a worker thread (LensJsonDiff, lens-json-diff.c, only reads
 * the documents), cancelled when a newer value arrives. The rows then take
 * the diff on the main thread, visiting only the rows made so far.
 */

#define G_LOG_DOMAIN "lens-json-tree"

#include "config.h"

#include "rk-compat.h"

#include "lens-json-tree.h"
#include "lens-util.h"

/* Values of up to this many nodes are diffed on the main thread (well under a millisecond) */
#define SYNC_DIFF_NODES 4000

typedef struct
{
  JsonNode *old_value;
  JsonNode *new_value;
} DiffJob;

struct _LensJsonTree
{
  GtkWidget parent_instance;

  /* Owned references */
  LensJsonNode *root;
  GtkTreeListModel *tree;
  GtkSingleSelection *selection;
  GCancellable *diff_cancellable;

  /* Template widgets */
  GtkColumnView *column_view;

  /* State */
  guint highlight_changes : 1;
  guint autoexpand : 1;
};

enum {
  PROP_0,
  PROP_VALUE,
  PROP_HIGHLIGHT_CHANGES,
  PROP_AUTOEXPAND,
  PROP_BUSY,
  N_PROPS
};

enum {
  NODE_ACTIVATED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (LensJsonTree, lens_json_tree, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static GListModel *
create_child_model_cb (gpointer item,
                       gpointer user_data)
{
  GListModel *children = lens_json_node_get_children (LENS_JSON_NODE (item));

  return children ? g_object_ref (children) : NULL;
}

static char **
lens_json_tree_value_classes_cb (gpointer this_item,
                                 int      kind,
                                 gboolean highlight)
{
  const char *kind_class;

  switch ((RkValueKind)kind)
    {
    case RK_VALUE_KIND_STRING:
      kind_class = "json-string";
      break;

    case RK_VALUE_KIND_INTEGER:
    case RK_VALUE_KIND_DOUBLE:
      kind_class = "json-number";
      break;

    case RK_VALUE_KIND_BOOLEAN:
      kind_class = "json-boolean";
      break;

    case RK_VALUE_KIND_NULL:
    case RK_VALUE_KIND_UNDEFINED:
      kind_class = "json-null";
      break;

    case RK_VALUE_KIND_BIGINT:
    case RK_VALUE_KIND_UINT8ARRAY:
    case RK_VALUE_KIND_ARRAYBUFFER:
    case RK_VALUE_KIND_SET:
      kind_class = "json-special";
      break;

    case RK_VALUE_KIND_ARRAY:
    case RK_VALUE_KIND_OBJECT:
    default:
      kind_class = "json-container";
      break;
    }

  {
    const char *classes[] = { "json-value", kind_class, highlight ? "json-changed" : NULL, NULL };
    return g_strdupv ((char **)classes);
  }
}

static void
lens_json_tree_activate_cb (LensJsonTree  *self,
                            guint          position,
                            GtkColumnView *column_view)
{
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->tree), position);
  g_autoptr(LensJsonNode) node = row ? gtk_tree_list_row_get_item (row) : NULL;

  if (node != NULL)
    g_signal_emit (self, signals[NODE_ACTIVATED], 0, node);
}

/* Diffing in a thread */

static void
diff_job_free (DiffJob *job)
{
  /* The callback took the references on the main thread: freeing a
   * document here could race with the main thread. */
  g_assert (job->old_value == NULL && job->new_value == NULL);
  g_free (job);
}

static void
diff_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  DiffJob *job = task_data;
  LensJsonDiff *diff = lens_json_diff_new (job->old_value, job->new_value, G_MAXUINT,
                                           cancellable);

  if (diff == NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Diff cancelled");
  else
    g_task_return_pointer (task, diff, (GDestroyNotify)lens_json_diff_free);
}

static void
set_busy (LensJsonTree *self,
          GCancellable *cancellable)
{
  gboolean was_busy = self->diff_cancellable != NULL;

  g_cancellable_cancel (self->diff_cancellable);
  g_clear_object (&self->diff_cancellable);
  if (cancellable != NULL)
    self->diff_cancellable = g_object_ref (cancellable);

  if (was_busy != (cancellable != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
diff_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  LensJsonTree *self = LENS_JSON_TREE (object);
  DiffJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(JsonNode) old_value = g_steal_pointer (&job->old_value);
  g_autoptr(JsonNode) new_value = g_steal_pointer (&job->new_value);
  g_autoptr(LensJsonDiff) diff = g_task_propagate_pointer (G_TASK (result), NULL);
  gboolean current = g_task_get_cancellable (G_TASK (result)) == self->diff_cancellable;

  if (current)
    set_busy (self, NULL);

  if (!current || diff == NULL || self->root == NULL ||
      lens_json_node_get_value (self->root) != old_value)
    {
      /* Superseded: this may be the last reference to a document. */
      lens_json_release_later (g_steal_pointer (&old_value));
      lens_json_release_later (g_steal_pointer (&new_value));
      return;
    }

  if (lens_json_node_apply_diff (self->root, new_value, diff, self->highlight_changes))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
}

static void
start_diff (LensJsonTree *self,
            JsonNode     *old_value,
            JsonNode     *new_value)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GTask) task = g_task_new (self, cancellable, diff_done_cb, NULL);
  DiffJob *job = g_new0 (DiffJob, 1);

  /* Both stay alive, and unchanged, while the thread reads them. */
  job->old_value = json_node_ref (old_value);
  job->new_value = json_node_ref (new_value);
  g_task_set_source_tag (task, start_diff);
  g_task_set_name (task, "[lens] diff JSON");
  g_task_set_task_data (task, job, (GDestroyNotify)diff_job_free);
  set_busy (self, cancellable);
  g_task_run_in_thread (task, diff_thread);
}

static void
rebuild (LensJsonTree *self,
         JsonNode     *value)
{
  g_autoptr(GListModel) top = NULL;

  g_clear_object (&self->root);
  self->root = lens_json_node_new (value);

  if (lens_json_node_is_container (self->root))
    top = g_object_ref (lens_json_node_get_children (self->root));
  else
    {
      GListStore *store = g_list_store_new (LENS_TYPE_JSON_NODE);

      g_list_store_append (store, self->root);
      top = G_LIST_MODEL (store);
    }

  g_clear_object (&self->tree);
  self->tree = gtk_tree_list_model_new (g_steal_pointer (&top), FALSE, self->autoexpand,
                                        create_child_model_cb, NULL, NULL);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->tree));
}

static void
lens_json_tree_dispose (GObject *object)
{
  LensJsonTree *self = (LensJsonTree *)object;

  g_cancellable_cancel (self->diff_cancellable);
  g_clear_object (&self->diff_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), LENS_TYPE_JSON_TREE);

  lens_widget_unparent_children (GTK_WIDGET (self));

  g_clear_object (&self->selection);
  g_clear_object (&self->tree);
  g_clear_object (&self->root);

  G_OBJECT_CLASS (lens_json_tree_parent_class)->dispose (object);
}

static void
lens_json_tree_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LensJsonTree *self = LENS_JSON_TREE (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      g_value_set_boxed (value, lens_json_tree_get_value (self));
      break;

    case PROP_HIGHLIGHT_CHANGES:
      g_value_set_boolean (value, self->highlight_changes);
      break;

    case PROP_AUTOEXPAND:
      g_value_set_boolean (value, self->autoexpand);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->diff_cancellable != NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lens_json_tree_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  LensJsonTree *self = LENS_JSON_TREE (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      lens_json_tree_set_value (self, g_value_get_boxed (value));
      break;

    case PROP_HIGHLIGHT_CHANGES:
      if (self->highlight_changes != g_value_get_boolean (value))
        {
          self->highlight_changes = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_AUTOEXPAND:
      if (self->autoexpand != g_value_get_boolean (value))
        {
          self->autoexpand = g_value_get_boolean (value);
          gtk_tree_list_model_set_autoexpand (self->tree, self->autoexpand);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lens_json_tree_class_init (LensJsonTreeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = lens_json_tree_dispose;
  object_class->get_property = lens_json_tree_get_property;
  object_class->set_property = lens_json_tree_set_property;

  properties[PROP_VALUE] = g_param_spec_boxed ("value", NULL, NULL, JSON_TYPE_NODE, rw);
  properties[PROP_HIGHLIGHT_CHANGES] =
    g_param_spec_boolean ("highlight-changes", NULL, NULL, FALSE, rw);
  properties[PROP_AUTOEXPAND] = g_param_spec_boolean ("autoexpand", NULL, NULL, FALSE, rw);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LensJsonTree::node-activated:
   * @self: the tree
   * @node: the #LensJsonNode of the row activated (Enter or double click)
   */
  signals[NODE_ACTIVATED] =
    g_signal_new ("node-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, LENS_TYPE_JSON_NODE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/actorlens/ActorLens/lens-json-tree.ui");
  gtk_widget_class_bind_template_child (widget_class, LensJsonTree, column_view);
  gtk_widget_class_bind_template_callback (widget_class, lens_json_tree_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, lens_json_tree_value_classes_cb);

  g_type_ensure (LENS_TYPE_JSON_NODE);
}

static void
lens_json_tree_init (LensJsonTree *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  rebuild (self, NULL);
}

GtkWidget *
lens_json_tree_new (void)
{
  return g_object_new (LENS_TYPE_JSON_TREE, NULL);
}

/**
 * lens_json_tree_get_value:
 * @self: a #LensJsonTree
 *
 * Returns: (transfer none) (nullable): the value shown
 */
JsonNode *
lens_json_tree_get_value (LensJsonTree *self)
{
  g_return_val_if_fail (LENS_IS_JSON_TREE (self), NULL);
  return lens_json_node_get_value (self->root);
}

/**
 * lens_json_tree_set_value:
 * @self: a #LensJsonTree
 * @value: (nullable): a value in JSON-compat form
 *
 * Shows @value. A container of the same kind as before is diffed in place,
 * and with #LensJsonTree:highlight-changes the values that changed light up.
 * A large value is diffed in a thread: #LensJsonTree:busy is set until the
 * rows show it. The tree holds a reference to @value, which must not change.
 */
void
lens_json_tree_set_value (LensJsonTree *self,
                          JsonNode     *value)
{
  JsonNode *old_value;
  g_autoptr(LensJsonDiff) diff = NULL;

  g_return_if_fail (LENS_IS_JSON_TREE (self));

  old_value = lens_json_node_get_value (self->root);
  if (old_value == value)
    {
      set_busy (self, NULL);
      return;
    }

  if (rk_compat_get_kind (old_value) != rk_compat_get_kind (value) ||
      !lens_json_node_is_container (self->root))
    {
      set_busy (self, NULL);
      rebuild (self, value);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
      return;
    }

  if (!(diff = lens_json_diff_new (old_value, value, SYNC_DIFF_NODES, NULL)))
    {
      start_diff (self, old_value, value);
      return;
    }

  set_busy (self, NULL);
  if (lens_json_node_apply_diff (self->root, value, diff, self->highlight_changes))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
}

/**
 * lens_json_tree_get_busy:
 * @self: a #LensJsonTree
 *
 * Returns: whether a value set is still being diffed into the rows
 */
gboolean
lens_json_tree_get_busy (LensJsonTree *self)
{
  g_return_val_if_fail (LENS_IS_JSON_TREE (self), FALSE);
  return self->diff_cancellable != NULL;
}

/**
 * lens_json_tree_get_root:
 * @self: a #LensJsonTree
 *
 * Returns: (transfer none): the node of the whole value
 */
LensJsonNode *
lens_json_tree_get_root (LensJsonTree *self)
{
  g_return_val_if_fail (LENS_IS_JSON_TREE (self), NULL);
  return self->root;
}

/**
 * lens_json_tree_get_selected_node:
 * @self: a #LensJsonTree
 *
 * Returns: (transfer none) (nullable): the node of the selected row
 */
LensJsonNode *
lens_json_tree_get_selected_node (LensJsonTree *self)
{
  GtkTreeListRow *row;

  g_return_val_if_fail (LENS_IS_JSON_TREE (self), NULL);

  row = gtk_single_selection_get_selected_item (self->selection);
  if (row == NULL)
    return NULL;

  /* The row holds the node, so a borrowed pointer stays valid. */
  {
    g_autoptr(LensJsonNode) node = gtk_tree_list_row_get_item (row);
    return node;
  }
}

/**
 * lens_json_tree_get_rows:
 * @self: a #LensJsonTree
 *
 * Returns: (transfer none): the visible rows, a #GListModel of #GtkTreeListRow
 */
GListModel *
lens_json_tree_get_rows (LensJsonTree *self)
{
  g_return_val_if_fail (LENS_IS_JSON_TREE (self), NULL);
  return G_LIST_MODEL (self->tree);
}
