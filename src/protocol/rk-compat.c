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

#include "rk-compat.h"
#include "rk-error.h"

/* 2^53: beyond it a double no longer holds every integer. */
#define MAX_SAFE_INTEGER 9007199254740992.0
/* 2^32: RivetKit 2.3 turns bigger plain integers sent by a client into BigInts. */
#define PLAIN_INTEGER_LIMIT G_GINT64_CONSTANT (4294967296)
/* How much of a hostile tag name or key goes into an error message. */
#define MESSAGE_SNIPPET_MAX 64

typedef enum
{
  TAG_NONE,
  TAG_ESCAPED,
  TAG_BIGINT,
  TAG_UINT8ARRAY,
  TAG_ARRAYBUFFER,
  TAG_UNDEFINED,
  TAG_SET,
  TAG_UNKNOWN,
} TagKind;

/* Helpers */

static char *
shorten (const char *text,
         gsize       max_chars)
{
  const char *end;

  if (g_utf8_strlen (text, -1) <= (glong)max_chars)
    return g_strdup (text);

  end = g_utf8_offset_to_pointer (text, max_chars);
  return g_strdup_printf ("%.*s…", (int)(end - text), text);
}

static gboolean
is_identifier (const char *name)
{
  if (!g_ascii_isalpha (name[0]) && name[0] != '_' && name[0] != '$')
    return FALSE;
  for (const char *p = name + 1; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '$')
      return FALSE;
  return TRUE;
}

static gsize
path_push_member (GString    *path,
                  const char *name)
{
  gsize old_len = path->len;

  if (is_identifier (name))
    {
      g_string_append_c (path, '.');
      g_string_append (path, name);
    }
  else
    {
      g_autofree char *short_name = shorten (name, MESSAGE_SNIPPET_MAX);

      g_string_append (path, "[\"");
      for (const char *p = short_name; *p; p++)
        {
          if (*p == '"' || *p == '\\')
            g_string_append_c (path, '\\');
          g_string_append_c (path, *p);
        }
      g_string_append (path, "\"]");
    }

  return old_len;
}

static gsize
path_push_index (GString *path,
                 guint    index)
{
  gsize old_len = path->len;

  g_string_append_printf (path, "[%u]", index);
  return old_len;
}

static JsonNode *
new_string_node (const char *value)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, value);
  return node;
}

static JsonNode *
new_int_node (gint64 value)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_int (node, value);
  return node;
}

static JsonNode *
new_tagged (const char *tag,
            JsonNode   *payload)
{
  JsonArray *array = json_array_sized_new (2);
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_array_add_element (array, new_string_node (tag));
  json_array_add_element (array, payload);
  json_node_take_array (node, array);
  return node;
}

static const char *
node_get_string (JsonNode *node)
{
  const char *value = json_node_get_string (node);

  return value ? value : "";
}

static gboolean
node_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
node_is_integer (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
}

static gboolean
node_is_double (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE;
}

/* A new, mutable copy of a value node (json_node_copy () would keep the parser's seal). */
static JsonNode *
copy_value (JsonNode *node)
{
  JsonNode *copy;
  GType type = json_node_get_value_type (node);

  if (type == G_TYPE_INT64)
    return new_int_node (json_node_get_int (node));
  if (type == G_TYPE_STRING)
    return new_string_node (node_get_string (node));

  copy = json_node_new (JSON_NODE_VALUE);
  if (type == G_TYPE_DOUBLE)
    json_node_set_double (copy, json_node_get_double (node));
  else if (type == G_TYPE_BOOLEAN)
    json_node_set_boolean (copy, json_node_get_boolean (node));
  else
    json_node_init_null (copy);
  return copy;
}

static gboolean
double_to_safe_int (double  value,
                    gint64 *out)
{
  /* Range first, so that the cast is defined; no libm needed */
  if (!isfinite (value) || value < -MAX_SAFE_INTEGER || value > MAX_SAFE_INTEGER ||
      value != (double)(gint64)value)
    return FALSE;
  *out = (gint64)value;
  return TRUE;
}

