/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-type-node.c: one actor type in the sidebar, with its instances refreshed in place
 *
 * Listing goes through the manager API (`GET /actors?name=`), which reads
 * the directory and never wakes an actor. Records are merged into the
 * existing RkActor objects so rows, selection and the open actor page
 * keep their objects across refreshes.
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
  GListStore *instances;
  GCancellable *cancellable;

  /* State */
  char *error_message;
  guint n_awake;
  guint loaded : 1;
  guint loading : 1;
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
}

static void
merge (LensTypeNode *self,
       GPtrArray    *actors)
{
  g_autoptr(GHashTable) fresh = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) known = g_hash_table_new (g_str_hash, g_str_equal);
  guint n;

  for (guint i = 0; i < actors->len; i++)
    {
      RkActor *actor = g_ptr_array_index (actors, i);

      g_hash_table_insert (fresh, (gpointer)rk_actor_get_id (actor), actor);
    }

  /* Drop the actors that are gone, from the end so positions stay valid. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->instances));
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(RkActor) actor = g_list_model_get_item (G_LIST_MODEL (self->instances), i - 1);
      RkActor *newer = g_hash_table_lookup (fresh, rk_actor_get_id (actor));

      if (newer == NULL)
        g_list_store_remove (self->instances, i - 1);
      else
        {
          rk_actor_update_from (actor, newer);
          g_hash_table_add (known, (gpointer)rk_actor_get_id (newer));
        }
    }

  for (guint i = 0; i < actors->len; i++)
    {
      RkActor *actor = g_ptr_array_index (actors, i);

      if (!g_hash_table_contains (known, rk_actor_get_id (actor)))
        g_list_store_append (self->instances, actor);
    }

  recount (self);
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  RkClient *client = (RkClient *)object;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) actors = NULL;
  LensTypeNode *self;

  /* Dispose cancels; then @user_data may be gone. */
  if (!(actors = rk_client_list_actors_finish (client, result, &error)) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = LENS_TYPE_NODE (user_data);
  self->loading = FALSE;

  g_object_freeze_notify (G_OBJECT (self));

  if (actors == NULL)
    {
      g_debug ("listing “%s” failed: %s", rk_actor_type_get_name (self->actor_type),
               error->message);
      if (rk_set_str (&self->error_message, error->message))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
    }
  else
    {
      if (rk_set_str (&self->error_message, NULL))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
      if (!self->loaded)
        {
          self->loaded = TRUE;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
        }
      merge (self, actors);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
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
      g_value_set_boolean (value, self->loading);
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
  self->instances = g_list_store_new (RK_TYPE_ACTOR);
  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (self->instances, "items-changed",
                           G_CALLBACK (instances_changed_cb), self, G_CONNECT_SWAPPED);
}

/**
 * lens_type_node_new:
 * @actor_type: the actor type
 *
 * Returns: (transfer full): a node with no instances loaded yet
 */
LensTypeNode *
lens_type_node_new (RkActorType *actor_type)
{
  LensTypeNode *self;

  g_return_val_if_fail (RK_IS_ACTOR_TYPE (actor_type), NULL);

  self = g_object_new (LENS_TYPE_TYPE_NODE, NULL);
  self->actor_type = g_object_ref (actor_type);

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
 * lens_type_node_add:
 * @self: a #LensTypeNode
 * @actor: an instance of this type, e.g. one just created
 *
 * Adds @actor unless an instance with its ID is already known, in which
 * case that one is updated from @actor.
 *
 * Returns: (transfer none): the instance in the list
 */
RkActor *
lens_type_node_add (LensTypeNode *self,
                    RkActor      *actor)
{
  guint n;

  g_return_val_if_fail (LENS_IS_TYPE_NODE (self), NULL);
  g_return_val_if_fail (RK_IS_ACTOR (actor), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->instances));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RkActor) known = g_list_model_get_item (G_LIST_MODEL (self->instances), i);

      if (g_str_equal (rk_actor_get_id (known), rk_actor_get_id (actor)))
        {
          rk_actor_update_from (known, actor);
          recount (self);
          return known;
        }
    }

  g_list_store_append (self->instances, actor);
  recount (self);

  return actor;
}

/**
 * lens_type_node_refresh:
 * @self: a #LensTypeNode
 * @client: the endpoint
 *
 * Lists the instances again and merges them in place. Does nothing while
 * a refresh is under way.
 */
void
lens_type_node_refresh (LensTypeNode *self,
                        RkClient     *client)
{
  g_return_if_fail (LENS_IS_TYPE_NODE (self));
  g_return_if_fail (RK_IS_CLIENT (client));

  if (self->loading)
    return;

  self->loading = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  rk_client_list_actors_async (client, rk_actor_type_get_name (self->actor_type),
                               self->cancellable, list_cb, self);
}
