/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-compat.c: the JSON-compat value model: parsing and writing (the values
 * themselves are in test-compat-values.c) */

#define G_LOG_DOMAIN "test-compat"

#include "config.h"

#include <math.h>
#include <string.h>

#include "rk-compat.h"
#include "rk-error.h"
#include "rk-test-codec.h"
#include "rk-test-util.h"

/* Helpers */

static char *
nested_arrays (guint depth)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, ']');
  return g_string_free (text, FALSE);
}

/* Parse: valid input → canonical form */

typedef struct
{
  const char *name;
  const char *input;
  const char *canonical;
} ParseCase;

static const ParseCase parse_cases[] = {
  { "plain", "{\"a\":1,\"b\":[true,null,\"x\"],\"c\":1.5}",
    "{\"a\":1,\"b\":[true,null,\"x\"],\"c\":1.5}" },
  { "bigint", "[\"$BigInt\",\"12345678901234567890\"]", "[\"$BigInt\",\"12345678901234567890\"]" },
  { "bigint-negative", "[\"$BigInt\",\"-5\"]", "[\"$BigInt\",\"-5\"]" },
  { "bigint-leading-zeros", "[\"$BigInt\",\"-0007\"]", "[\"$BigInt\",\"-7\"]" },
  { "bigint-minus-zero", "[\"$BigInt\",\"-0\"]", "[\"$BigInt\",\"0\"]" },
  { "uint8array", "[\"$Uint8Array\",\"AQID\"]", "[\"$Uint8Array\",\"AQID\"]" },
  { "uint8array-empty", "[\"$Uint8Array\",\"\"]", "[\"$Uint8Array\",\"\"]" },
  { "arraybuffer-padding-added", "[\"$ArrayBuffer\",\"CQg\"]", "[\"$ArrayBuffer\",\"CQg=\"]" },
  { "undefined-payload-zero", "[\"$Undefined\",0]", "[\"$Undefined\",0]" },
  { "undefined-payload-any", "{\"a\":[\"$Undefined\",{\"x\":1}],\"b\":[\"$Undefined\",null]}",
    "{\"a\":[\"$Undefined\",0],\"b\":[\"$Undefined\",0]}" },
  { "set", "[\"$Set\",[1,[\"$BigInt\",\"2\"],[\"$$x\",1.0]]]",
    "[\"$Set\",[1,[\"$BigInt\",\"2\"],[\"$$x\",1]]]" },
  { "set-empty", "[\"$Set\",[]]", "[\"$Set\",[]]" },
  { "escaped-once", "[\"$$foo\",1]", "[\"$$foo\",1]" },
  { "escaped-twice", "[\"$$$bar\",[\"$BigInt\",\"2\"]]", "[\"$$$bar\",[\"$BigInt\",\"2\"]]" },
  { "dollar-array-three-elements", "[\"$Date\",1,2]", "[\"$Date\",1,2]" },
  { "dollar-array-one-element", "[\"$Date\"]", "[\"$Date\"]" },
  { "dollar-second", "[1,\"$Date\"]", "[1,\"$Date\"]" },
  { "no-dollar", "[\"BigInt\",\"1\"]", "[\"BigInt\",\"1\"]" },
  { "integral-double", "1.0", "1" },
  { "rivetkit-2.3-timestamp", "{\"createdAt\":1795485143727.0}", "{\"createdAt\":1795485143727}" },
  { "double-2^53", "9007199254740992.0", "9007199254740992" },
  { "double-minus-2^53", "-9007199254740992.0", "-9007199254740992" },
  { "double-beyond-2^53", "18014398509481988.0", "18014398509481988.0" },
  { "exponent", "1e2", "100" },
  { "fraction", "0.25", "0.25" },
  { "integer-beyond-int64", "12345678901234567890", "1.2345678901234567e+19" },
  { "integer-below-int64", "[-9223372036854775809]", "[-9.2233720368547758e+18]" },
  { "int64-max", "9223372036854775807", "9223372036854775807" },
  { "int64-min", "-9223372036854775808", "-9223372036854775808" },
  { "infinity-is-null", "[1e400,-1e400]", "[null,null]" },
  { "string-with-brackets", "\"[[[{{{\\\"]]]\"", "\"[[[{{{\\\"]]]\"" },
  { "surrogate-pair", "\"\\ud83d\\ude00\"", "\"\xf0\x9f\x98\x80\"" },
  { "lone-surrogate", "[\"\\ud800x\",\"\\udc00\"]", "[\"\xef\xbf\xbdx\",\"\xef\xbf\xbd\"]" },
  { "nul-character", "{\"a\\u0000\":\"b\\u0000c\"}", "{\"a\xef\xbf\xbd\":\"b\xef\xbf\xbd" "c\"}" },
  { "deep-nesting-at-limit", NULL, NULL },
};

