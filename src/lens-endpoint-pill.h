/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-endpoint-pill.h: the server status in the header bar, with details in a popover */

#pragma once

#include <gtk/gtk.h>

#include "lens-endpoint.h"

G_BEGIN_DECLS

#define LENS_TYPE_ENDPOINT_PILL (lens_endpoint_pill_get_type ())

G_DECLARE_FINAL_TYPE (LensEndpointPill, lens_endpoint_pill, LENS, ENDPOINT_PILL, GtkWidget)

GtkWidget    *lens_endpoint_pill_new          (void);
LensEndpoint *lens_endpoint_pill_get_endpoint (LensEndpointPill *self);
void          lens_endpoint_pill_set_endpoint (LensEndpointPill *self,
                                               LensEndpoint     *endpoint);

G_END_DECLS
