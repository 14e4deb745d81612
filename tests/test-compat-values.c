/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-compat-values.c: the JSON-compat value model: plain JSON, constructors,
 * accessors, descriptions and equality */

#define G_LOG_DOMAIN "test-compat-values"

#include "config.h"

#include "rk-compat-private.h"
#include "rk-compat.h"
#include "rk-error.h"
#include "rk-test-codec.h"
#include "rk-test-util.h"

/* Plain JSON */

typedef struct
{
  const char *name;
  const char *plain;
  const char *canonical;
} PlainCase;

static const PlainCase from_plain_cases[] = {
  { "scalar", "\"x\"", "\"x\"" },
  { "dollar-array", "[\"$foo\",1]", "[\"$$foo\",1]" },
  { "double-dollar-array", "[\"$$bar\",2]", "[\"$$$bar\",2]" },
  { "tag-lookalike-is-user-data", "[\"$BigInt\",\"5\"]", "[\"$$BigInt\",\"5\"]" },
  { "every-depth", "{\"a\":[[\"$x\",[\"$y\",{\"b\":[\"$z\",0]}]]]}",
    "{\"a\":[[\"$$x\",[\"$$y\",{\"b\":[\"$$z\",0]}]]]}" },
  { "three-elements-untouched", "[\"$x\",1,2]", "[\"$x\",1,2]" },
  { "integral-double", "{\"n\":3.0}", "{\"n\":3}" },
};

static void
test_from_plain (gconstpointer data)
{
  const PlainCase *tc = data;
  g_autoptr(JsonNode) plain = rk_test_json (tc->plain);
  g_autoptr(JsonNode) canonical = rk_compat_from_plain (plain);
  g_autoptr(JsonNode) back = NULL;
  g_autoptr(JsonNode) expected_plain = NULL;
  g_autoptr(GError) error = NULL;

  rk_test_assert_json_text (canonical, tc->canonical);

  /* Canonical form is a fixed point of normalize */
  {
    g_autoptr(JsonNode) normal = rk_compat_normalize (canonical, &error);

    g_assert_no_error (error);
    rk_test_assert_json_text (normal, tc->canonical);
  }

  /* and to_plain undoes from_plain */
  back = rk_compat_to_plain (canonical, &error);
  g_assert_no_error (error);
  expected_plain = rk_compat_parse_plain (tc->plain, -1, &error);
  g_assert_no_error (error);
  g_assert_true (rk_compat_equal (back, expected_plain));
}

static const PlainCase to_plain_cases[] = {
  { "unescape-once", "[\"$$foo\",1]", "[\"$foo\",1]" },
  { "unescape-twice", "[\"$$$bar\",[\"$BigInt\",\"2\"]]", "[\"$$bar\",2]" },
  { "bigint-fits", "[\"$BigInt\",\"-9223372036854775808\"]", "-9223372036854775808" },
  { "bigint-too-big", "[\"$BigInt\",\"12345678901234567890\"]", "\"12345678901234567890\"" },
  { "bytes", "[[\"$Uint8Array\",\"AQID\"],[\"$ArrayBuffer\",\"CQg=\"]]", "[\"AQID\",\"CQg=\"]" },
  { "undefined", "{\"u\":[\"$Undefined\",0]}", "{\"u\":null}" },
  { "set", "[\"$Set\",[[\"$BigInt\",\"1\"],[\"$$x\",0]]]", "[1,[\"$x\",0]]" },
};

static void
test_to_plain (gconstpointer data)
{
  const PlainCase *tc = data;
  g_autoptr(JsonNode) canonical = rk_test_compat_parse (tc->plain);
  g_autoptr(JsonNode) plain = NULL;
  g_autoptr(GError) error = NULL;

  plain = rk_compat_to_plain (canonical, &error);
  g_assert_no_error (error);
  rk_test_assert_json_text (plain, tc->canonical);
}

