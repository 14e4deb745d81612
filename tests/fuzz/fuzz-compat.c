/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-compat.c: libFuzzer target for the JSON-compat parser and everything built on it */

#define G_LOG_DOMAIN "fuzz-compat"

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rk-compat-private.h"
#include "rk-compat.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* The escaping of the JSON writers: any bytes give a JSON string that reads back as them
 * (made valid UTF-8) */
static void
check_escaping (const uint8_t *data,
                size_t         size)
{
  g_autoptr(GString) literal = g_string_new ("\"");
  g_autoptr(JsonNode) parsed = NULL;
  g_autofree char *expected = g_utf8_make_valid ((const char *)data, (gssize)size);

  _rk_json_append_escaped (literal, (const char *)data, (gssize)size);
  g_string_append_c (literal, '"');
  parsed = rk_compat_parse_plain (literal->str, (gssize)literal->len, NULL);
  if (parsed == NULL || !JSON_NODE_HOLDS_VALUE (parsed) ||
      g_strcmp0 (json_node_get_string (parsed), expected) != 0)
    abort ();
}

/* rk_compat_parse () keeps a canonical tree as parsed: it must give what normalising a copy
 * of the plain parse gives, value or error */
static void
check_fast_path (JsonNode      *node,
                 const GError  *error,
                 const uint8_t *data,
                 size_t         size)
{
  g_autoptr(GError) plain_error = NULL;
  g_autoptr(GError) copy_error = NULL;
  g_autoptr(JsonNode) wire = NULL;
  g_autoptr(JsonNode) copied = NULL;
  g_autofree char *text = NULL;
  g_autofree char *copied_text = NULL;

  wire = rk_compat_parse_plain ((const char *)data, (gssize)size, &plain_error);
  if (wire == NULL)
    {
      if (node != NULL || g_strcmp0 (plain_error->message, error->message) != 0)
        abort ();
      return;
    }

  copied = rk_compat_normalize (wire, &copy_error);
  if ((copied == NULL) != (node == NULL))
    abort ();
  if (copied == NULL)
    {
      if (g_strcmp0 (copy_error->message, error->message) != 0)
        abort ();
      return;
    }

  /* json-glib writes a double with ".0": the text tells integers and doubles apart */
  text = json_to_string (node, FALSE);
  copied_text = json_to_string (copied, FALSE);
  if (strcmp (text, copied_text) != 0 || json_node_is_immutable (node))
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) plain = NULL;
  g_autoptr(JsonNode) from_plain = NULL;
  g_autofree char *text = NULL;
  g_autofree char *preview = NULL;
  g_autofree char *full_preview = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(GBytes) bytes = NULL;
  RkValueKind kind;

  check_escaping (data, size);

  node = rk_compat_parse ((const char *)data, (gssize)size, &error);
  check_fast_path (node, error, data, size);
  if (node == NULL)
    {
      /* Every failure is reported, never a crash */
      if (error == NULL)
        abort ();
      return 0;
    }

  /* What the library writes, it reads back */
  text = rk_compat_to_string (node, FALSE);
  again = rk_compat_parse (text, -1, &error);
  if (again == NULL)
    abort ();

  preview = rk_compat_describe (node, 40);
  if (!g_utf8_validate (preview, -1, NULL) || g_utf8_strlen (preview, -1) > 40)
    abort ();
  full_preview = rk_compat_describe (node, 0);

  /* Canonical values always convert to plain JSON, and plain JSON back to canonical */
  plain = rk_compat_to_plain (node, &error);
  if (plain == NULL)
    abort ();
  from_plain = rk_compat_from_plain (plain);

  (void)rk_compat_equal (node, again);
  (void)rk_compat_equal (plain, from_plain);
  (void)rk_value_kind_to_string (rk_compat_get_kind (node));

  /* The accessors agree with the kind */
  kind = rk_compat_get_kind (node);
  first = rk_compat_dup_element (node, 0);
  if ((first != NULL) != ((kind == RK_VALUE_KIND_ARRAY || kind == RK_VALUE_KIND_SET) &&
                          rk_compat_get_length (node) > 0))
    abort ();
  bytes = rk_compat_dup_bytes (node);
  if ((bytes != NULL) != (kind == RK_VALUE_KIND_UINT8ARRAY ||
                          kind == RK_VALUE_KIND_ARRAYBUFFER))
    abort ();
  if ((rk_compat_get_bigint (node) != NULL) != (kind == RK_VALUE_KIND_BIGINT))
    abort ();

  return 0;
}
