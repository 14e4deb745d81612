/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-compat-describe.c: one-line previews and deep equality of JSON-compat values */

#define G_LOG_DOMAIN "rk-compat"

#include "config.h"

#include <math.h>
#include <string.h>

#include "rk-compat-private.h"
#include "rk-compat.h"
#include "rk-error.h"

/* Describe */

/* The preview is cut after @limit bytes of @out: no more of @text is escaped than can show,
 * so that a huge string costs no more than a short one. */
static void
append_escaped_string (GString    *out,
                       const char *text,
                       gsize       limit)
{
  gsize length = 0;

  g_string_append_c (out, '"');
  if (out->len <= limit)
    {
      gsize wanted = limit - out->len + 1;

      while (length < wanted && text[length] != '\0')
        length++;
      _rk_json_append_escaped (out, text, (gssize)length);
    }
  g_string_append_c (out, '"');
}

static void
append_bytes_header (GString     *out,
                     RkValueKind  kind,
                     gsize        size)
{
  g_string_append_printf (out, "%s(%" G_GSIZE_FORMAT ")",
                          kind == RK_VALUE_KIND_UINT8ARRAY ? "Uint8Array" : "ArrayBuffer",
                          size);
}

/* A JS-flavoured compact rendering. Stops early once @out is longer than @limit bytes. */
static void
render (GString  *out,
        JsonNode *node,
        gsize     limit,
        int       depth)
{
  RkValueKind kind = rk_compat_get_kind (node);

  if (out->len > limit)
    return;

  switch (kind)
    {
    case RK_VALUE_KIND_NULL:
      g_string_append (out, "null");
      break;

    case RK_VALUE_KIND_UNDEFINED:
      g_string_append (out, "undefined");
      break;

    case RK_VALUE_KIND_BOOLEAN:
      g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
      break;

    case RK_VALUE_KIND_INTEGER:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
      break;

    case RK_VALUE_KIND_DOUBLE:
      _rk_compat_append_double (out, json_node_get_double (node));
      break;

    case RK_VALUE_KIND_STRING:
      append_escaped_string (out, _rk_compat_node_get_string (node), limit);
      break;

    case RK_VALUE_KIND_BIGINT:
      g_string_append (out, rk_compat_get_bigint (node));
      g_string_append_c (out, 'n');
      break;

    case RK_VALUE_KIND_UINT8ARRAY:
    case RK_VALUE_KIND_ARRAYBUFFER:
      {
        g_autoptr(GBytes) bytes = rk_compat_dup_bytes (node);

        append_bytes_header (out, kind, bytes ? g_bytes_get_size (bytes) : 0);
      }
      break;

    case RK_VALUE_KIND_SET:
    case RK_VALUE_KIND_ARRAY:
      {
        guint length = rk_compat_get_length (node);

        if (depth >= RK_COMPAT_MAX_DEPTH)
          {
            g_string_append (out, "[…]");
            break;
          }
        if (kind == RK_VALUE_KIND_SET)
          g_string_append_printf (out, "Set(%u) {", length);
        else
          g_string_append_c (out, '[');
        for (guint i = 0; i < length && out->len <= limit; i++)
          {
            g_autoptr(JsonNode) element = rk_compat_dup_element (node, i);

            if (i > 0)
              g_string_append_c (out, ',');
            render (out, element, limit, depth + 1);
          }
        g_string_append_c (out, kind == RK_VALUE_KIND_SET ? '}' : ']');
      }
      break;

    case RK_VALUE_KIND_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;
        gboolean first = TRUE;

        if (depth >= RK_COMPAT_MAX_DEPTH)
          {
            g_string_append (out, "{…}");
            break;
          }
        g_string_append_c (out, '{');
        json_object_iter_init_ordered (&iter, json_node_get_object (node));
        while (out->len <= limit && json_object_iter_next_ordered (&iter, &name, &member))
          {
            if (!first)
              g_string_append_c (out, ',');
            first = FALSE;
            append_escaped_string (out, name, limit);
            g_string_append_c (out, ':');
            render (out, member, limit, depth + 1);
          }
        g_string_append_c (out, '}');
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Cuts @text (valid UTF-8) to @max_chars characters, the last one being "…" when something
 * was cut. */
static char *
truncate_chars (char  *text,
                gsize  max_chars)
{
  const char *end;
  char *result;

  if (max_chars == 0 || (gsize)g_utf8_strlen (text, -1) <= max_chars)
    return text;

  end = g_utf8_offset_to_pointer (text, max_chars - 1);
  result = g_strdup_printf ("%.*s…", (int)(end - text), text);
  g_free (text);
  return result;
}

static char *
describe_bytes (JsonNode    *node,
                RkValueKind  kind,
                gsize        max_chars)
{
  g_autoptr(GBytes) bytes = rk_compat_dup_bytes (node);
  g_autoptr(GString) out = g_string_new (NULL);
  const guint8 *data;
  gsize size = 0;

  data = bytes ? g_bytes_get_data (bytes, &size) : NULL;
  append_bytes_header (out, kind, size);

  /* Every character here is ASCII, so bytes are characters */
  for (gsize i = 0; i < size; i++)
    {
      gsize needed = out->len + 3 + (i + 1 < size ? 1 : 0);

      if (max_chars != 0 && needed > max_chars)
        {
          if (i > 0)
            g_string_append (out, " …");
          break;
        }
      g_string_append_printf (out, " %02x", data[i]);
    }

  return truncate_chars (g_string_free (g_steal_pointer (&out), FALSE), max_chars);
}

/**
 * rk_compat_describe:
 * @node: (nullable): a canonical JSON-compat value
 * @max_chars: the longest result wanted, in characters, or 0 for no limit
 *
 * Makes a short one-line preview for tables, in a JS-flavoured notation: `12345678901234567890n`,
 * `Uint8Array(3) 01 02 03` (as many bytes as fit), `undefined`, `"text"`, `Set(2) {1,2}`,
 * `{"a":1,"b":[true,null]}`. An array, object or Set whose rendering is longer than
 * @max_chars is summarised as `[3 items]`, `{2 keys}` or `Set(2)` if that fits; anything else
 * is cut with `…` at @max_chars characters. Not meant to be parsed back.
 *
 * Returns: (transfer full): the preview
 */
char *
rk_compat_describe (JsonNode *node,
                    gsize     max_chars)
{
  g_autoptr(GString) out = g_string_new (NULL);
  RkValueKind kind = rk_compat_get_kind (node);
  /* Enough bytes for max_chars characters of UTF-8, plus room to notice the overflow */
  gsize limit = max_chars == 0 || max_chars > G_MAXSIZE / 8 ? G_MAXSIZE / 2 : max_chars * 4 + 8;

  if (kind == RK_VALUE_KIND_UINT8ARRAY || kind == RK_VALUE_KIND_ARRAYBUFFER)
    return describe_bytes (node, kind, max_chars);

  render (out, node, limit, 0);

  /* Strings come out valid, but the decimal of a BigInt built by hand may be anything:
   * g_utf8_strlen () would read past the end of invalid UTF-8 */
  if (!g_utf8_validate_len (out->str, out->len, NULL))
    {
      g_autofree char *valid = g_utf8_make_valid (out->str, (gssize)out->len);

      g_string_assign (out, valid);
    }

  if ((kind == RK_VALUE_KIND_ARRAY || kind == RK_VALUE_KIND_OBJECT || kind == RK_VALUE_KIND_SET)
      && max_chars != 0 && (out->len > limit || g_utf8_strlen (out->str, -1) > (glong)max_chars))
    {
      guint length = rk_compat_get_length (node);
      g_autofree char *summary = NULL;

      if (kind == RK_VALUE_KIND_ARRAY)
        summary = g_strdup_printf (length == 1 ? "[%u item]" : "[%u items]", length);
      else if (kind == RK_VALUE_KIND_OBJECT)
        summary = g_strdup_printf (length == 1 ? "{%u key}" : "{%u keys}", length);
      else
        summary = g_strdup_printf ("Set(%u)", length);

      /* In a very narrow column the start of the rendering says more than a cut summary */
      if (strlen (summary) <= max_chars)
        return g_steal_pointer (&summary);
    }

  return truncate_chars (g_string_free (g_steal_pointer (&out), FALSE), max_chars);
}

/* Equality */

static gboolean
numbers_equal (JsonNode *a,
               JsonNode *b)
{
  if (_rk_compat_node_is_integer (a) && _rk_compat_node_is_integer (b))
    return json_node_get_int (a) == json_node_get_int (b);
  if (_rk_compat_node_is_double (a) && _rk_compat_node_is_double (b))
    return json_node_get_double (a) == json_node_get_double (b);
  if (_rk_compat_node_is_double (a))
    {
      JsonNode *tmp = a;
      a = b;
      b = tmp;
    }
  /* a is the integer, b the double: equal only if the double is exactly that integer */
  {
    gint64 i = json_node_get_int (a);
    double d = json_node_get_double (b);

    return d >= -9223372036854775808.0 && d < 9223372036854775808.0 &&
           d == (double)(gint64)d && (gint64)d == i;
  }
}

static gboolean equal_at (JsonNode *a,
                          JsonNode *b,
                          int       depth);

static gboolean
arrays_equal (JsonArray *a,
              JsonArray *b,
              int        depth)
{
  if (json_array_get_length (a) != json_array_get_length (b))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (a); i++)
    if (!equal_at (json_array_get_element (a, i), json_array_get_element (b, i), depth))
      return FALSE;
  return TRUE;
}

static gboolean
equal_at (JsonNode *a,
          JsonNode *b,
          int       depth)
{
  RkValueKind kind_a = rk_compat_get_kind (a);
  RkValueKind kind_b = rk_compat_get_kind (b);
  gboolean a_number = kind_a == RK_VALUE_KIND_INTEGER || kind_a == RK_VALUE_KIND_DOUBLE;
  gboolean b_number = kind_b == RK_VALUE_KIND_INTEGER || kind_b == RK_VALUE_KIND_DOUBLE;

  if (a_number && b_number)
    return numbers_equal (a, b);
  if (kind_a != kind_b)
    return FALSE;
  if (depth > RK_COMPAT_MAX_DEPTH)
    return FALSE;

  switch (kind_a)
    {
    case RK_VALUE_KIND_NULL:
    case RK_VALUE_KIND_UNDEFINED:
      return TRUE;

    case RK_VALUE_KIND_BOOLEAN:
      return json_node_get_boolean (a) == json_node_get_boolean (b);

    case RK_VALUE_KIND_STRING:
      return strcmp (_rk_compat_node_get_string (a), _rk_compat_node_get_string (b)) == 0;

    case RK_VALUE_KIND_BIGINT:
      {
        g_autofree char *da = _rk_compat_canonical_decimal (rk_compat_get_bigint (a));
        g_autofree char *db = _rk_compat_canonical_decimal (rk_compat_get_bigint (b));

        return da != NULL && db != NULL && strcmp (da, db) == 0;
      }

    case RK_VALUE_KIND_UINT8ARRAY:
    case RK_VALUE_KIND_ARRAYBUFFER:
      {
        g_autoptr(GBytes) ba = rk_compat_dup_bytes (a);
        g_autoptr(GBytes) bb = rk_compat_dup_bytes (b);

        return ba != NULL && bb != NULL && g_bytes_equal (ba, bb);
      }

    case RK_VALUE_KIND_SET:
      return arrays_equal (json_node_get_array (_rk_compat_payload_of (a)),
                           json_node_get_array (_rk_compat_payload_of (b)), depth + 1);

    case RK_VALUE_KIND_ARRAY:
      return arrays_equal (json_node_get_array (a), json_node_get_array (b), depth + 1);

    case RK_VALUE_KIND_OBJECT:
      {
        JsonObject *oa = json_node_get_object (a);
        JsonObject *ob = json_node_get_object (b);
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        if (json_object_get_size (oa) != json_object_get_size (ob))
          return FALSE;
        json_object_iter_init_ordered (&iter, oa);
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            JsonNode *other = json_object_get_member (ob, name);

            if (other == NULL || !equal_at (member, other, depth + 1))
              return FALSE;
          }
        return TRUE;
      }

    case RK_VALUE_KIND_INTEGER:
    case RK_VALUE_KIND_DOUBLE:
    default:
      g_assert_not_reached ();
    }

  return FALSE;
}

