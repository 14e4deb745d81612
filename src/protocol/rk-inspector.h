/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-inspector.h: one actor's inspector: live state, connections and queue,
 * pushed over the inspector WebSocket (BARE) or polled over HTTP */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "rk-types.h"

G_BEGIN_DECLS

#define RK_TYPE_INSPECTOR (rk_inspector_get_type ())

G_DECLARE_FINAL_TYPE (RkInspector, rk_inspector, RK, INSPECTOR, GObject)

RkInspector          *rk_inspector_new                    (RkClient             *client,
                                                           const char           *actor_id);
RkClient             *rk_inspector_get_client             (RkInspector          *self);
const char           *rk_inspector_get_actor_id           (RkInspector          *self);
RkInspectorTransport  rk_inspector_get_transport          (RkInspector          *self);
const char           *rk_inspector_get_transport_reason   (RkInspector          *self);
guint                 rk_inspector_get_protocol_version   (RkInspector          *self);
JsonNode             *rk_inspector_get_state              (RkInspector          *self);
gboolean              rk_inspector_get_is_state_enabled   (RkInspector          *self);
JsonNode             *rk_inspector_get_connections        (RkInspector          *self);
const char * const   *rk_inspector_get_rpcs               (RkInspector          *self);
guint64               rk_inspector_get_queue_size         (RkInspector          *self);
gboolean              rk_inspector_get_is_database_enabled (RkInspector         *self);
gboolean              rk_inspector_get_is_workflow_enabled (RkInspector         *self);
gboolean              rk_inspector_get_loaded             (RkInspector          *self);
void                  rk_inspector_set_poll_interval      (RkInspector          *self,
                                                           guint                 seconds);
void                  rk_inspector_set_push_enabled       (RkInspector          *self,
                                                           gboolean              enabled);
void                  rk_inspector_start                  (RkInspector          *self);
void                  rk_inspector_stop                   (RkInspector          *self);

/* One JSON endpoint of `/gateway/{id}/inspector/…`: the typed calls below
 * are built on it. @query is NULL-terminated name/value pairs. */
void                  rk_inspector_request_async          (RkInspector          *self,
                                                           const char           *method,
                                                           const char           *path,
                                                           const char * const   *query,
                                                           JsonNode             *body,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
JsonNode             *rk_inspector_request_finish         (RkInspector          *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

void                  rk_inspector_get_summary_async      (RkInspector          *self,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
void                  rk_inspector_get_metrics_async      (RkInspector          *self,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
void                  rk_inspector_get_queue_async        (RkInspector          *self,
                                                           guint                 limit,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
void                  rk_inspector_get_database_schema_async (RkInspector       *self,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
void                  rk_inspector_get_database_rows_async (RkInspector         *self,
                                                           const char           *table,
                                                           guint                 limit,
                                                           guint                 offset,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
void                  rk_inspector_execute_sql_async      (RkInspector          *self,
                                                           const char           *sql,
                                                           JsonNode             *args,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
void                  rk_inspector_get_workflow_history_async (RkInspector      *self,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
void                  rk_inspector_patch_state_async      (RkInspector          *self,
                                                           JsonNode             *state,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
char                 *rk_inspector_describe_patch_loss    (RkInspector          *self,
                                                           JsonNode             *state);
void                  rk_inspector_action_async           (RkInspector          *self,
                                                           const char           *action,
                                                           JsonNode             *args,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);

G_END_DECLS
