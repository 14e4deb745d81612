/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-compat.c: RivetKit's "JSON compat" value model (tagged BigInt, bytes, undefined, Set)
 *
 * The library's value model is a JsonNode in canonical JSON-compat form, the form RivetKit uses
 * in its JSON encoding: plain JSON values are themselves, and special JS values are two-element
 * arrays tagged with a string that starts with "$":
 *
 *   ["$BigInt","-12"]   ["$Uint8Array","AQID"]   ["$ArrayBuffer","CQg="]
 *   ["$Undefined",0]    ["$Set",[1,2]]
 *
 * A user array of exactly two elements whose first element is a string starting with "$" gets
 * one more "$" (["$foo",1] is ["$$foo",1]). In canonical form the BigInt decimal has no leading
 * zeros, the base64 is padded, the undefined payload is 0, and every integer-valued double
 * within ±2^53 is an integer node: so equal values have equal nodes.
 */

#define G_LOG_DOMAIN "rk-compat"

#include "config.h"

#include <math.h>
#include <string.h>

#include "rk-compat-private.h"
#include "rk-compat.h"
#include "rk-error.h"

/* To string */

/*
 * json-glib 1.6 writes a double with "%.17g" and appends ".0" when the result has no ".",
 * even after an exponent: 1e20 comes out as "1e+20.0", which is not JSON. These helpers find
 * such values and take the ".0" back off the numbers of the generated text.
 */
static gboolean
double_is_written_badly (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_dtostr (buf, sizeof buf, value);
  return strchr (buf, '.') == NULL && strpbrk (buf, "eE") != NULL;
}

static void
fix_bad_doubles (char *text)
{
  char *out = text;
  const char *p = text;

  while (*p)
    {
      if (*p == '"')
        {
          /* copy the string as it is */
          *out++ = *p++;
          while (*p && *p != '"')
            {
              if (*p == '\\' && p[1])
                *out++ = *p++;
              *out++ = *p++;
            }
          if (*p)
            *out++ = *p++;
        }
      else if ((*p == 'e' || *p == 'E') && out > text && g_ascii_isdigit (out[-1]))
        {
          /* an exponent: copy it, then drop a ".0" after it */
          *out++ = *p++;
          if (*p == '+' || *p == '-')
            *out++ = *p++;
          while (g_ascii_isdigit (*p))
            *out++ = *p++;
          if (p[0] == '.' && p[1] == '0' && !g_ascii_isdigit (p[2]))
            p += 2;
        }
      else
        {
          *out++ = *p++;
        }
    }
  *out = '\0';
}

static JsonNode *
prepare_for_wire (JsonNode  *node,
                  gboolean  *bad_doubles)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *copy = json_object_new ();
        JsonNode *result = json_node_new (JSON_NODE_OBJECT);
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        json_object_iter_init_ordered (&iter, json_node_get_object (node));
        while (json_object_iter_next_ordered (&iter, &name, &member))
          json_object_set_member (copy, name, prepare_for_wire (member, bad_doubles));
        json_node_take_object (result, copy);
        return result;
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        JsonArray *copy = json_array_sized_new (json_array_get_length (array));
        JsonNode *result = json_node_new (JSON_NODE_ARRAY);

        for (guint i = 0; i < json_array_get_length (array); i++)
          json_array_add_element (copy,
                                  prepare_for_wire (json_array_get_element (array, i),
                                                    bad_doubles));
        json_node_take_array (result, copy);
        return result;
      }

    case JSON_NODE_VALUE:
      if (_rk_compat_node_is_integer (node) && json_node_get_int (node) >= PLAIN_INTEGER_LIMIT)
        {
          JsonNode *result = json_node_new (JSON_NODE_VALUE);
          double value = (double)json_node_get_int (node);

          /* json-glib writes "4294967296.0": RivetKit 2.3 then passes a JS number */
          json_node_set_double (result, value);
          *bad_doubles |= double_is_written_badly (value);
          return result;
        }
      if (_rk_compat_node_is_double (node))
        {
          double value = json_node_get_double (node);

          if (!isfinite (value))
            return json_node_new (JSON_NODE_NULL);
          *bad_doubles |= double_is_written_badly (value);
        }
      return _rk_compat_copy_value (node);

    case JSON_NODE_NULL:
    default:
      return json_node_new (JSON_NODE_NULL);
    }
}

/**
 * rk_compat_to_string:
 * @node: a canonical JSON-compat value
 * @pretty: whether to indent
 *
 * Writes @node as RivetKit JSON text. Integers from 2^32 up are written as doubles
 * (`4294967296.0`) because RivetKit 2.3 turns bigger plain integers sent by a client into
 * BigInts; use rk_compat_new_bigint() for a real BigInt. NaN and ±Infinity are written as null.
 *
 * Returns: (transfer full): the JSON text
 */
