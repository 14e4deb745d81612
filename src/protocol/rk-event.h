/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-event.h: one event an actor sent, as a row of the event log */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define RK_TYPE_EVENT (rk_event_get_type ())

G_DECLARE_FINAL_TYPE (RkEvent, rk_event, RK, EVENT, GObject)

RkEvent     *rk_event_new             (gint64       time_us,
                                       const char  *connection,
                                       const char  *name,
                                       const char  *args_json,
                                       gssize       length);
gint64       rk_event_get_time        (RkEvent     *self);
const char  *rk_event_get_connection  (RkEvent     *self);
const char  *rk_event_get_name        (RkEvent     *self);
JsonNode    *rk_event_get_args        (RkEvent     *self);
const char  *rk_event_get_preview     (RkEvent     *self);
char        *rk_event_dup_json_text   (RkEvent     *self);

G_END_DECLS
