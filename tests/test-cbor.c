/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cbor.c: CBOR <-> JSON-compat conversion */

#define G_LOG_DOMAIN "test-cbor"

#include "config.h"

#include <string.h>

#include "rk-cbor.h"
#include "rk-compat.h"
#include "rk-error.h"

/* Helpers */

static GBytes *
from_hex (const char *hex)
{
  GByteArray *bytes = g_byte_array_new ();

  for (const char *p = hex; *p; )
    {
      guint8 byte;

      if (*p == ' ')
        {
          p++;
          continue;
        }
      g_assert_true (g_ascii_isxdigit (p[0]) && g_ascii_isxdigit (p[1]));
      byte = (guint8)(g_ascii_xdigit_value (p[0]) * 16 + g_ascii_xdigit_value (p[1]));
      g_byte_array_append (bytes, &byte, 1);
      p += 2;
    }

  return g_byte_array_free_to_bytes (bytes);
}

static char *
to_hex (GBytes *bytes)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < size; i++)
    g_string_append_printf (out, "%02x", data[i]);
  return g_string_free (out, FALSE);
}

static JsonNode *
decode_hex (const char  *hex,
            GError     **error)
{
  g_autoptr(GBytes) bytes = from_hex (hex);

  return rk_cbor_decode (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error);
}

static JsonNode *
compat (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = rk_compat_parse (text, -1, &error);

  g_assert_no_error (error);
  return node;
}

/* Decoding */

typedef struct
{
  const char *name;
  const char *hex;
  const char *json;   /* the expected canonical form, as json_to_string () writes it */
} DecodeCase;

