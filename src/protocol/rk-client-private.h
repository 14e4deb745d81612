/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-client-private.h: what the rk-client-*.c files and RkConnection/RkInspector share */

#pragma once

#include "rk-client.h"

G_BEGIN_DECLS

typedef struct _RkRequest RkRequest;

struct _RkClient
{
  GObject parent_instance;

  /* Owned references */
  SoupSession *session;
  RkServerInfo *server_info;

  /* State */
  char *configured_endpoint;
  char *endpoint;
  char *namespace_;
  char *token;
  guint64 request_count;
  guint timeout;
  guint follow_client_endpoint : 1;
};


RkRequest   *_rk_request_new                 (const char          *method,
                                              char                *url,
                                              char                *log_url);
void         _rk_request_free                (RkRequest           *request);
void         _rk_request_set_header          (RkRequest           *request,
                                              const char          *name,
                                              const char          *value);
void         _rk_request_set_body            (RkRequest           *request,
                                              const char          *content_type,
                                              GBytes              *body);
void         _rk_request_set_json_body       (RkRequest           *request,
                                              char                *json_text);
void         _rk_request_set_conn_params     (RkRequest           *request,
                                              JsonNode            *conn_params);
void         _rk_request_set_raw             (RkRequest           *request,
                                              gboolean             raw);
void         _rk_request_set_idempotent      (RkRequest           *request,
                                              gboolean             idempotent);
void         _rk_request_set_what            (RkRequest           *request,
                                              const char          *what);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RkRequest, _rk_request_free)

char        *_rk_client_gateway_url          (RkClient            *self,
                                              const char          *actor_id,
                                              const char          *actor_path,
                                              gboolean             redact);
RkRequest   *_rk_client_manager_request      (RkClient            *self,
                                              const char          *method,
                                              const char          *path,
                                              ...) G_GNUC_NULL_TERMINATED;
RkRequest   *_rk_client_gateway_request      (RkClient            *self,
                                              const char          *method,
                                              const char          *actor_id,
                                              const char          *actor_path);
void         _rk_client_send_async           (RkClient            *self,
                                              RkRequest           *request,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
GBytes      *_rk_client_send_finish          (RkClient            *self,
                                              GAsyncResult        *result,
                                              SoupMessage        **out_message,
                                              gint64              *out_elapsed_us,
                                              GError             **error);
JsonNode    *_rk_client_send_json_finish     (RkClient            *self,
                                              GAsyncResult        *result,
                                              GError             **error);
SoupSession *_rk_client_get_session          (RkClient            *self);

char        *_rk_client_encode_conn_params   (JsonNode            *conn_params);
GError      *_rk_client_transport_error      (RkClient            *self,
                                              GError              *error);
void         _rk_client_redact_error         (RkClient            *self,
                                              GError              *error);
char        *_rk_client_redact               (RkClient            *self,
                                              const char          *text);
void         _rk_client_count_request        (RkClient            *self);

G_END_DECLS
