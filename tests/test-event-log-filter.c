/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-event-log-filter.c: RkEventLog filtered and paused */

#define G_LOG_DOMAIN "test-event-log"

#include "config.h"

#include <string.h>

#include "rk-event-log.h"
#include "rk-event.h"
#include "rk-test-event-log.h"
#include "rk-test-util.h"

typedef struct
{
  const char *name;
  const char *args;
} EventSpec;

static const EventSpec filter_events[] = {
  { "tick", "[1,\"alpha\"]" },
  { "tock", "[2,\"Beta\"]" },
  { "Alert", "[3,\"gamma\"]" },
  { "tick", "[4,\"ALPHA beta\"]" },
  { "tock", "[5,{\"k\":\"Alert\"}]" },
};

static void
append_specs (RkEventLog      *log,
              const EventSpec *specs,
              guint            n_specs)
{
  for (guint i = 0; i < n_specs; i++)
    rk_event_log_append_text (log, RK_TEST_T0 + i, "conn", specs[i].name, specs[i].args, -1);
}

static void
test_filter (void)
{
  g_autoptr(RkEventLog) log = rk_event_log_new ();
  g_autoptr(RkTestRecorder) recorder = rk_test_recorder_new (log);
  const char *tick_tock[] = { "tick", "tock", NULL };
  const char *tock[] = { "tock", NULL };
  const char *nothing[] = { "nothing", NULL };
  const char *none[] = { NULL };
  g_auto(GStrv) names = NULL;
  g_autofree char *text = NULL;

  append_specs (log, filter_events, G_N_ELEMENTS (filter_events));
  rk_event_log_flush (log);
  rk_test_assert_changes (recorder, "0,0,5;");
  rk_test_recorder_reset_notifies (recorder);

  /* The name or the payload, any case */
  rk_event_log_set_filter (log, "alert", NULL);
  rk_test_assert_changes (recorder, "0,5,2;");
  rk_test_assert_shown (log, "3,5");
  g_assert_cmpstr (rk_event_log_get_filter_text (log), ==, "alert");
  g_assert_cmpuint (rk_test_recorder_notifies (recorder, "filter-text"), ==, 1);
  g_assert_cmpuint (rk_test_recorder_notifies (recorder, "filter-names"), ==, 0);
  g_assert_cmpuint (rk_test_recorder_notifies (recorder, "n-visible"), ==, 1);
  g_assert_cmpuint (rk_event_log_get_n_events (log), ==, 5);

  rk_event_log_set_filter (log, "alpha", NULL);
  rk_test_assert_changes (recorder, "0,2,2;");
  rk_test_assert_shown (log, "1,4");

  /* Text and names together */
  rk_event_log_set_filter (log, "BETA", tock);
  rk_test_assert_changes (recorder, "0,2,1;");
  rk_test_assert_shown (log, "2");
  g_assert_cmpstrv (rk_event_log_get_filter_names (log), tock);

  rk_event_log_set_filter (log, NULL, tick_tock);
  rk_test_assert_changes (recorder, "0,1,4;");
  rk_test_assert_shown (log, "1,2,4,5");

  rk_event_log_set_filter (log, NULL, nothing);
  rk_test_assert_changes (recorder, "0,4,0;");

  /* No names allowed: nothing, and nothing changes */
  rk_event_log_set_filter (log, NULL, none);
  rk_test_assert_changes (recorder, "");
  g_assert_cmpuint (rk_event_log_get_n_visible (log), ==, 0);

  /* "" is no filter */
  rk_event_log_set_filter (log, "", NULL);
  rk_test_assert_changes (recorder, "0,0,5;");
  g_assert_null (rk_event_log_get_filter_text (log));
  g_assert_null (rk_event_log_get_filter_names (log));

  rk_event_log_set_filter (log, "zzz", NULL);
  rk_test_assert_changes (recorder, "0,5,0;");
  rk_test_recorder_reset_notifies (recorder);
  rk_event_log_set_filter (log, "zzz", NULL);
  rk_test_assert_changes (recorder, "");
  g_assert_cmpuint (g_hash_table_size (recorder->notifies), ==, 0);

  /* A match never spans two events: the arena holds [1,"alpha"][2,"Beta"]… */
  rk_event_log_set_filter (log, "][", NULL);
  rk_test_assert_changes (recorder, "");

  /* New appends join the filtered view if they match */
  rk_event_log_set_filter (log, "gamma", NULL);
  rk_test_assert_changes (recorder, "0,0,1;");
  rk_event_log_append_text (log, RK_TEST_T0 + 5, "conn", "tick", "[6,\"GAMMA ray\"]", -1);
  rk_event_log_append_text (log, RK_TEST_T0 + 6, "conn", "tick", "[7,\"x\"]", -1);
  rk_event_log_flush (log);
  rk_test_assert_changes (recorder, "1,0,1;");
  rk_test_assert_shown (log, "3,6");

  /* The properties, as a .ui binds them */
  rk_test_recorder_reset_notifies (recorder);
  g_object_set (log, "filter-names", tock, NULL);
  rk_test_assert_changes (recorder, "0,2,0;");
  g_object_set (log, "filter-text", NULL, NULL);
  rk_test_assert_changes (recorder, "0,0,2;");
  rk_test_assert_shown (log, "2,5");
  g_object_get (log, "filter-names", &names, "filter-text", &text, NULL);
  g_assert_cmpstrv (names, tock);
  g_assert_null (text);
  g_assert_cmpuint (rk_test_recorder_notifies (recorder, "filter-names"), ==, 1);
  g_assert_cmpuint (rk_test_recorder_notifies (recorder, "filter-text"), ==, 1);
}

