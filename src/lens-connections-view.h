/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-connections-view.h: connections opened by Actor Lens and those the actor reports */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LENS_TYPE_CONNECTIONS_VIEW (lens_connections_view_get_type ())

G_DECLARE_FINAL_TYPE (LensConnectionsView, lens_connections_view, LENS, CONNECTIONS_VIEW,
                      GtkWidget)

GtkWidget *lens_connections_view_new                     (void);
gboolean   lens_connections_view_open                    (LensConnectionsView *self,
                                                          const char          *params_json,
                                                          GError             **error);
guint      lens_connections_view_get_n_actor_connections (LensConnectionsView *self);

G_END_DECLS
