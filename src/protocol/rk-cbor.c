/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-cbor.c: CBOR <-> canonical JSON-compat values, with libcbor
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

#define TAG_POSITIVE_BIGNUM 2
#define TAG_NEGATIVE_BIGNUM 3
#define TAG_SET 258
#define MAX_KEY_NAME 1024

/* Decoding */

typedef enum
{
  ITEM_UINT,
  ITEM_NEGINT,
  ITEM_BYTES,
  ITEM_BYTES_START,
  ITEM_TEXT,
  ITEM_TEXT_START,
  ITEM_ARRAY,
  ITEM_ARRAY_START,
  ITEM_MAP,
  ITEM_MAP_START,
  ITEM_TAG,
  ITEM_FLOAT,
  ITEM_BOOLEAN,
  ITEM_NULL,
  ITEM_UNDEFINED,
  ITEM_BREAK,
} ItemKind;

/* One item head, as libcbor's streaming decoder reports it */
typedef struct
{
  ItemKind      kind;
  guint64       value;    /* integer argument, length, count or tag number */
  gboolean      wide;     /* the integer was written in the 8-byte form (0x1b, 0x3b) */
  const guint8 *data;     /* definite string contents, inside the input */
  gsize         length;
  double        number;
  gboolean      boolean;
} Head;

typedef struct
{
  const guint8 *data;
  gsize         length;
  gsize         pos;
} Decoder;

static void
on_uint8 (void    *context,
          uint8_t  value)
{
  *(Head *)context = (Head) { .kind = ITEM_UINT, .value = value };
}

static void
on_uint16 (void     *context,
           uint16_t  value)
{
  *(Head *)context = (Head) { .kind = ITEM_UINT, .value = value };
}

static void
on_uint32 (void     *context,
           uint32_t  value)
{
  *(Head *)context = (Head) { .kind = ITEM_UINT, .value = value };
}

static void
on_uint64 (void     *context,
           uint64_t  value)
{
  *(Head *)context = (Head) { .kind = ITEM_UINT, .value = value, .wide = TRUE };
}

static void
on_negint8 (void    *context,
            uint8_t  value)
{
  *(Head *)context = (Head) { .kind = ITEM_NEGINT, .value = value };
}

static void
on_negint16 (void     *context,
             uint16_t  value)
{
  *(Head *)context = (Head) { .kind = ITEM_NEGINT, .value = value };
}

static void
on_negint32 (void     *context,
             uint32_t  value)
{
  *(Head *)context = (Head) { .kind = ITEM_NEGINT, .value = value };
}

static void
on_negint64 (void     *context,
             uint64_t  value)
{
  *(Head *)context = (Head) { .kind = ITEM_NEGINT, .value = value, .wide = TRUE };
}

static void
on_byte_string (void       *context,
                cbor_data   data,
                size_t      length)
{
  *(Head *)context = (Head) { .kind = ITEM_BYTES, .data = data, .length = length };
}

static void
on_byte_string_start (void *context)
{
  *(Head *)context = (Head) { .kind = ITEM_BYTES_START };
}

static void
on_string (void       *context,
           cbor_data   data,
           size_t      length)
{
  *(Head *)context = (Head) { .kind = ITEM_TEXT, .data = data, .length = length };
}

static void
on_string_start (void *context)
{
  *(Head *)context = (Head) { .kind = ITEM_TEXT_START };
}

static void
on_array_start (void   *context,
                size_t  count)
{
  *(Head *)context = (Head) { .kind = ITEM_ARRAY, .value = count };
}

static void
on_indef_array_start (void *context)
{
  *(Head *)context = (Head) { .kind = ITEM_ARRAY_START };
}

static void
on_map_start (void   *context,
              size_t  count)
{
  *(Head *)context = (Head) { .kind = ITEM_MAP, .value = count };
}

static void
on_indef_map_start (void *context)
{
  *(Head *)context = (Head) { .kind = ITEM_MAP_START };
}

