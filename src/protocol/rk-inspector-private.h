/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-inspector-private.h: the RkInspector struct, shared by its .c files */

#pragma once

#include <libsoup/soup.h>

#include "rk-inspector-protocol.h"
#include "rk-inspector.h"

G_BEGIN_DECLS

/* Inspector frames on their way to the main context (rk-inspector-push.c) */
typedef struct _RkInspectorFrames RkInspectorFrames;

struct _RkInspector
{
  GObject parent_instance;

  /* Owned references */
  RkClient *client;
  GCancellable *cancellable;
  SoupWebsocketConnection *socket;
  RkInspectorFrames *frames;
  JsonNode *state;
  JsonNode *connections;

  /* State */
  char *actor_id;
  char *token;
  char *transport_reason;
  char **rpcs;
  guint64 queue_size;
  RkInspectorTransport transport;
  guint protocol_version;
  guint poll_interval;
  guint poll_source;
  guint retry_source;
  guint retry_ms;
  gulong message_handler;
  gulong closed_handler;
  guint started : 1;
  guint loaded : 1;
  guint push_enabled : 1;
  guint is_state_enabled : 1;
  guint is_database_enabled : 1;
  guint is_workflow_enabled : 1;
  guint poll_in_flight : 1;
};

void     _rk_inspector_fetch_token_async  (RkInspector          *self,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean _rk_inspector_fetch_token_finish (RkInspector          *self,
                                          GAsyncResult         *result,
                                          GError              **error);

void     _rk_inspector_set_transport     (RkInspector          *self,
                                          RkInspectorTransport  transport,
                                          const char           *reason);
void     _rk_inspector_apply_message     (RkInspector          *self,
                                          RkInspectorMessage   *message);
void     _rk_inspector_apply_decoded     (RkInspector          *self,
                                          RkInspectorMessage   *message,
                                          gboolean              compared,
                                          JsonNode             *compared_with,
                                          gboolean              equal);
gboolean _rk_inspector_message_has_state (RkInspectorMessage   *message);
void     _rk_inspector_apply_summary     (RkInspector          *self,
                                          JsonNode             *summary);
void     _rk_inspector_connect_push      (RkInspector          *self);
void     _rk_inspector_start_polling     (RkInspector          *self,
                                          const char           *reason);
void     _rk_inspector_drop_socket       (RkInspector          *self);
void     _rk_inspector_receive_frame     (RkInspector          *self,
                                          GBytes               *frame);
void     _rk_inspector_drop_frames       (RkInspector          *self);
gboolean _rk_inspector_get_decoding      (RkInspector          *self);
guint    _rk_inspector_get_n_frame_queues (void);

G_END_DECLS