static void
test_parse (gconstpointer data)
{
  const ParseCase *tc = data;
  g_autoptr(JsonNode) node = NULL;

  if (tc->input == NULL)
    {
      g_autofree char *text = nested_arrays (RK_COMPAT_MAX_DEPTH);
      g_autofree char *expected = g_strdup (text);

      node = rk_test_compat_parse (text);
      rk_test_assert_json_text (node, expected);
      return;
    }

  node = rk_test_compat_parse (tc->input);
  rk_test_assert_json_text (node, tc->canonical);
}

/* Parse: invalid input */

typedef struct
{
  const char *name;
  const char *input;
  int         code;
  const char *message_part;
} ParseErrorCase;

static const ParseErrorCase parse_error_cases[] = {
  { "unknown-tag", "{\"args\":[[\"$Date\",\"x\"]]}", RK_ERROR_PROTOCOL,
    "Unknown JSON-compat tag “$Date” at $.args[0]" },
  { "unknown-tag-deep", "{\"a b\":{\"c\":[0,[\"$Map\",[]]]}}", RK_ERROR_PROTOCOL,
    "“$Map” at $[\"a b\"].c[1]" },
  { "unknown-tag-in-set", "[\"$Set\",[1,[\"$Foo\",1]]]", RK_ERROR_PROTOCOL,
    "“$Foo” at $[1][1]" },
  { "lone-dollar-tag", "[\"$\",1]", RK_ERROR_PROTOCOL, "“$”" },
  { "bigint-not-string", "[\"$BigInt\",12]", RK_ERROR_PROTOCOL, "$BigInt" },
  { "bigint-not-decimal", "[\"$BigInt\",\"12a\"]", RK_ERROR_PROTOCOL, "decimal" },
  { "bigint-plus", "[\"$BigInt\",\"+1\"]", RK_ERROR_PROTOCOL, "decimal" },
  { "bigint-empty", "[\"$BigInt\",\"-\"]", RK_ERROR_PROTOCOL, "decimal" },
  { "bigint-fraction", "[\"$BigInt\",\"1.5\"]", RK_ERROR_PROTOCOL, "decimal" },
  { "base64-bad-char", "[\"$Uint8Array\",\"AQI*\"]", RK_ERROR_PROTOCOL, "base64" },
  { "base64-bad-length", "[\"$ArrayBuffer\",\"AQIDB\"]", RK_ERROR_PROTOCOL, "base64" },
  { "base64-bad-padding", "[\"$Uint8Array\",\"A===\"]", RK_ERROR_PROTOCOL, "base64" },
  { "base64-not-string", "[\"$Uint8Array\",[1,2]]", RK_ERROR_PROTOCOL, "base64" },
  { "set-not-array", "{\"s\":[\"$Set\",{}]}", RK_ERROR_PROTOCOL, "“$Set” payload at $.s" },
  { "too-deep", NULL, RK_ERROR_PROTOCOL, "deeper than 256" },
  { "far-too-deep", "", RK_ERROR_PROTOCOL, "deeper than 256" },
  { "not-json", "{\"a\":", RK_ERROR_INVALID_REPLY, "Invalid JSON" },
  { "trailing-comma", "[1,]", RK_ERROR_INVALID_REPLY, "Invalid JSON" },
  { "empty", "  ", RK_ERROR_INVALID_REPLY, "empty" },
  { "invalid-utf8", "\"\xff\"", RK_ERROR_INVALID_REPLY, "Invalid JSON" },
  { "octal-escape", "[\"\\101\"]", RK_ERROR_INVALID_REPLY, "invalid escape" },
  { "hex-escape", "{\"\\x41\":1}", RK_ERROR_INVALID_REPLY, "invalid escape" },
  { "short-unicode-escape", "\"\\u12\"", RK_ERROR_INVALID_REPLY, "invalid escape" },
};

