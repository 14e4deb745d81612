/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-ui-events-report.c: bench-ui-events's clocks, quantiles and report (see
 * bench-ui-events.c for what it measures) */

#define G_LOG_DOMAIN "bench-ui-events"

#include "config.h"

#include "bench-ui-events-private.h"

gint64
now_us (void)
{
  return g_get_monotonic_time ();
}

/* CPU time of the calling thread (the main loop's), in µs: what it costs without the time
 * other processes took */
gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;

  return (x > y) - (x < y);
}

/* The @q quantile of @values (sorted in place), in milliseconds */
double
quantile_ms (GArray *values,
             double  q)
{
  guint i;

  if (values->len == 0)
    return 0;

  g_array_sort (values, compare_gint64);
  i = MIN (values->len - 1, (guint)(q * values->len));
  return g_array_index (values, gint64, i) / 1000.0;
}

double
worst_ms (GArray *values)
{
  return quantile_ms (values, 1.0);
}

/* Report */

static double
cpu_seconds (const struct rusage *usage)
{
  return usage->ru_utime.tv_sec + usage->ru_stime.tv_sec +
         (usage->ru_utime.tv_usec + usage->ru_stime.tv_usec) / 1e6;
}

void
report (Bench *bench)
{
  g_autoptr(GArray) gaps = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) echo = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) apply = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) paint = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) rescan = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) model = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) model_cpu = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) filter_update = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) filter_layout = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) filter_paint = g_array_new (FALSE, FALSE, sizeof (gint64));
  GArray *filter_frame[3] = { filter_update, filter_layout, filter_paint };
  double elapsed = (bench->end - bench->start) / (double)G_USEC_PER_SEC;
  guint64 appended = rk_event_log_get_n_events (bench->log) - bench->n_events_before;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (bench->window));
  struct rusage usage;
  guint slow = 0;
  guint missed = 0;
  double median, p95, worst;

  getrusage (RUSAGE_SELF, &usage);

  for (guint i = 1; i < bench->paints->len; i++)
    {
      gint64 gap = g_array_index (bench->paints, gint64, i) -
                   g_array_index (bench->paints, gint64, i - 1);

      g_array_append_val (gaps, gap);
      if (gap > SLOW_FRAME_US)
        slow++;
    }

  for (guint i = 0; i < bench->keystrokes->len; i++)
    {
      Keystroke *stroke = &g_array_index (bench->keystrokes, Keystroke, i);
      gint64 value;

      if (stroke->echo_time == 0 || stroke->apply_time == 0 || stroke->paint_time == 0)
        {
          missed++;
          continue;
        }
      value = stroke->echo_time - stroke->key_time;
      g_array_append_val (echo, value);
      value = stroke->apply_time - stroke->key_time;
      g_array_append_val (apply, value);
      value = stroke->paint_time - stroke->key_time;
      g_array_append_val (paint, value);
      if (stroke->search_time != 0 && stroke->changed_time != 0)
        {
          value = stroke->changed_time - stroke->search_time;
          g_array_append_val (rescan, value);
          value = stroke->apply_time - stroke->changed_time;
          g_array_append_val (model, value);
          value = stroke->apply_cpu - stroke->changed_cpu;
          g_array_append_val (model_cpu, value);
          for (guint p = 0; p < 3; p++)
            g_array_append_val (filter_frame[p], stroke->frame_phases[p]);
        }
    }

  /* The longest gaps: when they began, and whether a filter was applied in them */
  {
    g_autoptr(GString) longest = g_string_new (NULL);
    g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (gint64));

    /* (gap << 20) | paint index, sorted: the index rides along with its gap */
    for (guint i = 1; i < bench->paints->len && i < (1u << 20); i++)
      {
        gint64 key = ((g_array_index (bench->paints, gint64, i) -
                       g_array_index (bench->paints, gint64, i - 1)) << 20) | i;

        g_array_append_val (order, key);
      }
    g_array_sort (order, compare_gint64);

    for (guint n = 0; n < MIN (5, order->len); n++)
      {
        gint64 key = g_array_index (order, gint64, order->len - 1 - n);
        gint64 gap = key >> 20;
        gint64 end = g_array_index (bench->paints, gint64, key & ((1 << 20) - 1));
        const char *cause = "";

        for (guint k = 0; k < bench->keystrokes->len; k++)
          {
            Keystroke *stroke = &g_array_index (bench->keystrokes, Keystroke, k);

            if (stroke->changed_time >= end - gap && stroke->changed_time < end)
              cause = "(filter)";
          }
        g_string_append_printf (longest, "%s%.0fms@%.1fs%s", n ? " " : "", gap / 1000.0,
                                (end - gap - bench->start) / (double)G_USEC_PER_SEC, cause);
      }
    printf ("frame_gaps_longest=%s\n", longest->str);
  }

  /* BENCH_UI_TRACE=FILE: every frame and key, in ms from the start */
  if (g_getenv ("BENCH_UI_TRACE") != NULL)
    {
      FILE *trace = fopen (g_getenv ("BENCH_UI_TRACE"), "w");

      for (guint i = 0; trace != NULL && i < bench->paints->len; i++)
        fprintf (trace, "paint %.1f update %.1f layout %.1f paint %.1f\n",
                 (g_array_index (bench->paints, gint64, i) - bench->start) / 1000.0,
                 g_array_index (bench->phases[0], gint64, i) / 1000.0,
                 g_array_index (bench->phases[1], gint64, i) / 1000.0,
                 g_array_index (bench->phases[2], gint64, i) / 1000.0);
      for (guint k = 0; trace != NULL && k < bench->keystrokes->len; k++)
        {
          Keystroke *stroke = &g_array_index (bench->keystrokes, Keystroke, k);

          fprintf (trace, "key %.1f echo %.1f search %.1f changed %.1f apply %.1f shown %.1f\n",
                   (stroke->key_time - bench->start) / 1000.0,
                   (stroke->echo_time - bench->start) / 1000.0,
                   (stroke->search_time - bench->start) / 1000.0,
                   (stroke->changed_time - bench->start) / 1000.0,
                   (stroke->apply_time - bench->start) / 1000.0,
                   (stroke->paint_time - bench->start) / 1000.0);
        }
      if (trace != NULL)
        fclose (trace);
    }

  median = quantile_ms (gaps, 0.5);
  p95 = quantile_ms (gaps, 0.95);
  worst = worst_ms (gaps);

  printf ("mode=%s\n", bench->storm ? "server" : "replay");
  printf ("renderer=%s\n", renderer ? G_OBJECT_TYPE_NAME (renderer) : "none");
  printf ("rate_target=%.0f\n", bench->rate);
  printf ("seconds=%.2f\n", elapsed);
  printf ("events_appended=%" G_GUINT64_FORMAT "\n", appended);
  printf ("events_per_s=%.0f\n", appended / elapsed);
  printf ("log_n_events=%u\n", rk_event_log_get_n_events (bench->log));
  printf ("log_n_visible=%u\n", rk_event_log_get_n_visible (bench->log));
  printf ("frames=%u\n", bench->paints->len);
  printf ("fps=%.1f\n", bench->paints->len / elapsed);
  printf ("frame_gap_median_ms=%.1f\n", median);
  printf ("frame_gap_p95_ms=%.1f\n", p95);
  printf ("frame_gap_worst_ms=%.1f\n", worst);
  printf ("frame_gaps_over_33ms=%u\n", slow);
  {
    static const int edges[] = { 12, 20, 25, 34, 50, 100 };
    guint counts[G_N_ELEMENTS (edges) + 1] = { 0 };

    for (guint i = 0; i < gaps->len; i++)
      {
        guint b = 0;

        while (b < G_N_ELEMENTS (edges) && g_array_index (gaps, gint64, i) >= edges[b] * 1000)
          b++;
        counts[b]++;
      }
    printf ("frame_gap_histogram=<12:%u 12-20:%u 20-25:%u 25-34:%u 34-50:%u 50-100:%u >100:%u\n",
            counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], counts[6]);
  }
  printf ("keys=%u\n", bench->keystrokes->len);
  printf ("keys_unanswered=%u\n", missed);
  printf ("echo_median_ms=%.1f\n", quantile_ms (echo, 0.5));
  printf ("echo_worst_ms=%.1f\n", worst_ms (echo));
  printf ("filter_apply_median_ms=%.1f\n", quantile_ms (apply, 0.5));
  printf ("filter_apply_worst_ms=%.1f\n", worst_ms (apply));
  printf ("filter_paint_median_ms=%.1f\n", quantile_ms (paint, 0.5));
  printf ("filter_paint_worst_ms=%.1f\n", worst_ms (paint));
  printf ("filter_rescan_median_ms=%.1f\n", quantile_ms (rescan, 0.5));
  printf ("filter_rescan_worst_ms=%.1f\n", worst_ms (rescan));
  printf ("filter_items_changed_median_ms=%.1f\n", quantile_ms (model, 0.5));
  printf ("filter_items_changed_worst_ms=%.1f\n", worst_ms (model));
  printf ("filter_items_changed_cpu_median_ms=%.1f\n", quantile_ms (model_cpu, 0.5));
  printf ("filter_items_changed_cpu_worst_ms=%.1f\n", worst_ms (model_cpu));
  printf ("filter_frame_median_ms=update %.1f layout %.1f paint %.1f\n",
          quantile_ms (filter_frame[0], 0.5), quantile_ms (filter_frame[1], 0.5),
          quantile_ms (filter_frame[2], 0.5));
  printf ("search_delay_ms=%u\n",
          gtk_search_entry_get_search_delay (GTK_SEARCH_ENTRY (bench->filter)));
  printf ("items_changed_per_frame=%.2f\n",
          bench->paints->len ? bench->items_changed / (double)bench->paints->len : 0);
  printf ("label_updates_per_s=%.1f\n", bench->label_updates / elapsed);
  printf ("follow_at_bottom_pct=%.1f\n",
          bench->paints_checked ? 100.0 * bench->at_bottom / bench->paints_checked : 0);
  printf ("cpu_pct=%.0f\n",
          100 * (cpu_seconds (&usage) - cpu_seconds (&bench->usage_before)) / elapsed);
  printf ("main_thread_cpu_pct=%.0f\n",
          100 * (thread_cpu_us () / 1e6 - bench->main_cpu_before) / elapsed);
  for (guint i = 0; i < 3; i++)
    {
      static const char *const names[] = { "update", "layout", "paint" };

      printf ("%s_median_ms=%.2f\n", names[i], quantile_ms (bench->phases[i], 0.5));
      printf ("%s_p95_ms=%.2f\n", names[i], quantile_ms (bench->phases[i], 0.95));
      printf ("%s_worst_ms=%.2f\n", names[i], worst_ms (bench->phases[i]));
      printf ("%s_cpu_median_ms=%.2f\n", names[i], quantile_ms (bench->phases_cpu[i], 0.5));
      printf ("%s_cpu_p95_ms=%.2f\n", names[i], quantile_ms (bench->phases_cpu[i], 0.95));
    }

  printf ("\n%s: %.0f events/s for %.1f s (%" G_GUINT64_FORMAT " appended, log of %u)\n",
          bench->storm ? "storm.burst from a real server" : "replayed Event frames",
          appended / elapsed, elapsed, appended, rk_event_log_get_n_events (bench->log));
  printf ("  frames    %.1f/s; gap median %.1f ms, p95 %.1f ms, worst %.1f ms; %u over 33 ms\n",
          bench->paints->len / elapsed, median, p95, worst, slow);
  printf ("  phases    median update %.2f, layout %.2f, paint %.2f ms; main thread %.0f%% busy\n",
          quantile_ms (bench->phases[0], 0.5), quantile_ms (bench->phases[1], 0.5),
          quantile_ms (bench->phases[2], 0.5),
          100 * (thread_cpu_us () / 1e6 - bench->main_cpu_before) / elapsed);
  printf ("  filter    %u keys: echo median %.1f ms (worst %.1f); list filtered and painted "
          "median %.1f ms (worst %.1f), of which %u ms search-delay\n",
          bench->keystrokes->len, quantile_ms (echo, 0.5), worst_ms (echo),
          quantile_ms (paint, 0.5), worst_ms (paint),
          gtk_search_entry_get_search_delay (GTK_SEARCH_ENTRY (bench->filter)));
  printf ("  verdict   %s (target: >= 30 frames/s)\n",
          bench->paints->len / elapsed >= 30 && median <= SLOW_FRAME_US / 1000.0
            ? "PASS" : "FAIL");
}
