/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-connection-private.h: the RkConnection struct, shared by its two .c files */

#pragma once

#include <libsoup/soup.h>

#include "rk-connection.h"

G_BEGIN_DECLS

typedef struct _RkPendingAction RkPendingAction;

struct _RkConnection
{
  GObject parent_instance;

  /* Owned references */
  RkClient *client;
  JsonNode *conn_params;
  SoupWebsocketConnection *socket;
  GCancellable *handshake_cancellable;
  GCancellable *liveness_cancellable;
  GListStore *transitions;
  GHashTable *subscriptions;
  GQueue queued;
  GHashTable *in_flight;
  GError *socket_error;

  /* State */
  char *actor_id;
  char *connection_id;
  char *status_reason;
  char **subscription_list;
  RkConnectionStatus status;
  guint64 next_action_id;
  gint64 next_attempt_time;
  guint attempt;
  guint retry_source;
  guint init_timeout_source;
  guint liveness_source;
  guint action_timeout_ms;
  guint max_queued;
  guint backoff_initial_ms;
  guint backoff_max_ms;
  guint liveness_interval_s;
  gulong message_handler;
  gulong closed_handler;
  gulong socket_error_handler;
  guint closing_by_us : 1;
  guint initialised : 1;
};

void     _rk_connection_flush_queue      (RkConnection *self);
void     _rk_connection_fail_in_flight   (RkConnection *self,
                                          const GError *error);
void     _rk_connection_fail_queued      (RkConnection *self,
                                          const GError *error);
void     _rk_connection_handle_response  (RkConnection *self,
                                          JsonObject   *val);
gboolean _rk_connection_handle_error     (RkConnection *self,
                                          JsonObject   *val);
void     _rk_connection_send_frame       (RkConnection *self,
                                          const char   *tag,
                                          JsonNode     *val);
void     _rk_connection_lost             (RkConnection *self,
                                          const char   *reason,
                                          const GError *error);
void     _rk_connection_emit_error       (RkConnection *self,
                                          const GError *error);
void     _rk_connection_emit_event       (RkConnection *self,
                                          const char   *name,
                                          JsonNode     *args);
void     _rk_connection_notify           (RkConnection *self,
                                          const char   *property);
void     _rk_connection_drop_socket      (RkConnection *self);
void     _rk_connection_set_status       (RkConnection       *self,
                                          RkConnectionStatus  status,
                                          const char         *reason,
                                          const GError       *error);
void     _rk_connection_start_handshake  (RkConnection *self);

G_END_DECLS
