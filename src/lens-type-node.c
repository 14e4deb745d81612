/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-type-node.c: one actor type in the sidebar, with its instances refreshed in place
 *
 * The instances are an RkActorList: it lists through the manager API
 * (`GET /actors?name=`), which never wakes an actor, and merges each
 * refresh into the RkActor objects it already has, so rows, the selection
 * and the open actor page keep their objects. The node adds what the
 * sidebar row shows: display metadata, counts and the last error.
 */

#define G_LOG_DOMAIN "lens-type-node"

#include "config.h"

#include <glib/gi18n.h>

#include "rk-util-private.h"

#include "lens-type-node.h"
#include "lens-util.h"

struct _LensTypeNode
{
  GObject parent_instance;

  /* Owned references */
  RkActorType *actor_type;
  RkActorList *instances;
  GCancellable *cancellable;

  /* State */
  char *error_message;
  guint n_awake;
  guint loaded : 1;
};

enum {
  PROP_0,
  PROP_ACTOR_TYPE,
  PROP_NAME,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_ICON_NAME,
  PROP_INSTANCES,
  PROP_N_INSTANCES,
  PROP_N_AWAKE,
  PROP_COUNT_LABEL,
  PROP_LOADED,
  PROP_LOADING,
  PROP_ERROR_MESSAGE,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (LensTypeNode, lens_type_node, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static char *
dup_count_label (LensTypeNode *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->instances));

  if (!self->loaded)
    return g_strdup ("");
  if (self->n_awake == 0)
    return g_strdup_printf ("%u", n);
  /* Translators: awake actors / all actors of a type, in the sidebar */
  return g_strdup_printf (_("%u / %u"), self->n_awake, n);
}

static void
recount (LensTypeNode *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->instances));
  guint awake = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RkActor) actor = g_list_model_get_item (G_LIST_MODEL (self->instances), i);

      if (rk_actor_get_status (actor) == RK_ACTOR_STATUS_AWAKE)
        awake++;
    }

  if (self->n_awake != awake)
    {
      self->n_awake = awake;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_AWAKE]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT_LABEL]);
}

static void
instances_changed_cb (LensTypeNode *self,
                      guint         position,
                      guint         removed,
                      guint         added,
                      GListModel   *model)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_INSTANCES]);
  recount (self);
}

