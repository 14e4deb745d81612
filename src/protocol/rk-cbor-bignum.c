/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-cbor-bignum.c: big-endian magnitudes <-> decimal strings, for CBOR bignums (tags 2 and 3) */

#define G_LOG_DOMAIN "rk-cbor"

#include "config.h"

#include <string.h>

#include "rk-cbor-private.h"

/* Big-endian magnitude → decimal, in base-10^9 limbs: quadratic, hence the length cap. */
char *
_rk_cbor_magnitude_to_decimal (const guint8 *bytes,
                      gsize         length)
{
  g_autofree guint32 *limbs = g_new0 (guint32, length * 241 / 900 + 2);
  GString *out;
  gsize n_limbs = 0;

  for (gsize i = 0; i < length; i++)
    {
      guint64 carry = bytes[i];

      for (gsize j = 0; j < n_limbs; j++)
        {
          guint64 current = (guint64)limbs[j] * 256 + carry;

          limbs[j] = (guint32)(current % 1000000000);
          carry = current / 1000000000;
        }
      while (carry != 0)
        {
          limbs[n_limbs++] = (guint32)(carry % 1000000000);
          carry /= 1000000000;
        }
    }

  if (n_limbs == 0)
    return g_strdup ("0");

  out = g_string_sized_new (n_limbs * 9 + 2);
  g_string_append_printf (out, "%u", limbs[n_limbs - 1]);
  for (gsize j = n_limbs - 1; j > 0; j--)
    g_string_append_printf (out, "%09u", limbs[j - 1]);
  return g_string_free (out, FALSE);
}

/* Decimal digits → big-endian magnitude without leading zeros (empty for 0). */
GByteArray *
_rk_cbor_decimal_to_magnitude (const char *digits)
{
  GByteArray *little = g_byte_array_new ();
  GByteArray *big;

  while (*digits)
    {
      guint64 chunk = 0;
      guint64 scale = 1;
      guint64 carry;

      for (int k = 0; k < 9 && *digits; k++, digits++)
        {
          chunk = chunk * 10 + (guint64)(*digits - '0');
          scale *= 10;
        }

      carry = chunk;
      for (guint i = 0; i < little->len; i++)
        {
          guint64 current = (guint64)little->data[i] * scale + carry;

          little->data[i] = (guint8)(current & 0xff);
          carry = current >> 8;
        }
      while (carry != 0)
        {
          guint8 byte = (guint8)(carry & 0xff);

          g_byte_array_append (little, &byte, 1);
          carry >>= 8;
        }
    }

  big = g_byte_array_sized_new (little->len);
  for (guint i = little->len; i > 0; i--)
    g_byte_array_append (big, &little->data[i - 1], 1);
  g_byte_array_unref (little);
  return big;
}
