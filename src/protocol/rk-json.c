/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-json.c: typed JSON getters that report wrong shapes as GErrors */

#define G_LOG_DOMAIN "rk-json"

#include "config.h"

#include <math.h>

#include "rk-compat.h"
#include "rk-error.h"
#include "rk-json-private.h"

/* Parses a reply body; @what names the reply in the error ("the actor list"). */
/* Parses a reply body; @what names the reply in the error ("the actor list").
 * Goes through the codec's hardened parser: json-glib alone overflows the
 * stack on deep nesting and wraps integers beyond int64. */
JsonNode *
_rk_json_parse_bytes (GBytes      *body,
                      const char  *what,
                      GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize len = 0;
  JsonNode *node;

  data = body ? g_bytes_get_data (body, &len) : NULL;
  if (data == NULL || len == 0)
    {
      g_set_error (error, RK_ERROR, RK_ERROR_INVALID_REPLY,
                   "The server sent an empty reply for %s", what);
      return NULL;
    }

  if (!(node = rk_compat_parse_plain (data, len, &local_error)))
    {
      g_set_error (error, RK_ERROR, RK_ERROR_INVALID_REPLY,
                   "The server sent a reply for %s that is not valid JSON: %s",
                   what, local_error->message);
      return NULL;
    }

  return node;
}

JsonObject *
_rk_json_parse_object (GBytes      *body,
                       const char  *what,
                       GError     **error)
{
  g_autoptr(JsonNode) node = NULL;

  if (!(node = _rk_json_parse_bytes (body, what, error)))
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, RK_ERROR, RK_ERROR_INVALID_REPLY,
                   "The server's reply for %s is not a JSON object", what);
      return NULL;
    }

  return json_object_ref (json_node_get_object (node));
}

const char *
_rk_json_get_string (JsonObject *object,
                     const char *member)
{
  JsonNode *node;

  if (object == NULL || !(node = json_object_get_member (object, member)))
    return NULL;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

gboolean
_rk_json_require_string (JsonObject  *object,
                         const char  *member,
                         const char  *what,
                         const char **out,
                         GError     **error)
{
  if (!(*out = _rk_json_get_string (object, member)))
    {
      g_set_error (error, RK_ERROR, RK_ERROR_INVALID_REPLY,
                   "The server's reply for %s lacks the string “%s”", what, member);
      return FALSE;
    }

  return TRUE;
}

/* Integers may arrive as floats from 2.3 (`1795485143727.0`); null means absent. */
gboolean
_rk_json_get_int (JsonObject *object,
                  const char *member,
                  gint64     *out)
{
  JsonNode *node;
  GType type;

  *out = 0;

  if (object == NULL || !(node = json_object_get_member (object, member)))
    return FALSE;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    {
      *out = json_node_get_int (node);
      return TRUE;
    }

  if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      if (isfinite (d) && d == floor (d) && fabs (d) < 9007199254740992.0)
        {
          *out = (gint64)d;
          return TRUE;
        }
    }

  if (type == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (node);
      char *end = NULL;
      gint64 v = g_ascii_strtoll (s, &end, 10);

      if (end != s && *end == '\0')
        {
          *out = v;
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
_rk_json_get_bool (JsonObject *object,
                   const char *member,
                   gboolean    default_value)
{
  JsonNode *node;

  if (object == NULL || !(node = json_object_get_member (object, member)))
    return default_value;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return default_value;

  return json_node_get_boolean (node);
}

JsonObject *
_rk_json_get_object (JsonObject *object,
                     const char *member)
{
  JsonNode *node;

  if (object == NULL || !(node = json_object_get_member (object, member)))
    return NULL;

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
_rk_json_get_array (JsonObject *object,
                    const char *member)
{
  JsonNode *node;

  if (object == NULL || !(node = json_object_get_member (object, member)))
    return NULL;

  return JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* Plain JSON text; the codec's writer avoids json-glib's invalid `1e+20.0`. */
char *
_rk_json_to_string (JsonNode *node)
{
  return rk_compat_to_string (node, FALSE);
}