static void
test_to_plain_errors (void)
{
  const char *bad[] = {
    "{\"a\":[\"$Date\",1]}",
    "[\"$BigInt\",\"x\"]",
    "[\"$Uint8Array\",5]",
    "[\"$Set\",5]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      /* These cannot come out of the parser: build them raw */
      g_autoptr(JsonNode) node = rk_test_json (bad[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) plain = rk_compat_to_plain (node, &error);

      g_assert_null (plain);
      g_assert_error (error, RK_ERROR, RK_ERROR_INVALID_ARGUMENT);
    }
}

/* Constructors and accessors */

static void
test_constructors (void)
{
  const char *invalid[] = { "", "-", "+1", "1.5", "1e3", " 1", "0x10", "abc", "1-" };
  g_autoptr(JsonNode) big = rk_compat_new_bigint ("-00012");
  g_autoptr(JsonNode) min = rk_compat_new_bigint_from_int64 (G_MININT64);
  g_autoptr(GBytes) contents = g_bytes_new_static ("\0\xff", 2);
  g_autoptr(JsonNode) u8 = rk_compat_new_bytes (contents, RK_VALUE_KIND_UINT8ARRAY);
  g_autoptr(JsonNode) ab = rk_compat_new_bytes (contents, RK_VALUE_KIND_ARRAYBUFFER);
  g_autoptr(JsonNode) undef = rk_compat_new_undefined ();
  g_autoptr(JsonArray) elements = json_array_new ();
  g_autoptr(JsonNode) set = NULL;
  g_autoptr(JsonNode) empty_set = rk_compat_new_set (NULL);
  g_autoptr(GBytes) back = NULL;

  rk_test_assert_json_text (big, "[\"$BigInt\",\"-12\"]");
  rk_test_assert_json_text (min, "[\"$BigInt\",\"-9223372036854775808\"]");
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    g_assert_null (rk_compat_new_bigint (invalid[i]));

  rk_test_assert_json_text (u8, "[\"$Uint8Array\",\"AP8=\"]");
  rk_test_assert_json_text (ab, "[\"$ArrayBuffer\",\"AP8=\"]");
  back = rk_compat_dup_bytes (ab);
  g_assert_true (g_bytes_equal (back, contents));

  rk_test_assert_json_text (undef, "[\"$Undefined\",0]");

  json_array_add_int_element (elements, 1);
  json_array_add_string_element (elements, "$x");
  set = rk_compat_new_set (elements);
  rk_test_assert_json_text (set, "[\"$Set\",[1,\"$x\"]]");
  rk_test_assert_json_text (empty_set, "[\"$Set\",[]]");
}

typedef struct
{
  const char  *json;
  RkValueKind  kind;
  guint        length;
} KindCase;

static const KindCase kind_cases[] = {
  { "null", RK_VALUE_KIND_NULL, 0 },
  { "[\"$Undefined\",0]", RK_VALUE_KIND_UNDEFINED, 0 },
  { "true", RK_VALUE_KIND_BOOLEAN, 0 },
  { "7", RK_VALUE_KIND_INTEGER, 0 },
  { "7.5", RK_VALUE_KIND_DOUBLE, 0 },
  { "\"s\"", RK_VALUE_KIND_STRING, 0 },
  { "[\"$BigInt\",\"7\"]", RK_VALUE_KIND_BIGINT, 0 },
  { "[\"$Uint8Array\",\"AQID\"]", RK_VALUE_KIND_UINT8ARRAY, 0 },
  { "[\"$ArrayBuffer\",\"AQID\"]", RK_VALUE_KIND_ARRAYBUFFER, 0 },
  { "[\"$Set\",[1,2,3]]", RK_VALUE_KIND_SET, 3 },
  { "[1,2]", RK_VALUE_KIND_ARRAY, 2 },
  { "[\"$$foo\",1]", RK_VALUE_KIND_ARRAY, 2 },
  { "{\"a\":1,\"b\":2}", RK_VALUE_KIND_OBJECT, 2 },
  /* Not canonical (built raw): reported as plain arrays */
  { "[\"$Date\",1]", RK_VALUE_KIND_ARRAY, 2 },
  { "[\"$BigInt\",7]", RK_VALUE_KIND_ARRAY, 2 },
  { "[\"$Set\",{}]", RK_VALUE_KIND_ARRAY, 2 },
};

static void
test_kinds (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_cases); i++)
    {
      g_autoptr(JsonNode) node = rk_test_json (kind_cases[i].json);

      g_test_message ("%s", kind_cases[i].json);
      g_assert_cmpint (rk_compat_get_kind (node), ==, kind_cases[i].kind);
      g_assert_cmpuint (rk_compat_get_length (node), ==, kind_cases[i].length);
    }

  g_assert_cmpint (rk_compat_get_kind (NULL), ==, RK_VALUE_KIND_UNDEFINED);
  g_assert_cmpuint (rk_compat_get_length (NULL), ==, 0);
  g_assert_null (rk_compat_get_bigint (NULL));
  g_assert_null (rk_compat_dup_bytes (NULL));
}