static void
test_parse_error (gconstpointer data)
{
  const ParseErrorCase *tc = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *generated = NULL;
  const char *input = tc->input;

  if (input == NULL)
    input = generated = nested_arrays (RK_COMPAT_MAX_DEPTH + 1);
  else if (*input == '\0')
    input = generated = nested_arrays (200000);   /* json-glib alone overflows the stack */

  node = rk_compat_parse (input, -1, &error);
  g_assert_null (node);
  g_assert_error (error, RK_ERROR, tc->code);
  if (strstr (error->message, tc->message_part) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, tc->message_part);
}

static void
test_parse_length (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  /* Only the first 7 bytes count: what follows would be a syntax error */
  const char text[] = "[1,2,3]garbage";

  node = rk_compat_parse (text, 7, &error);
  g_assert_no_error (error);
  rk_test_assert_json_text (node, "[1,2,3]");
}

static void
test_parse_plain (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *deep = nested_arrays (100000);

  /* No compat processing: an unknown tag is just an array */
  node = rk_compat_parse_plain ("{\"a\":[\"$Date\",\"x\"],\"big\":18446744073709551617}", -1,
                                &error);
  g_assert_no_error (error);
  rk_test_assert_json_text (node, "{\"a\":[\"$Date\",\"x\"],\"big\":1.8446744073709552e+19}");

  g_assert_null (rk_compat_parse_plain (deep, -1, &error));
  g_assert_error (error, RK_ERROR, RK_ERROR_PROTOCOL);
}

/* Parse: a document already canonical is kept as parsed, one with something to normalise is
 * normalised by a copy. Either way the result is what normalising a copy of the plain parse
 * gives, wherever in the document the value to normalise is. */

typedef struct
{
  const char *name;
  const char *input;
  const char *canonical;   /* NULL: the input is canonical already */
  const char *error;       /* the whole message, if the input is refused */
} FastPathCase;

static const FastPathCase fast_path_cases[] = {
  { "plain-deep", "{\"a\":{\"b\":[1,{\"c\":[\"x\",true,null,0.5]}]},\"d\":-3}", NULL, NULL },
  { "canonical-tags-deep",
    "{\"a\":[{\"b\":[[\"$BigInt\",\"-12\"],[\"$Uint8Array\",\"AQID\"],[\"$Undefined\",0],"
    "[\"$Set\",[[\"$$x\",1],[\"$ArrayBuffer\",\"\"]]],[\"$BigInt\",\"0\"]]}]}", NULL, NULL },
  { "dollar-arrays-deep", "[[[[\"$Date\",1,2],[\"$Date\"],[1,\"$Date\"],[\"Date\",1]]]]",
    NULL, NULL },
  { "bigint-zeros-deep", "{\"a\":[1,{\"b\":[\"$BigInt\",\"007\"]}]}",
    "{\"a\":[1,{\"b\":[\"$BigInt\",\"7\"]}]}", NULL },
  { "bigint-minus-zero-deep", "[[[\"$BigInt\",\"-0\"]]]", "[[[\"$BigInt\",\"0\"]]]", NULL },
  { "base64-padding-deep", "{\"a\":{\"b\":[\"$ArrayBuffer\",\"CQg\"]}}",
    "{\"a\":{\"b\":[\"$ArrayBuffer\",\"CQg=\"]}}", NULL },
  { "base64-spare-bits", "[[\"$Uint8Array\",\"AQJ=\"]]", "[[\"$Uint8Array\",\"AQI=\"]]", NULL },
  { "undefined-null-deep", "{\"a\":[[\"$Undefined\",null]]}",
    "{\"a\":[[\"$Undefined\",0]]}", NULL },
  { "undefined-object-deep", "[{\"u\":[\"$Undefined\",{\"x\":[1.0]}]}]",
    "[{\"u\":[\"$Undefined\",0]}]", NULL },
  { "double-in-last-member", "{\"a\":1,\"b\":\"x\",\"c\":[true],\"d\":{\"e\":2.0}}",
    "{\"a\":1,\"b\":\"x\",\"c\":[true],\"d\":{\"e\":2}}", NULL },
  { "double-in-set-deep", "{\"s\":[[\"$Set\",[1,[2.0]]]]}", "{\"s\":[[\"$Set\",[1,[2]]]]}", NULL },
  { "double-in-escaped", "[[\"$$x\",[3.0]]]", "[[\"$$x\",[3]]]", NULL },
  { "infinity-deep", "{\"a\":{\"b\":[0,1e400]}}", "{\"a\":{\"b\":[0,null]}}", NULL },
  { "unknown-tag-deep", "{\"a\":[1,{\"b c\":[\"$Date\",1]}]}", NULL,
    "Unknown JSON-compat tag “$Date” at $.a[1][\"b c\"]" },
  { "bad-bigint-in-set", "[\"$Set\",[0,[\"$BigInt\",\"x\"]]]", NULL,
    "Invalid “$BigInt” payload at $[1][1]: expected a decimal string" },
  { "set-payload-deep", "{\"a\":[[\"$Set\",1]]}", NULL,
    "Invalid “$Set” payload at $.a[0]: expected an array" },
};

