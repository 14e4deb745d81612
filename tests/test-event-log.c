/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-event-log.c: RkEventLog, the capped and filterable list model of events */

#define G_LOG_DOMAIN "test-event-log"

#include "config.h"

#include <string.h>

#include "rk-client.h"
#include "rk-compat.h"
#include "rk-connection.h"
#include "rk-event-log.h"
#include "rk-event.h"
#include "rk-test-util.h"

/* 2024-05-01T12:00:00Z */
#define T0 G_GINT64_CONSTANT (1714564800000000)

/* Records items-changed as "position,removed,added;" and counts notifies */

typedef struct
{
  GListModel *model;
  GString *changes;
  GHashTable *notifies;
  guint n_items;
} Recorder;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Recorder   *recorder)
{
  g_string_append_printf (recorder->changes, "%u,%u,%u;", position, removed, added);

  /* Every change must describe the model exactly: same count, and the new items are there */
  g_assert_cmpuint (position + removed, <=, recorder->n_items);
  recorder->n_items = recorder->n_items - removed + added;
  g_assert_cmpuint (recorder->n_items, ==, g_list_model_get_n_items (model));
  if (added > 0)
    {
      g_autoptr(GObject) last = g_list_model_get_item (model, position + added - 1);

      g_assert_nonnull (last);
    }
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           Recorder   *recorder)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (recorder->notifies, pspec->name));

  g_hash_table_insert (recorder->notifies, (gpointer)pspec->name, GUINT_TO_POINTER (count + 1));
}

static Recorder *
recorder_new (gpointer model)
{
  Recorder *recorder = g_new0 (Recorder, 1);

  recorder->model = g_object_ref (model);
  recorder->changes = g_string_new (NULL);
  recorder->notifies = g_hash_table_new (g_str_hash, g_str_equal);
  recorder->n_items = g_list_model_get_n_items (model);
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), recorder);
  g_signal_connect (model, "notify", G_CALLBACK (notify_cb), recorder);

  return recorder;
}

static void
recorder_free (Recorder *recorder)
{
  g_signal_handlers_disconnect_by_data (recorder->model, recorder);
  g_object_unref (recorder->model);
  g_string_free (recorder->changes, TRUE);
  g_hash_table_unref (recorder->notifies);
  g_free (recorder);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Recorder, recorder_free)

static guint
notifies (Recorder   *recorder,
          const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (recorder->notifies, name));
}

/* Asserts the changes since the last call, then forgets them and the notifies. */
#define assert_changes(recorder, expected) \
  G_STMT_START { \
    g_assert_cmpstr ((recorder)->changes->str, ==, (expected)); \
    g_string_truncate ((recorder)->changes, 0); \
  } G_STMT_END

static void
recorder_reset_notifies (Recorder *recorder)
{
  g_hash_table_remove_all (recorder->notifies);
}

/* Helpers */

static void
append_tick (RkEventLog *log,
             guint       i)
{
  g_autofree char *args = g_strdup_printf ("[%u,\"tick %u\"]", i, i);

  rk_event_log_append_text (log, T0 + i, "conn", "tick", args, -1);
}

static RkEvent *
item (RkEventLog *log,
      guint       position)
{
  RkEvent *event = g_list_model_get_item (G_LIST_MODEL (log), position);

  g_assert_nonnull (event);
  /* The caller gets a borrowed pointer; the log's item cache keeps it alive */
  g_object_unref (event);
  return event;
}

/* The first element of each shown event's args, joined: "1,2,3" */
static char *
shown_numbers (RkEventLog *log)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      g_autoptr(RkEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);
      JsonNode *args = rk_event_get_args (event);

      g_assert_nonnull (args);
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_printf (out, "%" G_GINT64_FORMAT,
                              json_array_get_int_element (json_node_get_array (args), 0));
    }

  return g_string_free (out, FALSE);
}

#define assert_shown(log, expected) \
  G_STMT_START { \
    g_autofree char *_shown = shown_numbers (log); \
    g_assert_cmpstr (_shown, ==, (expected)); \
  } G_STMT_END

/* Tests */

