/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lens-connect-window.h: choose a RivetKit endpoint, with a diagnosis when it fails */

#pragma once

#include <adwaita.h>

#include "rk-client.h"

G_BEGIN_DECLS

#define LENS_TYPE_CONNECT_WINDOW (lens_connect_window_get_type ())

G_DECLARE_FINAL_TYPE (LensConnectWindow, lens_connect_window, LENS, CONNECT_WINDOW, AdwWindow)

GtkWidget  *lens_connect_window_new           (GtkWindow         *parent);
void        lens_connect_window_set_client    (LensConnectWindow *self,
                                               RkClient          *client);
void        lens_connect_window_connect       (LensConnectWindow *self);
const char *lens_connect_window_get_diagnosis (LensConnectWindow *self);

G_END_DECLS
