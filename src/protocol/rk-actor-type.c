/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-actor-type.c: one actor type of a registry, with its display metadata */

#define G_LOG_DOMAIN "rk-actor-type"

#include "config.h"

#include "rk-actor-type.h"
#include "rk-json-private.h"

struct _RkActorType
{
  GObject parent_instance;

  /* State */
  char *name;
  char *display_name;
  char *icon;
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_DISPLAY_NAME,
  PROP_ICON,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (RkActorType, rk_actor_type, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
rk_actor_type_finalize (GObject *object)
{
  RkActorType *self = (RkActorType *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->icon, g_free);

  G_OBJECT_CLASS (rk_actor_type_parent_class)->finalize (object);
}

static void
rk_actor_type_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RkActorType *self = RK_ACTOR_TYPE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_DISPLAY_NAME:
      g_value_set_string (value, rk_actor_type_get_display_name (self));
      break;

    case PROP_ICON:
      g_value_set_string (value, self->icon);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rk_actor_type_class_init (RkActorTypeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rk_actor_type_finalize;
  object_class->get_property = rk_actor_type_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ICON] =
    g_param_spec_string ("icon", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rk_actor_type_init (RkActorType *self)
{
}

/**
 * rk_actor_type_new:
 * @name: the type's registry name
 * @display_name: (nullable): its `options.name`
 * @icon: (nullable): its `options.icon` (a Font Awesome name or an emoji)
 *
 * Returns: (transfer full): a new #RkActorType
 */
RkActorType *
rk_actor_type_new (const char *name,
                   const char *display_name,
                   const char *icon)
{
  RkActorType *self;

  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (RK_TYPE_ACTOR_TYPE, NULL);
  self->name = g_strdup (name);
  self->display_name = display_name && display_name[0] ? g_strdup (display_name) : NULL;
  self->icon = icon && icon[0] ? g_strdup (icon) : NULL;

  return self;
}

/**
 * rk_actor_type_new_from_json:
 * @name: the type's registry name
 * @entry: (nullable): the `{"metadata":{"name","icon"}}` entry of `actorNames`/`names`
 *
 * Missing or oddly typed metadata leaves the display name and icon unset.
 *
 * Returns: (transfer full): a new #RkActorType
 */
RkActorType *
rk_actor_type_new_from_json (const char *name,
                             JsonNode   *entry)
{
  JsonObject *metadata = NULL;

  g_return_val_if_fail (name != NULL, NULL);

  if (entry != NULL && JSON_NODE_HOLDS_OBJECT (entry))
    metadata = _rk_json_get_object (json_node_get_object (entry), "metadata");

  return rk_actor_type_new (name,
                            _rk_json_get_string (metadata, "name"),
                            _rk_json_get_string (metadata, "icon"));
}

const char *
rk_actor_type_get_name (RkActorType *self)
{
  g_return_val_if_fail (RK_IS_ACTOR_TYPE (self), NULL);
  return self->name;
}

/**
 * rk_actor_type_get_display_name:
 * @self: a #RkActorType
 *
 * Returns: the display name from the metadata, else the registry name
 */
const char *
rk_actor_type_get_display_name (RkActorType *self)
{
  g_return_val_if_fail (RK_IS_ACTOR_TYPE (self), NULL);
  return self->display_name ? self->display_name : self->name;
}

gboolean
rk_actor_type_has_display_name (RkActorType *self)
{
  g_return_val_if_fail (RK_IS_ACTOR_TYPE (self), FALSE);
  return self->display_name != NULL;
}

/**
 * rk_actor_type_get_icon:
 * @self: a #RkActorType
 *
 * Returns: (nullable): the icon from the metadata
 */
const char *
rk_actor_type_get_icon (RkActorType *self)
{
  g_return_val_if_fail (RK_IS_ACTOR_TYPE (self), NULL);
  return self->icon;
}
