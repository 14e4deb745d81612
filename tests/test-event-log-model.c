/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-event-log-model.c: RkEventLog as a list model: appends, flushes, the cap, names,
 * arguments, connections */

#define G_LOG_DOMAIN "test-event-log"

#include "config.h"

#include <string.h>

#include "rk-client.h"
#include "rk-compat.h"
#include "rk-connection.h"
#include "rk-event-log.h"
#include "rk-event.h"
#include "rk-test-event-log.h"
#include "rk-test-util.h"

static void
test_append_flush (void)
{
  g_autoptr(RkEventLog) log = rk_event_log_new ();
  g_autoptr(RkTestRecorder) recorder = rk_test_recorder_new (log);
  g_autoptr(RkEvent) first = NULL;
  g_autoptr(RkEvent) again = NULL;

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (log)) == RK_TYPE_EVENT);
  g_assert_cmpuint (rk_event_log_get_cap (log), ==, RK_EVENT_LOG_DEFAULT_CAP);

  for (guint i = 1; i <= 3; i++)
    rk_test_append_tick (log, i);

  /* Recorded at once, shown at the flush */
  rk_test_assert_changes (recorder, "");
  g_assert_cmpuint (rk_event_log_get_n_events (log), ==, 3);
  g_assert_cmpuint (rk_event_log_get_n_visible (log), ==, 0);
  g_assert_cmpuint (rk_event_log_get_pending (log), ==, 3);
  g_assert_cmpuint (rk_test_recorder_notifies (recorder, "n-events"), ==, 0);

  rk_event_log_flush (log);
  rk_test_assert_changes (recorder, "0,0,3;");
  g_assert_cmpuint (rk_event_log_get_n_visible (log), ==, 3);
  g_assert_cmpuint (rk_event_log_get_pending (log), ==, 0);
  g_assert_cmpuint (rk_test_recorder_notifies (recorder, "n-events"), ==, 1);
  g_assert_cmpuint (rk_test_recorder_notifies (recorder, "n-visible"), ==, 1);
  g_assert_cmpuint (rk_test_recorder_notifies (recorder, "pending"), ==, 0);
  rk_test_recorder_reset_notifies (recorder);

  /* A flush with nothing new changes nothing */
  rk_event_log_flush (log);
  rk_test_assert_changes (recorder, "");
  g_assert_cmpuint (g_hash_table_size (recorder->notifies), ==, 0);

  rk_test_append_tick (log, 4);
  rk_test_append_tick (log, 5);
  rk_event_log_flush (log);
  rk_test_assert_changes (recorder, "3,0,2;");

  first = g_list_model_get_item (G_LIST_MODEL (log), 0);
  g_assert_cmpint (rk_event_get_time (first), ==, RK_TEST_T0 + 1);
  g_assert_cmpstr (rk_event_get_name (first), ==, "tick");
  g_assert_cmpstr (rk_event_get_connection (first), ==, "conn");
  g_assert_cmpstr (rk_event_get_preview (first), ==, "1, \"tick 1\"");
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (log), 5));

  /* Recently fetched items keep their identity */
  again = g_list_model_get_item (G_LIST_MODEL (log), 0);
  g_assert_true (first == again);

  rk_test_assert_shown (log, "1,2,3,4,5");
}

static void
test_coalesce (void)
{
  g_autoptr(RkEventLog) log = rk_event_log_new ();
  g_autoptr(RkTestRecorder) recorder = rk_test_recorder_new (log);

  for (guint i = 1; i <= 1000; i++)
    rk_test_append_tick (log, i);

  /* The main loop publishes the burst in one change */
  rk_test_assert_changes (recorder, "");
  rk_test_wait_for (rk_event_log_get_n_visible (log) == 1000);
  rk_test_assert_changes (recorder, "0,0,1000;");
  g_assert_cmpuint (rk_test_recorder_notifies (recorder, "n-events"), ==, 1);
  g_assert_cmpuint (rk_test_recorder_notifies (recorder, "n-visible"), ==, 1);

  rk_test_append_tick (log, 1001);
  rk_test_wait_for (rk_event_log_get_n_visible (log) == 1001);
  rk_test_assert_changes (recorder, "1000,0,1;");
}