static void
test_accessors (void)
{
  g_autoptr(JsonNode) escaped = rk_test_compat_parse ("[\"$$$bar\",[\"$BigInt\",\"2\"]]");
  g_autoptr(JsonNode) set =
    rk_test_compat_parse ("[\"$Set\",[\"$$x\",[\"$Uint8Array\",\"AQ==\"]]]");
  g_autoptr(JsonNode) integer = rk_test_compat_parse ("5");
  g_autoptr(JsonNode) object = rk_test_compat_parse ("{\"a\":1}");
  g_autoptr(JsonNode) e0 = rk_compat_dup_element (escaped, 0);
  g_autoptr(JsonNode) e1 = rk_compat_dup_element (escaped, 1);
  g_autoptr(JsonNode) s0 = rk_compat_dup_element (set, 0);
  g_autoptr(JsonNode) s1 = rk_compat_dup_element (set, 1);

  g_assert_cmpstr (json_node_get_string (e0), ==, "$$bar");
  g_assert_cmpstr (rk_compat_get_bigint (e1), ==, "2");
  /* A Set's elements are values, not a user array: nothing to unescape */
  g_assert_cmpstr (json_node_get_string (s0), ==, "$$x");
  g_assert_cmpint (rk_compat_get_kind (s1), ==, RK_VALUE_KIND_UINT8ARRAY);

  g_assert_null (rk_compat_dup_element (escaped, 2));
  g_assert_null (rk_compat_dup_element (integer, 0));
  g_assert_null (rk_compat_dup_element (object, 0));
  g_assert_null (rk_compat_get_bigint (integer));
  g_assert_null (rk_compat_dup_bytes (object));
}

/* Describe */

typedef struct
{
  const char *json;
  gsize       max_chars;
  const char *expected;
} DescribeCase;

