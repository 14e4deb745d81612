/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-event-log-export.c: RkEventLog as JSON Lines
 *
 * An export line splices the stored text into `{"time":…,"args":<text>}` without parsing
 * it, in 1 MiB pieces written asynchronously.
 */

#define G_LOG_DOMAIN "rk-event-log"

#include "config.h"

#include <string.h>
#include <time.h>

#include "rk-event-log-private.h"
#include "rk-event-log.h"

#define EXPORT_BUFFER_SIZE (1024 * 1024)
/* 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z */
#define MIN_SECOND G_GINT64_CONSTANT (-62135596800)
#define MAX_SECOND G_GINT64_CONSTANT (253402300799)

typedef struct
{
  GOutputStream *stream;
  GArray *seqs;                 /* a snapshot of the filtered view, or NULL for a range */
  guint index;                  /* the next in seqs */
  guint64 next;                 /* the next of the range */
  guint64 end;
  GString *buffer;
  guint64 n_exported;
  gint64 cached_second;
  char cached_prefix[40];       /* "YYYY-MM-DDTHH:MM:SS" of cached_second */
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_object (&data->stream);
  g_clear_pointer (&data->seqs, g_array_unref);
  g_string_free (data->buffer, TRUE);
  g_free (data);
}

static void
append_time (ExportData *data,
             gint64      time_us)
{
  gint64 second = time_us / G_USEC_PER_SEC;
  gint64 micro = time_us % G_USEC_PER_SEC;
  char digits[8];

  if (micro < 0)
    {
      micro += G_USEC_PER_SEC;
      second--;
    }

  if (second != data->cached_second || data->cached_prefix[0] == '\0')
    {
      /* Years 1 to 9999, the range ISO 8601 writes with four digits */
      time_t t = (time_t)CLAMP (second, MIN_SECOND, MAX_SECOND);
      struct tm tm;

      if (gmtime_r (&t, &tm) == NULL)
        memset (&tm, 0, sizeof tm);
      g_snprintf (data->cached_prefix, sizeof data->cached_prefix,
                  "%04d-%02d-%02dT%02d:%02d:%02d",
                  tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
      data->cached_second = second;
    }

  g_string_append (data->buffer, data->cached_prefix);
  digits[0] = '.';
  for (int i = 6; i >= 1; i--)
    {
      digits[i] = '0' + micro % 10;
      micro /= 10;
    }
  digits[7] = 'Z';
  g_string_append_len (data->buffer, digits, sizeof digits);
}

static void
export_line (RkEventLog *self,
             ExportData *data,
             guint64     seq)
{
  const Record *record = record_at (self, seq);
  GString *out = data->buffer;

  g_string_append (out, "{\"time\":\"");
  append_time (data, record->time);
  g_string_append (out, "\",\"connection\":");
  g_string_append (out, _rk_event_log_interner_get_quoted (&self->connections,
                                                           record->connection));
  g_string_append (out, ",\"event\":");
  g_string_append (out, _rk_event_log_interner_get_quoted (&self->names, record->name));
  g_string_append (out, ",\"args\":");
  g_string_append_len (out, record_text (self, record), record->length);
  g_string_append (out, "}\n");
  data->n_exported++;
}

/* Fills the buffer with the next lines; events dropped since the export began are skipped. */
static void
export_fill (RkEventLog *self,
             ExportData *data)
{
  g_string_truncate (data->buffer, 0);

  while (data->buffer->len < EXPORT_BUFFER_SIZE)
    {
      guint64 seq;

      if (data->seqs != NULL)
        {
          if (data->index >= data->seqs->len)
            break;
          seq = g_array_index (data->seqs, guint64, data->index++);
        }
      else
        {
          data->next = MAX (data->next, self->first_seq);
          if (data->next >= data->end)
            break;
          seq = data->next++;
        }

      if (seq >= self->first_seq && seq < self->next_seq)
        export_line (self, data, seq);
    }
}

static void
export_write_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GOutputStream *stream = (GOutputStream *)object;
  g_autoptr(GTask) task = user_data;
  RkEventLog *self = g_task_get_source_object (task);
  ExportData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  if (!g_output_stream_write_all_finish (stream, result, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  export_fill (self, data);
  if (data->buffer->len == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  g_output_stream_write_all_async (stream, data->buffer->str, data->buffer->len,
                                   G_PRIORITY_DEFAULT, cancellable,
                                   export_write_cb, g_steal_pointer (&task));
}

/**
 * rk_event_log_export_jsonl_async:
 * @self: a #RkEventLog
 * @stream: where to write
 * @visible_only: %TRUE for the events the model shows, %FALSE for all stored
 * @cancellable: (nullable): a #GCancellable
 * @callback: callback
 * @user_data: data for @callback
 *
 * Writes the events as JSON Lines, oldest first, one object per event:
 * `{"time":"2024-05-01T12:00:00.000001Z","connection":"…","event":"…","args":[…]}` with
 * the time in UTC and the arguments in JSON-compat form. The lines are built from the
 * stored text in 1 MiB pieces, each written asynchronously, so the main loop keeps
 * running. The set of events is fixed when the export starts; those the cap drops
 * before their turn are skipped. @stream is not closed.
 */
void
rk_event_log_export_jsonl_async (RkEventLog          *self,
                                 GOutputStream       *stream,
                                 gboolean             visible_only,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *data;

  g_return_if_fail (RK_IS_EVENT_LOG (self));
  g_return_if_fail (G_IS_OUTPUT_STREAM (stream));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rk_event_log_export_jsonl_async);

  data = g_new0 (ExportData, 1);
  data->stream = g_object_ref (stream);
  data->buffer = g_string_sized_new (EXPORT_BUFFER_SIZE + 4096);
  data->next = self->first_seq;
  data->end = visible_only ? self->shown_seq : self->next_seq;
  if (visible_only && self->filtering)
    {
      data->seqs = g_array_sized_new (FALSE, FALSE, sizeof (guint64), self->n_shown);
      /* An empty match list may have no storage at all. */
      if (self->n_shown > 0)
        g_array_append_vals (data->seqs,
                             &g_array_index (self->matches, guint64, self->match_head),
                             self->n_shown);
    }
  g_task_set_task_data (task, data, (GDestroyNotify)export_data_free);

  export_fill (self, data);
  if (data->buffer->len == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_output_stream_write_all_async (stream, data->buffer->str, data->buffer->len,
                                   G_PRIORITY_DEFAULT, cancellable,
                                   export_write_cb, g_steal_pointer (&task));
}

/**
 * rk_event_log_export_jsonl_finish:
 * @self: a #RkEventLog
 * @result: the result
 * @n_exported: (out) (optional): return location for the number of events written
 * @error: return location for a #GError
 *
 * Returns: %TRUE if every line was written
 */
gboolean
rk_event_log_export_jsonl_finish (RkEventLog    *self,
                                  GAsyncResult  *result,
                                  guint64       *n_exported,
                                  GError       **error)
{
  ExportData *data;

  g_return_val_if_fail (RK_IS_EVENT_LOG (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (n_exported != NULL)
    *n_exported = data->n_exported;

  return g_task_propagate_boolean (G_TASK (result), error);
}