/**
 * rk_compat_equal:
 * @a: (nullable): a canonical JSON-compat value
 * @b: (nullable): another one
 *
 * Compares deeply. Object member order does not matter; Set elements compare in order
 * (insertion order, as in JS). The integer 1 equals the double 1.0, but not the BigInt 1.
 * %NULL counts as undefined.
 *
 * Returns: whether @a and @b hold the same value
 */
gboolean
rk_compat_equal (JsonNode *a,
                 JsonNode *b)
{
  return equal_at (a, b, 0);
}

/**
 * rk_value_kind_to_string:
 * @kind: a #RkValueKind
 *
 * Returns: a short English name for @kind, as JS developers know it ("BigInt", "Set", …),
 *   not translated
 */
const char *
rk_value_kind_to_string (RkValueKind kind)
{
  switch (kind)
    {
    case RK_VALUE_KIND_NULL:
      return "null";
    case RK_VALUE_KIND_UNDEFINED:
      return "undefined";
    case RK_VALUE_KIND_BOOLEAN:
      return "boolean";
    case RK_VALUE_KIND_INTEGER:
      return "integer";
    case RK_VALUE_KIND_DOUBLE:
      return "number";
    case RK_VALUE_KIND_STRING:
      return "string";
    case RK_VALUE_KIND_BIGINT:
      return "BigInt";
    case RK_VALUE_KIND_UINT8ARRAY:
      return "Uint8Array";
    case RK_VALUE_KIND_ARRAYBUFFER:
      return "ArrayBuffer";
    case RK_VALUE_KIND_SET:
      return "Set";
    case RK_VALUE_KIND_ARRAY:
      return "array";
    case RK_VALUE_KIND_OBJECT:
      return "object";
    default:
      return "unknown";
    }
}