static void
test_cap (void)
{
  g_autoptr(RkEventLog) log = rk_event_log_new ();
  g_autoptr(RkTestRecorder) recorder = rk_test_recorder_new (log);
  g_autoptr(GString) expected = g_string_new (NULL);

  rk_event_log_set_cap (log, 128);
  g_assert_cmpuint (rk_test_recorder_notifies (recorder, "cap"), ==, 1);
  rk_event_log_set_cap (log, 128);
  g_assert_cmpuint (rk_test_recorder_notifies (recorder, "cap"), ==, 1);

  for (guint i = 1; i <= 128; i++)
    rk_test_append_tick (log, i);
  rk_event_log_flush (log);
  rk_test_assert_changes (recorder, "0,0,128;");
  g_assert_cmpuint (rk_event_log_get_n_events (log), ==, 128);

  /* One more drops a block of cap / 64 = 2 at once, shown at once */
  rk_test_append_tick (log, 129);
  rk_test_assert_changes (recorder, "0,2,0;");
  g_assert_cmpuint (rk_event_log_get_n_events (log), ==, 127);
  g_assert_cmpuint (rk_event_log_get_n_visible (log), ==, 126);
  rk_test_append_tick (log, 130);
  rk_test_assert_changes (recorder, "");
  rk_event_log_flush (log);
  rk_test_assert_changes (recorder, "126,0,2;");
  g_assert_cmpuint (rk_event_log_get_n_events (log), ==, 128);
  g_assert_cmpint (rk_event_get_time (rk_test_log_item (log, 0)), ==, RK_TEST_T0 + 3);

  /* A lower cap drops the surplus exactly */
  rk_test_recorder_reset_notifies (recorder);
  rk_event_log_set_cap (log, 100);
  rk_test_assert_changes (recorder, "0,28,0;");
  g_assert_cmpuint (rk_test_recorder_notifies (recorder, "cap"), ==, 1);
  g_assert_cmpuint (rk_test_recorder_notifies (recorder, "n-events"), ==, 1);
  g_assert_cmpuint (rk_test_recorder_notifies (recorder, "n-visible"), ==, 1);
  g_assert_cmpuint (rk_event_log_get_n_events (log), ==, 100);
  g_assert_cmpint (rk_event_get_time (rk_test_log_item (log, 0)), ==, RK_TEST_T0 + 31);

  /* A burst past the cap before a flush: the shown events leave one by one (block 1), then
   * unshown ones leave without a change, and the flush adds the survivors. */
  for (guint i = 131; i <= 280; i++)
    rk_test_append_tick (log, i);
  for (guint i = 0; i < 100; i++)
    g_string_append (expected, "0,1,0;");
  rk_test_assert_changes (recorder, expected->str);
  g_assert_cmpuint (rk_event_log_get_n_events (log), ==, 100);
  g_assert_cmpuint (rk_event_log_get_n_visible (log), ==, 0);
  rk_event_log_flush (log);
  rk_test_assert_changes (recorder, "0,0,100;");
  g_assert_cmpint (rk_event_get_time (rk_test_log_item (log, 0)), ==, RK_TEST_T0 + 181);
  g_assert_cmpint (rk_event_get_time (rk_test_log_item (log, 99)), ==, RK_TEST_T0 + 280);

  /* A larger cap drops in larger blocks */
  rk_event_log_set_cap (log, 6400);
  for (guint i = 281; i <= 6580; i++)
    rk_test_append_tick (log, i);
  rk_event_log_flush (log);
  rk_test_assert_changes (recorder, "100,0,6300;");
  rk_test_append_tick (log, 6581);
  rk_test_assert_changes (recorder, "0,100,0;");
  g_assert_cmpuint (rk_event_log_get_n_events (log), ==, 6301);
  rk_event_log_flush (log);
  rk_test_assert_changes (recorder, "6300,0,1;");
  g_assert_cmpint (rk_event_get_time (rk_test_log_item (log, 0)), ==, RK_TEST_T0 + 281);
}

static void
test_cap_at_scale (void)
{
  g_autoptr(RkEventLog) log = rk_event_log_new ();
  g_autoptr(RkTestRecorder) recorder = NULL;
  const guint cap = 100000;
  const guint total = 250000;
  char args[64];
  guint n;

  rk_event_log_set_cap (log, cap);
  recorder = rk_test_recorder_new (log);

  for (guint i = 1; i <= total; i++)
    {
      g_snprintf (args, sizeof args, "[%u]", i);
      rk_event_log_append_text (log, RK_TEST_T0 + i, NULL, "tick", args, -1);
      if (i % 997 == 0)
        g_assert_cmpuint (rk_event_log_get_n_events (log), <=, cap);
    }

  /* Nothing was shown yet, so trimming changed nothing in the view */
  rk_test_assert_changes (recorder, "");
  n = rk_event_log_get_n_events (log);
  g_assert_cmpuint (n, <=, cap);
  g_assert_cmpuint (n, >, cap - cap / 64);

  rk_event_log_flush (log);
  g_assert_cmpuint (rk_event_log_get_n_visible (log), ==, n);
  g_assert_cmpint (rk_event_get_time (rk_test_log_item (log, 0)), ==, RK_TEST_T0 + total - n + 1);
  g_assert_cmpint (rk_event_get_time (rk_test_log_item (log, n - 1)), ==, RK_TEST_T0 + total);
  {
    g_autofree char *text = rk_event_dup_json_text (rk_test_log_item (log, n / 2));
    g_autofree char *expected = g_strdup_printf ("[%u]", total - n + 1 + n / 2);

    g_assert_cmpstr (text, ==, expected);
  }
}