static const DecodeCase decode_cases[] = {
  /* ws-connect-cbor-session: cbor-x maps with a 16-bit length (b9 0002), ids in the
   * 8-byte form, which cbor-x reads as BigInts ("id: 0n") */
  { "session-init",
    "b9000164626f6479b900026374616764496e69746376616cb90002676163746f72496470633233373235336438"
    "333037356430626c636f6e6e656374696f6e4964782432333038623831352d626361332d343831652d386661"
    "332d366432313536346265343731",
    "{\"body\":{\"tag\":\"Init\",\"val\":{\"actorId\":\"c237253d83075d0b\","
    "\"connectionId\":\"2308b815-bca3-481e-8fa3-6d21564be471\"}}}" },
  { "session-action-request",
    "b9000164626f6479b90002637461676d416374696f6e526571756573746376616cb900036269641b000000000000"
    "0000646e616d6563696e6364617267738102",
    "{\"body\":{\"tag\":\"ActionRequest\",\"val\":{\"id\":[\"$BigInt\",\"0\"],\"name\":\"inc\","
    "\"args\":[2]}}}" },
  { "session-action-response",
    "b9000164626f6479b90002637461676e416374696f6e526573706f6e73656376616cb900026269641b00000000"
    "00000000666f757470757408",
    "{\"body\":{\"tag\":\"ActionResponse\",\"val\":{\"id\":[\"$BigInt\",\"0\"],\"output\":8}}}" },
  { "session-subscription-request",
    "b9000164626f6479b900026374616773537562736372697074696f6e526571756573746376616cb90002696576"
    "656e744e616d65616e69737562736372696265f5",
    "{\"body\":{\"tag\":\"SubscriptionRequest\",\"val\":{\"eventName\":\"n\","
    "\"subscribe\":true}}}" },
  { "session-event",
    "b9000164626f6479b9000263746167654576656e746376616cb90002646e616d65616e6461726773810b",
    "{\"body\":{\"tag\":\"Event\",\"val\":{\"name\":\"n\",\"args\":[11]}}}" },
  /* big: uint64 beyond int64; bytes: tag 64; ab: a plain byte string (cbor-x writes an
   * ArrayBuffer so); undef: f7; nan: fb 7ff8…; date: tag 1 over 0 */
  { "session-special-values",
    "b9000164626f6479b90002637461676e416374696f6e526573706f6e73656376616cb900026269641b00000000"
    "00000002666f7574707574b90009636269671bab54a98ceb1f0ad2656279746573d8404301020362616242090866"
    "646f6c6c6172826424666f6f0167646f6c6c617232826524246261720265756e646566f7636e756cf6636e616e"
    "fb7ff80000000000006464617465c11a00000000",
    "{\"body\":{\"tag\":\"ActionResponse\",\"val\":{\"id\":[\"$BigInt\",\"2\"],\"output\":"
    "{\"big\":[\"$BigInt\",\"12345678901234567890\"],\"bytes\":[\"$Uint8Array\",\"AQID\"],"
    "\"ab\":[\"$Uint8Array\",\"CQg=\"],\"dollar\":[\"$$foo\",1],\"dollar2\":[\"$$$bar\",2],"
    "\"undef\":[\"$Undefined\",0],\"nul\":null,\"nan\":null,\"date\":0}}}}" },
  { "session-error",
    "b9000164626f6479b9000263746167654572726f726376616cb900056567726f7570647573657264636f64656b"
    "637573746f6d5f636f6465676d6573736167656e637573746f6d206661696c757265686d65746164617461b900"
    "02616101636269671b000000000000000268616374696f6e49641b0000000000000003",
    "{\"body\":{\"tag\":\"Error\",\"val\":{\"group\":\"user\",\"code\":\"custom_code\","
    "\"message\":\"custom failure\",\"metadata\":{\"a\":1,\"big\":[\"$BigInt\",\"2\"]},"
    "\"actionId\":[\"$BigInt\",\"3\"]}}}" },
  /* The request the server rejected: a compact id is a plain number */
  { "session-compact-id",
    "b9000164626f6479b90002637461676d416374696f6e526571756573746376616cb9000362696404646e616d65"
    "63696e6364617267738101",
    "{\"body\":{\"tag\":\"ActionRequest\",\"val\":{\"id\":4,\"name\":\"inc\",\"args\":[1]}}}" },
  /* ws-inspector-session: CBOR inside BARE frames */
  { "inspector-state",
    "b9000265696e707574b900016568656c6c6f6770617463686564616e186a",
    "{\"input\":{\"hello\":\"patched\"},\"n\":106}" },
  { "inspector-connection-details",
    "b90006647479706569776562736f636b657466706172616d73f76c7374617465456e61626c6564f565737461"
    "7465b90002686a6f696e65644174fb427a20b43c98c0006675736572496464616e6f6e6d7375627363726970"
    "74696f6e73006e697348696265726e617461626c65f5",
    "{\"type\":\"websocket\",\"params\":[\"$Undefined\",0],\"stateEnabled\":true,"
    "\"state\":{\"joinedAt\":1795485321612,\"userId\":\"anon\"},\"subscriptions\":0,"
    "\"isHibernatable\":true}" },
  { "inspector-patch-state", "a265696e707574f6616e1903e8", "{\"input\":null,\"n\":1000}" },
  { "inspector-action-args", "8102", "[2]" },
  { "inspector-action-output", "186c", "108" },
  /* what the live server accepted as create input */
  { "hello-world", "a16568656c6c6f65776f726c64", "{\"hello\":\"world\"}" },
  { "map16", "b90002616101616202", "{\"a\":1,\"b\":2}" },
  { "map32", "ba00000001616101", "{\"a\":1}" },
  { "array16", "99000201f4", "[1,false]" },
  /* integers */
  { "uint-immediate", "17", "23" },
  { "uint8", "18ff", "255" },
  { "uint16", "190100", "256" },
  { "uint32", "1affffffff", "4294967295" },
  { "negint8", "3818", "-25" },
  { "negint32", "3affffffff", "-4294967296" },
  { "uint64-is-bigint", "1b0000000000000005", "[\"$BigInt\",\"5\"]" },
  { "uint64-max", "1bffffffffffffffff", "[\"$BigInt\",\"18446744073709551615\"]" },
  { "negint64-is-bigint", "3b0000000000000000", "[\"$BigInt\",\"-1\"]" },
  { "negint64-min", "3bffffffffffffffff", "[\"$BigInt\",\"-18446744073709551616\"]" },
  /* bignums */
  { "bignum-2^64", "c249010000000000000000", "[\"$BigInt\",\"18446744073709551616\"]" },
  { "bignum-negative", "c349010000000000000000", "[\"$BigInt\",\"-18446744073709551617\"]" },
  { "bignum-leading-zeros", "c24400000001", "[\"$BigInt\",\"1\"]" },
  { "bignum-empty", "c240", "[\"$BigInt\",\"0\"]" },
  { "bignum-negative-empty", "c340", "[\"$BigInt\",\"-1\"]" },
  { "bignum-negative-carry", "c342ffff", "[\"$BigInt\",\"-65536\"]" },
  { "bignum-indefinite", "c25f4101420000ff", "[\"$BigInt\",\"65536\"]" },
  { "bignum-2^128", "c2510100000000000000000000000000000000",
    "[\"$BigInt\",\"340282366920938463463374607431768211456\"]" },
  /* floats */
  { "half-one", "f93c00", "1" },
  { "half-fraction", "f93e00", "1.5" },
  { "half-negative", "f9c400", "-4" },
  { "half-subnormal", "f90001", "5.9604644775390625e-08" },
  { "half-infinity", "f97c00", "null" },
  { "half-nan", "f97e00", "null" },
  { "single", "fa47c35000", "100000" },
  { "single-fraction", "fa3e800000", "0.25" },
  { "double", "fb3ff8000000000000", "1.5" },
  { "double-2^53", "fb4340000000000000", "9007199254740992" },
  { "double-beyond-2^53", "fb4340000000000001", "9007199254740994.0" },
  { "double-minus-infinity", "fbfff0000000000000", "null" },
  /* strings */
  { "bytes-definite", "43010203", "[\"$Uint8Array\",\"AQID\"]" },
  { "bytes-indefinite", "5f42010241 03ff", "[\"$Uint8Array\",\"AQID\"]" },
  { "bytes-indefinite-empty", "5fff", "[\"$Uint8Array\",\"\"]" },
  { "text-indefinite", "7f626865636c6c6fff", "\"hello\"" },
  { "text-utf8", "63e282ac", "\"€\"" },
  { "text-embedded-nul", "63610062", "\"a\xef\xbf\xbd" "b\"" },
  { "text-invalid-utf8", "62ff61", "\"\xef\xbf\xbd" "a\"" },
  /* containers */
  { "array-indefinite", "9f0102ff", "[1,2]" },
  { "array-indefinite-nested", "9f9fff80ff", "[[],[]]" },
  { "map-indefinite", "bf616101616280ff", "{\"a\":1,\"b\":[]}" },
  { "map-non-text-keys", "a3016161f56162820102f6", "{\"1\":\"a\",\"true\":\"b\",\"[1,2]\":null}" },
  { "map-bigint-key", "a11b000000000000000100", "{\"[\\\"$BigInt\\\",\\\"1\\\"]\":0}" },
  { "map-duplicate-key", "a2616101616102", "{\"a\":2}" },
  { "dollar-array-escaped", "8262247801", "[\"$$x\",1]" },
  { "dollar-dollar-array-escaped", "826324247801", "[\"$$$x\",1]" },
  { "dollar-array-three-elements", "8362247801 02", "[\"$x\",1,2]" },
  /* simple values */
  { "true", "f5", "true" },
  { "false", "f4", "false" },
  { "null", "f6", "null" },
  { "undefined", "f7", "[\"$Undefined\",0]" },
  /* tags */
  { "tag-set", "d9010282 0102", "[\"$Set\",[1,2]]" },
  { "tag-set-of-dollar-values", "d90102 82 622478 01", "[\"$Set\",[\"$x\",1]]" },
  { "tag-set-not-array", "d90102 01", "1" },
  { "tag-uint8array", "d84043010203", "[\"$Uint8Array\",\"AQID\"]" },
  { "tag-epoch-date", "c11a5f5e1000", "1600000000" },
  { "tag-epoch-date-float", "c1fb41d7d784001a0000", "1600000000.40625" },
  { "tag-date-string", "c074323031332d30332d32315432303a30343a30305a",
    "\"2013-03-21T20:04:00Z\"" },
  { "tag-self-describe", "d9d9f7a1616101", "{\"a\":1}" },
  { "tag-unknown", "d820 63616263", "\"abc\"" },
  { "tag-nested", "c0c0c001", "1" },
};

