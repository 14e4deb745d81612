/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-event-log.c: how RkEventLog copes with a million events (a tool, not a test)
 *
 * Prints the append rate (decoding JSON frames as RkConnection does, and without decoding),
 * the memory a million events take, the time of filters over them and the export speed; last,
 * the rate for frames with a tagged value to normalise. The first rate is also given per
 * second of CPU time, which a busy machine disturbs less than the wall-clock rate.
 * Build it optimised: the numbers of a debug build say little.
 *
 *   bench-event-log [N_EVENTS]
 */

#define G_LOG_DOMAIN "bench-event-log"

#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gio/gunixoutputstream.h>

#include "rk-compat.h"
#include "rk-event-log.h"

/* Distinct frames in the replayed capture */
#define N_FRAMES 1000
#define PAYLOAD_SIZE 200

static double
now_s (void)
{
  return g_get_monotonic_time () / (double)G_USEC_PER_SEC;
}

/* CPU time of the process: on a loaded machine the rates by wall time vary, this less */
static double
cpu_s (void)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts) != 0)
    return 0;
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static gsize
rss_bytes (void)
{
  g_autofree char *text = NULL;
  unsigned long size = 0, resident = 0;

  if (!g_file_get_contents ("/proc/self/statm", &text, NULL, NULL) ||
      sscanf (text, "%lu %lu", &size, &resident) != 2)
    return 0;

  return resident * (gsize)sysconf (_SC_PAGESIZE);
}

/* A capture of Event frames as an actor sends them: tick(i, "xxx…") with 200 bytes of
 * payload text; one in 100 mentions "Needle". */
static GPtrArray *
make_capture (void)
{
  GPtrArray *frames = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < N_FRAMES; i++)
    {
      char payload[PAYLOAD_SIZE + 1];

      memset (payload, 'x', PAYLOAD_SIZE);
      payload[PAYLOAD_SIZE] = '\0';
      if (i % 100 == 7)
        memcpy (payload + 50, "Needle", 6);
      /* A few digits vary, as counters do */
      memcpy (payload + 100, &"0123456789"[i % 10], 1);

      g_ptr_array_add (frames,
                       g_strdup_printf ("{\"body\":{\"tag\":\"Event\",\"val\":"
                                        "{\"name\":\"tick\",\"args\":[%u,\"%s\"]}}}",
                                        i, payload));
    }

  return frames;
}

/* The same frames with a tagged value in the args (a BigInt counter, not canonical: leading
 * zeros), which rk_compat_parse () must rewrite */
static GPtrArray *
make_tagged_capture (GPtrArray *frames)
{
  GPtrArray *tagged = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < frames->len; i++)
    {
      const char *frame = g_ptr_array_index (frames, i);
      const char *args = strstr (frame, "\"args\":[");

      g_assert (args != NULL);
      args += strlen ("\"args\":[");
      g_ptr_array_add (tagged, g_strdup_printf ("%.*s[\"$BigInt\",\"00%u\"],%s",
                                                (int)(args - frame), frame, i, args));
    }

  return tagged;
}

/* What RkConnection does with a frame: rk_compat_parse (), then body.val.name and args */
static gboolean
decode_and_append (RkEventLog *log,
                   const char *frame)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *val;

  if (!(root = rk_compat_parse (frame, -1, NULL)))
    return FALSE;

  val = json_object_get_object_member (
    json_object_get_object_member (json_node_get_object (root), "body"), "val");
  rk_event_log_append (log, g_get_real_time (), "bench",
                       json_object_get_string_member (val, "name"),
                       json_object_get_member (val, "args"));
  return TRUE;
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *count)
{
  (*count)++;
}