static void
test_clear (void)
{
  g_autoptr(RkEventLog) log = rk_event_log_new ();
  g_autoptr(RkTestRecorder) recorder = rk_test_recorder_new (log);
  const char * const *names;

  for (guint i = 1; i <= 3; i++)
    rk_test_append_tick (log, i);
  rk_event_log_flush (log);
  rk_test_assert_changes (recorder, "0,0,3;");
  rk_event_log_set_paused (log, TRUE);
  rk_event_log_append_text (log, RK_TEST_T0, "conn", "tock", "[4]", -1);
  rk_test_recorder_reset_notifies (recorder);

  rk_event_log_clear (log);
  rk_test_assert_changes (recorder, "0,3,0;");
  g_assert_cmpuint (rk_event_log_get_n_events (log), ==, 0);
  g_assert_cmpuint (rk_event_log_get_n_visible (log), ==, 0);
  g_assert_cmpuint (rk_event_log_get_pending (log), ==, 0);
  g_assert_cmpuint (rk_test_recorder_notifies (recorder, "n-events"), ==, 1);
  g_assert_cmpuint (rk_test_recorder_notifies (recorder, "n-visible"), ==, 1);
  names = rk_event_log_get_names (log);
  g_assert_nonnull (names);
  g_assert_null (names[0]);

  rk_event_log_set_paused (log, FALSE);
  rk_test_assert_changes (recorder, "");

  /* Clearing an empty log changes nothing */
  rk_event_log_clear (log);
  rk_test_assert_changes (recorder, "");

  rk_test_append_tick (log, 10);
  rk_event_log_flush (log);
  rk_test_assert_changes (recorder, "0,0,1;");
  rk_test_assert_shown (log, "10");
  g_assert_cmpstr (rk_event_get_connection (rk_test_log_item (log, 0)), ==, "conn");

  /* With a filter */
  rk_event_log_set_filter (log, "tick", NULL);
  rk_test_assert_changes (recorder, "0,1,1;");
  rk_event_log_clear (log);
  rk_test_assert_changes (recorder, "0,1,0;");
  rk_test_append_tick (log, 11);
  rk_event_log_append_text (log, RK_TEST_T0, "conn", "tock", "[12]", -1);
  rk_event_log_flush (log);
  rk_test_assert_changes (recorder, "0,0,1;");
  rk_test_assert_shown (log, "11");
}

static void
test_names (void)
{
  g_autoptr(RkEventLog) log = rk_event_log_new ();
  const char *expected[] = { "Alert", "tick", "tock", NULL };
  const char *more[] = { "Alert", "tick", "tock", "zebra", NULL };

  rk_event_log_append_text (log, RK_TEST_T0, NULL, "tock", "[]", -1);
  rk_event_log_append_text (log, RK_TEST_T0, NULL, "tick", "[]", -1);
  rk_event_log_append_text (log, RK_TEST_T0, NULL, "tock", "[]", -1);
  rk_event_log_append_text (log, RK_TEST_T0, NULL, "Alert", "[]", -1);
  g_assert_cmpstrv (rk_event_log_get_names (log), expected);
  g_assert_cmpstrv (rk_event_log_get_names (log), expected);

  rk_event_log_append_text (log, RK_TEST_T0, NULL, "zebra", "[]", -1);
  g_assert_cmpstrv (rk_event_log_get_names (log), more);
}