static void
on_tag (void     *context,
        uint64_t  value)
{
  *(Head *)context = (Head) { .kind = ITEM_TAG, .value = value };
}

static void
on_float (void  *context,
          float  value)
{
  *(Head *)context = (Head) { .kind = ITEM_FLOAT, .number = value };
}

static void
on_double (void   *context,
           double  value)
{
  *(Head *)context = (Head) { .kind = ITEM_FLOAT, .number = value };
}

static void
on_undefined (void *context)
{
  *(Head *)context = (Head) { .kind = ITEM_UNDEFINED };
}

static void
on_null (void *context)
{
  *(Head *)context = (Head) { .kind = ITEM_NULL };
}

static void
on_boolean (void *context,
            bool  value)
{
  *(Head *)context = (Head) { .kind = ITEM_BOOLEAN, .boolean = value };
}

static void
on_break (void *context)
{
  *(Head *)context = (Head) { .kind = ITEM_BREAK };
}

static const struct cbor_callbacks head_callbacks = {
  .uint8 = on_uint8,
  .uint16 = on_uint16,
  .uint32 = on_uint32,
  .uint64 = on_uint64,
  .negint64 = on_negint64,
  .negint32 = on_negint32,
  .negint16 = on_negint16,
  .negint8 = on_negint8,
  .byte_string_start = on_byte_string_start,
  .byte_string = on_byte_string,
  .string = on_string,
  .string_start = on_string_start,
  .indef_array_start = on_indef_array_start,
  .array_start = on_array_start,
  .indef_map_start = on_indef_map_start,
  .map_start = on_map_start,
  .tag = on_tag,
  .float2 = on_float,
  .float4 = on_float,
  .float8 = on_double,
  .undefined = on_undefined,
  .null = on_null,
  .boolean = on_boolean,
  .indef_break = on_break,
};

static gsize
remaining (Decoder *dec)
{
  return dec->length - dec->pos;
}

static gboolean
read_head (Decoder  *dec,
           Head     *head,
           GError  **error)
{
  struct cbor_decoder_result result;

  if (dec->pos >= dec->length)
    {
      g_set_error (error, RK_ERROR, RK_ERROR_PROTOCOL,
                   "Truncated CBOR: an item is missing at byte %" G_GSIZE_FORMAT, dec->pos);
      return FALSE;
    }

  memset (head, 0, sizeof *head);
  result = cbor_stream_decode (dec->data + dec->pos, remaining (dec), &head_callbacks, head);

  switch (result.status)
    {
    case CBOR_DECODER_FINISHED:
      dec->pos += result.read;
      return TRUE;

    case CBOR_DECODER_NEDATA:
      g_set_error (error, RK_ERROR, RK_ERROR_PROTOCOL,
                   "Truncated CBOR: the item at byte %" G_GSIZE_FORMAT " (0x%02x) runs past the "
                   "end of the data at byte %" G_GSIZE_FORMAT,
                   dec->pos, dec->data[dec->pos], dec->length);
      return FALSE;

    case CBOR_DECODER_ERROR:
    default:
      g_set_error (error, RK_ERROR, RK_ERROR_PROTOCOL,
                   "Malformed CBOR at byte %" G_GSIZE_FORMAT ": invalid initial byte 0x%02x",
                   dec->pos, dec->data[dec->pos]);
      return FALSE;
    }
}

static gboolean
check_depth (Decoder  *dec,
             int       depth,
             GError  **error)
{
  if (depth <= RK_COMPAT_MAX_DEPTH)
    return TRUE;
  g_set_error (error, RK_ERROR, RK_ERROR_PROTOCOL,
               "CBOR nested deeper than %d levels at byte %" G_GSIZE_FORMAT,
               RK_COMPAT_MAX_DEPTH, dec->pos);
  return FALSE;
}

