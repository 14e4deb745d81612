/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-inspector-read.c: BARE schema elements of the inspector protocol, read into JSON */

#define G_LOG_DOMAIN "rk-inspector-protocol"

#include "config.h"

#include "rk-bare.h"
#include "rk-cbor.h"
#include "rk-error.h"
#include "rk-inspector-protocol-private.h"
#include "rk-inspector-protocol.h"

/* Decoding helpers. Each one reads one schema element and either fills its
 * out parameter (transfer full) or sets @error. */

JsonNode *
_rk_inspector_uint_node (guint64 value)
{
  JsonNode *node;

  if (value <= G_MAXINT64)
    {
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_int (node, (gint64)value);
    }
  else
    {
      /* JSON integers are signed 64-bit here: use the JSON-compat BigInt form. */
      JsonArray *array = json_array_new ();
      char digits[32];

      g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, value);
      json_array_add_string_element (array, "$BigInt");
      json_array_add_string_element (array, digits);
      node = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (node, array);
    }

  return node;
}

JsonNode *
_rk_inspector_null_node (void)
{
  return json_node_new (JSON_NODE_NULL);
}

JsonNode *
_rk_inspector_cbor_to_node (const guint8  *data,
              gsize          length,
              const char    *what,
              GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *node;

  /* RivetKit decodes empty bytes as undefined rather than failing. */
  if (length == 0)
    return _rk_inspector_null_node ();

  if (!(node = rk_cbor_decode (data, length, &local_error)))
    {
      if (local_error == NULL)
        g_set_error (error, RK_ERROR, RK_ERROR_PROTOCOL, "Invalid CBOR in %s", what);
      else
        g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                    "Invalid CBOR in %s: ", what);
      return NULL;
    }

  return node;
}

gboolean
_rk_inspector_read_cbor (RkBareReader  *reader,
           const char    *what,
           JsonNode     **out,
           GError       **error)
{
  const guint8 *data = NULL;
  gsize length = 0;

  if (!rk_bare_read_data (reader, &data, &length, error))
    return FALSE;

  return (*out = _rk_inspector_cbor_to_node (data, length, what, error)) != NULL;
}

/* Leaves *out NULL when the optional is absent. */
gboolean
_rk_inspector_read_optional_cbor (RkBareReader  *reader,
                    const char    *what,
                    JsonNode     **out,
                    GError       **error)
{
  gboolean present = FALSE;

  if (!rk_bare_read_optional (reader, &present, error))
    return FALSE;

  return !present || _rk_inspector_read_cbor (reader, what, out, error);
}

gboolean
_rk_inspector_read_bytes (RkBareReader  *reader,
            GBytes       **out,
            GError       **error)
{
  const guint8 *data = NULL;
  gsize length = 0;

  if (!rk_bare_read_data (reader, &data, &length, error))
    return FALSE;

  *out = g_bytes_new (length > 0 ? data : NULL, length);
  return TRUE;
}

gboolean
_rk_inspector_read_optional_bytes (RkBareReader  *reader,
                     GBytes       **out,
                     GError       **error)
{
  gboolean present = FALSE;

  if (!rk_bare_read_optional (reader, &present, error))
    return FALSE;

  return !present || _rk_inspector_read_bytes (reader, out, error);
}

gboolean
_rk_inspector_read_uint_member (RkBareReader  *reader,
                  JsonObject    *object,
                  const char    *member,
                  GError       **error)
{
  guint64 value;

  if (!rk_bare_read_uint (reader, &value, error))
    return FALSE;

  json_object_set_member (object, member, _rk_inspector_uint_node (value));
  return TRUE;
}

gboolean
_rk_inspector_read_optional_uint_member (RkBareReader  *reader,
                           JsonObject    *object,
                           const char    *member,
                           GError       **error)
{
  gboolean present = FALSE;

  if (!rk_bare_read_optional (reader, &present, error))
    return FALSE;

  if (!present)
    {
      json_object_set_null_member (object, member);
      return TRUE;
    }

  return _rk_inspector_read_uint_member (reader, object, member, error);
}

gboolean
_rk_inspector_read_string_member (RkBareReader  *reader,
                    JsonObject    *object,
                    const char    *member,
                    GError       **error)
{
  g_autofree char *value = NULL;

  if (!rk_bare_read_string (reader, &value, error))
    return FALSE;

  json_object_set_string_member (object, member, value);
  return TRUE;
}

gboolean
_rk_inspector_read_optional_string_member (RkBareReader  *reader,
                             JsonObject    *object,
                             const char    *member,
                             GError       **error)
{
  gboolean present = FALSE;

  if (!rk_bare_read_optional (reader, &present, error))
    return FALSE;

  if (!present)
    {
      json_object_set_null_member (object, member);
      return TRUE;
    }

  return _rk_inspector_read_string_member (reader, object, member, error);
}

