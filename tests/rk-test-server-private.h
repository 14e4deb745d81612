/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-test-server-private.h: the RkTestServer struct and what its two .c files share */

#pragma once

#include "rk-test-server.h"

G_BEGIN_DECLS

typedef enum
{
  STEP_SEND,
  STEP_SEND_RAW,
  STEP_INIT,
  STEP_EXPECT,
  STEP_REPLY,
  STEP_REPLY_ERROR,
  STEP_ECHO,
  STEP_DELAY,
  STEP_CLOSE,
  STEP_DROP,
} RkTestStepKind;

typedef struct
{
  RkTestStepKind  kind;
  GBytes         *data;
  gboolean        binary;
  char           *text;
  char           *group;
  char           *code;
  char           *message;
  guint           number;
} RkTestStep;

struct _RkTestWsScript
{
  gatomicrefcount ref_count;
  GPtrArray *steps;
};

struct _RkTestRoute
{
  char *method;
  char *path;
  char *query;
  char *content_type;
  GBytes *body;
  GPtrArray *headers;
  RkTestHandler handler;
  gpointer handler_data;
  RkTestWsScript *script;
  RkTestFault fault;
  guint status;
  guint delay_ms;
  guint times;
  guint hits;
};

typedef struct
{
  RkTestServer *server;
  SoupWebsocketConnection *connection;
  GSocket *socket;
  RkTestWsScript *script;
  guint index;
  guint step;
  guint timer;
  gulong message_handler;
  gulong closed_handler;
  guint waiting : 1;
  guint echo : 1;
  guint open : 1;
} RkTestPeer;

struct _RkTestServer
{
  GObject parent_instance;

  /* Owned references */
  SoupServer *soup;
  GPtrArray *routes;
  GPtrArray *requests;
  GPtrArray *peers;
  GPtrArray *frames;
  GPtrArray *parked;

  /* State */
  char *url;
  guint port;
  guint running : 1;
};

void _rk_test_server_websocket_cb (SoupServer              *soup,
                                   SoupServerMessage       *message,
                                   const char              *path,
                                   SoupWebsocketConnection *connection,
                                   gpointer                 user_data);
void _rk_test_peer_drop           (RkTestPeer              *peer);
void _rk_test_peer_free           (RkTestPeer              *peer);
void _rk_test_frame_free          (RkTestFrame             *frame);

G_END_DECLS