static void
test_append_flush (void)
{
  g_autoptr(RkEventLog) log = rk_event_log_new ();
  g_autoptr(Recorder) recorder = recorder_new (log);
  g_autoptr(RkEvent) first = NULL;
  g_autoptr(RkEvent) again = NULL;

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (log)) == RK_TYPE_EVENT);
  g_assert_cmpuint (rk_event_log_get_cap (log), ==, RK_EVENT_LOG_DEFAULT_CAP);

  for (guint i = 1; i <= 3; i++)
    append_tick (log, i);

  /* Recorded at once, shown at the flush */
  assert_changes (recorder, "");
  g_assert_cmpuint (rk_event_log_get_n_events (log), ==, 3);
  g_assert_cmpuint (rk_event_log_get_n_visible (log), ==, 0);
  g_assert_cmpuint (rk_event_log_get_pending (log), ==, 3);
  g_assert_cmpuint (notifies (recorder, "n-events"), ==, 0);

  rk_event_log_flush (log);
  assert_changes (recorder, "0,0,3;");
  g_assert_cmpuint (rk_event_log_get_n_visible (log), ==, 3);
  g_assert_cmpuint (rk_event_log_get_pending (log), ==, 0);
  g_assert_cmpuint (notifies (recorder, "n-events"), ==, 1);
  g_assert_cmpuint (notifies (recorder, "n-visible"), ==, 1);
  g_assert_cmpuint (notifies (recorder, "pending"), ==, 0);
  recorder_reset_notifies (recorder);

  /* A flush with nothing new changes nothing */
  rk_event_log_flush (log);
  assert_changes (recorder, "");
  g_assert_cmpuint (g_hash_table_size (recorder->notifies), ==, 0);

  append_tick (log, 4);
  append_tick (log, 5);
  rk_event_log_flush (log);
  assert_changes (recorder, "3,0,2;");

  first = g_list_model_get_item (G_LIST_MODEL (log), 0);
  g_assert_cmpint (rk_event_get_time (first), ==, T0 + 1);
  g_assert_cmpstr (rk_event_get_name (first), ==, "tick");
  g_assert_cmpstr (rk_event_get_connection (first), ==, "conn");
  g_assert_cmpstr (rk_event_get_preview (first), ==, "1, \"tick 1\"");
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (log), 5));

  /* Recently fetched items keep their identity */
  again = g_list_model_get_item (G_LIST_MODEL (log), 0);
  g_assert_true (first == again);

  assert_shown (log, "1,2,3,4,5");
}

static void
test_coalesce (void)
{
  g_autoptr(RkEventLog) log = rk_event_log_new ();
  g_autoptr(Recorder) recorder = recorder_new (log);

  for (guint i = 1; i <= 1000; i++)
    append_tick (log, i);

  /* The main loop publishes the burst in one change */
  assert_changes (recorder, "");
  rk_test_wait_for (rk_event_log_get_n_visible (log) == 1000);
  assert_changes (recorder, "0,0,1000;");
  g_assert_cmpuint (notifies (recorder, "n-events"), ==, 1);
  g_assert_cmpuint (notifies (recorder, "n-visible"), ==, 1);

  append_tick (log, 1001);
  rk_test_wait_for (rk_event_log_get_n_visible (log) == 1001);
  assert_changes (recorder, "1000,0,1;");
}

static void
test_cap (void)
{
  g_autoptr(RkEventLog) log = rk_event_log_new ();
  g_autoptr(Recorder) recorder = recorder_new (log);
  g_autoptr(GString) expected = g_string_new (NULL);

  rk_event_log_set_cap (log, 128);
  g_assert_cmpuint (notifies (recorder, "cap"), ==, 1);
  rk_event_log_set_cap (log, 128);
  g_assert_cmpuint (notifies (recorder, "cap"), ==, 1);

  for (guint i = 1; i <= 128; i++)
    append_tick (log, i);
  rk_event_log_flush (log);
  assert_changes (recorder, "0,0,128;");
  g_assert_cmpuint (rk_event_log_get_n_events (log), ==, 128);

  /* One more drops a block of cap / 64 = 2 at once, shown at once */
  append_tick (log, 129);
  assert_changes (recorder, "0,2,0;");
  g_assert_cmpuint (rk_event_log_get_n_events (log), ==, 127);
  g_assert_cmpuint (rk_event_log_get_n_visible (log), ==, 126);
  append_tick (log, 130);
  assert_changes (recorder, "");
  rk_event_log_flush (log);
  assert_changes (recorder, "126,0,2;");
  g_assert_cmpuint (rk_event_log_get_n_events (log), ==, 128);
  g_assert_cmpint (rk_event_get_time (item (log, 0)), ==, T0 + 3);

  /* A lower cap drops the surplus exactly */
  recorder_reset_notifies (recorder);
  rk_event_log_set_cap (log, 100);
  assert_changes (recorder, "0,28,0;");
  g_assert_cmpuint (notifies (recorder, "cap"), ==, 1);
  g_assert_cmpuint (notifies (recorder, "n-events"), ==, 1);
  g_assert_cmpuint (notifies (recorder, "n-visible"), ==, 1);
  g_assert_cmpuint (rk_event_log_get_n_events (log), ==, 100);
  g_assert_cmpint (rk_event_get_time (item (log, 0)), ==, T0 + 31);

  /* A burst past the cap before a flush: the shown events leave one by one (block 1), then
   * unshown ones leave without a change, and the flush adds the survivors. */
  for (guint i = 131; i <= 280; i++)
    append_tick (log, i);
  for (guint i = 0; i < 100; i++)
    g_string_append (expected, "0,1,0;");
  assert_changes (recorder, expected->str);
  g_assert_cmpuint (rk_event_log_get_n_events (log), ==, 100);
  g_assert_cmpuint (rk_event_log_get_n_visible (log), ==, 0);
  rk_event_log_flush (log);
  assert_changes (recorder, "0,0,100;");
  g_assert_cmpint (rk_event_get_time (item (log, 0)), ==, T0 + 181);
  g_assert_cmpint (rk_event_get_time (item (log, 99)), ==, T0 + 280);

  /* A larger cap drops in larger blocks */
  rk_event_log_set_cap (log, 6400);
  for (guint i = 281; i <= 6580; i++)
    append_tick (log, i);
  rk_event_log_flush (log);
  assert_changes (recorder, "100,0,6300;");
  append_tick (log, 6581);
  assert_changes (recorder, "0,100,0;");
  g_assert_cmpuint (rk_event_log_get_n_events (log), ==, 6301);
  rk_event_log_flush (log);
  assert_changes (recorder, "6300,0,1;");
  g_assert_cmpint (rk_event_get_time (item (log, 0)), ==, T0 + 281);
}