static void
test_decode (gconstpointer data)
{
  const DecodeCase *tc = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = decode_hex (tc->hex, &error);
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (node);
  text = json_to_string (node, FALSE);
  g_assert_cmpstr (text, ==, tc->json);

  /* The result is canonical: normalizing changes nothing */
  {
    g_autoptr(JsonNode) normal = rk_compat_normalize (node, &error);
    g_autofree char *normal_text = NULL;

    g_assert_no_error (error);
    normal_text = json_to_string (normal, FALSE);
    g_assert_cmpstr (normal_text, ==, text);
  }
}

static void
test_decode_session_fixture (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures",
                                                 "ws-connect-cbor-session.jsonl", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  guint n_frames = 0;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);

  /* Every binary frame of the recorded session decodes, with no bytes left over */
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonNode) line = NULL;
      g_autoptr(JsonNode) frame = NULL;
      JsonObject *object;

      if (lines[i][0] == '\0')
        continue;
      line = json_from_string (lines[i], &error);
      g_assert_no_error (error);
      object = json_node_get_object (line);
      if (g_strcmp0 (json_object_get_string_member_with_default (object, "type", NULL),
                     "binary") != 0)
        continue;

      frame = decode_hex (json_object_get_string_member (object, "hex"), &error);
      g_assert_no_error (error);
      g_assert_cmpint (rk_compat_get_kind (frame), ==, RK_VALUE_KIND_OBJECT);
      g_assert_true (json_object_has_member (json_node_get_object (frame), "body"));
      n_frames++;
    }

  g_assert_cmpuint (n_frames, ==, 12);
}