char *
rk_compat_to_string (JsonNode *node,
                     gboolean  pretty)
{
  g_autoptr(JsonNode) wire = NULL;
  gboolean bad_doubles = FALSE;
  char *text;

  g_return_val_if_fail (node != NULL, NULL);

  wire = prepare_for_wire (node, &bad_doubles);
  text = json_to_string (wire, pretty);
  if (bad_doubles)
    fix_bad_doubles (text);
  return text;
}

/* Plain JSON */

static JsonNode *
from_plain_node (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *copy = json_object_new ();
        JsonNode *result = json_node_new (JSON_NODE_OBJECT);
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        json_object_iter_init_ordered (&iter, json_node_get_object (node));
        while (json_object_iter_next_ordered (&iter, &name, &member))
          json_object_set_member (copy, name, from_plain_node (member));
        json_node_take_object (result, copy);
        return result;
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        JsonArray *copy = json_array_sized_new (json_array_get_length (array));
        JsonNode *result = json_node_new (JSON_NODE_ARRAY);
        gboolean escape = _rk_compat_needs_escape (array);

        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            JsonNode *element = json_array_get_element (array, i);

            if (i == 0 && escape)
              {
                g_autofree char *escaped = g_strconcat ("$", _rk_compat_node_get_string (element), NULL);
                json_array_add_element (copy, _rk_compat_new_string_node (escaped));
              }
            else
              {
                json_array_add_element (copy, from_plain_node (element));
              }
          }
        json_node_take_array (result, copy);
        return result;
      }

    case JSON_NODE_VALUE:
      return _rk_compat_normalize_value (node);

    case JSON_NODE_NULL:
    default:
      return json_node_new (JSON_NODE_NULL);
    }
}

/**
 * rk_compat_from_plain:
 * @plain: ordinary JSON, typed by a user or returned by the inspector HTTP API
 *
 * Converts ordinary JSON to canonical JSON-compat form: every two-element array whose first
 * element is a string starting with `$` is escaped with one more `$`, at every depth, and
 * integer-valued doubles become integers. Nothing in plain JSON is a BigInt, bytes or a Set.
 *
 * Returns: (transfer full): a new canonical node
 */
JsonNode *
rk_compat_from_plain (JsonNode *plain)
{
  g_return_val_if_fail (plain != NULL, NULL);

  return from_plain_node (plain);
}

static JsonNode *
bigint_to_plain (const char *decimal)
{
  gint64 value;

  if (g_ascii_string_to_signed (decimal, 10, G_MININT64, G_MAXINT64, &value, NULL))
    return _rk_compat_new_int_node (value);
  return _rk_compat_new_string_node (decimal);
}

static JsonNode *to_plain_node (JsonNode  *node,
                                int        depth,
                                GString   *path,
                                GError   **error);

static JsonNode *
to_plain_elements (JsonArray  *array,
                   int         depth,
                   GString    *path,
                   GError    **error)
{
  g_autoptr(JsonArray) copy = json_array_sized_new (json_array_get_length (array));
  JsonNode *result;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      gsize old_len = _rk_compat_path_push_index (path, i);
      JsonNode *element = to_plain_node (json_array_get_element (array, i), depth, path, error);

      g_string_truncate (path, old_len);
      if (element == NULL)
        return NULL;
      json_array_add_element (copy, element);
    }

  result = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (result, copy);
  return result;
}