static void
test_parse_fast_path (gconstpointer data)
{
  const FastPathCase *tc = data;
  const char *canonical = tc->canonical ? tc->canonical : tc->input;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) copy_error = NULL;
  g_autoptr(JsonNode) wire = NULL;
  g_autoptr(JsonNode) copied = NULL;
  g_autoptr(JsonNode) node = NULL;

  /* What rk_compat_parse () always did: normalise a copy of the plain, sealed parse */
  wire = rk_compat_parse_plain (tc->input, -1, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_is_immutable (wire));
  copied = rk_compat_normalize (wire, &copy_error);

  node = rk_compat_parse (tc->input, -1, &error);
  if (tc->error != NULL)
    {
      g_assert_null (node);
      g_assert_null (copied);
      g_assert_error (error, RK_ERROR, RK_ERROR_PROTOCOL);
      g_assert_error (copy_error, RK_ERROR, RK_ERROR_PROTOCOL);
      g_assert_cmpstr (error->message, ==, tc->error);
      g_assert_cmpstr (copy_error->message, ==, tc->error);
      return;
    }

  g_assert_no_error (error);
  g_assert_no_error (copy_error);
  rk_test_assert_json_text (copied, canonical);
  rk_test_assert_json_text (node, canonical);

  /* Kept or copied, the tree is the caller's to change (a sealed one would refuse) */
  g_assert_false (json_node_is_immutable (node));
  if (JSON_NODE_HOLDS_OBJECT (node))
    json_object_set_int_member (json_node_get_object (node), "added", 1);
  else
    json_array_add_int_element (json_node_get_array (node), 1);
  g_assert_false (rk_compat_equal (node, copied));
}

/* Fixtures recorded from RivetKit 2.2.1 */

static void
test_fixture_special_values (void)
{
  g_autofree char *text = rk_test_fixture_text ("action-http-json-special-values.json", NULL);
  g_autoptr(JsonNode) node = rk_test_compat_parse (text);
  JsonObject *output = json_object_get_object_member (json_node_get_object (node), "output");
  g_autoptr(JsonNode) dollar0 = NULL;
  g_autoptr(JsonNode) dollar2_0 = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) ab = NULL;

  g_assert_cmpint (rk_compat_get_kind (json_object_get_member (output, "big")), ==,
                   RK_VALUE_KIND_BIGINT);
  g_assert_cmpstr (rk_compat_get_bigint (json_object_get_member (output, "big")), ==,
                   "12345678901234567890");

  bytes = rk_compat_dup_bytes (json_object_get_member (output, "bytes"));
  g_assert_cmpint (rk_compat_get_kind (json_object_get_member (output, "bytes")), ==,
                   RK_VALUE_KIND_UINT8ARRAY);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "\1\2\3", 3);

  ab = rk_compat_dup_bytes (json_object_get_member (output, "ab"));
  g_assert_cmpint (rk_compat_get_kind (json_object_get_member (output, "ab")), ==,
                   RK_VALUE_KIND_ARRAYBUFFER);
  g_assert_cmpmem (g_bytes_get_data (ab, NULL), g_bytes_get_size (ab), "\x09\x08", 2);

  /* ["$$foo",1] is the user's array ["$foo",1] */
  g_assert_cmpint (rk_compat_get_kind (json_object_get_member (output, "dollar")), ==,
                   RK_VALUE_KIND_ARRAY);
  dollar0 = rk_compat_dup_element (json_object_get_member (output, "dollar"), 0);
  g_assert_cmpstr (json_node_get_string (dollar0), ==, "$foo");
  dollar2_0 = rk_compat_dup_element (json_object_get_member (output, "dollar2"), 0);
  g_assert_cmpstr (json_node_get_string (dollar2_0), ==, "$$bar");

  g_assert_cmpint (rk_compat_get_kind (json_object_get_member (output, "nan")), ==,
                   RK_VALUE_KIND_NULL);
  g_assert_cmpint (rk_compat_get_kind (json_object_get_member (output, "date")), ==,
                   RK_VALUE_KIND_STRING);
  /* A missing member ("undefined output") reads as undefined */
  g_assert_cmpint (rk_compat_get_kind (json_object_get_member (output, "missing")), ==,
                   RK_VALUE_KIND_UNDEFINED);
}

