/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-bare.c: the BARE reader and writer */

#define G_LOG_DOMAIN "test-bare"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "rk-bare.h"
#include "rk-error.h"
#include "rk-test-codec.h"
#include "rk-test-util.h"

static char *
byte_array_to_hex (GByteArray *array)
{
  return rk_test_hex_from_data (array->data, array->len);
}

/* uint: valid encodings */

typedef struct
{
  const char *hex;
  guint64     value;
} UintVector;

static const UintVector valid_uints[] = {
  { "00", 0 },
  { "01", 1 },
  { "7f", 127 },
  { "8001", 128 },
  { "ac02", 300 },
  { "ff7f", 16383 },
  { "808001", 16384 },
  { "ffffffff0f", G_MAXUINT32 },
  { "8080808010", G_GUINT64_CONSTANT (1) << 32 },
  { "ffffffffffffffff7f", G_MAXINT64 },
  { "80808080808080808001", G_GUINT64_CONSTANT (1) << 63 },
  { "ffffffffffffffffff01", G_MAXUINT64 },
};

static void
test_uint_valid (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (valid_uints); i++)
    {
      g_autoptr(GBytes) bytes = rk_test_hex_to_bytes (valid_uints[i].hex);
      g_autoptr(GBytes) with_tail = NULL;
      g_autoptr(GByteArray) written = g_byte_array_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *hex = NULL;
      RkBareReader reader;
      gsize length;
      const guint8 *data = g_bytes_get_data (bytes, &length);
      guint64 value = 0;

      g_test_message ("uint %s", valid_uints[i].hex);

      rk_bare_reader_init (&reader, data, length);
      g_assert_true (rk_bare_read_uint (&reader, &value, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (value, ==, valid_uints[i].value);
      g_assert_cmpuint (reader.offset, ==, length);
      g_assert_true (rk_bare_reader_expect_end (&reader, &error));

      /* A following byte is not consumed. */
      {
        g_autofree char *tail_hex = g_strconcat (valid_uints[i].hex, "55", NULL);

        with_tail = rk_test_hex_to_bytes (tail_hex);
      }
      data = g_bytes_get_data (with_tail, &length);
      rk_bare_reader_init (&reader, data, length);
      g_assert_true (rk_bare_read_uint (&reader, &value, &error));
      g_assert_cmpuint (value, ==, valid_uints[i].value);
      g_assert_cmpuint (rk_bare_reader_get_remaining (&reader), ==, 1);

      /* The writer produces exactly the canonical encoding. */
      rk_bare_write_uint (written, valid_uints[i].value);
      hex = byte_array_to_hex (written);
      g_assert_cmpstr (hex, ==, valid_uints[i].hex);
    }
}

/* uint: invalid encodings */

typedef struct
{
  const char *hex;
  const char *message_part;
} InvalidVector;

static const InvalidVector invalid_uints[] = {
  { "", "unterminated uint at byte 0" },
  { "80", "unterminated uint at byte 0" },
  { "ffff", "unterminated uint at byte 0" },
  { "ffffffffffffffffff", "unterminated uint at byte 0" },
  { "8000", "non-canonical" },
  { "ff00", "non-canonical" },
  { "818000", "non-canonical" },
  { "80808080808080808000", "non-canonical" },
  { "ffffffffffffffffff02", "larger than 64 bits" },
  { "ffffffffffffffffff7f", "larger than 64 bits" },
  { "ffffffffffffffffff81", "larger than 64 bits" },
  { "8080808080808080808001", "larger than 64 bits" },
};

static void
test_uint_invalid (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (invalid_uints); i++)
    {
      g_autoptr(GBytes) bytes = rk_test_hex_to_bytes (invalid_uints[i].hex);
      g_autoptr(GError) error = NULL;
      RkBareReader reader;
      gsize length;
      const guint8 *data = g_bytes_get_data (bytes, &length);
      guint64 value = 12345;

      g_test_message ("invalid uint %s", invalid_uints[i].hex);

      rk_bare_reader_init (&reader, data, length);
      g_assert_false (rk_bare_read_uint (&reader, &value, &error));
      g_assert_error (error, RK_ERROR, RK_ERROR_PROTOCOL);
      g_assert_nonnull (strstr (error->message, invalid_uints[i].message_part));
      g_assert_cmpuint (reader.offset, ==, 0);
      g_assert_cmpuint (value, ==, 12345);
    }
}

