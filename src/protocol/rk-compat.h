/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-compat.h: RivetKit's "JSON compat" value model (tagged BigInt, bytes, undefined, Set) */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "rk-types.h"

G_BEGIN_DECLS

/**
 * RK_COMPAT_MAX_DEPTH:
 *
 * How deeply arrays, objects, sets and CBOR tags may nest in a value the library accepts.
 * Deeper input is rejected with %RK_ERROR_PROTOCOL instead of overflowing the stack.
 */
#define RK_COMPAT_MAX_DEPTH 256

JsonNode    *rk_compat_parse                  (const char   *text,
                                               gssize        length,
                                               GError      **error);
JsonNode    *rk_compat_parse_plain            (const char   *text,
                                               gssize        length,
                                               GError      **error);
JsonNode    *rk_compat_normalize              (JsonNode     *wire,
                                               GError      **error);
char        *rk_compat_to_string              (JsonNode     *node,
                                               gboolean      pretty);
JsonNode    *rk_compat_from_plain             (JsonNode     *plain);
JsonNode    *rk_compat_to_plain               (JsonNode     *node,
                                               GError      **error);

JsonNode    *rk_compat_new_bigint             (const char   *decimal);
JsonNode    *rk_compat_new_bigint_from_int64  (gint64        value);
JsonNode    *rk_compat_new_bytes              (GBytes       *bytes,
                                               RkValueKind   kind);
JsonNode    *rk_compat_new_undefined          (void);
JsonNode    *rk_compat_new_set                (JsonArray    *elements);

RkValueKind  rk_compat_get_kind               (JsonNode     *node);
const char  *rk_compat_get_bigint             (JsonNode     *node);
GBytes      *rk_compat_dup_bytes              (JsonNode     *node);
guint        rk_compat_get_length             (JsonNode     *node);
JsonNode    *rk_compat_dup_element            (JsonNode     *node,
                                               guint         index);

char        *rk_compat_describe               (JsonNode     *node,
                                               gsize         max_chars);
gboolean     rk_compat_equal                  (JsonNode     *a,
                                               JsonNode     *b);

const char  *rk_value_kind_to_string          (RkValueKind   kind);

G_END_DECLS