/* The search against a plain reference: lowered ASCII, strstr, on random text */
static void
test_filter_search (void)
{
  static const char alphabet[] = "aAbBcC xyz[]{}:,é\xc3\xa9";
  g_autoptr(RkEventLog) log = rk_event_log_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < 400; i++)
    {
      guint length = g_rand_int_range (rand, 0, 24);
      GString *text = g_string_new ("[\"");

      for (guint j = 0; j < length; j++)
        g_string_append_c (text, alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)]);
      g_string_append (text, "\"]");
      rk_event_log_append_text (log, RK_TEST_T0 + i, NULL, "n", text->str, -1);
      g_ptr_array_add (texts, g_ascii_strdown (text->str, -1));
      g_string_free (text, TRUE);
    }
  rk_event_log_flush (log);

  for (guint k = 0; k < 300; k++)
    {
      guint length = g_rand_int_range (rand, 1, 5);
      g_autofree char *needle = g_malloc0 (length + 1);
      g_autofree char *lowered = NULL;
      guint expected = 0;
      guint position = 0;

      for (guint j = 0; j < length; j++)
        needle[j] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
      /* No half characters: they would never match valid text anyway */
      if (!g_utf8_validate (needle, -1, NULL))
        continue;
      lowered = g_ascii_strdown (needle, -1);

      rk_event_log_set_filter (log, needle, NULL);
      for (guint i = 0; i < texts->len; i++)
        {
          if (strstr (g_ptr_array_index (texts, i), lowered) == NULL &&
              strstr ("n", lowered) == NULL)
            continue;

          {
            g_autofree char *got = rk_event_dup_json_text (rk_test_log_item (log, position));
            g_autofree char *got_lowered = g_ascii_strdown (got, -1);

            g_assert_cmpstr (got_lowered, ==, g_ptr_array_index (texts, i));
          }
          expected++;
          position++;
        }
      g_assert_cmpuint (rk_event_log_get_n_visible (log), ==, expected);
    }
}

static void
test_pause (void)
{
  g_autoptr(RkEventLog) log = rk_event_log_new ();
  g_autoptr(RkTestRecorder) recorder = rk_test_recorder_new (log);

  for (guint i = 1; i <= 3; i++)
    rk_test_append_tick (log, i);
  rk_event_log_flush (log);
  rk_test_assert_changes (recorder, "0,0,3;");
  rk_test_recorder_reset_notifies (recorder);

  rk_event_log_set_paused (log, TRUE);
  g_assert_true (rk_event_log_get_paused (log));
  g_assert_cmpuint (rk_test_recorder_notifies (recorder, "paused"), ==, 1);

  /* Recorded, counted, not shown */
  rk_test_append_tick (log, 4);
  rk_test_append_tick (log, 5);
  rk_event_log_flush (log);
  rk_test_assert_changes (recorder, "");
  g_assert_cmpuint (rk_event_log_get_pending (log), ==, 2);
  g_assert_cmpuint (rk_event_log_get_n_events (log), ==, 5);
  g_assert_cmpuint (rk_test_recorder_notifies (recorder, "pending"), ==, 1);
  g_assert_cmpuint (rk_test_recorder_notifies (recorder, "n-events"), ==, 1);

  rk_test_append_tick (log, 6);
  rk_test_wait_for (rk_event_log_get_n_events (log) == 6 &&
                    rk_test_recorder_notifies (recorder, "n-events") == 2);
  rk_test_assert_changes (recorder, "");
  g_assert_cmpuint (rk_test_recorder_notifies (recorder, "pending"), ==, 2);

  /* Unpausing shows them in one change */
  rk_event_log_set_paused (log, FALSE);
  rk_test_assert_changes (recorder, "3,0,3;");
  g_assert_cmpuint (rk_event_log_get_pending (log), ==, 0);
  g_assert_cmpuint (rk_test_recorder_notifies (recorder, "pending"), ==, 3);
  rk_test_assert_shown (log, "1,2,3,4,5,6");

  /* A filter set while paused keeps the view's extent: only the matches it showed */
  rk_event_log_set_paused (log, TRUE);
  rk_event_log_append_text (log, RK_TEST_T0 + 7, "conn", "tick", "[7,\"keep\"]", -1);
  rk_event_log_append_text (log, RK_TEST_T0 + 8, "conn", "tick", "[8,\"drop\"]", -1);
  rk_event_log_flush (log);
  g_assert_cmpuint (rk_event_log_get_pending (log), ==, 2);
  rk_event_log_set_filter (log, "keep", NULL);
  rk_test_assert_changes (recorder, "0,6,0;");
  g_assert_cmpuint (rk_event_log_get_pending (log), ==, 1);
  rk_event_log_set_paused (log, FALSE);
  rk_test_assert_changes (recorder, "0,0,1;");
  rk_test_assert_shown (log, "7");

  /* The cap still drops shown events from a paused view */
  rk_event_log_set_filter (log, NULL, NULL);
  rk_test_assert_changes (recorder, "0,1,8;");
  rk_event_log_set_cap (log, 8);
  rk_test_assert_changes (recorder, "");
  g_object_set (log, "paused", TRUE, NULL);
  rk_test_append_tick (log, 9);
  rk_test_assert_changes (recorder, "0,1,0;");
  rk_event_log_flush (log);
  rk_test_assert_changes (recorder, "");
  g_assert_cmpuint (rk_event_log_get_pending (log), ==, 1);
  g_object_set (log, "paused", FALSE, NULL);
  rk_test_assert_changes (recorder, "7,0,1;");
  rk_test_assert_shown (log, "2,3,4,5,6,7,8,9");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rk/event-log/filter", test_filter);
  g_test_add_func ("/rk/event-log/filter-search", test_filter_search);
  g_test_add_func ("/rk/event-log/pause", test_pause);

  return g_test_run ();
}