static void
test_cap_at_scale (void)
{
  g_autoptr(RkEventLog) log = rk_event_log_new ();
  g_autoptr(Recorder) recorder = NULL;
  const guint cap = 100000;
  const guint total = 250000;
  char args[64];
  guint n;

  rk_event_log_set_cap (log, cap);
  recorder = recorder_new (log);

  for (guint i = 1; i <= total; i++)
    {
      g_snprintf (args, sizeof args, "[%u]", i);
      rk_event_log_append_text (log, T0 + i, NULL, "tick", args, -1);
      if (i % 997 == 0)
        g_assert_cmpuint (rk_event_log_get_n_events (log), <=, cap);
    }

  /* Nothing was shown yet, so trimming changed nothing in the view */
  assert_changes (recorder, "");
  n = rk_event_log_get_n_events (log);
  g_assert_cmpuint (n, <=, cap);
  g_assert_cmpuint (n, >, cap - cap / 64);

  rk_event_log_flush (log);
  g_assert_cmpuint (rk_event_log_get_n_visible (log), ==, n);
  g_assert_cmpint (rk_event_get_time (item (log, 0)), ==, T0 + total - n + 1);
  g_assert_cmpint (rk_event_get_time (item (log, n - 1)), ==, T0 + total);
  {
    g_autofree char *text = rk_event_dup_json_text (item (log, n / 2));
    g_autofree char *expected = g_strdup_printf ("[%u]", total - n + 1 + n / 2);

    g_assert_cmpstr (text, ==, expected);
  }
}

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
    rk_event_log_append_text (log, T0 + i, "conn", specs[i].name, specs[i].args, -1);
}