/* The shortest decimal that reads back as the same double, as JS prints it. */
static void
append_double (GString *out,
               double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  for (int precision = 15; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buf, sizeof buf, format, value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }
  g_string_append (out, buf);
}

/* Returns the canonical decimal (no "+", no leading zeros, no "-0"), or NULL. */
static char *
canonical_decimal (const char *text)
{
  gboolean negative = FALSE;
  const char *digits;

  if (text == NULL)
    return NULL;
  if (*text == '-')
    {
      negative = TRUE;
      text++;
    }
  if (*text == '\0')
    return NULL;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p))
      return NULL;

  digits = text;
  while (digits[0] == '0' && digits[1] != '\0')
    digits++;
  if (strcmp (digits, "0") == 0)
    negative = FALSE;

  return g_strconcat (negative ? "-" : "", digits, NULL);
}

static int
base64_value (char c)
{
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 26;
  if (c >= '0' && c <= '9')
    return c - '0' + 52;
  if (c == '+')
    return 62;
  if (c == '/')
    return 63;
  return -1;
}

/* Strict standard base64 (RFC 4648 §4); padding may be left out. NULL if invalid. */
static GBytes *
decode_base64 (const char *text)
{
  gsize length = strlen (text);
  gsize padding = 0;
  GByteArray *bytes;
  guint32 bits = 0;
  int n_bits = 0;

  while (length > 0 && text[length - 1] == '=' && padding < 2)
    {
      length--;
      padding++;
    }
  if (padding > 0 && (length + padding) % 4 != 0)
    return NULL;
  if (length % 4 == 1)
    return NULL;

  bytes = g_byte_array_sized_new (length / 4 * 3 + 2);
  for (gsize i = 0; i < length; i++)
    {
      int value = base64_value (text[i]);

      if (value < 0)
        {
          g_byte_array_unref (bytes);
          return NULL;
        }
      bits = (bits << 6) | (guint32)value;
      n_bits += 6;
      if (n_bits >= 8)
        {
          guint8 byte;

          n_bits -= 8;
          byte = (guint8)((bits >> n_bits) & 0xff);
          g_byte_array_append (bytes, &byte, 1);
        }
    }

  return g_byte_array_free_to_bytes (bytes);
}

static char *
encode_base64 (GBytes *bytes)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  return g_base64_encode (data, size);
}

static TagKind
classify (JsonArray   *array,
          const char **tag_out)
{
  JsonNode *first;
  const char *tag;

  if (tag_out != NULL)
    *tag_out = NULL;
  if (json_array_get_length (array) != 2)
    return TAG_NONE;
  first = json_array_get_element (array, 0);
  if (!node_is_string (first))
    return TAG_NONE;
  tag = node_get_string (first);
  if (tag[0] != '$')
    return TAG_NONE;
  if (tag_out != NULL)
    *tag_out = tag;

  if (tag[1] == '$')
    return TAG_ESCAPED;
  if (strcmp (tag, "$BigInt") == 0)
    return TAG_BIGINT;
  if (strcmp (tag, "$Uint8Array") == 0)
    return TAG_UINT8ARRAY;
  if (strcmp (tag, "$ArrayBuffer") == 0)
    return TAG_ARRAYBUFFER;
  if (strcmp (tag, "$Undefined") == 0)
    return TAG_UNDEFINED;
  if (strcmp (tag, "$Set") == 0)
    return TAG_SET;
  return TAG_UNKNOWN;
}

static gboolean
needs_escape (JsonArray *array)
{
  JsonNode *first;

  if (json_array_get_length (array) != 2)
    return FALSE;
  first = json_array_get_element (array, 0);
  return node_is_string (first) && node_get_string (first)[0] == '$';
}

/* Safe parsing */

static gboolean
integer_overflows (const char *digits,
                   gsize       n_digits,
                   gboolean    negative)
{
  const char *limit = negative ? "9223372036854775808" : "9223372036854775807";

  while (n_digits > 1 && digits[0] == '0')
    {
      digits++;
      n_digits--;
    }
  if (n_digits != 19)
    return n_digits > 19;
  return memcmp (digits, limit, 19) > 0;
}

