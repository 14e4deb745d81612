/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-type-node.h: one actor type in the sidebar, with its instances refreshed in place */

#pragma once

#include <gio/gio.h>

#include "rk-actor-list.h"
#include "rk-actor-type.h"
#include "rk-actor.h"
#include "rk-client.h"

G_BEGIN_DECLS

#define LENS_TYPE_TYPE_NODE (lens_type_node_get_type ())

G_DECLARE_FINAL_TYPE (LensTypeNode, lens_type_node, LENS, TYPE_NODE, GObject)

LensTypeNode *lens_type_node_new               (RkClient           *client,
                                                RkActorType        *actor_type);
RkActorType  *lens_type_node_get_actor_type    (LensTypeNode       *self);
void          lens_type_node_set_actor_type    (LensTypeNode       *self,
                                                RkActorType        *actor_type);
const char   *lens_type_node_get_name          (LensTypeNode       *self);
GListModel   *lens_type_node_get_instances     (LensTypeNode       *self);
guint         lens_type_node_get_n_awake       (LensTypeNode       *self);
gboolean      lens_type_node_get_loaded        (LensTypeNode       *self);
gboolean      lens_type_node_get_loading       (LensTypeNode       *self);
const char   *lens_type_node_get_error_message (LensTypeNode       *self);
RkActor      *lens_type_node_find              (LensTypeNode       *self,
                                                const char * const *key);
RkActor      *lens_type_node_lookup            (LensTypeNode       *self,
                                                const char         *actor_id);
void          lens_type_node_refresh           (LensTypeNode       *self);

G_END_DECLS
