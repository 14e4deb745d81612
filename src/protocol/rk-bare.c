/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-bare.c: a bounds-checked reader and a writer for BARE (https://baremessages.org) */

#define G_LOG_DOMAIN "rk-bare"

#include "config.h"

#include <string.h>

#include "rk-bare.h"
#include "rk-error.h"

/* A BARE uint is a LEB128 varint of at most 64 bits, so at most 10 bytes. */
#define MAX_VARINT_BYTES 10

static gboolean
check_available (RkBareReader  *reader,
                 gsize          needed,
                 const char    *what,
                 GError       **error)
{
  gsize remaining = reader->length - reader->offset;

  if (needed > remaining)
    {
      g_set_error (error, RK_ERROR, RK_ERROR_PROTOCOL,
                   "Truncated BARE message: %s at byte %" G_GSIZE_FORMAT
                   " needs %" G_GSIZE_FORMAT " bytes but only %" G_GSIZE_FORMAT
                   " are left",
                   what, reader->offset, needed, remaining);
      return FALSE;
    }

  return TRUE;
}

/**
 * rk_bare_reader_init:
 * @reader: the reader to set up
 * @data: (array length=length) (nullable): the message; borrowed
 * @length: the length of @data
 *
 * Points @reader at the start of @data.
 */
void
rk_bare_reader_init (RkBareReader *reader,
                     const guint8 *data,
                     gsize         length)
{
  g_return_if_fail (reader != NULL);
  g_return_if_fail (data != NULL || length == 0);

  reader->data = data;
  reader->length = length;
  reader->offset = 0;
}

/**
 * rk_bare_reader_get_remaining:
 * @reader: a reader
 *
 * Returns: the number of bytes not read yet
 */
gsize
rk_bare_reader_get_remaining (const RkBareReader *reader)
{
  g_return_val_if_fail (reader != NULL, 0);
  g_return_val_if_fail (reader->offset <= reader->length, 0);

  return reader->length - reader->offset;
}

/**
 * rk_bare_reader_expect_end:
 * @reader: a reader
 * @error: return location for an error
 *
 * Checks that the whole message was consumed. BARE has no framing of its
 * own, so bytes left over mean that the schema does not match the message.
 *
 * Returns: %TRUE if no bytes are left
 */
gboolean
rk_bare_reader_expect_end (RkBareReader  *reader,
                           GError       **error)
{
  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (reader->offset <= reader->length, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (reader->offset != reader->length)
    {
      g_set_error (error, RK_ERROR, RK_ERROR_PROTOCOL,
                   "Unexpected trailing data in BARE message: %" G_GSIZE_FORMAT
                   " bytes left at byte %" G_GSIZE_FORMAT,
                   reader->length - reader->offset, reader->offset);
      return FALSE;
    }

  return TRUE;
}

/**
 * rk_bare_read_uint:
 * @reader: a reader
 * @out_value: (out) (optional): the value
 * @error: return location for an error
 *
 * Reads a BARE `uint`: an unsigned LEB128 varint of at most 10 bytes that
 * fits in 64 bits. Non-canonical encodings (a redundant trailing zero
 * group, such as `80 00` for 0) are rejected, as the reference
 * implementations do.
 *
 * Returns: %TRUE on success
 */
gboolean
rk_bare_read_uint (RkBareReader  *reader,
                   guint64       *out_value,
                   GError       **error)
{
  guint64 value = 0;
  gsize start;
  gsize remaining;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (reader->offset <= reader->length, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  start = reader->offset;
  remaining = reader->length - start;

  for (guint i = 0; i < MAX_VARINT_BYTES; i++)
    {
      guint8 byte;

      if (i >= remaining)
        {
          g_set_error (error, RK_ERROR, RK_ERROR_PROTOCOL,
                       "Truncated BARE message: unterminated uint at byte %" G_GSIZE_FORMAT,
                       start);
          return FALSE;
        }

      byte = reader->data[start + i];

      /* The tenth byte holds bit 63 only. */
      if (i == MAX_VARINT_BYTES - 1 && byte > 1)
        {
          g_set_error (error, RK_ERROR, RK_ERROR_PROTOCOL,
                       "Invalid BARE uint at byte %" G_GSIZE_FORMAT ": larger than 64 bits",
                       start);
          return FALSE;
        }

      value |= (guint64)(byte & 0x7f) << (7 * i);

      if ((byte & 0x80) == 0)
        {
          if (byte == 0 && i > 0)
            {
              g_set_error (error, RK_ERROR, RK_ERROR_PROTOCOL,
                           "Invalid BARE uint at byte %" G_GSIZE_FORMAT
                           ": non-canonical encoding",
                           start);
              return FALSE;
            }

          reader->offset = start + i + 1;
          if (out_value != NULL)
            *out_value = value;
          return TRUE;
        }
    }

  /* Not reached: the tenth byte either ends the varint or fails above. */
  g_set_error (error, RK_ERROR, RK_ERROR_PROTOCOL,
               "Invalid BARE uint at byte %" G_GSIZE_FORMAT ": longer than 10 bytes", start);
  return FALSE;
}

/**
 * rk_bare_read_u8:
 * @reader: a reader
 * @out_value: (out) (optional): the value
 * @error: return location for an error
 *
 * Reads one byte (a BARE `u8`, also used for union tags).
 *
 * Returns: %TRUE on success
 */
gboolean
rk_bare_read_u8 (RkBareReader  *reader,
                 guint8        *out_value,
                 GError       **error)
{
  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (reader->offset <= reader->length, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_available (reader, 1, "u8", error))
    return FALSE;

  if (out_value != NULL)
    *out_value = reader->data[reader->offset];
  reader->offset += 1;

  return TRUE;
}

/**
 * rk_bare_read_u16_le:
 * @reader: a reader
 * @out_value: (out) (optional): the value
 * @error: return location for an error
 *
 * Reads a little-endian 16-bit integer (a BARE `u16`, and the version
 * prefix of RivetKit's versioned messages).
 *
 * Returns: %TRUE on success
 */
gboolean
rk_bare_read_u16_le (RkBareReader  *reader,
                     guint16       *out_value,
                     GError       **error)
{
  const guint8 *p;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (reader->offset <= reader->length, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_available (reader, 2, "u16", error))
    return FALSE;

  p = reader->data + reader->offset;
  if (out_value != NULL)
    *out_value = (guint16)(p[0] | (p[1] << 8));
  reader->offset += 2;

  return TRUE;
}

/**
 * rk_bare_read_u64_le:
 * @reader: a reader
 * @out_value: (out) (optional): the value
 * @error: return location for an error
 *
 * Reads a little-endian 64-bit integer (a BARE `u64`).
 *
 * Returns: %TRUE on success
 */
gboolean
rk_bare_read_u64_le (RkBareReader  *reader,
                     guint64       *out_value,
                     GError       **error)
{
  const guint8 *p;
  guint64 value = 0;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (reader->offset <= reader->length, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_available (reader, 8, "u64", error))
    return FALSE;

  p = reader->data + reader->offset;
  for (guint i = 0; i < 8; i++)
    value |= (guint64)p[i] << (8 * i);

  if (out_value != NULL)
    *out_value = value;
  reader->offset += 8;

  return TRUE;
}

static gboolean
read_zero_or_one (RkBareReader  *reader,
                  const char    *what,
                  gboolean      *out_value,
                  GError       **error)
{
  guint8 byte;

  if (!check_available (reader, 1, what, error))
    return FALSE;

  byte = reader->data[reader->offset];
  if (byte > 1)
    {
      g_set_error (error, RK_ERROR, RK_ERROR_PROTOCOL,
                   "Invalid BARE %s at byte %" G_GSIZE_FORMAT ": 0x%02x is neither 0 nor 1",
                   what, reader->offset, byte);
      return FALSE;
    }

  if (out_value != NULL)
    *out_value = byte == 1;
  reader->offset += 1;

  return TRUE;
}

/**
 * rk_bare_read_bool:
 * @reader: a reader
 * @out_value: (out) (optional): the value
 * @error: return location for an error
 *
 * Reads a BARE `bool`. Only the bytes 0 and 1 are accepted.
 *
 * Returns: %TRUE on success
 */
gboolean
rk_bare_read_bool (RkBareReader  *reader,
                   gboolean      *out_value,
                   GError       **error)
{
  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (reader->offset <= reader->length, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return read_zero_or_one (reader, "bool", out_value, error);
}

/**
 * rk_bare_read_optional:
 * @reader: a reader
 * @out_present: (out) (optional): whether a value follows
 * @error: return location for an error
 *
 * Reads the presence byte of a BARE `optional<T>` (0 or 1). When
 * @out_present is %TRUE the caller reads the value next.
 *
 * Returns: %TRUE on success
 */
gboolean
rk_bare_read_optional (RkBareReader  *reader,
                       gboolean      *out_present,
                       GError       **error)
{
  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (reader->offset <= reader->length, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return read_zero_or_one (reader, "optional presence byte", out_present, error);
}

/**
 * rk_bare_read_data:
 * @reader: a reader
 * @out_data: (out) (optional) (transfer none) (array length=out_length): the bytes,
 *   pointing into the reader's buffer
 * @out_length: (out) (optional): the number of bytes
 * @error: return location for an error
 *
 * Reads a BARE `data`: a `uint` length, then that many bytes. The bytes are
 * not copied. A zero-length value gives a pointer that must not be
 * dereferenced.
 *
 * Returns: %TRUE on success
 */
gboolean
rk_bare_read_data (RkBareReader  *reader,
                   const guint8 **out_data,
                   gsize         *out_length,
                   GError       **error)
{
  gsize start;
  guint64 length;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (reader->offset <= reader->length, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  start = reader->offset;
  if (!rk_bare_read_uint (reader, &length, error))
    return FALSE;

  /* Compare in 64 bits: the length may not fit in a gsize. */
  if (length > (guint64)(reader->length - reader->offset))
    {
      g_set_error (error, RK_ERROR, RK_ERROR_PROTOCOL,
                   "Truncated BARE message: data at byte %" G_GSIZE_FORMAT
                   " declares %" G_GUINT64_FORMAT " bytes but only %" G_GSIZE_FORMAT
                   " are left",
                   start, length, reader->length - reader->offset);
      reader->offset = start;
      return FALSE;
    }

  if (out_data != NULL)
    *out_data = reader->data + reader->offset;
  if (out_length != NULL)
    *out_length = (gsize)length;
  reader->offset += (gsize)length;

  return TRUE;
}

/**
 * rk_bare_read_string:
 * @reader: a reader
 * @out_string: (out) (optional) (transfer full): the string, newly allocated
 * @error: return location for an error
 *
 * Reads a BARE `string`: a `uint` byte length, then UTF-8. Invalid UTF-8
 * and embedded NUL bytes are rejected, so the result is a valid C string.
 *
 * Returns: %TRUE on success
 */
gboolean
rk_bare_read_string (RkBareReader  *reader,
                     char         **out_string,
                     GError       **error)
{
  const guint8 *data = NULL;
  gsize length = 0;
  gsize start;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (reader->offset <= reader->length, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  start = reader->offset;
  if (!rk_bare_read_data (reader, &data, &length, error))
    return FALSE;

  /* g_utf8_validate () fails on NUL bytes when given an explicit length. */
  if (length > 0 && !g_utf8_validate ((const char *)data, (gssize)length, NULL))
    {
      g_set_error (error, RK_ERROR, RK_ERROR_PROTOCOL,
                   "Invalid BARE string at byte %" G_GSIZE_FORMAT
                   ": not valid UTF-8 or contains a NUL byte",
                   start);
      reader->offset = start;
      return FALSE;
    }

  if (out_string != NULL)
    *out_string = length > 0 ? g_strndup ((const char *)data, length) : g_strdup ("");

  return TRUE;
}

/**
 * rk_bare_read_list_length:
 * @reader: a reader
 * @min_item_size: the smallest encoding of one item in bytes (at least 1)
 * @out_count: (out) (optional): the number of items
 * @error: return location for an error
 *
 * Reads the `uint` item count of a BARE `list<T>`. A count that cannot fit
 * in the remaining bytes, given that each item takes at least
 * @min_item_size bytes, is rejected before the caller allocates anything.
 *
 * Returns: %TRUE on success
 */
gboolean
rk_bare_read_list_length (RkBareReader  *reader,
                          gsize          min_item_size,
                          gsize         *out_count,
                          GError       **error)
{
  gsize start;
  guint64 count;
  gsize remaining;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (reader->offset <= reader->length, FALSE);
  g_return_val_if_fail (min_item_size > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  start = reader->offset;
  if (!rk_bare_read_uint (reader, &count, error))
    return FALSE;

  remaining = reader->length - reader->offset;
  if (count > (guint64)(remaining / min_item_size))
    {
      g_set_error (error, RK_ERROR, RK_ERROR_PROTOCOL,
                   "Truncated BARE message: list at byte %" G_GSIZE_FORMAT
                   " declares %" G_GUINT64_FORMAT " items but only %" G_GSIZE_FORMAT
                   " bytes are left",
                   start, count, remaining);
      reader->offset = start;
      return FALSE;
    }

  if (out_count != NULL)
    *out_count = (gsize)count;

  return TRUE;
}

/**
 * rk_bare_write_uint:
 * @buffer: the buffer to append to
 * @value: the value
 *
 * Appends a BARE `uint` (canonical LEB128, 1 to 10 bytes).
 */
void
rk_bare_write_uint (GByteArray *buffer,
                    guint64     value)
{
  guint8 bytes[MAX_VARINT_BYTES];
  guint n = 0;

  g_return_if_fail (buffer != NULL);

  do
    {
      guint8 byte = value & 0x7f;

      value >>= 7;
      if (value != 0)
        byte |= 0x80;
      bytes[n++] = byte;
    }
  while (value != 0);

  g_byte_array_append (buffer, bytes, n);
}

/**
 * rk_bare_write_u8:
 * @buffer: the buffer to append to
 * @value: the value
 *
 * Appends one byte.
 */
void
rk_bare_write_u8 (GByteArray *buffer,
                  guint8      value)
{
  g_return_if_fail (buffer != NULL);

  g_byte_array_append (buffer, &value, 1);
}

/**
 * rk_bare_write_u16_le:
 * @buffer: the buffer to append to
 * @value: the value
 *
 * Appends a little-endian 16-bit integer.
 */
void
rk_bare_write_u16_le (GByteArray *buffer,
                      guint16     value)
{
  guint8 bytes[2];

  g_return_if_fail (buffer != NULL);

  bytes[0] = value & 0xff;
  bytes[1] = value >> 8;
  g_byte_array_append (buffer, bytes, 2);
}

/**
 * rk_bare_write_u64_le:
 * @buffer: the buffer to append to
 * @value: the value
 *
 * Appends a little-endian 64-bit integer.
 */
void
rk_bare_write_u64_le (GByteArray *buffer,
                      guint64     value)
{
  guint8 bytes[8];

  g_return_if_fail (buffer != NULL);

  for (guint i = 0; i < 8; i++)
    bytes[i] = (value >> (8 * i)) & 0xff;
  g_byte_array_append (buffer, bytes, 8);
}

/**
 * rk_bare_write_bool:
 * @buffer: the buffer to append to
 * @value: the value
 *
 * Appends a BARE `bool` (0 or 1).
 */
void
rk_bare_write_bool (GByteArray *buffer,
                    gboolean    value)
{
  g_return_if_fail (buffer != NULL);

  rk_bare_write_u8 (buffer, value ? 1 : 0);
}

/**
 * rk_bare_write_data:
 * @buffer: the buffer to append to
 * @data: (array length=length) (nullable): the bytes
 * @length: the number of bytes
 *
 * Appends a BARE `data`: the length as a `uint`, then the bytes.
 */
void
rk_bare_write_data (GByteArray   *buffer,
                    const guint8 *data,
                    gsize         length)
{
  g_return_if_fail (buffer != NULL);
  g_return_if_fail (data != NULL || length == 0);
  g_return_if_fail (length <= G_MAXUINT);

  rk_bare_write_uint (buffer, length);
  if (length > 0)
    g_byte_array_append (buffer, data, (guint)length);
}

/**
 * rk_bare_write_string:
 * @buffer: the buffer to append to
 * @string: a UTF-8 string
 *
 * Appends a BARE `string`: the byte length as a `uint`, then the bytes
 * without a terminator.
 */
void
rk_bare_write_string (GByteArray *buffer,
                      const char *string)
{
  g_return_if_fail (buffer != NULL);
  g_return_if_fail (string != NULL);
  g_return_if_fail (g_utf8_validate (string, -1, NULL));

  rk_bare_write_data (buffer, (const guint8 *)string, strlen (string));
}

/**
 * rk_bare_write_optional:
 * @buffer: the buffer to append to
 * @present: whether a value follows
 *
 * Appends the presence byte of a BARE `optional<T>`. When @present is
 * %TRUE the caller appends the value next.
 */
void
rk_bare_write_optional (GByteArray *buffer,
                        gboolean    present)
{
  g_return_if_fail (buffer != NULL);

  rk_bare_write_u8 (buffer, present ? 1 : 0);
}