static int
hex4 (const char *text,
      gsize       length,
      gsize       at)
{
  int value = 0;

  if (at + 4 > length)
    return -1;
  for (gsize k = at; k < at + 4; k++)
    {
      if (!g_ascii_isxdigit (text[k]))
        return -1;
      value = value * 16 + g_ascii_xdigit_value (text[k]);
    }
  return value;
}

/* Copies text[*copied, upto) and then @replacement into the patched copy. */
static void
patch_text (GString    **patched,
            const char  *text,
            gsize        length,
            gsize       *copied,
            gsize        upto,
            const char  *replacement)
{
  if (*patched == NULL)
    *patched = g_string_sized_new (length + 16);
  g_string_append_len (*patched, text + *copied, upto - *copied);
  g_string_append (*patched, replacement);
  *copied = upto;
}

/* Checks the escapes of the string that starts at text[*pos] == '"'; leaves *pos after it. */
static gboolean
prepare_json_string (const char  *text,
                     gsize        length,
                     gsize       *pos,
                     GString    **patched,
                     gsize       *copied,
                     GError     **error)
{
  gsize i = *pos + 1;

  while (i < length && text[i] != '"')
    {
      char escape;
      int code;

      if (text[i] != '\\')
        {
          i++;
          continue;
        }
      if (i + 1 >= length)
        break;   /* unterminated: json-glib reports it */

      escape = text[i + 1];
      if (escape != '\0' && strchr ("\"\\/bfnrt", escape) != NULL)
        {
          i += 2;
          continue;
        }
      if (escape != 'u' || (code = hex4 (text, length, i + 2)) < 0)
        {
          g_set_error (error, RK_ERROR, RK_ERROR_INVALID_REPLY,
                       "Invalid JSON: invalid escape in a string at byte %" G_GSIZE_FORMAT, i);
          return FALSE;
        }

      if (code >= 0xd800 && code <= 0xdbff && i + 12 <= length && text[i + 6] == '\\' &&
          text[i + 7] == 'u' && hex4 (text, length, i + 8) >= 0xdc00 &&
          hex4 (text, length, i + 8) <= 0xdfff)
        {
          i += 12;   /* a surrogate pair */
          continue;
        }
      if (code == 0 || (code >= 0xd800 && code <= 0xdfff))
        {
          /* A lone surrogate (fine in a JS string) has no UTF-8 form, and json-glib would
           * cut the string at U+0000: both become U+FFFD, as in CBOR text */
          patch_text (patched, text, length, copied, i, "\\ufffd");
          *copied = i + 6;
        }
      i += 6;
    }

  *pos = i + 1;
  return TRUE;
}

/*
 * json-glib 1.6 parses recursively with no depth limit (about 100 000 nested brackets overflow
 * the stack), silently wraps integers beyond int64 (12345678901234567890 becomes
 * -6101065172474983726), accepts escapes JSON does not have ("\101" is "A") and writes lone
 * surrogates ("\ud800") as invalid UTF-8. This lexical pass over the text, before json-glib
 * sees it, rejects deep nesting and bad escapes, replaces lone surrogates and U+0000 with
 * U+FFFD, and gives every out-of-range integer literal a ".0" so that it parses as a double,
 * as JSON.parse would. It parses nothing: json-glib still does that.
 */