static JsonNode *
to_plain_node (JsonNode  *node,
               int        depth,
               GString   *path,
               GError   **error)
{
  if (depth > RK_COMPAT_MAX_DEPTH)
    {
      g_set_error (error, RK_ERROR, RK_ERROR_INVALID_ARGUMENT,
                   "Value nested deeper than %d levels at %s", RK_COMPAT_MAX_DEPTH, path->str);
      return NULL;
    }

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        g_autoptr(JsonObject) copy = json_object_new ();
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;
        JsonNode *result;

        json_object_iter_init_ordered (&iter, json_node_get_object (node));
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            gsize old_len = _rk_compat_path_push_member (path, name);
            JsonNode *value = to_plain_node (member, depth + 1, path, error);

            g_string_truncate (path, old_len);
            if (value == NULL)
              return NULL;
            json_object_set_member (copy, name, value);
          }
        result = json_node_new (JSON_NODE_OBJECT);
        json_node_set_object (result, copy);
        return result;
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        JsonNode *payload = json_array_get_length (array) == 2
                            ? json_array_get_element (array, 1) : NULL;
        const char *tag;
        TagKind kind = _rk_compat_classify (array, &tag);
        g_autofree char *short_tag = NULL;
        g_autoptr(JsonNode) result = NULL;

        switch (kind)
          {
          case TAG_NONE:
            return to_plain_elements (array, depth + 1, path, error);

          case TAG_ESCAPED:
            {
              JsonArray *unescaped = json_array_sized_new (2);
              JsonNode *second;
              gsize old_len = _rk_compat_path_push_index (path, 1);

              second = to_plain_node (payload, depth + 1, path, error);
              g_string_truncate (path, old_len);
              result = json_node_new (JSON_NODE_ARRAY);
              json_node_take_array (result, unescaped);
              if (second == NULL)
                return NULL;
              json_array_add_element (unescaped, _rk_compat_new_string_node (tag + 1));
              json_array_add_element (unescaped, second);
              return g_steal_pointer (&result);
            }

          case TAG_BIGINT:
            {
              g_autofree char *decimal = NULL;

              if (_rk_compat_node_is_string (payload) &&
                  (decimal = _rk_compat_canonical_decimal (_rk_compat_node_get_string (payload))) != NULL)
                return bigint_to_plain (decimal);
            }
            break;

          case TAG_UINT8ARRAY:
          case TAG_ARRAYBUFFER:
            if (_rk_compat_node_is_string (payload))
              return _rk_compat_new_string_node (_rk_compat_node_get_string (payload));
            break;

          case TAG_UNDEFINED:
            return json_node_new (JSON_NODE_NULL);

          case TAG_SET:
            if (JSON_NODE_HOLDS_ARRAY (payload))
              {
                gsize old_len = _rk_compat_path_push_index (path, 1);

                result = to_plain_elements (json_node_get_array (payload), depth + 2, path,
                                            error);
                g_string_truncate (path, old_len);
                return g_steal_pointer (&result);
              }
            break;

          case TAG_UNKNOWN:
          default:
            break;
          }

        short_tag = _rk_compat_shorten (tag, MESSAGE_SNIPPET_MAX);
        g_set_error (error, RK_ERROR, RK_ERROR_INVALID_ARGUMENT,
                     kind == TAG_UNKNOWN ? "Unknown JSON-compat tag “%s” at %s"
                                         : "Invalid “%s” payload at %s",
                     short_tag, path->str);
        return NULL;
      }

    case JSON_NODE_VALUE:
      return _rk_compat_copy_value (node);

    case JSON_NODE_NULL:
    default:
      return json_node_new (JSON_NODE_NULL);
    }
}

/**
 * rk_compat_to_plain:
 * @node: a canonical JSON-compat value
 * @error: return location for a #GError
 *
 * Converts @node to ordinary JSON, for APIs that take plain JSON such as the inspector's
 * `PATCH /inspector/state`: escaped arrays lose one `$`, a BigInt becomes an integer when it
 * fits in int64 and its decimal string otherwise, bytes become their base64 string, undefined
 * becomes null and a Set an array. This loses type information.
 *
 * An unknown or malformed tag is an %RK_ERROR_INVALID_ARGUMENT error.
 *
 * Returns: (transfer full): a new plain node, or %NULL on error
 */
JsonNode *
rk_compat_to_plain (JsonNode  *node,
                    GError   **error)
{
  g_autoptr(GString) path = g_string_new ("$");

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return to_plain_node (node, 0, path, error);
}

/* Constructors */

/**
 * rk_compat_new_bigint:
 * @decimal: a decimal integer, optionally with a leading `-`
 *
 * Returns: (transfer full) (nullable): a new `["$BigInt",…]` node, or %NULL if @decimal is
 *   not a decimal integer
 */
JsonNode *
rk_compat_new_bigint (const char *decimal)
{
  g_autofree char *canonical = NULL;

  g_return_val_if_fail (decimal != NULL, NULL);

  if (!(canonical = _rk_compat_canonical_decimal (decimal)))
    return NULL;
  return _rk_compat_new_tagged ("$BigInt", _rk_compat_new_string_node (canonical));
}

/**
 * rk_compat_new_bigint_from_int64:
 * @value: the value
 *
 * Returns: (transfer full): a new `["$BigInt",…]` node
 */
JsonNode *
rk_compat_new_bigint_from_int64 (gint64 value)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, value);
  return _rk_compat_new_tagged ("$BigInt", _rk_compat_new_string_node (buf));
}