static void
test_filter (void)
{
  g_autoptr(RkEventLog) log = rk_event_log_new ();
  g_autoptr(Recorder) recorder = recorder_new (log);
  const char *tick_tock[] = { "tick", "tock", NULL };
  const char *tock[] = { "tock", NULL };
  const char *nothing[] = { "nothing", NULL };
  const char *none[] = { NULL };
  g_auto(GStrv) names = NULL;
  g_autofree char *text = NULL;

  append_specs (log, filter_events, G_N_ELEMENTS (filter_events));
  rk_event_log_flush (log);
  assert_changes (recorder, "0,0,5;");
  recorder_reset_notifies (recorder);

  /* The name or the payload, any case */
  rk_event_log_set_filter (log, "alert", NULL);
  assert_changes (recorder, "0,5,2;");
  assert_shown (log, "3,5");
  g_assert_cmpstr (rk_event_log_get_filter_text (log), ==, "alert");
  g_assert_cmpuint (notifies (recorder, "filter-text"), ==, 1);
  g_assert_cmpuint (notifies (recorder, "filter-names"), ==, 0);
  g_assert_cmpuint (notifies (recorder, "n-visible"), ==, 1);
  g_assert_cmpuint (rk_event_log_get_n_events (log), ==, 5);

  rk_event_log_set_filter (log, "alpha", NULL);
  assert_changes (recorder, "0,2,2;");
  assert_shown (log, "1,4");

  /* Text and names together */
  rk_event_log_set_filter (log, "BETA", tock);
  assert_changes (recorder, "0,2,1;");
  assert_shown (log, "2");
  g_assert_cmpstrv (rk_event_log_get_filter_names (log), tock);

  rk_event_log_set_filter (log, NULL, tick_tock);
  assert_changes (recorder, "0,1,4;");
  assert_shown (log, "1,2,4,5");

  rk_event_log_set_filter (log, NULL, nothing);
  assert_changes (recorder, "0,4,0;");

  /* No names allowed: nothing, and nothing changes */
  rk_event_log_set_filter (log, NULL, none);
  assert_changes (recorder, "");
  g_assert_cmpuint (rk_event_log_get_n_visible (log), ==, 0);

  /* "" is no filter */
  rk_event_log_set_filter (log, "", NULL);
  assert_changes (recorder, "0,0,5;");
  g_assert_null (rk_event_log_get_filter_text (log));
  g_assert_null (rk_event_log_get_filter_names (log));

  rk_event_log_set_filter (log, "zzz", NULL);
  assert_changes (recorder, "0,5,0;");
  recorder_reset_notifies (recorder);
  rk_event_log_set_filter (log, "zzz", NULL);
  assert_changes (recorder, "");
  g_assert_cmpuint (g_hash_table_size (recorder->notifies), ==, 0);

  /* A match never spans two events: the arena holds [1,"alpha"][2,"Beta"]… */
  rk_event_log_set_filter (log, "][", NULL);
  assert_changes (recorder, "");

  /* New appends join the filtered view if they match */
  rk_event_log_set_filter (log, "gamma", NULL);
  assert_changes (recorder, "0,0,1;");
  rk_event_log_append_text (log, T0 + 5, "conn", "tick", "[6,\"GAMMA ray\"]", -1);
  rk_event_log_append_text (log, T0 + 6, "conn", "tick", "[7,\"x\"]", -1);
  rk_event_log_flush (log);
  assert_changes (recorder, "1,0,1;");
  assert_shown (log, "3,6");

  /* The properties, as a .ui binds them */
  recorder_reset_notifies (recorder);
  g_object_set (log, "filter-names", tock, NULL);
  assert_changes (recorder, "0,2,0;");
  g_object_set (log, "filter-text", NULL, NULL);
  assert_changes (recorder, "0,0,2;");
  assert_shown (log, "2,5");
  g_object_get (log, "filter-names", &names, "filter-text", &text, NULL);
  g_assert_cmpstrv (names, tock);
  g_assert_null (text);
  g_assert_cmpuint (notifies (recorder, "filter-names"), ==, 1);
  g_assert_cmpuint (notifies (recorder, "filter-text"), ==, 1);
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
      rk_event_log_append_text (log, T0 + i, NULL, "n", text->str, -1);
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
            g_autofree char *got = rk_event_dup_json_text (item (log, position));
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
  g_autoptr(Recorder) recorder = recorder_new (log);

  for (guint i = 1; i <= 3; i++)
    append_tick (log, i);
  rk_event_log_flush (log);
  assert_changes (recorder, "0,0,3;");
  recorder_reset_notifies (recorder);

  rk_event_log_set_paused (log, TRUE);
  g_assert_true (rk_event_log_get_paused (log));
  g_assert_cmpuint (notifies (recorder, "paused"), ==, 1);

  /* Recorded, counted, not shown */
  append_tick (log, 4);
  append_tick (log, 5);
  rk_event_log_flush (log);
  assert_changes (recorder, "");
  g_assert_cmpuint (rk_event_log_get_pending (log), ==, 2);
  g_assert_cmpuint (rk_event_log_get_n_events (log), ==, 5);
  g_assert_cmpuint (notifies (recorder, "pending"), ==, 1);
  g_assert_cmpuint (notifies (recorder, "n-events"), ==, 1);

  append_tick (log, 6);
  rk_test_wait_for (rk_event_log_get_n_events (log) == 6 && notifies (recorder, "n-events") == 2);
  assert_changes (recorder, "");
  g_assert_cmpuint (notifies (recorder, "pending"), ==, 2);

  /* Unpausing shows them in one change */
  rk_event_log_set_paused (log, FALSE);
  assert_changes (recorder, "3,0,3;");
  g_assert_cmpuint (rk_event_log_get_pending (log), ==, 0);
  g_assert_cmpuint (notifies (recorder, "pending"), ==, 3);
  assert_shown (log, "1,2,3,4,5,6");

  /* A filter set while paused keeps the view's extent: only the matches it showed */
  rk_event_log_set_paused (log, TRUE);
  rk_event_log_append_text (log, T0 + 7, "conn", "tick", "[7,\"keep\"]", -1);
  rk_event_log_append_text (log, T0 + 8, "conn", "tick", "[8,\"drop\"]", -1);
  rk_event_log_flush (log);
  g_assert_cmpuint (rk_event_log_get_pending (log), ==, 2);
  rk_event_log_set_filter (log, "keep", NULL);
  assert_changes (recorder, "0,6,0;");
  g_assert_cmpuint (rk_event_log_get_pending (log), ==, 1);
  rk_event_log_set_paused (log, FALSE);
  assert_changes (recorder, "0,0,1;");
  assert_shown (log, "7");

  /* The cap still drops shown events from a paused view */
  rk_event_log_set_filter (log, NULL, NULL);
  assert_changes (recorder, "0,1,8;");
  rk_event_log_set_cap (log, 8);
  assert_changes (recorder, "");
  g_object_set (log, "paused", TRUE, NULL);
  append_tick (log, 9);
  assert_changes (recorder, "0,1,0;");
  rk_event_log_flush (log);
  assert_changes (recorder, "");
  g_assert_cmpuint (rk_event_log_get_pending (log), ==, 1);
  g_object_set (log, "paused", FALSE, NULL);
  assert_changes (recorder, "7,0,1;");
  assert_shown (log, "2,3,4,5,6,7,8,9");
}