/* Decoding errors */

typedef struct
{
  const char *name;
  const char *hex;
  const char *message_part;
  const char *nest;   /* if set, @hex is prefixed with 300 copies of this head */
} DecodeErrorCase;

static const DecodeErrorCase decode_error_cases[] = {
  { "empty", "", "missing at byte 0" },
  { "truncated-uint16", "1901", "Truncated" },
  { "truncated-uint64", "1b00000000", "Truncated" },
  { "truncated-array", "8201", "an array of 2 items ends at byte 2" },
  { "truncated-array-element", "820119", "Truncated CBOR: the item at byte 2 (0x19)" },
  { "truncated-map-value", "a16161", "missing at byte 3" },
  { "truncated-bytes", "4401", "Truncated" },
  { "truncated-text", "6568656c", "Truncated" },
  { "truncated-envelope", "b9000164626f6479b90002637461676d416374696f6e52657175", "Truncated" },
  { "unterminated-indefinite-array", "9f0102", "missing at byte 3" },
  { "unterminated-indefinite-bytes", "5f4101", "missing at byte 3" },
  { "huge-array-count", "9bffffffffffffffff", "18446744073709551615 items" },
  { "huge-map-count", "bb7fffffffffffffff01", "entries" },
  { "huge-bytes-length", "5bffffffffffffffff00", "Truncated" },
  { "trailing-bytes", "0102", "Trailing data after the CBOR item: it ends at byte 1 of 2" },
  { "trailing-after-map", "a0a0", "Trailing" },
  { "reserved-additional-info", "1c", "Malformed CBOR at byte 0" },
  { "reserved-in-array", "82011f", "Malformed CBOR at byte 2" },
  { "lone-break", "ff", "break" },
  { "break-in-definite-array", "8201ff", "break" },
  { "wrong-chunk-type", "5f6161ff", "chunk" },
  { "nested-indefinite-chunk", "5f5fffff", "chunk" },
  { "bignum-not-bytes", "c201", "byte string" },
  { "simple-value", "f820", "Malformed" },
  { "too-deep-arrays", "01", "deeper than 256", "81" },
  { "too-deep-tags", "01", "deeper than 256", "c0" },
  { "too-deep-maps", "01", "deeper than 256", "a16161" },
  { "too-deep-sets", "01", "deeper than 256", "d9010281" },
};

static void
test_decode_error (gconstpointer data)
{
  const DecodeErrorCase *tc = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GString) hex = g_string_new (NULL);

  for (guint i = 0; tc->nest != NULL && i < 300; i++)
    g_string_append (hex, tc->nest);
  g_string_append (hex, tc->hex);

  node = decode_hex (hex->str, &error);
  g_assert_null (node);
  g_assert_error (error, RK_ERROR, RK_ERROR_PROTOCOL);
  if (strstr (error->message, tc->message_part) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, tc->message_part);
}

