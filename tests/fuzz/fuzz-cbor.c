/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-cbor.c: libFuzzer target for the CBOR decoder, with an encode round trip */

#define G_LOG_DOMAIN "fuzz-cbor"

#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "rk-cbor.h"
#include "rk-compat.h"
#include "rk-error.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) back = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(GBytes) cbor = NULL;
  g_autofree char *text = NULL;
  g_autofree char *preview = NULL;

  node = rk_cbor_decode (data, size, &error);
  if (node == NULL)
    {
      if (error == NULL)
        abort ();
      return 0;
    }

  /* Everything decoded is canonical, so it encodes, and decodes back to the same value */
  cbor = rk_cbor_encode (node, &error);
  if (cbor == NULL)
    abort ();
  back = rk_cbor_decode (g_bytes_get_data (cbor, NULL), g_bytes_get_size (cbor), &error);
  if (back == NULL || !rk_compat_equal (node, back))
    abort ();

  /* The JSON encoding carries the same value (unless a Set made it too deep for JSON) */
  text = rk_compat_to_string (node, FALSE);
  json = rk_compat_parse (text, -1, &error);
  if (json == NULL ? !g_error_matches (error, RK_ERROR, RK_ERROR_PROTOCOL)
                   : !rk_compat_equal (node, json))
    abort ();

  preview = rk_compat_describe (node, 40);
  if (!g_utf8_validate (preview, -1, NULL))
    abort ();

  return 0;
}