static void
test_clear (void)
{
  g_autoptr(RkEventLog) log = rk_event_log_new ();
  g_autoptr(Recorder) recorder = recorder_new (log);
  const char * const *names;

  for (guint i = 1; i <= 3; i++)
    append_tick (log, i);
  rk_event_log_flush (log);
  assert_changes (recorder, "0,0,3;");
  rk_event_log_set_paused (log, TRUE);
  rk_event_log_append_text (log, T0, "conn", "tock", "[4]", -1);
  recorder_reset_notifies (recorder);

  rk_event_log_clear (log);
  assert_changes (recorder, "0,3,0;");
  g_assert_cmpuint (rk_event_log_get_n_events (log), ==, 0);
  g_assert_cmpuint (rk_event_log_get_n_visible (log), ==, 0);
  g_assert_cmpuint (rk_event_log_get_pending (log), ==, 0);
  g_assert_cmpuint (notifies (recorder, "n-events"), ==, 1);
  g_assert_cmpuint (notifies (recorder, "n-visible"), ==, 1);
  names = rk_event_log_get_names (log);
  g_assert_nonnull (names);
  g_assert_null (names[0]);

  rk_event_log_set_paused (log, FALSE);
  assert_changes (recorder, "");

  /* Clearing an empty log changes nothing */
  rk_event_log_clear (log);
  assert_changes (recorder, "");

  append_tick (log, 10);
  rk_event_log_flush (log);
  assert_changes (recorder, "0,0,1;");
  assert_shown (log, "10");
  g_assert_cmpstr (rk_event_get_connection (item (log, 0)), ==, "conn");

  /* With a filter */
  rk_event_log_set_filter (log, "tick", NULL);
  assert_changes (recorder, "0,1,1;");
  rk_event_log_clear (log);
  assert_changes (recorder, "0,1,0;");
  append_tick (log, 11);
  rk_event_log_append_text (log, T0, "conn", "tock", "[12]", -1);
  rk_event_log_flush (log);
  assert_changes (recorder, "0,0,1;");
  assert_shown (log, "11");
}

static void
test_names (void)
{
  g_autoptr(RkEventLog) log = rk_event_log_new ();
  const char *expected[] = { "Alert", "tick", "tock", NULL };
  const char *more[] = { "Alert", "tick", "tock", "zebra", NULL };

  rk_event_log_append_text (log, T0, NULL, "tock", "[]", -1);
  rk_event_log_append_text (log, T0, NULL, "tick", "[]", -1);
  rk_event_log_append_text (log, T0, NULL, "tock", "[]", -1);
  rk_event_log_append_text (log, T0, NULL, "Alert", "[]", -1);
  g_assert_cmpstrv (rk_event_log_get_names (log), expected);
  g_assert_cmpstrv (rk_event_log_get_names (log), expected);

  rk_event_log_append_text (log, T0, NULL, "zebra", "[]", -1);
  g_assert_cmpstrv (rk_event_log_get_names (log), more);
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
  rk_event_log_append (log, T0, "conn", "ev", args);
  rk_event_log_flush (log);
  event = item (log, 0);

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

  rk_event_log_append_text (log, T0, NULL, "a", "[1,\r\n2]", -1);
  rk_event_log_append_text (log, T0, NULL, "b", "", 0);
  rk_event_log_append_text (log, T0, NULL, "c", "[1,", -1);
  rk_event_log_append (log, T0, NULL, "d", NULL);
  rk_event_log_append_text (log, T0, NULL, "e", "[1,2]xyz", 5);
  rk_event_log_append_text (log, T0, NULL, "f\xff", "\"caf\xc3\"", -1);
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
  rk_event_log_append_text (log, T0, NULL, "g", long_text->str, long_text->len);
  rk_event_log_flush (log);

  /* Line breaks become spaces, so an export stays one line per event */
  text = rk_event_dup_json_text (item (log, 0));
  g_assert_cmpstr (text, ==, "[1,  2]");
  g_assert_null (rk_event_get_connection (item (log, 0)));
  g_clear_pointer (&text, g_free);

  text = rk_event_dup_json_text (item (log, 1));
  g_assert_cmpstr (text, ==, "[]");
  g_clear_pointer (&text, g_free);

  /* Unreadable text: no args, the raw text as preview */
  event = item (log, 2);
  g_assert_null (rk_event_get_args (event));
  g_assert_cmpstr (rk_event_get_preview (event), ==, "[1,");

  text = rk_event_dup_json_text (item (log, 3));
  g_assert_cmpstr (text, ==, "[]");
  g_clear_pointer (&text, g_free);

  text = rk_event_dup_json_text (item (log, 4));
  g_assert_cmpstr (text, ==, "[1,2]");
  g_clear_pointer (&text, g_free);

  /* Names are kept as valid UTF-8; a payload's bad bytes show as U+FFFD */
  event = item (log, 5);
  g_assert_cmpstr (rk_event_get_name (event), ==, "f\xef\xbf\xbd");
  g_assert_null (rk_event_get_args (event));
  g_assert_true (g_utf8_validate (rk_event_get_preview (event), -1, NULL));

  /* A long preview is cut to 200 characters */
  event = item (log, 6);
  g_assert_cmpint (g_utf8_strlen (rk_event_get_preview (event), -1), ==, 200);
  g_assert_true (g_str_has_suffix (rk_event_get_preview (event), "…"));
}

