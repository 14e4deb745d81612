/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-transition.h: one recorded change of a connection's status */

#pragma once

#include <glib-object.h>

#include "rk-types.h"

G_BEGIN_DECLS

#define RK_TYPE_TRANSITION (rk_transition_get_type ())

G_DECLARE_FINAL_TYPE (RkTransition, rk_transition, RK, TRANSITION, GObject)

RkTransition       *rk_transition_new              (RkConnectionStatus  from,
                                                    RkConnectionStatus  to,
                                                    const char         *reason,
                                                    const GError       *error,
                                                    guint               attempt);
gint64              rk_transition_get_time         (RkTransition       *self);
RkConnectionStatus  rk_transition_get_from         (RkTransition       *self);
RkConnectionStatus  rk_transition_get_to           (RkTransition       *self);
const char         *rk_transition_get_reason       (RkTransition       *self);
guint               rk_transition_get_close_code   (RkTransition       *self);
const char         *rk_transition_get_error_group  (RkTransition       *self);
const char         *rk_transition_get_error_code   (RkTransition       *self);
guint               rk_transition_get_attempt      (RkTransition       *self);
const char         *rk_connection_status_to_string (RkConnectionStatus  status);

G_END_DECLS