/**
 * rk_compat_new_bytes:
 * @bytes: the contents
 * @kind: %RK_VALUE_KIND_UINT8ARRAY or %RK_VALUE_KIND_ARRAYBUFFER
 *
 * Returns: (transfer full): a new `["$Uint8Array",…]` or `["$ArrayBuffer",…]` node
 */
JsonNode *
rk_compat_new_bytes (GBytes      *bytes,
                     RkValueKind  kind)
{
  g_autofree char *base64 = NULL;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (kind == RK_VALUE_KIND_UINT8ARRAY ||
                        kind == RK_VALUE_KIND_ARRAYBUFFER, NULL);

  base64 = _rk_compat_encode_base64 (bytes);
  return _rk_compat_new_tagged (kind == RK_VALUE_KIND_UINT8ARRAY ? "$Uint8Array" : "$ArrayBuffer",
                     _rk_compat_new_string_node (base64));
}

/**
 * rk_compat_new_undefined:
 *
 * Returns: (transfer full): a new `["$Undefined",0]` node
 */
JsonNode *
rk_compat_new_undefined (void)
{
  return _rk_compat_new_tagged ("$Undefined", _rk_compat_new_int_node (0));
}

/**
 * rk_compat_new_set:
 * @elements: (nullable): canonical values, in insertion order
 *
 * The node shares @elements (json_node_set_array() semantics); %NULL gives an empty Set.
 *
 * Returns: (transfer full): a new `["$Set",[…]]` node
 */
JsonNode *
rk_compat_new_set (JsonArray *elements)
{
  JsonNode *payload = json_node_new (JSON_NODE_ARRAY);

  if (elements != NULL)
    json_node_set_array (payload, elements);
  else
    json_node_take_array (payload, json_array_new ());
  return _rk_compat_new_tagged ("$Set", payload);
}

/* Accessors */

static RkValueKind
tag_to_kind (TagKind   tag,
             JsonNode *payload)
{
  switch (tag)
    {
    case TAG_BIGINT:
      return _rk_compat_node_is_string (payload) ? RK_VALUE_KIND_BIGINT : RK_VALUE_KIND_ARRAY;
    case TAG_UINT8ARRAY:
      return _rk_compat_node_is_string (payload) ? RK_VALUE_KIND_UINT8ARRAY : RK_VALUE_KIND_ARRAY;
    case TAG_ARRAYBUFFER:
      return _rk_compat_node_is_string (payload) ? RK_VALUE_KIND_ARRAYBUFFER : RK_VALUE_KIND_ARRAY;
    case TAG_UNDEFINED:
      return RK_VALUE_KIND_UNDEFINED;
    case TAG_SET:
      return JSON_NODE_HOLDS_ARRAY (payload) ? RK_VALUE_KIND_SET : RK_VALUE_KIND_ARRAY;
    case TAG_NONE:
    case TAG_ESCAPED:
    case TAG_UNKNOWN:
    default:
      return RK_VALUE_KIND_ARRAY;
    }
}

/**
 * rk_compat_get_kind:
 * @node: (nullable): a canonical JSON-compat value
 *
 * Reads the type of @node. A %NULL node is %RK_VALUE_KIND_UNDEFINED (an absent value, such as
 * a missing `output`, means undefined). A two-element array with an unknown `$tag`, or a
 * known tag with a payload of the wrong JSON type, cannot occur in canonical form and is
 * reported as %RK_VALUE_KIND_ARRAY; so is an escaped `["$$…",x]` user array.
 *
 * Returns: the kind
 */
RkValueKind
rk_compat_get_kind (JsonNode *node)
{
  if (node == NULL)
    return RK_VALUE_KIND_UNDEFINED;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return RK_VALUE_KIND_OBJECT;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        TagKind tag = _rk_compat_classify (array, NULL);

        if (tag == TAG_NONE)
          return RK_VALUE_KIND_ARRAY;
        return tag_to_kind (tag, json_array_get_element (array, 1));
      }

    case JSON_NODE_VALUE:
      {
        GType type = json_node_get_value_type (node);

        if (type == G_TYPE_INT64)
          return RK_VALUE_KIND_INTEGER;
        if (type == G_TYPE_DOUBLE)
          return RK_VALUE_KIND_DOUBLE;
        if (type == G_TYPE_BOOLEAN)
          return RK_VALUE_KIND_BOOLEAN;
        if (type == G_TYPE_STRING)
          return RK_VALUE_KIND_STRING;
        return RK_VALUE_KIND_NULL;
      }

    case JSON_NODE_NULL:
    default:
      return RK_VALUE_KIND_NULL;
    }
}