static void
test_large_events (void)
{
  g_autoptr(RkEventLog) log = rk_event_log_new ();
  g_autoptr(GString) big = g_string_new ("[\"");
  g_autofree char *text = NULL;

  /* Bigger than an arena chunk: the event gets a chunk of its own */
  for (guint i = 0; i < 3 * 1024 * 1024; i++)
    g_string_append_c (big, 'a' + i % 26);
  g_string_append (big, "needle\"]");

  for (guint i = 0; i < 3; i++)
    {
      append_tick (log, i + 1);
      rk_event_log_append_text (log, T0, NULL, "big", big->str, big->len);
    }
  append_tick (log, 4);
  rk_event_log_flush (log);
  g_assert_cmpuint (rk_event_log_get_n_visible (log), ==, 7);

  text = rk_event_dup_json_text (item (log, 3));
  g_assert_cmpstr (text, ==, big->str);
  g_assert_nonnull (rk_event_get_args (item (log, 5)));

  rk_event_log_set_filter (log, "NEEDLE", NULL);
  g_assert_cmpuint (rk_event_log_get_n_visible (log), ==, 3);
  rk_event_log_set_filter (log, "tick 4", NULL);
  g_assert_cmpuint (rk_event_log_get_n_visible (log), ==, 1);

  /* Dropping the big ones frees their chunks; what is left stays readable */
  rk_event_log_set_cap (log, 2);
  rk_event_log_set_filter (log, NULL, NULL);
  g_assert_cmpuint (rk_event_log_get_n_visible (log), ==, 2);
  g_clear_pointer (&text, g_free);
  text = rk_event_dup_json_text (item (log, 1));
  g_assert_cmpstr (text, ==, "[4,\"tick 4\"]");
}

/* Export */

static char *
export_to_string (RkEventLog *log,
                  gboolean    visible_only,
                  guint64    *n_exported)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  rk_event_log_export_jsonl_async (log, stream, visible_only, NULL,
                                   rk_test_store_result_cb, &result);
  ok = rk_event_log_export_jsonl_finish (log, rk_test_wait_result (&result), n_exported, &error);
  g_assert_no_error (error);
  g_assert_true (ok);

  /* The text ends with a NUL */
  g_output_stream_write (stream, "", 1, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (stream, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (stream));
}

/* Splits JSON Lines and parses every line: each must be an object with exactly
 * time, connection, event and args. */
static GPtrArray *
parse_lines (const char *text)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);
  g_auto(GStrv) parts = g_strsplit (text, "\n", -1);
  guint n = g_strv_length (parts);

  /* The text ends with a newline */
  g_assert_cmpuint (n, >=, 1);
  g_assert_cmpstr (parts[n - 1], ==, "");

  for (guint i = 0; i + 1 < n; i++)
    {
      g_autoptr(GError) error = NULL;
      JsonNode *node = json_from_string (parts[i], &error);
      JsonObject *object;

      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
      object = json_node_get_object (node);
      g_assert_cmpuint (json_object_get_size (object), ==, 4);
      g_assert_true (json_object_has_member (object, "time"));
      g_assert_true (json_object_has_member (object, "connection"));
      g_assert_true (json_object_has_member (object, "event"));
      g_assert_true (json_object_has_member (object, "args"));
      g_ptr_array_add (lines, node);
    }

  return g_steal_pointer (&lines);
}