/* Ever new names and labels must not grow the log past its cap forever */
static void
test_many_names (void)
{
  g_autoptr(RkEventLog) log = rk_event_log_new ();
  guint n_names;

  rk_event_log_set_cap (log, 64);
  rk_event_log_set_filter (log, "name", NULL);
  for (guint i = 1; i <= 20000; i++)
    {
      g_autofree char *name = g_strdup_printf ("name-%u", i);
      g_autofree char *label = g_strdup_printf ("label-%u", i);
      g_autofree char *args = g_strdup_printf ("[%u]", i);

      rk_event_log_append_text (log, RK_TEST_T0 + i, label, name, args, -1);
      if (i % 5000 == 0)
        rk_event_log_flush (log);
    }
  rk_event_log_flush (log);

  n_names = g_strv_length ((char **)rk_event_log_get_names (log));
  g_assert_cmpuint (n_names, >=, 64);
  g_assert_cmpuint (n_names, <=, 2 * 64 + 1024 + 1);

  /* Every stored event still has its own name and label */
  g_assert_cmpuint (rk_event_log_get_n_visible (log), ==, rk_event_log_get_n_events (log));
  for (guint i = 0; i < rk_event_log_get_n_visible (log); i++)
    {
      RkEvent *event = rk_test_log_item (log, i);
      g_autofree char *text = rk_event_dup_json_text (event);
      g_autofree char *name = g_strdup_printf ("name-%s", text + 1);
      g_autofree char *label = g_strdup_printf ("label-%s", text + 1);

      name[strlen (name) - 1] = '\0';
      label[strlen (label) - 1] = '\0';
      g_assert_cmpstr (rk_event_get_name (event), ==, name);
      g_assert_cmpstr (rk_event_get_connection (event), ==, label);
    }
}

typedef struct
{
  const char *name;
  const char *input;            /* JSON-compat text of the args */
  const char *stored;           /* the compact text the log keeps */
  const char *preview;
} ArgsCase;

static const ArgsCase args_cases[] = {
  { "plain", "[1, 2, \"three\"]", "[1,2,\"three\"]", "1, 2, \"three\"" },
  { "bigint", "[[\"$BigInt\",\"123456789012345678901234\"]]",
    "[[\"$BigInt\",\"123456789012345678901234\"]]", "123456789012345678901234n" },
  { "escaped-tag", "[[\"$$foo\",1]]", "[[\"$$foo\",1]]", "[\"$foo\",1]" },
  { "undefined", "[[\"$Undefined\",0]]", "[[\"$Undefined\",0]]", "undefined" },
  { "int64", "[9007199254740993,-9223372036854775808]",
    "[9007199254740993,-9223372036854775808]", "9007199254740993, -9223372036854775808" },
  { "doubles", "[0.1,1e20,-0.5,1.5e-7]", "[0.1,1e+20,-0.5,1.5e-07]", NULL },
  { "strings", "[\"a\\\"b\\\\c\\nd\\u0001é\\t/\"]", "[\"a\\\"b\\\\c\\nd\\u0001é\\t/\"]", NULL },
  { "object-order", "[{\"b\":1,\"a\":[true,false,null]}]",
    "[{\"b\":1,\"a\":[true,false,null]}]", "{\"b\":1,\"a\":[true,false,null]}" },
  { "not-an-array", "{\"x\":1}", "{\"x\":1}", "{\"x\":1}" },
  { "empty", "[]", "[]", "" },
};

static void
test_args (gconstpointer data)
{
  const ArgsCase *c = data;
  g_autoptr(RkEventLog) log = rk_event_log_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) args = rk_compat_parse (c->input, -1, &error);
  g_autofree char *text = NULL;
  RkEvent *event;

  g_assert_no_error (error);
  rk_event_log_append (log, RK_TEST_T0, "conn", "ev", args);
  rk_event_log_flush (log);
  event = rk_test_log_item (log, 0);

  text = rk_event_dup_json_text (event);
  g_assert_cmpstr (text, ==, c->stored);
  g_assert_nonnull (rk_event_get_args (event));
  g_assert_true (rk_compat_equal (rk_event_get_args (event), args));
  if (c->preview != NULL)
    g_assert_cmpstr (rk_event_get_preview (event), ==, c->preview);
}