JsonNode *
_rk_compat_payload_of (JsonNode *node)
{
  return json_array_get_element (json_node_get_array (node), 1);
}

/**
 * rk_compat_get_bigint:
 * @node: (nullable): a canonical JSON-compat value
 *
 * Returns: (nullable): the decimal of a BigInt (with a leading `-` if negative), or %NULL if
 *   @node is not a BigInt (an integer node is not one: use json_node_get_int())
 */
const char *
rk_compat_get_bigint (JsonNode *node)
{
  if (rk_compat_get_kind (node) != RK_VALUE_KIND_BIGINT)
    return NULL;
  return _rk_compat_node_get_string (_rk_compat_payload_of (node));
}

/**
 * rk_compat_dup_bytes:
 * @node: (nullable): a canonical JSON-compat value
 *
 * Returns: (transfer full) (nullable): the contents of a Uint8Array or ArrayBuffer, or %NULL
 *   if @node is neither (or its base64 is invalid, which canonical form rules out)
 */
GBytes *
rk_compat_dup_bytes (JsonNode *node)
{
  RkValueKind kind = rk_compat_get_kind (node);

  if (kind != RK_VALUE_KIND_UINT8ARRAY && kind != RK_VALUE_KIND_ARRAYBUFFER)
    return NULL;
  return _rk_compat_decode_base64 (_rk_compat_node_get_string (_rk_compat_payload_of (node)));
}

/**
 * rk_compat_get_length:
 * @node: (nullable): a canonical JSON-compat value
 *
 * Returns: the number of elements of an array or a Set, the number of members of an object,
 *   and 0 for anything else
 */
guint
rk_compat_get_length (JsonNode *node)
{
  switch (rk_compat_get_kind (node))
    {
    case RK_VALUE_KIND_ARRAY:
      return json_array_get_length (json_node_get_array (node));
    case RK_VALUE_KIND_SET:
      return json_array_get_length (json_node_get_array (_rk_compat_payload_of (node)));
    case RK_VALUE_KIND_OBJECT:
      return json_object_get_size (json_node_get_object (node));
    case RK_VALUE_KIND_NULL:
    case RK_VALUE_KIND_UNDEFINED:
    case RK_VALUE_KIND_BOOLEAN:
    case RK_VALUE_KIND_INTEGER:
    case RK_VALUE_KIND_DOUBLE:
    case RK_VALUE_KIND_STRING:
    case RK_VALUE_KIND_BIGINT:
    case RK_VALUE_KIND_UINT8ARRAY:
    case RK_VALUE_KIND_ARRAYBUFFER:
    default:
      return 0;
    }
}

/**
 * rk_compat_dup_element:
 * @node: a canonical array or Set
 * @index: the position
 *
 * Element 0 of an escaped array comes back unescaped: for `["$$foo",1]` it is the string
 * `"$foo"`, which is what the user's array holds.
 *
 * Returns: (transfer full) (nullable): a copy of the element (made with json_node_copy (), so
 *   the arrays and objects inside it are shared with @node), or %NULL if @node is not an
 *   array or a Set or @index is out of range
 */
JsonNode *
rk_compat_dup_element (JsonNode *node,
                       guint     index)
{
  RkValueKind kind;
  JsonArray *array;
  JsonNode *element;

  g_return_val_if_fail (node != NULL, NULL);

  switch ((kind = rk_compat_get_kind (node)))
    {
    case RK_VALUE_KIND_ARRAY:
      array = json_node_get_array (node);
      break;
    case RK_VALUE_KIND_SET:
      array = json_node_get_array (_rk_compat_payload_of (node));
      break;
    case RK_VALUE_KIND_NULL:
    case RK_VALUE_KIND_UNDEFINED:
    case RK_VALUE_KIND_BOOLEAN:
    case RK_VALUE_KIND_INTEGER:
    case RK_VALUE_KIND_DOUBLE:
    case RK_VALUE_KIND_STRING:
    case RK_VALUE_KIND_BIGINT:
    case RK_VALUE_KIND_UINT8ARRAY:
    case RK_VALUE_KIND_ARRAYBUFFER:
    case RK_VALUE_KIND_OBJECT:
    default:
      return NULL;
    }

  if (index >= json_array_get_length (array))
    return NULL;

  element = json_array_get_element (array, index);
  /* A Set's payload lists values: it is never an escaped user array */
  if (index == 0 && kind == RK_VALUE_KIND_ARRAY && _rk_compat_classify (array, NULL) == TAG_ESCAPED)
    return _rk_compat_new_string_node (_rk_compat_node_get_string (element) + 1);
  return json_node_copy (element);
}

