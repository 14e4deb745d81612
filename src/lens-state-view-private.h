/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-state-view-private.h: the state view's struct, shared with lens-state-view-text.c
 * (the JSON page) and lens-state-view-values.c (editing one value) */

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
  /* The JSON page: the state its text is of, that text (the buffer holds it
   * when text_valid and no edits are left), the text being made, the edits
   * left to turn the buffer into it */
  JsonNode *text_state;
  GBytes *text;
  GCancellable *text_cancellable;
  GArray *text_edits;

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
  guint next_edit;
  guint text_restarts;
  guint edits_source;
  guint numbers_source;
  guint editing : 1;
  guint saving : 1;
  guint text_valid : 1;
  guint full_reload : 1;
};

JsonNode      *_lens_state_view_current_state (LensStateView *self);
GtkWindow     *_lens_state_view_get_window    (LensStateView *self);
void           _lens_state_view_patch         (LensStateView *self,
                                               JsonNode      *state);
void           _lens_state_view_edit_node     (LensStateView *self,
                                               LensJsonNode  *node);

GtkTextBuffer *_lens_state_view_get_buffer    (LensStateView *self);
void           _lens_state_view_init_text     (LensStateView *self);
void           _lens_state_view_dispose_text  (LensStateView *self);
void           _lens_state_view_refresh_text  (LensStateView *self);
void           _lens_state_view_show_text     (LensStateView *self);
void           _lens_state_view_stop_text     (LensStateView *self);
char          *_lens_state_view_dup_json      (LensStateView *self);

G_END_DECLS