static gboolean
prepare_json_text (const char  *text,
                   gsize        length,
                   GString    **patched_out,
                   GError     **error)
{
  g_autoptr(GString) patched = NULL;
  gsize copied = 0;
  gsize i = 0;
  int depth = 0;

  while (i < length)
    {
      char c = text[i];

      if (c == '"')
        {
          if (!prepare_json_string (text, length, &i, &patched, &copied, error))
            return FALSE;
        }
      else if (c == '[' || c == '{')
        {
          if (++depth > RK_COMPAT_MAX_DEPTH)
            {
              g_set_error (error, RK_ERROR, RK_ERROR_PROTOCOL,
                           "JSON nesting deeper than %d levels at byte %" G_GSIZE_FORMAT,
                           RK_COMPAT_MAX_DEPTH, i);
              return FALSE;
            }
          i++;
        }
      else if (c == ']' || c == '}')
        {
          depth = MAX (depth - 1, 0);
          i++;
        }
      else if (c == '-' || g_ascii_isdigit (c))
        {
          gsize digits_start = c == '-' ? i + 1 : i;
          gboolean is_integer = TRUE;

          for (i++; i < length; i++)
            {
              char d = text[i];

              if (d == '.' || d == 'e' || d == 'E' || d == '+' || d == '-')
                is_integer = FALSE;
              else if (!g_ascii_isdigit (d))
                break;
            }

          if (is_integer && i > digits_start &&
              integer_overflows (text + digits_start, i - digits_start, c == '-'))
            patch_text (&patched, text, length, &copied, i, ".0");
        }
      else if (g_ascii_isalpha (c))
        {
          /* true, false, null (or garbage that json-glib rejects): skip the whole word */
          while (i < length && g_ascii_isalnum (text[i]))
            i++;
        }
      else
        {
          i++;
        }
    }

  if (patched != NULL)
    g_string_append_len (patched, text + copied, length - copied);

  *patched_out = g_steal_pointer (&patched);
  return TRUE;
}

/**
 * rk_compat_parse_plain:
 * @text: JSON text
 * @length: length of @text in bytes, or -1 if it is nul-terminated
 * @error: return location for a #GError
 *
 * Parses plain JSON (no JSON-compat decoding) with json-glib, safely: nesting deeper than
 * %RK_COMPAT_MAX_DEPTH is an %RK_ERROR_PROTOCOL error instead of a stack overflow, and
 * integers beyond int64 become doubles (as JSON.parse gives) instead of wrapping around.
 * Use it for the plain JSON of the manager and inspector HTTP APIs. The tree is immutable
 * (see json_parser_new_immutable ()).
 *
 * Invalid or empty JSON is an %RK_ERROR_INVALID_REPLY error.
 *
 * Returns: (transfer full): the root node
 */
JsonNode *
rk_compat_parse_plain (const char  *text,
                       gssize       length,
                       GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GString) patched = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  gsize real_length;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (text == NULL)
    text = "";
  real_length = length < 0 ? strlen (text) : (gsize)length;

  if (!prepare_json_text (text, real_length, &patched, error))
    return NULL;
  if (patched != NULL)
    {
      text = patched->str;
      real_length = patched->len;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, (gssize)real_length, &local_error))
    {
      g_set_error (error, RK_ERROR, RK_ERROR_INVALID_REPLY,
                   "Invalid JSON: %s", local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, RK_ERROR, RK_ERROR_INVALID_REPLY,
                           "Invalid JSON: the document is empty");
      return NULL;
    }

  return json_node_ref (root);
}

/* Normalize */

static JsonNode *normalize_node (JsonNode  *node,
                                 int        depth,
                                 GString   *path,
                                 GError   **error);

static gboolean
check_depth (int       depth,
             GString  *path,
             GError  **error)
{
  if (depth <= RK_COMPAT_MAX_DEPTH)
    return TRUE;
  g_set_error (error, RK_ERROR, RK_ERROR_PROTOCOL,
               "JSON-compat value nested deeper than %d levels at %s",
               RK_COMPAT_MAX_DEPTH, path->str);
  return FALSE;
}

static JsonNode *
normalize_value (JsonNode *node)
{
  gint64 integer;

  if (node_is_double (node))
    {
      double value = json_node_get_double (node);

      /* NaN and ±Infinity cannot occur in JSON text; JSON.stringify writes them as null */
      if (!isfinite (value))
        return json_node_new (JSON_NODE_NULL);
      if (double_to_safe_int (value, &integer))
        return new_int_node (integer);
    }

  return copy_value (node);
}

