/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-queue-view.h: an actor's message queue, and a form to send to it */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LENS_TYPE_QUEUE_VIEW (lens_queue_view_get_type ())

G_DECLARE_FINAL_TYPE (LensQueueView, lens_queue_view, LENS, QUEUE_VIEW, GtkWidget)

GtkWidget *lens_queue_view_new           (void);
gboolean   lens_queue_view_get_has_queue (LensQueueView *self);

G_END_DECLS
