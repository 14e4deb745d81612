/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-key.c: actor key serialization, parsing and display */

#define G_LOG_DOMAIN "test-key"

#include "config.h"

#include <json-glib/json-glib.h>

#include "rk-key.h"

#define MAX_PARTS 6

typedef struct
{
  const char *parts[MAX_PARTS];   /* NULL-terminated */
  const char *serialized;
} KeyVector;

/* Canonical pairs: serialize gives the string and parse gives the parts back.
 * From the wire doc (2.3) and rivetkit's src/actor/keys.test.ts. */
static const KeyVector canonical[] = {
  { { NULL }, "/" },
  { { "main", NULL }, "main" },
  { { "proto", "a", NULL }, "proto/a" },
  { { "proto/x", "y\\z", "", NULL }, "proto\\/x/y\\\\z/\\0" },
  { { "test", NULL }, "test" },
  { { "a", "b", "c", NULL }, "a/b/c" },
  { { "a/b", NULL }, "a\\/b" },
  { { "a/b", "c", NULL }, "a\\/b/c" },
  { { "/", NULL }, "\\/" },
  { { "a/b", "/", "c/d", NULL }, "a\\/b/\\//c\\/d" },
  { { "", NULL }, "\\0" },
  { { "a", "", "b", NULL }, "a/\\0/b" },
  { { "", "a", NULL }, "\\0/a" },
  { { "a", "", NULL }, "a/\\0" },
  { { "", "", "", NULL }, "\\0/\\0/\\0" },
  { { "", "a", "", "b", "", NULL }, "\\0/a/\\0/b/\\0" },
  { { "special\\chars", "more:complex,keys", "final key", NULL },
    "special\\\\chars/more:complex,keys/final key" },
  { { "", "/", "", NULL }, "\\0/\\//\\0" },
  { { "a", "", "/", "", "b", NULL }, "a/\\0/\\//\\0/b" },
  /* A literal backslash-zero is not the empty marker. */
  { { "\\0", NULL }, "\\\\0" },
  { { "0", NULL }, "0" },
  { { "\\", NULL }, "\\\\" },
  { { "\\/", NULL }, "\\\\\\/" },
  { { "cmp-a", NULL }, "cmp-a" },
  { { "[\"cmp-a\"]", NULL }, "[\"cmp-a\"]" },
  { { "héllo wörld", "日本", NULL }, "héllo wörld/日本" },
};

/* Non-canonical inputs: what RivetKit's deserializeActorKey () makes of them. */
static const KeyVector parse_only[] = {
  { { NULL }, "" },
  { { NULL }, "/" },
  /* An unescaped trailing or leading separator gives an empty component. */
  { { "a", "", NULL }, "a/" },
  { { "", "a", NULL }, "/a" },
  { { "", "", "", NULL }, "//" },
  { { "", "", NULL }, "/\\0" },
  /* "\x" is x for any x but 0. */
  { { "ab", NULL }, "a\\b" },
  { { "é", NULL }, "\\é" },
  /* "\0" anywhere in a component empties the whole component. */
  { { "", NULL }, "a\\0b" },
  { { "", "y", NULL }, "\\0x/y" },
  { { "", "c", NULL }, "ab\\0/c" },
  { { "", NULL }, "\\0\\0" },
  /* A trailing lone backslash is literal, and beats the empty marker. */
  { { "abc\\", NULL }, "abc\\" },
  { { "\\", NULL }, "\\" },
  { { "\\", NULL }, "\\0\\" },
  { { "a", "\\", NULL }, "a/\\" },
};

static guint
count_parts (const char * const *parts)
{
  guint n = 0;

  while (parts[n] != NULL)
    n++;

  return n;
}

static void
assert_parts (char              **actual,
              const char * const *expected)
{
  g_assert_nonnull (actual);
  g_assert_cmpuint (g_strv_length (actual), ==, count_parts (expected));
  for (guint i = 0; expected[i] != NULL; i++)
    g_assert_cmpstr (actual[i], ==, expected[i]);
}

static void
test_serialize (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (canonical); i++)
    {
      g_autofree char *serialized = rk_key_serialize (canonical[i].parts);

      g_assert_cmpstr (serialized, ==, canonical[i].serialized);
    }
}