static void
test_append_text (void)
{
  g_autoptr(RkEventLog) log = rk_event_log_new ();
  g_autoptr(GString) long_text = g_string_new ("[\"");
  g_autofree char *text = NULL;
  RkEvent *event;

  rk_event_log_append_text (log, RK_TEST_T0, NULL, "a", "[1,\r\n2]", -1);
  rk_event_log_append_text (log, RK_TEST_T0, NULL, "b", "", 0);
  rk_event_log_append_text (log, RK_TEST_T0, NULL, "c", "[1,", -1);
  rk_event_log_append (log, RK_TEST_T0, NULL, "d", NULL);
  rk_event_log_append_text (log, RK_TEST_T0, NULL, "e", "[1,2]xyz", 5);
  rk_event_log_append_text (log, RK_TEST_T0, NULL, "f\xff", "\"caf\xc3\"", -1);
  /* Three arguments of 300 characters: 80 each in the preview, 200 in all */
  for (guint j = 0; j < 3; j++)
    {
      if (j > 0)
        g_string_append (long_text, ",\"");
      for (guint i = 0; i < 300; i++)
        g_string_append (long_text, "é");
      g_string_append (long_text, "\"");
    }
  g_string_append (long_text, "]");
  rk_event_log_append_text (log, RK_TEST_T0, NULL, "g", long_text->str, long_text->len);
  rk_event_log_flush (log);

  /* Line breaks become spaces, so an export stays one line per event */
  text = rk_event_dup_json_text (rk_test_log_item (log, 0));
  g_assert_cmpstr (text, ==, "[1,  2]");
  g_assert_null (rk_event_get_connection (rk_test_log_item (log, 0)));
  g_clear_pointer (&text, g_free);

  text = rk_event_dup_json_text (rk_test_log_item (log, 1));
  g_assert_cmpstr (text, ==, "[]");
  g_clear_pointer (&text, g_free);

  /* Unreadable text: no args, the raw text as preview */
  event = rk_test_log_item (log, 2);
  g_assert_null (rk_event_get_args (event));
  g_assert_cmpstr (rk_event_get_preview (event), ==, "[1,");

  text = rk_event_dup_json_text (rk_test_log_item (log, 3));
  g_assert_cmpstr (text, ==, "[]");
  g_clear_pointer (&text, g_free);

  text = rk_event_dup_json_text (rk_test_log_item (log, 4));
  g_assert_cmpstr (text, ==, "[1,2]");
  g_clear_pointer (&text, g_free);

  /* Names are kept as valid UTF-8; a payload's bad bytes show as U+FFFD */
  event = rk_test_log_item (log, 5);
  g_assert_cmpstr (rk_event_get_name (event), ==, "f\xef\xbf\xbd");
  g_assert_null (rk_event_get_args (event));
  g_assert_true (g_utf8_validate (rk_event_get_preview (event), -1, NULL));

  /* A long preview is cut to 200 characters */
  event = rk_test_log_item (log, 6);
  g_assert_cmpint (g_utf8_strlen (rk_event_get_preview (event), -1), ==, 200);
  g_assert_true (g_str_has_suffix (rk_event_get_preview (event), "…"));
}

static void
test_large_events (void)
{
  g_autoptr(RkEventLog) log = rk_event_log_new ();
  g_autoptr(GString) big = g_string_new ("[\"");
  g_autoptr(RkEvent) big_event = NULL;
  g_autofree char *text = NULL;

  /* Bigger than an arena chunk: the event gets a chunk of its own */
  for (guint i = 0; i < 3 * 1024 * 1024; i++)
    g_string_append_c (big, 'a' + i % 26);
  g_string_append (big, "needle\"]");

  for (guint i = 0; i < 3; i++)
    {
      rk_test_append_tick (log, i + 1);
      rk_event_log_append_text (log, RK_TEST_T0, NULL, "big", big->str, big->len);
    }
  rk_test_append_tick (log, 4);
  rk_event_log_flush (log);
  g_assert_cmpuint (rk_event_log_get_n_visible (log), ==, 7);

  /* Events this big are not cached: the caller's reference is the only one */
  big_event = g_list_model_get_item (G_LIST_MODEL (log), 3);
  text = rk_event_dup_json_text (big_event);
  g_assert_cmpstr (text, ==, big->str);
  g_clear_object (&big_event);
  big_event = g_list_model_get_item (G_LIST_MODEL (log), 5);
  g_assert_nonnull (rk_event_get_args (big_event));

  rk_event_log_set_filter (log, "NEEDLE", NULL);
  g_assert_cmpuint (rk_event_log_get_n_visible (log), ==, 3);
  rk_event_log_set_filter (log, "tick 4", NULL);
  g_assert_cmpuint (rk_event_log_get_n_visible (log), ==, 1);

  /* Dropping the big ones frees their chunks; what is left stays readable */
  rk_event_log_set_cap (log, 2);
  rk_event_log_set_filter (log, NULL, NULL);
  g_assert_cmpuint (rk_event_log_get_n_visible (log), ==, 2);
  g_clear_pointer (&text, g_free);
  text = rk_event_dup_json_text (rk_test_log_item (log, 1));
  g_assert_cmpstr (text, ==, "[4,\"tick 4\"]");
}

/* Connections */

