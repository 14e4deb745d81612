/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-ui-state-report.c: bench-ui-state's clocks, memory, statistics and live results (see
 * bench-ui-state.c for what it measures) */

#define G_LOG_DOMAIN "bench-ui-state"

#include "config.h"

#include <malloc.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "bench-ui-state-private.h"

/* Measuring */

double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* CPU time of the main thread: a frame gap with little of it is the machine
 * being busy elsewhere, not the view */
double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

double
rss_mb (void)
{
  g_autofree char *text = NULL;
  unsigned long size = 0, resident = 0;

  if (!g_file_get_contents ("/proc/self/statm", &text, NULL, NULL) ||
      sscanf (text, "%lu %lu", &size, &resident) != 2)
    return 0;

  return resident * (double)sysconf (_SC_PAGESIZE) / 1e6;
}

/* Heap in use; run with G_SLICE=always-malloc for JSON nodes to count as freed */
double
heap_mb (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return (info.uordblks + info.hblkhd) / 1e6;
}

void
print_memory (const char *prefix)
{
  g_print ("%s_heap_mb=%.0f\n%s_rss_mb=%.0f\n", prefix, heap_mb (), prefix, rss_mb ());
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return x < y ? -1 : x > y;
}

double
percentile (GArray *values,
            double  p)
{
  g_autoptr(GArray) sorted = NULL;

  if (values->len == 0)
    return 0;

  sorted = g_array_copy (values);
  g_array_sort (sorted, compare_doubles);
  return g_array_index (sorted, double, MIN (sorted->len - 1, (guint)(p * sorted->len)));
}

double
median (GArray *values)
{
  return percentile (values, 0.5);
}

double
maximum (GArray *values)
{
  double max = 0;

  for (guint i = 0; i < values->len; i++)
    max = MAX (max, g_array_index (values, double, i));

  return max;
}

double
time_it (void (*fn) (gpointer data),
         gpointer data)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

  for (int i = 0; i < 3; i++)
    {
      double start = now_ms ();
      double took;

      fn (data);
      took = now_ms () - start;
      g_array_append_val (times, took);
    }

  return median (times);
}

void
print_live (const char *prefix,
            LiveResult *r)
{
  g_print ("%s_updates=%u\n", prefix, r->n_updates);
  g_print ("%s_frames=%u\n", prefix, r->n_frames);
  g_print ("%s_gap_median_ms=%.1f\n", prefix, r->median_gap);
  g_print ("%s_gap_p99_ms=%.1f\n", prefix, r->p99_gap);
  g_print ("%s_gap_worst_ms=%.1f\n", prefix, r->worst_gap);
  g_print ("%s_gaps_over_50ms=%u\n", prefix, r->n_long);
  g_print ("%s_main_cpu_between_frames_worst_ms=%.1f\n", prefix, r->worst_cpu);
  g_print ("%s_update_median_ms=%.1f\n", prefix, r->median_update);
  g_print ("%s_update_worst_ms=%.1f\n", prefix, r->worst_update);
  if (r->decoded)
    g_print ("%s_receive_worst_ms=%.2f\n", prefix, r->worst_receive);
}
