/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-compat-util.c: helpers shared by the JSON-compat codec files */

#define G_LOG_DOMAIN "rk-compat"

#include "config.h"

#include <math.h>
#include <string.h>

#include "rk-compat-private.h"
#include "rk-compat.h"
#include "rk-error.h"

/* Helpers */

char *
_rk_compat_shorten (const char *text,
         gsize       max_chars)
{
  const char *end;

  if (g_utf8_strlen (text, -1) <= (glong)max_chars)
    return g_strdup (text);

  end = g_utf8_offset_to_pointer (text, max_chars);
  return g_strdup_printf ("%.*s…", (int)(end - text), text);
}

gboolean
_rk_compat_is_identifier (const char *name)
{
  if (!g_ascii_isalpha (name[0]) && name[0] != '_' && name[0] != '$')
    return FALSE;
  for (const char *p = name + 1; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '$')
      return FALSE;
  return TRUE;
}

gsize
_rk_compat_path_push_member (GString    *path,
                  const char *name)
{
  gsize old_len = path->len;

  if (_rk_compat_is_identifier (name))
    {
      g_string_append_c (path, '.');
      g_string_append (path, name);
    }
  else
    {
      g_autofree char *short_name = _rk_compat_shorten (name, MESSAGE_SNIPPET_MAX);

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

gsize
_rk_compat_path_push_index (GString *path,
                 guint    index)
{
  gsize old_len = path->len;

  g_string_append_printf (path, "[%u]", index);
  return old_len;
}

JsonNode *
_rk_compat_new_string_node (const char *value)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, value);
  return node;
}

JsonNode *
_rk_compat_new_int_node (gint64 value)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_int (node, value);
  return node;
}

JsonNode *
_rk_compat_new_tagged (const char *tag,
            JsonNode   *payload)
{
  JsonArray *array = json_array_sized_new (2);
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_array_add_element (array, _rk_compat_new_string_node (tag));
  json_array_add_element (array, payload);
  json_node_take_array (node, array);
  return node;
}

const char *
_rk_compat_node_get_string (JsonNode *node)
{
  const char *value = json_node_get_string (node);

  return value ? value : "";
}

gboolean
_rk_compat_node_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

gboolean
_rk_compat_node_is_integer (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
}

gboolean
_rk_compat_node_is_double (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE;
}

/* A new, mutable copy of a value node (json_node_copy () would keep the parser's seal). */
JsonNode *
_rk_compat_copy_value (JsonNode *node)
{
  JsonNode *copy;
  GType type = json_node_get_value_type (node);

  if (type == G_TYPE_INT64)
    return _rk_compat_new_int_node (json_node_get_int (node));
  if (type == G_TYPE_STRING)
    return _rk_compat_new_string_node (_rk_compat_node_get_string (node));

  copy = json_node_new (JSON_NODE_VALUE);
  if (type == G_TYPE_DOUBLE)
    json_node_set_double (copy, json_node_get_double (node));
  else if (type == G_TYPE_BOOLEAN)
    json_node_set_boolean (copy, json_node_get_boolean (node));
  else
    json_node_init_null (copy);
  return copy;
}

gboolean
_rk_compat_double_to_safe_int (double  value,
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
void
_rk_compat_append_double (GString *out,
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
char *
_rk_compat_canonical_decimal (const char *text)
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

int
_rk_compat_base64_value (char c)
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
GBytes *
_rk_compat_decode_base64 (const char *text)
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
      int value = _rk_compat_base64_value (text[i]);

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

char *
_rk_compat_encode_base64 (GBytes *bytes)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  return g_base64_encode (data, size);
}

TagKind
_rk_compat_classify (JsonArray   *array,
          const char **tag_out)
{
  JsonNode *first;
  const char *tag;

  if (tag_out != NULL)
    *tag_out = NULL;
  if (json_array_get_length (array) != 2)
    return TAG_NONE;
  first = json_array_get_element (array, 0);
  if (!_rk_compat_node_is_string (first))
    return TAG_NONE;
  tag = _rk_compat_node_get_string (first);
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

gboolean
_rk_compat_needs_escape (JsonArray *array)
{
  JsonNode *first;

  if (json_array_get_length (array) != 2)
    return FALSE;
  first = json_array_get_element (array, 0);
  return _rk_compat_node_is_string (first) && _rk_compat_node_get_string (first)[0] == '$';
}

/* JSON string escaping, for the writers of JSON text (the event log) and of previews */

/* The bytes a JSON string cannot hold as they are: the letter of their short escape, or 'u'
 * for \u00XX. DEL and everything from 0x80 up pass, as JSON.stringify () has them. */
static const char json_escapes[256] = {
  'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'b', 't', 'n', 'u', 'f', 'r', 'u', 'u',
  'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',
  ['"'] = '"',
  ['\\'] = '\\',
};

/*
 * Appends @s as the inside of a JSON string literal, without the quotes: `"`, `\` and the
 * control characters escaped (`\n`, `\u001f`…), everything else as it is, U+2028 and U+2029
 * included. Invalid UTF-8 (which the parser never gives, but a tree built by hand may
 * hold) becomes U+FFFD as g_utf8_make_valid () makes it, so that the output is valid JSON
 * text; with a @len ≥ 0, so does a nul byte. Copies runs of plain bytes at once.
 */
void
_rk_json_append_escaped (GString    *out,
                         const char *s,
                         gssize      len)
{
  static const char hex[] = "0123456789abcdef";
  g_autofree char *valid = NULL;
  const char *end;
  const char *run;

  if (len < 0 ? !g_utf8_validate (s, -1, &end) : !g_utf8_validate_len (s, (gsize)len, &end))
    {
      s = valid = g_utf8_make_valid (s, len);
      end = s + strlen (s);
    }

  run = s;
  for (const char *p = s; p < end; p++)
    {
      guchar c = (guchar)*p;
      char escape = json_escapes[c];

      if (G_LIKELY (escape == 0))
        continue;

      g_string_append_len (out, run, p - run);
      run = p + 1;
      if (escape == 'u')
        {
          char sequence[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf] };

          g_string_append_len (out, sequence, sizeof sequence);
        }
      else
        {
          char sequence[2] = { '\\', escape };

          g_string_append_len (out, sequence, sizeof sequence);
        }
    }
  g_string_append_len (out, run, end - run);
}
