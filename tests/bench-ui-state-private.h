/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-ui-state-private.h: what bench-ui-state.c, bench-ui-state-data.c and
 * bench-ui-state-report.c share */

#pragma once

#include <adwaita.h>

#include "rk-client.h"
#include "rk-inspector-protocol.h"
#include "rk-inspector.h"

#include "lens-json-tree.h"
#include "lens-state-view.h"

G_BEGIN_DECLS

#define INTERVAL_MS 500
#define EXPANDED_USER 7
#define TIMEOUT_US (60 * G_USEC_PER_SEC)

typedef struct
{
  /* Options */
  int n_users;
  int seconds;
  gboolean verbose;

  /* Window */
  GtkWidget *window;
  LensStateView *view;
  LensJsonTree *tree;
  GtkStack *outer_stack;
  GtkStack *view_stack;
  GtkTextBuffer *buffer;
  RkClient *client;
  RkInspector *inspector;

  /* Frames */
  GArray *frames;
  GArray *frame_cpu;
  gboolean recording;
  gint64 last_paint;
  double last_cpu;

  /* Updates */
  GPtrArray *update_frames;
  GPtrArray *states;
  GArray *update_ms;
  GArray *receive_ms;
  GArray *handler_ms;
  double emit_start;
  guint next_frame;
  int expected_chars;
} Bench;

typedef struct
{
  double median_gap;
  double p99_gap;
  double worst_gap;
  double worst_cpu;
  double median_update;
  double worst_update;
  double worst_receive;
  guint n_frames;
  guint n_updates;
  guint n_long;
  gboolean decoded;
} LiveResult;

/* bench-ui-state-data.c */
JsonNode *           make_state     (int          n_users,
                                     int          gen);
GBytes *             make_frame     (JsonNode    *state);
RkInspectorMessage * decode_frame   (GBytes      *frame);

/* bench-ui-state-report.c */
double               now_ms         (void);
double               thread_cpu_ms  (void);
double               rss_mb         (void);
double               heap_mb        (void);
void                 print_memory   (const char  *prefix);
double               percentile     (GArray      *values,
                                     double       p);
double               median         (GArray      *values);
double               maximum        (GArray      *values);
double               time_it        (void       (*fn) (gpointer data),
                                     gpointer     data);
void                 print_live     (const char  *prefix,
                                     LiveResult  *r);

G_END_DECLS