static JsonNode *
normalize_array_elements (JsonArray  *array,
                          guint       first,
                          int         depth,
                          GString    *path,
                          GError    **error)
{
  g_autoptr(JsonArray) copy = json_array_sized_new (json_array_get_length (array));
  JsonNode *result;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element;
      gsize old_len;

      if (i < first)
        {
          json_array_add_element (copy, copy_value (json_array_get_element (array, i)));
          continue;
        }

      old_len = path_push_index (path, i);
      element = normalize_node (json_array_get_element (array, i), depth, path, error);
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
normalize_tagged (JsonArray   *array,
                  TagKind      kind,
                  const char  *tag,
                  int          depth,
                  GString     *path,
                  GError     **error)
{
  JsonNode *payload = json_array_get_element (array, 1);
  g_autofree char *short_tag = shorten (tag, MESSAGE_SNIPPET_MAX);
  g_autofree char *decimal = NULL;
  g_autoptr(GBytes) bytes = NULL;
  JsonNode *elements;
  gsize old_len;

  switch (kind)
    {
    case TAG_ESCAPED:
      /* A user array: the "$$…" string stays escaped, the second element is a value */
      return normalize_array_elements (array, 1, depth, path, error);

    case TAG_BIGINT:
      if (!node_is_string (payload) ||
          (decimal = canonical_decimal (node_get_string (payload))) == NULL)
        {
          g_set_error (error, RK_ERROR, RK_ERROR_PROTOCOL,
                       "Invalid “$BigInt” payload at %s: expected a decimal string", path->str);
          return NULL;
        }
      return new_tagged ("$BigInt", new_string_node (decimal));

    case TAG_UINT8ARRAY:
    case TAG_ARRAYBUFFER:
      if (!node_is_string (payload) ||
          (bytes = decode_base64 (node_get_string (payload))) == NULL)
        {
          g_set_error (error, RK_ERROR, RK_ERROR_PROTOCOL,
                       "Invalid “%s” payload at %s: expected a base64 string",
                       short_tag, path->str);
          return NULL;
        }
      {
        g_autofree char *base64 = encode_base64 (bytes);

        return new_tagged (tag, new_string_node (base64));
      }

    case TAG_UNDEFINED:
      return rk_compat_new_undefined ();

    case TAG_SET:
      if (!JSON_NODE_HOLDS_ARRAY (payload))
        {
          g_set_error (error, RK_ERROR, RK_ERROR_PROTOCOL,
                       "Invalid “$Set” payload at %s: expected an array", path->str);
          return NULL;
        }
      old_len = path_push_index (path, 1);
      elements = check_depth (depth + 1, path, error)
                 ? normalize_array_elements (json_node_get_array (payload), 0, depth + 1,
                                             path, error)
                 : NULL;
      g_string_truncate (path, old_len);
      if (elements == NULL)
        return NULL;
      return new_tagged ("$Set", elements);

    case TAG_UNKNOWN:
      g_set_error (error, RK_ERROR, RK_ERROR_PROTOCOL,
                   "Unknown JSON-compat tag “%s” at %s", short_tag, path->str);
      return NULL;

    case TAG_NONE:
    default:
      g_assert_not_reached ();
    }

  return NULL;
}

static JsonNode *
normalize_node (JsonNode  *node,
                int        depth,
                GString   *path,
                GError   **error)
{
  g_assert (node != NULL);

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        g_autoptr(JsonObject) copy = json_object_new ();
        JsonObject *object = json_node_get_object (node);
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;
        JsonNode *result;

        if (!check_depth (depth + 1, path, error))
          return NULL;

        json_object_iter_init_ordered (&iter, object);
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            gsize old_len = path_push_member (path, name);
            JsonNode *value = normalize_node (member, depth + 1, path, error);

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
        const char *tag;
        TagKind kind;

        if (!check_depth (depth + 1, path, error))
          return NULL;

        kind = classify (array, &tag);
        if (kind == TAG_NONE)
          return normalize_array_elements (array, 0, depth + 1, path, error);
        return normalize_tagged (array, kind, tag, depth + 1, path, error);
      }

    case JSON_NODE_VALUE:
      return normalize_value (node);

    case JSON_NODE_NULL:
    default:
      return json_node_new (JSON_NODE_NULL);
    }
}

