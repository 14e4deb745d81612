/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-compat-parse.c: hardened JSON parsing and normalisation into canonical JSON-compat form */

#define G_LOG_DOMAIN "rk-compat"

#include "config.h"

#include <math.h>
#include <string.h>

#include "rk-compat-private.h"
#include "rk-compat.h"
#include "rk-error.h"

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

/* Parses with json-glib after the lexical pass. An @immutable tree is sealed; the other one
 * is not (sealing hashes every node), and is the caller's alone. */
static JsonNode *
parse_text (const char  *text,
            gssize       length,
            gboolean     immutable,
            GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GString) patched = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  gsize real_length;

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

  parser = immutable ? json_parser_new_immutable () : json_parser_new ();
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

  /* The parser drops its reference on return: the caller holds the only one */
  return json_node_ref (root);
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
  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return parse_text (text, length, TRUE, error);
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

JsonNode *
_rk_compat_normalize_value (JsonNode *node)
{
  gint64 integer;

  if (_rk_compat_node_is_double (node))
    {
      double value = json_node_get_double (node);

      /* NaN and ±Infinity cannot occur in JSON text; JSON.stringify writes them as null */
      if (!isfinite (value))
        return json_node_new (JSON_NODE_NULL);
      if (_rk_compat_double_to_safe_int (value, &integer))
        return _rk_compat_new_int_node (integer);
    }

  return _rk_compat_copy_value (node);
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
          json_array_add_element (copy, _rk_compat_copy_value (json_array_get_element (array, i)));
          continue;
        }

      old_len = _rk_compat_path_push_index (path, i);
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
  g_autofree char *short_tag = _rk_compat_shorten (tag, MESSAGE_SNIPPET_MAX);
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
      if (!_rk_compat_node_is_string (payload) ||
          (decimal = _rk_compat_canonical_decimal (_rk_compat_node_get_string (payload))) == NULL)
        {
          g_set_error (error, RK_ERROR, RK_ERROR_PROTOCOL,
                       "Invalid “$BigInt” payload at %s: expected a decimal string", path->str);
          return NULL;
        }
      return _rk_compat_new_tagged ("$BigInt", _rk_compat_new_string_node (decimal));

    case TAG_UINT8ARRAY:
    case TAG_ARRAYBUFFER:
      if (!_rk_compat_node_is_string (payload) ||
          (bytes = _rk_compat_decode_base64 (_rk_compat_node_get_string (payload))) == NULL)
        {
          g_set_error (error, RK_ERROR, RK_ERROR_PROTOCOL,
                       "Invalid “%s” payload at %s: expected a base64 string",
                       short_tag, path->str);
          return NULL;
        }
      {
        g_autofree char *base64 = _rk_compat_encode_base64 (bytes);

        return _rk_compat_new_tagged (tag, _rk_compat_new_string_node (base64));
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
      old_len = _rk_compat_path_push_index (path, 1);
      elements = check_depth (depth + 1, path, error)
                 ? normalize_array_elements (json_node_get_array (payload), 0, depth + 1,
                                             path, error)
                 : NULL;
      g_string_truncate (path, old_len);
      if (elements == NULL)
        return NULL;
      return _rk_compat_new_tagged ("$Set", elements);

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
            gsize old_len = _rk_compat_path_push_member (path, name);
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

        kind = _rk_compat_classify (array, &tag);
        if (kind == TAG_NONE)
          return normalize_array_elements (array, 0, depth + 1, path, error);
        return normalize_tagged (array, kind, tag, depth + 1, path, error);
      }

    case JSON_NODE_VALUE:
      return _rk_compat_normalize_value (node);

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

/* The fast path of rk_compat_parse () */

static gboolean node_needs_normalizing (JsonNode *node,
                                        int       depth);

static gboolean
elements_need_normalizing (JsonArray *array,
                           guint      first,
                           int        depth)
{
  guint length = json_array_get_length (array);

  for (guint i = first; i < length; i++)
    if (node_needs_normalizing (json_array_get_element (array, i), depth))
      return TRUE;
  return FALSE;
}