/* Reads the rest of a byte or text string whose head is @head, into @out. */
static gboolean
read_string (Decoder     *dec,
             const Head  *head,
             GByteArray  *out,
             GError     **error)
{
  ItemKind chunk_kind;

  if (head->kind == ITEM_BYTES || head->kind == ITEM_TEXT)
    {
      g_byte_array_append (out, head->data, head->length);
      return TRUE;
    }

  g_assert (head->kind == ITEM_BYTES_START || head->kind == ITEM_TEXT_START);
  chunk_kind = head->kind == ITEM_BYTES_START ? ITEM_BYTES : ITEM_TEXT;

  for (;;)
    {
      gsize start = dec->pos;
      Head chunk;

      if (!read_head (dec, &chunk, error))
        return FALSE;
      if (chunk.kind == ITEM_BREAK)
        return TRUE;
      if (chunk.kind != chunk_kind)
        {
          g_set_error (error, RK_ERROR, RK_ERROR_PROTOCOL,
                       "Malformed CBOR at byte %" G_GSIZE_FORMAT ": an indefinite-length "
                       "string holds a chunk of another type", start);
          return FALSE;
        }
      g_byte_array_append (out, chunk.data, chunk.length);
    }
}

/*
 * CBOR text is UTF-8, but json-glib strings are nul-terminated: invalid sequences and
 * embedded U+0000 characters both become U+FFFD (g_utf8_make_valid () with a length treats a
 * nul byte as invalid), so nothing after a nul is lost.
 */
static char *
make_text (const guint8 *data,
           gsize         length)
{
  if (length == 0)
    return g_strdup ("");
  return g_utf8_make_valid ((const char *)data, (gssize)length);
}

static JsonNode *
new_bigint_from_magnitude (GByteArray *magnitude,
                           gboolean    negative)
{
  g_autofree char *decimal = NULL;
  g_autofree char *signed_decimal = NULL;

  if (negative)
    {
      /* Tag 3 holds n for the value -1 - n: add the one to the magnitude first */
      gsize i = magnitude->len;

      while (i > 0 && magnitude->data[i - 1] == 0xff)
        magnitude->data[--i] = 0;
      if (i > 0)
        magnitude->data[i - 1]++;
      else
        g_byte_array_prepend (magnitude, (const guint8 *)"\1", 1);
    }

  decimal = _rk_cbor_magnitude_to_decimal (magnitude->data, magnitude->len);
  signed_decimal = g_strconcat (negative ? "-" : "", decimal, NULL);
  return rk_compat_new_bigint (signed_decimal);
}

static JsonNode *
decode_integer (const Head *head)
{
  char buf[32];

  /* cbor-x writes every BigInt that fits in 64 bits, and nothing else, in the 8-byte form
   * (RivetKit's action ids are "1b 00000000 00000000"), and reads that form back as a
   * BigInt: so it is one here too, as in the JSON encoding. */
  if (head->kind == ITEM_UINT)
    {
      if (!head->wide && head->value <= G_MAXINT64)
        return _rk_compat_new_int_node ((gint64)head->value);
      g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, head->value);
    }
  else
    {
      if (!head->wide && head->value <= G_MAXINT64)
        return _rk_compat_new_int_node (-1 - (gint64)head->value);
      if (head->value == G_MAXUINT64)
        g_strlcpy (buf, "-18446744073709551616", sizeof buf);
      else
        g_snprintf (buf, sizeof buf, "-%" G_GUINT64_FORMAT, head->value + 1);
    }

  return rk_compat_new_bigint (buf);
}

static JsonNode *
decode_float (double value)
{
  JsonNode *node;

  /* JSON has no NaN or Infinity: RivetKit's JSON encoding writes them as null too */
  if (!isfinite (value))
    return json_node_new (JSON_NODE_NULL);

  node = json_node_new (JSON_NODE_VALUE);
  /* Range first, so that the cast is defined; no libm needed */
  if (value >= -MAX_SAFE_INTEGER && value <= MAX_SAFE_INTEGER && value == (double)(gint64)value)
    json_node_set_int (node, (gint64)value);
  else
    json_node_set_double (node, value);
  return node;
}