static void
test_connection (void)
{
  g_autoptr(RkEventLog) log = rk_event_log_new ();
  g_autoptr(RkClient) client = NULL;
  g_autoptr(RkConnection) connection = NULL;
  g_autoptr(RkConnection) other = NULL;
  g_autoptr(JsonNode) args = rk_test_json ("[1,\"x\"]");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 before = g_get_real_time ();
  RkEvent *event;

  /* Never opened: the test emits the signal the socket would */
  client = rk_client_new ("http://127.0.0.1:9", NULL, NULL, &error);
  g_assert_no_error (error);
  connection = rk_client_connect (client, "actor-1", NULL);
  other = rk_client_connect (client, "actor-2", NULL);

  rk_event_log_attach (log, connection, "first");
  g_signal_emit_by_name (connection, "event", "x", args);
  g_assert_cmpuint (rk_event_log_get_n_events (log), ==, 1);
  rk_event_log_flush (log);
  event = rk_test_log_item (log, 0);
  g_assert_cmpstr (rk_event_get_connection (event), ==, "first");
  g_assert_cmpstr (rk_event_get_name (event), ==, "x");
  text = rk_event_dup_json_text (event);
  g_assert_cmpstr (text, ==, "[1,\"x\"]");
  g_assert_cmpint (rk_event_get_time (event), >=, before);
  g_assert_cmpint (rk_event_get_time (event), <=, g_get_real_time ());

  /* Attaching again relabels; NULL is the actor ID */
  rk_event_log_attach (log, connection, NULL);
  g_signal_emit_by_name (connection, "event", "y", args);
  rk_event_log_flush (log);
  g_assert_cmpstr (rk_event_get_connection (rk_test_log_item (log, 1)), ==, "actor-1");

  rk_event_log_detach (log, connection);
  g_signal_emit_by_name (connection, "event", "z", args);
  g_assert_cmpuint (rk_event_log_get_n_events (log), ==, 2);
  rk_event_log_detach (log, connection);

  /* A connection that goes away detaches itself */
  rk_event_log_attach (log, connection, "again");
  rk_event_log_attach (log, other, "other");
  g_clear_object (&connection);
  g_signal_emit_by_name (other, "event", "w", args);
  g_assert_cmpuint (rk_event_log_get_n_events (log), ==, 3);

  /* So does a log that goes away */
  g_clear_object (&log);
  g_signal_emit_by_name (other, "event", "v", args);
}

static void
test_rate (void)
{
  g_autoptr(RkEventLog) log = rk_event_log_new ();
  g_autoptr(RkTestRecorder) recorder = rk_test_recorder_new (log);

  g_assert_cmpfloat (rk_event_log_get_rate (log), ==, 0);
  for (guint i = 1; i <= 50; i++)
    rk_test_append_tick (log, i);

  rk_test_wait_for (rk_event_log_get_rate (log) > 0);
  g_assert_cmpfloat (rk_event_log_get_rate (log), <=, 50 * 2.5);
  g_assert_cmpuint (rk_test_recorder_notifies (recorder, "rate"), >=, 1);

  /* A quiet log goes back to 0 after the window */
  rk_test_wait_for (rk_event_log_get_rate (log) == 0);
}

/* A view that flushes from its frame clock asks what is new, and moves the timer back */
static void
test_unflushed (void)
{
  g_autoptr(RkEventLog) log = rk_event_log_new ();
  g_autoptr(RkTestRecorder) recorder = rk_test_recorder_new (log);

  g_assert_cmpuint (rk_event_log_get_n_unflushed (log), ==, 0);
  for (guint i = 1; i <= 3; i++)
    rk_test_append_tick (log, i);
  g_assert_cmpuint (rk_event_log_get_n_unflushed (log), ==, 3);
  rk_event_log_flush (log);
  g_assert_cmpuint (rk_event_log_get_n_unflushed (log), ==, 0);
  rk_test_assert_changes (recorder, "0,0,3;");

  /* Paused: a flush only counts them as pending */
  rk_event_log_set_paused (log, TRUE);
  rk_test_append_tick (log, 4);
  rk_test_append_tick (log, 5);
  g_assert_cmpuint (rk_event_log_get_n_unflushed (log), ==, 2);
  rk_event_log_flush (log);
  g_assert_cmpuint (rk_event_log_get_n_unflushed (log), ==, 0);
  g_assert_cmpuint (rk_event_log_get_pending (log), ==, 2);
  rk_test_assert_changes (recorder, "");
  rk_event_log_set_paused (log, FALSE);
  rk_test_assert_changes (recorder, "3,0,2;");

  /* Filtered out, an event is still new to the filter's scan */
  rk_event_log_set_filter (log, "tock", NULL);
  rk_test_assert_changes (recorder, "0,5,0;");
  rk_test_append_tick (log, 6);
  g_assert_cmpuint (rk_event_log_get_n_unflushed (log), ==, 1);
  rk_event_log_flush (log);
  g_assert_cmpuint (rk_event_log_get_n_unflushed (log), ==, 0);
  rk_test_assert_changes (recorder, "");

  /* Cleared: nothing left to flush */
  rk_test_append_tick (log, 7);
  rk_event_log_clear (log);
  g_assert_cmpuint (rk_event_log_get_n_unflushed (log), ==, 0);
}

