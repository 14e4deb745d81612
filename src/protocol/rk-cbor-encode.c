/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-cbor-encode.c: canonical JSON-compat values → CBOR, with libcbor
 *
 * RivetKit's CBOR encoding is cbor-x on the server side. Decoding uses libcbor's streaming
 * decoder one item head at a time, so nothing is allocated from a length the input claims,
 * nesting is bounded by RK_COMPAT_MAX_DEPTH, and hostile input costs at most a few nodes per
 * input byte. Encoding writes each item head with libcbor's cbor_encode_* functions.
 */

#define G_LOG_DOMAIN "rk-cbor"

#include "config.h"

#include <math.h>
#include <string.h>

#include <cbor.h>

#include "rk-cbor-private.h"
#include "rk-cbor.h"
#include "rk-compat-private.h"
#include "rk-compat.h"
#include "rk-error.h"

#define MAX_BIGINT_DIGITS 19729    /* the decimal digits of 256^RK_CBOR_MAX_BIGNUM_BYTES */
#define TAG_POSITIVE_BIGNUM 2
#define TAG_NEGATIVE_BIGNUM 3
#define TAG_SET 258

/* Encoding */

typedef struct
{
  GByteArray *out;
  GString    *path;
} Encoder;

#define HEAD_MAX 9

static void
append_head (Encoder *enc,
             size_t (*encode) (uint64_t, unsigned char *, size_t),
             guint64  value)
{
  unsigned char buf[HEAD_MAX];
  size_t written = encode (value, buf, sizeof buf);

  g_assert (written > 0);
  g_byte_array_append (enc->out, buf, written);
}

static size_t
encode_uint (uint64_t       value,
             unsigned char *buf,
             size_t         size)
{
  return cbor_encode_uint (value, buf, size);
}

static size_t
encode_uint64 (uint64_t       value,
               unsigned char *buf,
               size_t         size)
{
  return cbor_encode_uint64 (value, buf, size);
}

static size_t
encode_negint (uint64_t       value,
               unsigned char *buf,
               size_t         size)
{
  return cbor_encode_negint (value, buf, size);
}

static size_t
encode_negint64 (uint64_t       value,
                 unsigned char *buf,
                 size_t         size)
{
  return cbor_encode_negint64 (value, buf, size);
}

static size_t
encode_bytestring_start (uint64_t       length,
                         unsigned char *buf,
                         size_t         size)
{
  return cbor_encode_bytestring_start (length, buf, size);
}

static size_t
encode_string_start (uint64_t       length,
                     unsigned char *buf,
                     size_t         size)
{
  return cbor_encode_string_start (length, buf, size);
}

static size_t
encode_array_start (uint64_t       length,
                    unsigned char *buf,
                    size_t         size)
{
  return cbor_encode_array_start (length, buf, size);
}

static size_t
encode_map_start (uint64_t       length,
                  unsigned char *buf,
                  size_t         size)
{
  return cbor_encode_map_start (length, buf, size);
}

static size_t
encode_tag (uint64_t       value,
            unsigned char *buf,
            size_t         size)
{
  return cbor_encode_tag (value, buf, size);
}

static void
append_simple (Encoder *enc,
               size_t (*encode) (unsigned char *, size_t))
{
  unsigned char buf[HEAD_MAX];
  size_t written = encode (buf, sizeof buf);

  g_assert (written > 0);
  g_byte_array_append (enc->out, buf, written);
}

static void
append_text (Encoder    *enc,
             const char *text)
{
  gsize length = strlen (text);

  append_head (enc, encode_string_start, length);
  g_byte_array_append (enc->out, (const guint8 *)text, length);
}