/**
 * rk_compat_normalize:
 * @wire: a JSON-compat value as it came off the wire
 * @error: return location for a #GError
 *
 * Validates @wire and returns it in canonical form: `$Undefined` gets the payload 0, BigInt
 * decimals lose leading zeros, base64 gets its padding, integer-valued doubles within ±2^53
 * become integers and the escaped `$$…` arrays stay escaped.
 *
 * An unknown `$tag` in a two-element array, a malformed payload or nesting deeper than
 * %RK_COMPAT_MAX_DEPTH is an %RK_ERROR_PROTOCOL error naming the JSON path.
 *
 * Returns: (transfer full): a new canonical node, or %NULL on error
 */
JsonNode *
rk_compat_normalize (JsonNode  *wire,
                     GError   **error)
{
  g_autoptr(GString) path = g_string_new ("$");

  g_return_val_if_fail (wire != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return normalize_node (wire, 0, path, error);
}

/**
 * rk_compat_parse:
 * @text: JSON-compat text, as RivetKit writes it
 * @length: length of @text in bytes, or -1 if it is nul-terminated
 * @error: return location for a #GError
 *
 * Parses @text (with the safeguards of rk_compat_parse_plain()) and normalizes it.
 * Invalid JSON is an %RK_ERROR_INVALID_REPLY error; valid JSON that breaks the JSON-compat
 * rules (see rk_compat_normalize()) an %RK_ERROR_PROTOCOL error.
 *
 * Returns: (transfer full): the canonical value, or %NULL on error
 */
JsonNode *
rk_compat_parse (const char  *text,
                 gssize       length,
                 GError     **error)
{
  g_autoptr(JsonNode) wire = NULL;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(wire = rk_compat_parse_plain (text, length, error)))
    return NULL;

  return rk_compat_normalize (wire, error);
}

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
      if (node_is_integer (node) && json_node_get_int (node) >= PLAIN_INTEGER_LIMIT)
        {
          JsonNode *result = json_node_new (JSON_NODE_VALUE);
          double value = (double)json_node_get_int (node);

          /* json-glib writes "4294967296.0": RivetKit 2.3 then passes a JS number */
          json_node_set_double (result, value);
          *bad_doubles |= double_is_written_badly (value);
          return result;
        }
      if (node_is_double (node))
        {
          double value = json_node_get_double (node);

          if (!isfinite (value))
            return json_node_new (JSON_NODE_NULL);
          *bad_doubles |= double_is_written_badly (value);
        }
      return copy_value (node);

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
        gboolean escape = needs_escape (array);

        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            JsonNode *element = json_array_get_element (array, i);

            if (i == 0 && escape)
              {
                g_autofree char *escaped = g_strconcat ("$", node_get_string (element), NULL);
                json_array_add_element (copy, new_string_node (escaped));
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
      return normalize_value (node);

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
    return new_int_node (value);
  return new_string_node (decimal);
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
      gsize old_len = path_push_index (path, i);
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
            gsize old_len = path_push_member (path, name);
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
        TagKind kind = classify (array, &tag);
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
              gsize old_len = path_push_index (path, 1);

              second = to_plain_node (payload, depth + 1, path, error);
              g_string_truncate (path, old_len);
              result = json_node_new (JSON_NODE_ARRAY);
              json_node_take_array (result, unescaped);
              if (second == NULL)
                return NULL;
              json_array_add_element (unescaped, new_string_node (tag + 1));
              json_array_add_element (unescaped, second);
              return g_steal_pointer (&result);
            }

          case TAG_BIGINT:
            {
              g_autofree char *decimal = NULL;

              if (node_is_string (payload) &&
                  (decimal = canonical_decimal (node_get_string (payload))) != NULL)
                return bigint_to_plain (decimal);
            }
            break;

          case TAG_UINT8ARRAY:
          case TAG_ARRAYBUFFER:
            if (node_is_string (payload))
              return new_string_node (node_get_string (payload));
            break;

          case TAG_UNDEFINED:
            return json_node_new (JSON_NODE_NULL);

          case TAG_SET:
            if (JSON_NODE_HOLDS_ARRAY (payload))
              {
                gsize old_len = path_push_index (path, 1);

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

        short_tag = shorten (tag, MESSAGE_SNIPPET_MAX);
        g_set_error (error, RK_ERROR, RK_ERROR_INVALID_ARGUMENT,
                     kind == TAG_UNKNOWN ? "Unknown JSON-compat tag “%s” at %s"
                                         : "Invalid “%s” payload at %s",
                     short_tag, path->str);
        return NULL;
      }

    case JSON_NODE_VALUE:
      return copy_value (node);

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

  if (!(canonical = canonical_decimal (decimal)))
    return NULL;
  return new_tagged ("$BigInt", new_string_node (canonical));
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
  return new_tagged ("$BigInt", new_string_node (buf));
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

  base64 = encode_base64 (bytes);
  return new_tagged (kind == RK_VALUE_KIND_UINT8ARRAY ? "$Uint8Array" : "$ArrayBuffer",
                     new_string_node (base64));
}

