/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-cbor.h: CBOR <-> canonical JSON-compat values, with libcbor */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * RK_CBOR_MAX_BIGNUM_BYTES:
 *
 * The longest bignum (CBOR tags 2 and 3) the library converts to and from a decimal BigInt,
 * in bytes (about 19 700 decimal digits). The conversion is quadratic, so hostile input
 * beyond this is refused.
 */
#define RK_CBOR_MAX_BIGNUM_BYTES 8192

JsonNode *rk_cbor_decode  (const guint8  *data,
                           gsize          length,
                           GError       **error);
GBytes   *rk_cbor_encode  (JsonNode      *node,
                           GError       **error);

G_END_DECLS