static gboolean
encode_bigint (Encoder     *enc,
               const char  *decimal,
               GError     **error)
{
  g_autoptr(GByteArray) magnitude = NULL;
  gboolean negative = decimal[0] == '-';
  const char *digits = negative ? decimal + 1 : decimal;
  guint64 value = 0;

  if (digits[0] == '\0' || strspn (digits, "0123456789") != strlen (digits))
    {
      g_set_error (error, RK_ERROR, RK_ERROR_INVALID_ARGUMENT,
                   "Invalid “$BigInt” payload at %s: expected a decimal string",
                   enc->path->str);
      return FALSE;
    }
  if (strlen (digits) > MAX_BIGINT_DIGITS)
    {
      g_set_error (error, RK_ERROR, RK_ERROR_INVALID_ARGUMENT,
                   "BigInt at %s has more than %d digits", enc->path->str, MAX_BIGINT_DIGITS);
      return FALSE;
    }

  magnitude = _rk_cbor_decimal_to_magnitude (digits);

  if (negative && magnitude->len > 0)
    {
      /* CBOR writes -1 - n: take the one off the magnitude */
      gsize i = magnitude->len;

      while (magnitude->data[i - 1] == 0)
        magnitude->data[--i] = 0xff;
      magnitude->data[i - 1]--;
      if (magnitude->data[0] == 0)
        g_byte_array_remove_index (magnitude, 0);
    }
  else if (negative)
    {
      negative = FALSE; /* "-0" */
    }

  if (magnitude->len <= 8)
    {
      for (guint i = 0; i < magnitude->len; i++)
        value = (value << 8) | magnitude->data[i];
      /* The 8-byte form, always: RivetKit rejects ids in the short form, and cbor-x reads
       * only this form back as a BigInt */
      append_head (enc, negative ? encode_negint64 : encode_uint64, value);
      return TRUE;
    }

  append_head (enc, encode_tag, negative ? TAG_NEGATIVE_BIGNUM : TAG_POSITIVE_BIGNUM);
  append_head (enc, encode_bytestring_start, magnitude->len);
  g_byte_array_append (enc->out, magnitude->data, magnitude->len);
  return TRUE;
}

static gboolean encode_node (Encoder   *enc,
                             JsonNode  *node,
                             int        depth,
                             GError   **error);

static gboolean
encode_elements (Encoder    *enc,
                 JsonArray  *array,
                 gboolean    unescape,
                 int         depth,
                 GError    **error)
{
  guint length = json_array_get_length (array);

  append_head (enc, encode_array_start, length);
  for (guint i = 0; i < length; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      gsize old_len = _rk_compat_path_push_index (enc->path, i);
      gboolean ok = TRUE;

      if (i == 0 && unescape)
        append_text (enc, json_node_get_string (element) + 1);
      else
        ok = encode_node (enc, element, depth, error);
      g_string_truncate (enc->path, old_len);
      if (!ok)
        return FALSE;
    }

  return TRUE;
}

static gboolean
encode_array (Encoder   *enc,
              JsonNode  *node,
              int        depth,
              GError   **error)
{
  JsonArray *array = json_node_get_array (node);
  JsonNode *first = json_array_get_length (array) == 2 ? json_array_get_element (array, 0) : NULL;
  const char *tag = NULL;

  if (first != NULL && JSON_NODE_HOLDS_VALUE (first) &&
      json_node_get_value_type (first) == G_TYPE_STRING)
    tag = json_node_get_string (first);

  if (tag == NULL || tag[0] != '$')
    return encode_elements (enc, array, FALSE, depth, error);
  if (tag[1] == '$')
    return encode_elements (enc, array, TRUE, depth, error);

  /* rk_compat_get_kind () has already matched every well-formed tag */
  if (g_str_equal (tag, "$BigInt") || g_str_equal (tag, "$Uint8Array") ||
      g_str_equal (tag, "$ArrayBuffer") || g_str_equal (tag, "$Set"))
    g_set_error (error, RK_ERROR, RK_ERROR_INVALID_ARGUMENT,
                 "Invalid “%s” payload at %s", tag, enc->path->str);
  else
    g_set_error (error, RK_ERROR, RK_ERROR_INVALID_ARGUMENT,
                 "Unknown JSON-compat tag “%.64s” at %s", tag, enc->path->str);
  return FALSE;
}

static gboolean
encode_object (Encoder   *enc,
               JsonNode  *node,
               int        depth,
               GError   **error)
{
  JsonObject *object = json_node_get_object (node);
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  append_head (enc, encode_map_start, json_object_get_size (object));
  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    {
      gsize old_len = _rk_compat_path_push_member (enc->path, name);
      gboolean ok;

      append_text (enc, name);
      ok = encode_node (enc, member, depth, error);
      g_string_truncate (enc->path, old_len);
      if (!ok)
        return FALSE;
    }

  return TRUE;
}

