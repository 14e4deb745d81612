/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-server-info.c: what a probe learnt about a RivetKit server */

#define G_LOG_DOMAIN "rk-server-info"

#include "config.h"

#include "rk-actor-type.h"
#include "rk-error.h"
#include "rk-json-private.h"
#include "rk-server-info.h"

struct _RkServerInfo
{
  GObject parent_instance;

  /* Owned references */
  GListStore *actor_types;

  /* State */
  char *runtime;
  char *version;
  char *runner_kind;
  char *client_endpoint;
  char *client_namespace;
  char *client_token;
  RkServerFlavour flavour;
};

enum {
  PROP_0,
  PROP_RUNTIME,
  PROP_VERSION,
  PROP_FLAVOUR,
  PROP_FLAVOUR_LABEL,
  PROP_ACTOR_TYPES,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (RkServerInfo, rk_server_info, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
rk_server_info_finalize (GObject *object)
{
  RkServerInfo *self = (RkServerInfo *)object;

  g_clear_object (&self->actor_types);
  g_clear_pointer (&self->runtime, g_free);
  g_clear_pointer (&self->version, g_free);
  g_clear_pointer (&self->runner_kind, g_free);
  g_clear_pointer (&self->client_endpoint, g_free);
  g_clear_pointer (&self->client_namespace, g_free);
  g_clear_pointer (&self->client_token, g_free);

  G_OBJECT_CLASS (rk_server_info_parent_class)->finalize (object);
}

static void
rk_server_info_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RkServerInfo *self = RK_SERVER_INFO (object);

  switch (prop_id)
    {
    case PROP_RUNTIME:
      g_value_set_string (value, self->runtime);
      break;

    case PROP_VERSION:
      g_value_set_string (value, self->version);
      break;

    case PROP_FLAVOUR:
      g_value_set_int (value, self->flavour);
      break;

    case PROP_FLAVOUR_LABEL:
      g_value_set_string (value, rk_server_info_get_flavour_label (self));
      break;

    case PROP_ACTOR_TYPES:
      g_value_set_object (value, self->actor_types);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rk_server_info_class_init (RkServerInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rk_server_info_finalize;
  object_class->get_property = rk_server_info_get_property;

  properties[PROP_RUNTIME] =
    g_param_spec_string ("runtime", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_VERSION] =
    g_param_spec_string ("version", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FLAVOUR] =
    g_param_spec_int ("flavour", NULL, NULL,
                      RK_SERVER_FLAVOUR_UNKNOWN, RK_SERVER_FLAVOUR_ENGINE, RK_SERVER_FLAVOUR_UNKNOWN,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FLAVOUR_LABEL] =
    g_param_spec_string ("flavour-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTOR_TYPES] =
    g_param_spec_object ("actor-types", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rk_server_info_init (RkServerInfo *self)
{
  self->actor_types = g_list_store_new (RK_TYPE_ACTOR_TYPE);
}

static int
compare_types (gconstpointer a,
               gconstpointer b)
{
  RkActorType *ta = *(RkActorType **)a;
  RkActorType *tb = *(RkActorType **)b;

  return g_strcmp0 (rk_actor_type_get_name (ta), rk_actor_type_get_name (tb));
}

void
_rk_server_info_set_actor_types (RkServerInfo *self,
                                 GPtrArray    *types)
{
  g_return_if_fail (RK_IS_SERVER_INFO (self));

  g_ptr_array_sort (types, compare_types);
  g_list_store_splice (self->actor_types, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->actor_types)),
                       types->pdata, types->len);
}

/**
 * rk_server_info_new_from_metadata:
 * @metadata: the body of `GET /metadata`
 * @error: return location for a #GError
 *
 * Reads a 2.2-style reply (`runtime` "rivetkit", `actorNames`,
 * `clientEndpoint`…) or a 2.3 engine reply (`runtime` "engine", no actor
 * names: those come from `/actors/names`).
 *
 * Returns: (transfer full): a new #RkServerInfo, or %NULL
 */
RkServerInfo *
rk_server_info_new_from_metadata (JsonNode  *metadata,
                                  GError   **error)
{
  g_autoptr(RkServerInfo) self = NULL;
  g_autoptr(GPtrArray) types = NULL;
  JsonObject *object;
  JsonObject *names;
  JsonObject *runner;
  const char *runtime;

  g_return_val_if_fail (metadata != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (metadata))
    {
      g_set_error_literal (error, RK_ERROR, RK_ERROR_INVALID_REPLY,
                           "The server's /metadata reply is not a JSON object: "
                           "this does not look like a RivetKit server");
      return NULL;
    }

  object = json_node_get_object (metadata);
  if (!(runtime = _rk_json_get_string (object, "runtime")))
    {
      g_set_error_literal (error, RK_ERROR, RK_ERROR_INVALID_REPLY,
                           "The server's /metadata reply has no “runtime”: "
                           "this does not look like a RivetKit server");
      return NULL;
    }

  self = g_object_new (RK_TYPE_SERVER_INFO, NULL);
  self->runtime = g_strdup (runtime);
  self->version = g_strdup (_rk_json_get_string (object, "version"));
  self->client_endpoint = g_strdup (_rk_json_get_string (object, "clientEndpoint"));
  self->client_namespace = g_strdup (_rk_json_get_string (object, "clientNamespace"));
  self->client_token = g_strdup (_rk_json_get_string (object, "clientToken"));

  if (g_str_equal (runtime, "rivetkit"))
    self->flavour = RK_SERVER_FLAVOUR_RIVETKIT;
  else if (g_str_equal (runtime, "engine"))
    self->flavour = RK_SERVER_FLAVOUR_ENGINE;
  else
    self->flavour = RK_SERVER_FLAVOUR_UNKNOWN;

  runner = _rk_json_get_object (object, "runner");
  if (runner != NULL)
    {
      JsonObject *kind = _rk_json_get_object (runner, "kind");

      if (kind != NULL && json_object_get_size (kind) > 0)
        {
          g_autoptr(GList) members = json_object_get_members (kind);
          self->runner_kind = g_strdup (members->data);
        }
    }

  types = g_ptr_array_new_with_free_func (g_object_unref);
  if ((names = _rk_json_get_object (object, "actorNames")))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *entry;

      json_object_iter_init (&iter, names);
      while (json_object_iter_next (&iter, &name, &entry))
        g_ptr_array_add (types, rk_actor_type_new_from_json (name, entry));
    }
  _rk_server_info_set_actor_types (self, types);

  return g_steal_pointer (&self);
}

const char *
rk_server_info_get_runtime (RkServerInfo *self)
{
  g_return_val_if_fail (RK_IS_SERVER_INFO (self), NULL);
  return self->runtime;
}

const char *
rk_server_info_get_version (RkServerInfo *self)
{
  g_return_val_if_fail (RK_IS_SERVER_INFO (self), NULL);
  return self->version;
}

RkServerFlavour
rk_server_info_get_flavour (RkServerInfo *self)
{
  g_return_val_if_fail (RK_IS_SERVER_INFO (self), RK_SERVER_FLAVOUR_UNKNOWN);
  return self->flavour;
}

/**
 * rk_server_info_get_flavour_label:
 * @self: a #RkServerInfo
 *
 * Returns: a short untranslated label: "RivetKit", "Rivet Engine" or the runtime
 */
const char *
rk_server_info_get_flavour_label (RkServerInfo *self)
{
  g_return_val_if_fail (RK_IS_SERVER_INFO (self), NULL);

  switch (self->flavour)
    {
    case RK_SERVER_FLAVOUR_RIVETKIT:
      return "RivetKit";
    case RK_SERVER_FLAVOUR_ENGINE:
      return "Rivet Engine";
    case RK_SERVER_FLAVOUR_UNKNOWN:
    default:
      return self->runtime;
    }
}

/**
 * rk_server_info_get_runner_kind:
 * @self: a #RkServerInfo
 *
 * Returns: (nullable): "normal" or "serverless" on 2.2-style servers
 */
const char *
rk_server_info_get_runner_kind (RkServerInfo *self)
{
  g_return_val_if_fail (RK_IS_SERVER_INFO (self), NULL);
  return self->runner_kind;
}

/**
 * rk_server_info_get_client_endpoint:
 * @self: a #RkServerInfo
 *
 * Returns: (nullable): the `clientEndpoint` the server advertises
 */
const char *
rk_server_info_get_client_endpoint (RkServerInfo *self)
{
  g_return_val_if_fail (RK_IS_SERVER_INFO (self), NULL);
  return self->client_endpoint;
}

const char *
rk_server_info_get_client_namespace (RkServerInfo *self)
{
  g_return_val_if_fail (RK_IS_SERVER_INFO (self), NULL);
  return self->client_namespace;
}

const char *
rk_server_info_get_client_token (RkServerInfo *self)
{
  g_return_val_if_fail (RK_IS_SERVER_INFO (self), NULL);
  return self->client_token;
}

/**
 * rk_server_info_get_actor_types:
 * @self: a #RkServerInfo
 *
 * Returns: (transfer none): a #GListModel of #RkActorType, sorted by name
 */
GListModel *
rk_server_info_get_actor_types (RkServerInfo *self)
{
  g_return_val_if_fail (RK_IS_SERVER_INFO (self), NULL);
  return G_LIST_MODEL (self->actor_types);
}

/**
 * rk_server_info_find_actor_type:
 * @self: a #RkServerInfo
 * @name: a registry name
 *
 * Returns: (transfer none) (nullable): the type called @name
 */
RkActorType *
rk_server_info_find_actor_type (RkServerInfo *self,
                                const char   *name)
{
  guint n;

  g_return_val_if_fail (RK_IS_SERVER_INFO (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->actor_types));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RkActorType) type = g_list_model_get_item (G_LIST_MODEL (self->actor_types), i);

      if (g_strcmp0 (rk_actor_type_get_name (type), name) == 0)
        return type;
    }

  return NULL;
}

/**
 * rk_server_info_supports_destroy:
 * @self: a #RkServerInfo
 *
 * Only the Rivet Engine has `DELETE /actors/{id}`; 2.2 answers 404.
 */
gboolean
rk_server_info_supports_destroy (RkServerInfo *self)
{
  g_return_val_if_fail (RK_IS_SERVER_INFO (self), FALSE);
  return self->flavour == RK_SERVER_FLAVOUR_ENGINE;
}

/**
 * rk_server_info_has_namespaces:
 * @self: a #RkServerInfo
 *
 * The engine requires `namespace` on every manager call and has real
 * namespaces; 2.2 accepts any value.
 */
gboolean
rk_server_info_has_namespaces (RkServerInfo *self)
{
  g_return_val_if_fail (RK_IS_SERVER_INFO (self), FALSE);
  return self->flavour == RK_SERVER_FLAVOUR_ENGINE;
}
