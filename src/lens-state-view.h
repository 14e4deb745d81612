/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-state-view.h: an actor's live state as a tree and as JSON, with safe editing */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LENS_TYPE_STATE_VIEW (lens_state_view_get_type ())

G_DECLARE_FINAL_TYPE (LensStateView, lens_state_view, LENS, STATE_VIEW, GtkWidget)

GtkWidget *lens_state_view_new            (void);
gboolean   lens_state_view_get_editing    (LensStateView *self);
gboolean   lens_state_view_get_conflicted (LensStateView *self);
void       lens_state_view_set_text       (LensStateView *self,
                                           const char    *text);
char      *lens_state_view_dup_text       (LensStateView *self);

G_END_DECLS