static void
test_fixture_ws_message (void)
{
  g_autofree char *text =
    rk_test_fixture_text ("ws-json-messages/to-client-action-response-special-values.json", NULL);
  g_autofree char *http_text = rk_test_fixture_text ("action-http-json-special-values.json", NULL);
  g_autoptr(JsonNode) node = rk_test_compat_parse (text);
  g_autoptr(JsonNode) http = rk_test_compat_parse (http_text);
  JsonObject *val = json_object_get_object_member (
    json_object_get_object_member (json_node_get_object (node), "body"), "val");

  /* The WebSocket id is a tagged BigInt */
  g_assert_cmpstr (rk_compat_get_bigint (json_object_get_member (val, "id")), ==, "6");
  /* and the output is the same value as over HTTP */
  g_assert_true (rk_compat_equal (json_object_get_member (val, "output"),
                                  json_object_get_member (json_node_get_object (http), "output")));
}

static void
test_fixture_echo_round_trip (void)
{
  g_autofree char *text = rk_test_fixture_text ("action-http-json-echo-tagged-args.json", NULL);
  g_autoptr(JsonNode) node = rk_test_compat_parse (text);
  g_autofree char *written = rk_compat_to_string (node, FALSE);
  g_autoptr(JsonNode) again = rk_test_compat_parse (written);

  /* The server's own bytes come back unchanged */
  g_assert_cmpstr (g_strstrip (text), ==, written);
  g_assert_true (rk_compat_equal (node, again));
}

static void
test_fixture_unknown_tag (void)
{
  g_autofree char *transcript =
    rk_test_fixture_text ("action-http-json-unknown-dollar-tag.txt", NULL);
  g_autofree char *reply = rk_test_fixture_text ("action-http-json-unknown-dollar-tag.json", NULL);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  const char *p;

  /* The transcript's first line is the curl command: the body follows --data-binary,
   * shell-escaped with backslashes */
  p = strstr (transcript, "--data-binary ");
  g_assert_nonnull (p);
  for (p += strlen ("--data-binary "); *p && *p != ' '; p++)
    {
      if (*p == '\\')
        p++;
      g_string_append_c (body, *p);
    }
  g_assert_cmpstr (body->str, ==, "{\"args\":[[\"$Date\",\"x\"]]}");

  /* RivetKit answers 500 internal_error; the client refuses the same input */
  node = rk_compat_parse (body->str, -1, &error);
  g_assert_null (node);
  g_assert_error (error, RK_ERROR, RK_ERROR_PROTOCOL);
  g_assert_cmpstr (error->message, ==, "Unknown JSON-compat tag “$Date” at $.args[0]");

  /* The error body itself is plain JSON and parses */
  g_clear_error (&error);
  node = rk_compat_parse (reply, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rk_compat_get_kind (node), ==, RK_VALUE_KIND_OBJECT);
}

/* Normalize built nodes */

static void
test_normalize_built (void)
{
  g_autoptr(JsonNode) d = json_node_new (JSON_NODE_VALUE);
  g_autoptr(JsonNode) nan = json_node_new (JSON_NODE_VALUE);
  g_autoptr(JsonNode) normal_d = NULL;
  g_autoptr(JsonNode) normal_nan = NULL;
  g_autoptr(JsonNode) deep = json_node_new (JSON_NODE_NULL);
  g_autoptr(JsonNode) result = NULL;
  g_autoptr(GError) error = NULL;

  json_node_set_double (d, 42.0);
  normal_d = rk_compat_normalize (d, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rk_compat_get_kind (normal_d), ==, RK_VALUE_KIND_INTEGER);
  g_assert_cmpint (json_node_get_int (normal_d), ==, 42);

  json_node_set_double (nan, NAN);
  normal_nan = rk_compat_normalize (nan, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rk_compat_get_kind (normal_nan), ==, RK_VALUE_KIND_NULL);

  /* A tree built in memory, too deep for the limit */
  for (guint i = 0; i < RK_COMPAT_MAX_DEPTH + 10; i++)
    {
      JsonArray *array = json_array_new ();
      JsonNode *parent = json_node_new (JSON_NODE_ARRAY);

      json_array_add_element (array, g_steal_pointer (&deep));
      json_node_take_array (parent, array);
      deep = parent;
    }
  result = rk_compat_normalize (deep, &error);
  g_assert_null (result);
  g_assert_error (error, RK_ERROR, RK_ERROR_PROTOCOL);
}

