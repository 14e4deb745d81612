/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-raw-response.h: what an actor's onRequest handler answered */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

#define RK_TYPE_RAW_RESPONSE (rk_raw_response_get_type ())

typedef struct _RkRawResponse RkRawResponse;

GType               rk_raw_response_get_type        (void) G_GNUC_CONST;
RkRawResponse      *rk_raw_response_new             (guint               status,
                                                     const char         *reason,
                                                     SoupMessageHeaders *headers,
                                                     GBytes             *body,
                                                     gint64              elapsed_us);
RkRawResponse      *rk_raw_response_ref             (RkRawResponse      *self);
void                rk_raw_response_unref           (RkRawResponse      *self);
guint               rk_raw_response_get_status      (RkRawResponse      *self);
const char         *rk_raw_response_get_reason      (RkRawResponse      *self);
SoupMessageHeaders *rk_raw_response_get_headers     (RkRawResponse      *self);
GBytes             *rk_raw_response_get_body        (RkRawResponse      *self);
gint64              rk_raw_response_get_elapsed_us  (RkRawResponse      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RkRawResponse, rk_raw_response_unref)

G_END_DECLS
