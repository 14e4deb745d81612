/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-actor-type.h: one actor type of a registry, with its display metadata */

#pragma once

#include <json-glib/json-glib.h>

#include "rk-types.h"

G_BEGIN_DECLS

#define RK_TYPE_ACTOR_TYPE (rk_actor_type_get_type ())

G_DECLARE_FINAL_TYPE (RkActorType, rk_actor_type, RK, ACTOR_TYPE, GObject)

RkActorType *rk_actor_type_new               (const char  *name,
                                              const char  *display_name,
                                              const char  *icon);
RkActorType *rk_actor_type_new_from_json     (const char  *name,
                                              JsonNode    *entry);
const char  *rk_actor_type_get_name          (RkActorType *self);
const char  *rk_actor_type_get_display_name  (RkActorType *self);
const char  *rk_actor_type_get_icon          (RkActorType *self);
gboolean     rk_actor_type_has_display_name  (RkActorType *self);

G_END_DECLS
