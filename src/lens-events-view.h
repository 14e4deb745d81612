/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-events-view.h: the events an actor broadcasts, received over the app's connections */

#pragma once

#include <gtk/gtk.h>

#include "rk-event-log.h"

G_BEGIN_DECLS

#define LENS_TYPE_EVENTS_VIEW (lens_events_view_get_type ())

G_DECLARE_FINAL_TYPE (LensEventsView, lens_events_view, LENS, EVENTS_VIEW, GtkWidget)

GtkWidget          *lens_events_view_new               (void);
RkEventLog         *lens_events_view_get_log           (LensEventsView *self);
void                lens_events_view_subscribe         (LensEventsView *self,
                                                        const char     *name);
void                lens_events_view_unsubscribe       (LensEventsView *self,
                                                        const char     *name);
const char * const *lens_events_view_get_subscriptions (LensEventsView *self);

G_END_DECLS
