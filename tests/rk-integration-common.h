/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-integration-common.h: what the integration tests (test-integration-*.c) and
 * the fixture-server tests (test-driver-fixtures-*.c) share: one real server and
 * one client per executable, and helpers that assert as they go */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "rk-actor.h"
#include "rk-client.h"
#include "rk-connection.h"
#include "rk-real-server.h"
#include "rk-transition.h"

G_BEGIN_DECLS

/* The events and errors a connection emitted, in order. */
typedef struct
{
  GPtrArray *names;           /* char * */
  GPtrArray *args;            /* JsonNode */
  GPtrArray *errors;          /* GError */
} RkItEventLog;

/* A raw WebSocket with every frame it received. */
typedef struct
{
  SoupWebsocketConnection *socket;
  GPtrArray *frames;          /* GBytes */
  GPtrArray *types;           /* GINT_TO_POINTER (SoupWebsocketDataType) */
  gboolean closed;
} RkItRawSocket;

/* The server and the client */
RkClient      *rk_it_init_from_env    (int                 *argc,
                                       char              ***argv);
RkClient      *rk_it_init_fixtures    (int                 *argc,
                                       char              ***argv);
int            rk_it_run              (void);
RkRealServer  *rk_it_server           (void);
gboolean       rk_it_is_engine        (void);

/* Directory */
RkActor       *rk_it_get_or_create    (const char          *name,
                                       const char * const  *key,
                                       gboolean            *created);
RkActor       *rk_it_fresh_actor      (const char          *name);
GPtrArray     *rk_it_actors_by_id     (const char          *actor_id);
int            rk_it_actor_status     (const char          *actor_id);
void           rk_it_wait_for_status  (const char          *actor_id,
                                       int                  expected);

/* Actions and values */
JsonNode      *rk_it_call_action      (const char          *actor_id,
                                       const char          *action,
                                       const char          *args_json,
                                       const char          *params_json,
                                       GError             **error);
JsonNode      *rk_it_call_ok          (const char          *actor_id,
                                       const char          *action,
                                       const char          *args_json,
                                       const char          *params_json);
JsonNode      *rk_it_call_over        (RkConnection        *connection,
                                       const char          *action,
                                       const char          *args_json,
                                       GError             **error);
JsonNode      *rk_it_call_over_ok     (RkConnection        *connection,
                                       const char          *action,
                                       const char          *args_json);
JsonNode      *rk_it_compat_json      (const char          *plain_json);
void           rk_it_assert_json      (JsonNode            *node,
                                       const char          *expected_json);
JsonObject    *rk_it_object_of        (JsonNode            *node);
const char    *rk_it_member_string    (JsonNode            *node,
                                       const char          *member);
gint64         rk_it_member_int       (JsonNode            *node,
                                       const char          *member);

/* Connections */
void           rk_it_event_log_init   (RkItEventLog        *log);
void           rk_it_event_log_clear  (RkItEventLog        *log);
void           rk_it_event_log_watch  (RkItEventLog        *log,
                                       RkConnection        *connection);
JsonNode      *rk_it_event_log_find   (RkItEventLog        *log,
                                       const char          *name);
RkConnection  *rk_it_connect_to       (const char          *actor_id,
                                       const char          *params_json);
RkConnection  *rk_it_open_connection  (const char          *actor_id,
                                       const char          *params_json);
RkTransition  *rk_it_last_transition  (RkConnection        *connection);
gboolean       rk_it_saw_status       (RkConnection        *connection,
                                       RkConnectionStatus   status);
void           rk_it_log_transitions  (RkConnection        *connection);

/* Raw handlers */
RkRawResponse *rk_it_raw_request      (const char          *actor_id,
                                       const char          *method,
                                       const char          *path,
                                       SoupMessageHeaders  *headers,
                                       const char          *body,
                                       const char          *params_json);
char          *rk_it_response_text    (RkRawResponse       *response);
JsonNode      *rk_it_response_json    (RkRawResponse       *response);
void           rk_it_assert_plain     (JsonNode            *node,
                                       const char          *expected_json);
RkItRawSocket *rk_it_raw_socket_open  (const char          *actor_id,
                                       const char          *path,
                                       const char          *params_json);
void           rk_it_raw_socket_free  (RkItRawSocket       *raw);
char          *rk_it_raw_frame_text   (RkItRawSocket       *raw,
                                       guint                index);
JsonNode      *rk_it_raw_frame_json   (RkItRawSocket       *raw,
                                       guint                index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RkItRawSocket, rk_it_raw_socket_free)

G_END_DECLS
