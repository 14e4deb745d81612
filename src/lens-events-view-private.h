/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-events-view-private.h: LensEventsView's fields, shared by its .c files */

#pragma once

#include <adwaita.h>

#include "rk-actor.h"
#include "rk-client.h"
#include "rk-event-log.h"

#include "lens-events-view.h"
#include "lens-json-tree.h"

G_BEGIN_DECLS

typedef enum
{
  CELL_TIME,
  CELL_NAME,
  CELL_CONNECTION,
  CELL_PAYLOAD,
} CellKind;

struct _LensEventsView
{
  GtkWidget parent_instance;

  /* Owned references */
  RkClient *client;
  RkActor *actor;
  GListModel *connections;
  GSignalGroup *connections_signals;
  RkEventLog *log;
  GtkSingleSelection *selection;
  GPtrArray *attached;
  GPtrArray *subscriptions;
  GHashTable *remembered;
  GCancellable *cancellable;

  /* Template widgets */
  GtkEntry *subscribe_entry;
  GtkBox *chips;
  GtkSearchEntry *filter_entry;
  GtkStack *stack;
  AdwStatusPage *empty_page;
  GtkWidget *open_button;
  GtkScrolledWindow *scroller;
  GtkColumnView *column_view;
  GtkColumnViewColumn *time_column;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *connection_column;
  GtkColumnViewColumn *payload_column;
  GtkLabel *detail_label;
  LensJsonTree *detail_tree;
  GtkLabel *status_label;

  /* State */
  GtkWidget *list_view;         /* the GtkListView inside column_view */
  guint hidden_flush_interval;  /* the log's own, kept while unmapped */
  guint tick_id;
  guint status_id;
  gint64 status_time;
  guint follow : 1;
  guint follow_pending : 1;
};

void _lens_events_view_update_page       (LensEventsView      *self);
void _lens_events_view_set_cell_factory  (GtkColumnViewColumn *column,
                                          CellKind             kind);
void _lens_events_view_class_add_actions (GtkWidgetClass      *widget_class);

/* Template callbacks */
void lens_events_view_subscribe_cb      (LensEventsView      *self);
void lens_events_view_filter_changed_cb (LensEventsView      *self);

G_END_DECLS
