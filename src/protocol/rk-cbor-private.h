/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-cbor-private.h: bignum arithmetic shared by the CBOR decoder and encoder */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *       _rk_cbor_magnitude_to_decimal   (const guint8 *bytes,
                                              gsize length);
GByteArray * _rk_cbor_decimal_to_magnitude   (const char *digits);

G_END_DECLS
