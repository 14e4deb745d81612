/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-test-event-log.c: what the RkEventLog tests share: a recorder of items-changed and
 * notifies, and events to append and read back */

#define G_LOG_DOMAIN "rk-test-event-log"

#include "config.h"

#include "rk-test-event-log.h"

static void
items_changed_cb (GListModel     *model,
                  guint           position,
                  guint           removed,
                  guint           added,
                  RkTestRecorder *recorder)
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
notify_cb (GObject        *object,
           GParamSpec     *pspec,
           RkTestRecorder *recorder)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (recorder->notifies, pspec->name));

  g_hash_table_insert (recorder->notifies, (gpointer)pspec->name, GUINT_TO_POINTER (count + 1));
}

RkTestRecorder *
rk_test_recorder_new (gpointer model)
{
  RkTestRecorder *recorder = g_new0 (RkTestRecorder, 1);

  recorder->model = g_object_ref (model);
  recorder->changes = g_string_new (NULL);
  recorder->notifies = g_hash_table_new (g_str_hash, g_str_equal);
  recorder->n_items = g_list_model_get_n_items (model);
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), recorder);
  g_signal_connect (model, "notify", G_CALLBACK (notify_cb), recorder);

  return recorder;
}

void
rk_test_recorder_free (RkTestRecorder *recorder)
{
  g_signal_handlers_disconnect_by_data (recorder->model, recorder);
  g_object_unref (recorder->model);
  g_string_free (recorder->changes, TRUE);
  g_hash_table_unref (recorder->notifies);
  g_free (recorder);
}

/* How many times @name was notified since the recorder began or was reset */
guint
rk_test_recorder_notifies (RkTestRecorder *recorder,
                           const char     *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (recorder->notifies, name));
}

void
rk_test_recorder_reset_notifies (RkTestRecorder *recorder)
{
  g_hash_table_remove_all (recorder->notifies);
}

/* Appends tick(i, "tick i") at RK_TEST_T0 + i from "conn" */
void
rk_test_append_tick (RkEventLog *log,
                     guint       i)
{
  g_autofree char *args = g_strdup_printf ("[%u,\"tick %u\"]", i, i);

  rk_event_log_append_text (log, RK_TEST_T0 + i, "conn", "tick", args, -1);
}

/* The item at @position, which must exist. The caller gets a borrowed pointer: the log's
 * item cache keeps it alive. */
RkEvent *
rk_test_log_item (RkEventLog *log,
                  guint       position)
{
  RkEvent *event = g_list_model_get_item (G_LIST_MODEL (log), position);

  g_assert_nonnull (event);
  g_object_unref (event);
  return event;
}

/* The first element of each shown event's args, joined: "1,2,3" */
char *
rk_test_shown_numbers (RkEventLog *log)
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
