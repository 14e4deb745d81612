/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-bare.c: libFuzzer target for the inspector decoder, and through it the BARE reader */

#define G_LOG_DOMAIN "fuzz-bare"

#include "config.h"

#include <stdint.h>

#include "rk-inspector-protocol.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* As a prefixed frame, which is what 2.2.1 and a default 2.3.x socket send. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RkInspectorMessage) message = rk_inspector_message_decode (data, size, &error);

    g_assert ((message == NULL) != (error == NULL));
  }

  /* As an unprefixed frame: the first byte picks the schema version (4, 5 or 6). */
  if (size >= 1)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RkInspectorMessage) message = NULL;
      guint version = RK_INSPECTOR_VERSION_MIN + data[0] % 3;

      message = rk_inspector_message_decode_unprefixed (version, data + 1, size - 1, &error);
      g_assert ((message == NULL) != (error == NULL));
    }

  return 0;
}