/* The error names the offset of the field that failed. */
static void
test_error_offset (void)
{
  g_autoptr(GBytes) bytes = rk_test_hex_to_bytes ("01 ac02 8000");
  g_autoptr(GError) error = NULL;
  RkBareReader reader;
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  guint64 value;

  rk_bare_reader_init (&reader, data, length);
  g_assert_true (rk_bare_read_uint (&reader, &value, NULL));
  g_assert_cmpuint (value, ==, 1);
  g_assert_true (rk_bare_read_uint (&reader, &value, NULL));
  g_assert_cmpuint (value, ==, 300);
  g_assert_false (rk_bare_read_uint (&reader, &value, &error));
  g_assert_error (error, RK_ERROR, RK_ERROR_PROTOCOL);
  g_assert_cmpstr (error->message, ==, "Invalid BARE uint at byte 3: non-canonical encoding");
  g_assert_cmpuint (reader.offset, ==, 3);
}

static void
test_fixed (void)
{
  g_autoptr(GBytes) bytes = rk_test_hex_to_bytes ("fe 0504 0807060504030201 99");
  g_autoptr(GByteArray) written = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *hex = NULL;
  RkBareReader reader;
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  guint8 u8;
  guint16 u16;
  guint64 u64;

  rk_bare_reader_init (&reader, data, length);
  g_assert_true (rk_bare_read_u8 (&reader, &u8, &error));
  g_assert_cmpuint (u8, ==, 0xfe);
  g_assert_true (rk_bare_read_u16_le (&reader, &u16, &error));
  g_assert_cmpuint (u16, ==, 0x0405);
  g_assert_true (rk_bare_read_u64_le (&reader, &u64, &error));
  g_assert_cmphex (u64, ==, G_GUINT64_CONSTANT (0x0102030405060708));
  g_assert_no_error (error);

  /* One byte left: too little for a u16 or a u64, and the offset stays. */
  g_assert_false (rk_bare_read_u16_le (&reader, &u16, &error));
  g_assert_error (error, RK_ERROR, RK_ERROR_PROTOCOL);
  g_assert_cmpstr (error->message, ==,
                   "Truncated BARE message: u16 at byte 11 needs 2 bytes but only 1 are left");
  g_clear_error (&error);
  g_assert_false (rk_bare_read_u64_le (&reader, &u64, &error));
  g_assert_error (error, RK_ERROR, RK_ERROR_PROTOCOL);
  g_clear_error (&error);
  g_assert_cmpuint (reader.offset, ==, 11);

  g_assert_false (rk_bare_reader_expect_end (&reader, &error));
  g_assert_error (error, RK_ERROR, RK_ERROR_PROTOCOL);
  g_assert_cmpstr (error->message, ==,
                   "Unexpected trailing data in BARE message: 1 bytes left at byte 11");
  g_clear_error (&error);

  g_assert_true (rk_bare_read_u8 (&reader, &u8, &error));
  g_assert_cmpuint (u8, ==, 0x99);
  g_assert_false (rk_bare_read_u8 (&reader, &u8, &error));
  g_assert_error (error, RK_ERROR, RK_ERROR_PROTOCOL);
  g_clear_error (&error);
  g_assert_true (rk_bare_reader_expect_end (&reader, &error));

  rk_bare_write_u8 (written, 0xfe);
  rk_bare_write_u16_le (written, 0x0405);
  rk_bare_write_u64_le (written, G_GUINT64_CONSTANT (0x0102030405060708));
  rk_bare_write_u8 (written, 0x99);
  hex = byte_array_to_hex (written);
  g_assert_cmpstr (hex, ==, "fe05040807060504030201" "99");
}