static const char *
line_string (GPtrArray  *lines,
             guint       index,
             const char *member)
{
  JsonObject *object = json_node_get_object (g_ptr_array_index (lines, index));

  return json_object_get_string_member_with_default (object, member, NULL);
}

static char *
line_args (GPtrArray *lines,
           guint      index)
{
  JsonObject *object = json_node_get_object (g_ptr_array_index (lines, index));

  return json_to_string (json_object_get_member (object, "args"), FALSE);
}

static void
test_export (void)
{
  g_autoptr(RkEventLog) log = rk_event_log_new ();
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *text = NULL;
  g_autofree char *args = NULL;
  guint64 n_exported = 0;

  rk_event_log_append_text (log, T0 + 1, "conn A", "tick", "[1,\"a\"]", -1);
  rk_event_log_append_text (log, T0 - 1, NULL, "we\"ird\n", "[{\"x\":[\"$BigInt\",\"7\"]}]", -1);
  rk_event_log_append_text (log, -1, "b", "tick", "[]", -1);
  rk_event_log_append_text (log, G_GINT64_CONSTANT (253402300799999999), "b", "tock", "[3]", -1);
  rk_event_log_flush (log);
  rk_event_log_append_text (log, T0 + 123456, "conn A", "tick", "[4]", -1);

  /* Everything stored, the unflushed event too */
  text = export_to_string (log, FALSE, &n_exported);
  g_assert_cmpuint (n_exported, ==, 5);
  g_assert_true (g_str_has_prefix (text, "{\"time\":\"2024-05-01T12:00:00.000001Z\","
                                         "\"connection\":\"conn A\",\"event\":\"tick\","
                                         "\"args\":[1,\"a\"]}\n"));
  lines = parse_lines (text);
  g_assert_cmpuint (lines->len, ==, 5);

  g_assert_cmpstr (line_string (lines, 1, "time"), ==, "2024-05-01T11:59:59.999999Z");
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (
    json_node_get_object (g_ptr_array_index (lines, 1)), "connection")));
  g_assert_cmpstr (line_string (lines, 1, "event"), ==, "we\"ird\n");
  args = line_args (lines, 1);
  g_assert_cmpstr (args, ==, "[{\"x\":[\"$BigInt\",\"7\"]}]");

  g_assert_cmpstr (line_string (lines, 2, "time"), ==, "1969-12-31T23:59:59.999999Z");
  g_assert_cmpstr (line_string (lines, 3, "time"), ==, "9999-12-31T23:59:59.999999Z");
  g_assert_cmpstr (line_string (lines, 4, "time"), ==, "2024-05-01T12:00:00.123456Z");
  g_clear_pointer (&lines, g_ptr_array_unref);
  g_clear_pointer (&text, g_free);

  /* What the view shows: filtered, and not the unflushed event */
  rk_event_log_set_filter (log, NULL, (const char *[]) { "tick", NULL });
  text = export_to_string (log, TRUE, &n_exported);
  g_assert_cmpuint (n_exported, ==, 2);
  lines = parse_lines (text);
  g_assert_cmpuint (lines->len, ==, 2);
  g_assert_cmpstr (line_string (lines, 0, "connection"), ==, "conn A");
  g_assert_cmpstr (line_string (lines, 1, "connection"), ==, "b");
  g_clear_pointer (&lines, g_ptr_array_unref);
  g_clear_pointer (&text, g_free);

  /* Unfiltered and flushed */
  rk_event_log_set_filter (log, NULL, NULL);
  rk_event_log_flush (log);
  text = export_to_string (log, TRUE, &n_exported);
  g_assert_cmpuint (n_exported, ==, 5);
  g_clear_pointer (&text, g_free);

  /* An empty log writes nothing */
  rk_event_log_clear (log);
  text = export_to_string (log, FALSE, &n_exported);
  g_assert_cmpuint (n_exported, ==, 0);
  g_assert_cmpstr (text, ==, "");
}

static void
append_many (RkEventLog *log,
             guint       n)
{
  char args[300];
  char padding[201];

  memset (padding, 'x', 200);
  padding[200] = '\0';

  for (guint i = 1; i <= n; i++)
    {
      g_snprintf (args, sizeof args, "[%u,\"%s\"]", i, padding);
      rk_event_log_append_text (log, T0 + i, "conn", "tick", args, -1);
    }
}