/* Writing */

typedef struct
{
  const char *name;
  const char *canonical;
  const char *written;
} WriteCase;

static const WriteCase write_cases[] = {
  { "below-2^32", "4294967295", "4294967295" },
  { "2^32", "4294967296", "4294967296.0" },
  { "timestamp", "{\"at\":1795485760270}", "{\"at\":1795485760270.0}" },
  { "negative-stays-integer", "-4294967297", "-4294967297" },
  { "nested", "[[{\"x\":[1099511627776]}]]", "[[{\"x\":[1099511627776.0]}]]" },
  { "bigint-untouched", "[\"$BigInt\",\"4294967296\"]", "[\"$BigInt\",\"4294967296\"]" },
  { "double", "0.5", "0.5" },
  /* json-glib alone would write "1e+17.0" and "1e+20.0" */
  { "round-10^17", "[100000000000000000,{\"e\":\"1e+5.0\"}]",
    "[1e+17,{\"e\":\"1e+5.0\"}]" },
  { "round-double", "[1e20,-1E+21,1.5e20]", "[1e+20,-1e+21,1.5e+20]" },
  { "specials", "[[\"$Undefined\",0],[\"$Set\",[1]],[\"$$x\",2],[\"$Uint8Array\",\"AQ==\"]]",
    "[[\"$Undefined\",0],[\"$Set\",[1]],[\"$$x\",2],[\"$Uint8Array\",\"AQ==\"]]" },
};

static void
test_write (gconstpointer data)
{
  const WriteCase *tc = data;
  g_autoptr(JsonNode) node = rk_test_compat_parse (tc->canonical);
  g_autofree char *text = rk_compat_to_string (node, FALSE);
  g_autoptr(JsonNode) again = rk_test_compat_parse (text);

  g_assert_cmpstr (text, ==, tc->written);
  /* and what is written reads back as the same value */
  g_assert_true (rk_compat_equal (node, again));
}

static void
test_write_pretty_and_nonfinite (void)
{
  g_autoptr(JsonNode) node = rk_test_compat_parse ("{\"a\":[1,2]}");
  g_autoptr(JsonNode) inf = json_node_new (JSON_NODE_VALUE);
  g_autofree char *pretty = rk_compat_to_string (node, TRUE);
  g_autofree char *inf_text = NULL;

  g_assert_nonnull (strchr (pretty, '\n'));
  json_node_set_double (inf, INFINITY);
  inf_text = rk_compat_to_string (inf, FALSE);
  g_assert_cmpstr (inf_text, ==, "null");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (parse_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/rk/compat/parse/%s", parse_cases[i].name);
      g_test_add_data_func (path, &parse_cases[i], test_parse);
    }
  for (guint i = 0; i < G_N_ELEMENTS (parse_error_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/rk/compat/parse-error/%s",
                                               parse_error_cases[i].name);
      g_test_add_data_func (path, &parse_error_cases[i], test_parse_error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (fast_path_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/rk/compat/parse-fast-path/%s",
                                               fast_path_cases[i].name);
      g_test_add_data_func (path, &fast_path_cases[i], test_parse_fast_path);
    }
  g_test_add_func ("/rk/compat/parse-length", test_parse_length);
  g_test_add_func ("/rk/compat/parse-plain", test_parse_plain);
  g_test_add_func ("/rk/compat/fixture/special-values", test_fixture_special_values);
  g_test_add_func ("/rk/compat/fixture/ws-message", test_fixture_ws_message);
  g_test_add_func ("/rk/compat/fixture/echo-round-trip", test_fixture_echo_round_trip);
  g_test_add_func ("/rk/compat/fixture/unknown-tag", test_fixture_unknown_tag);
  g_test_add_func ("/rk/compat/normalize-built", test_normalize_built);
  for (guint i = 0; i < G_N_ELEMENTS (write_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/rk/compat/write/%s", write_cases[i].name);
      g_test_add_data_func (path, &write_cases[i], test_write);
    }
  g_test_add_func ("/rk/compat/write/pretty-and-nonfinite", test_write_pretty_and_nonfinite);

  return g_test_run ();
}