static void
test_decode_bignum_limit (void)
{
  g_autoptr(GByteArray) cbor = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) ok = NULL;
  g_autoptr(JsonNode) too_long = NULL;
  guint8 head[] = { 0xc2, 0x59, (RK_CBOR_MAX_BIGNUM_BYTES >> 8) & 0xff,
                    RK_CBOR_MAX_BIGNUM_BYTES & 0xff };
  const char *decimal;

  /* The longest bignum accepted: 256^8192 - 1, all 0xff */
  g_byte_array_append (cbor, head, sizeof head);
  for (guint i = 0; i < RK_CBOR_MAX_BIGNUM_BYTES; i++)
    g_byte_array_append (cbor, (const guint8 *)"\xff", 1);
  ok = rk_cbor_decode (cbor->data, cbor->len, &error);
  g_assert_no_error (error);
  decimal = rk_compat_get_bigint (ok);
  /* 2^65536 - 1 has 19729 digits, 200…156735 (checked with Python) */
  g_assert_cmpuint (strlen (decimal), ==, 19729);
  g_assert_true (g_str_has_prefix (decimal, "200"));
  g_assert_true (g_str_has_suffix (decimal, "156735"));

  /* One more byte is refused */
  cbor->data[3]++;
  g_byte_array_append (cbor, (const guint8 *)"\xff", 1);
  too_long = rk_cbor_decode (cbor->data, cbor->len, &error);
  g_assert_null (too_long);
  g_assert_error (error, RK_ERROR, RK_ERROR_PROTOCOL);
}

static void
test_decode_map_keys_nested (void)
{
  g_autoptr(GString) hex = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;
  const char *name;

  /* {{{…{1: 2}…: 2}: 2}, 60 maps deep in key position: every level doubles the
   * backslashes of the JSON text of the level below */
  for (guint i = 0; i < 60; i++)
    g_string_append (hex, "a1");
  g_string_append (hex, "6161");
  for (guint i = 0; i < 60; i++)
    g_string_append (hex, "02");

  node = decode_hex (hex->str, &error);
  g_assert_no_error (error);
  object = json_node_get_object (node);
  g_assert_cmpuint (json_object_get_size (object), ==, 1);
  name = json_object_get_members (object)->data;
  g_assert_true (g_str_has_prefix (name, "{\"{\\\"{"));
  g_assert_true (g_str_has_suffix (name, "…"));
  g_assert_cmpuint (strlen (name), <=, 1024 + strlen ("…"));
  g_assert_true (g_utf8_validate (name, -1, NULL));
}

/* Encoding */

typedef struct
{
  const char *name;
  const char *json;
  const char *hex;
} EncodeCase;

static const EncodeCase encode_cases[] = {
  { "hello-world", "{\"hello\":\"world\"}", "a16568656c6c6f65776f726c64" },
  { "zero", "0", "00" },
  { "uint-immediate", "23", "17" },
  { "uint8", "24", "1818" },
  { "uint16", "256", "190100" },
  { "uint32", "4294967295", "1affffffff" },
  /* cbor-x writes JS numbers beyond 32 bits as floats and reads 8-byte integers as BigInts */
  { "beyond-uint32-is-float", "4294967296", "fb41f0000000000000" },
  { "timestamp-is-float", "1795485321612", "fb427a20b43c98c000" },
  { "below-negint32-is-float", "-4294967297", "fbc1f0000000100000" },
  { "negint32", "-4294967296", "3affffffff" },
  { "negint", "-1", "20" },
  { "negint8", "-25", "3818" },
  { "int64-min", "-9223372036854775808", "fbc3e0000000000000" },
  { "double", "1.5", "fb3ff8000000000000" },
  { "double-integral-after-parse", "2.0", "02" },
  { "true", "true", "f5" },
  { "false", "false", "f4" },
  { "null", "null", "f6" },
  { "empty-string", "\"\"", "60" },
  { "utf8-string", "\"€\"", "63e282ac" },
  { "array", "[1,[2]]", "82018102" },
  { "empty-object", "{}", "a0" },
  { "bigint-zero", "[\"$BigInt\",\"0\"]", "1b0000000000000000" },
  { "bigint-small", "[\"$BigInt\",\"6\"]", "1b0000000000000006" },
  { "bigint-uint64-max", "[\"$BigInt\",\"18446744073709551615\"]", "1bffffffffffffffff" },
  { "bigint-2^64", "[\"$BigInt\",\"18446744073709551616\"]", "c249010000000000000000" },
  { "bigint-minus-one", "[\"$BigInt\",\"-1\"]", "3b0000000000000000" },
  { "bigint-negint64-min", "[\"$BigInt\",\"-18446744073709551616\"]", "3bffffffffffffffff" },
  { "bigint-negative-bignum", "[\"$BigInt\",\"-18446744073709551617\"]",
    "c349010000000000000000" },
  { "bigint-2^128", "[\"$BigInt\",\"340282366920938463463374607431768211456\"]",
    "c2510100000000000000000000000000000000" },
  { "uint8array", "[\"$Uint8Array\",\"AQID\"]", "43010203" },
  { "arraybuffer", "[\"$ArrayBuffer\",\"CQg=\"]", "420908" },
  { "empty-bytes", "[\"$Uint8Array\",\"\"]", "40" },
  { "undefined", "[\"$Undefined\",0]", "f7" },
  { "set", "[\"$Set\",[1,2]]", "d90102820102" },
  { "set-of-dollar-values", "[\"$Set\",[\"$x\",1]]", "d9010282622478 01" },
  { "escaped-array", "[\"$$foo\",1]", "826424666f6f01" },
  { "double-escaped-array", "[\"$$$bar\",2]", "82652424626172 02" },
  /* A client ActionRequest: ids must be in the 8-byte form (see section 4.2) */
  { "action-request",
    "{\"body\":{\"tag\":\"ActionRequest\",\"val\":{\"id\":[\"$BigInt\",\"0\"],\"name\":\"inc\","
    "\"args\":[2]}}}",
    "a164626f6479a2637461676d416374696f6e526571756573746376616ca36269641b0000000000000000646e61"
    "6d6563696e6364617267738102" },
};

