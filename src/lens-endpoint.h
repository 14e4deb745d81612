/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-endpoint.h: one RivetKit server as the app sees it: client, reachability, server info */

#pragma once

#include <gio/gio.h>

#include "rk-client.h"
#include "rk-server-info.h"

G_BEGIN_DECLS

typedef enum
{
  LENS_ENDPOINT_STATUS_PROBING,
  LENS_ENDPOINT_STATUS_CONNECTED,
  LENS_ENDPOINT_STATUS_UNREACHABLE,
} LensEndpointStatus;

#define LENS_TYPE_ENDPOINT_STATUS (lens_endpoint_status_get_type ())
#define LENS_TYPE_ENDPOINT (lens_endpoint_get_type ())

GType lens_endpoint_status_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (LensEndpoint, lens_endpoint, LENS, ENDPOINT, GObject)

LensEndpoint      *lens_endpoint_new               (RkClient     *client);
RkClient          *lens_endpoint_get_client        (LensEndpoint *self);
LensEndpointStatus lens_endpoint_get_status        (LensEndpoint *self);
RkServerInfo      *lens_endpoint_get_server_info   (LensEndpoint *self);
const char        *lens_endpoint_get_error_message (LensEndpoint *self);
const char        *lens_endpoint_get_title         (LensEndpoint *self);
char              *lens_endpoint_dup_server_label  (LensEndpoint *self);
guint              lens_endpoint_get_interval      (LensEndpoint *self);
void               lens_endpoint_set_interval      (LensEndpoint *self,
                                                    guint         seconds);
void               lens_endpoint_refresh           (LensEndpoint *self);

G_END_DECLS