static gboolean
encode_node (Encoder   *enc,
             JsonNode  *node,
             int        depth,
             GError   **error)
{
  RkValueKind kind = rk_compat_get_kind (node);

  if (depth > RK_COMPAT_MAX_DEPTH)
    {
      g_set_error (error, RK_ERROR, RK_ERROR_INVALID_ARGUMENT,
                   "Value nested deeper than %d levels at %s",
                   RK_COMPAT_MAX_DEPTH, enc->path->str);
      return FALSE;
    }

  switch (kind)
    {
    case RK_VALUE_KIND_NULL:
      append_simple (enc, cbor_encode_null);
      return TRUE;

    case RK_VALUE_KIND_UNDEFINED:
      append_simple (enc, cbor_encode_undef);
      return TRUE;

    case RK_VALUE_KIND_BOOLEAN:
      {
        unsigned char buf[HEAD_MAX];
        size_t written = cbor_encode_bool (json_node_get_boolean (node), buf, sizeof buf);

        g_byte_array_append (enc->out, buf, written);
        return TRUE;
      }

    case RK_VALUE_KIND_INTEGER:
      {
        gint64 value = json_node_get_int (node);
        unsigned char buf[HEAD_MAX];
        size_t written;

        if (value >= 0 && value <= G_MAXUINT32)
          append_head (enc, encode_uint, (guint64)value);
        else if (value < 0 && -(value + 1) <= G_MAXUINT32)
          append_head (enc, encode_negint, (guint64)(-(value + 1)));
        else
          {
            /* cbor-x reads the 8-byte integer form as a BigInt, so a JS number this large
             * must be a float, as cbor-x itself writes it (see joinedAt in the inspector
             * session); beyond 2^53 it rounds, as in JS */
            written = cbor_encode_double ((double)value, buf, sizeof buf);
            g_byte_array_append (enc->out, buf, written);
          }
        return TRUE;
      }

    case RK_VALUE_KIND_DOUBLE:
      {
        unsigned char buf[HEAD_MAX];
        size_t written = cbor_encode_double (json_node_get_double (node), buf, sizeof buf);

        g_byte_array_append (enc->out, buf, written);
        return TRUE;
      }

    case RK_VALUE_KIND_STRING:
      append_text (enc, json_node_get_string (node) ? json_node_get_string (node) : "");
      return TRUE;

    case RK_VALUE_KIND_BIGINT:
      return encode_bigint (enc, rk_compat_get_bigint (node), error);

    case RK_VALUE_KIND_UINT8ARRAY:
    case RK_VALUE_KIND_ARRAYBUFFER:
      {
        g_autoptr(GBytes) bytes = rk_compat_dup_bytes (node);
        gsize size;
        const guint8 *data;

        if (bytes == NULL)
          {
            g_set_error (error, RK_ERROR, RK_ERROR_INVALID_ARGUMENT,
                         "Invalid “%s” payload at %s: expected a base64 string",
                         kind == RK_VALUE_KIND_UINT8ARRAY ? "$Uint8Array" : "$ArrayBuffer",
                         enc->path->str);
            return FALSE;
          }
        data = g_bytes_get_data (bytes, &size);
        append_head (enc, encode_bytestring_start, size);
        g_byte_array_append (enc->out, data, size);
        return TRUE;
      }

    case RK_VALUE_KIND_SET:
      {
        JsonArray *payload = json_node_get_array (json_array_get_element (
                                                    json_node_get_array (node), 1));
        gsize old_len = _rk_compat_path_push_index (enc->path, 1);
        gboolean ok;

        append_head (enc, encode_tag, TAG_SET);
        ok = encode_elements (enc, payload, FALSE, depth + 2, error);
        g_string_truncate (enc->path, old_len);
        return ok;
      }

    case RK_VALUE_KIND_ARRAY:
      return encode_array (enc, node, depth + 1, error);

    case RK_VALUE_KIND_OBJECT:
      return encode_object (enc, node, depth + 1, error);

    default:
      g_assert_not_reached ();
    }

  return FALSE;
}

/**
 * rk_cbor_encode:
 * @node: a canonical JSON-compat value
 * @error: return location for a #GError
 *
 * Encodes @node as CBOR that RivetKit (cbor-x) reads back as the same JS value: integers
 * within ±2^32 as CBOR integers (shortest form), other numbers as float64 (cbor-x would read
 * an 8-byte integer as a BigInt), a BigInt in the 8-byte integer form when it fits in 64 bits
 * (as RivetKit requires for action ids) and as a bignum (tag 2 or 3) otherwise, bytes as a
 * byte string, undefined as `0xf7`, a Set as tag 258 over an array, escaped `$$…` arrays
 * unescaped, objects as maps with text keys.
 *
 * An unknown `$tag` or a malformed payload is an %RK_ERROR_INVALID_ARGUMENT error.
 *
 * Returns: (transfer full): the CBOR bytes, or %NULL on error
 */
GBytes *
rk_cbor_encode (JsonNode  *node,
                GError   **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GString) path = g_string_new ("$");
  Encoder enc = { out, path };

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!encode_node (&enc, node, 0, error))
    return NULL;

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