/* Whether a BigInt payload is already what _rk_compat_canonical_decimal () makes of it. */
static gboolean
is_canonical_decimal (const char *text)
{
  const char *digits = text[0] == '-' ? text + 1 : text;

  if (!g_ascii_isdigit (digits[0]))
    return FALSE;
  if (digits[0] == '0')
    return digits[1] == '\0' && digits == text;   /* "0", not "-0" or "007" */
  for (const char *p = digits + 1; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

static gboolean
is_canonical_base64 (const char *text)
{
  g_autoptr(GBytes) bytes = _rk_compat_decode_base64 (text);
  g_autofree char *canonical = NULL;

  if (bytes == NULL)
    return FALSE;
  canonical = _rk_compat_encode_base64 (bytes);
  return strcmp (canonical, text) == 0;
}

/*
 * Whether normalize_node () would change anything in @node, or reject it; with the same
 * depth counting. Most values on the wire are canonical already (no tagged values, no
 * integral doubles), and then rk_compat_parse () keeps the parsed tree instead of copying
 * all of it. It reads the tree only: where the answer is yes, normalize_node () does the
 * work (and writes the error), on a copy as before.
 */
static gboolean
node_needs_normalizing (JsonNode *node,
                        int       depth)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        JsonNode *member;

        if (depth + 1 > RK_COMPAT_MAX_DEPTH)
          return TRUE;
        /* Member order does not matter here: the unordered walk is the faster one */
        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, NULL, &member))
          if (node_needs_normalizing (member, depth + 1))
            return TRUE;
        return FALSE;
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        TagKind kind;
        JsonNode *payload;

        if (depth + 1 > RK_COMPAT_MAX_DEPTH)
          return TRUE;

        kind = _rk_compat_classify (array, NULL);
        /* A tagged value has two elements */
        payload = kind == TAG_NONE ? NULL : json_array_get_element (array, 1);
        switch (kind)
          {
          case TAG_NONE:
            return elements_need_normalizing (array, 0, depth + 1);
          case TAG_ESCAPED:
            return elements_need_normalizing (array, 1, depth + 1);
          case TAG_BIGINT:
            return !_rk_compat_node_is_string (payload) ||
                   !is_canonical_decimal (_rk_compat_node_get_string (payload));
          case TAG_UINT8ARRAY:
          case TAG_ARRAYBUFFER:
            return !_rk_compat_node_is_string (payload) ||
                   !is_canonical_base64 (_rk_compat_node_get_string (payload));
          case TAG_UNDEFINED:
            return !_rk_compat_node_is_integer (payload) || json_node_get_int (payload) != 0;
          case TAG_SET:
            return !JSON_NODE_HOLDS_ARRAY (payload) || depth + 2 > RK_COMPAT_MAX_DEPTH ||
                   elements_need_normalizing (json_node_get_array (payload), 0, depth + 2);
          case TAG_UNKNOWN:
          default:
            return TRUE;
          }
      }

    case JSON_NODE_VALUE:
      if (_rk_compat_node_is_double (node))
        {
          double value = json_node_get_double (node);
          gint64 integer;

          return !isfinite (value) || _rk_compat_double_to_safe_int (value, &integer);
        }
      return FALSE;

    case JSON_NODE_NULL:
    default:
      return FALSE;
    }
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
 * Returns: (transfer full): the canonical value, a tree of the caller's own (not sealed),
 *   or %NULL on error
 */
JsonNode *
rk_compat_parse (const char  *text,
                 gssize       length,
                 GError     **error)
{
  g_autoptr(JsonNode) wire = NULL;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Nobody else holds this tree, and it is not sealed: when it is canonical already, it
   * is the result, as mutable as a copy would be */
  if (!(wire = parse_text (text, length, FALSE, error)))
    return NULL;
  if (!node_needs_normalizing (wire, 0))
    return g_steal_pointer (&wire);

  return rk_compat_normalize (wire, error);
}
