/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-overview-page.h: an actor's identity, lifecycle and live counters */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LENS_TYPE_OVERVIEW_PAGE (lens_overview_page_get_type ())

G_DECLARE_FINAL_TYPE (LensOverviewPage, lens_overview_page, LENS, OVERVIEW_PAGE, GtkWidget)

GtkWidget *lens_overview_page_new (void);

G_END_DECLS
