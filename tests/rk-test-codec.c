/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-test-codec.c: hex dumps, JSON comparisons and inspector-frame decoding for the
 * codec unit tests (BARE, JSON-compat, inspector protocol) */

#define G_LOG_DOMAIN "rk-test-codec"

#include "config.h"

#include "rk-compat.h"
#include "rk-test-codec.h"

/* Hex digits, two per byte; spaces between bytes are ignored. */
GBytes *
rk_test_hex_to_bytes (const char *hex)
{
  GByteArray *array = g_byte_array_new ();

  for (const char *p = hex; *p != '\0';)
    {
      guint8 byte;

      if (*p == ' ')
        {
          p++;
          continue;
        }

      g_assert_true (g_ascii_isxdigit (p[0]) && g_ascii_isxdigit (p[1]));
      byte = (guint8)(g_ascii_xdigit_value (p[0]) << 4 | g_ascii_xdigit_value (p[1]));
      g_byte_array_append (array, &byte, 1);
      p += 2;
    }

  return g_byte_array_free_to_bytes (array);
}

char *
rk_test_hex_from_data (const guint8 *data,
                       gsize         length)
{
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < length; i++)
    g_string_append_printf (out, "%02x", data[i]);

  return g_string_free (out, FALSE);
}

char *
rk_test_hex_from_bytes (GBytes *bytes)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  return rk_test_hex_from_data (data, length);
}

void
rk_test_assert_bytes (GBytes     *bytes,
                      const char *expected_hex)
{
  g_autofree char *hex = NULL;

  g_assert_nonnull (bytes);
  hex = rk_test_hex_from_bytes (bytes);
  g_assert_cmpstr (hex, ==, expected_hex);
}

/* @strv joined with commas is @joined. */
void
rk_test_assert_strv (char       **strv,
                     const char  *joined)
{
  g_autofree char *actual = NULL;

  g_assert_nonnull (strv);
  actual = g_strjoinv (",", strv);
  g_assert_cmpstr (actual, ==, joined);
}

/* @node equals @expected_json as plain JSON (json_node_equal ()). */
void
rk_test_assert_json_equal (JsonNode   *node,
                           const char *expected_json)
{
  g_autoptr(JsonNode) expected = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (node);
  expected = json_from_string (expected_json, &error);
  g_assert_no_error (error);

  if (!json_node_equal (node, expected))
    {
      g_autofree char *actual = json_to_string (node, FALSE);

      g_error ("JSON mismatch: got %s, expected %s", actual, expected_json);
    }
}

/* json-glib writes @node, compactly, as exactly @expected. */
void
rk_test_assert_json_text (JsonNode   *node,
                          const char *expected)
{
  g_autofree char *text = json_to_string (node, FALSE);

  g_assert_cmpstr (text, ==, expected);
}

/* rk_compat_parse (), which must succeed. */
JsonNode *
rk_test_compat_parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = rk_compat_parse (text, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

/* Decodes from a heap copy of exactly the frame's size, so that ASan sees any
 * over-read. @version applies to unprefixed frames only. */
RkInspectorMessage *
rk_test_inspector_decode (gboolean       prefixed,
                          guint          version,
                          const guint8  *data,
                          gsize          length,
                          GError       **error)
{
  g_autofree guint8 *copy = length > 0 ? g_memdup2 (data, length) : NULL;

  if (prefixed)
    return rk_inspector_message_decode (copy, length, error);

  return rk_inspector_message_decode_unprefixed (version, copy, length, error);
}
