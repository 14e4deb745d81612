/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-key.c: libFuzzer target for rk_key_parse (), rk_key_serialize () and rk_key_to_display () */

#define G_LOG_DOMAIN "fuzz-key"

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rk-key.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static gboolean
strv_equal (char **a,
            char **b)
{
  guint i;

  for (i = 0; a[i] != NULL && b[i] != NULL; i++)
    if (strcmp (a[i], b[i]) != 0)
      return FALSE;

  return a[i] == NULL && b[i] == NULL;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *input = g_strndup ((const char *)data, size);
  g_auto(GStrv) parts = NULL;
  g_auto(GStrv) again = NULL;
  g_autofree char *serialized = NULL;
  g_autofree char *reserialized = NULL;
  g_autofree char *display = NULL;

  /* Parsing never fails, and the canonical form of what it gives parses back to the same
   * components and is a fixed point of serialize (parse ()). */
  parts = rk_key_parse (input);
  serialized = rk_key_serialize ((const char * const *)parts);
  again = rk_key_parse (serialized);
  if (!strv_equal (parts, again))
    abort ();

  reserialized = rk_key_serialize ((const char * const *)again);
  if (strcmp (serialized, reserialized) != 0)
    abort ();

  display = rk_key_to_display ((const char * const *)parts);
  if (display == NULL)
    abort ();

  return 0;
}
