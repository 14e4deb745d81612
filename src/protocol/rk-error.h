/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rk-error.h: the RK_ERROR domain, carrying RivetKit's group, code, metadata and status */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define RK_ERROR (rk_error_quark ())

/**
 * RkError:
 * @RK_ERROR_FAILED: anything else
 * @RK_ERROR_REMOTE: the server or the actor answered with a RivetKit error
 *   (`group`, `code`, `message`, `metadata`): see rk_error_get_group ()
 * @RK_ERROR_HTTP: a non-2xx reply that carried no RivetKit error body
 * @RK_ERROR_INVALID_REPLY: a reply that could not be parsed
 * @RK_ERROR_PROTOCOL: a message that breaks the protocol (unknown tag, wrong type)
 * @RK_ERROR_CLOSED: the connection closed before the operation completed
 * @RK_ERROR_TIMEOUT: no answer within the allowed time
 * @RK_ERROR_NOT_SUPPORTED: this server does not offer the operation
 * @RK_ERROR_INVALID_ARGUMENT: the caller passed a value that cannot be sent
 * @RK_ERROR_UNREACHABLE: the server could not be reached at all
 * @RK_ERROR_QUEUE_FULL: too many actions queued while disconnected
 * @RK_ERROR_UNAUTHORIZED: the server refused the credentials
 */
typedef enum
{
  RK_ERROR_FAILED,
  RK_ERROR_REMOTE,
  RK_ERROR_HTTP,
  RK_ERROR_INVALID_REPLY,
  RK_ERROR_PROTOCOL,
  RK_ERROR_CLOSED,
  RK_ERROR_TIMEOUT,
  RK_ERROR_NOT_SUPPORTED,
  RK_ERROR_INVALID_ARGUMENT,
  RK_ERROR_UNREACHABLE,
  RK_ERROR_QUEUE_FULL,
  RK_ERROR_UNAUTHORIZED,
} RkError;

GQuark      rk_error_quark            (void);

const char *rk_error_get_group        (const GError *error);
const char *rk_error_get_code         (const GError *error);
JsonNode   *rk_error_get_metadata     (const GError *error);
guint       rk_error_get_http_status  (const GError *error);
gushort     rk_error_get_close_code   (const GError *error);
const char *rk_error_get_ray_id       (const GError *error);
const char *rk_error_get_raw_body     (const GError *error);
gboolean    rk_error_matches          (const GError *error,
                                       const char   *group,
                                       const char   *code);

GError     *rk_error_new_remote       (const char   *group,
                                       const char   *code,
                                       const char   *message,
                                       JsonNode     *metadata,
                                       guint         http_status);
GError     *rk_error_new_from_reply   (guint         http_status,
                                       const char   *reason_phrase,
                                       GBytes       *body);
GError     *rk_error_new_from_object  (JsonObject   *object,
                                       guint         http_status);
GError     *rk_error_new_from_close   (gushort       close_code,
                                       const char   *close_reason);

G_END_DECLS