static void
test_encode (gconstpointer data)
{
  const EncodeCase *tc = data;
  g_autoptr(JsonNode) node = compat (tc->json);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) expected = from_hex (tc->hex);
  g_autoptr(GBytes) cbor = rk_cbor_encode (node, &error);
  g_autofree char *hex = NULL;
  g_autofree char *expected_hex = NULL;

  g_assert_no_error (error);
  hex = to_hex (cbor);
  expected_hex = to_hex (expected);
  g_assert_cmpstr (hex, ==, expected_hex);
}

static void
test_encode_errors (void)
{
  const char *bad[] = {
    "{\"a\":[[\"$Date\",\"x\"]]}",
    "[\"$BigInt\",5]",
    "[\"$BigInt\",\"1.5\"]",
    "[\"$Uint8Array\",\"!!!!\"]",
    "[\"$Set\",{}]",
    "[\"$\",1]",
  };
  g_autoptr(JsonNode) deep = json_node_new (JSON_NODE_NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) cbor = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      /* Not canonical, so built with plain json-glib */
      g_autoptr(JsonNode) node = json_from_string (bad[i], NULL);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GBytes) result = rk_cbor_encode (node, &local_error);

      g_test_message ("%s", bad[i]);
      g_assert_null (result);
      g_assert_error (local_error, RK_ERROR, RK_ERROR_INVALID_ARGUMENT);
    }

  {
    g_autoptr(JsonNode) node = json_from_string (bad[0], NULL);

    cbor = rk_cbor_encode (node, &error);
    g_assert_cmpstr (error->message, ==, "Unknown JSON-compat tag “$Date” at $.a[0]");
    g_clear_error (&error);
  }

  for (guint i = 0; i < RK_COMPAT_MAX_DEPTH + 10; i++)
    {
      JsonArray *array = json_array_new ();
      JsonNode *parent = json_node_new (JSON_NODE_ARRAY);

      json_array_add_element (array, g_steal_pointer (&deep));
      json_node_take_array (parent, array);
      deep = parent;
    }
  cbor = rk_cbor_encode (deep, &error);
  g_assert_null (cbor);
  g_assert_error (error, RK_ERROR, RK_ERROR_INVALID_ARGUMENT);
}

/* Round trips */

static const char *round_trip_values[] = {
  "null",
  "[\"$Undefined\",0]",
  "true",
  "0",
  "-1",
  "4294967296",
  "-4294967296",
  "9007199254740992",
  "0.1",
  "-1e300",
  "9007199254740994.0",
  "\"\"",
  "\"text with ünïcode and \\\"quotes\\\"\"",
  "[\"$BigInt\",\"0\"]",
  "[\"$BigInt\",\"-9223372036854775809\"]",
  "[\"$BigInt\",\"123456789012345678901234567890123456789012345678901234567890\"]",
  "[\"$BigInt\",\"-123456789012345678901234567890123456789012345678901234567890\"]",
  "[\"$Uint8Array\",\"AAECAwQFBgcICQ==\"]",
  "[\"$Set\",[]]",
  "[\"$Set\",[1,\"a\",[\"$BigInt\",\"2\"],[\"$Set\",[null]]]]",
  "[\"$$foo\",[\"$$$bar\",[\"$Undefined\",0]]]",
  "[]",
  "{}",
  "{\"body\":{\"tag\":\"ActionResponse\",\"val\":{\"id\":[\"$BigInt\",\"6\"],\"output\":"
  "{\"big\":[\"$BigInt\",\"12345678901234567890\"],\"bytes\":[\"$Uint8Array\",\"AQID\"],"
  "\"dollar\":[\"$$foo\",1],\"dollar2\":[\"$$$bar\",2],\"nul\":null,"
  "\"date\":\"1970-01-01T00:00:00.000Z\"}}}}",
};