gboolean
_rk_inspector_read_bool_member (RkBareReader  *reader,
                  JsonObject    *object,
                  const char    *member,
                  GError       **error)
{
  gboolean value;

  if (!rk_bare_read_bool (reader, &value, error))
    return FALSE;

  json_object_set_boolean_member (object, member, value);
  return TRUE;
}

gboolean
_rk_inspector_read_cbor_member (RkBareReader  *reader,
                  JsonObject    *object,
                  const char    *member,
                  GError       **error)
{
  JsonNode *node = NULL;

  if (!_rk_inspector_read_cbor (reader, member, &node, error))
    return FALSE;

  json_object_set_member (object, member, node);
  return TRUE;
}

gboolean
_rk_inspector_read_optional_cbor_member (RkBareReader  *reader,
                           JsonObject    *object,
                           const char    *member,
                           GError       **error)
{
  JsonNode *node = NULL;

  if (!_rk_inspector_read_optional_cbor (reader, member, &node, error))
    return FALSE;

  json_object_set_member (object, member, node != NULL ? node : _rk_inspector_null_node ());
  return TRUE;
}

JsonNode *
_rk_inspector_object_node (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

JsonNode *
_rk_inspector_array_node (JsonArray *array)
{
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_node_take_array (node, array);
  return node;
}

/* Reads a list<T> of structs into a JSON array of objects. */
gboolean
_rk_inspector_read_object_list (RkBareReader  *reader,
                  gsize          min_item_size,
                  ReadItemFunc   read_item,
                  JsonNode     **out,
                  GError       **error)
{
  g_autoptr(JsonArray) array = NULL;
  gsize count;

  if (!rk_bare_read_list_length (reader, min_item_size, &count, error))
    return FALSE;

  array = json_array_sized_new ((guint)count);
  for (gsize i = 0; i < count; i++)
    {
      g_autoptr(JsonObject) item = json_object_new ();

      if (!read_item (reader, item, error))
        {
          g_prefix_error (error, "item %" G_GSIZE_FORMAT ": ", i);
          return FALSE;
        }

      json_array_add_object_element (array, g_steal_pointer (&item));
    }

  *out = _rk_inspector_array_node (g_steal_pointer (&array));
  return TRUE;
}

/* Connection { id: str, details: data (CBOR map) }, flattened into one object:
 * {id, type, params, stateEnabled, state, subscriptions, isHibernatable}. */
gboolean
_rk_inspector_read_connection (RkBareReader  *reader,
                 JsonObject    *item,
                 GError       **error)
{
  g_autoptr(JsonNode) details = NULL;
  JsonObject *details_object;
  g_autoptr(GList) members = NULL;

  if (!_rk_inspector_read_string_member (reader, item, "id", error))
    return FALSE;

  if (!_rk_inspector_read_cbor (reader, "connection details", &details, error))
    return FALSE;

  if (!JSON_NODE_HOLDS_OBJECT (details))
    {
      g_set_error (error, RK_ERROR, RK_ERROR_PROTOCOL,
                   "Connection details are not a CBOR map");
      return FALSE;
    }

  details_object = json_node_get_object (details);
  members = json_object_get_members (details_object);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;

      /* The connection's own id wins over a member of the same name. */
      if (g_str_equal (name, "id"))
        continue;

      json_object_set_member (item, name,
                              json_node_copy (json_object_get_member (details_object, name)));
    }

  return TRUE;
}

gboolean
_rk_inspector_read_connections (RkBareReader  *reader,
                  JsonNode     **out,
                  GError       **error)
{
  if (!_rk_inspector_read_object_list (reader, MIN_CONNECTION_SIZE, _rk_inspector_read_connection, out, error))
    {
      g_prefix_error (error, "connections: ");
      return FALSE;
    }

  return TRUE;
}

gboolean
_rk_inspector_read_string_list (RkBareReader   *reader,
                  char         ***out,
                  GError        **error)
{
  g_autoptr(GPtrArray) strings = NULL;
  gsize count;

  if (!rk_bare_read_list_length (reader, MIN_STRING_SIZE, &count, error))
    return FALSE;

  strings = g_ptr_array_new_full ((guint)count + 1, g_free);
  for (gsize i = 0; i < count; i++)
    {
      char *string = NULL;

      if (!rk_bare_read_string (reader, &string, error))
        return FALSE;
      g_ptr_array_add (strings, string);
    }
  g_ptr_array_add (strings, NULL);

  *out = (char **)g_ptr_array_free (g_steal_pointer (&strings), FALSE);
  return TRUE;
}

