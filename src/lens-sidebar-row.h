/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-sidebar-row.h: one row of the actor sidebar: an actor type or an instance */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LENS_TYPE_SIDEBAR_ROW (lens_sidebar_row_get_type ())

G_DECLARE_FINAL_TYPE (LensSidebarRow, lens_sidebar_row, LENS, SIDEBAR_ROW, GtkWidget)

GtkWidget *lens_sidebar_row_new      (void);
GObject   *lens_sidebar_row_get_item (LensSidebarRow *self);
void       lens_sidebar_row_set_item (LensSidebarRow *self,
                                      GObject        *item);

G_END_DECLS
