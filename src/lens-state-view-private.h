/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-state-view-private.h: the state view's struct, shared with lens-state-view-values.c */

#pragma once

#include <gtksourceview/gtksource.h>

#include "rk-actor.h"
#include "rk-inspector.h"

#include "lens-json-tree.h"
#include "lens-state-view.h"

G_BEGIN_DECLS

struct _LensStateView
{
  GtkWidget parent_instance;

  /* Owned references */
  RkActor *actor;
  RkInspector *inspector;
  GSignalGroup *inspector_signals;
  JsonNode *edit_base;
  GCancellable *cancellable;

  /* Template widgets */
  GtkStack *stack;
  GtkLabel *live_label;
  GtkLabel *updated_label;
  GtkWidget *edit_button;
  GtkWidget *discard_button;
  GtkWidget *save_button;
  GtkRevealer *conflict_revealer;
  GtkStack *view_stack;
  LensJsonTree *tree;
  GtkSourceView *source_view;
  GtkLabel *error_label;

  /* State */
  guint n_updates;
  gint64 updated_at;
  guint editing : 1;
  guint text_stale : 1;
  guint saving : 1;
};

JsonNode  *_lens_state_view_current_state (LensStateView *self);
GtkWindow *_lens_state_view_get_window    (LensStateView *self);
void       _lens_state_view_patch         (LensStateView *self,
                                           JsonNode      *state);
void       _lens_state_view_edit_node     (LensStateView *self,
                                           LensJsonNode  *node);

G_END_DECLS
