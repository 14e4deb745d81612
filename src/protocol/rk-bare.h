/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-bare.h: a bounds-checked reader and a writer for BARE (https://baremessages.org) */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * RkBareReader:
 * @data: (array length=length): the message, borrowed; it must outlive the reader
 * @length: the number of bytes in @data
 * @offset: the position of the next byte to read; always <= @length
 *
 * A cursor over a BARE message. It lives on the stack and owns nothing.
 * Every read checks the remaining length first. A failed read sets an
 * %RK_ERROR_PROTOCOL error that names the byte offset and leaves @offset
 * where it was.
 */
typedef struct
{
  const guint8 *data;
  gsize         length;
  gsize         offset;
} RkBareReader;

void     rk_bare_reader_init          (RkBareReader        *reader,
                                       const guint8        *data,
                                       gsize                length);
gsize    rk_bare_reader_get_remaining (const RkBareReader  *reader);
gboolean rk_bare_reader_expect_end    (RkBareReader        *reader,
                                       GError             **error);

gboolean rk_bare_read_uint            (RkBareReader        *reader,
                                       guint64             *out_value,
                                       GError             **error);
gboolean rk_bare_read_u8              (RkBareReader        *reader,
                                       guint8              *out_value,
                                       GError             **error);
gboolean rk_bare_read_u16_le          (RkBareReader        *reader,
                                       guint16             *out_value,
                                       GError             **error);
gboolean rk_bare_read_u64_le          (RkBareReader        *reader,
                                       guint64             *out_value,
                                       GError             **error);
gboolean rk_bare_read_bool            (RkBareReader        *reader,
                                       gboolean            *out_value,
                                       GError             **error);
gboolean rk_bare_read_data            (RkBareReader        *reader,
                                       const guint8       **out_data,
                                       gsize               *out_length,
                                       GError             **error);
gboolean rk_bare_read_string          (RkBareReader        *reader,
                                       char               **out_string,
                                       GError             **error);
gboolean rk_bare_read_optional        (RkBareReader        *reader,
                                       gboolean            *out_present,
                                       GError             **error);
gboolean rk_bare_read_list_length     (RkBareReader        *reader,
                                       gsize                min_item_size,
                                       gsize               *out_count,
                                       GError             **error);

void     rk_bare_write_uint           (GByteArray          *buffer,
                                       guint64              value);
void     rk_bare_write_u8             (GByteArray          *buffer,
                                       guint8               value);
void     rk_bare_write_u16_le         (GByteArray          *buffer,
                                       guint16              value);
void     rk_bare_write_u64_le         (GByteArray          *buffer,
                                       guint64              value);
void     rk_bare_write_bool           (GByteArray          *buffer,
                                       gboolean             value);
void     rk_bare_write_data           (GByteArray          *buffer,
                                       const guint8        *data,
                                       gsize                length);
void     rk_bare_write_string         (GByteArray          *buffer,
                                       const char          *string);
void     rk_bare_write_optional       (GByteArray          *buffer,
                                       gboolean             present);

G_END_DECLS
