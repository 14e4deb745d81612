/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-endpoint-sidebar-private.h: the sidebar's struct, shared with its -reveal.c */

#pragma once

#include <adwaita.h>

#include "lens-endpoint-sidebar.h"
#include "lens-type-node.h"

G_BEGIN_DECLS

struct _LensEndpointSidebar
{
  GtkWidget parent_instance;

  /* Owned references */
  LensEndpoint *endpoint;
  GSignalGroup *endpoint_signals;
  GSettings *settings;
  GListStore *types;
  GtkTreeListModel *tree;
  GtkSingleSelection *selection;
  GtkCustomFilter *filter;
  GtkCustomSorter *sorter;
  RkActor *selected_actor;
  GCancellable *cancellable;

  /* Template widgets */
  GtkSearchEntry *filter_entry;
  GtkStack *stack;
  GtkListView *list_view;
  AdwStatusPage *unreachable_page;

  /* State */
  char *filter_text;
  char *sort_mode;
  char *reveal_type;
  char **reveal_key;
  RkActor *reveal_actor;
  guint refresh_interval;
  guint refresh_id;
  guint ticks;
  guint reveal_looked_up : 1;
  guint reveal_refreshed : 1;
};

RkClient     *_lens_endpoint_sidebar_get_client         (LensEndpointSidebar *self);
LensTypeNode *_lens_endpoint_sidebar_find_node          (LensEndpointSidebar *self,
                                                         const char          *name,
                                                         guint               *position);
gboolean      _lens_endpoint_sidebar_is_expanded        (LensEndpointSidebar *self,
                                                         guint                position);
void          _lens_endpoint_sidebar_set_selected_actor (LensEndpointSidebar *self,
                                                         RkActor             *actor);
void          _lens_endpoint_sidebar_try_reveal         (LensEndpointSidebar *self);
void          _lens_endpoint_sidebar_clear_reveal       (LensEndpointSidebar *self);

G_END_DECLS
