/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-compat.c: libFuzzer target for the JSON-compat parser and everything built on it */

#define G_LOG_DOMAIN "fuzz-compat"

#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "rk-compat.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

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

  node = rk_compat_parse ((const char *)data, (gssize)size, &error);
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