static JsonNode *decode_item (Decoder  *dec,
                              int       depth,
                              GError  **error);

/* The elements of an array whose head is @head, as values (no escaping). */
static JsonArray *
decode_elements (Decoder     *dec,
                 const Head  *head,
                 int          depth,
                 GError     **error)
{
  g_autoptr(JsonArray) array = json_array_new ();

  if (head->kind == ITEM_ARRAY)
    {
      /* Every element takes at least one byte: a larger count is a lie */
      if (head->value > remaining (dec))
        {
          g_set_error (error, RK_ERROR, RK_ERROR_PROTOCOL,
                       "Truncated CBOR: an array of %" G_GUINT64_FORMAT " items ends at byte "
                       "%" G_GSIZE_FORMAT, head->value, dec->length);
          return NULL;
        }
      for (guint64 i = 0; i < head->value; i++)
        {
          JsonNode *element = decode_item (dec, depth, error);

          if (element == NULL)
            return NULL;
          json_array_add_element (array, element);
        }
    }
  else
    {
      while (dec->pos >= dec->length || dec->data[dec->pos] != 0xff)
        {
          JsonNode *element = decode_item (dec, depth, error);

          if (element == NULL)
            return NULL;
          json_array_add_element (array, element);
        }
      dec->pos++;
    }

  return g_steal_pointer (&array);
}

static JsonNode *
decode_array (Decoder     *dec,
              const Head  *head,
              int          depth,
              GError     **error)
{
  JsonArray *array;
  JsonNode *node;

  if (!(array = decode_elements (dec, head, depth, error)))
    return NULL;

  /* A user array that looks like a tag gets one more "$" */
  if (json_array_get_length (array) == 2)
    {
      JsonNode *first = json_array_get_element (array, 0);

      if (JSON_NODE_HOLDS_VALUE (first) && json_node_get_value_type (first) == G_TYPE_STRING &&
          json_node_get_string (first)[0] == '$')
        {
          g_autofree char *escaped = g_strconcat ("$", json_node_get_string (first), NULL);

          json_node_set_string (first, escaped);
        }
    }

  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, array);
  return node;
}

/*
 * A key that is not text (a JS Map's key, say) becomes its compact JSON text, cut at
 * MAX_KEY_NAME bytes: each level of map-in-key nesting doubles the backslashes of the level
 * below, so uncut names grow exponentially with the depth.
 */
static char *
key_to_name (JsonNode *key)
{
  g_autofree char *name = json_to_string (key, FALSE);
  const char *end = name;

  if (strlen (name) <= MAX_KEY_NAME)
    return g_steal_pointer (&name);

  /* The text is valid UTF-8: cut it after a whole character */
  while (*end && (gsize)(g_utf8_next_char (end) - name) <= MAX_KEY_NAME)
    end = g_utf8_next_char (end);
  return g_strdup_printf ("%.*s…", (int)(end - name), name);
}

static JsonNode *
decode_map (Decoder     *dec,
            const Head  *head,
            int          depth,
            GError     **error)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonNode *node;

  if (head->kind == ITEM_MAP && head->value > remaining (dec) / 2)
    {
      g_set_error (error, RK_ERROR, RK_ERROR_PROTOCOL,
                   "Truncated CBOR: a map of %" G_GUINT64_FORMAT " entries ends at byte "
                   "%" G_GSIZE_FORMAT, head->value, dec->length);
      return NULL;
    }

  for (guint64 i = 0; head->kind == ITEM_MAP_START || i < head->value; i++)
    {
      g_autoptr(JsonNode) key = NULL;
      g_autofree char *name = NULL;
      JsonNode *value;

      if (head->kind == ITEM_MAP_START && dec->pos < dec->length && dec->data[dec->pos] == 0xff)
        {
          dec->pos++;
          break;
        }

      if (!(key = decode_item (dec, depth, error)))
        return NULL;
      if (JSON_NODE_HOLDS_VALUE (key) && json_node_get_value_type (key) == G_TYPE_STRING)
        name = g_strdup (json_node_get_string (key));
      else
        name = key_to_name (key);

      if (!(value = decode_item (dec, depth, error)))
        return NULL;
      json_object_set_member (object, name, value);
    }

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, object);
  return node;
}