static const DescribeCase describe_cases[] = {
  { "[\"$BigInt\",\"12345678901234567890\"]", 40, "12345678901234567890n" },
  { "[\"$Uint8Array\",\"AQID\"]", 40, "Uint8Array(3) 01 02 03" },
  { "[\"$Uint8Array\",\"AQIDBAUG\"]", 20, "Uint8Array(6) 01 02…" },
  { "[\"$ArrayBuffer\",\"CQg=\"]", 16, "ArrayBuffer(2)" },
  { "[\"$ArrayBuffer\",\"CQg=\"]", 8, "ArrayBu…" },
  { "[\"$ArrayBuffer\",\"\"]", 40, "ArrayBuffer(0)" },
  { "[\"$Undefined\",0]", 40, "undefined" },
  { "null", 40, "null" },
  { "false", 40, "false" },
  { "-3", 40, "-3" },
  { "0.1", 40, "0.1" },
  { "\"text\"", 40, "\"text\"" },
  { "\"line\\nbreak \\\"q\\\"\"", 40, "\"line\\nbreak \\\"q\\\"\"" },
  { "\"a long string that goes on\"", 10, "\"a long s…" },
  { "\"héllo wörld ünïcode\"", 8, "\"héllo …" },
  { "[\"$Set\",[1,2]]", 40, "Set(2) {1,2}" },
  { "[\"$Set\",[1,2,3,4,5,6,7,8,9]]", 10, "Set(9)" },
  { "[1,[\"$BigInt\",\"2\"],[\"$$x\",true]]", 40, "[1,2n,[\"$x\",true]]" },
  { "[1,2,3]", 5, "[1,2…" },
  { "[1,2,3,4,5,6,7,8,9]", 10, "[9 items]" },
  { "[1]", 3, "[1]" },
  { "[1]", 2, "[…" },
  { "[\"xxxxxxxxxxxx\"]", 10, "[1 item]" },
  { "{\"a\":1,\"b\":[\"$Uint8Array\",\"AQID\"]}", 40, "{\"a\":1,\"b\":Uint8Array(3)}" },
  { "{\"a\":\"xxxxxxxxxxxxxxxxxxxx\",\"b\":2}", 12, "{2 keys}" },
  { "{\"k\":\"xxxxxxxxxxxxxxxxxxxx\"}", 7, "{1 key}" },
  { "{}", 40, "{}" },
  { "{\"a\":\"xxxxxxxxxxxxxxxxxxxx\",\"b\":2}", 0, "{\"a\":\"xxxxxxxxxxxxxxxxxxxx\",\"b\":2}" },
  /* Strings are escaped as JSON.stringify () does (the event log's escaping) */
  { "\"\\b\\f\\t\\u0001\\u001f\\u007f/\"", 0, "\"\\b\\f\\t\\u0001\\u001f\x7f/\"" },
  { "{\"k\\\"\\\\\":\"\\u2028é\"}", 0, "{\"k\\\"\\\\\":\"\xe2\x80\xa8é\"}" },
  { "\"\\n\\n\\n\\n\\n\"", 8, "\"\\n\\n\\n…" },
};

static void
test_describe (void)
{
  g_autofree char *undefined = rk_compat_describe (NULL, 10);

  g_assert_cmpstr (undefined, ==, "undefined");

  for (guint i = 0; i < G_N_ELEMENTS (describe_cases); i++)
    {
      const DescribeCase *tc = &describe_cases[i];
      g_autoptr(JsonNode) node = rk_test_compat_parse (tc->json);
      g_autofree char *text = rk_compat_describe (node, tc->max_chars);

      g_test_message ("%s at %" G_GSIZE_FORMAT, tc->json, tc->max_chars);
      g_assert_cmpstr (text, ==, tc->expected);
      g_assert_true (g_utf8_validate (text, -1, NULL));
      if (tc->max_chars != 0)
        g_assert_cmpint (g_utf8_strlen (text, -1), <=, tc->max_chars);
    }
}

static void
test_describe_huge (void)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  g_autofree char *text = NULL;

  for (guint i = 0; i < 100000; i++)
    json_array_add_string_element (array, "ünïcode ünïcode ünïcode");
  json_node_set_array (node, array);

  text = rk_compat_describe (node, 30);
  g_assert_cmpstr (text, ==, "[100000 items]");
}

static void
test_describe_huge_string (void)
{
  g_autofree char *quotes = g_strnfill (10 * 1000 * 1000, '"');
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), quotes);
  g_autofree char *text = NULL;

  /* Only the start of it is escaped */
  text = rk_compat_describe (node, 10);
  g_assert_cmpstr (text, ==, "\"\\\"\\\"\\\"\\\"…");
}

