/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-test-util.c: waiting on conditions with a timeout, capturing async results */

#include "config.h"

#include <unistd.h>

#include "rk-test-util.h"

gboolean
rk_test_tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
rk_test_wait_until (RkTestCondition condition,
                    gpointer        data,
                    guint           timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)timeout_ms * 1000;
  guint tick = g_timeout_add (20, rk_test_tick_cb, NULL);
  gboolean met;

  while (!(met = condition (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (tick);
  return met;
}

static gboolean
set_flag_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms: the poll interval of a retrying check, never
 * a substitute for waiting on the condition itself. */
void
rk_test_run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_flag_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

void
rk_test_wait_flag (const gboolean *flag,
                   guint           timeout_ms)
{
  rk_test_wait_for_ms (*flag, timeout_ms);
}

/* Stores the GAsyncResult into the `GAsyncResult *` that user_data points at. */
void
rk_test_store_result_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

/* Waits for the callback above; returns the result, still owned by @slot. */
GAsyncResult *
rk_test_wait_result (GAsyncResult **slot)
{
  rk_test_wait_for (*slot != NULL);
  return *slot;
}

JsonNode *
rk_test_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

char *
rk_test_unique_key (const char *prefix)
{
  return g_strdup_printf ("test-%s-%d-%" G_GINT64_FORMAT "-%u", prefix, (int)getpid (),
                          g_get_real_time (), g_random_int ());
}

char *
rk_test_fixture_text (const char *name,
                      gsize      *length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

GBytes *
rk_test_fixture_bytes (const char *name)
{
  gsize length = 0;
  char *contents = rk_test_fixture_text (name, &length);

  return g_bytes_new_take (contents, length);
}
