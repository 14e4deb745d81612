/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-actor.h: one actor instance as the manager API lists it */

#pragma once

#include <json-glib/json-glib.h>

#include "rk-types.h"

G_BEGIN_DECLS

#define RK_TYPE_ACTOR (rk_actor_get_type ())

G_DECLARE_FINAL_TYPE (RkActor, rk_actor, RK, ACTOR, GObject)

RkActor             *rk_actor_new_from_json       (JsonNode  *node,
                                                   GError   **error);
const char          *rk_actor_get_id              (RkActor   *self);
const char          *rk_actor_get_name            (RkActor   *self);
const char * const  *rk_actor_get_key             (RkActor   *self);
const char          *rk_actor_get_serialized_key  (RkActor   *self);
const char          *rk_actor_get_namespace_id    (RkActor   *self);
const char          *rk_actor_get_datacenter      (RkActor   *self);
const char          *rk_actor_get_crash_policy    (RkActor   *self);
gint64               rk_actor_get_create_ts       (RkActor   *self);
gint64               rk_actor_get_start_ts        (RkActor   *self);
gint64               rk_actor_get_connectable_ts  (RkActor   *self);
gint64               rk_actor_get_sleep_ts        (RkActor   *self);
gint64               rk_actor_get_destroy_ts      (RkActor   *self);
RkActorStatus        rk_actor_get_status          (RkActor   *self);
gboolean             rk_actor_update_from         (RkActor   *self,
                                                   RkActor   *newer);
const char          *rk_actor_status_to_string    (RkActorStatus status);

G_END_DECLS