static JsonNode *
decode_bignum (Decoder   *dec,
               gboolean   negative,
               GError   **error)
{
  g_autoptr(GByteArray) magnitude = g_byte_array_new ();
  gsize start = dec->pos;
  gsize skip = 0;
  Head head;

  if (!read_head (dec, &head, error))
    return NULL;
  if (head.kind != ITEM_BYTES && head.kind != ITEM_BYTES_START)
    {
      g_set_error (error, RK_ERROR, RK_ERROR_PROTOCOL,
                   "Malformed CBOR at byte %" G_GSIZE_FORMAT ": a bignum (tag %d) must hold "
                   "a byte string", start, negative ? TAG_NEGATIVE_BIGNUM : TAG_POSITIVE_BIGNUM);
      return NULL;
    }
  if (!read_string (dec, &head, magnitude, error))
    return NULL;

  while (skip < magnitude->len && magnitude->data[skip] == 0)
    skip++;
  g_byte_array_remove_range (magnitude, 0, skip);

  if (magnitude->len > RK_CBOR_MAX_BIGNUM_BYTES)
    {
      g_set_error (error, RK_ERROR, RK_ERROR_PROTOCOL,
                   "CBOR bignum at byte %" G_GSIZE_FORMAT " is longer than %d bytes",
                   start, RK_CBOR_MAX_BIGNUM_BYTES);
      return NULL;
    }

  return new_bigint_from_magnitude (magnitude, negative);
}

static JsonNode *
decode_tag (Decoder     *dec,
            const Head  *head,
            int          depth,
            GError     **error)
{
  if (!check_depth (dec, depth + 1, error))
    return NULL;

  switch (head->value)
    {
    case TAG_POSITIVE_BIGNUM:
    case TAG_NEGATIVE_BIGNUM:
      return decode_bignum (dec, head->value == TAG_NEGATIVE_BIGNUM, error);

    case TAG_SET:
      {
        gsize start = dec->pos;
        Head inner;
        JsonArray *elements;
        JsonNode *node;

        if (!read_head (dec, &inner, error))
          return NULL;
        if (inner.kind != ITEM_ARRAY && inner.kind != ITEM_ARRAY_START)
          {
            /* Not a Set after all: keep the wrapped item */
            dec->pos = start;
            return decode_item (dec, depth + 1, error);
          }
        if (!check_depth (dec, depth + 2, error) ||
            !(elements = decode_elements (dec, &inner, depth + 2, error)))
          return NULL;
        node = rk_compat_new_set (elements);
        json_array_unref (elements);
        return node;
      }

    default:
      /* Tag 64 (cbor-x Uint8Array) wraps a byte string, which is a Uint8Array anyway;
       * tag 1 (epoch date) its number, tag 0 (date) its string; 55799 marks CBOR. For these
       * and any unknown tag the value is the wrapped item. */
      return decode_item (dec, depth + 1, error);
    }
}