static void
test_export_large (void)
{
  g_autoptr(RkEventLog) log = rk_event_log_new ();
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *text = NULL;
  guint64 n_exported = 0;
  const guint n = 30000;

  /* About 8 MB: written in several pieces */
  append_many (log, n);
  text = export_to_string (log, FALSE, &n_exported);
  g_assert_cmpuint (n_exported, ==, n);
  g_assert_cmpuint (strlen (text), >, 4 * 1024 * 1024);
  lines = parse_lines (text);
  g_assert_cmpuint (lines->len, ==, n);
  for (guint i = 0; i < n; i += 997)
    {
      JsonObject *object = json_node_get_object (g_ptr_array_index (lines, i));
      JsonArray *args = json_object_get_array_member (object, "args");

      g_assert_cmpint (json_array_get_int_element (args, 0), ==, i + 1);
    }
}

static void
test_export_dropped (void)
{
  g_autoptr(RkEventLog) log = rk_event_log_new ();
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint64 n_exported = 0;
  const guint n = 30000;

  append_many (log, n);
  rk_event_log_export_jsonl_async (log, stream, FALSE, NULL, rk_test_store_result_cb, &result);

  /* Events dropped while the export runs are skipped, whole lines only */
  rk_event_log_clear (log);
  g_assert_true (rk_event_log_export_jsonl_finish (log, rk_test_wait_result (&result),
                                                   &n_exported, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_exported, >, 0);
  g_assert_cmpuint (n_exported, <, n);

  g_output_stream_write (stream, "", 1, NULL, NULL);
  g_output_stream_close (stream, NULL, NULL);
  text = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (stream));
  lines = parse_lines (text);
  g_assert_cmpuint (lines->len, ==, n_exported);
}

static void
test_export_errors (void)
{
  g_autoptr(RkEventLog) log = rk_event_log_new ();
  g_autoptr(GOutputStream) closed = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  append_many (log, 10);

  g_output_stream_close (closed, NULL, NULL);
  rk_event_log_export_jsonl_async (log, closed, FALSE, NULL, rk_test_store_result_cb, &result);
  g_assert_false (rk_event_log_export_jsonl_finish (log, rk_test_wait_result (&result),
                                                    NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_clear_error (&error);
  g_clear_object (&result);

  g_cancellable_cancel (cancellable);
  rk_event_log_export_jsonl_async (log, stream, FALSE, cancellable,
                                   rk_test_store_result_cb, &result);
  g_assert_false (rk_event_log_export_jsonl_finish (log, rk_test_wait_result (&result),
                                                    NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
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
  event = item (log, 0);
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
  g_assert_cmpstr (rk_event_get_connection (item (log, 1)), ==, "actor-1");

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
  g_autoptr(Recorder) recorder = recorder_new (log);

  g_assert_cmpfloat (rk_event_log_get_rate (log), ==, 0);
  for (guint i = 1; i <= 50; i++)
    append_tick (log, i);

  rk_test_wait_for (rk_event_log_get_rate (log) > 0);
  g_assert_cmpfloat (rk_event_log_get_rate (log), <=, 50 * 2.5);
  g_assert_cmpuint (notifies (recorder, "rate"), >=, 1);

  /* A quiet log goes back to 0 after the window */
  rk_test_wait_for (rk_event_log_get_rate (log) == 0);
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
  append_tick (log, 1);
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rk/event-log/append-flush", test_append_flush);
  g_test_add_func ("/rk/event-log/coalesce", test_coalesce);
  g_test_add_func ("/rk/event-log/cap", test_cap);
  g_test_add_func ("/rk/event-log/cap-at-scale", test_cap_at_scale);
  g_test_add_func ("/rk/event-log/filter", test_filter);
  g_test_add_func ("/rk/event-log/filter-search", test_filter_search);
  g_test_add_func ("/rk/event-log/pause", test_pause);
  g_test_add_func ("/rk/event-log/clear", test_clear);
  g_test_add_func ("/rk/event-log/names", test_names);
  for (guint i = 0; i < G_N_ELEMENTS (args_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/rk/event-log/args/%s", args_cases[i].name);
      g_test_add_data_func (path, &args_cases[i], test_args);
    }
  g_test_add_func ("/rk/event-log/append-text", test_append_text);
  g_test_add_func ("/rk/event-log/large-events", test_large_events);
  g_test_add_func ("/rk/event-log/export", test_export);
  g_test_add_func ("/rk/event-log/export-large", test_export_large);
  g_test_add_func ("/rk/event-log/export-dropped", test_export_dropped);
  g_test_add_func ("/rk/event-log/export-errors", test_export_errors);
  g_test_add_func ("/rk/event-log/connection", test_connection);
  g_test_add_func ("/rk/event-log/rate", test_rate);
  g_test_add_func ("/rk/event-log/properties", test_properties);

  return g_test_run ();
}
