/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-event-log.c: libFuzzer target for RkEventLog: appends, filters, pausing, the items
 * and the JSON Lines export, with a small cap so that trimming happens all the time
 *
 * The input is fields split by \x01, read three at a time: an event name, its argument
 * text (any bytes, NULs too) and a filter text. Each event is appended as text, and again
 * as a tree when the text parses as JSON-compat; then the log is flushed and the filter set.
 */

#define G_LOG_DOMAIN "fuzz-event-log"

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rk-compat.h"
#include "rk-event-log.h"
#include "rk-event.h"

#define MAX_FIELDS 64
#define CAP 5

typedef struct
{
  const char *data;
  gsize length;
} Field;

typedef struct
{
  guint64 n_exported;
  gboolean done;
} Export;

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static guint
split_fields (const char *data,
              gsize       size,
              Field      *fields)
{
  const char *end = data + size;
  guint n = 0;

  while (n < MAX_FIELDS)
    {
      const char *next = memchr (data, '\x01', end - data);

      fields[n].data = data;
      fields[n].length = (next != NULL ? next : end) - data;
      n++;
      if (next == NULL)
        break;
      data = next + 1;
    }

  return n;
}

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Export *export = user_data;
  g_autoptr(GError) error = NULL;

  /* A memory stream never fails */
  if (!rk_event_log_export_jsonl_finish (RK_EVENT_LOG (object), result,
                                         &export->n_exported, &error))
    abort ();
  export->done = TRUE;
}

/* Exports to memory: every event the export covers is one line. */
static void
export_and_check (RkEventLog *log,
                  gboolean    visible_only)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  Export export = { 0, FALSE };
  const char *text;
  gsize size;
  guint64 n_lines = 0;

  rk_event_log_export_jsonl_async (log, stream, visible_only, NULL, export_cb, &export);
  while (!export.done)
    g_main_context_iteration (NULL, TRUE);

  text = g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (stream));
  size = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream));
  for (gsize i = 0; i < size; i++)
    if (text[i] == '\n')
      n_lines++;

  if (n_lines != export.n_exported ||
      export.n_exported != (visible_only ? rk_event_log_get_n_visible (log)
                                         : rk_event_log_get_n_events (log)))
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(RkEventLog) log = rk_event_log_new ();
  Field fields[MAX_FIELDS];
  guint n;

  /* A critical or a warning is a bug here, never an answer to hostile input */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);

  n = split_fields ((const char *)data, size, fields);
  rk_event_log_set_cap (log, CAP);

  for (guint i = 0; i + 1 < n; i += 3)
    {
      g_autofree char *name = g_strndup (fields[i].data, fields[i].length);
      g_autoptr(JsonNode) node = NULL;

      rk_event_log_append_text (log, (gint64)i * 1000003, i % 2 ? name : NULL, name,
                                fields[i + 1].data, fields[i + 1].length);
      node = rk_compat_parse (fields[i + 1].data, fields[i + 1].length, NULL);
      if (node != NULL)
        rk_event_log_append (log, -(gint64)i, "c", name, node);
      rk_event_log_flush (log);

      if (i + 2 < n)
        {
          g_autofree char *filter = g_strndup (fields[i + 2].data, fields[i + 2].length);
          const char *names[] = { name, NULL };

          rk_event_log_set_filter (log, filter, i % 4 ? NULL : names);
        }
      if (i % 5 == 4)
        rk_event_log_set_paused (log, !rk_event_log_get_paused (log));
    }

  if (rk_event_log_get_n_events (log) > CAP)
    abort ();

  /* While paused, the view exports what it shows */
  export_and_check (log, TRUE);
  rk_event_log_set_paused (log, FALSE);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      g_autoptr(RkEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);
      g_autofree char *text = NULL;

      if (event == NULL || !g_utf8_validate (rk_event_get_preview (event), -1, NULL))
        abort ();
      text = rk_event_dup_json_text (event);
      (void)rk_event_get_args (event);
    }
  (void)rk_event_log_get_names (log);

  export_and_check (log, FALSE);

  return 0;
}
