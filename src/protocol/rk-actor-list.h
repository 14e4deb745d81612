/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-actor-list.h: the live list of one actor type's instances, as a GListModel */

#pragma once

#include <gio/gio.h>

#include "rk-types.h"

G_BEGIN_DECLS

#define RK_TYPE_ACTOR_LIST (rk_actor_list_get_type ())

G_DECLARE_FINAL_TYPE (RkActorList, rk_actor_list, RK, ACTOR_LIST, GObject)

RkActorList   *rk_actor_list_new               (RkClient             *client,
                                                const char           *name);
RkClient      *rk_actor_list_get_client        (RkActorList          *self);
const char    *rk_actor_list_get_name          (RkActorList          *self);
gboolean       rk_actor_list_get_loading       (RkActorList          *self);
const GError  *rk_actor_list_get_error         (RkActorList          *self);
guint          rk_actor_list_get_auto_refresh  (RkActorList          *self);
void           rk_actor_list_set_auto_refresh  (RkActorList          *self,
                                                guint                 seconds);
RkActor       *rk_actor_list_lookup            (RkActorList          *self,
                                                const char           *actor_id);
void           rk_actor_list_refresh_async     (RkActorList          *self,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean       rk_actor_list_refresh_finish    (RkActorList          *self,
                                                GAsyncResult         *result,
                                                GError              **error);

G_END_DECLS