static void
test_flush_interval (void)
{
  g_autoptr(RkEventLog) log = rk_event_log_new ();
  g_autoptr(RkTestRecorder) recorder = rk_test_recorder_new (log);
  guint interval = 0;

  g_assert_cmpuint (rk_event_log_get_flush_interval (log), ==, 16);
  rk_event_log_set_flush_interval (log, 16);
  g_assert_cmpuint (rk_test_recorder_notifies (recorder, "flush-interval"), ==, 0);

  /* A long interval: the main loop runs, and nothing is published */
  g_object_set (log, "flush-interval", 60 * 1000, NULL);
  g_object_get (log, "flush-interval", &interval, NULL);
  g_assert_cmpuint (interval, ==, 60 * 1000);
  g_assert_cmpuint (rk_test_recorder_notifies (recorder, "flush-interval"), ==, 1);
  rk_test_append_tick (log, 1);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (rk_event_log_get_n_visible (log), ==, 0);
  g_assert_cmpuint (rk_event_log_get_n_unflushed (log), ==, 1);

  /* A shorter one reschedules the flush that was due */
  rk_event_log_set_flush_interval (log, 1);
  g_assert_cmpuint (rk_test_recorder_notifies (recorder, "flush-interval"), ==, 2);
  rk_test_wait_for (rk_event_log_get_n_visible (log) == 1);
  rk_test_assert_changes (recorder, "0,0,1;");
  g_assert_cmpuint (rk_event_log_get_n_unflushed (log), ==, 0);

  if (g_test_undefined ())
    {
      g_test_expect_message ("rk-event-log", G_LOG_LEVEL_CRITICAL, "*interval_ms > 0*");
      rk_event_log_set_flush_interval (log, 0);
      g_test_assert_expected_messages ();
      g_assert_cmpuint (rk_event_log_get_flush_interval (log), ==, 1);
    }
}

/* Appends and flushes from a handler of the removal that starts a filter change */
static void
append_in_removal_cb (GListModel *model,
                      guint       position,
                      guint       removed,
                      guint       added,
                      gpointer    user_data)
{
  guint *appended = user_data;

  if (removed > 0 && added == 0 && g_list_model_get_n_items (model) == 0 && *appended == 0)
    {
      rk_test_append_tick (RK_EVENT_LOG (model), 2001);
      rk_event_log_flush (RK_EVENT_LOG (model));
      *appended = 1;
    }
}

/* A filter change over a big view is a removal, then an addition: GTK 4.8 list views would
 * look up every added item if one change removed the rows they track */
static void
test_filter_split (void)
{
  g_autoptr(RkEventLog) log = rk_event_log_new ();
  g_autoptr(RkTestRecorder) recorder = rk_test_recorder_new (log);

  for (guint i = 1; i <= 2000; i++)
    rk_test_append_tick (log, i);
  rk_event_log_flush (log);
  rk_test_assert_changes (recorder, "0,0,2000;");
  rk_test_recorder_reset_notifies (recorder);

  /* The recorder checks that the model is empty between the two */
  rk_event_log_set_filter_text (log, "tick");
  rk_test_assert_changes (recorder, "0,2000,0;0,0,2000;");
  g_assert_cmpuint (rk_test_recorder_notifies (recorder, "n-visible"), ==, 0);

  /* 1, 10-19, 100-199, 1000-1999 */
  rk_event_log_set_filter_text (log, "tick 1");
  rk_test_assert_changes (recorder, "0,2000,0;0,0,1111;");
  g_assert_cmpuint (rk_test_recorder_notifies (recorder, "n-visible"), ==, 1);
  g_assert_cmpint (rk_event_get_time (rk_test_log_item (log, 1110)), ==, RK_TEST_T0 + 1999);

  /* Small changes stay one: 2, 20-29, 200-299, 2000 */
  rk_event_log_set_filter_text (log, "tick 2");
  rk_test_assert_changes (recorder, "0,1111,112;");

  /* From nothing there is nothing to remove */
  rk_event_log_set_filter_text (log, "zzz");
  rk_test_assert_changes (recorder, "0,112,0;");
  rk_event_log_set_filter_text (log, NULL);
  rk_test_assert_changes (recorder, "0,0,2000;");
  g_assert_cmpuint (rk_event_log_get_n_visible (log), ==, 2000);

  /* A flush from within the removal waits for the addition (the recorder checks the counts) */
  {
    guint appended = 0;
    gulong handler = g_signal_connect (log, "items-changed", G_CALLBACK (append_in_removal_cb),
                                       &appended);

    rk_event_log_set_filter_text (log, "tick");
    g_signal_handler_disconnect (log, handler);
    g_assert_cmpuint (appended, ==, 1);
    rk_test_assert_changes (recorder, "0,2000,0;0,0,2000;");
    g_assert_cmpuint (rk_event_log_get_n_unflushed (log), ==, 1);
    rk_test_wait_for (rk_event_log_get_n_visible (log) == 2001);
    rk_test_assert_changes (recorder, "2000,0,1;");
  }
}