/**
 * rk_compat_new_undefined:
 *
 * Returns: (transfer full): a new `["$Undefined",0]` node
 */
JsonNode *
rk_compat_new_undefined (void)
{
  return new_tagged ("$Undefined", new_int_node (0));
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
  return new_tagged ("$Set", payload);
}

/* Accessors */

static RkValueKind
tag_to_kind (TagKind   tag,
             JsonNode *payload)
{
  switch (tag)
    {
    case TAG_BIGINT:
      return node_is_string (payload) ? RK_VALUE_KIND_BIGINT : RK_VALUE_KIND_ARRAY;
    case TAG_UINT8ARRAY:
      return node_is_string (payload) ? RK_VALUE_KIND_UINT8ARRAY : RK_VALUE_KIND_ARRAY;
    case TAG_ARRAYBUFFER:
      return node_is_string (payload) ? RK_VALUE_KIND_ARRAYBUFFER : RK_VALUE_KIND_ARRAY;
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
        TagKind tag = classify (array, NULL);

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

static JsonNode *
payload_of (JsonNode *node)
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
  return node_get_string (payload_of (node));
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
  return decode_base64 (node_get_string (payload_of (node)));
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
      return json_array_get_length (json_node_get_array (payload_of (node)));
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
      array = json_node_get_array (payload_of (node));
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
  if (index == 0 && kind == RK_VALUE_KIND_ARRAY && classify (array, NULL) == TAG_ESCAPED)
    return new_string_node (node_get_string (element) + 1);
  return json_node_copy (element);
}

/* Describe */

static void
append_escaped_string (GString    *out,
                       const char *text,
                       gsize       limit)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p && out->len <= limit; p++)
    {
      guchar c = (guchar)*p;

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char)c);
          break;
        }
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
      append_double (out, json_node_get_double (node));
      break;

    case RK_VALUE_KIND_STRING:
      append_escaped_string (out, node_get_string (node), limit);
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

/* Cuts @text to @max_chars characters, the last one being "…" when something was cut. */
static char *
truncate_chars (char  *text,
                gsize  max_chars)
{
  const char *end;
  char *result;

  if (!g_utf8_validate (text, -1, NULL))
    {
      /* A render cut off in the middle of a character */
      result = g_utf8_make_valid (text, -1);
      g_free (text);
      text = result;
    }
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
  if (node_is_integer (a) && node_is_integer (b))
    return json_node_get_int (a) == json_node_get_int (b);
  if (node_is_double (a) && node_is_double (b))
    return json_node_get_double (a) == json_node_get_double (b);
  if (node_is_double (a))
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
      return strcmp (node_get_string (a), node_get_string (b)) == 0;

    case RK_VALUE_KIND_BIGINT:
      {
        g_autofree char *da = canonical_decimal (rk_compat_get_bigint (a));
        g_autofree char *db = canonical_decimal (rk_compat_get_bigint (b));

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
      return arrays_equal (json_node_get_array (payload_of (a)),
                           json_node_get_array (payload_of (b)), depth + 1);

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
