/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-ui-events-private.h: what bench-ui-events.c and bench-ui-events-report.c share */

#pragma once

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <adwaita.h>

#include "rk-actor.h"
#include "rk-client.h"
#include "rk-compat.h"
#include "rk-connection.h"
#include "rk-event-log.h"

#include "lens-events-view.h"

G_BEGIN_DECLS

/* Nothing listens on port 1 of the loopback interface */
#define DEAD_ENDPOINT "http://127.0.0.1:1"
#define N_FRAMES 1000
#define N_REPLAY_CONNECTIONS 2
#define PACE_INTERVAL_MS 1
#define BURST_INTERVAL_MS 10
#define MAX_BURSTS_IN_FLIGHT 4
#define TYPE_INTERVAL_US G_USEC_PER_SEC
#define SLOW_FRAME_US 33333

typedef struct
{
  gint64 key_time;
  gint64 echo_time;
  gint64 search_time;           /* GtkSearchEntry::search-changed begins */
  gint64 changed_time;          /* the log's items-changed begins */
  gint64 apply_time;            /* RkEventLog:filter-text notified: GTK has the new model */
  gint64 paint_time;
  gint64 changed_cpu;           /* main thread CPU time at changed_time and apply_time, in µs */
  gint64 apply_cpu;
  gint64 frame_phases[3];       /* update, layout, paint of the frame that shows the filter */
} Keystroke;

typedef struct
{
  /* Setup */
  double rate;
  guint size;
  const char *endpoint;
  const char *word;

  /* The page */
  GtkWidget *window;
  LensEventsView *view;
  RkEventLog *log;
  GtkEditable *filter;
  GtkAdjustment *vadjustment;
  GListStore *connections;
  RkClient *client;
  RkConnection *storm;
  RkConnection *replay[N_REPLAY_CONNECTIONS];
  GPtrArray *frames;

  /* Streaming */
  GMainLoop *loop;
  gint64 start;
  gint64 end;
  guint64 sent;
  guint64 requested;
  guint bursts_in_flight;
  guint n_typed;
  guint64 n_events_before;
  gboolean streaming;

  /* Measures */
  GArray *paints;               /* gint64: monotonic time of each after-paint */
  GArray *phases[3];            /* gint64: durations of update, layout and paint */
  GArray *phases_cpu[3];        /* gint64: main thread CPU time of each */
  gint64 phase_start[3];        /* before-paint, layout, paint */
  gint64 phase_cpu[3];
  GArray *keystrokes;           /* Keystroke */
  guint items_changed;
  guint label_updates;
  guint tick_id;
  guint idle_frames;
  guint at_bottom;
  guint paints_checked;
  struct rusage usage_before;
  double main_cpu_before;       /* s */
} Bench;

gint64 now_us        (void);
gint64 thread_cpu_us (void);
double quantile_ms   (GArray *values,
                      double  q);
double worst_ms      (GArray *values);
void   report        (Bench  *bench);

G_END_DECLS