static void
test_properties (void)
{
  g_autoptr(RkEventLog) log = rk_event_log_new ();
  g_autofree char *filter_text = NULL;
  guint cap, n_events, n_visible, pending;
  gboolean paused;
  double rate;

  g_object_set (log, "cap", 5, "paused", TRUE, "filter-text", "ti", NULL);
  rk_test_append_tick (log, 1);
  rk_event_log_flush (log);
  g_object_get (log,
                "cap", &cap,
                "paused", &paused,
                "filter-text", &filter_text,
                "n-events", &n_events,
                "n-visible", &n_visible,
                "pending", &pending,
                "rate", &rate,
                NULL);
  g_assert_cmpuint (cap, ==, 5);
  g_assert_true (paused);
  g_assert_cmpstr (filter_text, ==, "ti");
  g_assert_cmpuint (n_events, ==, 1);
  g_assert_cmpuint (n_visible, ==, 0);
  g_assert_cmpuint (pending, ==, 1);
  g_assert_cmpfloat (rate, >=, 0);
}

/* A multi-megabyte payload: the preview is cut from the stored text, without
 * parsing it, so its row binds at once; the arguments still parse on demand. */
static void
test_huge_preview (void)
{
  g_autoptr(GString) text = g_string_new ("[{\"blob\":\"");
  g_autoptr(RkEvent) event = NULL;
  const char *preview;
  JsonNode *args;

  while (text->len < 2 * 1024 * 1024)
    g_string_append (text, "abcdefgh");
  g_string_append (text, "\"}]");
  event = rk_event_new (RK_TEST_T0, NULL, "big", text->str, text->len);

  preview = rk_event_get_preview (event);
  g_assert_true (g_str_has_prefix (preview, "[{\"blob\":\"abcdefgh"));
  g_assert_true (g_str_has_suffix (preview, "…"));
  g_assert_cmpint (g_utf8_strlen (preview, -1), ==, 200);

  args = rk_event_get_args (event);
  g_assert_nonnull (args);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (args));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rk/event-log/append-flush", test_append_flush);
  g_test_add_func ("/rk/event-log/coalesce", test_coalesce);
  g_test_add_func ("/rk/event-log/cap", test_cap);
  g_test_add_func ("/rk/event-log/cap-at-scale", test_cap_at_scale);
  g_test_add_func ("/rk/event-log/clear", test_clear);
  g_test_add_func ("/rk/event-log/names", test_names);
  g_test_add_func ("/rk/event-log/many-names", test_many_names);
  for (guint i = 0; i < G_N_ELEMENTS (args_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/rk/event-log/args/%s", args_cases[i].name);
      g_test_add_data_func (path, &args_cases[i], test_args);
    }
  g_test_add_func ("/rk/event-log/append-text", test_append_text);
  g_test_add_func ("/rk/event-log/large-events", test_large_events);
  g_test_add_func ("/rk/event-log/connection", test_connection);
  g_test_add_func ("/rk/event-log/rate", test_rate);
  g_test_add_func ("/rk/event-log/properties", test_properties);
  g_test_add_func ("/rk/event-log/unflushed", test_unflushed);
  g_test_add_func ("/rk/event-log/flush-interval", test_flush_interval);
  g_test_add_func ("/rk/event-log/filter-split", test_filter_split);
  g_test_add_func ("/rk/event-log/huge-preview", test_huge_preview);

  return g_test_run ();
}