static void
test_round_trip (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (round_trip_values); i++)
    {
      g_autoptr(JsonNode) node = compat (round_trip_values[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) cbor = rk_cbor_encode (node, &error);
      g_autoptr(JsonNode) back = NULL;
      g_autofree char *before = json_to_string (node, FALSE);
      g_autofree char *after = NULL;

      g_assert_no_error (error);
      back = rk_cbor_decode (g_bytes_get_data (cbor, NULL), g_bytes_get_size (cbor), &error);
      g_assert_no_error (error);
      after = json_to_string (back, FALSE);
      g_assert_cmpstr (after, ==, before);
      g_assert_true (rk_compat_equal (node, back));
    }
}

static void
test_round_trip_arraybuffer (void)
{
  g_autoptr(JsonNode) node = compat ("[\"$ArrayBuffer\",\"CQg=\"]");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) cbor = rk_cbor_encode (node, &error);
  g_autoptr(JsonNode) back = NULL;
  g_autoptr(GBytes) before = rk_compat_dup_bytes (node);
  g_autoptr(GBytes) after = NULL;

  g_assert_no_error (error);
  back = rk_cbor_decode (g_bytes_get_data (cbor, NULL), g_bytes_get_size (cbor), &error);
  g_assert_no_error (error);

  /* CBOR has one byte string type, as cbor-x uses it: the bytes survive, the JS type
   * comes back as Uint8Array */
  g_assert_cmpint (rk_compat_get_kind (back), ==, RK_VALUE_KIND_UINT8ARRAY);
  after = rk_compat_dup_bytes (back);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_round_trip_cbor_first (void)
{
  /* CBOR → compat → CBOR gives back the same bytes when the input is in the form this
   * library writes (shortest heads, definite lengths) */
  const char *vectors[] = {
    "a265696e707574f6616e1903e8",
    "a16568656c6c6f65776f726c64",
    "83f7d9010281c2490100000000000000001b0000000000000007",
    "a2616143010203616282642424786120",
  };

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = decode_hex (vectors[i], &error);
      g_autoptr(GBytes) cbor = NULL;
      g_autofree char *hex = NULL;

      g_assert_no_error (error);
      cbor = rk_cbor_encode (node, &error);
      g_assert_no_error (error);
      hex = to_hex (cbor);
      g_assert_cmpstr (hex, ==, vectors[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (decode_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/rk/cbor/decode/%s", decode_cases[i].name);
      g_test_add_data_func (path, &decode_cases[i], test_decode);
    }
  g_test_add_func ("/rk/cbor/decode/session-fixture", test_decode_session_fixture);
  for (guint i = 0; i < G_N_ELEMENTS (decode_error_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/rk/cbor/decode-error/%s",
                                               decode_error_cases[i].name);
      g_test_add_data_func (path, &decode_error_cases[i], test_decode_error);
    }
  g_test_add_func ("/rk/cbor/decode-error/bignum-limit", test_decode_bignum_limit);
  g_test_add_func ("/rk/cbor/decode/map-keys-nested", test_decode_map_keys_nested);
  for (guint i = 0; i < G_N_ELEMENTS (encode_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/rk/cbor/encode/%s", encode_cases[i].name);
      g_test_add_data_func (path, &encode_cases[i], test_encode);
    }
  g_test_add_func ("/rk/cbor/encode-errors", test_encode_errors);
  g_test_add_func ("/rk/cbor/round-trip/values", test_round_trip);
  g_test_add_func ("/rk/cbor/round-trip/arraybuffer", test_round_trip_arraybuffer);
  g_test_add_func ("/rk/cbor/round-trip/cbor-first", test_round_trip_cbor_first);

  return g_test_run ();
}
