/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-endpoint-sidebar.h: the actor types of one endpoint and their instances */

#pragma once

#include <gtk/gtk.h>

#include "rk-actor.h"

#include "lens-endpoint.h"

G_BEGIN_DECLS

#define LENS_TYPE_ENDPOINT_SIDEBAR (lens_endpoint_sidebar_get_type ())

G_DECLARE_FINAL_TYPE (LensEndpointSidebar, lens_endpoint_sidebar, LENS, ENDPOINT_SIDEBAR, GtkWidget)

GtkWidget    *lens_endpoint_sidebar_new                (void);
LensEndpoint *lens_endpoint_sidebar_get_endpoint       (LensEndpointSidebar *self);
void          lens_endpoint_sidebar_set_endpoint       (LensEndpointSidebar *self,
                                                        LensEndpoint        *endpoint);
RkActor      *lens_endpoint_sidebar_get_selected_actor (LensEndpointSidebar *self);
GListModel   *lens_endpoint_sidebar_get_types          (LensEndpointSidebar *self);
void          lens_endpoint_sidebar_reveal             (LensEndpointSidebar *self,
                                                        const char          *type_name,
                                                        const char * const  *key);
void          lens_endpoint_sidebar_reveal_actor       (LensEndpointSidebar *self,
                                                        RkActor             *actor);
void          lens_endpoint_sidebar_refresh            (LensEndpointSidebar *self);
void          lens_endpoint_sidebar_focus_filter       (LensEndpointSidebar *self);
void          lens_endpoint_sidebar_create_actor       (LensEndpointSidebar *self);

G_END_DECLS