/* Values built by hand may hold invalid UTF-8; the preview never does */
static void
test_describe_invalid_utf8 (void)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonArray) bigint = json_array_new ();
  g_autoptr(JsonNode) bigint_node = json_node_new (JSON_NODE_ARRAY);
  g_autofree char *text = NULL;
  g_autofree char *short_text = NULL;

  json_array_add_string_element (bigint, "$BigInt");
  json_array_add_string_element (bigint, "1\xf7");
  json_node_set_array (bigint_node, bigint);
  json_object_set_string_member (object, "k\xff", "a\xe2\x82");
  json_object_set_member (object, "b", g_steal_pointer (&bigint_node));
  json_node_set_object (node, object);

  text = rk_compat_describe (node, 0);
  g_assert_cmpstr (text, ==, "{\"k\xef\xbf\xbd\":\"a\xef\xbf\xbd\xef\xbf\xbd\","
                             "\"b\":1\xef\xbf\xbdn}");
  short_text = rk_compat_describe (node, 12);
  g_assert_cmpstr (short_text, ==, "{2 keys}");
}

/* JSON string escaping (_rk_json_append_escaped ()) */

typedef struct
{
  const char *name;
  const char *input;
  gssize      length;
  const char *escaped;   /* NULL: the same as the input */
} EscapeCase;

