/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-client.h: one RivetKit endpoint: discovery, actor directory, actions, raw handlers */

#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "rk-raw-response.h"
#include "rk-types.h"

G_BEGIN_DECLS

#define RK_TYPE_CLIENT (rk_client_get_type ())

#define RK_DEFAULT_ENDPOINT  "http://localhost:6420"
#define RK_DEFAULT_NAMESPACE "default"

G_DECLARE_FINAL_TYPE (RkClient, rk_client, RK, CLIENT, GObject)

RkClient      *rk_client_new                        (const char           *endpoint,
                                                     const char           *namespace_,
                                                     const char           *token,
                                                     GError              **error);
RkClient      *rk_client_new_from_environment       (GError              **error);
const char    *rk_client_get_endpoint               (RkClient             *self);
const char    *rk_client_get_configured_endpoint    (RkClient             *self);
const char    *rk_client_get_namespace              (RkClient             *self);
gboolean       rk_client_has_token                  (RkClient             *self);
const char    *rk_client_get_token                  (RkClient             *self);
gboolean       rk_client_get_follow_client_endpoint (RkClient             *self);
void           rk_client_set_follow_client_endpoint (RkClient             *self,
                                                     gboolean              follow);
guint          rk_client_get_timeout                (RkClient             *self);
void           rk_client_set_timeout                (RkClient             *self,
                                                     guint                 seconds);
RkServerInfo  *rk_client_get_server_info            (RkClient             *self);
guint64        rk_client_get_request_count          (RkClient             *self);

/* Discovery */
void           rk_client_probe_async                (RkClient             *self,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
RkServerInfo  *rk_client_probe_finish               (RkClient             *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* Actor directory (rk-client-actors.c) */
void           rk_client_list_actor_types_async     (RkClient             *self,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
GPtrArray     *rk_client_list_actor_types_finish    (RkClient             *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
void           rk_client_list_actors_async          (RkClient             *self,
                                                     const char           *name,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
GPtrArray     *rk_client_list_actors_finish         (RkClient             *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
void           rk_client_get_actor_async            (RkClient             *self,
                                                     const char           *name,
                                                     const char * const   *key,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
RkActor       *rk_client_get_actor_finish           (RkClient             *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
void           rk_client_get_actors_by_ids_async    (RkClient             *self,
                                                     const char * const   *ids,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
GPtrArray     *rk_client_get_actors_by_ids_finish   (RkClient             *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
void           rk_client_get_or_create_actor_async  (RkClient             *self,
                                                     const char           *name,
                                                     const char * const   *key,
                                                     JsonNode             *input,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
RkActor       *rk_client_get_or_create_actor_finish (RkClient             *self,
                                                     GAsyncResult         *result,
                                                     gboolean             *created,
                                                     GError              **error);
void           rk_client_create_actor_async         (RkClient             *self,
                                                     const char           *name,
                                                     const char * const   *key,
                                                     JsonNode             *input,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
RkActor       *rk_client_create_actor_finish        (RkClient             *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
void           rk_client_destroy_actor_async        (RkClient             *self,
                                                     const char           *actor_id,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean       rk_client_destroy_actor_finish       (RkClient             *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
void           rk_client_wake_actor_async           (RkClient             *self,
                                                     const char           *actor_id,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean       rk_client_wake_actor_finish          (RkClient             *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
void           rk_client_get_inspector_token_async  (RkClient             *self,
                                                     const char           *actor_id,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
char          *rk_client_get_inspector_token_finish (RkClient             *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* Through the gateway (rk-client-gateway.c) */
void           rk_client_action_async               (RkClient             *self,
                                                     const char           *actor_id,
                                                     const char           *action,
                                                     JsonNode             *args,
                                                     JsonNode             *conn_params,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
JsonNode      *rk_client_action_finish              (RkClient             *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
void           rk_client_queue_send_async           (RkClient             *self,
                                                     const char           *actor_id,
                                                     const char           *queue,
                                                     JsonNode             *body,
                                                     gboolean              wait,
                                                     guint                 timeout_ms,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
JsonNode      *rk_client_queue_send_finish          (RkClient             *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
void           rk_client_raw_request_async          (RkClient             *self,
                                                     const char           *actor_id,
                                                     const char           *method,
                                                     const char           *path,
                                                     SoupMessageHeaders   *headers,
                                                     GBytes               *body,
                                                     JsonNode             *conn_params,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
RkRawResponse *rk_client_raw_request_finish         (RkClient             *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
void           rk_client_raw_websocket_async        (RkClient             *self,
                                                     const char           *actor_id,
                                                     const char           *path,
                                                     const char * const   *protocols,
                                                     JsonNode             *conn_params,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
SoupWebsocketConnection *
               rk_client_raw_websocket_finish       (RkClient             *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
RkConnection  *rk_client_connect                    (RkClient             *self,
                                                     const char           *actor_id,
                                                     JsonNode             *conn_params);

G_END_DECLS