static void
time_filter (RkEventLog         *log,
             const char         *label,
             const char         *text,
             const char * const *names)
{
  double start = now_s ();

  rk_event_log_set_filter (log, text, names);
  printf ("  filter %-28s %8.1f ms   %7u shown\n",
          label, (now_s () - start) * 1000, rk_event_log_get_n_visible (log));
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) frames = make_capture ();
  g_autoptr(GPtrArray) tagged_frames = make_tagged_capture (frames);
  g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(RkEventLog) log = NULL;
  g_autoptr(GOutputStream) null_stream = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint n_events = argc > 1 ? (guint)strtoul (argv[1], NULL, 10) : 1000000;
  guint n_changes = 0;
  guint64 n_exported = 0;
  gsize rss_before;
  gsize rss_after;
  double start;
  double start_cpu;
  double elapsed;
  int fd;

  /* Pre-decoded args and their text, for the rates without decoding */
  for (guint i = 0; i < N_FRAMES; i++)
    {
      g_autoptr(JsonNode) root = rk_compat_parse (g_ptr_array_index (frames, i), -1, NULL);
      JsonObject *val = json_object_get_object_member (
        json_object_get_object_member (json_node_get_object (root), "body"), "val");
      JsonNode *args = json_object_get_member (val, "args");

      g_ptr_array_add (nodes, json_node_ref (args));
      g_ptr_array_add (texts, json_to_string (args, FALSE));
    }

  printf ("RkEventLog, %u events of %zu-byte frames (%d-byte payload text)\n",
          n_events, strlen (g_ptr_array_index (frames, 0)), PAYLOAD_SIZE);

  /* 1. Decode + append into an empty log, as from a live connection */
  log = rk_event_log_new ();
  g_signal_connect (log, "items-changed", G_CALLBACK (items_changed_cb), &n_changes);
  rss_before = rss_bytes ();
  start = now_s ();
  start_cpu = cpu_s ();
  for (guint i = 0; i < n_events; i++)
    {
      if (!decode_and_append (log, g_ptr_array_index (frames, i % N_FRAMES)))
        g_error ("frame %u did not decode", i);
    }
  rk_event_log_flush (log);
  elapsed = now_s () - start;
  rss_after = rss_bytes ();
  printf ("  decode+append (rk_compat_parse)  %9.0f events/s   (%.2f s; %.0f events per CPU "
          "second)\n", n_events / elapsed, elapsed, n_events / (cpu_s () - start_cpu));
  printf ("  RSS growth                       %9.1f MB    %.0f bytes/event   "
          "(%u stored, %u items-changed)\n",
          (rss_after - rss_before) / 1e6, (double)(rss_after - rss_before) / n_events,
          rk_event_log_get_n_events (log), n_changes);

  /* 2. Filters over all of it */
  time_filter (log, "text \"Needle\" (1%)", "needle", NULL);
  time_filter (log, "text \"zzz\" (none)", "zzz", NULL);
  time_filter (log, "text \"xxy\" (none, x-heavy)", "xxy", NULL);
  time_filter (log, "text \"xxx\" (all)", "xxx", NULL);
  time_filter (log, "text \"tick\" (name, all)", "tick", NULL);
  time_filter (log, "names {tock} (none)", NULL, (const char *[]) { "tock", NULL });
  time_filter (log, "names {tick} + \"needle\"", "needle", (const char *[]) { "tick", NULL });
  time_filter (log, "none (back to all)", NULL, NULL);

  /* 3. Export all of it to /dev/null */
  fd = open ("/dev/null", O_WRONLY | O_CLOEXEC);
  null_stream = g_unix_output_stream_new (fd, TRUE);
  start = now_s ();
  rk_event_log_export_jsonl_async (log, null_stream, FALSE, NULL, export_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (!rk_event_log_export_jsonl_finish (log, result, &n_exported, &error))
    g_error ("export failed: %s", error->message);
  elapsed = now_s () - start;
  {
    /* The bytes written: the same lines into memory */
    g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
    g_autoptr(GAsyncResult) memory_result = NULL;
    gsize size;

    rk_event_log_export_jsonl_async (log, memory, FALSE, NULL, export_done_cb, &memory_result);
    while (memory_result == NULL)
      g_main_context_iteration (NULL, TRUE);
    size = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (memory));
    printf ("  export JSONL to /dev/null        %9.0f MB/s     (%" G_GUINT64_FORMAT
            " lines, %.0f MB, %.2f s)\n",
            size / 1e6 / elapsed, n_exported, size / 1e6, elapsed);
  }

  /* 4. Appending at the cap: every append past it drops the oldest, in blocks */
  n_changes = 0;
  start = now_s ();
  for (guint i = 0; i < n_events; i++)
    decode_and_append (log, g_ptr_array_index (frames, i % N_FRAMES));
  rk_event_log_flush (log);
  elapsed = now_s () - start;
  printf ("  decode+append at the cap         %9.0f events/s   (%u items-changed, RSS now "
          "%.1f MB over the start)\n",
          n_events / elapsed, n_changes, (rss_bytes () - rss_before) / 1e6);
  g_clear_object (&log);

  /* 5. The log's own share: append without decoding */
  log = rk_event_log_new ();
  start = now_s ();
  for (guint i = 0; i < n_events; i++)
    rk_event_log_append (log, g_get_real_time (), "bench", "tick",
                         g_ptr_array_index (nodes, i % N_FRAMES));
  rk_event_log_flush (log);
  elapsed = now_s () - start;
  printf ("  append (JsonNode, no decode)     %9.0f events/s\n", n_events / elapsed);
  g_clear_object (&log);

  log = rk_event_log_new ();
  start = now_s ();
  for (guint i = 0; i < n_events; i++)
    rk_event_log_append_text (log, g_get_real_time (), "bench", "tick",
                              g_ptr_array_index (texts, i % N_FRAMES), -1);
  rk_event_log_flush (log);
  elapsed = now_s () - start;
  printf ("  append_text (no decode)          %9.0f events/s\n", n_events / elapsed);

  /* 6. For scale: the decoding alone, and its json-glib part */
  start = now_s ();
  for (guint i = 0; i < n_events / 4; i++)
    {
      g_autoptr(JsonNode) root = rk_compat_parse (g_ptr_array_index (frames, i % N_FRAMES),
                                                  -1, NULL);

      if (root == NULL)
        g_error ("frame %u did not decode", i);
    }
  elapsed = now_s () - start;
  printf ("  rk_compat_parse alone            %9.0f frames/s\n", n_events / 4 / elapsed);

  start = now_s ();
  for (guint i = 0; i < n_events / 4; i++)
    {
      g_autoptr(JsonNode) root = rk_compat_parse_plain (g_ptr_array_index (frames, i % N_FRAMES),
                                                        -1, NULL);

      if (root == NULL)
        g_error ("frame %u did not decode", i);
    }
  elapsed = now_s () - start;
  printf ("  rk_compat_parse_plain alone      %9.0f frames/s   (no JSON-compat normalising)\n",
          n_events / 4 / elapsed);

  /* 7. Frames whose args need normalising: the copy that canonical frames skip */
  g_clear_object (&log);
  log = rk_event_log_new ();
  start = now_s ();
  start_cpu = cpu_s ();
  for (guint i = 0; i < n_events / 4; i++)
    {
      if (!decode_and_append (log, g_ptr_array_index (tagged_frames, i % N_FRAMES)))
        g_error ("tagged frame %u did not decode", i);
    }
  rk_event_log_flush (log);
  elapsed = now_s () - start;
  printf ("  decode+append, a BigInt in args  %9.0f events/s   (%.0f events per CPU second; "
          "normalised by a copy)\n",
          n_events / 4 / elapsed, n_events / 4 / (cpu_s () - start_cpu));

  return EXIT_SUCCESS;
}