/* bool and optional accept exactly 0 and 1 */

typedef gboolean (*ReadFlagFunc) (RkBareReader *reader,
                                  gboolean     *out,
                                  GError      **error);

static void
check_flag_reader (ReadFlagFunc read_flag)
{
  static const struct {
    const char *hex;
    gboolean    ok;
    gboolean    value;
  } vectors[] = {
    { "00", TRUE, FALSE },
    { "01", TRUE, TRUE },
    { "02", FALSE, FALSE },
    { "ff", FALSE, FALSE },
    { "80", FALSE, FALSE },
    { "", FALSE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autoptr(GBytes) bytes = rk_test_hex_to_bytes (vectors[i].hex);
      g_autoptr(GError) error = NULL;
      RkBareReader reader;
      gsize length;
      const guint8 *data = g_bytes_get_data (bytes, &length);
      gboolean value = 42;

      rk_bare_reader_init (&reader, data, length);
      if (vectors[i].ok)
        {
          g_assert_true (read_flag (&reader, &value, &error));
          g_assert_no_error (error);
          g_assert_cmpint (value, ==, vectors[i].value);
          g_assert_cmpuint (reader.offset, ==, 1);
        }
      else
        {
          g_assert_false (read_flag (&reader, &value, &error));
          g_assert_error (error, RK_ERROR, RK_ERROR_PROTOCOL);
          g_assert_cmpint (value, ==, 42);
          g_assert_cmpuint (reader.offset, ==, 0);
        }
    }
}

static void
test_bool (void)
{
  g_autoptr(GByteArray) written = g_byte_array_new ();
  g_autofree char *hex = NULL;

  check_flag_reader (rk_bare_read_bool);

  rk_bare_write_bool (written, TRUE);
  rk_bare_write_bool (written, FALSE);
  rk_bare_write_bool (written, 7);
  hex = byte_array_to_hex (written);
  g_assert_cmpstr (hex, ==, "010001");
}

static void
test_optional (void)
{
  g_autoptr(GByteArray) written = g_byte_array_new ();
  g_autofree char *hex = NULL;

  check_flag_reader (rk_bare_read_optional);

  rk_bare_write_optional (written, TRUE);
  rk_bare_write_string (written, "x");
  rk_bare_write_optional (written, FALSE);
  hex = byte_array_to_hex (written);
  g_assert_cmpstr (hex, ==, "01017800");
}

static void
test_data (void)
{
  static const struct {
    const char *hex;
    gboolean    ok;
    const char *payload_hex;
    const char *message_part;
  } vectors[] = {
    { "00", TRUE, "", NULL },
    { "03616263", TRUE, "616263", NULL },
    { "0361626364", TRUE, "616263", NULL },
    { "04616263", FALSE, NULL, "declares 4 bytes but only 3 are left" },
    { "01", FALSE, NULL, "declares 1 bytes but only 0 are left" },
    { "", FALSE, NULL, "unterminated uint" },
    /* A length near 2^64 must not wrap around in the bounds check. */
    { "ffffffffffffffffff0161", FALSE, NULL, "declares 18446744073709551615 bytes" },
    { "feffffffffffffffff0161", FALSE, NULL, "declares 18446744073709551614 bytes" },
    { "8000", FALSE, NULL, "non-canonical" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autoptr(GBytes) bytes = rk_test_hex_to_bytes (vectors[i].hex);
      g_autoptr(GError) error = NULL;
      RkBareReader reader;
      gsize length;
      const guint8 *data = g_bytes_get_data (bytes, &length);
      const guint8 *payload = NULL;
      gsize payload_length = 99;

      g_test_message ("data %s", vectors[i].hex);

      rk_bare_reader_init (&reader, data, length);
      if (vectors[i].ok)
        {
          g_autofree char *hex = NULL;

          g_assert_true (rk_bare_read_data (&reader, &payload, &payload_length, &error));
          g_assert_no_error (error);
          hex = rk_test_hex_from_data (payload, payload_length);
          g_assert_cmpstr (hex, ==, vectors[i].payload_hex);
          /* Borrowed: the pointer points into the message. */
          if (payload_length > 0)
            g_assert_true (payload == data + 1);
          g_assert_cmpuint (reader.offset, ==, 1 + payload_length);
        }
      else
        {
          g_assert_false (rk_bare_read_data (&reader, &payload, &payload_length, &error));
          g_assert_error (error, RK_ERROR, RK_ERROR_PROTOCOL);
          g_assert_nonnull (strstr (error->message, vectors[i].message_part));
          g_assert_null (payload);
          g_assert_cmpuint (payload_length, ==, 99);
          g_assert_cmpuint (reader.offset, ==, 0);
        }
    }
}

static void
test_data_write (void)
{
  g_autoptr(GByteArray) written = g_byte_array_new ();
  g_autofree guint8 *big = g_malloc0 (300);
  g_autofree char *hex = NULL;
  RkBareReader reader;
  const guint8 *payload;
  gsize payload_length;

  rk_bare_write_data (written, (const guint8 *)"ab", 2);
  rk_bare_write_data (written, NULL, 0);
  hex = byte_array_to_hex (written);
  g_assert_cmpstr (hex, ==, "02616200");

  /* A 300-byte value gets a two-byte length. */
  g_byte_array_set_size (written, 0);
  rk_bare_write_data (written, big, 300);
  g_assert_cmpuint (written->len, ==, 302);
  g_assert_cmpuint (written->data[0], ==, 0xac);
  g_assert_cmpuint (written->data[1], ==, 0x02);

  rk_bare_reader_init (&reader, written->data, written->len);
  g_assert_true (rk_bare_read_data (&reader, &payload, &payload_length, NULL));
  g_assert_cmpuint (payload_length, ==, 300);
  g_assert_true (rk_bare_reader_expect_end (&reader, NULL));
}

static void
test_string (void)
{
  static const struct {
    const char *hex;
    const char *expected;   /* NULL: must fail */
  } vectors[] = {
    { "00", "" },
    { "03696e63", "inc" },
    { "02c3a9", "é" },
    { "04f09f9880", "😀" },
    { "02c328", NULL },         /* invalid UTF-8 */
    { "01ff", NULL },
    { "03edbfbf", NULL },       /* an encoded surrogate */
    { "026100", NULL },         /* embedded NUL */
    { "0100", NULL },
    { "02c3", NULL },           /* truncated */
  };

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autoptr(GBytes) bytes = rk_test_hex_to_bytes (vectors[i].hex);
      g_autoptr(GError) error = NULL;
      g_autofree char *string = NULL;
      RkBareReader reader;
      gsize length;
      const guint8 *data = g_bytes_get_data (bytes, &length);

      g_test_message ("string %s", vectors[i].hex);

      rk_bare_reader_init (&reader, data, length);
      if (vectors[i].expected != NULL)
        {
          g_autoptr(GByteArray) written = g_byte_array_new ();
          g_autofree char *hex = NULL;

          g_assert_true (rk_bare_read_string (&reader, &string, &error));
          g_assert_no_error (error);
          g_assert_cmpstr (string, ==, vectors[i].expected);
          g_assert_true (rk_bare_reader_expect_end (&reader, &error));

          rk_bare_write_string (written, string);
          hex = byte_array_to_hex (written);
          g_assert_cmpstr (hex, ==, vectors[i].hex);
        }
      else
        {
          g_assert_false (rk_bare_read_string (&reader, &string, &error));
          g_assert_error (error, RK_ERROR, RK_ERROR_PROTOCOL);
          g_assert_null (string);
          g_assert_cmpuint (reader.offset, ==, 0);
        }
    }
}

static void
test_list_length (void)
{
  g_autoptr(GBytes) bytes = rk_test_hex_to_bytes ("03 010203");
  g_autoptr(GBytes) huge = rk_test_hex_to_bytes ("ffffffffffffffffff01 00");
  g_autoptr(GError) error = NULL;
  RkBareReader reader;
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  gsize count = 0;

  rk_bare_reader_init (&reader, data, length);
  g_assert_true (rk_bare_read_list_length (&reader, 1, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 3);
  g_assert_cmpuint (reader.offset, ==, 1);

  /* Three items of at least two bytes cannot fit in three bytes. */
  rk_bare_reader_init (&reader, data, length);
  g_assert_false (rk_bare_read_list_length (&reader, 2, &count, &error));
  g_assert_error (error, RK_ERROR, RK_ERROR_PROTOCOL);
  g_assert_cmpstr (error->message, ==,
                   "Truncated BARE message: list at byte 0 declares 3 items but only 3 "
                   "bytes are left");
  g_assert_cmpuint (reader.offset, ==, 0);
  g_clear_error (&error);

  data = g_bytes_get_data (huge, &length);
  rk_bare_reader_init (&reader, data, length);
  g_assert_false (rk_bare_read_list_length (&reader, 1, &count, &error));
  g_assert_error (error, RK_ERROR, RK_ERROR_PROTOCOL);
}

/* The captured client-protocol v3 session, decoded with the reader and compared with the
 * independent reference decoder's output (fixtures/_reference_bare_decode.py), then encoded
 * again with the writer. */

static char *
data_as_cbor_hex (RkBareReader *reader,
                  GError      **error)
{
  const guint8 *data;
  gsize length;
  g_autofree char *hex = NULL;

  if (!rk_bare_read_data (reader, &data, &length, error))
    return NULL;

  hex = rk_test_hex_from_data (data, length);
  return g_strconcat ("cbor:", hex, NULL);
}

static void
write_cbor_hex (GByteArray *out,
                const char *value)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize length;
  const guint8 *data;

  g_assert_true (g_str_has_prefix (value, "cbor:"));
  bytes = rk_test_hex_to_bytes (value + 5);
  data = g_bytes_get_data (bytes, &length);
  rk_bare_write_data (out, data, length);
}

static JsonObject *
decode_client_frame (const guint8  *frame,
                     gsize          length,
                     gboolean       to_client,
                     char         **out_tag,
                     GError       **error)
{
  g_autoptr(JsonObject) object = json_object_new ();
  RkBareReader reader;
  guint16 version;
  guint8 tag;
  guint64 uint_value;
  char *string = NULL;
  gboolean flag;

  rk_bare_reader_init (&reader, frame, length);
  if (!rk_bare_read_u16_le (&reader, &version, error) ||
      !rk_bare_read_u8 (&reader, &tag, error))
    return NULL;
  g_assert_cmpuint (version, ==, 3);

#define READ_STRING(member) \
  G_STMT_START { \
    if (!rk_bare_read_string (&reader, &string, error)) \
      return NULL; \
    json_object_set_string_member (object, member, string); \
    g_clear_pointer (&string, g_free); \
  } G_STMT_END
#define READ_UINT(member) \
  G_STMT_START { \
    if (!rk_bare_read_uint (&reader, &uint_value, error)) \
      return NULL; \
    json_object_set_int_member (object, member, (gint64)uint_value); \
  } G_STMT_END
#define READ_CBOR(member) \
  G_STMT_START { \
    if (!(string = data_as_cbor_hex (&reader, error))) \
      return NULL; \
    json_object_set_string_member (object, member, string); \
    g_clear_pointer (&string, g_free); \
  } G_STMT_END

  if (to_client && tag == 0)
    {
      *out_tag = g_strdup ("Init");
      READ_STRING ("actorId");
      READ_STRING ("connectionId");
    }
  else if (to_client && tag == 1)
    {
      *out_tag = g_strdup ("Error");
      READ_STRING ("group");
      READ_STRING ("code");
      READ_STRING ("message");
      if (!rk_bare_read_optional (&reader, &flag, error))
        return NULL;
      if (flag)
        READ_CBOR ("metadata");
      else
        json_object_set_null_member (object, "metadata");
      if (!rk_bare_read_optional (&reader, &flag, error))
        return NULL;
      if (flag)
        READ_UINT ("actionId");
      else
        json_object_set_null_member (object, "actionId");
    }
  else if (to_client && tag == 2)
    {
      *out_tag = g_strdup ("ActionResponse");
      READ_UINT ("id");
      READ_CBOR ("output");
    }
  else if (to_client && tag == 3)
    {
      *out_tag = g_strdup ("Event");
      READ_STRING ("name");
      READ_CBOR ("args");
    }
  else if (!to_client && tag == 0)
    {
      *out_tag = g_strdup ("ActionRequest");
      READ_UINT ("id");
      READ_STRING ("name");
      READ_CBOR ("args");
    }
  else if (!to_client && tag == 1)
    {
      *out_tag = g_strdup ("SubscriptionRequest");
      READ_STRING ("eventName");
      if (!rk_bare_read_bool (&reader, &flag, error))
        return NULL;
      json_object_set_boolean_member (object, "subscribe", flag);
    }
  else
    {
      g_assert_not_reached ();
    }

#undef READ_STRING
#undef READ_UINT
#undef READ_CBOR

  if (!rk_bare_reader_expect_end (&reader, error))
    return NULL;

  return g_steal_pointer (&object);
}

static GByteArray *
encode_client_frame (const char *tag,
                     JsonObject *object)
{
  GByteArray *out = g_byte_array_new ();

  rk_bare_write_u16_le (out, 3);

  if (g_str_equal (tag, "Init"))
    {
      rk_bare_write_u8 (out, 0);
      rk_bare_write_string (out, json_object_get_string_member (object, "actorId"));
      rk_bare_write_string (out, json_object_get_string_member (object, "connectionId"));
    }
  else if (g_str_equal (tag, "Error"))
    {
      rk_bare_write_u8 (out, 1);
      rk_bare_write_string (out, json_object_get_string_member (object, "group"));
      rk_bare_write_string (out, json_object_get_string_member (object, "code"));
      rk_bare_write_string (out, json_object_get_string_member (object, "message"));
      rk_bare_write_optional (out, !json_object_get_null_member (object, "metadata"));
      if (!json_object_get_null_member (object, "metadata"))
        write_cbor_hex (out, json_object_get_string_member (object, "metadata"));
      rk_bare_write_optional (out, !json_object_get_null_member (object, "actionId"));
      if (!json_object_get_null_member (object, "actionId"))
        rk_bare_write_uint (out, json_object_get_int_member (object, "actionId"));
    }
  else if (g_str_equal (tag, "ActionResponse"))
    {
      rk_bare_write_u8 (out, 2);
      rk_bare_write_uint (out, json_object_get_int_member (object, "id"));
      write_cbor_hex (out, json_object_get_string_member (object, "output"));
    }
  else if (g_str_equal (tag, "Event"))
    {
      rk_bare_write_u8 (out, 3);
      rk_bare_write_string (out, json_object_get_string_member (object, "name"));
      write_cbor_hex (out, json_object_get_string_member (object, "args"));
    }
  else if (g_str_equal (tag, "ActionRequest"))
    {
      rk_bare_write_u8 (out, 0);
      rk_bare_write_uint (out, json_object_get_int_member (object, "id"));
      rk_bare_write_string (out, json_object_get_string_member (object, "name"));
      write_cbor_hex (out, json_object_get_string_member (object, "args"));
    }
  else if (g_str_equal (tag, "SubscriptionRequest"))
    {
      rk_bare_write_u8 (out, 1);
      rk_bare_write_string (out, json_object_get_string_member (object, "eventName"));
      rk_bare_write_bool (out, json_object_get_boolean_member (object, "subscribe"));
    }
  else
    {
      g_assert_not_reached ();
    }

  return out;
}

static char **
read_lines (const char *name)
{
  g_autofree char *contents = rk_test_fixture_text (name, NULL);

  return g_strsplit (contents, "\n", -1);
}

static void
test_client_session (void)
{
  g_auto(GStrv) frames = read_lines ("ws-connect-bare-session.jsonl");
  g_auto(GStrv) reference = read_lines ("ws-connect-bare-session.decoded.txt");
  guint next_reference = 0;
  guint n_frames = 0;

  for (guint i = 0; frames[i] != NULL; i++)
    {
      g_autoptr(JsonNode) line = NULL;
      g_autoptr(JsonNode) expected = NULL;
      g_autoptr(JsonNode) actual_node = NULL;
      g_autoptr(JsonObject) actual = NULL;
      g_autoptr(GBytes) frame = NULL;
      g_autoptr(GByteArray) encoded = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *tag = NULL;
      g_autofree char *encoded_hex = NULL;
      g_autofree char *expected_prefix = NULL;
      JsonObject *line_object;
      const char *hex;
      const char *dir;
      const char *rest;
      gsize length;
      const guint8 *data;

      if (*frames[i] == '\0')
        continue;

      line = json_from_string (frames[i], &error);
      g_assert_no_error (error);
      line_object = json_node_get_object (line);
      hex = json_object_get_string_member_with_default (line_object, "hex", NULL);
      if (hex == NULL)
        continue;
      dir = json_object_get_string_member (line_object, "dir");

      frame = rk_test_hex_to_bytes (hex);
      data = g_bytes_get_data (frame, &length);
      actual = decode_client_frame (data, length, g_str_equal (dir, "<"), &tag, &error);
      g_assert_no_error (error);
      g_assert_nonnull (actual);

      /* The reference prints "<dir> <hex>" and then "   = version 3 <Tag> <json>". */
      while (reference[next_reference] != NULL &&
             !g_str_has_prefix (reference[next_reference], "   = version 3 "))
        next_reference++;
      g_assert_nonnull (reference[next_reference]);
      expected_prefix = g_strdup_printf ("   = version 3 %s ", tag);
      g_assert_true (g_str_has_prefix (reference[next_reference], expected_prefix));
      rest = reference[next_reference] + strlen (expected_prefix);
      next_reference++;

      expected = json_from_string (rest, &error);
      g_assert_no_error (error);
      actual_node = json_node_new (JSON_NODE_OBJECT);
      json_node_set_object (actual_node, actual);
      if (!json_node_equal (expected, actual_node))
        {
          g_autofree char *a = json_to_string (actual_node, FALSE);

          g_error ("Frame %s decoded as %s, reference says %s", hex, a, rest);
        }

      encoded = encode_client_frame (tag, actual);
      encoded_hex = byte_array_to_hex (encoded);
      g_assert_cmpstr (encoded_hex, ==, hex);
      n_frames++;
    }

  g_assert_cmpuint (n_frames, ==, 12);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rk/bare/uint/valid", test_uint_valid);
  g_test_add_func ("/rk/bare/uint/invalid", test_uint_invalid);
  g_test_add_func ("/rk/bare/error-offset", test_error_offset);
  g_test_add_func ("/rk/bare/fixed", test_fixed);
  g_test_add_func ("/rk/bare/bool", test_bool);
  g_test_add_func ("/rk/bare/optional", test_optional);
  g_test_add_func ("/rk/bare/data", test_data);
  g_test_add_func ("/rk/bare/data-write", test_data_write);
  g_test_add_func ("/rk/bare/string", test_string);
  g_test_add_func ("/rk/bare/list-length", test_list_length);
  g_test_add_func ("/rk/bare/client-session", test_client_session);

  return g_test_run ();
}
