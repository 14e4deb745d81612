/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-actions-view.h: call an actor's actions from typed forms; results, errors, history */

#pragma once

#include <gtk/gtk.h>

#include "lens-args-editor.h"

G_BEGIN_DECLS

#define LENS_TYPE_ACTIONS_VIEW (lens_actions_view_get_type ())

G_DECLARE_FINAL_TYPE (LensActionsView, lens_actions_view, LENS, ACTIONS_VIEW, GtkWidget)

GtkWidget      *lens_actions_view_new             (void);
const char     *lens_actions_view_get_action      (LensActionsView *self);
void            lens_actions_view_set_action      (LensActionsView *self,
                                                   const char      *action);
LensArgsEditor *lens_actions_view_get_args_editor (LensActionsView *self);
GListModel     *lens_actions_view_get_history     (LensActionsView *self);
void            lens_actions_view_invoke          (LensActionsView *self);

G_END_DECLS
