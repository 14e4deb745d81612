/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-actor-page.h: one actor: overview, state, actions, connections, events */

#pragma once

#include <adwaita.h>

#include "rk-actor.h"
#include "rk-inspector.h"

#include "lens-endpoint.h"

G_BEGIN_DECLS

#define LENS_TYPE_ACTOR_PAGE (lens_actor_page_get_type ())

G_DECLARE_FINAL_TYPE (LensActorPage, lens_actor_page, LENS, ACTOR_PAGE, GtkWidget)

GtkWidget    *lens_actor_page_new             (void);
LensEndpoint *lens_actor_page_get_endpoint    (LensActorPage *self);
void          lens_actor_page_set_endpoint    (LensActorPage *self,
                                               LensEndpoint  *endpoint);
RkActor      *lens_actor_page_get_actor       (LensActorPage *self);
void          lens_actor_page_set_actor       (LensActorPage *self,
                                               RkActor       *actor);
RkInspector  *lens_actor_page_get_inspector   (LensActorPage *self);
GListModel   *lens_actor_page_get_connections (LensActorPage *self);
AdwViewStack *lens_actor_page_get_view_stack  (LensActorPage *self);
void          lens_actor_page_show_page       (LensActorPage *self,
                                               const char    *name);
void          lens_actor_page_refresh         (LensActorPage *self);

G_END_DECLS
