/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-error.c: libFuzzer target for the error parsers: HTTP error bodies
 * of every shape, WebSocket close reasons and WebSocket Error frames */

#define G_LOG_DOMAIN "fuzz-error"

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "rk-compat.h"
#include "rk-error.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autoptr(GError) reply = NULL;
  g_autoptr(GError) closed = NULL;
  g_autoptr(JsonNode) frame = NULL;
  g_autofree char *reason = NULL;
  guint status = size > 0 ? 400 + data[0] % 200 : 500;

  /* Any body, with any status, becomes an error with a message. */
  reply = rk_error_new_from_reply (status, "Reason", body);
  g_assert (reply != NULL && reply->domain == RK_ERROR && reply->message != NULL);
  g_assert (rk_error_get_http_status (reply) == status);
  (void)rk_error_matches (reply, "actor", "not_found");

  /* The same bytes as a close reason (NUL-terminated, maybe invalid UTF-8). */
  reason = g_strndup ((const char *)data, size);
  closed = rk_error_new_from_close (size > 1 ? (data[1] << 8 | data[0]) : 1011, reason);
  g_assert (closed != NULL && g_utf8_validate (closed->message, -1, NULL));

  /* And as the value of a WebSocket Error frame. */
  frame = rk_compat_parse ((const char *)data, size, NULL);
  if (frame != NULL && JSON_NODE_HOLDS_OBJECT (frame))
    {
      g_autoptr(GError) remote = rk_error_new_from_object (json_node_get_object (frame), 0);

      if (remote != NULL)
        g_assert (rk_error_get_group (remote) != NULL && rk_error_get_code (remote) != NULL);
    }

  return 0;
}
