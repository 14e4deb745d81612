/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-connection.h: a stateful RivetKit connection to one actor (WebSocket) */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "rk-types.h"

G_BEGIN_DECLS

#define RK_TYPE_CONNECTION (rk_connection_get_type ())

G_DECLARE_FINAL_TYPE (RkConnection, rk_connection, RK, CONNECTION, GObject)

RkConnection       *rk_connection_new                  (RkClient             *client,
                                                        const char           *actor_id,
                                                        JsonNode             *conn_params);
RkClient           *rk_connection_get_client           (RkConnection         *self);
const char         *rk_connection_get_actor_id         (RkConnection         *self);
JsonNode           *rk_connection_get_conn_params      (RkConnection         *self);
RkConnectionStatus  rk_connection_get_status           (RkConnection         *self);
const char         *rk_connection_get_status_reason    (RkConnection         *self);
const char         *rk_connection_get_connection_id    (RkConnection         *self);
GListModel         *rk_connection_get_transitions      (RkConnection         *self);
const char * const *rk_connection_get_subscriptions    (RkConnection         *self);
guint               rk_connection_get_queued_count     (RkConnection         *self);
guint               rk_connection_get_attempt          (RkConnection         *self);
gint64              rk_connection_get_next_attempt_time (RkConnection        *self);
void                rk_connection_set_action_timeout   (RkConnection         *self,
                                                        guint                 timeout_ms);
void                rk_connection_set_max_queued       (RkConnection         *self,
                                                        guint                 max_queued);
void                rk_connection_set_backoff          (RkConnection         *self,
                                                        guint                 initial_ms,
                                                        guint                 max_ms);
void                rk_connection_set_liveness_interval (RkConnection        *self,
                                                        guint                 seconds);
void                rk_connection_open                 (RkConnection         *self);
void                rk_connection_close                (RkConnection         *self);
void                rk_connection_reconnect            (RkConnection         *self);
void                rk_connection_subscribe            (RkConnection         *self,
                                                        const char           *event_name);
void                rk_connection_unsubscribe          (RkConnection         *self,
                                                        const char           *event_name);
gboolean            rk_connection_is_subscribed        (RkConnection         *self,
                                                        const char           *event_name);
void                rk_connection_action_async         (RkConnection         *self,
                                                        const char           *action,
                                                        JsonNode             *args,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
JsonNode           *rk_connection_action_finish        (RkConnection         *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

G_END_DECLS