static JsonNode *
decode_item (Decoder  *dec,
             int       depth,
             GError  **error)
{
  gsize start = dec->pos;
  Head head;

  if (!read_head (dec, &head, error))
    return NULL;

  switch (head.kind)
    {
    case ITEM_UINT:
    case ITEM_NEGINT:
      return decode_integer (&head);

    case ITEM_BYTES:
    case ITEM_BYTES_START:
      {
        g_autoptr(GByteArray) bytes = g_byte_array_new ();
        g_autoptr(GBytes) contents = NULL;

        if (!read_string (dec, &head, bytes, error))
          return NULL;
        contents = g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
        return rk_compat_new_bytes (contents, RK_VALUE_KIND_UINT8ARRAY);
      }

    case ITEM_TEXT:
    case ITEM_TEXT_START:
      {
        g_autoptr(GByteArray) bytes = g_byte_array_new ();
        g_autofree char *text = NULL;

        if (!read_string (dec, &head, bytes, error))
          return NULL;
        text = make_text (bytes->data, bytes->len);
        return _rk_compat_new_string_node (text);
      }

    case ITEM_ARRAY:
    case ITEM_ARRAY_START:
      if (!check_depth (dec, depth + 1, error))
        return NULL;
      return decode_array (dec, &head, depth + 1, error);

    case ITEM_MAP:
    case ITEM_MAP_START:
      if (!check_depth (dec, depth + 1, error))
        return NULL;
      return decode_map (dec, &head, depth + 1, error);

    case ITEM_TAG:
      return decode_tag (dec, &head, depth, error);

    case ITEM_FLOAT:
      return decode_float (head.number);

    case ITEM_BOOLEAN:
      {
        JsonNode *node = json_node_new (JSON_NODE_VALUE);

        json_node_set_boolean (node, head.boolean);
        return node;
      }

    case ITEM_NULL:
      return json_node_new (JSON_NODE_NULL);

    case ITEM_UNDEFINED:
      return rk_compat_new_undefined ();

    case ITEM_BREAK:
    default:
      g_set_error (error, RK_ERROR, RK_ERROR_PROTOCOL,
                   "Malformed CBOR at byte %" G_GSIZE_FORMAT ": a “break” outside an "
                   "indefinite-length item", start);
      return NULL;
    }
}

/**
 * rk_cbor_decode:
 * @data: (array length=length): one CBOR item
 * @length: the number of bytes in @data
 * @error: return location for a #GError
 *
 * Decodes one CBOR item (as cbor-x, RivetKit's encoder, writes it) into a canonical
 * JSON-compat value:
 *
 * - unsigned and negative integers in the 1-, 2- or 4-byte form become integers; the 8-byte
 *   form, which cbor-x writes for BigInts (and which holds everything beyond int64), becomes
 *   a BigInt, as cbor-x reads it; bignums (tags 2 and 3) become BigInts;
 * - byte strings (also inside tag 64) become Uint8Arrays, text strings strings (invalid
 *   UTF-8 and U+0000 become U+FFFD, as json-glib strings end at a nul);
 * - arrays become arrays (with `$`-arrays escaped), maps objects (a key that is not text
 *   becomes its compact JSON text), tag 258 over an array a Set;
 * - floats of any width become numbers, integral ones within ±2^53 integers, NaN and
 *   ±Infinity null; undefined becomes `["$Undefined",0]`;
 * - any other tag (1: epoch date, 0: date string, 55799: self-describe…) yields the item it
 *   wraps.
 *
 * Malformed or truncated input, bytes after the item, nesting deeper than
 * %RK_COMPAT_MAX_DEPTH and bignums longer than %RK_CBOR_MAX_BIGNUM_BYTES are
 * %RK_ERROR_PROTOCOL errors that give the byte offset.
 *
 * Returns: (transfer full): the value, or %NULL on error
 */
JsonNode *
rk_cbor_decode (const guint8  *data,
                gsize          length,
                GError       **error)
{
  Decoder dec = { data, length, 0 };
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(node = decode_item (&dec, 0, error)))
    return NULL;

  if (dec.pos != dec.length)
    {
      g_set_error (error, RK_ERROR, RK_ERROR_PROTOCOL,
                   "Trailing data after the CBOR item: it ends at byte %" G_GSIZE_FORMAT
                   " of %" G_GSIZE_FORMAT, dec.pos, dec.length);
      return NULL;
    }

  return g_steal_pointer (&node);
}