static const EscapeCase escape_cases[] = {
  { "empty", "", -1, NULL },
  { "plain", "abc", -1, NULL },
  { "quote", "a\"b", -1, "a\\\"b" },
  { "backslash", "a\\b", -1, "a\\\\b" },
  { "slash-passes", "a/b", -1, NULL },
  { "short-escapes", "\b\f\n\r\t", -1, "\\b\\f\\n\\r\\t" },
  { "other-controls", "\x01\x0b\x1f", -1, "\\u0001\\u000b\\u001f" },
  { "del-passes", "\x7f", -1, NULL },
  { "runs", "xx\"yy\\zz\n", -1, "xx\\\"yy\\\\zz\\n" },
  { "non-ascii", "é€\xf0\x9f\x98\x80", -1, NULL },
  { "u2028-u2029-pass", "\xe2\x80\xa8\xe2\x80\xa9", -1, NULL },
  { "invalid-byte", "a\xffz", -1, "a\xef\xbf\xbdz" },
  { "truncated-sequence", "a\xe2\x82", -1, "a\xef\xbf\xbd\xef\xbf\xbd" },
  { "overlong", "\xc0\xaf", -1, "\xef\xbf\xbd\xef\xbf\xbd" },
  { "utf8-surrogate", "\xed\xa0\x80", -1, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
  { "length", "ab\"cd", 3, "ab\\\"" },
  { "length-zero", "abc", 0, "" },
  { "length-cuts-character", "é", 1, "\xef\xbf\xbd" },
  { "length-holds-nul", "a\0b", 3, "a\xef\xbf\xbd" "b" },
};

static void
test_json_escape (gconstpointer data)
{
  const EscapeCase *tc = data;
  g_autoptr(GString) out = g_string_new ("<");

  _rk_json_append_escaped (out, tc->input, tc->length);
  g_string_append_c (out, '>');
  g_assert_true (g_str_has_prefix (out->str, "<"));
  g_assert_cmpint (out->len, >=, 2);
  out->str[out->len - 1] = '\0';
  g_assert_cmpstr (out->str + 1, ==, tc->escaped ? tc->escaped : tc->input);
  g_assert_true (g_utf8_validate (out->str, -1, NULL));
}

/* Equality */

typedef struct
{
  const char *a;
  const char *b;
  gboolean    equal;
} EqualCase;

static const EqualCase equal_cases[] = {
  { "{\"a\":1,\"b\":2}", "{\"b\":2,\"a\":1}", TRUE },
  { "{\"a\":1}", "{\"a\":1,\"b\":2}", FALSE },
  { "{\"a\":1,\"c\":2}", "{\"a\":1,\"b\":2}", FALSE },
  { "[1,2]", "[2,1]", FALSE },
  { "[\"$BigInt\",\"1\"]", "[\"$BigInt\",\"1\"]", TRUE },
  { "[\"$BigInt\",\"1\"]", "1", FALSE },
  { "[\"$BigInt\",\"1\"]", "[\"$BigInt\",\"2\"]", FALSE },
  { "[\"$Uint8Array\",\"AQID\"]", "[\"$Uint8Array\",\"AQID\"]", TRUE },
  { "[\"$Uint8Array\",\"AQID\"]", "[\"$ArrayBuffer\",\"AQID\"]", FALSE },
  { "[\"$Set\",[1,2]]", "[\"$Set\",[1,2]]", TRUE },
  { "[\"$Set\",[1,2]]", "[1,2]", FALSE },
  { "[\"$Undefined\",0]", "null", FALSE },
  { "[\"$$x\",1]", "[\"$$x\",1]", TRUE },
  { "\"a\"", "\"b\"", FALSE },
  { "0.5", "0.5", TRUE },
  { "true", "1", FALSE },
};

static void
test_equal (void)
{
  g_autoptr(JsonNode) int_one = json_node_new (JSON_NODE_VALUE);
  g_autoptr(JsonNode) double_one = json_node_new (JSON_NODE_VALUE);
  g_autoptr(JsonNode) double_half = json_node_new (JSON_NODE_VALUE);
  g_autoptr(JsonNode) undefined = rk_compat_new_undefined ();

  for (guint i = 0; i < G_N_ELEMENTS (equal_cases); i++)
    {
      g_autoptr(JsonNode) a = rk_test_compat_parse (equal_cases[i].a);
      g_autoptr(JsonNode) b = rk_test_compat_parse (equal_cases[i].b);

      g_test_message ("%s vs %s", equal_cases[i].a, equal_cases[i].b);
      g_assert_cmpint (rk_compat_equal (a, b), ==, equal_cases[i].equal);
      g_assert_cmpint (rk_compat_equal (b, a), ==, equal_cases[i].equal);
      g_assert_true (rk_compat_equal (a, a));
    }

  /* Built without normalizing: the integer 1 equals the double 1.0 */
  json_node_set_int (int_one, 1);
  json_node_set_double (double_one, 1.0);
  json_node_set_double (double_half, 1.5);
  g_assert_true (rk_compat_equal (int_one, double_one));
  g_assert_true (rk_compat_equal (double_one, int_one));
  g_assert_false (rk_compat_equal (int_one, double_half));

  g_assert_true (rk_compat_equal (NULL, NULL));
  g_assert_true (rk_compat_equal (NULL, undefined));
  g_assert_false (rk_compat_equal (NULL, int_one));
}

static void
test_kind_names (void)
{
  static const char *names[] = {
    "null", "undefined", "boolean", "integer", "number", "string", "BigInt", "Uint8Array",
    "ArrayBuffer", "Set", "array", "object",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_cmpstr (rk_value_kind_to_string ((RkValueKind)i), ==, names[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (from_plain_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/rk/compat/from-plain/%s",
                                               from_plain_cases[i].name);
      g_test_add_data_func (path, &from_plain_cases[i], test_from_plain);
    }
  for (guint i = 0; i < G_N_ELEMENTS (to_plain_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/rk/compat/to-plain/%s", to_plain_cases[i].name);
      g_test_add_data_func (path, &to_plain_cases[i], test_to_plain);
    }
  g_test_add_func ("/rk/compat/to-plain/errors", test_to_plain_errors);
  g_test_add_func ("/rk/compat/constructors", test_constructors);
  g_test_add_func ("/rk/compat/kinds", test_kinds);
  g_test_add_func ("/rk/compat/accessors", test_accessors);
  g_test_add_func ("/rk/compat/describe", test_describe);
  g_test_add_func ("/rk/compat/describe-huge", test_describe_huge);
  g_test_add_func ("/rk/compat/describe-huge-string", test_describe_huge_string);
  g_test_add_func ("/rk/compat/describe-invalid-utf8", test_describe_invalid_utf8);
  for (guint i = 0; i < G_N_ELEMENTS (escape_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/rk/compat/json-escape/%s", escape_cases[i].name);
      g_test_add_data_func (path, &escape_cases[i], test_json_escape);
    }
  g_test_add_func ("/rk/compat/equal", test_equal);
  g_test_add_func ("/rk/compat/kind-names", test_kind_names);

  return g_test_run ();
}