static void
loading_cb (LensTypeNode *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
refresh_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  RkActorList *list = RK_ACTOR_LIST (object);
  g_autoptr(GError) error = NULL;
  LensTypeNode *self;

  /* Dispose cancels; then @user_data may be gone. */
  if (!rk_actor_list_refresh_finish (list, result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = LENS_TYPE_NODE (user_data);

  g_object_freeze_notify (G_OBJECT (self));

  if (error != NULL)
    g_debug ("listing “%s” failed: %s", rk_actor_type_get_name (self->actor_type),
             error->message);
  if (rk_set_str (&self->error_message, error ? error->message : NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);

  if (error == NULL && !self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }

  /* Statuses change in place, without items-changed: count again. */
  recount (self);

  g_object_thaw_notify (G_OBJECT (self));
}

static void
lens_type_node_dispose (GObject *object)
{
  LensTypeNode *self = (LensTypeNode *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->actor_type);
  g_clear_object (&self->instances);

  G_OBJECT_CLASS (lens_type_node_parent_class)->dispose (object);
}

static void
lens_type_node_finalize (GObject *object)
{
  LensTypeNode *self = (LensTypeNode *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->error_message, g_free);

  G_OBJECT_CLASS (lens_type_node_parent_class)->finalize (object);
}

static void
lens_type_node_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LensTypeNode *self = LENS_TYPE_NODE (object);

  switch (prop_id)
    {
    case PROP_ACTOR_TYPE:
      g_value_set_object (value, self->actor_type);
      break;

    case PROP_NAME:
      g_value_set_string (value, rk_actor_type_get_name (self->actor_type));
      break;

    case PROP_TITLE:
      g_value_set_string (value, rk_actor_type_get_display_name (self->actor_type));
      break;

    case PROP_SUBTITLE:
      /* The registry name, when the display name hides it. */
      g_value_set_string (value, rk_actor_type_has_display_name (self->actor_type)
                                 ? rk_actor_type_get_name (self->actor_type) : NULL);
      break;

    case PROP_ICON_NAME:
      g_value_set_string (value,
                          lens_icon_for_actor_type (rk_actor_type_get_icon (self->actor_type)));
      break;

    case PROP_INSTANCES:
      g_value_set_object (value, self->instances);
      break;

    case PROP_N_INSTANCES:
      g_value_set_uint (value, g_list_model_get_n_items (G_LIST_MODEL (self->instances)));
      break;

    case PROP_N_AWAKE:
      g_value_set_uint (value, self->n_awake);
      break;

    case PROP_COUNT_LABEL:
      g_value_take_string (value, dup_count_label (self));
      break;

    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, rk_actor_list_get_loading (self->instances));
      break;

    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lens_type_node_class_init (LensTypeNodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = lens_type_node_dispose;
  object_class->finalize = lens_type_node_finalize;
  object_class->get_property = lens_type_node_get_property;

  properties[PROP_ACTOR_TYPE] =
    g_param_spec_object ("actor-type", NULL, NULL, RK_TYPE_ACTOR_TYPE, ro);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, ro);
  properties[PROP_SUBTITLE] = g_param_spec_string ("subtitle", NULL, NULL, NULL, ro);
  properties[PROP_ICON_NAME] = g_param_spec_string ("icon-name", NULL, NULL, NULL, ro);
  properties[PROP_INSTANCES] =
    g_param_spec_object ("instances", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  properties[PROP_N_INSTANCES] =
    g_param_spec_uint ("n-instances", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_AWAKE] = g_param_spec_uint ("n-awake", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_COUNT_LABEL] = g_param_spec_string ("count-label", NULL, NULL, NULL, ro);
  properties[PROP_LOADED] = g_param_spec_boolean ("loaded", NULL, NULL, FALSE, ro);
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE, ro);
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lens_type_node_init (LensTypeNode *self)
{
  self->cancellable = g_cancellable_new ();
}

/**
 * lens_type_node_new:
 * @client: the endpoint
 * @actor_type: the actor type
 *
 * Returns: (transfer full): a node with no instances loaded yet
 */
LensTypeNode *
lens_type_node_new (RkClient    *client,
                    RkActorType *actor_type)
{
  LensTypeNode *self;

  g_return_val_if_fail (RK_IS_CLIENT (client), NULL);
  g_return_val_if_fail (RK_IS_ACTOR_TYPE (actor_type), NULL);

  self = g_object_new (LENS_TYPE_TYPE_NODE, NULL);
  self->actor_type = g_object_ref (actor_type);
  self->instances = rk_actor_list_new (client, rk_actor_type_get_name (actor_type));
  g_signal_connect_object (self->instances, "items-changed",
                           G_CALLBACK (instances_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->instances, "notify::loading",
                           G_CALLBACK (loading_cb), self, G_CONNECT_SWAPPED);

  return self;
}

RkActorType *
lens_type_node_get_actor_type (LensTypeNode *self)
{
  g_return_val_if_fail (LENS_IS_TYPE_NODE (self), NULL);
  return self->actor_type;
}

/**
 * lens_type_node_set_actor_type:
 * @self: a #LensTypeNode
 * @actor_type: a fresher record of the same type
 *
 * Takes new display metadata, notifying only what changed.
 */
void
lens_type_node_set_actor_type (LensTypeNode *self,
                               RkActorType  *actor_type)
{
  gboolean same;

  g_return_if_fail (LENS_IS_TYPE_NODE (self));
  g_return_if_fail (RK_IS_ACTOR_TYPE (actor_type));
  g_return_if_fail (g_strcmp0 (rk_actor_type_get_name (actor_type),
                               rk_actor_type_get_name (self->actor_type)) == 0);

  same = g_strcmp0 (rk_actor_type_get_display_name (actor_type),
                    rk_actor_type_get_display_name (self->actor_type)) == 0 &&
         g_strcmp0 (rk_actor_type_get_icon (actor_type),
                    rk_actor_type_get_icon (self->actor_type)) == 0;

  if (!g_set_object (&self->actor_type, actor_type) || same)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTOR_TYPE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBTITLE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ICON_NAME]);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
lens_type_node_get_name (LensTypeNode *self)
{
  g_return_val_if_fail (LENS_IS_TYPE_NODE (self), NULL);
  return rk_actor_type_get_name (self->actor_type);
}

/**
 * lens_type_node_get_instances:
 * @self: a #LensTypeNode
 *
 * Returns: (transfer none): a #GListModel of #RkActor
 */
GListModel *
lens_type_node_get_instances (LensTypeNode *self)
{
  g_return_val_if_fail (LENS_IS_TYPE_NODE (self), NULL);
  return G_LIST_MODEL (self->instances);
}

guint
lens_type_node_get_n_awake (LensTypeNode *self)
{
  g_return_val_if_fail (LENS_IS_TYPE_NODE (self), 0);
  return self->n_awake;
}

gboolean
lens_type_node_get_loaded (LensTypeNode *self)
{
  g_return_val_if_fail (LENS_IS_TYPE_NODE (self), FALSE);
  return self->loaded;
}

gboolean
lens_type_node_get_loading (LensTypeNode *self)
{
  g_return_val_if_fail (LENS_IS_TYPE_NODE (self), FALSE);
  return rk_actor_list_get_loading (self->instances);
}

/**
 * lens_type_node_get_error_message:
 * @self: a #LensTypeNode
 *
 * Returns: (nullable): why the last refresh failed
 */
const char *
lens_type_node_get_error_message (LensTypeNode *self)
{
  g_return_val_if_fail (LENS_IS_TYPE_NODE (self), NULL);
  return self->error_message;
}

/**
 * lens_type_node_find:
 * @self: a #LensTypeNode
 * @key: the key parts
 *
 * Returns: (transfer none) (nullable): the loaded instance with @key
 */
RkActor *
lens_type_node_find (LensTypeNode       *self,
                     const char * const *key)
{
  guint n;

  g_return_val_if_fail (LENS_IS_TYPE_NODE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->instances));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RkActor) actor = g_list_model_get_item (G_LIST_MODEL (self->instances), i);
      const char * const *other = rk_actor_get_key (actor);

      if (other != NULL && g_strv_equal ((const char * const *)key, other))
        return actor;
    }

  return NULL;
}

/**
 * lens_type_node_lookup:
 * @self: a #LensTypeNode
 * @actor_id: an actor ID
 *
 * Returns: (transfer none) (nullable): the listed instance with that ID
 */
RkActor *
lens_type_node_lookup (LensTypeNode *self,
                       const char   *actor_id)
{
  g_return_val_if_fail (LENS_IS_TYPE_NODE (self), NULL);
  g_return_val_if_fail (actor_id != NULL, NULL);

  return rk_actor_list_lookup (self->instances, actor_id);
}

/**
 * lens_type_node_refresh:
 * @self: a #LensTypeNode
 *
 * Lists the instances again and merges them in place. Does nothing while
 * a refresh is under way.
 */
void
lens_type_node_refresh (LensTypeNode *self)
{
  g_return_if_fail (LENS_IS_TYPE_NODE (self));

  if (rk_actor_list_get_loading (self->instances))
    return;

  rk_actor_list_refresh_async (self->instances, self->cancellable, refresh_cb, self);
}
