/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-raw-view.h: an actor's raw onRequest and onWebSocket handlers */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LENS_TYPE_RAW_VIEW (lens_raw_view_get_type ())

G_DECLARE_FINAL_TYPE (LensRawView, lens_raw_view, LENS, RAW_VIEW, GtkWidget)

GtkWidget *lens_raw_view_new (void);

G_END_DECLS
