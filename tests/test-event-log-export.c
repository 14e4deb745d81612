/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-event-log-export.c: RkEventLog exported as JSON Lines */

#define G_LOG_DOMAIN "test-event-log"

#include "config.h"

#include <string.h>

#include "rk-event-log.h"
#include "rk-test-event-log.h"
#include "rk-test-util.h"

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
  const char *end = text + strlen (text);

  /* Not g_strsplit (): under ASan its strstr () is quadratic */
  for (const char *line = text, *eol; line < end; line = eol + 1)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *copy = NULL;
      JsonNode *node;
      JsonObject *object;

      /* Every line ends with a newline */
      eol = memchr (line, '\n', end - line);
      g_assert_nonnull (eol);
      copy = g_strndup (line, eol - line);
      node = json_from_string (copy, &error);

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
      rk_event_log_append_text (log, RK_TEST_T0 + i, "conn", "tick", args, -1);
    }
}

static void
test_export (void)
{
  g_autoptr(RkEventLog) log = rk_event_log_new ();
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *text = NULL;
  g_autofree char *args = NULL;
  guint64 n_exported = 0;

  rk_event_log_append_text (log, RK_TEST_T0 + 1, "conn A", "tick", "[1,\"a\"]", -1);
  rk_event_log_append_text (log, RK_TEST_T0 - 1, NULL, "we\"ird\n",
                            "[{\"x\":[\"$BigInt\",\"7\"]}]", -1);
  rk_event_log_append_text (log, -1, "b", "tick", "[]", -1);
  rk_event_log_append_text (log, G_GINT64_CONSTANT (253402300799999999), "b", "tock", "[3]", -1);
  rk_event_log_flush (log);
  rk_event_log_append_text (log, RK_TEST_T0 + 123456, "conn A", "tick", "[4]", -1);

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rk/event-log/export", test_export);
  g_test_add_func ("/rk/event-log/export-large", test_export_large);
  g_test_add_func ("/rk/event-log/export-dropped", test_export_dropped);
  g_test_add_func ("/rk/event-log/export-errors", test_export_errors);

  return g_test_run ();
}
