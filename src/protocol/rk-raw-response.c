/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-raw-response.c: what an actor's onRequest handler answered */

#define G_LOG_DOMAIN "rk-raw-response"

#include "config.h"

#include "rk-raw-response.h"

struct _RkRawResponse
{
  char *reason;
  SoupMessageHeaders *headers;
  GBytes *body;
  gint64 elapsed_us;
  guint status;
};

G_DEFINE_BOXED_TYPE (RkRawResponse, rk_raw_response, rk_raw_response_ref, rk_raw_response_unref)

/**
 * rk_raw_response_new:
 * @status: HTTP status
 * @reason: (nullable): reason phrase
 * @headers: (transfer none): response headers
 * @body: (nullable) (transfer none): response body
 * @elapsed_us: time from send to the last body byte
 *
 * Returns: (transfer full): a new #RkRawResponse
 */
RkRawResponse *
rk_raw_response_new (guint               status,
                     const char         *reason,
                     SoupMessageHeaders *headers,
                     GBytes             *body,
                     gint64              elapsed_us)
{
  RkRawResponse *self;

  g_return_val_if_fail (headers != NULL, NULL);

  self = g_atomic_rc_box_new0 (RkRawResponse);
  self->status = status;
  self->reason = g_strdup (reason);
  self->headers = soup_message_headers_ref (headers);
  self->body = body ? g_bytes_ref (body) : g_bytes_new (NULL, 0);
  self->elapsed_us = elapsed_us;

  return self;
}

RkRawResponse *
rk_raw_response_ref (RkRawResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

static void
rk_raw_response_clear (gpointer data)
{
  RkRawResponse *self = data;

  g_clear_pointer (&self->reason, g_free);
  g_clear_pointer (&self->headers, soup_message_headers_unref);
  g_clear_pointer (&self->body, g_bytes_unref);
}

void
rk_raw_response_unref (RkRawResponse *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, rk_raw_response_clear);
}

guint
rk_raw_response_get_status (RkRawResponse *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->status;
}

const char *
rk_raw_response_get_reason (RkRawResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->reason;
}

/**
 * rk_raw_response_get_headers:
 * @self: a #RkRawResponse
 *
 * Returns: (transfer none): the response headers
 */
SoupMessageHeaders *
rk_raw_response_get_headers (RkRawResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->headers;
}

/**
 * rk_raw_response_get_body:
 * @self: a #RkRawResponse
 *
 * Returns: (transfer none): the response body (possibly empty)
 */
GBytes *
rk_raw_response_get_body (RkRawResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->body;
}

gint64
rk_raw_response_get_elapsed_us (RkRawResponse *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->elapsed_us;
}