static void
test_serialize_null (void)
{
  g_autofree char *from_null = rk_key_serialize (NULL);
  const char *empty[] = { NULL };
  g_autofree char *from_empty = rk_key_serialize (empty);

  g_assert_cmpstr (from_null, ==, "/");
  g_assert_cmpstr (from_empty, ==, "/");
}

static void
test_parse (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (canonical); i++)
    {
      g_auto(GStrv) parts = rk_key_parse (canonical[i].serialized);

      g_test_message ("parse %s", canonical[i].serialized);
      assert_parts (parts, canonical[i].parts);
    }

  for (guint i = 0; i < G_N_ELEMENTS (parse_only); i++)
    {
      g_auto(GStrv) parts = rk_key_parse (parse_only[i].serialized);

      g_test_message ("parse %s", parse_only[i].serialized);
      assert_parts (parts, parse_only[i].parts);
    }
}

static void
test_parse_null (void)
{
  g_auto(GStrv) parts = rk_key_parse (NULL);

  g_assert_nonnull (parts);
  g_assert_null (parts[0]);
}

/* serialize () then parse () gives the key back; parse () then serialize () gives the
 * canonical form, which parses to the same key. */
static void
test_round_trip (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (parse_only); i++)
    {
      g_auto(GStrv) parts = rk_key_parse (parse_only[i].serialized);
      g_autofree char *canonical_form = rk_key_serialize ((const char * const *)parts);
      g_auto(GStrv) again = rk_key_parse (canonical_form);

      assert_parts (again, (const char * const *)parts);
    }

  for (guint i = 0; i < G_N_ELEMENTS (canonical); i++)
    {
      g_autofree char *serialized = rk_key_serialize (canonical[i].parts);
      g_auto(GStrv) parts = rk_key_parse (serialized);
      g_autofree char *again = rk_key_serialize ((const char * const *)parts);

      assert_parts (parts, canonical[i].parts);
      g_assert_cmpstr (again, ==, serialized);
    }
}

/* Keys as the live manager API returned them. */
static void
test_fixtures (void)
{
  static const struct {
    const char *fixture;
    const char *serialized;
    const char *parts[MAX_PARTS];
  } vectors[] = {
    { "manager-put-actors-escaped-key.json", "proto\\/x/y\\\\z/\\0",
      { "proto/x", "y\\z", "", NULL } },
    { "manager-put-actors-empty-key.json", "/", { NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures",
                                                     vectors[i].fixture, NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) parts = NULL;
      g_autofree char *serialized = NULL;
      JsonObject *actor;
      const char *key;

      json_parser_load_from_file (parser, path, &error);
      g_assert_no_error (error);
      actor = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                             "actor");
      key = json_object_get_string_member (actor, "key");
      g_assert_cmpstr (key, ==, vectors[i].serialized);

      parts = rk_key_parse (key);
      assert_parts (parts, vectors[i].parts);

      serialized = rk_key_serialize ((const char * const *)parts);
      g_assert_cmpstr (serialized, ==, key);
    }
}

static void
test_display (void)
{
  static const KeyVector vectors[] = {
    { { NULL }, "/" },
    { { "main", NULL }, "main" },
    { { "proto", "a", NULL }, "proto / a" },
    { { "proto/x", "y\\z", "", NULL }, "proto\\/x / y\\\\z / \\0" },
    { { "", NULL }, "\\0" },
    { { "a b", "c", NULL }, "a b / c" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autofree char *display = rk_key_to_display (vectors[i].parts);

      g_assert_cmpstr (display, ==, vectors[i].serialized);
    }

  {
    g_autofree char *display = rk_key_to_display (NULL);

    g_assert_cmpstr (display, ==, "/");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rk/key/serialize", test_serialize);
  g_test_add_func ("/rk/key/serialize-null", test_serialize_null);
  g_test_add_func ("/rk/key/parse", test_parse);
  g_test_add_func ("/rk/key/parse-null", test_parse_null);
  g_test_add_func ("/rk/key/round-trip", test_round_trip);
  g_test_add_func ("/rk/key/fixtures", test_fixtures);
  g_test_add_func ("/rk/key/display", test_display);

  return g_test_run ();
}
